"""Demo employer relations of the Mission Locale: companies of the Saint-Nazaire area
(invented names, SIRETs with a valid Luhn key), their contacts, a timeline of exchanges,
one prospection campaign, needs and offers — one offer worded so that the
non-discrimination checker flags it, to try the correction."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tremplin.core.validators import luhn_ok
from tremplin.demo.wording import working_day
from tremplin.employers import actions
from tremplin.employers.models import (
    Campaign,
    CampaignAction,
    Company,
    CompanyContact,
    Interaction,
    JobOffer,
    RecruitmentNeed,
)
from tremplin.referentials.models import Commune, RomeAppellation


def with_luhn_key(digits: str) -> str:
    """`digits` followed by the one check digit that makes the whole pass the Luhn rule."""
    return next(digits + str(key) for key in range(10) if luhn_ok(digits + str(key)))


def demo_siret(siren_base: str, nic_base: str) -> str:
    """An invented SIRET: 8 digits + SIREN key, then 4 digits + SIRET key (Luhn)."""
    siren = with_luhn_key(siren_base)
    return with_luhn_key(siren + nic_base)


COMPANIES = [
    # name, SIREN base, NAF, size, address, commune, postal code, phone, sector
    (
        "Estuaire Logistique",
        "98410273",
        "52.10B",
        "21",
        "Zone portuaire de Montoir",
        "44103",
        "44550",
        "02 40 10 20 30",
        "private",
    ),
    (
        "Hypermarché des Salines",
        "98410274",
        "47.11F",
        "32",
        "Route de la Côte d'Amour",
        "44184",
        "44600",
        "02 40 10 20 31",
        "private",
    ),
    (
        "Restaurant Le Transat",
        "98410275",
        "56.10A",
        "03",
        "5 boulevard René Coty",
        "44184",
        "44600",
        "02 40 10 20 32",
        "private",
    ),
    (
        "Atlantique Propreté Services",
        "98410276",
        "81.21Z",
        "12",
        "18 rue de la Ville Halluard",
        "44184",
        "44600",
        "02 40 10 20 33",
        "private",
    ),
    (
        "Chaudronnerie Navale du Brivet",
        "98410277",
        "25.62B",
        "12",
        "ZI de Brais",
        "44184",
        "44600",
        "02 40 10 20 34",
        "private",
    ),
    # The non-market sector, where a hiring may be a PEC (parcours emploi compétences).
    (
        "Les Jardins de l'Estuaire (association)",
        "98410278",
        "81.30Z",
        "11",
        "12 chemin du Marais",
        "44184",
        "44600",
        "02 40 10 20 35",
        "association",
    ),
    (
        "EHPAD public Les Tamaris",
        "98410279",
        "87.10A",
        "21",
        "3 avenue de la Mer",
        "44184",
        "44600",
        "02 40 10 20 36",
        "public",
    ),
]


def create_employers(*, structure, liaison) -> None:
    today = timezone.localdate()
    companies = {}
    for name, siren, naf, size, address, commune, postal, phone, sector in COMPANIES:
        companies[name] = Company.objects.create(
            structure=structure,
            name=name,
            siret=demo_siret(siren, "0001"),
            naf_id=naf,
            size_bracket=size,
            sector=sector,
            address=address,
            commune=Commune.objects.get(pk=commune),
            postal_code=postal,
            phone=phone,
            created_by=liaison,
        )
    contacts = {
        "Estuaire Logistique": CompanyContact.objects.create(
            company=companies["Estuaire Logistique"],
            first_name="Sandrine",
            last_name="Le Goff",
            role="Responsable des ressources humaines",
            phone="02 40 10 20 40",
            email="s.legoff@estuaire-logistique.example",
        ),
        "Hypermarché des Salines": CompanyContact.objects.create(
            company=companies["Hypermarché des Salines"],
            first_name="Olivier",
            last_name="Tanguy",
            role="Chef de rayon",
            email="o.tanguy@hypermarche-salines.example",
        ),
        "Restaurant Le Transat": CompanyContact.objects.create(
            company=companies["Restaurant Le Transat"],
            first_name="Maëlle",
            last_name="Kerbrat",
            role="Gérante",
            phone="06 12 34 56 78",
            email="m.kerbrat@le-transat.example",
        ),
    }
    campaign = Campaign.objects.create(
        structure=structure,
        name="Logistique et commerce de l'estuaire — hiver",
        objectives=(
            "Rencontrer les employeurs de la logistique et de la grande distribution qui "
            "recrutent sur les métiers recherchés par les jeunes suivis ; recueillir leurs "
            "besoins et ouvrir des postes avant les fêtes."
        ),
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=60),
        status="running",
        owner=liaison,
        target_department_id="44",
        target_size_brackets=["12", "21", "32"],
        planned_contacts=8,
        planned_visits=5,
        planned_needs=4,
        planned_offers=3,
        planned_hires=3,
        created_by=liaison,
    )
    campaign.target_naf.set(["52.10B", "47.11F"])
    campaign.target_fiches.set(["N1103", "D1507"])
    campaign.target_communes.set(["44184", "44103"])
    for title, days, status in (
        ("Envoi d'une présentation par e-mail aux entreprises ciblées", -25, "done"),
        ("Petit-déjeuner employeurs à la Mission Locale", -5, "done"),
        ("Rencontre recrutement logistique (job dating)", 20, "planned"),
    ):
        CampaignAction.objects.create(
            campaign=campaign,
            title=title,
            owner=liaison,
            due_on=working_day(today + timedelta(days=days), backward=days < 0),
            status=status,
        )
    exchanges = [
        (
            "Estuaire Logistique",
            "call",
            -24,
            "Présentation de la campagne ; retour sur l'embauche en préparation de commandes.",
            "Visite de l'entrepôt",
            -15,
            True,
        ),
        (
            "Estuaire Logistique",
            "visit",
            -15,
            "Visite de l'entrepôt avec la RRH : besoin de trois magasiniers, CACES 1 à former.",
            "Envoyer la fiche de poste validée",
            -8,
            True,
        ),
        (
            "Hypermarché des Salines",
            "visit",
            -10,
            "Rencontre du chef de rayon : renforts pour les fêtes.",
            "Relancer pour l'offre de vendeur",
            -1,
            False,
        ),
        (
            "Restaurant Le Transat",
            "email",
            -6,
            "Envoi de la plaquette des aides à l'embauche.",
            "",
            None,
            False,
        ),
        (
            "Atlantique Propreté Services",
            "event",
            -5,
            "Rencontre au petit-déjeuner employeurs.",
            "Appeler pour fixer une visite",
            7,
            False,
        ),
    ]
    for name, kind, days, summary, step, due, done in exchanges:
        # Calls, visits and events on working days; the next steps due on one too.
        due_on = None if due is None else working_day(today + timedelta(days=due), backward=due < 0)
        Interaction.objects.create(
            company=companies[name],
            kind=kind,
            occurred_on=working_day(today + timedelta(days=days), backward=True),
            contact=contacts.get(name),
            campaign=campaign,
            summary=summary,
            next_step=step,
            next_step_due_on=due_on,
            next_step_owner=liaison if step else None,
            next_step_done_on=due_on if done else None,
            author=liaison,
        )
    warehouse = RomeAppellation.objects.get(pk="16276")  # Magasinier / Magasinière
    need = RecruitmentNeed.objects.create(
        company=companies["Estuaire Logistique"],
        campaign=campaign,
        contact=contacts["Estuaire Logistique"],
        collected_on=working_day(today - timedelta(days=15), backward=True),  # the visit
        appellation=warehouse,
        positions=3,
        wished_start_on=working_day(today + timedelta(days=21)),
        context="Nouveau client à l'export : trois postes créés.",
        status="analysed",
        mission="Réceptionner, stocker et préparer les commandes de l'entrepôt.",
        tasks="Réceptionner et contrôler les livraisons\nRanger les marchandises\nPréparer les commandes\nConduire un chariot élévateur après formation",
        working_conditions="Entrepôt non chauffé ; horaires en 2×8 ; chaussures de sécurité fournies.",
        qualifications="CACES R489 catégorie 1, formation prise en charge par l'entreprise.",
        driving_licences=[],
        tutor="Sandrine Le Goff",
        created_by=liaison,
    )
    need.skills.set(
        warehouse.fiche.skill_links.filter(is_core=True).values_list("skill", flat=True)[:6]
    )
    membership = liaison.memberships.get(structure=structure)
    warehouse_offer = actions.create_offer(
        offer=JobOffer(
            company=companies["Estuaire Logistique"],
            campaign=campaign,
            title="Magasinier / Magasinière (H/F)",
            appellation=warehouse,
            contract_type="cdd",
            contract_months=6,
            weekly_hours=Decimal(35),
            pay_min=Decimal("1850"),
            pay_max=Decimal("1950"),
            commune_id="44103",
            address="Zone portuaire de Montoir",
            description=need.mission + "\n" + need.tasks,
            working_conditions=need.working_conditions,
            qualifications=need.qualifications,
            start_on=need.wished_start_on,
            positions=3,
        ),
        membership=membership,
        need=need,
    )
    JobOffer.objects.filter(pk=warehouse_offer.pk).update(
        status="published", published_at=timezone.now() - timedelta(days=7)
    )
    cleaner = actions.create_offer(
        offer=JobOffer(
            company=companies["Atlantique Propreté Services"],
            title="Agent / Agente de nettoyage (H/F)",
            appellation=RomeAppellation.objects.get(pk="10537"),
            contract_type="cdi",
            weekly_hours=Decimal(24),
            pay_min=Decimal("12.02"),
            pay_period="hour",
            commune_id="44184",
            description="Entretien de bureaux et de parties communes, le matin tôt.",
            positions=1,
        ),
        membership=membership,
    )
    JobOffer.objects.filter(pk=cleaner.pk).update(
        status="filled",
        published_at=timezone.now() - timedelta(days=40),
        hired_count=1,
        ended_on=today - timedelta(days=12),
    )
    # In the non-market sector: the proposal page says a PEC may apply, a CIE not.
    gardener = actions.create_offer(
        offer=JobOffer(
            company=companies["Les Jardins de l'Estuaire (association)"],
            title="Ouvrier / Ouvrière des espaces verts (H/F)",
            appellation=RomeAppellation.objects.get(pk="17480"),
            contract_type="cdd",
            contract_months=12,
            weekly_hours=Decimal(26),
            pay_min=Decimal("12.02"),
            pay_period="hour",
            commune_id="44184",
            description="Tonte, taille des haies et entretien des massifs des jardins partagés.",
            positions=1,
        ),
        membership=membership,
    )
    JobOffer.objects.filter(pk=gardener.pk).update(
        status="published", published_at=timezone.now() - timedelta(days=3)
    )
    # A draft as employers still write them: the checker flags it before publication.
    actions.create_offer(
        offer=JobOffer(
            company=companies["Hypermarché des Salines"],
            campaign=campaign,
            title="Vendeuse en rayon",
            appellation=RomeAppellation.objects.get(pk="14779"),
            contract_type="cdd",
            contract_months=2,
            weekly_hours=Decimal(30),
            pay_min=Decimal("1802"),
            commune_id="44184",
            description="Mise en rayon, accueil et conseil des clients pendant les fêtes.",
            profile=(
                "Jeune femme de moins de 25 ans, dynamique et de bonne présentation, "
                "habitant Saint-Nazaire. Français langue maternelle."
            ),
            positions=2,
        ),
        membership=membership,
    )
