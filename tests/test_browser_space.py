"""The person's own space in a real browser, on a phone-sized screen, with axe checks:
the counselor invites, the person enters with the link and their birth date, reads their
pages, withdraws a consent and validates the synthesis of their diagnosis."""

import re
from datetime import date, timedelta

from django.core import mail
from django.utils import timezone

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.agenda.models import Appointment, Participant
from tremplin.core.permissions import Role
from tremplin.diagnosis.actions import save_version
from tremplin.diagnosis.models import DiagnosisVersion
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent, Follow
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def test_the_person_enters_their_space_on_a_phone_and_withdraws_a_consent(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    settings.TREMPLIN_BASE_URL = live_server.url
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur", phone="02 40 00 00 09")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    person = PersonFactory(
        last_name="Benamar",
        first_name="Yasmine",
        birth_date=date(1999, 4, 17),
        email="yasmine@exemple.test",
        created_by=counselor,
    )
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    # A chantier took her in from a referral: she opened nothing of her common file to it.
    chantier = StructureFactory(name="Chantier du test navigateur")
    taken_in = Follow.objects.create(person=person, structure=chantier, opened_sections=[])
    consent = Consent.objects.create(
        person=person,
        structure=structure,
        purpose=ConsentPurpose.EMPLOYER_PROPOSAL,
        channel=ConsentChannel.SCREEN,
        recorded_by=counselor,
    )
    start = timezone.now() + timedelta(days=3)
    appointment = Appointment.objects.create(
        structure=structure,
        organizer=counselor,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="4 rue du Port, Saint-Nazaire",
        created_by=counselor,
    )
    Participant.objects.create(appointment=appointment, person=person)
    save_version(
        person=person,
        membership=counselor.memberships.get(),
        base_number=0,
        interview_date=date(2026, 11, 20),
        demand="",
        synthesis="Yasmine veut travailler dans la logistique ; il lui faut le CACES.",
        domains={},
        editable=set(),
    )

    # The counselor invites the person from the file.
    log_in(page, live_server, "camille@exemple.test")
    page.goto(f"{live_server.url}/personnes/{person.pk}/")
    page.get_by_role("link", name="Inviter la personne dans son espace").click()
    page.get_by_label(re.compile("E-mail")).check()
    check_accessibility(page, "espace-inviter")
    page.get_by_role("button", name="Inviter la personne dans son espace").click()
    page.get_by_text("L'invitation est envoyée.").wait_for()
    link = re.search(r"https?://\S+/espace/lien/\S+/", mail.outbox[-1].body).group(0)

    # The person, on a phone.
    phone_context = page.context.browser.new_context(
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(link)
    # The token leaves the address bar at once: the page's address carries none.
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert phone.url == f"{live_server.url}/espace/lien/" and token not in phone.url
    check_accessibility(phone, "espace-lien")
    phone.get_by_label("Jour").fill("18")
    phone.get_by_label("Mois").select_option(label="avril")
    phone.get_by_label("Année").fill("1999")
    phone.get_by_role("button", name="Entrer").click()
    phone.get_by_text("Ce n'est pas la bonne date. Il vous reste 4 essais.").wait_for()
    assert token not in phone.url and token not in phone.content()
    check_accessibility(phone, "espace-lien-erreur")
    phone.get_by_label("Jour").fill("17")
    phone.get_by_label("Mois").select_option(label="avril")
    phone.get_by_label("Année").fill("1999")
    phone.get_by_role("button", name="Entrer").click()

    phone.get_by_role("heading", name="Bonjour Yasmine").wait_for()
    assert "Camille Martin" in phone.inner_text("main")
    assert "4 rue du Port" in phone.inner_text("main")
    check_accessibility(phone, "espace-accueil")
    for button, heading, name in (
        ("Mon plan d'action", "Mon plan d'action", "espace-plan"),
        ("Mes rendez-vous", "Mes rendez-vous", "espace-rendez-vous"),
        ("Mes documents", "Mes documents", "espace-documents"),
        ("Qui a consulté mon dossier", "Qui a consulté mon dossier", "espace-consultations"),
    ):
        phone.get_by_role("link", name=button).click()
        phone.get_by_role("heading", name=heading, exact=True).wait_for()
        check_accessibility(phone, name)
        phone.get_by_role("link", name="Retour à l'accueil de mon espace").click()
    # The counselor's read of the file is listed for the person.
    phone.get_by_role("link", name="Qui a consulté mon dossier").click()
    assert "Camille Martin" in phone.inner_text("main")
    phone.get_by_role("link", name="Retour à l'accueil de mon espace").click()

    phone.get_by_role("link", name="Mes consentements").click()
    check_accessibility(phone, "espace-consentements")
    phone.get_by_role("link", name="Retirer mon accord : Proposer votre candidature").click()
    check_accessibility(phone, "espace-retrait")
    phone.get_by_role("button", name="Oui, je retire mon accord").click()
    phone.get_by_text("votre accord est retiré").wait_for()
    consent.refresh_from_db()
    assert consent.withdrawal_channel == "person_space" and not consent.is_active
    # She lets the chantier see her situation, herself.
    phone.get_by_role("link", name="Choisir ce que Chantier du test navigateur voit").click()
    check_accessibility(phone, "espace-dossier-commun")
    phone.get_by_label("Votre situation (RSA, France Travail, CAF…)").check()
    phone.get_by_role("button", name="Enregistrer mon choix").click()
    phone.get_by_text("C'est fait : Chantier du test navigateur voit maintenant").wait_for()
    taken_in.refresh_from_db()
    assert taken_in.opened_sections == ["situation"]
    # The synthesis of the diagnosis waits for the person: read it, validate it.
    phone.get_by_role("link", name="Retour à l'accueil de mon espace").click()
    phone.get_by_role("heading", name="Une synthèse attend votre avis").wait_for()
    phone.get_by_role("link", name="Relire la synthèse").click()
    phone.get_by_role("heading", name="Le point sur ma situation").wait_for()
    assert "il lui faut le CACES" in phone.inner_text("main")
    check_accessibility(phone, "espace-diagnostic")
    phone.get_by_role("button", name=re.compile("^Je valide")).click()
    phone.get_by_text("Cochez la case").wait_for()
    check_accessibility(phone, "espace-diagnostic-erreur")
    phone.get_by_label("J'ai lu cette synthèse et elle correspond à ce que nous avons dit").check()
    phone.get_by_role("button", name=re.compile("^Je valide")).click()
    phone.get_by_text("C'est fait : vous avez validé cette synthèse").wait_for()
    assert "Vous avez validé cette synthèse le" in phone.inner_text("main")
    version = DiagnosisVersion.objects.get(diagnosis__person=person)
    assert version.validation_channel == "person_space" and version.validation_recorded_by is None
    phone.get_by_role("button", name="Me déconnecter").click()
    phone.get_by_text("Vous êtes déconnecté·e").wait_for()
    check_accessibility(phone, "espace-entree")
    phone_context.close()

    # The counselor sees the withdrawal in the file's history.
    page.goto(f"{live_server.url}/personnes/{person.pk}/historique/")
    page.get_by_text("Consentement retiré : Proposition de candidature à des employeurs").wait_for()
    page.goto(f"{live_server.url}/personnes/{person.pk}/diagnostic/")
    page.get_by_text("Validée par la personne depuis son espace le").wait_for()
