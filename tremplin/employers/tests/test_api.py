"""The employer relations API: same rights, same checks as the screens."""

import pytest
from django.test import Client

from tremplin.accounts.models import ApiToken
from tremplin.core.validators import example_siret
from tremplin.employers.models import Company

pytestmark = pytest.mark.django_db


def api(user):
    _token, key = ApiToken.issue(membership=user.memberships.get(), name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_create_a_company_checks_siret_and_naf_in_french(employer_liaison, structure_a):
    client = api(employer_liaison)
    payload = {"name": "Garage Central", "siret": "12345678901234", "naf": "45.20A"}
    response = client.post("/api/v1/entreprises", payload, content_type="application/json")
    assert response.status_code == 422 and "clé de contrôle incorrecte" in response.json()["detail"]
    payload.update(siret=example_siret(77), naf="45")
    response = client.post("/api/v1/entreprises", payload, content_type="application/json")
    assert response.status_code == 422 and "sous-classe NAF" in response.json()["detail"]
    assert not Company.objects.exists()
    payload.update(naf="4520A", commune_insee="44184", size_bracket="11", sector="private")
    response = client.post("/api/v1/entreprises", payload, content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert data["naf"] == "45.20A" and data["postal_code"] == "44600"
    assert data["sector"] == "private"
    assert Company.objects.get().structure == structure_a


def test_companies_campaigns_and_offers_of_the_structure_only(
    employer_liaison, other_counselor, reception, company, campaign, offer
):
    client = api(employer_liaison)
    assert [c["name"] for c in client.get("/api/v1/entreprises").json()["items"]] == [company.name]
    detail = client.get(f"/api/v1/campagnes/{campaign.pk}").json()
    assert {i["code"]: i["planned"] for i in detail["indicators"]}["visits"] == 3
    offers = client.get("/api/v1/offres", {"statut": "draft"}).json()["items"]
    assert [o["rome_fiche"] for o in offers] == ["D1102"]
    assert offers[0]["latitude"] is not None  # the commune's centre, for matching by distance
    other = api(other_counselor)
    assert other.get("/api/v1/entreprises").json()["items"] == []
    assert other.get(f"/api/v1/entreprises/{company.pk}").status_code == 404
    assert other.get(f"/api/v1/campagnes/{campaign.pk}").status_code == 404
    assert api(reception).get("/api/v1/offres").status_code == 403


def test_the_schema_documents_the_employer_endpoints(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/entreprises", "/api/v1/offres/{job_offer_id}/publication"} <= set(paths)
