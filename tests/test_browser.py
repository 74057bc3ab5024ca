"""The main flow in a real browser: Debian's Chromium driven by Playwright, with axe checks.

A counselor logs in, enrols the second factor, creates a person (commune chosen through
the autocomplete) and finds them again by a misspelt name. Every page of the flow is
checked with axe-core: no serious or critical violation.

Runs wherever /usr/bin/chromium exists (`.ci/run` installs it). Elsewhere the tests are
reported as skipped, with the reason.
"""

import base64
import os
import shutil
from pathlib import Path

import pytest
from django.db import connections
from django_otp.oath import totp

from tremplin.core.permissions import Role
from tremplin.referentials.loaders import load_referentials
from tremplin.referentials.models import Commune
from tremplin.testing.factories import PASSWORD, MembershipFactory, StructureFactory, UserFactory

CHROMIUM = os.environ.get("TREMPLIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(os.environ.get("TREMPLIN_TEST_ARTIFACTS", "test-artifacts"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() or shutil.which("chromium")),
        reason=f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium)",
    ),
]


@pytest.fixture
def browser_page(flushable_access_log, live_server, transactional_db):
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself (fixtures, assertions) are plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    if not Commune.objects.exists():  # emptied by an earlier transactional test
        load_referentials(["territories", "rome"])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(
            locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
        # While Playwright's loop runs, Django keeps the test's database connection apart
        # from the thread's usual one: close it, or PostgreSQL cannot drop the test database.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    flushable_access_log.suspend()


def check_accessibility(page, name: str) -> None:
    """axe-core on the current page: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    if serious:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    assert not serious, f"{name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in serious
    )


def current_code(secret_text: str) -> str:
    key = base64.b32decode(secret_text.replace(" ", ""))
    return f"{totp(key):06d}"


def test_counselor_logs_in_creates_a_person_and_finds_them_by_a_misspelt_name(
    browser_page, live_server
):
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)

    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/compte/connexion/**")
    check_accessibility(page, "connexion")
    page.get_by_label("Adresse e-mail").fill("camille@exemple.test")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    # First login: the second factor must be set up before anything else.
    page.wait_for_url("**/compte/double-authentification/")
    check_accessibility(page, "double-authentification")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code de vérification").fill(current_code(secret))
    page.get_by_role("button", name="Activer").click()
    page.get_by_role("heading", name="Vos codes de secours").wait_for()
    check_accessibility(page, "codes-de-secours")
    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()

    page.wait_for_url("**/personnes/")
    page.get_by_text("Vous n'êtes encore référent·e d'aucune personne.").wait_for()
    check_accessibility(page, "portefeuille-vide")

    page.get_by_role("link", name="Nouvelle personne").first.click()
    page.wait_for_url("**/personnes/nouvelle/")
    check_accessibility(page, "nouvelle-personne")
    page.get_by_label("Femme").check()
    page.get_by_label("Nom d'usage").fill("Lefèvre")
    page.get_by_label("Prénom").fill("Maëlle")
    page.get_by_label("Date de naissance").fill("1998-03-14")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_label("Code postal").fill("44600")
    commune = page.get_by_label("Commune")
    commune.press_sequentially("st nazai", delay=30)
    # The suggestions come from the server (htmx) into the field's datalist.
    page.wait_for_function(
        "() => [...document.querySelectorAll('#id_commune-suggestions option')]"
        ".some(o => o.value.startsWith('Saint-Nazaire — 44600'))"
    )
    commune.fill("Saint-Nazaire — 44600 (44184)")
    page.get_by_role("button", name="Créer le dossier").click()

    page.get_by_role("heading", name="LEFÈVRE Maëlle").wait_for()
    assert "Saint-Nazaire" in page.locator("main").inner_text()
    check_accessibility(page, "dossier")

    page.get_by_role("link", name="Modifier").click()
    page.get_by_role("button", name="Enregistrer").wait_for()
    check_accessibility(page, "modifier-dossier")

    page.get_by_role("link", name="Mon portefeuille").click()
    page.get_by_label("Rechercher une personne").fill("lefebre maele")
    results = page.locator("#caseload-results")
    results.get_by_text("1 personne pour « lefebre maele »").wait_for()
    assert results.get_by_role("link", name="LEFÈVRE Maëlle").is_visible()
    assert "lefebre" not in page.url  # the name searched never goes in the address
    check_accessibility(page, "recherche")

    page.get_by_role("link", name="LEFÈVRE Maëlle").click()
    page.get_by_role("link", name="Consentements").click()
    page.get_by_role("heading", name="Enregistrer un accord").wait_for()
    check_accessibility(page, "consentements")

    # Before sharing a text: the writing help answers in place (htmx), nothing is saved.
    page.get_by_role("link", name="Relire un texte").click()
    page.get_by_label("Texte à relire").fill("Il est paresseux ; suivi au CMP.")
    page.get_by_role("button", name="Relire").click()
    findings = page.locator("#relecture-resultats")
    findings.get_by_text("2 points à revoir avant de partager ce texte").wait_for()
    assert findings.locator("mark").all_inner_texts() == ["paresseux", "CMP"]
    assert page.url.endswith("/documents/relecture/")
    check_accessibility(page, "relecture")
