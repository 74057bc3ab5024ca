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


def test_reception_contacts_through_the_api(reception, other_counselor):
    client, _ = api(reception)
    created = client.post(
        "/api/v1/accueil/contacts",
        {
            "channel": "phone",
            "last_name": "Morel",
            "first_name": "Jade",
            "demand": "Infos sur le CEJ",
            "next_step": "info_session",
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["last_name"] == "Morel"
    assert client.get("/api/v1/accueil/contacts").json()["count"] == 1
    assert api(other_counselor)[0].get("/api/v1/accueil/contacts").json()["count"] == 0
    bad = client.post(
        "/api/v1/accueil/contacts",
        {
            "channel": "phone",
            "last_name": "X",
            "demand": "d",
            "next_step": "information",
            "phone": "12",
        },
        content_type="application/json",
    )
    assert bad.status_code == 422 and "téléphone" in bad.json()["detail"].lower()


def test_orders_and_diagnosis_through_the_api(counselor, reception, colleague, person, structure_a):
    from tremplin.diagnosis import actions as diagnosis_actions
    from tremplin.diagnosis.actions import DomainData
    from tremplin.reception.models import Order

    Order.objects.create(
        structure=structure_a,
        person=person,
        prescriber_kind="spip",
        prescriber_name="SPIP 44",
        service_ordered="Accompagnement",
        recorded_by=counselor,
    )
    client, _ = api(counselor)
    orders = client.get("/api/v1/commandes").json()
    assert orders["count"] == 1 and orders["items"][0]["prescriber_name"] == "SPIP 44"
    assert api(reception)[0].get("/api/v1/commandes").status_code == 403
    # Reading one order reads the person's reception part: it is in the access log.
    from tremplin.audit.models import AccessLog

    order_id = orders["items"][0]["id"]
    assert client.get(f"/api/v1/commandes/{order_id}").json()["service_ordered"] == "Accompagnement"
    assert AccessLog.objects.filter(
        person_id=person.pk, user=counselor, section="reception", channel="api"
    ).exists()
    membership = counselor.memberships.get()
    counselor.active_membership = membership
    diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=0,
        interview_date="2026-11-20",
        demand="Emploi",
        synthesis="",
        editable={"mobilite", "sante"},
        domains={
            "mobilite": DomainData(
                {"vehicle": "no"}, "", "", [{"label": "Pas de bus", "severity": "strong"}], []
            ),
            "sante": DomainData({}, "Suivi en cours", "", [], []),
        },
    )
    mine = client.get(f"/api/v1/personnes/{person.pk}/diagnostic").json()
    assert [d["domain"] for d in mine[0]["domains"]] == ["mobilite", "sante"]
    theirs = api(colleague)[0].get(f"/api/v1/personnes/{person.pk}/diagnostic").json()
    assert [d["domain"] for d in theirs[0]["domains"]] == ["mobilite"]


def test_referrals_through_the_api(counselor, reception, other_counselor, person):
    from tremplin.network.models import PartnerService, PartnerStructure

    partner = PartnerStructure.objects.create(
        source="dora", source_id="dora--p", name="Atelier vélo", email="velo@exemple.test"
    )
    service = PartnerService.objects.create(
        structure=partner, source="dora", source_id="dora--p1", name="Prêt de vélos"
    )
    client, _token = api(counselor)
    payload = {
        "person_id": person.pk,
        "service_id": service.pk,
        "motive": "Se rendre à l'entretien du 3 décembre.",
        "thematique": "mobilite--acceder-a-un-vehicule",
        "send": True,
        "sections": ["identity"],
    }
    missing_consent = client.post("/api/v1/orientations", payload, content_type="application/json")
    assert (
        missing_consent.status_code == 422 and "consent_channel" in missing_consent.json()["detail"]
    )
    payload["consent_channel"] = "oral"
    health = client.post(
        "/api/v1/orientations",
        {**payload, "sections": ["identity", "health", "inconnue"]},
        content_type="application/json",
    )
    assert health.status_code == 422
    created = client.post("/api/v1/orientations", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "sent" and body["shared_sections"] == ["identity"]
    assert body["reference"].startswith("ORI-")
    listed = client.get(f"/api/v1/orientations?person_id={person.pk}").json()
    assert [r["id"] for r in listed["items"]] == [body["id"]]
    cancelled = client.post(
        f"/api/v1/orientations/{body['id']}/annulation",
        {"reason": "Vélo trouvé par la famille.", "version": body["version"]},
        content_type="application/json",
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = client.post(
        f"/api/v1/orientations/{body['id']}/suite", {"came": True}, content_type="application/json"
    )
    assert again.status_code == 422
    # Other structures and roles without the right see nothing.
    assert api(other_counselor)[0].get(f"/api/v1/orientations/{body['id']}").status_code == 404
    assert api(reception)[0].get("/api/v1/orientations").status_code == 403


def test_a_referral_sent_through_the_api_with_sensitive_details_needs_their_confirmation(
    counselor, person
):
    from tremplin.network.models import PartnerService, PartnerStructure, Referral

    partner = PartnerStructure.objects.create(
        source="dora", source_id="dora--s", name="Centre social", email="cs@exemple.test"
    )
    service = PartnerService.objects.create(
        structure=partner, source="dora", source_id="dora--s1", name="Accueil de jour"
    )
    client, _token = api(counselor)
    payload = {
        "person_id": person.pk,
        "service_id": service.pk,
        "motive": "Elle est enceinte et sort de prison ; elle cherche un accueil de jour.",
        "send": True,
        "sections": ["identity"],
        "consent_channel": "oral",
    }
    refused = client.post("/api/v1/orientations", payload, content_type="application/json")
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert "le motif contient des informations sensibles" in detail
    assert "sensitive_details_confirmed" in detail
    assert not Referral.objects.filter(person=person).exists()
    # A draft is not sent: it needs no confirmation yet.
    draft = client.post(
        "/api/v1/orientations", {**payload, "send": False}, content_type="application/json"
    )
    assert draft.status_code == 201 and draft.json()["status"] == "draft"
    sent = client.post(
        "/api/v1/orientations",
        {**payload, "sensitive_details_confirmed": True},
        content_type="application/json",
    )
    assert sent.status_code == 201 and sent.json()["status"] == "sent"
    referral = Referral.objects.get(pk=sent.json()["id"])
    assert "Motif relu à l'envoi" in referral.events.get(status_to="sent").note
