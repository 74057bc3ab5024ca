"""The social-rights estimates through the API: estimate, read, list; every read logged;
the roles without the social situation kept out."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from tremplin.accounts.models import ApiToken
from tremplin.audit.models import AccessLog
from tremplin.rights.models import RightsEstimate

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, key = ApiToken.issue(membership=user.memberships.get(), name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def payload(**overrides) -> dict:
    data = {
        "salary": "980.00",
        "in_couple": False,
        "children_birth_dates": [],
        "housing": "locataire_vide",
        "rent": "480",
        "commune": "44109",
    }
    return data | overrides


def stored(person, structure, user, **overrides) -> RightsEstimate:
    values = {
        "person": person,
        "structure": structure,
        "month": date(2026, 11, 1),
        "household": {
            "person": {
                "birth_date": "1990-01-01",
                "salary": 0.0,
                "unemployment": 0.0,
                "ass": 0.0,
                "alimony": 0.0,
            },
            "partner": None,
            "children_birth_dates": [],
            "housing": "loge_gratuitement",
            "rent": 0.0,
            "commune_code": "44109",
        },
        "result": {
            "month": "2026-11-01",
            "amounts": {"rsa": 570.0},
            "housing_kind": "",
            "css": "free",
            "css_participation": 0.0,
            "engine_version": "test",
        },
        "total": Decimal("570"),
        "engine_version": "test",
        "created_by": user,
    }
    return RightsEstimate.objects.create(**(values | overrides))


def test_a_counselor_estimates_and_reads_through_the_api(counselor, person):
    client = api(counselor)
    response = client.post(
        f"/api/v1/personnes/{person.pk}/estimations-droits",
        payload(),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {line["key"] for line in body["lines"]} >= {"ppa", "housing"}
    assert "rsa" not in {line["key"] for line in body["lines"]}
    assert body["housing_kind"] == "als"
    assert Decimal(body["total"]) == RightsEstimate.objects.get().total
    assert body["household"]["person"]["salary"] == 980.0

    listed = client.get(f"/api/v1/estimations-droits?person_id={person.pk}").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    detail = client.get(f"/api/v1/estimations-droits/{body['id']}")
    assert detail.status_code == 200
    assert (
        AccessLog.objects.filter(
            user=counselor, person_id=person.pk, section="situation", channel="api"
        ).count()
        == 3
    )


def test_bad_input_is_refused_in_french_and_nothing_is_saved(counselor, person):
    client = api(counselor)
    for bad, words in (
        (payload(rent=None), "Indiquez le loyer"),
        (payload(commune="99999"), "Commune introuvable"),
        (payload(salary="-5"), "ne peut pas être négatif"),
        (payload(in_couple=True), "date de naissance du conjoint"),
    ):
        response = client.post(
            f"/api/v1/personnes/{person.pk}/estimations-droits",
            bad,
            content_type="application/json",
        )
        assert response.status_code == 422
        assert words in response.json()["detail"]
    assert not RightsEstimate.objects.exists()


def test_roles_without_the_social_situation_are_kept_out(
    counselor, structure_a, person, reception, employer_liaison, other_counselor
):
    estimate = stored(person, structure_a, counselor)
    for user, write_status in ((reception, 403), (employer_liaison, 403), (other_counselor, 404)):
        client = api(user)
        assert client.get("/api/v1/estimations-droits").json() == {"items": [], "count": 0}
        response = client.get(f"/api/v1/estimations-droits/{estimate.pk}")
        assert response.status_code == 404
        created = client.post(
            f"/api/v1/personnes/{person.pk}/estimations-droits",
            payload(),
            content_type="application/json",
        )
        assert created.status_code == write_status
    assert RightsEstimate.objects.count() == 1
    assert not AccessLog.objects.filter(
        user__in=[reception, employer_liaison, other_counselor]
    ).exists()


def test_the_list_reads_a_bounded_number_of_queries(
    counselor, structure_a, django_assert_max_num_queries
):
    from tremplin.people.models import Follow
    from tremplin.testing.factories import PersonFactory

    for _ in range(6):
        someone = PersonFactory()
        Follow.objects.create(person=someone, structure=structure_a, referent=counselor)
        stored(someone, structure_a, counselor)
    client = api(counselor)
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/estimations-droits").json()["count"] == 6
