"""In-job follow-up: from a hire to the situation at six months, through the test client."""

import html
import re
import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.employment import actions
from tremplin.employment.models import CheckIn, Employment, MediationNote
from tremplin.matching import proposals as workflow
from tremplin.matching.tests.test_sources import candidate, offer  # noqa: F401  (fixture)
from tremplin.practice.workload import team_workload

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def counselor_client(client, login, counselor, settings):
    settings.TREMPLIN_BASE_URL = "http://testserver"
    return login(client, counselor)


@pytest.fixture
def hired(structure_a, counselor, offer, nantes):  # noqa: F811
    """A person proposed for the offer and hired."""
    person = candidate(structure_a, counselor, nantes, first_name="Sarah", last_name="Lemaire")
    proposal = workflow.propose(offer=offer, person=person, membership=counselor.memberships.get())
    workflow.answer(proposal=proposal, outcome="hired", by=counselor)
    proposal.refresh_from_db()
    return proposal


def job_data(**overrides) -> dict:
    data = {
        "referent": "",
        "employer_name": "Boulangerie du Port",
        "job_title": "Boulangère",
        "appellation": "",
        "contract_type": "cdi",
        "starts_on": timezone.localdate().isoformat(),
        "contract_ends_on": "",
        "trial_ends_on": "",
        "weekly_hours": "35",
        "tutor_name": "Hervé Le Goff",
        "tutor_role": "Artisan boulanger",
        "tutor_phone": "02 40 00 00 00",
        "tutor_email": "tuteur@boulangerie.test",
        "plan_welcome": "Accueil par le gérant à 6 h, visite du fournil, remise de la tenue.",
        "plan_training": "Deux semaines en binôme avec le tuteur.",
        "plan_support": "Points à 15 jours, 1 et 3 mois ; aide au permis en cours.",
        "plan_vigilance": "Horaires matinaux, trajet en bus de nuit.",
        "plan_agreed_on": timezone.localdate().isoformat(),
        "plan_agreed_with": "la personne et M. Le Goff",
        "schedule": "15 jours, 1 mois, 3 mois, 6 mois",
    }
    data.update(overrides)
    return data


def start(person, counselor, **fields) -> Employment:
    membership = counselor.memberships.get()
    values = {
        "employer_name": "Boulangerie du Port",
        "job_title": "Boulangère",
        "contract_type": "cdi",
        "starts_on": timezone.localdate(),
    }
    values.update(fields)
    employment = Employment(person=person, referent=counselor, **values)
    return actions.start(employment=employment, membership=membership, steps="15 jours, 1 mois")


def test_a_hire_from_a_proposal_opens_the_follow_up_with_its_check_ins_as_tasks(
    counselor_client, counselor, hired
):
    person = hired.person
    # The proposal page leads to the follow-up; the form is prefilled from the offer.
    page = text(counselor_client.get(f"/mises-en-relation/{hired.pk}/"))
    create = f"/personnes/{person.pk}/emploi/embauche/?mise-en-relation={hired.pk}"
    assert "Ouvrir le suivi dans l'emploi" in page and f'href="{create}"' in page
    form = text(counselor_client.get(create))
    assert 'value="Boulanger / Boulangère"' in form and 'value="Boulangerie du Port"' in form
    starts = timezone.localdate() - timedelta(days=20)
    response = counselor_client.post(
        create, job_data(referent=counselor.pk, starts_on=starts.isoformat())
    )
    employment = Employment.objects.get()
    assert response.url == f"/emplois/{employment.pk}/"
    assert employment.proposal == hired and employment.structure_id == hired.structure_id
    assert employment.schedule == "15 jours, 1 mois, 3 mois, 6 mois"
    due = [(c.step, c.due_on, c.assignee) for c in employment.check_ins.all()]
    assert due[0] == ("15 jours", starts + timedelta(days=15), counselor)
    assert [d[0] for d in due] == ["15 jours", "1 mois", "3 mois", "6 mois"]
    # The first check-in is late: it is on the counselor's list, in the workload and caseload.
    todo = text(counselor_client.get("/suivi-dans-l-emploi/"))
    late = todo.split("Points de suivi en retard")[1].split("Points de suivi des 30")[0]
    assert "LEMAIRE Sarah" in late and "15 jours" in late
    assert "1 mois" in todo.split("Points de suivi des 30 prochains jours")[1]
    (row,) = team_workload(employment.structure_id, user_ids=[counselor.pk])
    assert row.late_check_ins == 1
    caseload = text(counselor_client.get("/personnes/"))
    assert "Suivi dans l'emploi" in caseload
    # The proposal now links to the follow-up; opening a second one is refused.
    assert "voir le suivi dans l'emploi" in text(
        counselor_client.get(f"/mises-en-relation/{hired.pk}/")
    )
    again = counselor_client.post(create, job_data(referent=counselor.pk))
    assert "déjà ouvert" in text(again) and Employment.objects.count() == 1
    # Reading the follow-up is logged in the employment section.
    counselor_client.get(f"/emplois/{employment.pk}/")
    assert AccessLog.objects.filter(person_id=person.pk, section="employment").exists()


def test_the_hire_form_takes_the_offers_start_end_title_and_hours(
    counselor_client, counselor, hired
):
    from datetime import date
    from decimal import Decimal

    from tremplin.employment.views import add_months, job_title_of_offer

    job_offer = hired.offer
    start_on = timezone.localdate() + timedelta(days=10)
    type(job_offer).objects.filter(pk=job_offer.pk).update(
        start_on=start_on,
        contract_type="cdd",
        contract_months=6,
        weekly_hours=Decimal("35.0"),
        title="Boulanger / Boulangère H/F",
    )
    create = f"/personnes/{hired.person.pk}/emploi/embauche/?mise-en-relation={hired.pk}"
    form = counselor_client.get(create).context["form"]
    assert form["starts_on"].value() == start_on
    assert form["contract_ends_on"].value() == add_months(start_on, 6) - timedelta(days=1)
    assert form["job_title"].value() == "Boulanger / Boulangère"
    assert form["weekly_hours"].value() == "35"
    page = text(counselor_client.get(create))
    assert 'value="35"' in page and "35.0" not in page
    # A start already past is not proposed: today is.
    type(job_offer).objects.filter(pk=job_offer.pk).update(
        start_on=timezone.localdate() - timedelta(days=3), weekly_hours=Decimal("24.5")
    )
    form = counselor_client.get(create).context["form"]
    assert form["starts_on"].value() == timezone.localdate()
    assert form["weekly_hours"].value() == "24.5"
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert job_title_of_offer("Agent d'entretien (F/H)") == "Agent d'entretien"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"contract_ends_on": "2027-06-30"}, "Un CDI n'a pas de date de fin"),
        ({"schedule": "un mois"}, "n'est pas compris"),
        ({"starts_on": "2024-01-02"}, "plus d'un an"),
        ({"weekly_hours": "60"}, "de 1 à 48 heures"),
        ({"contract_type": "cdd", "contract_ends_on": "2020-01-01"}, "ne peut précéder"),
    ],
)
def test_bad_input_on_the_hire_gets_a_french_error_and_creates_nothing(
    counselor_client, counselor, person, overrides, message
):
    response = counselor_client.post(
        f"/personnes/{person.pk}/emploi/embauche/", job_data(referent=counselor.pk, **overrides)
    )
    assert response.status_code == 200 and message in text(response)
    assert not Employment.objects.exists() and not CheckIn.objects.exists()


def test_a_proposal_not_yet_hired_cannot_open_a_follow_up(
    counselor,
    structure_a,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes)
    proposal = workflow.propose(offer=offer, person=person, membership=counselor.memberships.get())
    employment = Employment(
        person=person,
        referent=counselor,
        proposal=proposal,
        employer_name="Boulangerie du Port",
        job_title="Boulanger",
        contract_type="cdi",
        starts_on=timezone.localdate(),
    )
    with pytest.raises(Exception, match="embauchée"):
        actions.start(employment=employment, membership=counselor.memberships.get(), steps="1 mois")
    assert not Employment.objects.exists()


def test_a_check_in_is_recorded_once_and_a_high_risk_alerts_the_referent(
    client, login, counselor, colleague, person, django_capture_on_commit_callbacks
):
    # The colleague follows the job; the counselor is the person's référent.
    employment = start(person, colleague, starts_on=timezone.localdate() - timedelta(days=16))
    point = employment.check_ins.first()
    url = f"/emplois/{employment.pk}/points/{point.pk}/"
    colleague_client = login(client, colleague)
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    base = {
        "done_on": timezone.localdate().isoformat(),
        "channel": "workplace",
        "with_person": "on",
        "with_employer": "on",
        "integration": "fair",
        "tasks": "good",
        "person_view": "Elle se sent bien dans l'équipe mais les horaires de 5 h l'épuisent.",
        "employer_view": "Travail soigné, deux retards.",
        "next_steps": "Voir le planning avec le gérant.",
        "risk": "high",
    }
    refused = colleague_client.post(url, {**base, "done_on": future})
    assert "une fois fait" in text(refused)
    refused = colleague_client.post(url, {**base, "with_person": "", "with_employer": ""})
    assert "avec qui" in text(refused)
    point.refresh_from_db()
    assert point.done_on is None
    with django_capture_on_commit_callbacks(execute=True):
        response = colleague_client.post(url, base)
    assert response.status_code == 302
    point.refresh_from_db()
    employment.refresh_from_db()
    assert point.done_by == colleague and point.risk == "high"
    assert employment.at_risk and "15 jours" in employment.risk_reason
    (sent,) = mail.outbox
    assert sent.to == [person.follows.get().referent.email]
    assert person.last_name not in sent.body and "Boulangerie" not in sent.body
    # Done once: a second recording is refused with who did it.
    assert "déjà fait" in text(colleague_client.post(url, base, follow=True))
    page = text(colleague_client.get(f"/emplois/{employment.pk}/"))
    assert "Risque de rupture signalé" in page and "les horaires de 5 h" in page


def test_mediation_raises_then_clears_the_risk_and_stale_pages_are_refused(
    counselor_client, counselor, person
):
    employment = start(person, counselor)
    url = f"/emplois/{employment.pk}/mediation/"
    empty = counselor_client.post(
        url, {"held_on": timezone.localdate().isoformat(), "topic": "schedule", "facts": "x"}
    )
    assert "Indiquez avec qui" in text(empty) and not MediationNote.objects.exists()
    counselor_client.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "topic": "schedule",
            "parties": ["person", "employer"],
            "facts": "Retards répétés le lundi : le bus de 5 h ne passe plus.",
            "agreed": "Prise de poste à 6 h le lundi pendant un mois.",
            "raise_risk": "on",
        },
    )
    employment.refresh_from_db()
    assert employment.at_risk and MediationNote.objects.count() == 1
    detail = f"/emplois/{employment.pk}/"
    # Every form of the page has its own ids: each « note » field keeps its own label.
    page = counselor_client.get(detail).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert 'for="id_clear_risk_note"' in page and 'id="id_clear_risk_note"' in page
    stale = counselor_client.post(
        detail, {"action": "clear_risk", "note": "Planning adapté.", "version": "1"}
    )
    assert "vient d'être modifié" in text(stale)
    counselor_client.post(
        detail,
        {"action": "clear_risk", "note": "Planning adapté.", "version": str(employment.version)},
    )
    employment.refresh_from_db()
    assert not employment.at_risk and MediationNote.objects.count() == 1
    assert employment.risk_cleared_note == "Planning adapté."
    assert "Un risque de rupture a été levé" in text(counselor_client.get(detail))


def test_the_end_of_the_job_cancels_later_check_ins_and_the_six_month_outcome_closes_it(
    counselor_client, counselor, person
):
    employment = start(person, counselor, starts_on=timezone.localdate() - timedelta(days=200))
    detail = f"/emplois/{employment.pk}/"
    ended = timezone.localdate() - timedelta(days=180)
    counselor_client.post(
        detail,
        {
            "action": "end",
            "ended_on": ended.isoformat(),
            "reason": "trial_person",
            "note": "",
            "version": str(employment.version),
        },
    )
    employment.refresh_from_db()
    assert employment.status == "ended" and employment.ended_on == ended
    # Neither the late one nor the next will be done in this job any more.
    assert [c.cancelled for c in employment.check_ins.all()] == [True, True]
    refused = counselor_client.post(
        detail,
        {"action": "outcome", "outcome": "same_employer", "version": str(employment.version)},
    )
    assert "noté terminé" in text(refused)
    counselor_client.post(
        detail,
        {
            "action": "outcome",
            "outcome": "other_employer",
            "note": "CDD de 8 mois en grande surface.",
            "version": str(employment.version),
        },
    )
    employment.refresh_from_db()
    assert employment.status == "closed" and employment.outcome == "other_employer"
    assert not employment.check_ins.pending().exists()


def test_the_six_month_outcome_waits_for_six_months(counselor_client, counselor, person):
    employment = start(person, counselor, starts_on=timezone.localdate() - timedelta(days=30))
    with pytest.raises(Exception, match="à partir du"):
        actions.record_outcome(
            employment=employment, by=counselor, outcome="same_employer", note=""
        )
    page = text(counselor_client.get(f"/emplois/{employment.pk}/"))
    assert "Situation à 6 mois" not in page
    response = counselor_client.post(
        f"/emplois/{employment.pk}/",
        {"action": "outcome", "outcome": "same_employer", "version": str(employment.version)},
    )
    assert response.status_code == 404
    employment.refresh_from_db()
    assert employment.outcome == ""


def test_plan_and_integration_review_are_real_documents(
    counselor_client, counselor, person, tmp_path
):
    employment = start(person, counselor, tutor_name="Hervé Le Goff", plan_welcome="Accueil à 6 h.")
    detail = f"/emplois/{employment.pk}/"
    contact = {
        "action": "contact",
        "kind": "occupational_health",
        "name": "Dr Morel",
        "role": "Service de santé au travail de l'estuaire",
        "phone": "",
        "email": "",
        "note": "Étude du poste (port de charges).",
    }
    assert "téléphone ou un e-mail" in text(counselor_client.post(detail, contact))
    assert not employment.contacts.exists()
    counselor_client.post(detail, {**contact, "phone": "02 40 11 22 33"})
    assert employment.contacts.get().name == "Dr Morel"
    plan = counselor_client.get(f"/emplois/{employment.pk}/plan-integration.pdf")
    assert plan["Content-Type"] == "application/pdf"
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(plan.content)
    content = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Plan d'intégration dans l'emploi" in content and "Accueil à 6 h." in content
    assert "Hervé Le Goff" in content and "Dr Morel" in content
    review_url = f"/emplois/{employment.pk}/bilan/"
    future = counselor_client.post(
        review_url,
        {
            "held_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "skills_acquired": "x",
            "continuation": "confirmed",
        },
    )
    assert "une fois fait" in text(future)
    counselor_client.post(
        review_url,
        {
            "held_on": timezone.localdate().isoformat(),
            "with_person": "on",
            "with_employer": "on",
            "skills_acquired": "Façonnage des baguettes, cuisson, hygiène HACCP.",
            "employer_assessment": "Fiable et soigneuse.",
            "person_assessment": "Contente, veut passer le CAP.",
            "to_consolidate": "Rythme en période de fêtes.",
            "training_needs": "CAP boulanger en VAE.",
            "continuation": "confirmed",
        },
    )
    report = counselor_client.get(f"/emplois/{employment.pk}/bilan-integration.docx")
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf.write_bytes(counselor_client.get(f"/emplois/{employment.pk}/bilan-integration.pdf").content)
    content = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Bilan d'intégration dans l'emploi" in content and "CAP boulanger en VAE" in content


def test_who_sees_the_follow_up(client, login, cast, person):
    employment = start(person, cast["counselor"])
    detail = f"/emplois/{employment.pk}/"
    for name, status in [
        ("counselor", 200),
        ("colleague", 200),
        ("manager", 200),
        ("reception", 404),
        ("employer_liaison", 404),
        ("other_counselor", 404),
        ("partner", 404),
    ]:
        assert login(client, cast[name]).get(detail).status_code == status, name
        client.logout()
    # The tab is not shown to roles that do not see the section.
    tabs = text(login(client, cast["employer_liaison"]).get(f"/personnes/{person.pk}/"))
    assert "/emploi/" not in tabs


def test_the_structure_sets_its_usual_schedule(client, login, structure_admin, counselor, person):
    admin = login(client, structure_admin)
    bad = admin.post("/equipe/suivi-dans-l-emploi/", {"steps": "souvent"})
    assert "n'est pas compris" in text(bad)
    admin.post("/equipe/suivi-dans-l-emploi/", {"steps": "3 mois, 2 semaines"})
    client.logout()
    form = text(login(client, counselor).get(f"/personnes/{person.pk}/emploi/embauche/"))
    assert 'value="2 semaines, 3 mois"' in form


def test_the_lists_and_settings_answer_only_the_roles_that_use_them(client, login, cast):
    for name, to_do, settings in [
        ("counselor", 200, 403),
        ("manager", 200, 200),
        ("structure_admin", 403, 200),
        ("reception", 403, 403),
        ("employer_liaison", 403, 403),
    ]:
        user_client = login(client, cast[name])
        assert user_client.get("/suivi-dans-l-emploi/").status_code == to_do, name
        assert user_client.get("/equipe/suivi-dans-l-emploi/").status_code == settings, name
        client.logout()


def test_the_tutor_gives_their_view_through_a_signed_link_once(
    counselor_client, counselor, person, django_capture_on_commit_callbacks
):
    from django.test import Client

    from tremplin.employment.models import TutorFeedback

    employment = start(person, counselor, starts_on=timezone.localdate() - timedelta(days=10))
    point = employment.check_ins.first()
    ask = f"/emplois/{employment.pk}/points/{point.pk}/avis-tuteur/"
    no_email = counselor_client.post(ask, follow=True)
    assert "e-mail du tuteur" in text(no_email) and not TutorFeedback.objects.exists()
    Employment.objects.filter(pk=employment.pk).update(tutor_email="tuteur@boulangerie.test")
    with django_capture_on_commit_callbacks(execute=True):
        counselor_client.post(ask)
    (sent,) = mail.outbox
    assert sent.to == ["tuteur@boulangerie.test"]
    assert person.last_name not in sent.body and person.first_name not in sent.body
    path = re.search(r"http://testserver(/suivi-emploi/avis/\S+/)", sent.body).group(1)
    tutor = Client()
    response = tutor.get(path)
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = text(response)
    assert f"{person.first_name} {person.last_name[0].upper()}." in page
    assert person.last_name not in page
    assert AccessLog.objects.filter(person_id=person.pk, channel="link").exists()
    assert tutor.get(path[:-4] + "xyz/").status_code == 410
    refused = tutor.post(path, {"integration": "good", "tasks": "fair"})
    assert "Ce champ est obligatoire" in text(refused) or "Indiquez votre nom" in text(refused)
    assert not TutorFeedback.objects.get().is_answered
    with django_capture_on_commit_callbacks(execute=True):
        done = tutor.post(
            path,
            {
                "by_name": "Hervé Le Goff",
                "integration": "good",
                "tasks": "fair",
                "comment": "Très ponctuelle, encore lente au façonnage.",
            },
        )
    assert "votre avis est enregistré" in text(done)
    assert mail.outbox[-1].to == [counselor.email]
    assert tutor.get(path).status_code == 410  # answered once: the link is closed
    form = text(counselor_client.get(f"/emplois/{employment.pk}/points/{point.pk}/"))
    assert "L'avis de Hervé Le Goff" in form and "encore lente au façonnage" in form
    again = counselor_client.post(ask, follow=True)
    assert "déjà donné son avis" in text(again)


def test_moving_the_first_day_or_the_follow_up_counselor_moves_the_pending_tasks(
    counselor_client, counselor, colleague, person
):
    started = timezone.localdate() - timedelta(days=20)
    employment = start(person, counselor, starts_on=started)
    done = employment.check_ins.first()
    actions.complete_check_in(
        check_in=done,
        by=counselor,
        data={
            "done_on": timezone.localdate(),
            "channel": "phone",
            "with_person": True,
            "integration": "good",
            "tasks": "good",
            "risk": "none",
        },
    )
    page = counselor_client.get(f"/emplois/{employment.pk}/modifier/")
    form = page.context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    later = started + timedelta(days=10)
    data.update(starts_on=later.isoformat(), referent=colleague.pk)
    counselor_client.post(f"/emplois/{employment.pk}/modifier/", data)
    points = {c.step: c for c in employment.check_ins.all()}
    from tremplin.employment.schedule import parse

    assert points["1 mois"].due_on == parse("1 mois")[0].due_on(later)
    assert points["1 mois"].assignee == colleague
    # What was done stays as it was.
    assert points["15 jours"].due_on == started + timedelta(days=15)
    assert points["15 jours"].assignee == counselor


def test_what_would_leave_the_follow_up_inconsistent_is_refused(counselor, person):
    employment = start(person, counselor, starts_on=timezone.localdate() - timedelta(days=200))
    # Still in the job: « en recherche d'emploi » at six months needs the end recorded first.
    with pytest.raises(Exception, match="toujours noté en cours"):
        actions.record_outcome(employment=employment, by=counselor, outcome="job_seeking", note="")
    # The same hire twice (a double click) is refused.
    with pytest.raises(Exception, match="déjà notée"):
        start(person, counselor, starts_on=employment.starts_on)
    # A page loaded before another change is out of date.
    with pytest.raises(Exception, match="vient d'être modifié"):
        actions.end(
            employment=employment,
            ended_on=timezone.localdate(),
            reason="term",
            note="",
            version=employment.version + 1,
        )
    actions.end(employment=employment, ended_on=timezone.localdate(), reason="resignation", note="")
    # An ended job takes no risk flag, even from a check-in recorded afterwards.
    assert not Employment.objects.get(pk=employment.pk).at_risk
    with pytest.raises(Exception, match="plus en cours"):
        actions.flag_risk(employment=employment, by=counselor, reason="Conflit.")


def test_stale_or_foreign_posts_change_nothing(counselor_client, counselor, person, structure_a):
    one = start(person, counselor)
    other = start(person, counselor, employer_name="Atlantique Propreté")
    foreign = other.check_ins.first()
    assert counselor_client.get(f"/emplois/{one.pk}/points/{foreign.pk}/").status_code == 404
    # No version in the form: treated as an out-of-date page.
    response = counselor_client.post(
        f"/emplois/{one.pk}/", {"action": "risk", "reason": "Absences répétées."}
    )
    assert "vient d'être modifié" in text(response)
    one.refresh_from_db()
    assert not one.at_risk


def test_a_schedule_has_at_most_twelve_steps():
    from django.core.exceptions import ValidationError

    from tremplin.employment import schedule

    with pytest.raises(ValidationError, match="12 au plus"):
        schedule.parse(", ".join(f"{n} jours" for n in range(1, 51)))


def check_in_data(**overrides) -> dict:
    data = {
        "done_on": timezone.localdate().isoformat(),
        "channel": "workplace",
        "with_person": "on",
        "with_employer": "on",
        "integration": "good",
        "tasks": "good",
        "person_view": "Le planning adapté lui convient.",
        "employer_view": "Plus aucun retard.",
        "next_steps": "",
        "risk": "none",
    }
    data.update(overrides)
    return data


def test_a_check_in_with_no_risk_lifts_the_risk_flagged_before(counselor_client, counselor, person):
    employment = start(person, counselor, starts_on=timezone.localdate() - timedelta(days=16))
    actions.flag_risk(employment=employment, by=counselor, reason="Retards répétés le lundi.")
    Employment.objects.filter(pk=employment.pk).update(
        risk_raised_at=timezone.now() - timedelta(days=3)
    )
    first, second = employment.check_ins.all()
    url = f"/emplois/{employment.pk}/points/{first.pk}/"
    form_page = text(counselor_client.get(url))
    assert "Un risque de rupture est signalé pour cet emploi" in form_page
    # A check-in held before the risk was raised says nothing about it: the risk stays.
    counselor_client.post(
        url, check_in_data(done_on=(timezone.localdate() - timedelta(days=5)).isoformat())
    )
    employment.refresh_from_db()
    assert employment.at_risk
    response = counselor_client.post(
        f"/emplois/{employment.pk}/points/{second.pk}/",
        check_in_data(done_on=(timezone.localdate() - timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 302
    employment.refresh_from_db()
    assert not employment.at_risk
    assert employment.risk_cleared_by == counselor and employment.risk_cleared_at
    assert "pas de risque de rupture repéré" in employment.risk_cleared_note
    page = text(counselor_client.get(f"/emplois/{employment.pk}/"))
    assert "Risque de rupture signalé" not in page
    assert f"Un risque de rupture a été levé le {timezone.localdate():%d/%m/%Y}" in page
    assert f"par {counselor.full_name} : Point de suivi à 1 mois" in page
    # The lifting stays in the employment's history.
    assert employment.history.filter(at_risk=True).exists()


def test_every_error_of_the_check_in_form_shows_at_once(counselor_client, counselor, person):
    employment = start(person, counselor, starts_on=timezone.localdate() - timedelta(days=16))
    point = employment.check_ins.first()
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = counselor_client.post(
        f"/emplois/{employment.pk}/points/{point.pk}/",
        check_in_data(done_on=future, channel="", integration="", with_person="", with_employer=""),
    )
    page = text(response)
    assert "une fois fait" in page and "avec qui" in page
    assert page.count("Ce champ est obligatoire.") == 2  # channel, integration
    point.refresh_from_db()
    assert point.done_on is None


def test_without_the_tutors_email_the_check_in_says_how_to_ask_their_view(
    counselor_client, counselor, person
):
    employment = start(person, counselor)
    point = employment.check_ins.first()
    page = text(counselor_client.get(f"/emplois/{employment.pk}/points/{point.pk}/"))
    assert "Ajoutez l'e-mail du tuteur ou de la tutrice" in page
    assert f'href="/emplois/{employment.pk}/modifier/#id_tutor_email"' in page
    employment.tutor_email = "tuteur@boulangerie.test"
    employment.save()
    page = text(counselor_client.get(f"/emplois/{employment.pk}/points/{point.pk}/"))
    assert "Ajoutez l'e-mail du tuteur" not in page
    assert "Demander l'avis du tuteur ou de la tutrice" in page


def test_a_six_month_situation_past_due_is_marked_late(counselor_client, counselor, person):
    today = timezone.localdate()
    start(person, counselor, starts_on=today - timedelta(days=200))
    page = text(counselor_client.get("/suivi-dans-l-emploi/"))
    outcomes = page.split('id="h-outcomes"')[1]
    assert "Boulangère chez Boulangerie du Port" in outcomes
    assert '<span class="badge text-bg-warning">en retard</span>' in outcomes
    due_today = next(
        (
            today - timedelta(days=d)
            for d in range(175, 190)
            if Employment(starts_on=today - timedelta(days=d)).six_months_on == today
        ),
        None,
    )
    assert due_today is not None or today.day > 28  # no such start on 29-31 some months
    if due_today is not None:
        other = start(person, counselor, starts_on=due_today, employer_name="Fournil Est")
        assert other.outcome_due and not other.is_outcome_overdue


def test_an_application_marked_hired_leads_to_the_hire_prefilled(
    counselor_client, counselor, person
):
    from datetime import date

    from tremplin.projects.models import Application

    application = Application.objects.create(
        person=person,
        structure=counselor.memberships.get().structure,
        offer_title="Préparateur de commandes",
        company="Entrepôt Ouest",
        applied_on=date(2026, 11, 2),
        channel="offer",
        status="hired",
    )
    page = text(counselor_client.get(f"/personnes/{person.pk}/projet/"))
    create = f"/personnes/{person.pk}/emploi/embauche/?candidature={application.pk}"
    assert f'href="{create}"' in page and "Noter l'embauche" in page
    form = text(counselor_client.get(create))
    assert 'value="Entrepôt Ouest"' in form and 'value="Préparateur de commandes"' in form
    # Only an application of this person, marked « Embauche ».
    application.status = "interview"
    application.save()
    assert counselor_client.get(create).status_code == 404
