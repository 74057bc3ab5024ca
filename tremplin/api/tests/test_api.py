import pytest
from django.test import Client

from conftest import CANARY_HEALTH_NOTE, CANARY_LAST_NAME
from tremplin.accounts.models import ApiToken
from tremplin.audit.models import AccessLog


def api(user, **kwargs):
    token, key = ApiToken.issue(membership=user.memberships.get(), name="test", **kwargs)
    return Client(headers={"Authorization": f"Bearer {key}"}), token


def test_a_token_acts_as_its_user_and_structure(counselor, structure_a):
    client, token = api(counselor)
    response = client.get("/api/v1/moi")
    assert response.status_code == 200
    assert response.json() == {
        "email": counselor.email,
        "first_name": "Alice",
        "last_name": "Conseil",
        "structure": structure_a.name,
        "structure_id": structure_a.pk,
        "role": "counselor",
    }
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer trp_inconnu", "Token abc"])
def test_missing_or_unknown_tokens_get_401(db, header):
    assert Client(headers={"Authorization": header}).get("/api/v1/personnes").status_code == 401


def test_revoked_and_expired_tokens_get_401(counselor):
    client, token = api(counselor)
    token.revoked_at = token.created_at
    token.save()
    assert client.get("/api/v1/moi").status_code == 401
    client, token = api(counselor, days=0)
    assert client.get("/api/v1/moi").status_code == 401


def test_list_shows_only_visible_people(counselor, other_counselor, person, person_b):
    client, _ = api(counselor)
    data = client.get("/api/v1/personnes").json()
    assert data["count"] == 1 and data["items"][0]["last_name"] == CANARY_LAST_NAME
    assert data["items"][0]["commune"] == "Nantes" and data["items"][0]["commune_insee"] == "44109"
    theirs = api(other_counselor)[0].get("/api/v1/personnes").json()
    assert [p["id"] for p in theirs["items"]] == [person_b.pk]


def test_list_search_tolerates_typos(counselor, person):
    client, _ = api(counselor)
    response = client.post(
        "/api/v1/personnes/recherche", {"q": "zwyrtkowsca"}, content_type="application/json"
    )
    assert response.json()["count"] == 1
    too_short = client.post(
        "/api/v1/personnes/recherche", {"q": "z"}, content_type="application/json"
    )
    assert too_short.status_code == 422


def test_detail_has_only_the_sections_the_role_may_see_and_is_logged(counselor, colleague, person):
    data = api(counselor)[0].get(f"/api/v1/personnes/{person.pk}").json()
    assert data["health"]["health_notes"] == CANARY_HEALTH_NOTE
    assert set(data["sections"]) >= {"identity", "situation", "health", "justice"}
    theirs = api(colleague)[0].get(f"/api/v1/personnes/{person.pk}").json()
    assert (
        theirs["health"] is None and theirs["justice"] is None and theirs["situation"] is not None
    )
    logged = set(
        AccessLog.objects.filter(person_id=person.pk, channel="api").values_list("user", "section")
    )
    assert (counselor.pk, "health") in logged and (colleague.pk, "health") not in logged


def test_detail_of_another_structure_is_404(other_counselor, person):
    response = api(other_counselor)[0].get(f"/api/v1/personnes/{person.pk}")
    assert response.status_code == 404 and CANARY_LAST_NAME not in response.content.decode()


def test_structure_admin_cannot_read_people(structure_admin, person):
    client, _ = api(structure_admin)
    assert client.get("/api/v1/personnes").status_code == 403


def test_openapi_schema_is_served(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "API Tremplin"
    assert "/api/v1/personnes/{person_id}" in schema["paths"]


def test_relecture_returns_the_findings_of_a_text(counselor):
    client, _ = api(counselor)
    text = "Il est paresseux ; sortant de prison."
    response = client.post("/api/v1/relecture", {"text": text}, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["summary"].startswith("2 points à revoir")
    assert [(f["words"], f["category"], f["topic"]) for f in data["findings"]] == [
        ("paresseux", "judgement", "label"),
        ("prison", "sensitive", "justice"),
    ]
    first = data["findings"][0]
    assert text[first["start"] : first["end"]] == "paresseux"
    assert first["category_label"] == "Formulation jugeante" and first["suggestion"]


def test_relecture_refuses_an_empty_text_and_anonymous_callers(counselor):
    client, _ = api(counselor)
    assert (
        client.post("/api/v1/relecture", {"text": ""}, content_type="application/json").status_code
        == 422
    )
    anonymous = Client().post(
        "/api/v1/relecture", {"text": "Il est paresseux."}, content_type="application/json"
    )
    assert anonymous.status_code == 401
