"""Matching and proposals in a real browser: rank, propose, the employer answers by its link."""

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
from tremplin.employers.models import Company, CompanyContact, JobOffer
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


def test_counselor_proposes_the_best_placed_person_and_the_employer_answers(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    settings.TREMPLIN_BASE_URL = live_server.url
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test rapprochement")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    nazaire = Commune.objects.get(pk="44184")
    company = Company.objects.create(
        structure=structure,
        name="Estuaire Logistique",
        siret=example_siret(4242),
        naf_id="52.10B",
        commune=nazaire,
        postal_code="44600",
    )
    CompanyContact.objects.create(
        company=company, last_name="Garnier", role="Responsable", email="rh@estuaire.test"
    )
    offer = JobOffer.objects.create(
        structure=structure,
        company=company,
        title="Magasinier / Magasinière (H/F)",
        appellation_id="16276",
        contract_type="cdi",
        weekly_hours=35,
        commune=nazaire,
        description="Réception et préparation des commandes.",
        status="published",
        published_at=timezone.now(),
        created_by=counselor,
    )
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

    log_in(page, live_server, "camille@exemple.test")
    page.goto(f"{live_server.url}/entreprises/offres/{offer.pk}/")
    page.get_by_role("link", name="Personnes à proposer").click()
    page.get_by_text("Même métier visé").wait_for()
    check_accessibility(page, "matching-people")
    page.get_by_role("link", name="Proposer Héloïse MENDY").click()
    page.get_by_text("Ce que l'employeur verra").wait_for()
    assert "Héloïse M." in page.locator("main").inner_text()
    check_accessibility(page, "matching-propose")
    page.get_by_label("Votre message à l'employeur").fill("Un an de magasinage en intérim.")
    page.get_by_role("button", name="Proposer la candidature").click()
    page.get_by_text("l'employeur a reçu un lien pour répondre").wait_for()
    proposal = Proposal.objects.get()

    link = re.search(r"(http://\S+/mise-en-relation/reponse/\S+/)", mail.outbox[-1].body).group(1)
    employer = new_page(page)
    employer.goto(link)
    employer.get_by_text("Un an de magasinage en intérim.").wait_for()
    assert "Mendy" not in employer.locator("main").inner_text()
    check_accessibility(employer, "matching-employer-link")
    employer.get_by_label("Je la reçois en entretien").check()
    interview_day = timezone.localdate() + timedelta(days=10)
    employer.get_by_label("Date et heure de l'entretien").fill(f"{interview_day}T10:00")
    employer.get_by_label("Votre nom").fill("Mme Garnier")
    employer.get_by_role("button", name="Envoyer ma réponse").click()
    employer.get_by_text("votre réponse est enregistrée").wait_for()
    proposal.refresh_from_db()
    assert proposal.status == "interview"

    # The interview took place: a hire is recorded after it, with its start date.
    Proposal.objects.filter(pk=proposal.pk).update(
        interview_at=proposal.interview_at - timedelta(days=12)
    )
    page.reload()
    page.get_by_text("Entretien prévu").first.wait_for()
    page.get_by_label("Embauche", exact=True).check()
    page.get_by_label("Date de prise de poste (pour une embauche)").fill(
        str(timezone.localdate() + timedelta(days=7))
    )
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Mise en relation mise à jour.").wait_for()
    proposal.refresh_from_db()
    assert proposal.status == "hired"
    check_accessibility(page, "matching-proposal")
