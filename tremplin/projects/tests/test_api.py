"""The professional project through the API: same access rules as the screens."""

import pytest
from django.test import Client

from tremplin.accounts.models import ApiToken
from tremplin.audit.models import AccessLog
from tremplin.projects.models import TargetJob, TargetJobHealth, Training
from tremplin.projects.tests.conftest import PREPARATEUR

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, key = ApiToken.issue(membership=user.memberships.get(), name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_counselor_builds_a_project_through_the_api(counselor, person):
    client = api(counselor)
    base = f"/api/v1/personnes/{person.pk}"
    bad = post(client, f"{base}/projet", {"appellation": "99999999", "decided_on": "2026-11-02"})
    assert bad.status_code == 422 and "inconnu du ROME" in bad.json()["detail"]
    response = post(
        client,
        f"{base}/projet",
        {
            "appellation": PREPARATEUR,
            "contract_types": ["cdi"],
            "weekly_hours": 35,
            "decided_on": "2026-11-02",
        },
    )
    assert response.status_code == 201, response.content
    target = response.json()
    assert target["rome"] == "N1103" and target["decision"] == "explore"
    assert [d["decision"] for d in target["decisions"]] == ["explore"]
    response = post(
        client,
        f"/api/v1/projet/metiers/{target['id']}/decisions",
        {"decision": "confirm", "decided_on": "2026-11-12", "note": "Immersion réussie."},
    )
    assert response.status_code == 201
    assert [d["decision"] for d in response.json()["decisions"]] == ["confirm", "explore"]
    # Training ending before it starts: a French message, nothing saved.
    bad = post(
        client,
        f"{base}/formations",
        {
            "organisation": "AFPA",
            "title": "CACES R489",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-01",
        },
    )
    assert bad.status_code == 422 and "ne peut pas précéder son début" in bad.json()["detail"]
    assert not Training.objects.exists()
    response = post(
        client,
        f"{base}/formations",
        {
            "organisation": "AFPA",
            "title": "CACES R489",
            "target_job_id": target["id"],
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-04",
            "hours_per_day": "7",
            "funding": "aif",
            "status": "accepted",
        },
    )
    assert response.status_code == 201 and response.json()["funding"] == "aif"
    response = post(
        client,
        f"{base}/candidatures",
        {
            "offer_title": "Préparateur de commandes",
            "company": "Entrepôt Ouest",
            "applied_on": "2026-11-05",
            "channel": "temping",
        },
    )
    assert response.status_code == 201
    assert len(client.get(f"{base}/candidatures").json()) == 1
    assert client.get(f"{base}/projet").json()[0]["decision"] == "confirm"
    assert AccessLog.objects.filter(person_id=person.pk, section="project", channel="api").exists()


def test_the_api_never_serves_health_restrictions(counselor, target):
    TargetJobHealth.objects.create(target_job=target, restrictions="Pas de port de charges")
    body = api(counselor).get(f"/api/v1/projet/metiers/{target.pk}").content.decode()
    assert "charges" not in body


def test_other_structure_and_reception_cannot_read_the_project(other_counselor, reception, target):
    for user in (other_counselor, reception):
        client = api(user)
        assert client.get(f"/api/v1/projet/metiers/{target.pk}").status_code == 404
        assert client.get(f"/api/v1/personnes/{target.person_id}/projet").status_code == 404
    response = post(
        api(reception),
        f"/api/v1/projet/metiers/{target.pk}/decisions",
        {"decision": "drop", "decided_on": "2026-11-12"},
    )
    assert response.status_code in {403, 404}
    assert TargetJob.objects.get().decision == "explore"
