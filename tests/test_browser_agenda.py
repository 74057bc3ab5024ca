"""The agenda in a real browser: from the week view, the counselor books an appointment,
finds it in the week, then notes that the person came."""

import re
from datetime import timedelta

from django.utils import timezone

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.agenda.enums import Attendance
from tremplin.agenda.models import Appointment
from tremplin.core.permissions import Role
from tremplin.people.models import Follow
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def test_counselor_books_from_the_week_view_and_records_the_person_as_seen(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    person = PersonFactory(last_name="Benamar", first_name="Yasmine", created_by=counselor)
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    # An appointment that took place this morning, noted afterwards.
    start = timezone.localtime() - timedelta(hours=2)
    start = start.replace(minute=0, second=0, microsecond=0)

    log_in(page, live_server, "camille@exemple.test")
    page.get_by_role("link", name="Agenda", exact=True).click()
    page.get_by_role("heading", name="Mon agenda").wait_for()
    check_accessibility(page, "agenda-semaine-vide")
    page.get_by_role("link", name="Nouveau rendez-vous").click()
    page.get_by_role("heading", name="Nouveau rendez-vous").wait_for()
    page.get_by_label(re.compile(r"^Début")).fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile(r"^Fin")).fill(
        (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label(re.compile(r"^Lieu")).fill("Bureau 3, 12 rue de la Paix")
    page.get_by_label("BENAMAR Yasmine").check()
    check_accessibility(page, "agenda-nouveau-rendez-vous")
    page.get_by_role("button", name="Enregistrer le rendez-vous").click()
    page.get_by_text("Rendez-vous enregistré.").wait_for()
    check_accessibility(page, "agenda-rendez-vous")

    page.get_by_role("link", name="Voir la semaine").click()
    page.get_by_role(
        "link", name=f"{start:%H:%M}–{start + timedelta(hours=1):%H:%M} Entretien de suivi"
    ).wait_for()
    assert "BENAMAR" in page.locator("main").inner_text().upper()
    check_accessibility(page, "agenda-semaine")
    page.get_by_role(
        "link", name=f"{start:%H:%M}–{start + timedelta(hours=1):%H:%M} Entretien de suivi"
    ).click()

    page.get_by_label("Venu·e").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.get_by_text("Présences enregistrées (1 modification).").wait_for()
    check_accessibility(page, "agenda-presences")
    participant = Appointment.objects.get().participants.get()
    assert participant.person == person and participant.attendance == Attendance.SEEN


def test_enter_in_the_form_saves_the_appointment_and_enter_in_the_name_search_searches(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    person = PersonFactory(last_name="Benamar", first_name="Yasmine", created_by=counselor)
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    other = PersonFactory(last_name="Dupuis", first_name="Léo", created_by=counselor)
    Follow.objects.create(person=other, structure=structure, referent=counselor)

    log_in(page, live_server, "camille@exemple.test")
    page.goto(f"{live_server.url}/personnes/{person.pk}/rendez-vous/nouveau/")
    page.get_by_role("heading", name="Nouveau rendez-vous").wait_for()
    # From the file: the person is there, the rest of the caseload is not listed.
    assert "BENAMAR Yasmine" in page.locator("#fixed-person").inner_text()
    assert "DUPUIS" not in page.locator("main").inner_text()
    check_accessibility(page, "agenda-rendez-vous-depuis-dossier")

    # Enter in the name search searches, and saves nothing.
    page.get_by_label("Ajouter une personne (nom)").fill("dupuis")
    page.get_by_label("Ajouter une personne (nom)").press("Enter")
    page.get_by_text("1 personne trouvée").wait_for()
    assert Appointment.objects.count() == 0

    # Enter in any other field saves.
    page.get_by_label(re.compile(r"^Lieu")).fill("Bureau 3, 12 rue de la Paix")
    page.get_by_label(re.compile(r"^Lieu")).press("Enter")
    page.get_by_text("Rendez-vous enregistré.").wait_for()
    appointment = Appointment.objects.get()
    assert [p.person for p in appointment.participants.all()] == [person]
    assert appointment.place == "Bureau 3, 12 rue de la Paix"
