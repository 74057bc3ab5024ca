"""Defects found by a reviewer on a CEJ of the demo: suspensions dated in the future, the
name typed to sign, the adapted weekly target in the contract, the length of a CEJ, the
compte rendu of an appointment written twice, « autre motif » and the suspended header."""

import html
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.accounts.models import ApiToken
from tremplin.agenda.models import Appointment, Participant
from tremplin.pathways import actions
from tremplin.pathways.documents import contract_document, snapshot_of
from tremplin.pathways.enums import Framework, PathwayStatus
from tremplin.pathways.exits import ExitFacts
from tremplin.pathways.models import (
    ContractSignature,
    Exit,
    Interview,
    Pathway,
    Suspension,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def client_a(client, login, counselor):
    return login(client, counselor)


def _suspend(client, pathway, day, reason="family", detail=""):
    return client.post(
        f"/parcours/{pathway.pk}/suspension/",
        {"started_on": day.isoformat(), "reason": reason, "detail": detail},
    )


# --- 1. suspensions -------------------------------------------------------------------------


def test_a_suspension_dated_in_the_future_is_refused(client_a, pathway):
    day = timezone.localdate() + timedelta(days=190)
    response = _suspend(client_a, pathway, day)
    assert response.status_code == 200
    assert response.context["form"].errors["started_on"] == [
        "La suspension ne peut pas être datée dans le futur : enregistrez-la le jour où elle "
        "commence. Vérifiez l'année."
    ]
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.IN_PROGRESS and not pathway.suspensions.exists()


def test_a_suspension_after_the_planned_end_is_refused(membership, counselor, pathway):
    today = timezone.localdate()
    Pathway.objects.filter(pk=pathway.pk).update(
        started_on=today - timedelta(days=100), planned_end_on=today - timedelta(days=10)
    )
    pathway.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        actions.suspend(
            pathway=pathway, by=counselor, started_on=today - timedelta(days=5), reason="family"
        )
    assert "après la fin prévue du parcours" in refused.value.message_dict["started_on"][0]


def test_a_suspension_cannot_start_before_the_previous_one_ended(client_a, counselor, pathway):
    today = timezone.localdate()
    Suspension.objects.create(
        pathway=pathway,
        started_on=today - timedelta(days=20),
        resumed_on=today - timedelta(days=10),
        reason="health",
        recorded_by=counselor,
    )
    response = _suspend(client_a, pathway, today - timedelta(days=15))
    [error] = response.context["form"].errors["started_on"]
    assert error.startswith("Le parcours était déjà suspendu à cette date")
    assert pathway.suspensions.count() == 1
    # From its resumption on, it may be suspended again.
    assert _suspend(client_a, pathway, today - timedelta(days=10)).status_code == 302
    pathway.refresh_from_db()
    assert pathway.is_suspended


@pytest.fixture
def locked(counselor, pathway):
    """A pathway suspended from a date in the future (typed 2027 for 2026), as recorded
    before such dates were refused."""
    suspension = Suspension.objects.create(
        pathway=pathway,
        started_on=timezone.localdate() + timedelta(days=190),
        reason="family",
        recorded_by=counselor,
    )
    Pathway.objects.filter(pk=pathway.pk).update(status=PathwayStatus.SUSPENDED)
    pathway.refresh_from_db()
    return suspension


def test_a_suspension_dated_in_the_future_is_cancelled_by_resuming_today(client_a, pathway, locked):
    response = client_a.post(
        f"/parcours/{pathway.pk}/suspension/", {"resumed_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    locked.refresh_from_db()
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.IN_PROGRESS
    # It covers no day at all.
    assert locked.resumed_on == locked.started_on
    assert "Suspension annulée" in locked.resumption_note


def test_the_exit_of_a_pathway_suspended_in_the_future_closes_it(client_a, pathway, locked):
    response = client_a.post(
        f"/parcours/{pathway.pk}/sortie/",
        {"exit_on": timezone.localdate().isoformat(), "situation": "job_seeking"},
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    locked.refresh_from_db()
    assert pathway.is_closed and Exit.objects.filter(pathway=pathway).exists()
    assert locked.resumed_on == locked.started_on


def test_the_reorientation_of_a_pathway_suspended_in_the_future_goes_through(
    membership, pathway, locked
):
    today = timezone.localdate()
    done = actions.reorient_to_framework(
        pathway=pathway,
        membership=membership,
        decided_on=today,
        framework=Framework.PLIE,
        planned_end_on=today + timedelta(days=300),
        reason="Projet de formation.",
    )
    locked.refresh_from_db()
    assert done.new_pathway.status == PathwayStatus.IN_PROGRESS
    assert locked.resumed_on == locked.started_on


def test_an_exit_during_a_suspension_ends_it_on_the_exit_day(counselor, pathway):
    today = timezone.localdate()
    actions.suspend(
        pathway=pathway, by=counselor, started_on=today - timedelta(days=7), reason="health"
    )
    actions.close_with_exit(
        pathway=pathway,
        by=counselor,
        facts=ExitFacts(situation="job_seeking", exit_on=today - timedelta(days=2)),
    )
    assert pathway.suspensions.get().resumed_on == today - timedelta(days=2)


# --- 2. the name typed to sign --------------------------------------------------------------


def _person(first, last, birth=""):
    return SimpleNamespace(first_name=first, last_name=last, birth_name=birth)


@pytest.mark.parametrize(
    "typed",
    ["Anaïs Lefèvre", "lefevre anais", "Anaïs LEFÈVRE", "  ANAIS   lefèvre "],
)
def test_the_persons_own_name_signs(typed):
    assert actions.signer_name_error(typed, _person("Anaïs", "Lefèvre")) is None


def test_a_compound_name_signs_whatever_its_hyphens_and_order():
    person = _person("Anaïs", "Lefèvre-Martin")
    for typed in ("Anais Lefevre-Martin", "martin lefèvre anaïs", "Anaïs Lefèvre"):
        assert actions.signer_name_error(typed, person) is None
    # Not the person's name: another one, a first name alone, a name she does not bear.
    for typed in ("Jean Dupont", "Anaïs", "Lefèvre", "Anaïs Lefèvre-Durand"):
        assert actions.signer_name_error(typed, person) is not None
    assert actions.signer_name_error("Anaïs Lefèvre-Martin", _person("Anaïs", "Lefèvre"))


def test_a_contract_signed_under_another_name_is_refused(client_a, pathway, person):
    response = client_a.post(
        f"/parcours/{pathway.pk}/signature/",
        {"channel": "screen", "signer_name": "Jean Dupont", "confirm": "on"},
    )
    assert response.status_code == 200 and not ContractSignature.objects.exists()
    [error] = response.context["form"].errors["signer_name"]
    assert error == (
        "Le nom saisi (« Jean Dupont ») n'est pas celui de la personne qui signe ce contrat : "
        f"{person.first_name} {person.last_name.upper()}. La personne saisit elle-même son "
        "prénom et son nom."
    )
    typed = f"{person.last_name.upper()} ines"
    client_a.post(
        f"/parcours/{pathway.pk}/signature/",
        {"channel": "screen", "signer_name": typed, "confirm": "on"},
    )
    assert ContractSignature.objects.get().signer_name == typed


# --- 3. the adapted weekly target in the contract -------------------------------------------


@pytest.fixture
def cej(person, membership, counselor):
    today = timezone.localdate()
    return actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.CEJ,
            started_on=today,
            planned_end_on=today + timedelta(days=300),
            referent=counselor,
        ),
        membership=membership,
    )


def _paragraphs(pathway) -> list[str]:
    return [b.text for b in contract_document(pathway).blocks if type(b).__name__ == "Paragraph"]


def test_the_contract_says_the_legal_frame_and_the_adapted_target_together(cej):
    cej.weekly_hours_target, cej.target_reason = Decimal(8), "housing"
    cej.save()
    assert (
        "Le contrat d'engagement jeune prévoit un accompagnement intensif de 15 à 20 heures par "
        "semaine (articles L5131-6 et R5131-16 du code du travail) ; pour vous, l'objectif est "
        "adapté à 8 h par semaine (motif : difficulté de logement en cours de résolution)."
    ) in _paragraphs(cej)


def test_a_cej_opened_with_an_adapted_target_commits_to_it(person, membership, counselor):
    today = timezone.localdate()
    cej = actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.CEJ,
            started_on=today,
            planned_end_on=today + timedelta(days=300),
            weekly_hours_target=Decimal(8),
            target_reason="housing",
            referent=counselor,
        ),
        membership=membership,
    )
    texts = list(cej.commitments.values_list("text", flat=True))
    assert actions.hours_commitment(Decimal(8)) in texts
    assert not any("15 à 20" in t for t in texts)


def test_the_default_commitment_follows_the_target_and_a_hand_written_one_stays(
    client_a, cej, counselor
):
    own = cej.commitments.create(
        party="structure", text="Construire avec vous un programme de 10 h par semaine."
    )
    response = client_a.post(
        f"/parcours/{cej.pk}/modifier/",
        {
            "framework": "cej",
            "started_on": cej.started_on.isoformat(),
            "planned_end_on": cej.planned_end_on.isoformat(),
            "referent": counselor.pk,
            "weekly_hours_target": "8",
            "target_reason": "housing",
            "target_reason_detail": "",
            "extension_reason": "",
            "version": cej.version,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    texts = list(cej.commitments.values_list("text", flat=True))
    assert (
        "Construire avec vous un programme de 8 h d'activités par semaine, objectif adapté à "
        "votre situation : ateliers, mises en situation en entreprise, formation, démarches."
    ) in texts
    assert not any("15 à 20" in t for t in texts)
    own.refresh_from_db()
    assert own.text == "Construire avec vous un programme de 10 h par semaine."
    # Back to the frame's rule: back to 15 to 20 hours.
    cej.refresh_from_db()
    cej.weekly_hours_target, cej.target_reason = None, ""
    cej.save()
    assert actions.follow_hours_target(cej) == 1
    assert actions.HOURS_COMMITMENT in cej.commitments.values_list("text", flat=True)


def test_a_contract_signed_with_the_former_hours_wording_stays_signed(cej, membership):
    from tremplin.pathways.documents import content_hash, former_hours_wording

    cej.weekly_hours_target, cej.target_reason = Decimal(12), "other"
    cej.target_reason_detail = "Reprise progressive après hospitalisation"
    cej.save()
    former = former_hours_wording(snapshot_of(contract_document(cej)), cej)
    assert former is not None
    ContractSignature.objects.create(
        pathway=cej,
        number=1,
        channel="screen",
        signer_name="Inès",
        snapshot=former,
        content_sha256=content_hash(former),
        recorded_by=membership.user,
    )
    assert actions.contract_state(cej) == actions.ContractState.SIGNED


# --- 4. the length of a CEJ, of a PACEA ------------------------------------------------------


def _cej(person, counselor, end, **extra):
    start = date(2026, 11, 24)
    return Pathway(
        person=person,
        framework=Framework.CEJ,
        started_on=start,
        planned_end_on=end,
        referent=counselor,
        structure_id=counselor.memberships.get().structure_id,
        created_by=counselor,
        **extra,
    )


def test_a_cej_lasts_twelve_months_and_eighteen_at_most_with_a_reason(person, counselor):
    with pytest.raises(ValidationError) as refused:
        _cej(person, counselor, date(2030, 10, 1)).full_clean()
    [error] = refused.value.message_dict["planned_end_on"]
    assert "jusqu'à 18 mois" in error and "R5131-16" in error and "24/05/2028" in error
    with pytest.raises(ValidationError) as refused:
        _cej(person, counselor, date(2028, 3, 1)).full_clean()
    [error] = refused.value.message_dict["extension_reason"]
    assert "24/11/2027" in error and "motif" in error
    _cej(person, counselor, date(2027, 11, 24)).full_clean()
    _cej(
        person, counselor, date(2028, 3, 1), extension_reason="Formation qualifiante en cours."
    ).full_clean()


def test_a_pacea_lasts_twenty_four_months_at_most(person, counselor):
    pacea = _cej(person, counselor, date(2029, 1, 4))
    pacea.framework = Framework.PACEA
    with pytest.raises(ValidationError) as refused:
        pacea.full_clean()
    assert "24 mois au plus" in refused.value.message_dict["planned_end_on"][0]


def test_the_api_refuses_a_cej_of_four_years(counselor, person):
    _token, key = ApiToken.issue(membership=counselor.memberships.get(), name="test")
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {key}"})
    payload = {
        "person_id": person.pk,
        "framework": "cej",
        "started_on": "2026-11-24",
        "planned_end_on": "2030-10-01",
    }
    response = client.post("/api/v1/parcours", payload, content_type="application/json")
    assert response.status_code == 422 and "R5131-16" in response.content.decode()
    assert not Pathway.objects.exists()
    payload["planned_end_on"] = "2028-03-01"
    payload["extension_reason"] = "Formation qualifiante en cours."
    response = client.post("/api/v1/parcours", payload, content_type="application/json")
    assert response.status_code == 201, response.content


# --- 5. one compte rendu per appointment ----------------------------------------------------


def test_an_appointment_gets_one_compte_rendu(client_a, pathway, person, counselor, membership):
    start = timezone.now() - timedelta(days=2)
    appointment = Appointment.objects.create(
        structure=membership.structure,
        organizer=counselor,
        created_by=counselor,
        kind="follow_up",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Bureau 3",
    )
    Participant.objects.create(appointment=appointment, person=person)
    page = text(client_a.get(f"/agenda/rendez-vous/{appointment.pk}/"))
    assert "Rédiger le compte rendu" in page
    assert f"de l'entretien d'{person.first_name} {person.last_name.upper()}" in page
    link = f"/parcours/{pathway.pk}/entretiens/?rendez_vous={appointment.pk}"
    day = timezone.localtime(start).date().isoformat()
    assert client_a.post(link, {"held_on": day, "facts": "Point fait."}).status_code == 302
    interview = Interview.objects.get()
    assert interview.appointment == appointment
    page = text(client_a.get(f"/agenda/rendez-vous/{appointment.pk}/"))
    assert "Rédiger le compte rendu" not in page
    assert f'href="/parcours/{pathway.pk}/#entretien-{interview.pk}">Voir le compte rendu' in page
    # A second one, from an old tab, is refused with the way to the first.
    again = client_a.post(link, {"held_on": day, "facts": "Encore."})
    assert again.status_code == 409 and Interview.objects.count() == 1
    assert "Le compte rendu de ce rendez-vous est déjà rédigé" in text(again)
    assert f"#entretien-{interview.pk}" in text(again)
    assert "Le compte rendu de ce rendez-vous est déjà rédigé" in text(client_a.get(link))


def test_a_closed_pathway_keeps_the_way_to_its_compte_rendu_from_the_appointment(
    client_a, pathway, person, counselor, membership
):
    start = timezone.now() - timedelta(days=2)
    appointment = Appointment.objects.create(
        structure=membership.structure,
        organizer=counselor,
        created_by=counselor,
        kind="follow_up",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Bureau 3",
    )
    Participant.objects.create(appointment=appointment, person=person)
    day = timezone.localtime(start).date()
    interview = Interview.objects.create(
        pathway=pathway,
        author=counselor,
        appointment=appointment,
        held_on=day,
        facts="Point fait.",
    )
    actions.close_with_exit(
        pathway=pathway, by=counselor, facts=ExitFacts(situation="job_seeking", exit_on=day)
    )
    page = text(client_a.get(f"/agenda/rendez-vous/{appointment.pk}/"))
    assert f'href="/parcours/{pathway.pk}/#entretien-{interview.pk}">Voir le compte rendu' in page
    assert "Rédiger le compte rendu" not in page
    # Writing one on the closed pathway stays refused.
    link = f"/parcours/{pathway.pk}/entretiens/?rendez_vous={appointment.pk}"
    refused = client_a.post(link, {"held_on": day.isoformat(), "facts": "Encore."})
    assert refused.status_code == 302 and Interview.objects.count() == 1


def test_a_closed_pathway_without_compte_rendu_offers_none_to_write(
    client_a, pathway, person, counselor, membership
):
    start = timezone.now() - timedelta(days=2)
    appointment = Appointment.objects.create(
        structure=membership.structure,
        organizer=counselor,
        created_by=counselor,
        kind="follow_up",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Bureau 3",
    )
    Participant.objects.create(appointment=appointment, person=person)
    actions.close_with_exit(
        pathway=pathway,
        by=counselor,
        facts=ExitFacts(situation="job_seeking", exit_on=timezone.localdate()),
    )
    page = text(client_a.get(f"/agenda/rendez-vous/{appointment.pk}/"))
    assert "Rédiger le compte rendu" not in page and "Voir le compte rendu" not in page


# --- 6. and 7. the words of the pathway's page ----------------------------------------------


def test_an_other_reason_reads_as_its_precision(client_a, pathway):
    pathway.weekly_hours_target, pathway.target_reason = Decimal(12), "other"
    pathway.target_reason_detail = "Reprise progressive après hospitalisation"
    pathway.save()
    page = text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert (
        "objectif adapté à <strong>12 h</strong> : reprise progressive après hospitalisation."
        in page
    )
    assert "autre motif, précisé" not in page
    fields = dict(contract_document(pathway).blocks[0].rows)
    assert fields["Heures d'activité"] == (
        "12 h par semaine, adapté : reprise progressive après hospitalisation"
    )


def test_a_suspended_pathway_says_since_when_and_why(client_a, counselor, pathway, person):
    day = timezone.localdate() - timedelta(days=3)
    actions.suspend(
        pathway=pathway, by=counselor, started_on=day, reason="other", detail="Hospitalisation"
    )
    expected = f"Suspendu depuis le {day:%d/%m/%Y} (Hospitalisation)"
    assert expected in text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert expected in text(client_a.get(f"/personnes/{person.pk}/parcours/"))
