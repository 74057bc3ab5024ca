"""The pathway in a real browser: from the diagnosis to the exit (the agenda has its own)."""

import re
from datetime import date, timedelta

from django.utils import timezone

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.diagnosis import actions as diagnosis_actions
from tremplin.pathways.loaders import load_nomenclatures
from tremplin.pathways.models import ContractSignature, Funder, Pathway
from tremplin.people.models import Follow
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def test_counselor_runs_a_pathway_from_the_diagnosis_to_the_exit(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    load_nomenclatures()  # emptied with the database by an earlier browser test
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    membership = MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    Funder.objects.create(structure=structure, name="PLIE de l'estuaire", nomenclature_id="plie")
    person = PersonFactory(last_name="Benamar", first_name="Yasmine", created_by=counselor)
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    counselor.active_membership = membership
    diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=0,
        interview_date=date(2026, 1, 5),
        demand="Trouver un emploi d'aide à domicile.",
        synthesis="Le permis B est la priorité.",
        domains={
            "mobilite": diagnosis_actions.DomainData(
                facts={},
                situation="",
                strengths="",
                obstacles=[],
                needs=["mobilite--preparer-un-permis"],
            )
        },
        editable={"mobilite"},
    )

    log_in(page, live_server, "camille@exemple.test")
    page.goto(f"{live_server.url}/personnes/{person.pk}/parcours/")
    page.get_by_text("Pas encore de parcours dans votre structure.").wait_for()
    check_accessibility(page, "parcours-vide")
    page.get_by_role("link", name="Ouvrir un parcours").click()
    page.get_by_label("Cadre contractuel").select_option(label="Parcours PLIE")
    page.get_by_label("PLIE de l'estuaire").check()
    assert page.get_by_label("Créer les objectifs à partir des besoins du diagnostic").is_checked()
    check_accessibility(page, "ouvrir-un-parcours")
    page.get_by_role("button", name="Ouvrir le parcours").click()

    page.get_by_role("heading", name="Parcours PLIE").wait_for()
    objectives = page.locator("section", has=page.get_by_role("heading", name="Objectifs"))
    assert "Préparer un permis" in objectives.inner_text()
    check_accessibility(page, "parcours")

    page.get_by_role("link", name="Ajouter une action").click()
    page.get_by_label(re.compile(r"^Action\b")).fill("Code de la route à l'auto-école sociale")
    page.get_by_label("Un partenaire").check()
    page.get_by_label("Partenaire", exact=True).fill("Auto-école sociale de l'estuaire")
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    page.get_by_label("Échéance").fill(due)
    page.get_by_label("Heures d'activité").fill("12")
    check_accessibility(page, "nouvelle-action")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("cell", name="Code de la route à l'auto-école sociale", exact=True).wait_for()
    # On a 390 px phone the wide tables scroll inside their box, not the whole page.
    desktop = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.set_viewport_size(desktop)

    page.get_by_role("link", name="Faire signer le contrat").click()
    page.get_by_text("Les engagements de la Mission Locale du test navigateur").wait_for()
    check_accessibility(page, "signature-du-contrat")
    page.get_by_role("button", name="Enregistrer la signature").click()
    page.get_by_text("La personne coche la case pour signer.").wait_for()
    page.get_by_label("Nom et prénom, saisis par la personne").fill("Yasmine Benamar")
    page.get_by_label("J'ai lu ce contrat et je m'engage à le respecter.").check()
    page.get_by_role("button", name="Enregistrer la signature").click()
    page.get_by_text("Version 1 signée le").wait_for()
    signature = ContractSignature.objects.get()
    assert signature.signer_name == "Yasmine Benamar"
    assert "Code de la route" in str(signature.snapshot)

    page.get_by_role("link", name="Clore avec la sortie").click()
    check_accessibility(page, "sortie")
    page.get_by_role("button", name="Clore le parcours").click()
    page.get_by_text("Indiquez la situation de la personne à la sortie.").wait_for()
    # Every objective still in progress is to be said reached or not, in the same round.
    assert page.get_by_text("est atteint.").count() >= 1
    assert not Pathway.objects.get().is_closed
    for reached in page.get_by_role("radio", name="Atteint", exact=True).all():
        reached.check()
    # The action not started yet is proposed as cancelled.
    assert page.get_by_role("radio", name="Annulée (n'aura pas lieu ou interrompue)").is_checked()
    page.get_by_label("Situation de la personne à la sortie").select_option(label="Emploi en CDI")
    page.get_by_label("Employeur ou entreprise").fill("Aide à domicile de l'estuaire")
    page.get_by_label("Début du contrat, de l'activité ou de la formation").fill(
        timezone.localdate().isoformat()
    )
    page.get_by_role("button", name="Clore le parcours").click()
    page.get_by_role("heading", name="Sortie").wait_for()
    text = page.locator("main").inner_text()
    assert "Sortie positive — emploi durable" in text
    check_accessibility(page, "parcours-clos")
    pathway = Pathway.objects.get()
    assert pathway.is_closed and pathway.exit.category == "cdi"
    assert {o.status for o in pathway.objectives.all()} == {"reached"}
    assert {a.status for a in pathway.actions.all()} == {"cancelled"}


def test_aci_counselor_records_suspends_and_withdraws_on_the_pass_iae(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    """The PASS IAE of a salarié·e en parcours IAE: recorded from the attestation, suspended,
    then the suspension typed by mistake is withdrawn with its reason, and stays on record."""
    from tremplin.pathways import actions as pathway_actions

    settings.REQUIRE_2FA = False
    load_nomenclatures()
    page = browser_page
    structure = StructureFactory(name="Chantier d'insertion des Berges", kind="siae_aci")
    counselor = UserFactory(email="ines@exemple.test", first_name="Inès", last_name="Roux")
    membership = MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    person = PersonFactory(last_name="Kouyaté", first_name="Moussa", created_by=counselor)
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    counselor.active_membership = membership
    pathway = pathway_actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework="iae",
            started_on=date(2026, 1, 5),
            planned_end_on=date(2027, 12, 31),
            referent=counselor,
        ),
        membership=membership,
    )

    log_in(page, live_server, "ines@exemple.test")
    page.goto(f"{live_server.url}/parcours/{pathway.pk}/")
    page.get_by_role("link", name="Enregistrer le PASS IAE").click()
    page.get_by_label("Numéro de PASS IAE").fill("99999 26 1234")
    page.get_by_label("Début du PASS IAE").fill("2026-01-05")
    page.get_by_label("Délivré par").fill("France Travail")
    page.get_by_label("Délivré le").fill("2026-01-02")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("12 chiffres").first.wait_for()
    # The summary takes the focus and the title says so (RGAA 11.10).
    summary = page.get_by_role("alert").filter(has_text="Rien n'a été enregistré")
    assert summary.evaluate("node => node === document.activeElement")
    assert page.title().startswith("Erreur — Enregistrer le PASS IAE")
    check_accessibility(page, "pass-iae-erreur")
    page.get_by_label("Numéro de PASS IAE").fill("99999 26 12345")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("PASS IAE enregistré.").wait_for()
    card = page.locator("section", has=page.get_by_role("heading", name="PASS IAE"))
    assert "99999 26 12345" in card.inner_text()
    assert "du 05/01/2026 au 04/01/2028" in card.inner_text()

    page.get_by_role("link", name="Suspendre le PASS IAE").click()
    page.get_by_label("Premier jour de la suspension").fill("2026-03-02")
    page.get_by_label("Dernier jour de la suspension").fill("2026-03-11")
    page.get_by_label("Motif").select_option(
        label="Contrat de travail suspendu depuis plus de 15 jours"
    )
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Suspension du PASS IAE enregistrée.").wait_for()
    assert "du 05/01/2026 au 14/01/2028" in card.inner_text()
    check_accessibility(page, "pass-iae-suspendu")

    page.get_by_role("link", name="Retirer une saisie erronée").click()
    page.get_by_role("heading", name="Retirer une saisie erronée").wait_for()
    check_accessibility(page, "pass-iae-retrait")
    page.get_by_role("button", name="Retirer la saisie").click()
    page.get_by_text("Choisissez la saisie à retirer.").wait_for()
    page.get_by_label(re.compile(r"^Suspension du 02/03/2026 au 11/03/2026")).check()
    page.get_by_label("Pourquoi la retirer ?").fill("Arrêt saisi sur le mauvais salarié")
    page.get_by_role("button", name="Retirer la saisie").click()
    page.get_by_text("Suspension retirée").wait_for()
    assert "du 05/01/2026 au 04/01/2028" in card.inner_text()
    page.get_by_text("Saisies retirées (1)").click()
    assert "Arrêt saisi sur le mauvais salarié" in card.inner_text()
    check_accessibility(page, "pass-iae-saisie-retiree")
