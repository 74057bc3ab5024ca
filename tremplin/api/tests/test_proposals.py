"""Proposals (mises en relation) through the API: consent first, the minimal profile only,
the employer's answer with the version read, the withdrawal with its reason."""

from datetime import datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tremplin.accounts.models import ApiToken
from tremplin.audit.models import AccessLog
from tremplin.matching.models import Proposal, ProposalEvent
from tremplin.matching.tests.test_sources import candidate, offer  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, key = ApiToken.issue(membership=user.memberships.get(), name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def state(proposal_id):
    """What a refused request must leave as it was."""
    proposal = Proposal.objects.get(pk=proposal_id)
    return proposal.status, proposal.version, proposal.events.count()


def test_liaison_proposes_records_the_answer_and_withdraws_through_the_api(
    structure_a,
    counselor,
    employer_liaison,
    offer,  # noqa: F811
    nantes,
    django_capture_on_commit_callbacks,
):
    person = candidate(
        structure_a, counselor, nantes, first_name="Sarah", last_name="Lemaire", phone="0612345678"
    )
    client = api(employer_liaison)
    with django_capture_on_commit_callbacks(execute=True):
        created = post(
            client,
            "/api/v1/mises-en-relation",
            {
                "offer_id": offer.pk,
                "person_id": person.pk,
                "message": "Très motivée, CAP en cours.",
                "recipient_email": "rh@boulangerie.test",
            },
        )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "proposed" and body["person_id"] == person.pk
    assert body["offer_title"] == offer.title and body["company_id"] == offer.company_id
    assert body["profile"]["name"] == "Sarah L." and body["profile"]["job"]
    assert body["profile"]["commune"] == "Nantes"
    assert [e["status_to"] for e in body["events"]] == ["proposed"]
    # Nothing of the file beyond the minimal profile: no surname, contact or birth date.
    for hidden in ("Lemaire", "0612345678", person.birth_date.isoformat(), person.email or "@@"):
        assert hidden not in created.content.decode()
    assert mail.outbox[0].to == ["rh@boulangerie.test"]
    proposal_id = body["id"]

    listed = client.get("/api/v1/mises-en-relation", {"offer_id": offer.pk, "statut": "proposed"})
    assert listed.json()["count"] == 1 and listed.json()["items"][0]["id"] == proposal_id
    assert client.get("/api/v1/mises-en-relation", {"statut": "hired"}).json()["count"] == 0
    assert (
        client.get("/api/v1/mises-en-relation", {"person_id": person.pk + 1000}).json()["count"]
        == 0
    )
    assert AccessLog.objects.filter(
        person_id=person.pk, user=employer_liaison, section="project", channel="api"
    ).exists()

    answer = f"/api/v1/mises-en-relation/{proposal_id}/reponse"
    before = state(proposal_id)
    missing_date = post(client, answer, {"outcome": "interview", "version": body["version"]})
    assert missing_date.status_code == 422
    assert "Indiquez la date de l'entretien" in missing_date.json()["detail"]
    unknown = post(client, answer, {"outcome": "embauche", "version": body["version"]})
    assert unknown.status_code == 422 and "outcome" in unknown.json()["detail"]
    vague = post(
        client,
        answer,
        {"outcome": "refused", "refusal_reason": "other", "version": body["version"]},
    )
    assert vague.status_code == 422 and "Précisez le motif" in vague.json()["detail"]
    # This morning's interview is past this evening, as the web form says.
    today = timezone.localdate()
    evening = timezone.make_aware(datetime.combine(today, time(18, 0)))
    with mock.patch("django.utils.timezone.now", return_value=evening):
        morning = post(
            client,
            answer,
            {"outcome": "interview", "interview_at": f"{today}T09:00", "version": body["version"]},
        )
    assert morning.status_code == 422 and "Cette date est passée" in morning.json()["detail"]
    day = today + timedelta(days=10)
    stale = post(
        client,
        answer,
        {
            "outcome": "interview",
            "interview_at": f"{day}T10:00",
            "version": body["version"] - 1,
        },
    )
    assert stale.status_code == 422 and "quelqu'un d'autre" in stale.json()["detail"]
    assert state(proposal_id) == before

    interview = post(
        client,
        answer,
        {"outcome": "interview", "interview_at": f"{day}T10:00", "version": body["version"]},
    )
    assert interview.status_code == 200, interview.content
    data = interview.json()
    assert data["status"] == "interview"
    # A time without offset is the structure's local time.
    paris = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo("Europe/Paris"))
    assert datetime.fromisoformat(data["interview_at"].replace("Z", "+00:00")) == paris
    assert data["version"] == body["version"] + 1
    assert data["events"][-1]["by_id"] == employer_liaison.pk

    withdraw = f"/api/v1/mises-en-relation/{proposal_id}/retrait"
    before = state(proposal_id)
    empty = post(client, withdraw, {"reason": "  "})
    assert empty.status_code == 422 and "reason" in empty.json()["detail"]
    assert state(proposal_id) == before
    withdrawn = post(client, withdraw, {"reason": "La personne a trouvé un autre emploi."})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["events"][-1]["note"] == "La personne a trouvé un autre emploi."
    too_late = post(
        client,
        answer,
        {"outcome": "hired", "starts_on": f"{day}", "version": withdrawn.json()["version"]},
    )
    assert too_late.status_code == 422 and "ne peut plus passer" in too_late.json()["detail"]
    assert state(proposal_id)[0] == "withdrawn"


def test_a_hire_through_the_api_gives_its_start_date(
    structure_a,
    counselor,
    employer_liaison,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes, first_name="Léa", last_name="Morvan")
    client = api(employer_liaison)
    created = post(
        client, "/api/v1/mises-en-relation", {"offer_id": offer.pk, "person_id": person.pk}
    )
    assert created.status_code == 201, created.content
    proposal_id, version = created.json()["id"], created.json()["version"]
    answer = f"/api/v1/mises-en-relation/{proposal_id}/reponse"
    before = state(proposal_id)
    undated = post(client, answer, {"outcome": "hired", "version": version})
    assert undated.status_code == 422
    assert "Indiquez la date de prise de poste." in undated.content.decode()
    assert state(proposal_id) == before
    starts = timezone.localdate() + timedelta(days=7)
    hired = post(client, answer, {"outcome": "hired", "starts_on": f"{starts}", "version": version})
    assert hired.status_code == 200, hired.content
    assert hired.json()["status"] == "hired"
    assert hired.json()["hire_starts_on"] == starts.isoformat()
    assert Proposal.objects.get(pk=proposal_id).hire_starts_on == starts
    assert hired.json()["events"][-1]["note"] == f"Prise de poste le {starts:%d/%m/%Y}"


def test_a_person_without_consent_is_refused_in_french_and_nothing_is_written(
    structure_a,
    counselor,
    employer_liaison,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes, consent=False)
    payload = {"offer_id": offer.pk, "person_id": person.pk, "recipient_email": "rh@b.test"}
    refused = post(api(counselor), "/api/v1/mises-en-relation", payload)
    assert refused.status_code == 422
    assert "n'a pas donné son accord pour être proposée" in refused.json()["detail"]
    # The chargé·e de relations entreprises does not even see a person who did not agree.
    hidden = post(api(employer_liaison), "/api/v1/mises-en-relation", payload)
    assert hidden.status_code == 404
    assert not Proposal.objects.exists() and not ProposalEvent.objects.exists()
    assert not mail.outbox


def test_bad_input_and_other_offers_are_refused(
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes)
    client = api(counselor)
    bad_email = post(
        client,
        "/api/v1/mises-en-relation",
        {"offer_id": offer.pk, "person_id": person.pk, "recipient_email": "rh@"},
    )
    assert bad_email.status_code == 422 and "recipient_email" in bad_email.json()["detail"]
    offer.status = "draft"
    offer.save()
    draft = post(
        client, "/api/v1/mises-en-relation", {"offer_id": offer.pk, "person_id": person.pk}
    )
    assert draft.status_code == 422 and "offre publiée" in draft.json()["detail"]
    unknown = post(
        client, "/api/v1/mises-en-relation", {"offer_id": offer.pk + 1, "person_id": person.pk}
    )
    assert unknown.status_code == 404 and unknown.json()["detail"] == "Offre introuvable."
    assert not Proposal.objects.exists()


def test_only_the_structure_employer_staff_read_its_proposals(
    structure_a,
    counselor,
    reception,
    other_counselor,
    offer,  # noqa: F811
    nantes,
):
    from tremplin.matching import proposals as workflow

    person = candidate(structure_a, counselor, nantes)
    proposal = workflow.propose(offer=offer, person=person, membership=counselor.memberships.get())
    assert api(counselor).get(f"/api/v1/mises-en-relation/{proposal.pk}").status_code == 200
    other = api(other_counselor)
    assert other.get("/api/v1/mises-en-relation").json() == {"items": [], "count": 0}
    assert other.get(f"/api/v1/mises-en-relation/{proposal.pk}").status_code == 404
    assert api(reception).get("/api/v1/mises-en-relation").status_code == 403
    assert not AccessLog.objects.filter(user__in=[other_counselor, reception]).exists()


def test_the_list_reads_a_bounded_number_of_queries(
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
    django_assert_max_num_queries,
):
    from tremplin.matching import proposals as workflow

    membership = counselor.memberships.get()
    for _ in range(6):
        person = candidate(structure_a, counselor, nantes)
        workflow.propose(offer=offer, person=person, membership=membership)
    client = api(counselor)
    with django_assert_max_num_queries(12):
        data = client.get("/api/v1/mises-en-relation").json()
    assert data["count"] == 6 and len(data["items"]) == 6


def test_the_schema_documents_proposals_and_the_follow_up(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/mises-en-relation",
        "/api/v1/mises-en-relation/{proposal_id}/reponse",
        "/api/v1/emplois/{employment_id}",
        "/api/v1/points-de-suivi",
        "/api/v1/emplois/{employment_id}/situation-a-six-mois",
    } <= set(paths)
    assert "201" in paths["/api/v1/mises-en-relation"]["post"]["responses"]
