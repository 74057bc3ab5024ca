"""Pathways through the API: same access rules as the screens, reads logged."""

from decimal import Decimal

import pytest
from django.test import Client

from tremplin.accounts.models import ApiToken
from tremplin.audit.models import AccessLog
from tremplin.pathways.models import Pathway

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, key = ApiToken.issue(membership=user.memberships.get(), name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_counselor_runs_a_pathway_through_the_api(counselor, person, funders):
    client = api(counselor)
    response = client.post(
        "/api/v1/parcours",
        {
            "person_id": person.pk,
            "framework": "contrat_engagement",
            "started_on": "2026-01-05",
            "planned_end_on": "2026-12-31",
            "referent_id": counselor.pk,
            "funder_ids": [funders[1].pk, funders[2].pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pathway_id = response.json()["id"]
    assert response.json()["weekly_hours_target"] == "15"
    assert sorted(response.json()["funder_ids"]) == sorted([funders[1].pk, funders[2].pk])
    objective = client.post(
        f"/api/v1/parcours/{pathway_id}/objectifs",
        {"thematique": "mobilite--preparer-un-permis", "title": "Permis B"},
        content_type="application/json",
    )
    assert objective.status_code == 201
    bad = client.post(
        f"/api/v1/parcours/{pathway_id}/actions",
        {"title": "Code", "owner": "person", "due_on": "2025-12-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "précéder le début du parcours" in bad.json()["detail"]
    action = client.post(
        f"/api/v1/parcours/{pathway_id}/actions",
        {
            "title": "Code",
            "owner": "person",
            "due_on": "2026-01-09",
            "hours": "6",
            "objective_id": objective.json()["id"],
        },
        content_type="application/json",
    )
    assert action.status_code == 201 and Decimal(action.json()["hours"]) == 6
    # « Reprise dans le nouveau parcours » comes from a reorientation, never from a client.
    carried = client.post(
        f"/api/v1/parcours/{pathway_id}/actions",
        {"title": "CV", "owner": "person", "due_on": "2026-01-09", "status": "carried"},
        content_type="application/json",
    )
    assert carried.status_code == 422 and "réorientation" in carried.json()["detail"]
    assert len(client.get(f"/api/v1/parcours/{pathway_id}/actions").json()) == 1
    no_facts = client.post(
        f"/api/v1/parcours/{pathway_id}/sortie",
        {"exit_on": "2026-03-31", "situation": "cdi"},
        content_type="application/json",
    )
    assert no_facts.status_code == 422 and "employeur" in no_facts.json()["detail"]
    assert not Pathway.objects.get(pk=pathway_id).is_closed
    facts = {
        "exit_on": "2026-03-31",
        "situation": "cdi",
        "employer": "Chantiers de l'Atlantique",
        "contract_start": "2026-04-01",
    }
    undecided = client.post(
        f"/api/v1/parcours/{pathway_id}/sortie", facts, content_type="application/json"
    )
    assert undecided.status_code == 422 and "« Permis B »" in undecided.json()["detail"]
    assert not Pathway.objects.get(pk=pathway_id).is_closed
    exit_ = client.post(
        f"/api/v1/parcours/{pathway_id}/sortie",
        {
            **facts,
            "objectives": {str(objective.json()["id"]): "reached"},
            "actions": {str(action.json()["id"]): "done"},
        },
        content_type="application/json",
    )
    assert exit_.status_code == 201, exit_.content
    closed = Pathway.objects.get(pk=pathway_id)
    assert closed.objectives.get().status == "reached"
    assert closed.actions.get().status == "done"
    assert exit_.json()["category"] == "cdi"
    assert {f["label"] for f in exit_.json()["funders"]} == {
        "Emploi durable",
        "Sortie positive — emploi durable",
    }
    assert client.get(f"/api/v1/parcours/{pathway_id}/sortie").json()["situation"] == "cdi"
    assert AccessLog.objects.filter(person_id=person.pk, section="pathway", channel="api").exists()


def test_other_structure_and_reception_get_nothing(pathway, other_counselor, reception):
    assert api(other_counselor).get(f"/api/v1/parcours/{pathway.pk}").status_code == 404
    assert api(other_counselor).get("/api/v1/parcours").json()["count"] == 0
    assert api(reception).get(f"/api/v1/parcours/{pathway.pk}").status_code == 404
    refused = api(reception).post(
        f"/api/v1/parcours/{pathway.pk}/objectifs",
        {"thematique": "mobilite--preparer-un-permis", "title": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and not pathway.objectives.exists()


def test_the_api_refuses_the_same_absurd_dates_as_the_form(counselor, person, pathway):
    client = api(counselor)
    pathway.status = "closed"  # the one open pathway rule aside
    pathway.save(update_fields=["status"])
    response = client.post(
        "/api/v1/parcours",
        {
            "person_id": person.pk,
            "framework": "cer",
            "started_on": "1900-01-01",
            "planned_end_on": "2200-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "avant le 01/01/2000" in response.content.decode()
    assert Pathway.objects.filter(person=person).count() == 1
