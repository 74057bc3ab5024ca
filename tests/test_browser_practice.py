"""Practice analysis and prevention in a real browser: journal, team session, incident."""

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    new_page,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.practice.models import Incident, JournalEntry
from tremplin.testing.factories import MembershipFactory, StructureFactory, UserFactory


def test_journal_shared_with_the_team_and_an_incident_followed_by_the_manager(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    people = {}
    for key, first, last, role in [
        ("camille", "Camille", "Martin", Role.COUNSELOR),
        ("yanis", "Yanis", "Benali", Role.COUNSELOR),
        ("nathalie", "Nathalie", "Girard", Role.MANAGER),
    ]:
        people[key] = UserFactory(email=f"{key}@exemple.test", first_name=first, last_name=last)
        MembershipFactory(user=people[key], structure=structure, role=role)

    # Camille writes an entry, facts apart from opinions and emotions.
    log_in(page, live_server, "camille@exemple.test")
    page.get_by_role("button", name="Camille Martin").click()
    page.get_by_role("link", name="Mon journal de pratique").click()
    check_accessibility(page, "practice-journal-empty")
    page.get_by_role("link", name="Nouvelle entrée").click()
    page.get_by_label("La situation en une ligne").fill("Un entretien où j'ai perdu patience")
    page.get_by_label("Les faits").fill("Quarante minutes de retard ; j'ai écourté l'entretien.")
    page.get_by_label("Mes émotions").fill("De l'agacement, puis de la culpabilité.")
    check_accessibility(page, "practice-entry-form")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Vous seul·e pouvez la lire").wait_for()

    # The team session, then the entry shared without her name.
    page.get_by_role("link", name="Séances d'équipe").click()
    page.get_by_label("Date de la séance").fill("2026-11-27")
    page.get_by_label("Thème").fill("Les rendez-vous manqués")
    page.get_by_role("button", name="Enregistrer la séance").click()
    page.get_by_role("link", name="Séances d'équipe").first.wait_for()
    page.goto(f"{live_server.url}/pratique/journal/")
    page.get_by_role("link", name="Partager « Un entretien où j'ai perdu patience »").click()
    page.get_by_label("Séance d'analyse de pratique").select_option(
        label="Les rendez-vous manqués — 27/11/2026"
    )
    check_accessibility(page, "practice-share")
    page.get_by_role("button", name="Enregistrer le partage").click()
    page.get_by_text("Entrée partagée").wait_for()
    assert JournalEntry.objects.get().shared_session is not None

    # Yanis reads it in the session, without Camille's name.
    yanis = new_page(page)
    log_in(yanis, live_server, "yanis@exemple.test")
    yanis.goto(f"{live_server.url}/pratique/seances/")
    yanis.get_by_role("link", name="Les rendez-vous manqués").click()
    yanis.get_by_text("Quarante minutes de retard").wait_for()
    assert "Camille Martin" not in yanis.locator("main").inner_text()
    check_accessibility(yanis, "practice-session")

    # Yanis declares an incident at reception; the manager records the follow-up.
    yanis.get_by_role("button", name="Yanis Benali").click()
    yanis.get_by_role("link", name="Mes déclarations d'incident").click()
    yanis.get_by_role("link", name="Déclarer un incident").click()
    yanis.get_by_label("Date et heure").fill("2026-11-20T10:15")
    yanis.get_by_label("Type").select_option(label="Menace")
    yanis.get_by_label("Élevée — atteinte aux personnes, intervention nécessaire").check()
    yanis.get_by_label("Où").select_option(label="À l'accueil")
    yanis.get_by_label("Ce qui s'est passé").fill("Il a menacé de revenir « régler ça ».")
    check_accessibility(yanis, "practice-incident-form")
    yanis.get_by_role("button", name="Déclarer").click()
    yanis.get_by_text("La direction de la structure est prévenue").wait_for()

    boss = new_page(page)
    log_in(boss, live_server, "nathalie@exemple.test")
    boss.goto(f"{live_server.url}/incidents/")
    check_accessibility(boss, "practice-incidents")
    boss.get_by_role("link", name="20/11/2026 10:15").click()
    boss.get_by_label("Suite donnée").select_option(label="Dépôt de plainte, main courante")
    boss.get_by_label("Précisions").fill("Main courante déposée le 21/11.")
    boss.get_by_label("Clore l'incident après cette suite").check()
    boss.get_by_role("button", name="Enregistrer la suite").click()
    boss.get_by_text("Main courante déposée le 21/11.").wait_for()
    assert Incident.objects.get().status == "closed"

    # The manager's workload panel shows the team.
    boss.goto(f"{live_server.url}/charge-de-travail/")
    boss.get_by_role("heading", name="L'équipe").wait_for()
    check_accessibility(boss, "practice-workload")

    # The manager's whole menu stays on screen on an office laptop: no horizontal scroll
    # pushing the account menu (and « Se déconnecter ») out of sight.
    for width in (1024, 1200, 1280, 1366):
        boss.set_viewport_size({"width": width, "height": 800})
        assert boss.evaluate("document.documentElement.scrollWidth") <= width, width
        assert boss.get_by_role("button", name="Nathalie Girard").is_visible() or width < 1200
        assert boss.get_by_role("button", name="Pilotage").is_visible() or width < 1200
