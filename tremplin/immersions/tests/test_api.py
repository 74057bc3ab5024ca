"""Immersions through the API: same access rules, drafts created with the limits checked."""

from datetime import timedelta

import pytest
from django.test import Client

from tremplin.accounts.models import ApiToken
from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Section
from tremplin.immersions.models import Immersion
from tremplin.immersions.tests.helpers import SIRET, appellation, make_immersion, next_monday

pytestmark = pytest.mark.django_db


def api(user):
    _token, key = ApiToken.issue(membership=user.memberships.get(), name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def payload(person, **overrides):
    start = next_monday()
    data = {
        "person_id": person.pk,
        "beneficiary_status": "job_seeker",
        "company_name": "Garage Martin",
        "siret": SIRET,
        "company_address": "12 rue de Rennes",
        "company_commune": "44109",
        "tutor_name": "Luc Martin",
        "tutor_function": "Chef d'atelier",
        "tutor_phone": "0240000001",
        "tutor_email": "luc@garage.test",
        "objective": "confirm",
        "appellation": appellation().code,
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=4)).isoformat(),
        "daily_hours": [7, 7, 7, 7, 7, 0, 0],
        "tasks": "Entretien courant des véhicules.",
        "accident_cover": "France Travail",
    }
    data.update(overrides)
    return data


def test_counselor_creates_a_draft_and_reads_it_back(counselor, person):
    client = api(counselor)
    response = client.post("/api/v1/immersions", payload(person), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["weekly_hours"] == "35"
    immersion = Immersion.objects.get()
    before = AccessLog.objects.filter(section=Section.IMMERSION, channel="api").count()
    detail = client.get(f"/api/v1/immersions/{immersion.pk}").json()
    assert detail["company_name"] == "Garage Martin" and detail["signatures"] == []
    listed = client.get(f"/api/v1/immersions?person_id={person.pk}").json()
    assert [i["id"] for i in listed] == [immersion.pk]
    assert AccessLog.objects.filter(section=Section.IMMERSION, channel="api").count() == before + 2


def test_the_api_refuses_an_immersion_over_the_limits(counselor, person):
    start = next_monday()
    response = api(counselor).post(
        "/api/v1/immersions",
        payload(
            person,
            ends_on=(start + timedelta(days=31)).isoformat(),
            daily_hours=[10, 10, 10, 10, 9, 0, 0],
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "32 jours calendaires" in detail and "49 h par semaine" in detail
    assert Immersion.objects.count() == 0


def test_other_structure_and_reception_see_nothing(counselor, reception, other_counselor, person):
    immersion = make_immersion(person=person, counselor=counselor)
    assert api(other_counselor).get(f"/api/v1/immersions/{immersion.pk}").status_code == 404
    assert api(other_counselor).get("/api/v1/immersions").json() == []
    assert api(reception).get("/api/v1/immersions").json() == []
    response = api(reception).post(
        "/api/v1/immersions", payload(person), content_type="application/json"
    )
    assert response.status_code == 403
    response = api(other_counselor).post(
        "/api/v1/immersions", payload(person), content_type="application/json"
    )
    assert response.status_code in (403, 404)
    assert Immersion.objects.count() == 1


def test_the_api_says_how_each_party_signed(counselor, person):
    import hashlib

    from tremplin.immersions import actions
    from tremplin.immersions.documents import convention_hash
    from tremplin.workshops.tests.conftest import png

    person.email = ""
    person.save()
    membership = counselor.memberships.get()
    immersion = make_immersion(person=person, counselor=counselor)
    immersion = actions.send_for_signature(immersion=immersion, membership=membership)
    drawn = png(120, 40)
    actions.sign_in_person(
        immersion=immersion,
        membership=membership,
        party="person",
        channel="screen",
        signer_name="Inès Zwyrtkowska",
        content_sha256=convention_hash(immersion),
        drawing=drawn,
    )
    immersion.refresh_from_db()
    actions.sign_as_prescriber(
        immersion=immersion,
        membership=membership,
        signer_name=counselor.full_name,
        content_sha256=convention_hash(immersion),
    )
    body = api(counselor).get(f"/api/v1/immersions/{immersion.pk}").json()
    signatures = {s["party"]: s for s in body["signatures"]}
    assert signatures["person"]["channel"] == "screen"
    assert signatures["person"]["how"] == "à l'écran pendant l'entretien (signature tracée)"
    assert signatures["person"]["drawing_sha256"] == hashlib.sha256(drawn).hexdigest()
    assert signatures["prescriber"]["channel"] == "electronic"
    assert signatures["prescriber"]["how"] == "dans Tremplin"
    assert signatures["prescriber"]["drawing_sha256"] == ""
