"""Referral in a real browser: the counselor orients a person towards the nearest service
for a need of the diagnosis; the partner, without an account, answers through the link."""

from datetime import date

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    new_page,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.diagnosis import actions as diagnosis_actions
from tremplin.network.models import PartnerService, PartnerStructure, Referral, ReferralStatus
from tremplin.people.models import Follow
from tremplin.referentials.models import Commune, Thematique
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)

PERMIS = "mobilite--preparer-un-permis"


def test_counselor_orients_and_the_partner_answers_through_the_link(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    settings.TREMPLIN_BASE_URL = live_server.url
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    membership = MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    saint_nazaire = Commune.objects.get(pk="44184")
    person = PersonFactory(
        last_name="Benamar", first_name="Yasmine", commune=saint_nazaire, created_by=counselor
    )
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    counselor.active_membership = membership
    diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=0,
        interview_date=date(2026, 11, 16),
        demand="Trouver un emploi d'aide à domicile.",
        synthesis="Le permis B est la priorité.",
        domains={
            "mobilite": diagnosis_actions.DomainData(
                facts={}, situation="", strengths="", obstacles=[], needs=[PERMIS]
            )
        },
        editable={"mobilite"},
    )
    school = PartnerStructure.objects.create(
        source="dora",
        source_id="dora--ae-44",
        name="Auto-école sociale de l'estuaire",
        email="contact@ae-estuaire.test",
        commune=saint_nazaire,
    )
    service = PartnerService.objects.create(
        structure=school, source="dora", source_id="dora--ae-44-b", name="Permis B accompagné"
    )
    service.thematiques.add(Thematique.objects.get(pk=PERMIS))
    service.save()

    log_in(page, live_server, "camille@exemple.test")
    page.goto(f"{live_server.url}/personnes/{person.pk}/orientations/")
    page.get_by_text("Permis B accompagné", exact=True).wait_for()
    check_accessibility(page, "orientations-dossier")
    page.get_by_role("link", name="Orienter vers Permis B accompagné").click()
    page.get_by_label("Motif de l'orientation").fill(
        "Yasmine vise un poste d'aide à domicile qui demande le permis B."
    )
    page.get_by_label("Accord oral, consigné par le professionnel").check()
    page.get_by_label("La personne est d'accord pour être orientée").check()
    check_accessibility(page, "orientation-nouvelle")
    page.get_by_role("button", name="Envoyer au partenaire").click()
    page.get_by_text("Orientation envoyée à Auto-école sociale de l'estuaire.").wait_for()
    check_accessibility(page, "orientation-envoyee")
    link = page.get_by_role("textbox", name="Lien").input_value()
    assert link.startswith(live_server.url + "/orientation/reponse/")

    # The partner, without an account, opens the link received by e-mail.
    partner = new_page(page)
    partner.goto(link)
    partner.get_by_role("heading", name="Fiche de liaison").wait_for()
    assert "BENAMAR" in partner.locator("main").inner_text().upper()
    check_accessibility(partner, "orientation-lien-partenaire")
    partner.get_by_label("J'accepte l'orientation").check()
    partner.get_by_label("Votre nom et votre fonction").fill("Marc Volant, moniteur")
    partner.get_by_role("button", name="Envoyer ma réponse").click()
    partner.get_by_text("Merci, c'est enregistré").wait_for()

    page.reload()
    page.get_by_role("heading", name="Réponse du partenaire", exact=True).wait_for()
    check_accessibility(page, "orientation-acceptee")
    assert "Marc Volant" in page.locator("main").inner_text()
    assert Referral.objects.get().status == ReferralStatus.ACCEPTED


def test_rereading_the_motive_clears_its_stale_error_and_sensitive_details_need_a_tick(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="Mission Locale de la relecture")
    counselor = UserFactory(email="ines@exemple.test", first_name="Inès", last_name="Roux")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    saint_nazaire = Commune.objects.get(pk="44184")
    person = PersonFactory(
        last_name="Haddad", first_name="Aïcha", commune=saint_nazaire, created_by=counselor
    )
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    partner = PartnerStructure.objects.create(
        source="dora", source_id="dora--relais", name="Le Relais", commune=saint_nazaire
    )
    service = PartnerService.objects.create(
        structure=partner, source="dora", source_id="dora--relais-1", name="Atelier CV"
    )
    service.save()

    log_in(page, live_server, "ines@exemple.test")
    page.goto(
        f"{live_server.url}/personnes/{person.pk}/orientations/nouvelle/?service={service.pk}"
    )
    page.get_by_role("button", name="Envoyer au partenaire").click()
    motive = page.get_by_label("Motif de l'orientation")
    page.locator("#id_motive_error").wait_for()
    assert motive.get_attribute("aria-invalid") == "true"

    motive.fill("Aïcha est enceinte et sort de prison avec un bracelet électronique.")
    page.get_by_role("button", name="Relire le motif avant de l'envoyer").click()
    page.get_by_role("heading", name="Points à revoir").wait_for()
    page.locator("#id_motive_error").wait_for(state="detached")
    assert motive.get_attribute("aria-invalid") is None
    assert "is-invalid" not in motive.get_attribute("class")
    assert motive.get_attribute("aria-describedby") == "id_motive_helptext"

    page.get_by_label("E-mail du destinataire").fill("contact@relais.test")
    page.get_by_label("Accord oral, consigné par le professionnel").check()
    page.get_by_label("La personne est d'accord pour être orientée").check()
    page.get_by_role("button", name="Envoyer au partenaire").click()
    page.get_by_role(
        "heading", name="Avant d'envoyer : le motif contient des informations"
    ).wait_for()
    assert not Referral.objects.exists()
    check_accessibility(page, "orientation-informations-sensibles")
    page.get_by_label("J'ai relu : la personne est d'accord").check()
    page.get_by_role("button", name="Envoyer au partenaire").click()
    page.get_by_text("Orientation envoyée à Le Relais.").wait_for()
    assert Referral.objects.get().status == ReferralStatus.SENT
