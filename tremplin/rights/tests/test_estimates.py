"""Estimating a person's rights from the file's « Droits » tab, through the test client."""

import html
import subprocess
from datetime import date
from decimal import Decimal

import pytest

from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Section
from tremplin.rights import engine
from tremplin.rights.models import RightsEstimate

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def form_data(**overrides) -> dict:
    data = {
        "salary": "",
        "unemployment": "",
        "ass": "",
        "alimony": "",
        "in_couple": "0",
        "partner_birth_date": "",
        "partner_salary": "",
        "partner_unemployment": "",
        "children": "12/03/2019, 20/01/2023",
        "housing": "locataire_hlm",
        "rent": "420",
        "commune": "Nantes — 44000 (44109)",
    }
    return data | overrides


@pytest.fixture
def counselor_client(client, login, counselor):
    return login(client, counselor)


# A household computed once by the real engine for the tests that only need an estimate in
# the file (an estimate takes seconds).
HOUSEHOLD = engine.Household(
    person=engine.Member(birth_date=date(1991, 6, 2)),
    children_birth_dates=(date(2019, 3, 12), date(2023, 1, 20)),
    housing="locataire_hlm",
    rent=420,
    commune_code="44109",
)


@pytest.fixture(scope="module")
def computed() -> engine.Result:
    return engine.estimate(HOUSEHOLD, date(2026, 11, 1))


@pytest.fixture
def estimate(person, structure_a, counselor, computed) -> RightsEstimate:
    return RightsEstimate.objects.create(
        person=person,
        structure=structure_a,
        month=computed.month,
        household=HOUSEHOLD.as_json(),
        result=computed.as_json(),
        total=Decimal(str(computed.total)),
        engine_version=computed.engine_version,
        created_by=counselor,
    )


def url(person) -> str:
    return f"/personnes/{person.pk}/droits/"


def test_counselor_estimates_the_rights_and_the_file_keeps_the_estimate(
    counselor_client, person, counselor
):
    page = counselor_client.get(url(person))
    assert page.status_code == 200
    assert "Faire une estimation" in text(page)

    response = counselor_client.post(url(person), form_data(salary="650,50"))
    estimate = RightsEstimate.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == f"/droits/{estimate.pk}/"
    assert estimate.created_by == counselor
    assert estimate.household["person"]["salary"] == 650.5
    assert estimate.household["housing"] == "locataire_hlm"
    assert estimate.result["housing_kind"] == "apl"  # social housing: APL
    assert estimate.result["amounts"]["af"] > 0
    assert float(estimate.total) == pytest.approx(sum(estimate.result["amounts"].values()))

    detail = text(counselor_client.get(response["Location"]))
    assert "Allocations familiales" in detail
    assert "aide personnalisée au logement (APL)" in detail
    assert "650,50 €" in detail  # what was taken into account
    assert "OpenFisca-France" in detail

    # The next estimate starts from this one.
    again = text(counselor_client.get(url(person)))
    assert 'value="12/03/2019, 20/01/2023"' in again
    assert "Nouvelle estimation" in again


def test_reads_of_the_estimates_are_logged_as_the_social_situation(
    counselor_client, person, estimate
):
    before = AccessLog.objects.filter(person_id=person.pk, section=Section.SITUATION).count()
    counselor_client.get(f"/droits/{estimate.pk}/")
    counselor_client.get(f"/droits/{estimate.pk}/estimation.pdf")
    after = AccessLog.objects.filter(person_id=person.pk, section=Section.SITUATION).count()
    assert after == before + 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"salary": "-20"}, "salary", "ne peut pas être négatif"),
        ({"salary": "beaucoup"}, "salary", "Saisissez un montant en euros"),
        ({"children": "31/02/2020"}, "children", "n'existe pas dans le calendrier"),
        ({"children": "2020-02-03"}, "children", "n'est pas une date au format jj/mm/aaaa"),
        ({"children": "01/01/2999"}, "children", "est dans le futur"),
        ({"children": "01/01/1990"}, "children", "25 ans ou plus"),
        ({"in_couple": "1"}, "partner_birth_date", "date de naissance du conjoint"),
        ({"rent": ""}, "rent", "Indiquez le loyer"),
        ({"commune": "Nulle-Part-sur-Rien"}, "commune", "Commune introuvable"),
    ],
)
def test_bad_input_gets_a_french_message_and_saves_nothing(
    counselor_client, person, overrides, field, message
):
    response = counselor_client.post(url(person), form_data(**overrides))
    assert response.status_code == 200
    assert message in text(response)
    assert f'id="id_{field}_error"' in text(response)
    assert not RightsEstimate.objects.exists()


def test_a_housing_without_rent_needs_none(counselor_client, person):
    response = counselor_client.post(
        url(person), form_data(housing="loge_gratuitement", rent="", children="")
    )
    assert response.status_code == 302
    estimate = RightsEstimate.objects.get()
    assert estimate.household["rent"] == 0
    assert "housing" not in estimate.result["amounts"]  # hosted for free: no housing aid


def test_the_estimate_document_is_a_real_pdf_naming_the_amounts(
    counselor_client, estimate, tmp_path
):
    response = counselor_client.get(f"/droits/{estimate.pk}/estimation.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    path = tmp_path / "estimation.pdf"
    path.write_bytes(response.content)
    content = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Estimation de vos droits sociaux" in content
    assert "Allocations familiales" in content
    assert "ne valent pas décision" in content
    docx = counselor_client.get(f"/droits/{estimate.pk}/estimation.docx")
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"


def test_the_estimate_document_speaks_to_the_person_and_keeps_the_engine_note_with_the_text(
    counselor_client, estimate, tmp_path
):
    path = tmp_path / "estimation.pdf"
    path.write_bytes(counselor_client.get(f"/droits/{estimate.pk}/estimation.pdf").content)
    content = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Estimation de vos droits sociaux" in content
    assert "Vos ressources par mois" in content
    assert "Vos enfants à charge" in content
    assert "Votre logement" in content
    assert "Ressources de la personne" not in content
    pages = [page for page in content.split("\f") if page.strip()]
    # The engine's versions never stand alone on a last page: they close « À savoir ».
    note = next(page for page in pages if "Calcul : OpenFisca-France" in page)
    assert "ne valent pas décision" in note


def test_roles_without_the_social_situation_see_neither_the_tab_nor_the_estimates(
    client, login, person, estimate, reception, employer_liaison, other_counselor
):
    for user in (reception, employer_liaison, other_counselor):
        client.logout()
        login(client, user)
        assert client.get(url(person)).status_code == 404
        assert client.get(f"/droits/{estimate.pk}/").status_code == 404
        assert client.get(f"/droits/{estimate.pk}/estimation.pdf").status_code == 404
        assert client.post(url(person), form_data()).status_code == 404
    assert RightsEstimate.objects.count() == 1


def test_a_manager_reads_the_estimates_and_may_estimate(client, login, person, estimate, manager):
    login(client, manager)
    page = text(client.get(url(person)))
    assert "Estimer les droits" in page
    assert f'href="/droits/{estimate.pk}/"' in page
    assert ">Droits</a>" in text(client.get(f"/personnes/{person.pk}/"))


def test_a_colleague_sees_the_tab_of_a_file_of_the_structure(client, login, person, colleague):
    login(client, colleague)
    response = client.get(url(person))
    assert response.status_code == 200


def test_the_estimate_is_handed_to_the_person_once_and_shows_in_their_space(
    counselor_client, estimate, person
):
    from django.test import Client

    from tremplin.people.models import Document
    from tremplin.testing.factories import space_login

    url = f"/droits/{estimate.pk}/"
    assert "Remettre à la personne" in text(counselor_client.get(url))
    counselor_client.post(url)
    counselor_client.post(url)  # a second click adds nothing
    document = Document.objects.get(person=person)
    assert document.kind == "benefits" and document.content_type == "application/pdf"
    assert document.title.startswith(f"Estimation des droits sociaux n° {estimate.pk} (")
    with document.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    assert "Remise à la personne le" in text(counselor_client.get(url))
    space = space_login(Client(), person)
    assert f"Estimation des droits sociaux n° {estimate.pk}" in text(
        space.get("/espace/documents/")
    )
