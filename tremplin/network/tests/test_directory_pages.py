"""The partner directory through the test client: search, pages, manual entries, contacts."""

import json

import pytest
from django.test import Client

from tremplin.network.models import (
    MANUAL_SOURCE,
    PartnerContact,
    PartnerService,
    PartnerStructure,
)
from tremplin.referentials.models import Commune


def make_partner(label, commune_code, *, themes=(), lat=None, lon=None, by=None, **service):
    commune = Commune.objects.get(pk=commune_code)
    manual = by is not None
    partner = PartnerStructure.objects.create(
        source=MANUAL_SOURCE if manual else "dora",
        source_id=f"{'tremplin' if manual else 'dora'}--{label}",
        name=label,
        commune=commune,
        latitude=lat,
        longitude=lon,
        phone="02 40 00 00 00",
        created_by_structure=by,
    )
    created = PartnerService.objects.create(
        structure=partner,
        source=partner.source,
        source_id=f"{partner.source_id}--service",
        name=service.pop("name", f"Service de {label}"),
        created_by_structure=by,
        **service,
    )
    created.thematiques.set(list(themes))
    return partner, created


PERMIS = "mobilite--preparer-un-permis"
LOGEMENT = "logement-hebergement--louer-un-logement"


@pytest.fixture
def directory(db):
    """Partners around Saint-Nazaire (44184), one in Nantes, 55 km away."""
    return {
        "montoir": make_partner("Auto-école de Montoir", "44103", themes=[PERMIS])[1],
        "nazaire": make_partner(
            "Auto-école Ville-Port", "44184", themes=[PERMIS], lat=47.28, lon=-2.25
        )[1],
        "nantes": make_partner("Auto-école nantaise", "44109", themes=[PERMIS])[1],
        "logement": make_partner("Habitat Jeunes", "44184", themes=[LOGEMENT])[1],
    }


def search(client, **params):
    return client.get("/partenaires/", params)


def test_search_by_need_near_a_commune_lists_the_nearest_first(counselor, login, directory):
    client = login(Client(), counselor)
    response = search(client, thematique=PERMIS, commune="44184", rayon=30)
    hits = response.context["hits"]
    assert [h.service for h in hits] == [directory["nazaire"], directory["montoir"]]
    assert hits[0].distance_label == "moins d'1 km"
    body = response.content.decode()
    assert "2 services trouvés" in body and "Auto-école nantaise" not in body
    markers = json.loads(
        response.content.decode()
        .split('id="map-markers" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert [m["name"] for m in markers] == [h.service.name for h in hits]
    assert f"/partenaires/services/{directory['nazaire'].pk}/" in markers[0]["url"]
    # The map is built from a JSON script tag; the list is plain HTML.
    assert 'id="map-markers"' in body and 'id="directory-map"' in body


def test_a_whole_category_and_words_narrow_the_search(counselor, login, directory):
    client = login(Client(), counselor)
    hits = search(client, thematique="mobilite").context["hits"]
    assert {h.service for h in hits} == {directory[k] for k in ("montoir", "nazaire", "nantes")}
    hits = search(client, q="ville port").context["hits"]
    assert [h.service for h in hits] == [directory["nazaire"]]
    response = search(client, thematique=PERMIS, commune="44184", rayon=5)
    assert [h.service for h in response.context["hits"]] == [directory["nazaire"]]
    empty = search(client, thematique=LOGEMENT, q="permis")
    assert "Aucun service ne correspond" in empty.content.decode()


def test_search_near_a_commune_leaves_out_closed_partners_and_keeps_remote_services_of_its_zone(
    counselor, login, directory
):
    closed_partner, _ = make_partner("Auto-école fermée", "44184", themes=[PERMIS])
    closed_partner.is_active = False
    closed_partner.save()
    make_partner("Auto-école arrêtée", "44184", themes=[PERMIS], is_active=False)
    remote = ["a-distance"]
    for_loire_atlantique = make_partner(
        "Code en ligne", "69123", themes=[PERMIS], reception_modes=remote, eligibility_zone=["44"]
    )[1]
    make_partner(
        "Code en ligne lyonnais",
        "69123",
        themes=[PERMIS],
        reception_modes=remote,
        eligibility_zone=["69"],
    )
    make_partner("Logement en ligne", "69123", themes=[LOGEMENT], reception_modes=remote)
    response = search(login(Client(), counselor), thematique=PERMIS, commune="44184", rayon=30)
    hits = response.context["hits"]
    assert [h.service for h in hits] == [
        directory["nazaire"],
        directory["montoir"],
        for_loire_atlantique,
    ]
    assert hits[-1].distance_label == "à distance"


def test_an_unknown_commune_is_a_french_error_on_the_field(counselor, login, directory):
    response = search(login(Client(), counselor), commune="Zzzyxville")
    assert response.context["hits"] is None
    assert response.context["form"].errors["commune"]
    assert 'id="id_commune_error"' in response.content.decode()


def test_search_results_are_paginated_in_a_bounded_number_of_queries(
    counselor, login, directory, django_assert_max_num_queries
):
    for index in range(45):
        make_partner(f"Partenaire {index:02d}", "44184", themes=[PERMIS, LOGEMENT])
    client = login(Client(), counselor)
    search(client, thematique=PERMIS)  # warm the session and caches
    with django_assert_max_num_queries(14):
        response = search(client, thematique=PERMIS, commune="44184", rayon=30, page=2)
    page = response.context["page"]
    assert page.paginator.count == 47 and page.number == 2 and len(page) == 20
    assert len(response.context["markers"]) == 47


def test_structure_page_shows_services_and_only_my_structures_contacts(
    counselor, other_counselor, structure_a, structure_b, login, directory
):
    partner = directory["montoir"].structure
    PartnerContact.objects.create(
        partner=partner, owner_structure=structure_a, last_name="Guillou", first_name="Hélène"
    )
    PartnerContact.objects.create(
        partner=partner, owner_structure=structure_b, last_name="Secret-de-B"
    )
    body = login(Client(), counselor).get(f"/partenaires/structures/{partner.pk}/").content
    assert b"Service de Auto-\xc3\xa9cole de Montoir" in body
    assert "Hélène Guillou".encode() in body and b"Secret-de-B" not in body
    other = login(Client(), other_counselor).get(f"/partenaires/structures/{partner.pk}/")
    assert b"Secret-de-B" in other.content and b"Guillou" not in other.content


def test_service_page_describes_how_to_mobilise_it(counselor, login, db):
    _, service = make_partner(
        "Plateforme mobilité",
        "44210",
        themes=[PERMIS],
        name="Bilan mobilité",
        publics=["jeunes", "demandeurs-emploi"],
        fees="gratuit",
        reception_modes=["en-presentiel", "a-distance"],
        mobilisation_modes=["telephoner"],
        mobilisable_by=["professionnels"],
        access_conditions="Sur orientation.",
        opening_hours="Mo-Fr 09:00-12:00",
        eligibility_zone=["244400644", "44143", "123456789"],
        weekly_hours=3,
        weeks=4,
    )
    body = login(Client(), counselor).get(f"/partenaires/services/{service.pk}/").content.decode()
    for text in (
        "Mobilité : Préparer un permis",
        "Jeunes, Demandeurs d’emploi",
        "Gratuit",
        "En présentiel, À distance",
        "Téléphoner",
        "Professionnels",
        "Sur orientation.",
        "du lundi au vendredi : 9 h – 12 h",
        "CA de la Région Nazairienne et de l&#x27;Estuaire (CARENE), Rezé (44143), 123456789",
        "3 h par semaine, pendant 4 semaines",
        "Comment mobiliser ce service",
    ):
        assert text in body, text


def test_a_counselor_adds_a_partner_and_a_service_then_edits_them(
    counselor, structure_a, login, db
):
    client = login(Client(), counselor)
    response = client.post(
        "/partenaires/structures/nouvelle/",
        {
            "name": "Repair café de Trignac",
            "commune": "Trignac — 44570 (44210)",
            "postal_code": "",
            "siret": "",
            "email": "repair@exemple.fr",
        },
    )
    partner = PartnerStructure.objects.get(name="Repair café de Trignac")
    assert response.status_code == 302 and response["Location"].endswith(f"/{partner.pk}/")
    assert partner.source == MANUAL_SOURCE and partner.created_by_structure == structure_a
    assert partner.postal_code == "44570"
    # The thématiques are checkboxes under their category, not a Ctrl-click list.
    form_page = client.get(f"/partenaires/structures/{partner.pk}/services/nouveau/")
    body = form_page.content.decode()
    assert '<legend class="fs-6 fw-semibold mb-1">Mobilité</legend>' in body
    assert 'type="checkbox" name="thematiques" value="mobilite--preparer-un-permis"' in body
    assert "Ctrl" not in body
    response = client.post(
        f"/partenaires/structures/{partner.pk}/services/nouveau/",
        {
            "name": "Réparer son vélo",
            "description": "Atelier participatif.",
            "thematiques": ["mobilite--entretenir-reparer-son-vehicule"],
            "publics": ["tous-publics"],
            "reception_modes": ["en-presentiel"],
            "eligibility_zone": "44210, 244400644",
            "fees": "gratuit",
        },
    )
    service = PartnerService.objects.get(name="Réparer son vélo")
    assert response.status_code == 302
    assert service.eligibility_zone == ["44210", "244400644"]
    assert list(service.thematiques.values_list("code", flat=True)) == [
        "mobilite--entretenir-reparer-son-vehicule"
    ]
    assert service.point_latitude == pytest.approx(47.31, abs=0.02)  # Trignac's centre
    client.post(
        f"/partenaires/structures/{partner.pk}/modifier/",
        {
            "name": "Repair café de l'estuaire",
            "commune": "Trignac — 44570 (44210)",
            "postal_code": "44570",
        },
    )
    service.refresh_from_db()
    assert "estuaire" in service.search_key  # found by its structure's new name


def test_bad_input_gives_french_errors_on_the_fields_and_saves_nothing(counselor, login, db):
    client = login(Client(), counselor)
    response = client.post(
        "/partenaires/structures/nouvelle/",
        {
            "name": "AB",
            "siret": "123",
            "commune": "Trignac — 44570 (44210)",
            "postal_code": "44600",
        },
    )
    form = response.context["form"]
    assert form.errors["name"] == ["Le nom compte au moins 3 caractères."]
    assert form.errors["siret"] == ["Le SIRET compte 14 chiffres."]
    assert "ne correspond pas à la commune" in form.errors["postal_code"][0]
    assert PartnerStructure.objects.count() == 0
    partner, _ = make_partner("Local", "44184", by=counselor.memberships.get().structure)
    response = client.post(
        f"/partenaires/structures/{partner.pk}/services/nouveau/",
        {
            "name": "Service",
            "publics": ["tous-publics", "jeunes"],
            "eligibility_zone": "44, abc, 00000",
            "mobilisation_modes": ["utiliser-lien-mobilisation"],
        },
    )
    errors = response.context["form"].errors
    assert errors["thematiques"] == ["Ce champ est obligatoire."]
    assert errors["publics"] == ["« Tous publics » ne se combine pas avec un autre public."]
    assert errors["eligibility_zone"] == ["Code(s) non reconnu(s) : abc."]
    assert errors["mobilisation_url"] == ["Indiquez le lien de mobilisation."]
    assert PartnerService.objects.filter(name="Service").count() == 0


def test_only_entries_created_by_my_structure_are_editable(
    counselor, other_counselor, structure_b, login, directory
):
    imported = directory["montoir"]
    mine, my_service = make_partner("Partenaire de B", "44184", by=structure_b)
    client = login(Client(), counselor)
    assert (
        client.get(f"/partenaires/structures/{imported.structure.pk}/modifier/").status_code == 404
    )
    assert client.get(f"/partenaires/services/{imported.pk}/modifier/").status_code == 404
    assert client.get(f"/partenaires/structures/{mine.pk}/modifier/").status_code == 404
    response = client.post(f"/partenaires/services/{my_service.pk}/modifier/", {"name": "Piraté"})
    assert response.status_code == 404
    my_service.refresh_from_db()
    assert my_service.name != "Piraté"
    b = login(Client(), other_counselor)
    assert b.get(f"/partenaires/structures/{mine.pk}/modifier/").status_code == 200
    assert b"Modifier" in b.get(f"/partenaires/services/{my_service.pk}/").content


def test_named_contacts_are_added_edited_and_removed_by_their_structure(
    counselor, other_counselor, structure_a, login, directory
):
    partner = directory["nantes"].structure
    client = login(Client(), counselor)
    response = client.post(
        f"/partenaires/structures/{partner.pk}/contacts/nouveau/",
        {"first_name": "Mathieu", "last_name": "Le Goff", "email": "pas-un-mail"},
    )
    assert response.context["form"].errors["email"] == ["Saisissez une adresse de courriel valide."]
    assert PartnerContact.objects.count() == 0
    client.post(
        f"/partenaires/structures/{partner.pk}/contacts/nouveau/",
        {"first_name": "Mathieu", "last_name": "Le Goff", "job_title": "Conseiller mobilité"},
    )
    contact = PartnerContact.objects.get()
    assert contact.owner_structure == structure_a and contact.partner == partner
    other = login(Client(), other_counselor)
    assert other.get(f"/partenaires/contacts/{contact.pk}/modifier/").status_code == 404
    assert other.post(f"/partenaires/contacts/{contact.pk}/supprimer/").status_code == 404
    client.post(
        f"/partenaires/contacts/{contact.pk}/modifier/",
        {"first_name": "Mathieu", "last_name": "Le Goff", "phone": "02 40 00 00 01"},
    )
    contact.refresh_from_db()
    assert contact.phone == "02 40 00 00 01"
    confirm = client.get(f"/partenaires/contacts/{contact.pk}/supprimer/")
    assert "Retirer Mathieu Le Goff du carnet" in confirm.content.decode()
    client.post(f"/partenaires/contacts/{contact.pk}/supprimer/")
    assert PartnerContact.objects.count() == 0


def test_reception_may_search_but_not_add(reception, login, directory):
    client = login(Client(), reception)
    assert search(client, thematique=PERMIS).status_code == 200
    assert b"Ajouter une structure partenaire" not in search(client).content
    assert client.get("/partenaires/structures/nouvelle/").status_code == 403


def test_before_any_search_the_page_lists_the_services_around_the_structure(
    counselor, login, directory, structure_a
):
    structure_a.commune = Commune.objects.get(pk="44184")
    structure_a.save()
    client = login(Client(), counselor)
    response = client.get("/partenaires/")
    hits = [h.service for h in response.context["hits"]]
    assert directory["nazaire"] in hits and directory["montoir"] in hits
    assert directory["nantes"] not in hits  # 55 km away
    assert "Autour de votre structure (Saint-Nazaire, 30 km)" in response.content.decode()
    # A page number alone keeps listing around the structure.
    again = client.get("/partenaires/", {"page": 1})
    assert [h.service for h in again.context["hits"]] == hits


def test_a_siret_pasted_with_spaces_is_accepted_and_kept_as_digits(counselor, login, db):
    client = login(Client(), counselor)
    assert 'maxlength="20"' in client.get("/partenaires/structures/nouvelle/").content.decode()
    response = client.post(
        "/partenaires/structures/nouvelle/",
        {
            "name": "Repair café de Trignac",
            "commune": "Trignac — 44570 (44210)",
            "postal_code": "",
            "siret": "900 869 934 00001",
        },
    )
    assert response.status_code == 302
    assert PartnerStructure.objects.get().siret == "90086993400001"
