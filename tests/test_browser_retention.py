"""Retention in a real browser: a manager reviews the files past the two years, keeps one for
a possible FSE+ audit and anonymises the other."""

import datetime

from django.utils import timezone

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.people.models import Follow, Person
from tremplin.privacy.models import Anonymisation, RetentionHold
from tremplin.testing.factories import (
    FollowFactory,
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def _former(structure, last_name, days_ago):
    person = PersonFactory(last_name=last_name, first_name="Camille")
    FollowFactory(person=person, structure=structure)
    old = timezone.now() - datetime.timedelta(days=days_ago)
    Person.objects.filter(pk=person.pk).update(created_at=old, updated_at=old)
    Follow.objects.filter(person=person).update(
        created_at=old, updated_at=old, started_on=old.date(), ended_on=old.date()
    )
    return person


def test_a_manager_keeps_one_file_longer_and_anonymises_the_other(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="PLIE du test de conservation")
    manager = UserFactory(email="nadia@exemple.test", first_name="Nadia", last_name="Roux")
    MembershipFactory(user=manager, structure=structure, role=Role.MANAGER)
    audited = _former(structure, "Auditée", 900)
    forgotten = _former(structure, "Oubliée", 800)
    _former(structure, "Bientôt", 700)

    log_in(page, live_server, "nadia@exemple.test")
    page.get_by_role("button", name="Pilotage").click()
    page.get_by_role("link", name="Conservation des dossiers").click()
    page.get_by_role("heading", name="Conservation des dossiers", exact=True).wait_for()
    check_accessibility(page, "retention")
    assert "Camille BIENTÔT" in page.get_by_role("table").nth(1).inner_text()

    page.get_by_role("link", name="Prolonger la conservation du dossier : Camille AUDITÉE").click()
    page.get_by_label("Motif").select_option(
        label="Contrôle d'un financeur possible (FSE+, Département…)"
    )
    page.get_by_label("Précision").fill("Programme FSE+ 2021-2027")
    until = timezone.localdate() + datetime.timedelta(days=3 * 365)
    page.get_by_label("Conserver jusqu'au").fill(until.isoformat())
    check_accessibility(page, "retention-hold")
    page.get_by_role("button", name="Prolonger la conservation").click()
    page.get_by_text(f"Conservation prolongée jusqu'au {until:%d/%m/%Y}.").wait_for()
    assert RetentionHold.objects.get().person == audited

    page.get_by_role("button", name="Anonymiser 1 dossier").click()
    page.get_by_text("Cochez la case").first.wait_for()
    assert not Anonymisation.objects.exists()
    page.get_by_label("Je confirme").check()
    page.get_by_role("button", name="Anonymiser 1 dossier").click()
    page.get_by_text("1 dossier anonymisé.").wait_for()
    check_accessibility(page, "retention-after")
    forgotten.refresh_from_db()
    audited.refresh_from_db()
    assert forgotten.last_name == "Anonyme" and audited.last_name == "Auditée"
