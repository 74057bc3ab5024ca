"""Reception in a real browser: a contact attached to an existing file, and the files
without a référent·e found by the manager from the dashboard."""

import re
from datetime import date

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    new_page,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.people.models import Follow
from tremplin.reception.models import Contact
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def test_reception_attaches_a_contact_and_the_manager_assigns_the_files_left_without_referent(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    for email, first, last, role in [
        ("accueil@exemple.test", "Sophie", "Leroy", Role.RECEPTION),
        ("nathalie@exemple.test", "Nathalie", "Girard", Role.MANAGER),
    ]:
        MembershipFactory(
            user=UserFactory(email=email, first_name=first, last_name=last),
            structure=structure,
            role=role,
        )
    person = PersonFactory(last_name="Benamar", first_name="Yasmine", birth_date=date(2004, 6, 2))
    # Opened by reception last week, référent·e still to assign.
    Follow.objects.create(person=person, structure=structure)

    # Reception notes the contact, then finds the file and attaches the contact to it.
    log_in(page, live_server, "accueil@exemple.test")
    page.goto(f"{live_server.url}/accueil/nouveau/")
    page.get_by_label("Accueil physique").check()
    page.get_by_label(re.compile(r"^Nom\b")).fill("Benamar")
    page.get_by_label("Prénom").fill("Yasmine")
    page.get_by_label("Demande, dans les mots de la personne").fill(
        "Je voudrais changer de rendez-vous."
    )
    page.get_by_label("Suite donnée").select_option(label="Rendez-vous proposé")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Rattacher à un dossier existant").wait_for()
    page.get_by_label("Nom ou prénom").fill("benamar")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name="Rattacher à ce dossier").wait_for()
    check_accessibility(page, "contact-rattacher")
    page.get_by_role("button", name="Rattacher à ce dossier").click()
    page.wait_for_url(f"**/personnes/{person.pk}/accueil/")
    page.get_by_text("Je voudrais changer de rendez-vous.").wait_for()
    assert Contact.objects.get().person == person

    # The manager sees the file waiting for a référent·e and lists it from the dashboard.
    manager = new_page(page)
    log_in(manager, live_server, "nathalie@exemple.test")
    manager.goto(f"{live_server.url}/equipe/tableau-de-bord/")
    manager.get_by_role("heading", name="Dossiers sans référent·e").wait_for()
    manager.get_by_role("link", name="Attribuer les référent·es").click()
    manager.wait_for_url("**/personnes/?*sans_referent=1*")
    assert manager.get_by_label("Sans référent·e").is_checked()
    manager.get_by_role("link", name="BENAMAR Yasmine").wait_for()
    check_accessibility(manager, "portefeuille-sans-referent")
