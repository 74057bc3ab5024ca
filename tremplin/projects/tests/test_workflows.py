"""The professional project through the test client: target jobs, decisions, inventory,
trainings, applications, and the health part kept to those who may read it."""

from datetime import date

import pytest
from django.test import Client

from tremplin.audit.models import AccessLog
from tremplin.projects.models import (
    Application,
    Experience,
    PersonSkill,
    RealityCheck,
    TargetJob,
    TargetJobDecision,
    TargetJobHealth,
    Training,
)
from tremplin.projects.tests.conftest import PREPARATEUR
from tremplin.referentials.models import RomeAppellation, RomeSkill

pytestmark = pytest.mark.django_db


def errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_counselor_adds_a_target_job_chosen_in_the_rome(client, login, counselor, person):
    login(client, counselor)
    label = RomeAppellation.objects.get(pk=PREPARATEUR).display_with_code
    response = client.post(
        f"/personnes/{person.pk}/projet/metiers/nouveau/",
        {
            "appellation": label,
            "why": "Travailler en équipe, horaires de jour.",
            "contract_types": ["cdi", "interim"],
            "weekly_hours": "35",
            "decision": "explore",
            "decided_on": "2026-11-02",
            "note": "Vu au forum de l'emploi.",
        },
    )
    target = TargetJob.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == f"/projet/metiers/{target.pk}/"
    assert target.appellation_id == PREPARATEUR and target.contract_types == ["cdi", "interim"]
    decision = target.decisions.get()
    assert (decision.decision, decision.decided_on) == ("explore", date(2026, 11, 2))
    page = client.get(f"/projet/metiers/{target.pk}/").content.decode()
    assert "Préparateur / Préparatrice de commandes" in page
    assert "Métiers proches suggérés par le ROME" in page and "<li>N" in page
    assert AccessLog.objects.filter(person_id=person.pk, section="project").exists()
    # A related job suggested by the ROME is one click from the project, prefilled.
    related = client.get(f"/projet/metiers/{target.pk}/").context["related"][0]
    assert related.main_appellation is not None
    form = client.get(
        f"/personnes/{person.pk}/projet/metiers/nouveau/",
        {"appellation": related.main_appellation.code},
    ).context["form"]
    assert form["appellation"].value() == related.main_appellation.display_with_code
    # The same job twice: a French error on the field, nothing saved.
    response = client.post(
        f"/personnes/{person.pk}/projet/metiers/nouveau/",
        {"appellation": label, "decision": "explore", "decided_on": "2026-11-03"},
    )
    assert errors(response, "appellation") == ["Ce métier fait déjà partie du projet."]
    assert TargetJob.objects.count() == 1 and TargetJobDecision.objects.count() == 1


def test_a_target_job_needs_the_date_of_its_decision(client, login, counselor, person):
    login(client, counselor)
    response = client.post(
        f"/personnes/{person.pk}/projet/metiers/nouveau/",
        {"appellation": "aide-soignant", "decision": "confirm", "decided_on": ""},
    )
    assert errors(response, "decided_on") == ["Indiquez la date de la décision."]
    assert not TargetJob.objects.exists()


def test_decisions_are_kept_in_order_and_need_a_date(client, login, counselor, target):
    login(client, counselor)
    url = f"/projet/metiers/{target.pk}/decision/"
    response = client.post(url, {"decision": "confirm", "decided_on": ""})
    assert errors(response, "decided_on") == ["Indiquez la date de la décision."]
    response = client.post(url, {"decision": "confirm", "decided_on": "2026-09-01"})
    assert "précéder la précédente" in errors(response, "decided_on")[0]
    target.refresh_from_db()
    assert target.decision == "explore" and target.decisions.count() == 1
    response = client.post(
        url, {"decision": "confirm", "decided_on": "2026-11-10", "note": "Enquête concluante."}
    )
    assert response.status_code == 302
    client.post(url, {"decision": "drop", "decided_on": "2026-11-20", "note": "Port de charges."})
    target.refresh_from_db()
    assert (target.decision, target.decided_on) == ("drop", date(2026, 11, 20))
    assert list(target.decisions.values_list("decision", flat=True)) == [
        "drop",
        "confirm",
        "explore",
    ]
    assert TargetJob.objects.for_matching().count() == 0


def test_skills_held_and_to_acquire_come_from_the_fiche(client, login, counselor, target):
    login(client, counselor)
    fiche_skills = list(RomeSkill.objects.filter(fiche_links__fiche_id="J1501")[:3])
    foreign = RomeSkill.objects.exclude(fiche_links__fiche_id="J1501").first()
    url = f"/projet/metiers/{target.pk}/competences/"
    short = client.get(url).context["form"].fields["skills_held"].queryset
    assert set(short) == set(
        RomeSkill.objects.filter(fiche_links__fiche_id="J1501", fiche_links__is_core=True)
    )
    form = client.get(url, {"toutes": "1"}).context["form"]
    assert (
        form.fields["skills_held"].queryset.count()
        == RomeSkill.objects.filter(fiche_links__fiche_id="J1501").count()
        > short.count()
    )
    base = {"version": target.version, "loaded_state": form["loaded_state"].value()}
    response = client.post(url, {**base, "skills_held": [foreign.pk]})
    assert errors(response, "skills_held")
    response = client.post(
        url,
        {**base, "skills_held": [fiche_skills[0].pk], "skills_to_acquire": [fiche_skills[0].pk]},
    )
    assert "à la fois acquise et à acquérir" in errors(response, "skills_to_acquire")[0]
    assert not target.skills_held.exists()
    response = client.post(
        url,
        {
            **base,
            "skills_held": [fiche_skills[0].pk],
            "skills_to_acquire": [s.pk for s in fiche_skills[1:]],
        },
    )
    assert response.status_code == 302
    assert list(target.skills_held.all()) == [fiche_skills[0]]
    assert target.skills_to_acquire.count() == 2
    # The short list keeps what is ticked, core or not.
    short = client.get(url).context["form"].fields["skills_held"].queryset
    assert set(fiche_skills) <= set(short)


def test_health_restrictions_are_seen_only_by_who_may_read_health(
    client, login, counselor, colleague, reception, target
):
    login(client, counselor)  # the référent
    secret = "Pas de port de charges lourdes (dos)"
    response = client.post(f"/projet/metiers/{target.pk}/sante/", {"restrictions": secret})
    assert response.status_code == 302
    assert TargetJobHealth.objects.get(target_job=target).restrictions == secret
    assert secret in client.get(f"/projet/metiers/{target.pk}/").content.decode()
    assert AccessLog.objects.filter(user=counselor, section="health").exists()

    colleague_client = login(Client(), colleague)  # same structure, not the référent
    page = colleague_client.get(f"/projet/metiers/{target.pk}/")
    assert page.status_code == 200 and secret not in page.content.decode()
    assert "Restrictions de santé" not in page.content.decode()
    assert colleague_client.get(f"/projet/metiers/{target.pk}/sante/").status_code == 404
    assert not AccessLog.objects.filter(user=colleague, section="health").exists()

    reception_client = login(Client(), reception)
    assert reception_client.get(f"/personnes/{target.person_id}/projet/").status_code == 404
    assert reception_client.get(f"/projet/metiers/{target.pk}/").status_code == 404


def test_an_experience_ending_before_it_starts_is_refused(client, login, counselor, person):
    login(client, counselor)
    url = f"/personnes/{person.pk}/projet/experiences/"
    data = {
        "kind": "job",
        "job_title": "Agent de service hospitalier",
        "employer": "EHPAD Les Glycines",
        "started_on": "2024-05-01",
        "ended_on": "2023-06-30",
    }
    response = client.post(url, data)
    assert errors(response, "ended_on") == [
        "La fin de l'expérience ne peut pas précéder son début."
    ]
    assert not Experience.objects.exists()
    response = client.post(url, {**data, "ended_on": "2025-06-30", "appellation": "ash"})
    assert errors(response, "appellation")  # typed but not a ROME appellation
    response = client.post(url, {**data, "ended_on": "2025-06-30"})
    assert response.status_code == 302
    experience = Experience.objects.get()
    assert experience.employer == "EHPAD Les Glycines"
    # Removing it asks first, then takes it out of the inventory.
    edit = client.get(f"/projet/experiences/{experience.pk}/").content.decode()
    assert f"/projet/experiences/{experience.pk}/retirer/" in edit
    assert client.get(f"/projet/experiences/{experience.pk}/retirer/").status_code == 200
    assert Experience.objects.exists()
    assert client.post(f"/projet/experiences/{experience.pk}/retirer/").status_code == 302
    assert not Experience.objects.exists()


def test_a_skill_needs_a_rome_skill_or_words(client, login, counselor, person, target):
    login(client, counselor)
    url = f"/personnes/{person.pk}/projet/competences/"
    response = client.post(url, {"kind": "quality", "label": "  "})
    assert errors(response, "label") == ["Choisissez une compétence du ROME ou décrivez-la."]
    assert client.post(url, {"kind": "quality", "label": "Ponctuelle"}).status_code == 302
    skill = RomeSkill.objects.filter(fiche_links__fiche_id="J1501").first()
    assert client.post(url, {"kind": "skill", "rome_skill": skill.pk}).status_code == 302
    assert PersonSkill.objects.count() == 2


def test_a_training_ending_before_it_starts_is_refused(client, login, counselor, person, target):
    login(client, counselor)
    url = f"/personnes/{person.pk}/projet/formations/"
    data = {
        "title": "DEAS — diplôme d'État d'aide-soignant",
        "organisation": "IFAS de Saint-Nazaire",
        "target_job": target.pk,
        "starts_on": "2027-01-04",
        "ends_on": "2026-12-18",
        "funding": "region",
        "status": "applied",
    }
    response = client.post(url, data)
    assert errors(response, "ends_on") == ["La fin de la formation ne peut pas précéder son début."]
    response = client.post(url, {**data, "starts_on": "", "ends_on": "", "status": "in_training"})
    assert "date de début et de fin" in errors(response, "starts_on")[0]
    assert not Training.objects.exists()
    assert client.post(url, {**data, "ends_on": "2027-12-17"}).status_code == 302
    training = Training.objects.get()
    assert training.target_job == target and training.get_funding_display() == "Région"
    # Editing goes through the version check.
    edit = f"/projet/formations/{training.pk}/"
    form = client.get(edit).context["form"]
    response = client.post(
        edit,
        {
            **data,
            "ends_on": "2027-12-17",
            "status": "accepted",
            "version": training.version,
            "loaded_state": form["loaded_state"].value(),
        },
    )
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.status == "accepted" and training.version == 2


def test_an_application_next_step_cannot_precede_it(client, login, counselor, person):
    login(client, counselor)
    url = f"/personnes/{person.pk}/projet/candidatures/"
    data = {
        "offer_title": "Préparateur de commandes H/F",
        "company": "Logistique de l'estuaire",
        "offer_url": "https://exemple.test/offres/42",
        "applied_on": "2026-11-05",
        "channel": "offer",
        "status": "sent",
        "next_step": "Relancer par téléphone",
        "next_step_on": "2026-11-01",
    }
    response = client.post(url, data)
    assert errors(response, "next_step_on") == [
        "La prochaine étape ne peut pas précéder l'envoi de la candidature."
    ]
    assert not Application.objects.exists()
    assert client.post(url, {**data, "next_step_on": "2026-11-12"}).status_code == 302
    assert Application.objects.get().get_status_display() == "Envoyée"
    # Its next step passed: the project tab says it is late.
    page = client.get(f"/personnes/{person.pk}/projet/").content.decode()
    assert "Relancer par téléphone (12/11/2026)" in page and "en retard" in page


def test_an_enquete_metier_is_linked_to_its_target_job(client, login, counselor, target):
    login(client, counselor)
    url = f"/projet/metiers/{target.pk}/enquetes/"
    data = {
        "met_on": "2026-11-04",
        "met_name": "Mme Le Goff",
        "met_role": "aide-soignante de nuit",
        "company": "Clinique de l'Estuaire",
        "learnt": "Les horaires en 12 heures, la toilette, le travail en binôme.",
        "conclusion": "confirms",
    }
    response = client.post(url, {**data, "met_on": "2099-01-01"})
    assert "futur" in errors(response, "met_on")[0]
    assert client.post(url, data).status_code == 302
    check = RealityCheck.objects.get()
    assert check.target_job == target
    assert "Mme Le Goff" in client.get(f"/projet/metiers/{target.pk}/").content.decode()


def test_the_project_tab_lists_everything_with_bounded_queries(
    client, login, counselor, person, target, django_assert_max_num_queries
):
    login(client, counselor)
    for n in range(5):
        Experience.objects.create(
            person=person,
            structure=target.structure,
            job_title=f"Poste {n}",
            started_on=date(2020 + n, 1, 1),
        )
        Training.objects.create(
            person=person, structure=target.structure, organisation="AFPA", title=f"Module {n}"
        )
    with django_assert_max_num_queries(30):
        page = client.get(f"/personnes/{person.pk}/projet/")
    body = page.content.decode()
    assert "Poste 4" in body and "Module 4" in body and "Aide-soignant" in body


def test_jobs_wished_at_the_first_contact_lead_into_the_project(
    client, login, counselor, person, target
):
    """The file's « métiers souhaités » are the words of the first contact; the project's
    « métiers visés » are worked on. The project lists the wishes it does not hold yet, each
    with a link that opens the target form on it."""
    wished = RomeAppellation.objects.get(pk=PREPARATEUR)
    person.sought_appellations.set([wished, target.appellation])
    login(client, counselor)

    project = client.get(f"/personnes/{person.pk}/projet/")

    assert list(project.context["wishes"]) == [wished]
    body = project.content.decode()
    assert "Souhaités au premier contact, pas encore dans le projet" in body
    link = f"/personnes/{person.pk}/projet/metiers/nouveau/?appellation={PREPARATEUR}"
    assert link in body
    assert client.get(link).context["form"].initial["appellation"] == wished
    file_page = client.get(f"/personnes/{person.pk}/").content.decode()
    assert "Métiers souhaités" in file_page and "Métiers recherchés" not in file_page
    assert f'href="/personnes/{person.pk}/projet/">Métiers visés : voir le projet' in file_page

    # Once the project holds the wished job, the other one (no longer a target) is listed.
    first = target.appellation
    target.appellation = wished
    target.save()
    assert list(client.get(f"/personnes/{person.pk}/projet/").context["wishes"]) == [first]


def test_two_counselors_editing_one_application_do_not_overwrite_each_other(
    client, login, counselor, colleague, person
):
    application = Application.objects.create(
        person=person,
        structure=counselor.memberships.get().structure,
        offer_title="Agent logistique",
        company="Entrepôt Ouest",
        applied_on=date(2026, 11, 2),
        channel="offer",
    )
    url = f"/projet/candidatures/{application.pk}/"
    mine, theirs = login(client, counselor), login(Client(), colleague)
    loaded = {
        who: c.get(url).context["form"]["loaded_state"].value()
        for who, c in (("mine", mine), ("theirs", theirs))
    }
    base = {
        "offer_title": "Agent logistique",
        "company": "Entrepôt Ouest",
        "applied_on": "2026-11-02",
        "channel": "offer",
        "version": 1,
    }
    response = theirs.post(url, {**base, "status": "interview", "loaded_state": loaded["theirs"]})
    assert response.status_code == 302
    response = mine.post(url, {**base, "status": "refused", "loaded_state": loaded["mine"]})
    assert response.status_code == 200 and response.context["form"].conflicts
    application.refresh_from_db()
    assert application.status == "interview" and application.version == 2
