"""The directory API: same access rules as the screens."""

from django.test import Client

from tremplin.accounts.models import ApiToken
from tremplin.network.models import PartnerContact
from tremplin.network.tests.test_directory_pages import LOGEMENT, PERMIS, make_partner


def api(user):
    key = ApiToken.issue(membership=user.memberships.get(), name="test")[1]
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_services_are_searched_by_need_and_distance(counselor, db):
    near = make_partner("Auto-école de Montoir", "44103", themes=[PERMIS])[1]
    make_partner("Auto-école nantaise", "44109", themes=[PERMIS])
    make_partner("Habitat Jeunes", "44184", themes=[LOGEMENT])
    response = api(counselor).get(
        "/api/v1/partenaires/services", {"thematique": "mobilite", "commune": "44184", "rayon": 20}
    )
    assert response.status_code == 200
    [hit] = response.json()
    assert hit["id"] == near.pk and hit["thematiques"] == [PERMIS]
    assert 0 < hit["distance_km"] < 20
    bad = api(counselor).get("/api/v1/partenaires/services", {"commune": "00000"})
    assert bad.status_code == 422 and "Commune inconnue" in bad.json()["detail"]


def test_a_structure_shows_its_services_and_only_my_contacts(
    counselor, other_counselor, structure_a, structure_b, db
):
    partner, service = make_partner("Auto-école de Montoir", "44103", themes=[PERMIS])
    PartnerContact.objects.create(partner=partner, owner_structure=structure_a, last_name="Guillou")
    PartnerContact.objects.create(partner=partner, owner_structure=structure_b, last_name="Autre")
    data = api(counselor).get(f"/api/v1/partenaires/structures/{partner.pk}").json()
    assert [s["id"] for s in data["services"]] == [service.pk]
    assert [c["last_name"] for c in data["contacts"]] == ["Guillou"]
    other = api(other_counselor).get(f"/api/v1/partenaires/structures/{partner.pk}").json()
    assert [c["last_name"] for c in other["contacts"]] == ["Autre"]
    detail = api(counselor).get(f"/api/v1/partenaires/services/{service.pk}")
    assert detail.status_code == 200 and detail.json()["structure_name"] == partner.name
    service.is_active = False
    service.save()
    assert api(counselor).get(f"/api/v1/partenaires/services/{service.pk}").status_code == 404
