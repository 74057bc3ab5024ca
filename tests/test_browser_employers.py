"""Employer relations in a real browser: a company, an exchange, an offer, its documents."""

import subprocess
from pathlib import Path

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.core.validators import example_siret
from tremplin.employers.models import Company, JobOffer
from tremplin.testing.factories import MembershipFactory, StructureFactory, UserFactory


def test_liaison_creates_a_company_and_an_offer_and_downloads_its_documents(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
    tmp_path,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test entreprises")
    liaison = UserFactory(email="karim@exemple.test", first_name="Karim", last_name="Haddad")
    MembershipFactory(user=liaison, structure=structure, role=Role.EMPLOYER_LIAISON)

    log_in(page, live_server, "karim@exemple.test")
    page.get_by_role("link", name="Entreprises", exact=True).first.click()
    page.get_by_text("Le fichier entreprises de votre structure est vide.").wait_for()
    check_accessibility(page, "entreprises-vide")
    page.get_by_role("link", name="Ajouter une entreprise").first.click()
    page.get_by_label("Raison sociale ou enseigne").fill("Boulangerie du Môle")
    page.get_by_label("SIRET").fill("12345678901234")
    page.get_by_label("Activité (code NAF rév. 2)").fill("10.71C")
    page.get_by_label("Commune").fill("Saint-Nazaire (44184)")
    page.get_by_label("Secteur", exact=True).select_option(label="Marchand (entreprise)")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("clé de contrôle incorrecte").wait_for()
    assert not Company.objects.exists()
    check_accessibility(page, "entreprise-erreur")
    page.get_by_label("SIRET").fill(example_siret(8080))
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Boulangerie du Môle").wait_for()
    assert "10.71C — Boulangerie et boulangerie-pâtisserie" in page.locator("main").inner_text()
    assert Company.objects.get().sector == "private"
    check_accessibility(page, "fiche-entreprise")

    page.get_by_role("link", name="Noter un échange").click()
    page.get_by_label("Type d'échange").select_option(label="Visite")
    page.get_by_label("Résumé").fill("Visite du fournil : un boulanger à recruter en janvier.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Visite du fournil : un boulanger à recruter en janvier.").wait_for()

    page.get_by_role("link", name="Rédiger une offre").click()
    page.get_by_label("Intitulé de l'offre").fill("Boulangère")
    page.get_by_label("Métier (appellation ROME)").fill("Boulanger / Boulangère — D1102")
    page.get_by_label("Type de contrat").select_option(label="CDI")
    page.get_by_label("Durée hebdomadaire (heures)").fill("35")
    page.get_by_label("Salaire brut minimum (€)").fill("1900")
    page.get_by_label("Missions").fill("Fabrication des pains et viennoiseries.")
    check_accessibility(page, "nouvelle-offre")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Boulangère").wait_for()
    offer = JobOffer.objects.get()
    assert offer.status == "draft" and offer.commune_id == "44184" and offer.fiche_id == "D1102"
    assert offer.required_skills.exists()
    check_accessibility(page, "offre")

    for label, suffix in (("Offre (PDF)", "pdf"), ("Offre (DOCX)", "docx")):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        path = Path(tmp_path / f"offre.{suffix}")
        download.value.save_as(path)
        assert download.value.suggested_filename == f"offre-{offer.pk}.{suffix}"
        if suffix == "pdf":
            content = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, check=True
            ).stdout.decode()
            assert "Fabrication des pains et viennoiseries." in content
            assert "1 900 € brut par mois" in " ".join(content.replace("\u00a0", " ").split())
        else:
            assert path.read_bytes().startswith(b"PK")

    # Publication: the checker flags the title in one gender; fix it, then publish.
    page.get_by_role("link", name="Vérifier et publier").click()
    page.get_by_text("1 formulation à revoir.").wait_for()
    assert page.locator("mark").first.inner_text() == "Boulangère"
    assert "Code du travail, art. L1142-1" in page.locator("main").inner_text()
    check_accessibility(page, "verifier-offre")
    page.get_by_role("button", name="Publier malgré les constats").click()
    page.get_by_text("cochez cette case pour la publier quand même").wait_for()
    assert JobOffer.objects.get().status == "draft"
    page.get_by_role("link", name="Corriger l'offre").click()
    page.get_by_label("Intitulé de l'offre").fill("Boulanger / Boulangère (H/F)")
    # The employer wants French nationals only: plainly unlawful, the liaison cannot publish
    # it alone; she may only correct it or submit it to the manager.
    page.get_by_label("Profil recherché").fill("Nationalité française exigée.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Offre enregistrée.").wait_for()
    page.get_by_role("link", name="Vérifier et publier").click()
    page.get_by_role("heading", name="Un point bloque la publication").wait_for()
    assert page.get_by_role("button", name="Publier malgré les constats").count() == 0
    check_accessibility(page, "offre-bloquee")
    page.get_by_label("Motif de votre demande").fill("L'employeur insiste.")
    page.get_by_role("button", name="Soumettre au ou à la responsable").click()
    page.get_by_text("Offre soumise au ou à la responsable").wait_for()
    assert JobOffer.objects.get().status == "draft"
    page.get_by_role("link", name="Modifier").first.click()
    page.get_by_label("Profil recherché").fill("Autorisation de travail en France exigée.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Offre enregistrée.").wait_for()
    page.get_by_role("link", name="Vérifier et publier").click()
    page.get_by_text("Aucune formulation discriminatoire repérée").wait_for()
    page.get_by_role("button", name="Publier l'offre").click()
    page.get_by_text("Offre publiée.").wait_for()
    assert JobOffer.objects.get().status == "published"

    # A prospection campaign aimed at bakeries: the company is in its segment.
    page.get_by_role("link", name="Campagnes de prospection").click()
    page.get_by_role("link", name="Nouvelle campagne").click()
    page.get_by_label("Intitulé").fill("Boulangeries de l'estuaire")
    page.get_by_label("Objectifs").fill("Rencontrer dix boulangeries avant Noël.")
    page.get_by_label("Secteurs visés (codes NAF)").fill("10.71")
    page.get_by_label("Entreprises à contacter").fill("10")
    check_accessibility(page, "nouvelle-campagne")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Boulangeries de l'estuaire").wait_for()
    segment = page.locator("#to-contact")
    assert "Boulangerie du Môle" in segment.inner_text()
    check_accessibility(page, "campagne")
