"""An immersion convention in a real browser: prepared, sent, signed by the person and the
tutor through their links (each in their own browser), signed and validated by the
structure, then downloaded as a PDF."""

import re
import subprocess
from datetime import timedelta

from django.core import mail

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    new_page,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.immersions.models import Immersion
from tremplin.immersions.tests.helpers import SIRET, appellation, next_monday
from tremplin.people.models import Follow
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def test_counselor_prepares_sends_gets_signatures_validates_and_prints_a_convention(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
    tmp_path,
):
    settings.REQUIRE_2FA = False
    settings.TREMPLIN_BASE_URL = live_server.url
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    person = PersonFactory(
        last_name="Benamar",
        first_name="Yasmine",
        email="yasmine@exemple.test",
        created_by=counselor,
    )
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    start = next_monday()

    log_in(page, live_server, "camille@exemple.test")
    page.goto(f"{live_server.url}/personnes/{person.pk}/")
    page.get_by_role("link", name="Immersions").click()
    page.get_by_role("link", name="Préparer une convention").click()
    page.get_by_label("Statut de la personne").select_option("youth")
    page.get_by_label("Raison sociale de la structure d'accueil").fill("Boulangerie du Port")
    page.get_by_label("SIRET").fill(SIRET)
    page.get_by_label("Adresse du lieu de l'immersion").fill("3 quai de la Fosse")
    page.get_by_label("Commune du lieu de l'immersion").fill("Nantes (44109)")
    page.get_by_label("Nom du tuteur ou de la tutrice").fill("Hervé Le Goff")
    page.get_by_label("Fonction").fill("Artisan boulanger")
    page.get_by_label("Téléphone").fill("02 40 00 00 00")
    page.get_by_label("E-mail du tuteur ou de la tutrice").fill("tuteur@boulangerie.test")
    page.get_by_label("Objet de l'immersion").select_option("confirm")
    page.get_by_label("Métier observé (appellation ROME)").fill(appellation().display_with_code)
    page.get_by_label("Activités et tâches confiées").fill("Façonner le pain, vendre au comptoir.")
    page.get_by_label("Premier jour").fill(start.isoformat())
    # 31 days: refused on the end date, nothing saved.
    page.get_by_label("Dernier jour").fill((start + timedelta(days=31)).isoformat())
    for day in ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi"):
        page.get_by_label(day, exact=True).fill("7")
    page.get_by_label("Couverture accidents du travail").fill("Mission Locale")
    page.get_by_label("Risques du poste").fill("Brûlures (four), port de charges.")
    page.get_by_label("Assurance responsabilité civile de la structure d'accueil").fill(
        "MAAF Pro, contrat n° 12345"
    )
    check_accessibility(page, "immersion-formulaire")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("32 jours calendaires").wait_for()
    assert Immersion.objects.count() == 0
    page.get_by_label("Dernier jour").fill((start + timedelta(days=11)).isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r".*/immersions/\d+/$"))
    immersion = Immersion.objects.get()
    check_accessibility(page, "immersion-brouillon")

    page.get_by_role("button", name="Envoyer en signature").click()
    page.get_by_text("ont reçu chacun leur lien").wait_for()
    links = {
        m.to[0]: re.search(r"https?://\S+/immersion/signature/\S+/", m.body).group(0)
        for m in mail.outbox
    }
    assert set(links) == {"yasmine@exemple.test", "tuteur@boulangerie.test"}

    for email, name in (
        ("yasmine@exemple.test", "Yasmine Benamar"),
        ("tuteur@boulangerie.test", "Hervé Le Goff"),
    ):
        other = new_page(page)
        other.goto(links[email])
        other.get_by_role(
            "heading", name="Convention d'immersion professionnelle à signer"
        ).wait_for()
        check_accessibility(other, f"immersion-lien-{email.split('@')[0]}")
        other.get_by_label("Votre nom et votre prénom").fill(name)
        other.get_by_label("J'ai lu la convention ci-dessus et je l'accepte : je la signe.").check()
        other.get_by_role("button", name="Signer la convention").click()
        other.get_by_text("Merci, la convention est signée").wait_for()
        # The link is used up.
        other.goto(links[email])
        other.get_by_text("Ce lien de signature n'est plus valide").wait_for()
        other.context.close()

    page.reload()
    page.get_by_role("link", name="Signer pour la structure").click()
    page.get_by_label("J'ai lu la convention ci-dessus et je l'accepte : je la signe.").check()
    page.get_by_role("button", name="Signer", exact=True).click()
    page.get_by_text("Signée par les trois parties").first.wait_for()
    page.get_by_role("button", name="Valider la convention").click()
    page.get_by_text("Convention validée par la structure.").wait_for()
    immersion.refresh_from_db()
    assert immersion.status == "validated"
    check_accessibility(page, "immersion-validee")

    with page.expect_download() as download:
        page.get_by_role("link", name="Convention (PDF)").click()
    path = tmp_path / "convention.pdf"
    download.value.save_as(path)
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "Yasmine BENAMAR" in text and "Boulangerie du Port" in text
    assert f"du {start:%d/%m/%Y} au {start + timedelta(days=11):%d/%m/%Y}" in text
    assert "Convention validée par Mission Locale du test navigateur" in text


def test_taking_a_companys_details_keeps_what_was_typed(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    from tremplin.core.validators import example_siret
    from tremplin.employers.models import Company

    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test entreprises")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    person = PersonFactory(last_name="Benamar", first_name="Yasmine", created_by=counselor)
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    company = Company.objects.create(
        structure=structure,
        name="Garage de l'Erdre",
        siret=example_siret(55),
        naf_id="45.20A",
        address="8 rue de Rennes",
        created_by=counselor,
    )
    log_in(page, live_server, "camille@exemple.test")
    page.goto(f"{live_server.url}/personnes/{person.pk}/immersions/nouvelle/")
    page.get_by_label("Statut de la personne").select_option("youth")
    page.get_by_label("Activités et tâches confiées").fill("Accueillir les clients.")
    page.get_by_label("Nom du tuteur ou de la tutrice").fill("Anne Rivière")
    page.get_by_label("Entreprise", exact=True).select_option(str(company.pk))
    page.get_by_role("button", name="Reprendre ses coordonnées").click()
    page.get_by_label("Raison sociale de la structure d'accueil").wait_for()
    assert page.get_by_label("Raison sociale de la structure d'accueil").input_value() == (
        "Garage de l'Erdre"
    )
    assert page.get_by_label("Statut de la personne").input_value() == "youth"
    assert page.get_by_label("Activités et tâches confiées").input_value() == (
        "Accueillir les clients."
    )
    assert page.get_by_label("Nom du tuteur ou de la tutrice").input_value() == "Anne Rivière"
    check_accessibility(page, "convention-entreprise-reprise")


def test_a_person_without_e_mail_signs_on_the_counselors_screen(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    from tremplin.immersions.models import ImmersionSignature
    from tremplin.immersions.tests.helpers import make_immersion

    settings.REQUIRE_2FA = False
    settings.TREMPLIN_BASE_URL = live_server.url
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test sans e-mail")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    person = PersonFactory(
        last_name="Benamar", first_name="Yasmine", email="", created_by=counselor
    )
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    immersion = make_immersion(person=person, counselor=counselor)

    log_in(page, live_server, "camille@exemple.test")
    page.goto(f"{live_server.url}/immersions/{immersion.pk}/")
    page.get_by_role("button", name="Envoyer en signature").click()
    page.get_by_text("le tuteur ou la tutrice a reçu son lien").wait_for()
    assert [m.to[0] for m in mail.outbox] == ["tuteur@boulangerie.test"]
    page.get_by_role("link", name="Faire signer la personne (écran ou papier)").click()
    page.get_by_label("Signé à l'écran pendant l'entretien").check()
    check_accessibility(page, "immersion-signature-ecran")
    page.get_by_label("Nom et prénom du ou de la signataire").fill("Yasmine Benamar")
    page.get_by_label("J'ai lu la convention ci-dessus et je l'accepte : je la signe.").check()
    pad = page.locator("#signature-pad")
    # Below the convention and the file's banners: brought into view, or the mouse misses it.
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 120, steps=10)
    page.mouse.up()
    page.get_by_role("button", name="Enregistrer la signature").click()
    page.get_by_text("Signature enregistrée : la personne.").wait_for()
    signature = ImmersionSignature.objects.get(immersion=immersion)
    assert signature.channel == "screen" and signature.signer_name == "Yasmine Benamar"
    assert len(signature.drawing_sha256) == 64
    page.get_by_text("à l'écran pendant l'entretien (signature tracée)").first.wait_for()
    check_accessibility(page, "immersion-signee-ecran")
