"""The PASS IAE (agrément IAE) of an IAE pathway through the API: read, recorded, suspended,
prolonged, an entry withdrawn; the same rights as the screens, the number for the pathway's
own structure only, every read logged."""

from datetime import date

import pytest
from django.test import Client

from tremplin.accounts.models import ApiToken, Membership
from tremplin.audit.models import AccessLog
from tremplin.pathways import actions
from tremplin.pathways.enums import Framework, PathwayStatus
from tremplin.pathways.models import IaeApproval, IaeProlongation, IaeSuspension, Pathway
from tremplin.pathways.tests.conftest import open_iae
from tremplin.pathways.tests.test_pass_iae import NUMBER, prolong, record, suspend
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent, Follow
from tremplin.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership(counselor, structure_a):
    membership = Membership.objects.get(user=counselor, structure=structure_a)
    counselor.active_membership = membership
    return membership


@pytest.fixture
def iae_pathway(person, membership):
    return open_iae(person, membership)


def api(user) -> Client:
    _token, key = ApiToken.issue(membership=user.memberships.get(), name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def url(pathway, tail=""):
    return f"/api/v1/parcours/{pathway.pk}/pass-iae{tail}"


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def put(client, path, data):
    return client.put(path, data, content_type="application/json")


RECORD = {
    "number": "99999 26 12345",
    "starts_on": "2026-01-05",
    "delivered_by": "France Travail",
    "delivered_on": "2026-01-02",
}


# --- reading ----------------------------------------------------------------------------------


def test_the_structure_reads_its_pass_with_the_number_and_the_read_is_logged(
    counselor, iae_pathway, membership
):
    approval = record(iae_pathway, membership)
    suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    prolong(approval, membership, date(2029, 1, 4))
    logged = AccessLog.objects.filter(
        user=counselor, person_id=iae_pathway.person_id, section="pathway", channel="api"
    )
    assert not logged.exists()
    response = api(counselor).get(url(iae_pathway))
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == NUMBER and data["number_display"] == "99999 26 12345"
    assert data["starts_on"] == "2026-01-05" and data["ends_on"] == "2029-01-04"
    assert data["suspended_days"] == 10 and data["effective_ends_on"] == "2029-01-14"
    assert data["state"] in {"valid", "expiring", "suspended", "expired"}
    assert data["state_label"]
    assert data["days_remaining"] >= 0
    assert data["delivered_by"] == "France Travail" and data["delivered_on"] == "2026-01-02"
    [suspension] = data["suspensions"]
    assert suspension["starts_on"] == "2026-03-02" and suspension["reason"] == "sick_leave"
    assert suspension["day_count"] == 10
    [prolongation] = data["prolongations"]
    assert prolongation["previous_ends_on"] == "2028-01-04"
    assert prolongation["ends_on"] == "2029-01-04" and prolongation["reason"] == "rqth"
    assert data["withdrawn"] == []
    assert logged.count() == 1


def test_a_partner_reading_a_shared_pathway_gets_the_dates_not_the_number(
    partner, structure_a, structure_c, counselor, iae_pathway, membership
):
    record(iae_pathway, membership)
    Consent.objects.create(
        person=iae_pathway.person,
        structure=structure_a,
        purpose=ConsentPurpose.SHARE_WITH_PARTNER,
        partner=structure_c,
        sections=["identity", "pathway"],
        channel=ConsentChannel.PAPER,
        recorded_by=counselor,
    )
    client = api(partner)
    response = client.get(url(iae_pathway))
    assert response.status_code == 200
    data = response.json()
    assert data["number"] is None and data["number_display"] is None
    assert NUMBER not in response.content.decode() and "12345" not in response.content.decode()
    assert data["ends_on"] == "2028-01-04"
    # Reading is not changing: the partner's token may not record nor suspend.
    assert put(client, url(iae_pathway), RECORD).status_code in {403, 404}
    response = post(
        client,
        url(iae_pathway, "/suspensions"),
        {"starts_on": "2026-03-02", "ends_on": "2026-03-11", "reason": "sick_leave"},
    )
    assert response.status_code in {403, 404}
    assert not IaeSuspension.objects.exists()


def test_another_structure_gets_404(other_counselor, iae_pathway, membership):
    record(iae_pathway, membership)
    client = api(other_counselor)
    assert client.get(url(iae_pathway)).status_code == 404
    assert put(client, url(iae_pathway), {**RECORD, "number": "999990000000"}).status_code == 404
    assert IaeApproval.objects.get().number == NUMBER


def test_no_pass_yet_or_not_an_iae_pathway_is_404_in_french(
    counselor, structure_a, iae_pathway, membership
):
    someone = PersonFactory(last_name="Autre")
    Follow.objects.create(person=someone, structure=structure_a, referent=counselor)
    pathway = actions.create_pathway(
        pathway=Pathway(
            person=someone,
            framework=Framework.CONTRAT_ENGAGEMENT,
            started_on=date(2025, 1, 6),
            planned_end_on=date(2025, 12, 31),
        ),
        membership=membership,
    )
    client = api(counselor)
    response = client.get(url(iae_pathway))
    assert response.status_code == 404 and "PASS IAE" in response.json()["detail"]
    response = post(
        client,
        url(iae_pathway, "/suspensions"),
        {"starts_on": "2026-03-02", "ends_on": "2026-03-11", "reason": "sick_leave"},
    )
    assert response.status_code == 404 and "PASS IAE" in response.json()["detail"]
    response = client.get(url(pathway))  # a CEJ pathway
    assert response.status_code == 404 and "IAE" in response.json()["detail"]
    assert put(client, url(pathway), RECORD).status_code == 404
    assert not IaeApproval.objects.exists()


# --- recording --------------------------------------------------------------------------------


def test_the_counselor_records_then_corrects_the_pass(counselor, iae_pathway):
    client = api(counselor)
    response = put(client, url(iae_pathway), RECORD)
    assert response.status_code == 200, response.content
    assert response.json()["number"] == NUMBER
    assert response.json()["ends_on"] == "2028-01-04"  # 24 months less a day
    approval = IaeApproval.objects.get()
    assert approval.recorded_by == counselor and approval.pathway == iae_pathway
    response = put(client, url(iae_pathway), {**RECORD, "ends_on": "2027-12-31"})
    assert response.status_code == 200 and response.json()["ends_on"] == "2027-12-31"
    assert IaeApproval.objects.count() == 1


def test_a_bad_number_is_a_422_in_french_and_saves_nothing(counselor, iae_pathway):
    response = put(api(counselor), url(iae_pathway), {**RECORD, "number": "99999 26 1234"})
    assert response.status_code == 422
    assert "12 chiffres" in response.json()["detail"]
    assert not IaeApproval.objects.exists()


def test_a_closed_pathway_is_refused_with_the_actions_words(counselor, iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspension = suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    Pathway.objects.filter(pk=iae_pathway.pk).update(
        status=PathwayStatus.CLOSED, closed_on=date(2026, 6, 1)
    )
    client = api(counselor)
    message = "Ce parcours est clos : son PASS IAE ne peut plus être modifié."
    response = put(client, url(iae_pathway), {**RECORD, "number": "999990000000"})
    assert response.status_code == 422 and response.json()["detail"] == message
    response = post(
        client,
        url(iae_pathway, f"/suspensions/{suspension.pk}/retrait"),
        {"reason": "Erreur de saisie"},
    )
    assert response.status_code == 422 and response.json()["detail"] == message
    assert IaeApproval.objects.get().number == NUMBER
    assert IaeSuspension.objects.get().withdrawn_at is None
    assert client.get(url(iae_pathway)).status_code == 200  # still readable


# --- suspensions, prolongations, withdrawals ---------------------------------------------------


def test_suspending_and_prolonging(counselor, iae_pathway, membership):
    record(iae_pathway, membership)
    client = api(counselor)
    response = post(
        client,
        url(iae_pathway, "/suspensions"),
        {
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-11",
            "reason": "sick_leave",
            "detail": "Arrêt de travail",
        },
    )
    assert response.status_code == 201, response.content
    suspension = IaeSuspension.objects.get()
    assert response.json()["id"] == suspension.pk and suspension.recorded_by == counselor
    assert suspension.detail == "Arrêt de travail"
    overlapping = post(
        client,
        url(iae_pathway, "/suspensions"),
        {"starts_on": "2026-03-11", "ends_on": "2026-04-01", "reason": "sick_leave"},
    )
    assert overlapping.status_code == 422 and "chevauche" in overlapping.json()["detail"]
    response = post(
        client,
        url(iae_pathway, "/prolongations"),
        {"ends_on": "2029-01-04", "reason": "rqth", "requested_on": "2026-06-01"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["previous_ends_on"] == "2028-01-04"
    too_far = post(
        client,
        url(iae_pathway, "/prolongations"),
        {"ends_on": "2031-06-01", "reason": "rqth", "requested_on": "2026-06-01"},
    )
    assert too_far.status_code == 422 and "60 mois" in too_far.json()["detail"]
    data = client.get(url(iae_pathway)).json()
    assert data["ends_on"] == "2029-01-04" and data["effective_ends_on"] == "2029-01-14"
    assert IaeProlongation.objects.count() == 1


def test_withdrawing_a_suspension_and_the_latest_prolongation(counselor, iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspension = suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    prolongation = prolong(approval, membership, date(2029, 1, 4))
    client = api(counselor)
    no_reason = post(
        client, url(iae_pathway, f"/suspensions/{suspension.pk}/retrait"), {"reason": " "}
    )
    assert no_reason.status_code == 422 and "retirée" in no_reason.json()["detail"]
    response = post(
        client,
        url(iae_pathway, f"/suspensions/{suspension.pk}/retrait"),
        {"reason": "Mauvaises dates"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["suspensions"] == [] and response.json()["suspended_days"] == 0
    response = post(
        client,
        url(iae_pathway, f"/prolongations/{prolongation.pk}/retrait"),
        {"reason": "Prolongation refusée"},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["ends_on"] == "2028-01-04" and data["prolongations"] == []
    assert {(w["kind"], w["id"]) for w in data["withdrawn"]} == {
        ("suspension", suspension.pk),
        ("prolongation", prolongation.pk),
    }
    withdrawn = {w["kind"]: w for w in data["withdrawn"]}
    assert withdrawn["suspension"]["starts_on"] == "2026-03-02"
    assert withdrawn["suspension"]["withdrawal_reason"] == "Mauvaises dates"
    assert withdrawn["prolongation"]["previous_ends_on"] == "2028-01-04"
    assert withdrawn["prolongation"]["withdrawn_at"]
    again = post(
        client,
        url(iae_pathway, f"/suspensions/{suspension.pk}/retrait"),
        {"reason": "Encore"},
    )
    assert again.status_code == 422 and "déjà" in again.json()["detail"]


def test_an_entry_of_another_pathway_is_404(counselor, structure_a, iae_pathway, membership):
    other_person = PersonFactory(last_name="Autre")
    Follow.objects.create(person=other_person, structure=structure_a, referent=counselor)
    other_pathway = open_iae(other_person, membership)
    other_approval = record(other_pathway, membership)
    theirs = suspend(other_approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    their_prolongation = prolong(other_approval, membership, date(2029, 1, 4))
    record(iae_pathway, membership)
    client = api(counselor)
    for tail in (
        f"/suspensions/{theirs.pk}/retrait",
        f"/prolongations/{their_prolongation.pk}/retrait",
        f"/prolongations/{theirs.pk + 1000}/retrait",
    ):
        response = post(client, url(iae_pathway, tail), {"reason": "Erreur"})
        assert response.status_code == 404, tail
    assert IaeSuspension.objects.get().withdrawn_at is None
    assert IaeProlongation.objects.get().withdrawn_at is None


# --- roles --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reception", "employer_liaison", "structure_admin"])
def test_roles_without_pathway_manage_are_refused(request, role, iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspension = suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    client = api(request.getfixturevalue(role))
    assert client.get(url(iae_pathway)).status_code in {403, 404}
    assert put(client, url(iae_pathway), {**RECORD, "number": "999990000000"}).status_code == 403
    response = post(
        client,
        url(iae_pathway, "/suspensions"),
        {"starts_on": "2026-06-01", "ends_on": "2026-06-02", "reason": "sick_leave"},
    )
    assert response.status_code == 403
    response = post(
        client,
        url(iae_pathway, "/prolongations"),
        {"ends_on": "2029-01-04", "reason": "rqth", "requested_on": "2026-06-01"},
    )
    assert response.status_code == 403
    response = post(
        client, url(iae_pathway, f"/suspensions/{suspension.pk}/retrait"), {"reason": "Erreur"}
    )
    assert response.status_code == 403
    assert IaeApproval.objects.get().number == NUMBER
    assert IaeSuspension.objects.get().withdrawn_at is None
    assert not IaeProlongation.objects.exists()


def test_the_manager_and_the_colleague_may_manage(manager, colleague, iae_pathway):
    assert put(api(manager), url(iae_pathway), RECORD).status_code == 200
    assert api(colleague).get(url(iae_pathway)).json()["number"] == NUMBER


def test_the_schema_documents_the_pass_iae(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    base = "/api/v1/parcours/{iae_pathway_id}/pass-iae"
    assert {"get", "put"} <= set(paths[base])
    assert "201" in paths[f"{base}/suspensions"]["post"]["responses"]
    assert "201" in paths[f"{base}/prolongations"]["post"]["responses"]
    assert f"{base}/suspensions/{{suspension_id}}/retrait" in paths
    assert f"{base}/prolongations/{{prolongation_id}}/retrait" in paths


def test_a_justice_motif_is_for_the_referent_only(counselor, colleague, iae_pathway, membership):
    approval = record(iae_pathway, membership)
    actions.suspend_iae_approval(
        approval=approval,
        by=counselor,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 4, 30),
        reason="incarceration",
        detail="Maison d'arrêt de Nantes",
    )
    [mine] = api(counselor).get(url(iae_pathway)).json()["suspensions"]
    assert mine["reason"] == "incarceration" and mine["detail"] == "Maison d'arrêt de Nantes"
    body = api(colleague).get(url(iae_pathway)).content.decode()
    assert "incarc" not in body.lower() and "Maison d" not in body
    [theirs] = api(colleague).get(url(iae_pathway)).json()["suspensions"]
    assert theirs["reason"] is None and theirs["detail"] == ""
    assert theirs["reason_label"] == "motif réservé (partie « Justice » du dossier)"


def test_an_rqth_prolongation_is_for_the_referent_only(
    counselor, colleague, iae_pathway, membership
):
    approval = record(iae_pathway, membership)
    prolong(approval, membership, date(2029, 1, 4))  # the helper's motif: RQTH
    [mine] = api(counselor).get(url(iae_pathway)).json()["prolongations"]
    assert mine["reason"] == "rqth"
    [theirs] = api(colleague).get(url(iae_pathway)).json()["prolongations"]
    assert theirs["reason"] is None and theirs["detail"] == ""
    assert theirs["reason_label"] == "motif réservé (partie « Santé » du dossier)"
