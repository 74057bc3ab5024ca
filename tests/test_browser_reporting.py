"""The monthly activity report in a real browser: the manager opens it from the team page,
changes month, downloads the Excel workbook, the CSV and the PDF; axe finds no serious violation."""

import subprocess

from openpyxl import load_workbook

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.reporting.tests.conftest import activity  # noqa: F401  (a fixture)


def test_the_manager_reads_and_downloads_the_monthly_report(
    browser_page,  # noqa: F811
    activity,  # noqa: F811
    live_server,
    settings,
    manager,
    structure_a,
    tmp_path,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    log_in(page, live_server, manager.email)
    # The manager starts the day on the dashboard; the reports are in the « Pilotage » menu.
    page.get_by_role("heading", name="Tableau de bord", exact=True).wait_for()
    page.get_by_role("heading", name="À traiter", exact=True).wait_for()
    check_accessibility(page, "dashboard")
    page.get_by_role("button", name="Pilotage").click()
    page.get_by_role("link", name="Rapport d'activité", exact=True).click()
    page.get_by_role("heading", level=1).filter(has_text="Rapport d'activité").wait_for()

    page.get_by_label("Mois").fill("2026-10")
    page.get_by_role("button", name="Afficher").click()
    page.get_by_role("heading", name="Rapport d'activité — octobre 2026").wait_for()
    row = page.get_by_role("row", name="Contacts à l'accueil")
    assert row.get_by_role("cell").all_inner_texts() == ["2", "3"]
    page.get_by_role("heading", name="Comment ces chiffres sont calculés").wait_for()
    check_accessibility(page, "activity-report")

    page.get_by_role("link", name="← septembre 2026").click()
    page.get_by_role("heading", name="Rapport d'activité — septembre 2026").wait_for()
    page.get_by_role("link", name="octobre 2026 →").click()
    page.get_by_role("heading", name="Rapport d'activité — octobre 2026").wait_for()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tableau Excel (.xlsx)").click()
    assert download_info.value.suggested_filename == "rapport-activite-2026-10.xlsx"
    xlsx_path = tmp_path / "rapport.xlsx"
    download_info.value.save_as(xlsx_path)
    rows = list(load_workbook(xlsx_path).active.iter_rows(values_only=True))
    assert ("Contacts à l'accueil", 2, 3) in [row[:3] for row in rows]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="complet").click()
    csv_path = tmp_path / "rapport.csv"
    download_info.value.save_as(csv_path)
    assert "Contacts à l'accueil;2;3" in csv_path.read_text("utf-8-sig")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le rapport (PDF)").click()
    pdf_path = tmp_path / "rapport.pdf"
    download_info.value.save_as(pdf_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Rapport d'activité mensuel" in text
    assert structure_a.name in text

    # A month with nothing recorded: the empty state says what to do.
    page.get_by_label("Mois").fill("2020-01")
    page.get_by_role("button", name="Afficher").click()
    page.get_by_text("Aucune activité enregistrée en janvier 2020.").wait_for()
    check_accessibility(page, "activity-report-empty")
