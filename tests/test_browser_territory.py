"""The territory watch in a real browser: a counselor opens it from the menu, reads the
basin of her structure, looks at another one, writes a note the team will read; axe finds
no serious violation."""

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.referentials.loaders import load_referentials
from tremplin.referentials.models import Commune, HiringIntention
from tremplin.territory.models import WatchNote


def test_the_counselor_reads_her_basin_and_notes_what_she_learnt(
    browser_page,  # noqa: F811
    live_server,
    settings,
    counselor,
    structure_a,
):
    settings.REQUIRE_2FA = False
    if not HiringIntention.objects.exists():
        load_referentials(["bmo"])
    structure_a.commune = Commune.objects.get(pk="44184")
    structure_a.save(update_fields=["commune"])
    page = browser_page
    log_in(page, live_server, counselor.email)
    page.get_by_role("link", name="Territoire", exact=True).click()
    page.get_by_role("heading", name="Bassin d'emploi Saint-Nazaire").wait_for()
    assert page.get_by_label("Bassin d'emploi", exact=True).input_value() == "5225"
    top = page.get_by_role("table", name="Les 15 métiers du bassin")
    first = top.get_by_role("row").nth(1)
    assert first.get_by_role("rowheader").inner_text().startswith("Aides de cuisine")
    check_accessibility(page, "territory-watch")

    # Another basin, with the keyboard: choose, then Enter on the button.
    page.get_by_label("Bassin d'emploi", exact=True).select_option("1119")
    page.get_by_role("button", name="Afficher").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Bassin d'emploi Grand Roissy - Le Bourget").wait_for()

    page.get_by_role("link", name="Ajouter une note de veille").click()
    page.get_by_label("Thème").select_option(label="Formation")
    page.get_by_label("Titre").fill("Titre professionnel soudeur : session en février")
    page.get_by_label("Ce que l'on a appris").fill("12 places, financement Région, sans prérequis.")
    page.get_by_label("Source").fill("Organisme de formation")
    check_accessibility(page, "territory-note-form")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Note de veille ajoutée").wait_for()
    page.get_by_role("link", name="Titre professionnel soudeur : session en février").wait_for()
    assert WatchNote.objects.get().author == counselor
    check_accessibility(page, "territory-notes")
