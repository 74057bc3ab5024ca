"""The partner directory in a real browser: search by need near a commune, list and map,
open a service; axe on each page. The tile server is switched off (no network in tests):
the map shows its markers on a blank background and the list stays complete."""

import json

from tests.test_browser import (  # noqa: F401
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.demo.directory import directory_payload
from tremplin.network.importer import import_datainclusion
from tremplin.testing.factories import MembershipFactory, StructureFactory, UserFactory


def test_counselor_finds_a_driving_licence_service_near_saint_nazaire_on_list_and_map(
    browser_page,  # noqa: F811
    live_server,
    settings,
):
    settings.TREMPLIN_MAP_TILES_URL = ""
    settings.REQUIRE_2FA = False  # the second factor has its own browser test
    page = browser_page
    report = import_datainclusion(json.dumps(directory_payload()).encode(), "demo.json")
    assert report.ok
    structure = StructureFactory(name="Mission Locale du test annuaire")
    user = UserFactory(email="annuaire@exemple.test", first_name="Inès", last_name="Morel")
    MembershipFactory(user=user, structure=structure, role=Role.COUNSELOR)
    log_in(page, live_server, "annuaire@exemple.test")

    page.get_by_role("link", name="Partenaires").click()
    page.wait_for_url("**/partenaires/")
    check_accessibility(page, "annuaire-recherche")
    page.get_by_label("Besoin (thématique)").select_option("mobilite--preparer-un-permis")
    page.get_by_label("Autour de la commune").fill("Saint-Nazaire — 44600 (44184)")
    page.get_by_label("Dans un rayon de").select_option("20")
    page.get_by_role("button", name="Chercher").click()

    page.get_by_role("heading", name="2 services trouvés").wait_for()
    results = page.locator("#h-results + div ol > li")
    assert results.count() == 2
    texts = results.all_inner_texts()
    assert "Atelier code de la route" in texts[0] and "Préparer le permis B" in texts[1]
    # The map: enhanced from the JSON of the results, one marker per service.
    page.locator("#directory-map[data-ready='2']").wait_for()
    assert page.locator("#directory-map .leaflet-marker-icon").count() == 2
    check_accessibility(page, "annuaire-resultats")

    page.get_by_role("link", name="Préparer le permis B avec un accompagnement renforcé").click()
    page.get_by_role("heading", name="Comment mobiliser ce service").wait_for()
    body = page.locator("main").inner_text()
    assert "Auto-école sociale de l'Estuaire" in body and "Participation de 1 €" in body
    check_accessibility(page, "annuaire-service")
    page.get_by_role("link", name="Auto-école sociale de l'Estuaire").first.click()
    page.get_by_role("heading", name="Nos contacts").wait_for()
    check_accessibility(page, "annuaire-structure")
