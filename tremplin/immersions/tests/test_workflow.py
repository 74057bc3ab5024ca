"""The convention's workflow through the test client: draft, limits, signature, validation,
review, cancellation; access logging; concurrent edits."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Section
from tremplin.immersions import actions
from tremplin.immersions.documents import convention_hash
from tremplin.immersions.enums import ImmersionStatus, Party
from tremplin.immersions.models import (
    Immersion,
    ImmersionEvent,
    ImmersionReview,
    ImmersionSignature,
)
from tremplin.immersions.tests.helpers import (
    SIRET,
    form_data,
    make_immersion,
    next_monday,
    signed_immersion,
)
from tremplin.immersions.tests.test_documents_hours import pdf_text

pytestmark = pytest.mark.django_db


def test_counselor_prepares_a_convention_from_the_persons_file(client, login, counselor, person):
    login(client, counselor)
    response = client.get(f"/personnes/{person.pk}/immersions/")
    assert "Pas encore d'immersion" in response.content.decode()
    response = client.post(f"/personnes/{person.pk}/immersions/nouvelle/", form_data())
    immersion = Immersion.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/immersions/{immersion.pk}/"
    assert immersion.status == ImmersionStatus.DRAFT
    assert immersion.weekly_hours == 35
    assert immersion.company_commune_id == "44109"
    assert immersion.structure_id == counselor.memberships.get().structure_id
    page = client.get(f"/immersions/{immersion.pk}/").content.decode()
    assert "Boulangerie du Port" in page and "Brouillon" in page
    assert (
        "Boulangerie du Port" in client.get(f"/personnes/{person.pk}/immersions/").content.decode()
    )


def test_every_read_of_an_immersion_is_logged(client, login, counselor, person):
    immersion = make_immersion(person=person, counselor=counselor)
    login(client, counselor)
    before = AccessLog.objects.filter(section=Section.IMMERSION).count()
    client.get(f"/personnes/{person.pk}/immersions/")
    client.get(f"/immersions/{immersion.pk}/")
    client.get(f"/immersions/{immersion.pk}/convention.pdf")
    assert AccessLog.objects.filter(section=Section.IMMERSION, user=counselor).count() == before + 3


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"ends_on": None, "days": 32}, "ends_on", "32 jours calendaires"),
        ({"hours_sat": "8", "hours_fri": "10", "hours_thu": "10"}, "hours_mon", "49 h par semaine"),
        ({"hours_mon": "11"}, "hours_mon", "10 heures"),
        ({"siret": "12345678901234"}, "siret", "SIRET n'est pas valide"),
        ({"tutor_email": ""}, "tutor_email", "obligatoire"),
        ({"appellation": "zzzzqqq"}, "appellation", "Métier introuvable"),
    ],
)
def test_bad_input_shows_a_french_error_on_the_field_and_saves_nothing(
    client, login, counselor, person, overrides, field, message
):
    overrides = dict(overrides)
    if "days" in overrides:
        start = next_monday()
        overrides.pop("ends_on")
        overrides["ends_on"] = (start + timedelta(days=overrides.pop("days") - 1)).isoformat()
    login(client, counselor)
    response = client.post(f"/personnes/{person.pk}/immersions/nouvelle/", form_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field, [])), errors
    assert Immersion.objects.count() == 0


def test_an_end_before_the_start_is_said_once_on_the_field(client, login, counselor, person):
    start = next_monday()
    login(client, counselor)
    response = client.post(
        f"/personnes/{person.pk}/immersions/nouvelle/",
        form_data(ends_on=(start - timedelta(days=1)).isoformat()),
    )
    form = response.context["form"]
    assert form.errors["ends_on"] == [
        "La date de fin doit être le jour du début ou un jour suivant."
    ]
    assert form.non_field_errors() == []  # never the database constraint's name
    assert Immersion.objects.count() == 0


def test_an_overlapping_immersion_is_refused(client, login, counselor, person):
    first = make_immersion(person=person, counselor=counselor)
    first.status = ImmersionStatus.VALIDATED
    first.save()
    login(client, counselor)
    response = client.post(f"/personnes/{person.pk}/immersions/nouvelle/", form_data())
    assert "ne peuvent pas se chevaucher" in " ".join(response.context["form"].errors["starts_on"])
    assert Immersion.objects.count() == 1


def test_send_then_three_signatures_then_validation_start_and_review(
    client, login, counselor, person, django_capture_on_commit_callbacks
):
    person.email = "ines@exemple.test"
    person.save()
    immersion = make_immersion(person=person, counselor=counselor)
    login(client, counselor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/immersions/{immersion.pk}/envoyer/", {"version": immersion.version})
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.TO_SIGN
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ines@exemple.test", "tuteur@boulangerie.test"]
    # The e-mail names no one but the structure; the content is behind the link.
    assert all(person.last_name not in m.body for m in mail.outbox)
    links = {m.to[0]: m.body.split("http://")[1].split()[0] for m in mail.outbox}
    for email, name in (
        ("ines@exemple.test", "Inès Zwyrtkowska"),
        ("tuteur@boulangerie.test", "Hervé Le Goff"),
    ):
        path = "/" + links[email].split("/", 1)[1]
        page = client.get(path)
        assert page.status_code == 200 and "Boulangerie du Port" in page.content.decode()
        client.post(
            path,
            {
                "signer_name": name,
                "accept": "on",
                "content_sha256": page.context["form"].initial["content_sha256"],
            },
        )
    immersion.refresh_from_db()
    assert {s.party for s in immersion.current_signatures()} == {Party.PERSON, Party.TUTOR}
    response = client.post(
        f"/immersions/{immersion.pk}/signer/",
        {"signer_name": "Camille", "accept": "on", "content_sha256": convention_hash(immersion)},
    )
    assert response.status_code == 302
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.SIGNED
    client.post(f"/immersions/{immersion.pk}/valider/", {"version": immersion.version})
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.VALIDATED and immersion.validated_by == counselor
    # It starts next Monday: not yet in progress.
    client.post(f"/immersions/{immersion.pk}/demarrer/", {"version": immersion.version})
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.VALIDATED
    Immersion.objects.filter(pk=immersion.pk).update(
        starts_on=immersion.starts_on - timedelta(days=7),
        ends_on=immersion.ends_on - timedelta(days=7),
    )
    client.post(f"/immersions/{immersion.pk}/demarrer/", {"version": immersion.version})
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.IN_PROGRESS
    skill = immersion.appellation.fiche.skill_links.first().skill
    response = client.post(
        f"/immersions/{immersion.pk}/bilan/",
        {
            "held_on": immersion.ends_on.isoformat(),
            "tasks_done": "Façonnage des baguettes, vente.",
            "skills_observed": [skill.pk],
            "skills_other": "Ponctualité.",
            "tutor_assessment": "Très motivée, à l'aise avec les clients.",
            "person_opinion": "Le métier me plaît, les horaires de nuit moins.",
            "outcome": "hiring_considered",
        },
    )
    assert response.status_code == 302
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.DONE
    assert list(immersion.review.skills_observed.all()) == [skill]
    steps = list(immersion.events.values_list("status_to", flat=True))
    assert steps[0] == "draft" and steps[-1] == "done" and "validated" in steps


def test_validation_is_refused_until_the_three_parties_signed(client, login, counselor, person):
    person.email = "ines@exemple.test"
    person.save()
    immersion = make_immersion(person=person, counselor=counselor)
    membership = counselor.memberships.get()
    immersion = actions.send_for_signature(immersion=immersion, membership=membership)
    login(client, counselor)
    client.post(f"/immersions/{immersion.pk}/valider/", {"version": immersion.version})
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.TO_SIGN
    assert immersion.validated_at is None


def test_marking_in_progress_is_offered_only_from_the_first_day(client, login, counselor, person):
    immersion = signed_immersion(person=person, counselor=counselor)
    immersion = actions.validate(immersion=immersion, membership=counselor.memberships.get())
    login(client, counselor)
    # It starts next Monday: the step is announced, not offered (the action would refuse it).
    page = html.unescape(client.get(f"/immersions/{immersion.pk}/").content.decode())
    assert f"/immersions/{immersion.pk}/demarrer/" not in page
    assert "Marquer en cours" not in page
    assert f"Pourra être marquée en cours à partir du {immersion.starts_on:%d/%m/%Y}." in page
    Immersion.objects.filter(pk=immersion.pk).update(starts_on=timezone.localdate())
    page = html.unescape(client.get(f"/immersions/{immersion.pk}/").content.decode())
    assert f"/immersions/{immersion.pk}/demarrer/" in page and "Marquer en cours" in page
    assert "Pourra être marquée en cours" not in page
    client.post(f"/immersions/{immersion.pk}/demarrer/", {"version": immersion.version})
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.IN_PROGRESS
    page = html.unescape(client.get(f"/immersions/{immersion.pk}/").content.decode())
    assert "Marquer en cours" not in page and "Pourra être marquée" not in page


def test_send_refuses_a_start_in_the_past(client, login, counselor, person):
    person.email = "ines@exemple.test"
    person.save()
    immersion = make_immersion(person=person, counselor=counselor)
    Immersion.objects.filter(pk=immersion.pk).update(
        starts_on=immersion.starts_on - timedelta(days=14)
    )
    login(client, counselor)
    response = client.post(
        f"/immersions/{immersion.pk}/envoyer/", {"version": immersion.version}, follow=True
    )
    assert "ne peut pas commencer avant aujourd&#x27;hui" in response.content.decode()
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.DRAFT and not mail.outbox


def test_send_refuses_a_convention_without_risks_or_insurance(
    client, login, counselor, person, tmp_path
):
    person.email = "ines@exemple.test"
    person.save()
    immersion = make_immersion(
        person=person, counselor=counselor, risks=" ", liability_insurance=""
    )
    login(client, counselor)
    page = html.unescape(
        client.post(
            f"/immersions/{immersion.pk}/envoyer/", {"version": immersion.version}, follow=True
        ).content.decode()
    )
    assert "Décrivez les risques du poste avec l'entreprise" in page
    assert "Indiquez l'assurance responsabilité civile de l'entreprise d'accueil" in page
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.DRAFT and not mail.outbox
    # The draft's PDF does not claim that there is no risk.
    text = pdf_text(client.get(f"/immersions/{immersion.pk}/convention.pdf").content, tmp_path)
    assert "Aucun risque particulier" not in text and "Non renseigné" in text


def test_cancel_needs_a_reason_and_kills_the_links(client, login, counselor, person):
    person.email = "ines@exemple.test"
    person.save()
    immersion = actions.send_for_signature(
        immersion=make_immersion(person=person, counselor=counselor),
        membership=counselor.memberships.get(),
    )
    token = actions.sign_token(immersion, Party.PERSON)
    login(client, counselor)
    response = client.post(
        f"/immersions/{immersion.pk}/annuler/", {"reason": "", "version": immersion.version}
    )
    assert "Indiquez le motif." in response.content.decode()
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.TO_SIGN
    client.post(
        f"/immersions/{immersion.pk}/annuler/",
        {"reason": "L'entreprise a fermé.", "version": immersion.version},
    )
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.CANCELLED
    assert immersion.closing_reason == "L'entreprise a fermé."
    assert client.get(f"/immersion/signature/{token}/").status_code == 410


def test_a_stale_version_changes_nothing(client, login, counselor, person):
    immersion = make_immersion(person=person, counselor=counselor)
    login(client, counselor)
    response = client.post(
        f"/immersions/{immersion.pk}/annuler/",
        {"reason": "Doublon", "version": immersion.version - 1 if immersion.version > 1 else 99},
    )
    assert "modifiée par quelqu&#x27;un d&#x27;autre" in response.content.decode()
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.DRAFT


def test_concurrent_edits_do_not_overwrite_each_other(client, login, counselor, colleague, person):
    immersion = make_immersion(person=person, counselor=counselor)
    login(client, counselor)
    page = client.get(f"/immersions/{immersion.pk}/modifier/")
    form = page.context["form"]
    loaded = {"version": form["version"].value(), "loaded_state": form["loaded_state"].value()}
    # A colleague saves first.
    other = client.__class__()
    login(other, colleague)
    other_page = other.get(f"/immersions/{immersion.pk}/modifier/")
    other_form = other_page.context["form"]
    other.post(
        f"/immersions/{immersion.pk}/modifier/",
        form_data(
            tutor_name="Anne Riou",
            version=other_form["version"].value(),
            loaded_state=other_form["loaded_state"].value(),
        ),
    )
    response = client.post(
        f"/immersions/{immersion.pk}/modifier/", form_data(tutor_function="Gérant", **loaded)
    )
    assert response.status_code == 200
    assert response.context["form"].conflicts
    immersion.refresh_from_db()
    assert immersion.tutor_name == "Anne Riou" and immersion.tutor_function == "Artisan boulanger"


def test_renewal_beyond_two_months_is_refused_and_within_is_accepted(
    client, login, counselor, person
):
    first = make_immersion(person=person, counselor=counselor, days=30)
    Immersion.objects.filter(pk=first.pk).update(status=ImmersionStatus.IN_PROGRESS)
    login(client, counselor)
    start = first.ends_on + timedelta(days=1)
    response = client.post(
        f"/immersions/{first.pk}/renouveler/",
        # 33 days: more than two calendar months (62 days at most) with the first 30.
        form_data(starts_on=start, ends_on=(start + timedelta(days=32)).isoformat()),
    )
    assert "63 jours avec la première immersion" in " ".join(
        response.context["form"].errors["ends_on"]
    )
    assert Immersion.objects.count() == 1
    response = client.post(
        f"/immersions/{first.pk}/renouveler/",
        # 28 days: within a month whatever the month, and within two months in all.
        form_data(starts_on=start, ends_on=(start + timedelta(days=27)).isoformat()),
    )
    assert response.status_code == 302
    renewal = Immersion.objects.exclude(pk=first.pk).get()
    assert renewal.renews == first
    # A second renewal of the same immersion is refused.
    start2 = renewal.ends_on + timedelta(days=1)
    response = client.post(
        f"/immersions/{first.pk}/renouveler/",
        form_data(starts_on=start2, ends_on=(start2 + timedelta(days=5)).isoformat()),
    )
    assert response.status_code == 200
    assert "ne se renouvelle qu'une fois" in " ".join(response.context["form"].non_field_errors())


def test_signatures_are_kept_with_the_hash_of_what_was_signed(counselor, person):
    immersion = signed_immersion(person=person, counselor=counselor)
    assert immersion.status == ImmersionStatus.SIGNED
    hashes = set(ImmersionSignature.objects.values_list("content_sha256", flat=True))
    assert hashes == {convention_hash(immersion)}
    assert ImmersionEvent.objects.filter(immersion=immersion, status_to="signed").exists()


def test_the_age_at_the_start_decides_the_limits_for_minors(counselor, person):

    start = next_monday()
    person.birth_date = start.replace(year=start.year - 18) + timedelta(days=1)  # 17 at the start
    person.save()
    eight_hours = ["8", "8", "8", "8", "8", "0", "0"]
    with pytest.raises(ValidationError) as refused:
        make_immersion(person=person, counselor=counselor, starts_on=start, schedule=eight_hours)
    assert "moins de 18 ans" in str(refused.value)
    assert Immersion.objects.count() == 0
    # Eighteen on the first day: the adults' limits apply.
    person.birth_date = start.replace(year=start.year - 18)
    person.save()
    make_immersion(person=person, counselor=counselor, starts_on=start, schedule=eight_hours)
    assert Immersion.objects.count() == 1


def test_a_company_of_the_employers_file_prefills_the_host_and_is_linked(
    client, login, counselor, other_counselor, person, structure_a, structure_b, nantes
):
    from tremplin.core.validators import example_siret
    from tremplin.employers.models import Company, CompanyContact

    company = Company.objects.create(
        structure=structure_a,
        name="Garage de l'Erdre",
        siret=example_siret(55),
        naf_id="45.20A",
        address="8 rue de Rennes",
        postal_code="44000",
        commune=nantes,
        created_by=counselor,
    )
    CompanyContact.objects.create(
        company=company,
        first_name="Luc",
        last_name="Martin",
        role="Chef d'atelier",
        phone="0240000001",
        email="luc@garage.test",
    )
    elsewhere = Company.objects.create(
        structure=structure_b,
        name="Entreprise d'une autre structure",
        siret=example_siret(56),
        naf_id="45.20A",
        created_by=other_counselor,
    )
    login(client, counselor)
    url = f"/personnes/{person.pk}/immersions/nouvelle/"
    prefilled = client.get(url, {"entreprise": company.pk})
    form = prefilled.context["form"]
    # The picker above the form still shows the company chosen.
    assert f'<option value="{company.pk}" selected>' in prefilled.content.decode()
    assert form["company_name"].value() == "Garage de l'Erdre"
    assert form["siret"].value() == company.siret and form["naf_code"].value() == "45.20A"
    assert form["tutor_name"].value() == "Luc Martin"
    assert form["tutor_email"].value() == "luc@garage.test"
    assert form["company"].value() == company.pk
    # Another structure's company prefills nothing and is not offered.
    other = client.get(url, {"entreprise": elsewhere.pk})
    assert not other.context["form"]["company_name"].value()
    assert "Entreprise d'une autre structure" not in other.content.decode()
    response = client.post(url, form_data(company=company.pk))
    assert response.status_code == 302
    assert Immersion.objects.get().company == company
    response = client.post(url, form_data(company=elsewhere.pk, starts_on=next_monday(3)))
    assert "company" in response.context["form"].errors
    assert Immersion.objects.count() == 1


def test_steps_that_do_not_apply_explain_why_and_change_nothing(client, login, counselor, person):
    immersion = make_immersion(person=person, counselor=counselor)
    login(client, counselor)
    response = client.post(
        f"/immersions/{immersion.pk}/bilan/",
        {
            "held_on": "2026-12-01",
            "tasks_done": "x",
            "tutor_assessment": "x",
            "person_opinion": "x",
            "outcome": "hired",
        },
    )
    assert "Le bilan se fait pour une immersion en cours" in response.content.decode()
    response = client.post(f"/immersions/{immersion.pk}/refuser/", {"reason": "Non."})
    assert "ne peut plus être refusée" in response.content.decode()
    response = client.get(f"/immersions/{immersion.pk}/signer/")
    assert "envoyée en signature" in response.content.decode()
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.DRAFT
    assert not ImmersionReview.objects.exists() and not ImmersionSignature.objects.exists()


def test_the_persons_immersions_list_takes_a_bounded_number_of_queries(
    client, login, counselor, person, django_assert_max_num_queries
):
    for weeks in range(1, 6):
        make_immersion(person=person, counselor=counselor, starts_on=next_monday(weeks * 5), days=5)
    login(client, counselor)
    client.get(f"/personnes/{person.pk}/immersions/")  # warm the session and caches
    with django_assert_max_num_queries(20):
        response = client.get(f"/personnes/{person.pk}/immersions/")
    assert response.content.decode().count("Boulangerie du Port") == 5


def test_signature_links_stop_as_the_immersion_begins(
    client, counselor, person, django_capture_on_commit_callbacks
):
    person.email = "ines@exemple.test"
    person.save()
    start = next_monday()
    with django_capture_on_commit_callbacks(execute=True):
        immersion = actions.send_for_signature(
            immersion=make_immersion(person=person, counselor=counselor, starts_on=start),
            membership=counselor.memberships.get(),
        )
    # Next Monday is within the 15 days of the links: they stop as that Monday begins (a
    # convention is signed before the immersion starts), and the page and e-mail say so.
    expires = timezone.localtime(immersion.links_expire_at)
    assert (expires.date(), expires.hour, expires.minute) == (start, 0, 0)
    eve = f"{start - timedelta(days=1):%d/%m/%Y} à 23 h 59"
    assert f"valable jusqu'au {eve}, veille du premier jour de l'immersion" in mail.outbox[0].body
    token = actions.sign_token(immersion, Party.PERSON)
    page = html.unescape(client.get(f"/immersion/signature/{token}/").content.decode())
    assert (
        f"Lien valable jusqu'au {eve}, veille du premier jour de l'immersion, qui commence " in page
    )


def test_signature_links_keep_their_15_days_when_the_start_is_further(counselor, person):
    person.email = "ines@exemple.test"
    person.save()
    before = timezone.now()
    immersion = actions.send_for_signature(
        immersion=make_immersion(person=person, counselor=counselor, starts_on=next_monday(4)),
        membership=counselor.memberships.get(),
    )
    assert timedelta(days=15) <= immersion.links_expire_at - before < timedelta(days=15, minutes=1)
    assert not immersion.links_stop_at_start


def test_a_convention_starting_today_is_not_sent(counselor, person):
    person.email = "ines@exemple.test"
    person.save()
    immersion = make_immersion(person=person, counselor=counselor)
    Immersion.objects.filter(pk=immersion.pk).update(starts_on=timezone.localdate())
    immersion.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        actions.send_for_signature(immersion=immersion, membership=counselor.memberships.get())
    assert "la convention se signe avant le premier jour" in str(refused.value)
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.DRAFT and not mail.outbox


def test_a_siret_pasted_with_spaces_is_accepted_and_kept_as_digits(
    client, login, counselor, person
):
    spaced = f"{SIRET[:3]} {SIRET[3:6]} {SIRET[6:9]} {SIRET[9:]}"  # as on an avis Sirene
    login(client, counselor)
    url = f"/personnes/{person.pk}/immersions/nouvelle/"
    assert 'name="siret" maxlength="20"' in client.get(url).content.decode()
    response = client.post(url, form_data(siret=spaced))
    assert response.status_code == 302, response.context["form"].errors
    assert Immersion.objects.get().siret == SIRET


def test_taking_a_companys_details_keeps_what_was_typed(
    client, login, counselor, person, structure_a, nantes
):
    from tremplin.core.validators import example_siret
    from tremplin.employers.models import Company, CompanyContact

    company = Company.objects.create(
        structure=structure_a,
        name="Garage de l'Erdre",
        siret=example_siret(55),
        naf_id="45.20A",
        address="8 rue de Rennes",
        postal_code="44000",
        commune=nantes,
        created_by=counselor,
    )
    CompanyContact.objects.create(
        company=company, first_name="Luc", last_name="Martin", email="luc@garage.test"
    )
    login(client, counselor)
    url = f"/personnes/{person.pk}/immersions/nouvelle/"
    page = client.get(url).content.decode()
    assert 'name="action" value="company"' in page
    typed = {
        "beneficiary_status": "rsa",
        "tasks": "Accueillir les clients, ranger l'atelier.",
        "tutor_name": "Anne Rivière",
        "hours_mon": "7",
        "starts_on": next_monday().isoformat(),
        "entreprise": company.pk,
        "action": "company",
    }
    response = client.post(url, typed)
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound and Immersion.objects.count() == 0
    # The company's details are taken…
    assert form["company_name"].value() == "Garage de l'Erdre"
    assert form["siret"].value() == company.siret and form["company"].value() == company.pk
    # …and nothing typed is lost: a tutor typed by hand is kept, not replaced by the contact.
    assert form["beneficiary_status"].value() == "rsa"
    assert form["tasks"].value() == "Accueillir les clients, ranger l'atelier."
    assert form["tutor_name"].value() == "Anne Rivière" and not form["tutor_email"].value()
    assert form["hours_mon"].value() == "7"
    assert form["starts_on"].value() == typed["starts_on"]
    body = response.content.decode()
    assert f'<option value="{company.pk}" selected>' in body
    assert "Accueillir les clients, ranger l&#x27;atelier." in body
    # Without a tutor typed, the company's contact becomes the tutor.
    response = client.post(url, {**typed, "tutor_name": ""})
    assert response.context["form"]["tutor_name"].value() == "Luc Martin"
    assert response.context["form"]["tutor_email"].value() == "luc@garage.test"
