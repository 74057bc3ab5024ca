"""The professional project in a real browser: choose a target job by searching the ROME,
add an experience, download the CV."""

import subprocess

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.people.models import Follow
from tremplin.projects.models import Experience, TargetJob
from tremplin.referentials.loaders import load_referentials
from tremplin.referentials.models import Commune, HiringIntention
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def test_counselor_chooses_a_target_job_adds_an_experience_and_downloads_the_cv(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
    tmp_path,
):
    settings.REQUIRE_2FA = False
    if not HiringIntention.objects.exists():  # emptied by an earlier transactional test
        load_referentials(["bmo"])
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    person = PersonFactory(
        last_name="Benamar", first_name="Yasmine", phone="06 12 34 56 78", created_by=counselor
    )
    Follow.objects.create(person=person, structure=structure, referent=counselor)

    log_in(page, live_server, "camille@exemple.test")
    page.goto(f"{live_server.url}/personnes/{person.pk}/projet/")
    page.get_by_text("Pas encore de métier visé.").wait_for()
    check_accessibility(page, "projet-vide")

    page.get_by_role("link", name="Ajouter un métier visé").click()
    job = page.get_by_label("Métier visé")
    job.press_sequentially("aide-soig", delay=30)
    # The suggestions come from the ROME on the server (htmx) into the field's datalist:
    # « intitulé — fiche ROME », without the internal OGR code.
    page.wait_for_function(
        "() => [...document.querySelectorAll('#id_appellation-suggestions option')]"
        ".some(o => o.value === 'Aide-soignant / Aide-soignante — J1501')"
    )
    job.fill("Aide-soignant / Aide-soignante — J1501")
    page.get_by_label("Pourquoi ce métier").fill("Prendre soin des personnes âgées.")
    page.get_by_label("CDI").check()
    page.get_by_label("Date de la décision").fill("2026-11-02")
    check_accessibility(page, "ajouter-un-metier")
    page.get_by_role("button", name="Enregistrer").click()

    page.get_by_role("heading", name="Aide-soignant / Aide-soignante").wait_for()
    assert "Métiers proches suggérés par le ROME" in page.locator("main").inner_text()
    check_accessibility(page, "metier-vise")
    assert TargetJob.objects.get(person=person).contract_types == ["cdi"]

    # The hiring outlook of the person's basin: the survey's occupations proposed by the
    # words of the job, one confirmed by the counselor.
    person.commune = Commune.objects.get(pk="44184")  # Saint-Nazaire
    person.save(update_fields=["commune"])
    page.reload()
    outlook = page.locator("#perspectives")
    outlook.get_by_text(
        "Correspondance proposée d'après les mots du libellé : à vérifier"
    ).wait_for()
    check_accessibility(page, "perspectives-propositions")
    outlook.get_by_role("button", name="C'est ce métier : Aides-soignants").click()
    page.get_by_text("Métier de l'enquête confirmé pour ce métier visé.").wait_for()
    assert TargetJob.objects.get(person=person).bmo_occupation_code == "V0X60"
    text = page.locator("#perspectives").inner_text()
    assert "Bassin Saint-Nazaire" in text and "Département 44" in text and "France" in text
    check_accessibility(page, "perspectives-confirme")
    page.locator("#perspectives").get_by_role("button", name="Changer").click()
    page.get_by_text("Correspondance retirée").wait_for()
    assert TargetJob.objects.get(person=person).bmo_occupation_code == ""

    page.get_by_role("link", name="← Projet professionnel").click()
    page.get_by_role("link", name="Ajouter une expérience").click()
    page.get_by_label("Poste occupé").fill("Agent de service hospitalier")
    page.get_by_label("Employeur").fill("EHPAD Les Glycines")
    page.get_by_label("Début").fill("2023-03-01")
    page.get_by_label("Fin", exact=True).fill("2022-06-30")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La fin de l'expérience ne peut pas précéder son début.").wait_for()
    check_accessibility(page, "experience-erreur")
    page.get_by_label("Fin", exact=True).fill("2025-06-30")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Expérience ajoutée.").wait_for()
    assert Experience.objects.get(person=person).employer == "EHPAD Les Glycines"

    page.get_by_role("link", name="CV de la personne").click()
    page.get_by_label("Métier visé par ce CV").select_option(label="Aide-soignant / Aide-soignante")
    check_accessibility(page, "cv")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le CV").click()
    path = tmp_path / "cv.pdf"
    download.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Agent de service hospitalier" in text and "Aide-soignant" in text
    assert "06 12 34 56 78" in text
    assert f"{person.birth_date:%d/%m/%Y}" not in text
