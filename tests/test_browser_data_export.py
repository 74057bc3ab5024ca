"""The right of access in a real browser, with axe checks: a manager records a request,
downloads the archive and marks it answered; the person downloads their data from their
space on a phone."""

import io
import json
import zipfile
from datetime import date

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.dataexport.models import AccessRequest
from tremplin.people.models import Follow
from tremplin.portal import actions as space_actions
from tremplin.portal.enums import SpaceStatus
from tremplin.portal.models import SpaceAccess
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def _zip_json(download) -> dict:
    with open(download.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    return json.loads(archive.read("donnees.json"))


def test_a_manager_answers_a_request_and_the_person_downloads_from_their_space(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    settings.TREMPLIN_BASE_URL = live_server.url
    page = browser_page
    structure = StructureFactory(name="PLIE du test des données")
    manager = UserFactory(email="nadia@exemple.test", first_name="Nadia", last_name="Roux")
    MembershipFactory(user=manager, structure=structure, role=Role.MANAGER)
    person = PersonFactory(
        last_name="Lefèvre",
        first_name="Jonas",
        birth_date=date(1988, 9, 3),
        health_notes="Pas de port de charges lourdes.",
    )
    Follow.objects.create(person=person, structure=structure, referent=manager)

    log_in(page, live_server, "nadia@exemple.test")
    page.goto(f"{live_server.url}/personnes/{person.pk}/")
    page.get_by_role("link", name="Droit d'accès et portabilité").click()
    page.get_by_role("heading", name="Enregistrer une demande").wait_for()
    check_accessibility(page, "donnees-dossier")

    page.get_by_label("Ce que la personne demande").select_option(label="Accès et portabilité")
    page.get_by_label("Reçue par").select_option(label="Courrier")
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_text("La demande est enregistrée.").wait_for()
    check_accessibility(page, "donnees-demande")

    page.goto(f"{live_server.url}/equipe/demandes-de-donnees/")
    assert "LEFÈVRE Jonas" in page.inner_text("main")
    check_accessibility(page, "donnees-equipe")
    page.get_by_role("link", name="LEFÈVRE Jonas").click()

    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger l'archive (ZIP)").click()
    data = _zip_json(download.value)
    assert data["identite"]["health_notes"]["valeur"] == "Pas de port de charges lourdes."
    page.get_by_role("button", name="Noter la demande comme traitée").click()
    page.get_by_text("La demande est notée comme traitée.").wait_for()
    assert "empreinte SHA-256" in page.inner_text("main")
    check_accessibility(page, "donnees-traitee")
    assert AccessRequest.objects.get().answered_at is not None

    # The person, on a phone, downloads the same archive from their space.
    access = SpaceAccess.objects.create(
        person=person, structure=structure, status=SpaceStatus.INVITED
    )
    link = space_actions.issue_console_link(access=access)
    phone_context = page.context.browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(link)
    phone.get_by_label("Jour").fill("3")
    phone.get_by_label("Mois").select_option(label="septembre")
    phone.get_by_label("Année").fill("1988")
    phone.get_by_role("button", name="Entrer").click()
    phone.get_by_role("link", name="Télécharger mes données").click()
    phone.get_by_role("heading", name="Télécharger mes données").wait_for()
    check_accessibility(phone, "espace-donnees")
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Télécharger mes données").click()
    assert _zip_json(download.value)["identite"]["first_name"]["valeur"] == "Jonas"
    assert AccessRequest.objects.filter(channel="person_space").count() == 1
    phone_context.close()
