"""The main flow in a real browser: Debian's Chromium driven by Playwright, with axe checks.

A counselor logs in, enrols the second factor, creates a person (commune chosen through
the autocomplete) and finds them again by a misspelt name. Every page of the flow is
checked with axe-core: no serious or critical violation.

Runs wherever /usr/bin/chromium exists (`.ci/run` installs it). Elsewhere the tests are
reported as skipped, with the reason.
"""

import base64
import os
import re
import shutil
from pathlib import Path

import pytest
from django.db import connections
from django_otp.oath import totp

from tremplin.core.permissions import Role
from tremplin.network.models import PartnerService, PartnerStructure
from tremplin.pathways.loaders import load_nomenclatures
from tremplin.pathways.models import Nomenclature
from tremplin.referentials.loaders import GROUPS, load_referentials
from tremplin.referentials.models import Commune, Thematique
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

    if not (Commune.objects.exists() and Thematique.objects.exists()):
        # Emptied by an earlier transactional test. The BMO survey (53 000 lines) only
        # where a test needs it: `load_referentials(["bmo"])`.
        load_referentials([group for group in GROUPS if group != "bmo"])
    if not Nomenclature.objects.exists():
        load_nomenclatures()  # the funders' exit nomenclatures, loaded by a data migration
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

    # Colours are read at rest: a button just clicked is still in its hover transition,
    # whose in-between colours axe would measure (Bootstrap drops its transitions when the
    # user asks for reduced motion).
    page.emulate_media(reduced_motion="reduce")
    page.mouse.move(0, 0)
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

    # The counselor's day first, then her caseload.
    page.wait_for_url("**/ma-journee/")
    page.get_by_text("Aucun rendez-vous ni atelier aujourd'hui.").wait_for()
    check_accessibility(page, "ma-journee")
    page.get_by_role("link", name="Mon portefeuille").click()
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
    page.get_by_role("button", name="Camille Martin").click()  # the user's menu
    page.get_by_role("link", name="Relire un texte").click()
    page.get_by_label("Texte à relire").fill("Il est paresseux ; suivi au CMP.")
    page.get_by_role("button", name="Relire").click()
    findings = page.locator("#relecture-resultats")
    findings.get_by_text("2 points à revoir avant de partager ce texte").wait_for()
    assert findings.locator("mark").all_inner_texts() == ["paresseux", "CMP"]
    assert page.url.endswith("/documents/relecture/")
    check_accessibility(page, "relecture")


def new_page(page):
    """Another person at another desk: a new browser context with its own session."""
    context = page.context.browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900}
    )
    other = context.new_page()
    other.set_default_timeout(15_000)
    return other


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # Each role lands on its own page (caseload, reception log, companies…).
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)
    page.wait_for_load_state()


def test_reception_first_interview_urgency_validated_diagnosis_then_referral_answered(
    browser_page, live_server, settings
):
    from tremplin.diagnosis.models import Alert, DiagnosisVersion

    settings.REQUIRE_2FA = False  # the second factor has its own browser test above
    settings.TREMPLIN_BASE_URL = live_server.url
    page = browser_page
    code_school = PartnerStructure.objects.create(
        source="dora",
        source_id="dora--code",
        name="Association Route libre",
        email="rl@exemple.test",
    )
    code_online = PartnerService.objects.create(
        structure=code_school,
        source="dora",
        source_id="dora--code-ligne",
        name="Code de la route en ligne",
        reception_modes=["a-distance"],
        eligibility_zone=["france"],
    )
    code_online.thematiques.add(Thematique.objects.get(pk="mobilite--preparer-un-permis"))
    code_online.save()
    structure = StructureFactory(name="Mission Locale du test navigateur")
    MembershipFactory(
        user=UserFactory(email="accueil@exemple.test", first_name="Sophie", last_name="Leroy"),
        structure=structure,
        role=Role.RECEPTION,
    )
    MembershipFactory(
        user=UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin"),
        structure=structure,
        role=Role.COUNSELOR,
    )
    MembershipFactory(
        user=UserFactory(email="nathalie@exemple.test", first_name="Nathalie", last_name="Girard"),
        structure=structure,
        role=Role.MANAGER,
    )

    # Reception: a walk-in, noted before any file exists, then the file in one click.
    log_in(page, live_server, "accueil@exemple.test")
    page.get_by_role("link", name="Accueil", exact=True).click()
    check_accessibility(page, "registre-accueil")
    page.get_by_role("link", name="Noter un contact").click()
    page.get_by_label("Accueil physique").check()
    page.get_by_label(re.compile(r"^Nom\b")).fill("Benamar")
    page.get_by_label("Prénom").fill("Yasmine")
    page.get_by_label("Demande, dans les mots de la personne").fill(
        "Je cherche un travail dans la vente, j'ai un CAP."
    )
    page.get_by_label("Suite donnée").select_option(label="Ouverture d'un dossier")
    check_accessibility(page, "noter-un-contact")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/dossier/")
    assert page.get_by_label("Nom d'usage").input_value() == "Benamar"
    page.get_by_label("Femme").check()
    page.get_by_label("Date de naissance").fill("2004-06-02")
    page.get_by_role("button", name="Créer le dossier").click()
    page.get_by_role("heading", name="BENAMAR Yasmine").wait_for()
    file_url = page.url

    # The counselor: first interview, urgencies asked first.
    counselor = new_page(page)
    log_in(counselor, live_server, "camille@exemple.test")
    counselor.goto(file_url)
    counselor.get_by_role("link", name="Diagnostic").click()
    check_accessibility(counselor, "diagnostic-vide")
    counselor.get_by_role("link", name="Repérer les urgences").click()
    counselor.get_by_label("Pas d'hébergement pour ce soir").check()
    counselor.get_by_label("Ce qui a été fait tout de suite").fill("Appel au 115 avec elle.")
    check_accessibility(counselor, "reperage-urgences")
    counselor.get_by_role("button", name="Enregistrer").click()
    counselor.get_by_role("heading", name="Situation d'urgence signalée").wait_for()
    assert counselor.get_by_role("link", name="115 — SAMU social").first.is_visible()
    check_accessibility(counselor, "urgence-signalee")
    assert Alert.objects.filter(resolved_at__isnull=True).count() == 1

    counselor.get_by_role("link", name="Continuer l'entretien").click()
    counselor.get_by_role("link", name="Commencer le diagnostic").click()
    counselor.get_by_label("La demande, dans les mots de la personne").fill(
        "Trouver un emploi dans la vente."
    )
    mobility_title = counselor.locator("summary").filter(has_text=re.compile(r"^\s*Mobilité\s*$"))
    mobility_title.click()
    mobility = counselor.locator("details").filter(has=mobility_title)
    mobility.get_by_label("Permis B").select_option(label="Non")
    mobility.get_by_label("Frein 1", exact=True).fill("Pas de transport le matin")
    mobility.get_by_label("Importance du frein 1", exact=True).select_option(label="Bloquant")
    mobility.get_by_label("Préparer un permis").check()
    synthesis = counselor.get_by_label("Synthèse, rédigée avec la personne")
    synthesis.fill("Elle est instable et peu motivée.")
    counselor.get_by_role("button", name="Relire la synthèse avant de la partager").click()
    counselor.locator("#synthesis-review").get_by_text("instable").first.wait_for()
    synthesis.fill("Priorité : la mobilité du matin. Elle souhaite passer le permis.")
    check_accessibility(counselor, "diagnostic-saisie")
    counselor.get_by_role("button", name="Enregistrer cette version").click()
    counselor.get_by_text("Version 1 du diagnostic enregistrée").wait_for()
    assert "Pas de transport le matin" in counselor.locator("main").inner_text()
    check_accessibility(counselor, "diagnostic")

    counselor.get_by_role("link", name="Faire valider par la personne").click()
    counselor.get_by_label("Comment la personne a validé la synthèse").select_option(
        label="Relue et validée à l'écran avec la personne"
    )
    counselor.get_by_label("La personne a relu la synthèse et l'a validée").check()
    check_accessibility(counselor, "validation")
    counselor.get_by_role("button", name="Enregistrer la validation").click()
    counselor.get_by_text("Validée par la personne le").wait_for()
    assert DiagnosisVersion.objects.get().is_validated
    pdf_href = counselor.get_by_role("link", name="Synthèse à partager (PDF)").get_attribute("href")
    pdf = counselor.request.get(live_server.url + pdf_href)
    assert pdf.ok and pdf.body().startswith(b"%PDF-")

    # Referral: the need « préparer un permis » brings up a partner service (followed
    # remotely here); the partner has no account and answers through the link.
    counselor.get_by_role("navigation", name="Parties du dossier").get_by_role(
        "link", name="Orientations"
    ).click()
    counselor.get_by_text("Code de la route en ligne", exact=True).wait_for()
    check_accessibility(counselor, "orientations-du-dossier")
    counselor.get_by_role("link", name="Orienter vers Code de la route en ligne").click()
    counselor.get_by_label("Motif de l'orientation").fill(
        "Elle souhaite passer le permis B pour travailler tôt le matin."
    )
    counselor.get_by_label("Signé à l'écran pendant l'entretien").check()
    counselor.get_by_label("La personne est d'accord pour être orientée").check()
    counselor.get_by_role("button", name="Envoyer au partenaire").click()
    link = counselor.get_by_role("textbox", name="Lien").input_value()
    partner = new_page(page)
    partner.goto(link)
    partner.get_by_role("heading", name="Fiche de liaison").wait_for()
    partner.get_by_label("J'accepte l'orientation").check()
    partner.get_by_label("Votre nom et votre fonction").fill("Léa Roussel, formatrice")
    partner.get_by_role("button", name="Envoyer ma réponse").click()
    partner.get_by_text("Merci, c'est enregistré").wait_for()
    counselor.reload()
    counselor.get_by_role("heading", name="Réponse du partenaire", exact=True).wait_for()
    assert "Léa Roussel" in counselor.locator("main").inner_text()

    # The manager sees the alert and records what was done.
    manager = new_page(page)
    log_in(manager, live_server, "nathalie@exemple.test")
    # Her dashboard counts the open alert; the top bar leads to it.
    manager.get_by_role("heading", name="Alertes d'urgence à traiter").wait_for()
    manager.get_by_role("link", name="Voir les alertes").click()
    check_accessibility(manager, "alertes")
    manager.get_by_role("link", name="Noter ce qui a été fait").click()
    manager.get_by_label("Ce qui a été fait").fill("Hébergée ce soir au CHRS.")
    manager.get_by_role("button", name="Marquer comme traitée").click()
    manager.get_by_text("Aucune alerte en cours.").wait_for()
