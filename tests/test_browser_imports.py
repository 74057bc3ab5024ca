"""Importing people's files in a real browser: upload, read the report, confirm."""

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.people.models import Follow, PeopleImport, Person
from tremplin.testing.factories import MembershipFactory, StructureFactory, UserFactory


def test_manager_imports_a_csv_after_reading_the_report(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
    tmp_path,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    manager = UserFactory(email="nathalie@exemple.test", first_name="Nathalie", last_name="Girard")
    MembershipFactory(user=manager, structure=structure, role=Role.MANAGER)
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)

    bad = tmp_path / "export-ancien-outil.csv"
    bad.write_bytes(
        "Nom;Prénom;Date de naissance;Téléphone;Référent;Remarques\r\n"
        "Lefèvre;Maëlle;12/04/1995;06 12 34 56 78;camille@exemple.test;RAS\r\n"
        "Benali;Yanis;31/02/1990;12;;\r\n".encode("cp1252")
    )
    log_in(page, live_server, "nathalie@exemple.test")
    page.get_by_role("link", name="Personnes", exact=True).click()
    page.get_by_role("link", name="Importer des dossiers").click()
    check_accessibility(page, "people-import")
    page.get_by_label("Fichier CSV des personnes").set_input_files(str(bad))
    page.get_by_role("button", name="Vérifier le fichier").click()
    errors = page.locator("#import-errors")
    errors.get_by_text("Cette date n'existe pas.").wait_for()
    assert "Numéro de téléphone invalide" in errors.inner_text()
    assert "Remarques" in page.locator("#import-counts").inner_text()
    check_accessibility(page, "people-import-errors")
    assert page.get_by_role("button", name="Importer 2 dossiers").count() == 0

    good = tmp_path / "export-corrige.csv"
    good.write_bytes(
        "Nom;Prénom;Date de naissance;Téléphone;Référent;Remarques\r\n"
        "Lefèvre;Maëlle;12/04/1995;06 12 34 56 78;camille@exemple.test;RAS\r\n"
        "Benali;Yanis;28/02/1990;;;\r\n".encode("cp1252")
    )
    page.get_by_role("link", name="Envoyer un fichier corrigé").click()
    page.get_by_label("Fichier CSV des personnes").set_input_files(str(good))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_role("button", name="Importer 2 dossiers").wait_for()
    check_accessibility(page, "people-import-ready")
    assert not Person.objects.exists()
    page.get_by_role("button", name="Importer 2 dossiers").click()
    page.locator("#import-summary").get_by_text("Aucun consentement n'a été enregistré").wait_for()
    check_accessibility(page, "people-import-done")
    assert Follow.objects.get(person__last_name="Lefèvre").referent == counselor
    assert Follow.objects.get(person__last_name="Benali").referent is None

    page.get_by_role("link", name="Importer des dossiers").click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert PeopleImport.objects.filter(status="imported", created_count=2).count() == 1
