"""FSE+ in a real browser: the person answers the 6-month survey through the link they
received; the manager reads the indicators, sees whom to call, notes an answer given on
the phone and sees it counted. axe finds no serious violation on either page."""

import re

from django.core import mail
from django.urls import reverse

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.fse import actions
from tremplin.fse.models import Survey
from tremplin.fse.tests.conftest import (  # noqa: F401  (fixtures)
    fse_funder,
    make_exited,
    membership,
)


def test_the_survey_is_answered_by_link_and_by_phone_and_counted(
    browser_page,  # noqa: F811
    make_exited,  # noqa: F811
    live_server,
    settings,
    manager,
    django_capture_on_commit_callbacks,
):
    settings.REQUIRE_2FA = False
    by_link = make_exited(last_name="Parlien", situation="cdd")
    by_phone = make_exited(last_name="Partelephone", email="")
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_surveys()["sent"] == 1
    link = re.search(r"/enquete/\S+/", mail.outbox[0].body).group(0)

    page = browser_page
    # The person, without an account.
    page.goto(live_server.url + link)
    page.get_by_role("heading", name="Où en êtes-vous aujourd'hui ?").wait_for()
    check_accessibility(page, "fse-survey")
    page.get_by_label("Je travaille comme salarié·e").check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.get_by_text("Choisissez le type de votre contrat de travail.").wait_for()
    check_accessibility(page, "fse-survey-error")
    page.get_by_label(
        "Si vous travaillez comme salarié·e : quel est votre contrat ?"
    ).select_option("cdi")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.get_by_role("heading", name="Merci, votre réponse est enregistrée").wait_for()
    assert Survey.objects.get(pathway=by_link).contract == "cdi"
    # The same link again: already answered.
    page.goto(live_server.url + link)
    page.get_by_role("heading", name="Vous avez déjà répondu").wait_for()

    # The manager.
    log_in(page, live_server, manager.email)
    page.goto(live_server.url + reverse("reporting:fse"))
    page.get_by_role("heading", level=1).filter(has_text="Indicateurs FSE+").wait_for()
    check_accessibility(page, "fse-indicators")
    answered = page.get_by_role("row", name="Réponses reçues")
    assert answered.get_by_role("cell").nth(1).inner_text() == "1"
    # No e-mail: to call.
    person = by_phone.person
    page.get_by_role("link", name=f"{person.last_name.upper()} {person.first_name}").click()
    page.get_by_role("heading", name="Enquête à 6 mois").wait_for()
    check_accessibility(page, "fse-pathway")
    page.get_by_label("Je cherche un emploi").check()
    page.get_by_role("button", name="Enregistrer la réponse").click()
    page.get_by_text("Réponse à l'enquête à 6 mois enregistrée.").wait_for()
    assert Survey.objects.get(pathway=by_phone).answered_via == "phone"

    page.goto(live_server.url + reverse("reporting:fse"))
    answered = page.get_by_role("row", name="Réponses reçues")
    assert answered.get_by_role("cell").nth(1).inner_text() == "2"
