"""Opening hours: OpenStreetMap read in French, French typed and stored as OpenStreetMap."""

import json

import pytest
from django.test import Client

from tremplin.network.importer import import_datainclusion
from tremplin.network.models import PartnerService, PartnerStructure
from tremplin.network.opening_hours import in_french, normalise
from tremplin.network.tests.test_directory_pages import make_partner

FRENCH_ERROR = (
    "Horaires non reconnus. Écrivez les jours puis les heures, par exemple "
    "« lundi-vendredi 9h-12h 14h-17h » ou « lun, mer 9h30-12h ; sam 10h-12h »."
)


@pytest.mark.parametrize(
    ("osm", "french"),
    [
        (
            "Mo,We 09:00-12:00; Tu-Fr 08:30-12:00,13:30-17:00",
            "lundi et mercredi : 9 h – 12 h ; du mardi au vendredi : 8 h 30 – 12 h, 13 h 30 – 17 h",
        ),
        ("Mo-Fr 09:00-12:00", "du lundi au vendredi : 9 h – 12 h"),
        ("Mo,We,Fr 14:00-17:30", "lundi, mercredi et vendredi : 14 h – 17 h 30"),
        ("Mo-Su 08:00-20:00", "tous les jours : 8 h – 20 h"),
        ("Mo-Fr 09:00-18:00; PH off", "du lundi au vendredi : 9 h – 18 h ; jours fériés : fermé"),
        ("Su,PH off", "dimanche et jours fériés : fermé"),
        ("24/7", "24 h/24, 7 j/7"),
        ("Sa 10:00-12:00", "samedi : 10 h – 12 h"),
        ("Mo-Fr 22:00-02:00", "du lundi au vendredi : 22 h – 2 h"),
        ("Tu 00:00-24:00", "mardi : toute la journée"),
    ],
)
def test_osm_hours_read_in_french_and_the_french_reads_back_to_the_same_osm(osm, french):
    assert in_french(osm) == french
    assert normalise(osm) == osm
    assert normalise(french) == osm


@pytest.mark.parametrize(
    ("osm", "french"),
    [
        ("Mo-Fr 9:00-12:00", "du lundi au vendredi : 9 h – 12 h"),
        ("mo-fr 09:00-12:00 ; ph OFF", "du lundi au vendredi : 9 h – 12 h ; jours fériés : fermé"),
        ("09:00-12:00", "tous les jours : 9 h – 12 h"),
    ],
)
def test_loosely_written_osm_is_still_read(osm, french):
    assert in_french(osm) == french


@pytest.mark.parametrize(
    ("typed", "osm"),
    [
        ("lundi-vendredi 9h-12h 14h-17h", "Mo-Fr 09:00-12:00,14:00-17:00"),
        ("lun, mer 9h30-12h", "Mo,We 09:30-12:00"),
        ("Lun. et mer. : 9 h 30 à 12 h ; sam 10h-midi", "Mo,We 09:30-12:00; Sa 10:00-12:00"),
        (
            "du lundi au vendredi de 9h à 12h et de 14h à 17h, le samedi de 9h à 12h",
            "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00",
        ),
        ("Du Mardi au Jeudi 8h30–17h\nvendredi 8h30-12h", "Tu-Th 08:30-17:00; Fr 08:30-12:00"),
        ("tous les jours 8h-20h", "Mo-Su 08:00-20:00"),
        ("lundi 9h-12h mardi fermé", "Mo 09:00-12:00; Tu off"),
        ("lundi-samedi 9h-19h ; jours fériés : fermé", "Mo-Sa 09:00-19:00; PH off"),
        ("24h/24 7j/7", "24/7"),
        ("ven 14:00-16:00", "Fr 14:00-16:00"),
        # Hours before the days they apply to.
        ("9h-12h du lundi au vendredi", "Mo-Fr 09:00-12:00"),
        ("Mo-Fr 9h-17h ; fermé le dimanche", "Mo-Fr 09:00-17:00; Su off"),
        ("9h-12h lundi et mardi, 14h-17h jeudi", "Mo,Tu 09:00-12:00; Th 14:00-17:00"),
    ],
)
def test_french_input_becomes_osm(typed, osm):
    assert normalise(typed) == osm


@pytest.mark.parametrize(
    "text",
    [
        "Sur rendez-vous",
        "Mo-Fr 09:00-12:00; Jan off",
        'Mo-Fr 09:00-12:00 || "sur rendez-vous"',
        "lundi 9h-",
        "lundi 9h",
        "Mo 25:00-26:00",
        "Mo 09:70-12:00",
        "lundi 9h-9h",
        "du lundi au jeudi jusqu'à 17h",
        "lundi fermé 9h-12h",
        "mars 9h-12h",
        "",
    ],
)
def test_what_is_not_understood_is_shown_as_typed_and_not_normalised(text):
    assert normalise(text) is None
    assert in_french(text) == text


def test_in_french_accepts_none():
    assert in_french(None) == ""


def test_the_service_and_structure_pages_show_the_hours_in_french(counselor, login, db):
    partner, service = make_partner(
        "Mission locale", "44184", opening_hours="Mo,We 09:00-12:00; Tu-Fr 08:30-12:00"
    )
    partner.opening_hours = "Mo-Fr 09:00-17:00; PH off"
    partner.save()
    client = login(Client(), counselor)
    body = client.get(f"/partenaires/services/{service.pk}/").content.decode()
    assert "lundi et mercredi : 9 h – 12 h ; du mardi au vendredi : 8 h 30 – 12 h" in body
    assert "09:00" not in body
    body = client.get(f"/partenaires/structures/{partner.pk}/").content.decode()
    assert "du lundi au vendredi : 9 h – 17 h ; jours fériés : fermé" in body
    assert "PH off" not in body


def test_a_service_without_hours_shows_its_structures_in_french_and_unread_hours_as_typed(
    counselor, login, db
):
    partner, service = make_partner("Épicerie solidaire", "44184")
    partner.opening_hours = "Mo 14:00-17:00"
    partner.save()
    client = login(Client(), counselor)
    body = client.get(f"/partenaires/services/{service.pk}/").content.decode()
    assert "lundi : 14 h – 17 h" in body
    service.opening_hours = "Sur rendez-vous le jeudi"
    service.save()
    body = client.get(f"/partenaires/services/{service.pk}/").content.decode()
    assert "Sur rendez-vous le jeudi" in body


def _new_repair_cafe(client, opening_hours):
    """The form « Ajouter un partenaire », filled with the hours typed."""
    return client.post(
        "/partenaires/structures/nouvelle/",
        {
            "name": "Repair café de Trignac",
            "commune": "Trignac — 44570 (44210)",
            "opening_hours": opening_hours,
        },
    )


def test_hours_typed_in_french_are_stored_as_osm_and_shown_back_in_french(
    counselor, structure_a, login, db
):
    client = login(Client(), counselor)
    response = _new_repair_cafe(client, "lundi-vendredi 9h-12h 14h-17h")
    assert response.status_code == 302
    partner = PartnerStructure.objects.get(name="Repair café de Trignac")
    assert partner.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00"
    form = client.get(f"/partenaires/structures/{partner.pk}/modifier/").context["form"]
    assert form.initial["opening_hours"] == "du lundi au vendredi : 9 h – 12 h, 14 h – 17 h"
    response = client.post(
        f"/partenaires/structures/{partner.pk}/services/nouveau/",
        {
            "name": "Réparer son vélo",
            "thematiques": ["mobilite--entretenir-reparer-son-vehicule"],
            "opening_hours": "lun, mer 9h30-12h",
        },
    )
    assert response.status_code == 302
    service = PartnerService.objects.get(name="Réparer son vélo")
    assert service.opening_hours == "Mo,We 09:30-12:00"
    # OpenStreetMap typed directly is still accepted.
    client.post(
        f"/partenaires/structures/{partner.pk}/modifier/",
        {
            "name": "Repair café de Trignac",
            "commune": "Trignac — 44570 (44210)",
            "postal_code": "44570",
            "opening_hours": "Sa 10:00-12:00; PH off",
        },
    )
    partner.refresh_from_db()
    assert partner.opening_hours == "Sa 10:00-12:00; PH off"


def test_hours_not_understood_are_a_french_error_and_nothing_is_saved(
    counselor, structure_a, login, db
):
    client = login(Client(), counselor)
    response = _new_repair_cafe(client, "le matin sauf vacances")
    assert response.status_code == 200
    assert response.context["form"].errors["opening_hours"] == [FRENCH_ERROR]
    assert "Horaires non reconnus." in response.content.decode()
    assert not PartnerStructure.objects.filter(name="Repair café de Trignac").exists()
    partner, service = make_partner("Local", "44184", by=structure_a)
    response = client.post(
        f"/partenaires/services/{service.pk}/modifier/",
        {
            "name": "Service renommé",
            "thematiques": ["mobilite--entretenir-reparer-son-vehicule"],
            "opening_hours": "lundi 9h",
        },
    )
    assert response.context["form"].errors["opening_hours"] == [FRENCH_ERROR]
    service.refresh_from_db()
    assert service.name != "Service renommé" and service.opening_hours == ""


def test_hours_kept_as_they_were_may_be_in_a_syntax_the_form_does_not_read(
    counselor, structure_a, login, db
):
    partner, _ = make_partner("Local", "44184", by=structure_a)
    partner.opening_hours = "Mo-Fr 09:00-12:00; Aug off"
    partner.save()
    client = login(Client(), counselor)
    form = client.get(f"/partenaires/structures/{partner.pk}/modifier/").context["form"]
    assert form.initial["opening_hours"] == "Mo-Fr 09:00-12:00; Aug off"
    response = client.post(
        f"/partenaires/structures/{partner.pk}/modifier/",
        {
            "name": "Local renommé",
            "commune": "Saint-Nazaire — 44600 (44184)",
            "opening_hours": "Mo-Fr 09:00-12:00; Aug off",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Local renommé"
    assert partner.opening_hours == "Mo-Fr 09:00-12:00; Aug off"


def test_imported_hours_are_kept_as_given_even_when_not_understood(db):
    payload = {
        "structures": [
            {
                "source": "exemple",
                "id": "exemple--s1",
                "nom": "Association Le Relais",
                "date_maj": "2025-06-01",
                "code_insee": "44184",
                "horaires_accueil": "Mo-Fr 09:00-12:00; Aug off",
            }
        ],
        "services": [
            {
                "source": "exemple",
                "structure_id": "exemple--s1",
                "id": "exemple--sv1",
                "nom": "Permanence logement",
                "description": "Aide pour trouver un logement.",
                "date_maj": "2025-06-01",
                "thematiques": ["logement-hebergement--louer-un-logement"],
                "horaires_accueil": "Tu 14:00-17:00",
            }
        ],
    }
    report = import_datainclusion(json.dumps(payload).encode(), "exemple.json")
    assert report.ok and report.written
    partner = PartnerStructure.objects.get(source_id="exemple--s1")
    assert partner.opening_hours == "Mo-Fr 09:00-12:00; Aug off"
    assert in_french(partner.opening_hours) == "Mo-Fr 09:00-12:00; Aug off"
    service = PartnerService.objects.get(source_id="exemple--sv1")
    assert in_french(service.opening_hours) == "mardi : 14 h – 17 h"


def test_the_admin_also_stores_french_hours_as_osm_and_refuses_what_it_does_not_read(db):
    from django.contrib import admin
    from django.forms import modelform_factory

    from tremplin.network.admin import OpeningHoursAdminForm

    assert admin.site._registry[PartnerStructure].form is OpeningHoursAdminForm
    assert admin.site._registry[PartnerService].form is OpeningHoursAdminForm
    form_class = modelform_factory(
        PartnerStructure,
        form=OpeningHoursAdminForm,
        fields=["name", "source", "source_id", "opening_hours"],
    )
    data = {"name": "Relais", "source": "exemple", "source_id": "exemple--r"}
    form = form_class(data={**data, "opening_hours": "mardi-jeudi 14h-17h"})
    assert form.is_valid(), form.errors
    assert form.save().opening_hours == "Tu-Th 14:00-17:00"
    form = form_class(data={**data, "source_id": "exemple--x", "opening_hours": "le soir"})
    assert form.errors["opening_hours"] == [FRENCH_ERROR]
