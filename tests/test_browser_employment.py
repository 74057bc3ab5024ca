"""The employer flow of issue 6 end to end in a real browser: a company and its offer, a
checker finding fixed before publication, the ranking, a proposal, the employer's answer
through its link, the hire and its first in-job check-in."""

import re
from datetime import date, timedelta

from django.core import mail
from django.utils import timezone

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    new_page,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.core.validators import example_siret
from tremplin.employers.models import JobOffer
from tremplin.employment.models import Employment
from tremplin.matching.models import Proposal
from tremplin.people.models import Consent, Follow
from tremplin.projects.models import TargetJob
from tremplin.referentials.models import Commune
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def test_from_a_new_company_to_the_first_check_in_after_the_hire(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    settings.TREMPLIN_BASE_URL = live_server.url
    page = browser_page
    structure = StructureFactory(name="PLIE du test suivi dans l'emploi")
    counselor = UserFactory(email="nadia@exemple.test", first_name="Nadia", last_name="Roux")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    nazaire = Commune.objects.get(pk="44184")
    person = PersonFactory(
        first_name="Héloïse", last_name="Mendy", commune=nazaire, postal_code="44600"
    )
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    TargetJob.objects.create(
        person=person,
        structure=structure,
        created_by=counselor,
        appellation_id="16276",
        contract_types=["cdi"],
        decision="confirm",
        decided_on=date(2026, 10, 1),
    )
    Consent.objects.create(
        person=person,
        structure=structure,
        purpose="employer_proposal",
        channel="paper",
        recorded_by=counselor,
    )

    log_in(page, live_server, "nadia@exemple.test")
    # The company, then its offer written in one gender: the checker finds it.
    page.goto(f"{live_server.url}/entreprises/")
    page.get_by_role("link", name="Ajouter une entreprise").first.click()
    page.get_by_label("Raison sociale ou enseigne").fill("Estuaire Logistique")
    page.get_by_label("SIRET").fill(example_siret(4343))
    page.get_by_label("Activité (code NAF rév. 2)").fill("52.10B")
    page.get_by_label("Commune").fill("Saint-Nazaire (44184)")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Estuaire Logistique").wait_for()
    page.get_by_role("link", name="Rédiger une offre").click()
    page.get_by_label("Intitulé de l'offre").fill("Magasinière")
    page.get_by_label("Métier (appellation ROME)").fill("Magasinier / Magasinière — N1110")
    page.get_by_label("Type de contrat").select_option(label="CDI")
    page.get_by_label("Durée hebdomadaire (heures)").fill("35")
    page.get_by_label("Missions").fill("Réception des marchandises, préparation des commandes.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Vérifier et publier").click()
    page.get_by_text("1 formulation à revoir.").wait_for()
    page.get_by_role("link", name="Corriger l'offre").click()
    page.get_by_label("Intitulé de l'offre").fill("Magasinier / Magasinière (H/F)")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Vérifier et publier").click()
    page.get_by_text("Aucune formulation discriminatoire repérée").wait_for()
    page.get_by_role("button", name="Publier l'offre").click()
    page.get_by_text("Offre publiée.").wait_for()
    offer = JobOffer.objects.get()
    assert offer.status == "published" and offer.title == "Magasinier / Magasinière (H/F)"

    # The ranking, the proposal, the employer's answer by its link.
    page.get_by_role("link", name="Personnes à proposer").click()
    page.get_by_text("Même métier visé").wait_for()
    page.get_by_role("link", name="Proposer Héloïse MENDY").click()
    page.get_by_label("E-mail de l'employeur").fill("rh@estuaire.test")
    page.get_by_role("button", name="Proposer la candidature").click()
    page.get_by_text("l'employeur a reçu un lien pour répondre").wait_for()
    link = re.search(r"(http://\S+/mise-en-relation/reponse/\S+/)", mail.outbox[-1].body).group(1)
    employer = new_page(page)
    employer.goto(link)
    employer.get_by_label("Je l'embauche").check()
    employer.get_by_label("Date de prise de poste (pour une embauche)").fill(
        str(timezone.localdate() + timedelta(days=7))
    )
    employer.get_by_label("Votre nom").fill("Mme Garnier")
    employer.get_by_role("button", name="Envoyer ma réponse").click()
    employer.get_by_text("votre réponse est enregistrée").wait_for()
    assert Proposal.objects.get().status == "hired"

    # The hire opens the in-job follow-up, prefilled from the offer.
    page.reload()
    page.get_by_role("link", name="Ouvrir le suivi dans l'emploi").click()
    assert page.get_by_label("Intitulé du poste").input_value() == "Magasinier / Magasinière"
    assert page.get_by_label("Employeur").input_value() == "Estuaire Logistique"
    started = timezone.localdate() - timedelta(days=16)
    page.get_by_label("Prise de poste le").fill(started.isoformat())
    page.get_by_label("Tuteur ou tutrice dans l'entreprise").fill("Paul Garnier")
    page.get_by_label("Accueil et premiers jours").fill("Visite de l'entrepôt, consignes.")
    check_accessibility(page, "emploi-embauche")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Suivi dans l'emploi ouvert").wait_for()
    employment = Employment.objects.get()
    assert employment.proposal_id == Proposal.objects.get().pk
    assert employment.check_ins.count() == 4
    check_accessibility(page, "emploi-suivi")

    # The first check-in (15 days) is due: the counselor records it.
    page.get_by_role("link", name="Faire ce point (15 jours)").click()
    page.get_by_label("Comment").select_option(label="Visite sur le lieu de travail")
    page.get_by_label("Avec le tuteur ou l'employeur").check()
    page.get_by_role("group", name="Intégration dans l'équipe").get_by_label("Bien").check()
    page.get_by_role("group", name="Maîtrise des tâches").get_by_label("À consolider").check()
    page.get_by_label("Ce qu'en dit la personne").fill("Contente ; la semaine du matin est dure.")
    page.get_by_label("Pas de risque de rupture repéré").check()
    check_accessibility(page, "emploi-point")
    page.get_by_role("button", name="Enregistrer le point de suivi").click()
    page.get_by_text("Point de suivi à 15 jours enregistré.").wait_for()
    first = employment.check_ins.order_by("due_on").first()
    assert first.done_by == counselor and first.tasks == "fair"
    assert first.done_on == timezone.localdate()

    page.goto(f"{live_server.url}/suivi-dans-l-emploi/")
    page.get_by_text("Points de suivi des 30 prochains jours").wait_for()
    assert "1 mois" in page.locator("main").inner_text()
    check_accessibility(page, "emploi-a-faire")

    # The job ends: a CDI offers its own reasons only, none chosen beforehand.
    page.goto(f"{live_server.url}/emplois/{employment.pk}/")
    page.get_by_role("link", name="Plan d'intégration (DOCX)").wait_for()
    page.get_by_text("L'emploi a pris fin").click()
    reason = page.get_by_label("Motif")
    offered = reason.locator("option").all_inner_texts()
    assert offered[0] == "— choisir —" and reason.input_value() == ""
    assert "Rupture conventionnelle" in offered and "Démission" in offered
    assert "Fin du contrat ou de la mission à son terme" not in offered
    assert "Rupture anticipée pour faute grave" not in offered
    page.get_by_label("Dernier jour dans l'emploi").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Enregistrer la fin de l'emploi").click()
    page.get_by_text("Choisissez le motif de fin.").wait_for()
    check_accessibility(page, "emploi-fin")
    page.get_by_label("Motif").select_option(label="Rupture conventionnelle")
    page.get_by_role("button", name="Enregistrer la fin de l'emploi").click()
    page.get_by_text("Fin de l'emploi enregistrée").wait_for()
    employment.refresh_from_db()
    assert employment.status == "ended" and employment.end_reason == "conventional"
