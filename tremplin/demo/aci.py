"""Demo of the chantier d'insertion: its salariés en insertion in its three activities
(maraîchage biologique, entretien des espaces verts, second œuvre du bâtiment), each on a
parcours IAE with a PASS IAE delivered by the plateforme de l'inclusion, a CDDI within the
PASS, objectives, the chantier's funders and the FSE+ entry data, and a collective workshop
held last week at the chantier. Once only."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from tremplin.accounts.models import Membership, StructureKind
from tremplin.demo.pathways import (
    PASS_DELIVERED_BY,
    _signed_on,
    follow_from,
    iae_funders,
    iae_funders_for,
    prescriber_of,
)
from tremplin.demo.wording import working_day
from tremplin.demo.workshops import _signature_png
from tremplin.employers.enums import ContractType
from tremplin.employment import actions as employment_actions
from tremplin.employment.models import Employment, schedule_for
from tremplin.fse.models import Participation
from tremplin.pathways import actions
from tremplin.pathways.hours import monday_of
from tremplin.pathways.models import Action, Interview, Objective, Pathway
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent, Follow, Person
from tremplin.referentials.models import RomeAppellation, Thematique
from tremplin.workshops import actions as workshop_actions
from tremplin.workshops.models import (
    HalfDay,
    Registration,
    Sequence,
    WorkshopDesign,
    WorkshopSession,
)

CHANTIER = "3 rue des Marais, 44550 Montoir-de-Bretagne"
MARKET_GARDENING = {
    "job_title": "Ouvrier / Ouvrière en maraîchage biologique",
    "appellation": "17495",
    "tutor_name": "Gaëtan Le Bihan",
    "tutor_role": "Encadrant technique maraîchage",
    "tutor_phone": "06 41 52 63 74",
    "plan_welcome": "Visite des serres et des parcelles, consignes de sécurité, remise des "
    "équipements (bottes, gants, vêtements de pluie).",
    "plan_training": "Semis, plantation, désherbage manuel, récolte et préparation des "
    "paniers de légumes bio avec l'encadrant technique.",
}
GREEN_SPACES = {
    "job_title": "Agent / Agente d'entretien des espaces verts",
    "appellation": "17475",
    "tutor_name": "Loïc Tanguy",
    "tutor_role": "Encadrant technique espaces verts",
    "tutor_phone": "06 52 63 74 85",
    "plan_welcome": "Présentation de l'équipe et des chantiers des communes clientes, "
    "consignes de sécurité, remise des équipements de protection.",
    "plan_training": "Tonte, taille de haies, débroussaillage ; formation à l'utilisation "
    "sûre du taille-haie et de la débroussailleuse.",
}
BUILDING = {
    "job_title": "Ouvrier polyvalent / Ouvrière polyvalente du second œuvre du bâtiment",
    "appellation": "17477",
    "tutor_name": "Erwan Le Goff",
    "tutor_role": "Encadrant technique second œuvre",
    "tutor_phone": "06 63 74 85 96",
    "plan_welcome": "Présentation de l'atelier et du chantier de rénovation en cours, "
    "consignes de sécurité, remise des chaussures de sécurité.",
    "plan_training": "Préparation des supports, peinture, pose de plaques de plâtre et de "
    "revêtements de sol, aux côtés de l'encadrant technique.",
}
# The new parcours IAE: (days since the pathway and its PASS started, the activity, weeks of
# CDDI, hours a week, last five digits of the PASS, objectives (thématique, title)).
NEWCOMERS = [
    (
        160,
        GREEN_SPACES,
        35,
        26,
        "05311",
        [
            (
                "mobilite--preparer-un-permis",
                "Obtenir le permis B pour postuler dans les entreprises du paysage",
            ),
            (
                "se-former--trouver-sa-formation",
                "Préparer l'entrée en CAPa jardinier paysagiste",
            ),
        ],
    ),
    (
        75,
        BUILDING,
        26,
        24,
        "05486",
        [
            (
                "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
                "Découvrir les métiers de la peinture et du plâtre par une immersion en entreprise",
            ),
            (
                "logement-hebergement--louer-un-logement",
                "Trouver un logement autonome près de Montoir",
            ),
        ],
    ),
    (
        20,
        MARKET_GARDENING,
        26,
        26,
        "05702",
        [
            (
                "remobilisation--bien-etre-confiance-en-soi",
                "Reprendre un rythme de travail régulier et confiance en soi",
            ),
            ("sante--acces-aux-soins", "Faire le point sur sa santé avec un médecin traitant"),
        ],
    ),
]
# For the first parcours IAE (its PASS ends in two months: tremplin.demo.pathways).
LEAVING = [
    (
        "trouver-un-emploi--repondre-a-des-offres-demploi",
        "Décrocher un emploi en maraîchage chez un producteur de la presqu'île guérandaise",
    ),
    (
        "preparer-sa-candidature--valoriser-ses-competences",
        "Mettre en avant dans son CV les compétences acquises au chantier",
    ),
]

# One action for each parcours IAE, towards its first objective: the first parcours IAE's,
# then those of NEWCOMERS: (title, owner, partner, first day and due day
# from today, hours, status).
ACTIONS = [
    (
        "Candidatures chez trois maraîchers bio de la presqu'île",
        "person",
        "",
        -14,
        21,
        6,
        "in_progress",
    ),
    (
        "Code de la route à l'auto-école sociale",
        "partner",
        "Auto-école sociale de l'estuaire",
        -60,
        30,
        30,
        "in_progress",
    ),
    (
        "Immersion d'une semaine chez un artisan peintre (PMSMP)",
        "person",
        "",
        14,
        18,
        35,
        "planned",
    ),
    (
        "Rendez-vous à la maison de santé de Montoir pour choisir un médecin traitant",
        "counselor",
        "",
        0,
        20,
        2,
        "planned",
    ),
]

WORKSHOP = {
    "title": "Valoriser son expérience du chantier",
    "demand": "Les salariés en insertion savent mal dire ce qu'ils ont appris au chantier ; "
    "les employeurs de la sortie demandent des compétences précises.",
    "thematiques": [
        "preparer-sa-candidature--valoriser-ses-competences",
        "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
    ],
    "public": "Salariés en insertion du chantier (CDDI)",
    "prerequisites": "Aucun.",
    "objectives": [
        "Nommer trois compétences acquises au chantier",
        "Les écrire dans son CV",
        "Préparer une candidature spontanée",
    ],
    # Three hours, as the half-day of the session.
    "sequences": [
        ("Accueil et tour de table", 15, "Tour de table", ""),
        ("Ce que j'ai appris au chantier", 60, "Photos des chantiers et échanges", "Photos"),
        ("Écrire ses compétences dans son CV", 60, "Atelier d'écriture", "Ordinateurs"),
        ("Préparer une candidature spontanée", 30, "Travail en binômes", "Modèles de lettre"),
        ("Bilan et évaluation", 15, "Questionnaire", "Questionnaire"),
    ],
}


def _objectives(pathway, rows) -> None:
    for code, title in rows:
        thematique = Thematique.objects.filter(pk=code).first()
        if thematique is not None:
            Objective.objects.create(pathway=pathway, thematique=thematique, title=title)


def _action(pathway, row) -> None:
    """The pathway's action towards its first objective (before the contract is signed:
    the action plan is part of it)."""
    title, owner, partner, first, due, hours, status = row
    today = timezone.localdate()
    Action.objects.create(
        pathway=pathway,
        objective=pathway.objectives.order_by("pk").first(),
        title=title,
        owner=owner,
        partner_name=partner,
        starts_on=working_day(today + timedelta(days=first), backward=first < 0),
        due_on=working_day(today + timedelta(days=due)),
        hours=Decimal(hours),
        status=status,
    )


def _participation(pathway, counselor) -> None:
    """The FSE+ entry data (the pathways are co-financed by the FSE+)."""
    person = pathway.person
    unemployed = person.is_registered_jobseeker
    since = person.jobseeker_since
    Participation.objects.create(
        pathway=pathway,
        labour_status="unemployed" if unemployed else "inactive",
        jobseeker_since=since if unemployed and since and since <= pathway.started_on else None,
        education_level=person.education_level or "infra3",
        housing_exclusion="yes" if person.is_domiciled else "no",
        rural="no",
        disability="yes" if person.has_rqth else "no",
        qualification="",
        recorded_by=counselor,
    )


def _cddi(person, membership, activity, *, starts_on, ends_on, hours, renewed=False) -> Employment:
    """The CDDI at the chantier itself, its past check-ins done with the encadrant technique
    (a renewed CDDI has no trial period)."""
    counselor = membership.user
    fields = {k: v for k, v in activity.items() if k != "appellation"}
    employment = employment_actions.start(
        employment=Employment(
            person=person,
            referent=counselor,
            employer_name=membership.structure.name,
            appellation=RomeAppellation.objects.filter(pk=activity["appellation"]).first(),
            contract_type=ContractType.SIAE,
            starts_on=starts_on,
            contract_ends_on=ends_on,
            trial_ends_on=None if renewed else starts_on + timedelta(days=13),
            weekly_hours=hours,
            plan_support="Entretien d'accompagnement socio-professionnel tous les quinze jours ; "
            "points de suivi avec l'encadrant technique.",
            plan_agreed_on=starts_on,
            plan_agreed_with="la personne et l'encadrant technique",
            **fields,
        ),
        membership=membership,
        steps=schedule_for(membership.structure_id),
    )
    today = timezone.localdate()
    for point in employment.check_ins.order_by("due_on"):
        done_on = working_day(point.due_on, backward=True)
        if done_on >= today or done_on < starts_on:
            break
        employment_actions.complete_check_in(
            check_in=point,
            by=counselor,
            data={
                "done_on": done_on,
                "channel": "workplace",
                "with_person": True,
                "with_employer": True,
                "integration": "good",
                "tasks": "good",
                "person_view": "Le travail en équipe et en extérieur lui convient.",
                "employer_view": "Ponctualité et soin du travail en progrès.",
                "next_steps": "",
                "risk": "none",
            },
        )
    return employment


def _workshop(rng, structure, counselor, membership, people) -> None:
    """A collective workshop held last week at the chantier, attendance signed."""
    design = workshop_actions.create_design(
        design=WorkshopDesign(
            title=WORKSHOP["title"],
            demand=WORKSHOP["demand"],
            public=WORKSHOP["public"],
            prerequisites=WORKSHOP["prerequisites"],
            objectives=WORKSHOP["objectives"],
        ),
        membership=membership,
        thematiques=WORKSHOP["thematiques"],
    )
    for title, minutes, method, resources in WORKSHOP["sequences"]:
        workshop_actions.add_sequence(
            design=design,
            sequence=Sequence(
                title=title, duration_minutes=minutes, method=method, resources=resources
            ),
        )
    thursday = monday_of(timezone.localdate()) - timedelta(days=4)
    session = WorkshopSession.objects.create(
        structure=structure,
        design=design,
        place=f"Salle de formation du chantier, {CHANTIER}",
        capacity=6,
        funder_mention="Action financée par l'État (DDETS) et cofinancée par l'Union "
        "européenne (FSE+)",
        created_by=counselor,
        review_comments="Les photos des chantiers ont aidé chacun à nommer ses compétences ; "
        "prévoir un second temps pour finir les CV.",
    )
    session.facilitators.set([counselor])
    half_day = HalfDay.objects.create(
        session=session,
        date=thursday,
        slot="afternoon",
        starts_at=time(13, 30),
        ends_at=time(16, 30),
    )
    registrations = [
        Registration.objects.create(
            session=session,
            person=person,
            registered_by=counselor,
            registered_at=timezone.now() - timedelta(days=12),
        )
        for person in people
    ]
    start = timezone.make_aware(timezone.datetime.combine(thursday, half_day.starts_at))
    paper = []
    for number, registration in enumerate(registrations):
        if number == 1:
            paper.append(registration.pk)  # signed the printed sheet
            continue
        workshop_actions.sign(
            half_day=half_day,
            registration=registration,
            by=counselor,
            drawing=_signature_png(rng),
            now=start + timedelta(minutes=3 + number),
        )
    workshop_actions.close_half_day(half_day=half_day, by=counselor, paper_signed=paper)
    levels = ["reached", "partly", "reached", "reached"]
    for number, registration in enumerate(registrations):
        workshop_actions.evaluate(
            registration=registration,
            objectives={
                o: levels[(number + i) % len(levels)] for i, o in enumerate(design.objectives)
            },
            answers={q: rng.choice([3, 4, 4]) for q in design.satisfaction_questions},
            comment=rng.choice(["", "Je ne pensais pas avoir appris autant de choses."]),
            by=counselor,
        )


def create_aci(rng: random.Random, *, structure, counselor) -> None:
    if Employment.objects.filter(structure=structure).exists():
        return
    membership = Membership.objects.get(user=counselor, structure=structure)
    counselor.active_membership = membership
    funders = iae_funders(structure)
    today = timezone.localdate()
    pathways = []

    # The first parcours IAE (its PASS ends in two months): the CDDI renewed five months ago
    # until the end of the PASS, and the exit prepared.
    first = (
        Pathway.objects.filter(structure=structure, framework="iae", iae_approval__isnull=False)
        .select_related("person", "iae_approval")
        .order_by("pk")
        .first()
    )
    if first is not None:
        _objectives(first, LEAVING)
        _action(first, ACTIONS[0])
        if not first.signatures.exists():
            _signed_on(
                actions.sign_contract(
                    pathway=first,
                    membership=membership,
                    channel="screen",
                    signer_name=f"{first.person.first_name} {first.person.last_name}",
                ),
                first.started_on,
            )
        _cddi(
            first.person,
            membership,
            MARKET_GARDENING,
            starts_on=working_day(today - timedelta(days=140), backward=True),
            ends_on=first.iae_approval.effective_ends_on,
            hours=26,
            renewed=True,
        )
        pathways.append(first)

    # People the chantier follows without a pathway there; first those the Mission Locale
    # does not follow (prescribed by France Travail or the Département).
    candidates = (
        Person.objects.filter(follows__structure=structure, follows__ended_on__isnull=True)
        .exclude(pathways__structure=structure)
        .distinct()
    )
    people = list(
        candidates.exclude(follows__structure__kind=StructureKind.MISSION_LOCALE).order_by("pk")
    ) + list(
        candidates.filter(follows__structure__kind=StructureKind.MISSION_LOCALE).order_by("pk")
    )
    people = people[: len(NEWCOMERS)]
    for person, (days, activity, weeks, hours, digits, objectives), action in zip(
        people, NEWCOMERS, ACTIONS[1:], strict=False
    ):
        started = working_day(today - timedelta(days=days), backward=True)
        follow_from(person, structure, started - timedelta(days=7))
        pathway = actions.create_pathway(
            pathway=Pathway(
                person=person,
                framework="iae",
                started_on=started,
                planned_end_on=started + timedelta(days=729),
                referent=counselor,
            ),
            membership=membership,
            funders=iae_funders_for(person, funders),
        )
        actions.record_iae_approval(
            pathway=pathway,
            membership=membership,
            number=f"99999 {started:%y} {digits}",
            starts_on=started,
            delivered_by=PASS_DELIVERED_BY.format(
                prescriber_of(person, started - timedelta(days=3))
            ),
            delivered_on=started - timedelta(days=3),
        )
        _objectives(pathway, objectives)
        _action(pathway, action)
        _signed_on(
            actions.sign_contract(
                pathway=pathway,
                membership=membership,
                channel="screen",
                signer_name=f"{person.first_name} {person.last_name}",
            ),
            started,
        )
        _cddi(
            person,
            membership,
            activity,
            starts_on=started,
            ends_on=started + timedelta(weeks=weeks, days=-1),
            hours=hours,
        )
        pathways.append(pathway)
    if len(pathways) > 1:
        Interview.objects.create(
            pathway=pathways[1],
            held_on=working_day(today - timedelta(days=45), backward=True),
            facts="Bientôt quatre mois au chantier : ponctualité régulière, bonne entente avec l'équipe "
            "des espaces verts ; code de la route commencé.",
            person_words="« Je préfère travailler dehors, je me vois bien dans le paysage. »",
            decisions="Chercher une formation au CAPa jardinier paysagiste pour la sortie ; "
            "demander l'aide au permis du Département.",
            next_steps="Rendez-vous avec le centre de formation ; prochain point dans un mois.",
            author=counselor,
        )
    for pathway in pathways:
        _participation(pathway, counselor)
    # The people of the chantier agreed to its accompaniment on paper when it took them in.
    agreed = Consent.objects.filter(
        structure=structure, purpose=ConsentPurpose.ACCOMPANIMENT
    ).values("person_id")
    for follow in Follow.objects.filter(structure=structure, ended_on__isnull=True).exclude(
        person_id__in=agreed
    ):
        Consent.objects.create(
            person_id=follow.person_id,
            structure=structure,
            purpose=ConsentPurpose.ACCOMPANIMENT,
            channel=ConsentChannel.PAPER,
            recorded_by=counselor,
            given_at=timezone.make_aware(datetime.combine(follow.started_on, time(10))),
        )
    if pathways:
        _workshop(rng, structure, counselor, membership, [p.person for p in pathways])
