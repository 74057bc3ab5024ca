"""Demo pathways of the Mission Locale: a CEJ in progress (contract signed, objectives from
the diagnosis, actions with hours, one follow-up interview), a closed one with its exit, and a
PACEA reoriented into a CEJ with its objective carried over."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from tremplin.accounts.models import Membership, StructureKind
from tremplin.demo.wording import agree
from tremplin.diagnosis.models import Diagnosis
from tremplin.pathways import actions
from tremplin.pathways.exits import ExitFacts
from tremplin.pathways.hours import monday_of
from tremplin.pathways.models import (
    Action,
    ContractSignature,
    Funder,
    IaeApproval,
    Interview,
    Objective,
    Pathway,
)
from tremplin.people.models import Follow, Person
from tremplin.referentials.models import Thematique

# What the person aims at, for each need of the demo diagnoses: an objective says more than
# its thématique.
OBJECTIVE_TITLES = {
    "trouver-un-emploi--repondre-a-des-offres-demploi": (
        "Trouver un emploi dans la vente, sur des horaires du matin"
    ),
    "mobilite--preparer-un-permis": "Obtenir le permis B pour les postes qui commencent tôt",
    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation": (
        "Avoir un CV à jour et une lettre de motivation pour la vente"
    ),
    "logement-hebergement--louer-un-logement": (
        "Trouver un studio à Saint-Nazaire pour quitter l'hébergement familial"
    ),
}
# The actions of the CEJ in progress: (title, owner, partner, objective's thématique, first
# week, first weekday, last week, last weekday, hours, status). With the one-week immersion of
# the second week (immersions demo) and last week's workshop (workshops demo), every week
# counts 15 to 25 hours.
EMPLOYMENT = "trouver-un-emploi--repondre-a-des-offres-demploi"
LICENCE = "mobilite--preparer-un-permis"
CV = "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"
HOUSING = "logement-hebergement--louer-un-logement"
SCHOOL = "Auto-école sociale de l'estuaire"
PLAN = [
    (
        "Semaine d'accueil CEJ : ateliers CV et lettre de motivation",
        "counselor",
        "",
        CV,
        (0, 0),
        (0, 4),
        15,
        "done",
    ),
    (
        "Code de la route à l'auto-école sociale",
        "partner",
        SCHOOL,
        LICENCE,
        (2, 0),
        (5, 4),
        40,
        "done",
    ),
    (
        "Demande de logement social avec le CLLAJ",
        "partner",
        "CLLAJ de Saint-Nazaire",
        HOUSING,
        (2, 0),
        (2, 4),
        5,
        "done",
    ),
    (
        "Candidatures chez trois employeurs du commerce",
        "person",
        "",
        EMPLOYMENT,
        (3, 0),
        (4, 4),
        12,
        "done",
    ),
    (
        "Leçons de conduite à l'auto-école sociale",
        "partner",
        SCHOOL,
        LICENCE,
        (6, 0),
        (9, 4),
        24,
        "in_progress",
    ),
    (
        "Candidatures aux offres de vente du matin",
        "person",
        "",
        EMPLOYMENT,
        (6, 0),
        (7, 4),
        20,
        "in_progress",
    ),
]


def _signed_on(signature, day) -> None:
    """The demo's contracts were signed at the first interview, not the day the demo ran
    (a signature is immutable: the date is set by a queryset update, in the demo only)."""
    signed_at = timezone.make_aware(datetime.combine(day, time(10, 30)))
    ContractSignature.objects.filter(pk=signature.pk).update(signed_at=signed_at)


def _reword(objectives) -> None:
    """The objectives created from the diagnosis, worded as the person's aims."""
    for objective in objectives:
        title = OBJECTIVE_TITLES.get(objective.thematique_id)
        if title:
            objective.title = title
            objective.save()


def create_pathways(*, structure, counselor) -> None:
    membership = Membership.objects.get(user=counselor, structure=structure)
    counselor.active_membership = membership
    funders = {
        name: Funder.objects.create(structure=structure, name=name, nomenclature_id=code)
        for name, code in [
            ("État — CEJ", "cej"),
            ("PLIE de l'agglomération nazairienne", "plie"),
            ("FSE+ — programme régional", "fse_plus"),
        ]
    }
    diagnoses = list(
        Diagnosis.objects.filter(structure=structure).select_related("person").order_by("pk")[:2]
    )
    today = timezone.localdate()
    start = monday_of(today - timedelta(weeks=6))

    # A CEJ in progress, from the diagnosis, contract signed on screen.
    person = diagnoses[0].person
    pathway = actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework="cej",
            started_on=start,
            planned_end_on=start + timedelta(days=182),
            referent=counselor,
        ),
        membership=membership,
        funders=[funders["État — CEJ"], funders["FSE+ — programme régional"]],
    )
    needs = actions.diagnosis_needs(
        diagnoses[0].current, domains={a.domain for a in diagnoses[0].current.domains.all()}
    )
    objectives = actions.objectives_from_diagnosis(pathway=pathway, needs=needs)
    _reword(objectives)
    by_need = {objective.thematique_id: objective for objective in objectives}
    for title, owner, partner, need, (week, day), (last_week, last_day), hours, status in PLAN:
        Action.objects.create(
            pathway=pathway,
            objective=by_need.get(need),
            title=title,
            owner=owner,
            partner_name=partner,
            starts_on=start + timedelta(weeks=week, days=day),
            due_on=start + timedelta(weeks=last_week, days=last_day),
            hours=Decimal(hours),
            status=status,
        )
    _signed_on(
        actions.sign_contract(
            pathway=pathway,
            membership=membership,
            channel="screen",
            signer_name=f"{person.first_name} {person.last_name}",
        ),
        start,
    )
    Interview.objects.create(
        pathway=pathway,
        held_on=start + timedelta(weeks=3, days=1),
        facts="Immersion d'une semaine en supermarché réalisée ; code de la route commencé à "
        "l'auto-école sociale, demande de logement social déposée avec le CLLAJ.",
        person_words="« L'immersion m'a plu, je me vois bien en rayon. »",
        decisions="Passer l'examen du code puis commencer la conduite ; cibler les postes du "
        "matin accessibles en bus.",
        next_steps="Candidatures chez trois employeurs du commerce d'ici la fin du mois ; "
        "prochain point dans deux semaines.",
        author=counselor,
    )

    # A PLIE pathway closed last month with a CDD of 8 months.
    person = diagnoses[1].person
    started = today - timedelta(days=300)
    closed = actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework="plie",
            started_on=started,
            planned_end_on=started + timedelta(days=365),
            referent=counselor,
        ),
        membership=membership,
        funders=[
            funders["PLIE de l'agglomération nazairienne"],
            funders["FSE+ — programme régional"],
        ],
    )
    _reword(
        actions.objectives_from_diagnosis(
            pathway=closed,
            needs=actions.diagnosis_needs(
                diagnoses[1].current,
                domains={a.domain for a in diagnoses[1].current.domains.all()},
            ),
        )
    )
    _signed_on(
        actions.sign_contract(
            pathway=closed,
            membership=membership,
            channel="screen",
            signer_name=f"{person.first_name} {person.last_name}",
        ),
        started,
    )
    exit_on = today - timedelta(days=30)
    reached, done = actions.open_items(closed)
    actions.close_with_exit(
        pathway=closed,
        objective_outcomes={o.pk: "reached" for o in reached},
        action_outcomes={a.pk: "done" for a in done},
        by=counselor,
        facts=ExitFacts(
            situation="cdd",
            exit_on=exit_on,
            contract_start=exit_on + timedelta(days=1),
            contract_end=exit_on + timedelta(days=245),
            employer="Hypermarché de Trignac",
            weekly_hours=Decimal(30),
        ),
        comment="Embauche après une immersion réussie.",
    )

    # A PACEA that became a CEJ when the young person was ready for its rhythm.
    young = (
        Person.objects.filter(follows__structure=structure, follows__ended_on__isnull=True)
        .exclude(pathways__isnull=False)
        .order_by("pk")
        .first()
    )
    if young is None:
        return
    pacea_start = today - timedelta(days=120)
    pacea = actions.create_pathway(
        pathway=Pathway(
            person=young,
            framework="pacea",
            started_on=pacea_start,
            planned_end_on=pacea_start + timedelta(days=365),
            referent=counselor,
        ),
        membership=membership,
    )
    code = Objective.objects.create(
        pathway=pacea,
        thematique=Thematique.objects.get(pk="mobilite--preparer-un-permis"),
        title="Passer le code de la route",
    )
    inscription = Action.objects.create(
        pathway=pacea,
        objective=code,
        title="Inscription au code à l'auto-école sociale",
        owner="person",
        # After the preparation for the IFAS (projects demo), which fills the weeks until then.
        due_on=monday_of(today) + timedelta(weeks=4, days=2),
        hours=Decimal(4),
    )
    actions.reorient_to_framework(
        pathway=pacea,
        membership=membership,
        decided_on=today - timedelta(days=14),
        framework="cej",
        planned_end_on=today + timedelta(days=168),
        reason=agree(
            young,
            feminine="Elle se sent prête",
            masculine="Il se sent prêt",
            neutral="La personne se sent prête",
        )
        + " pour le rythme du CEJ et son allocation l'aidera à payer le permis.",
        objectives=[code],
        funders=[funders["État — CEJ"]],
        action_outcomes={inscription.pk: "carried"},
    )


# The chantier's funders: the État's aide au poste (DDETS), the Département for its people on
# the RSA, the FSE+ (its inclusion strand, managed by the Département).
IAE_FUNDERS = [
    ("DDETS — aide au poste IAE", "iae"),
    ("Conseil départemental de Loire-Atlantique — insertion", None),
    ("FSE+ — volet inclusion du Département", "fse_plus"),
]
# A PASS IAE is issued by the plateforme de l'inclusion after a prescripteur habilité's
# diagnostic.
PASS_DELIVERED_BY = "Plateforme de l'inclusion (prescription : {})"


def iae_funders(structure) -> list:
    """The chantier's funders (created once), in the order of IAE_FUNDERS."""
    return [
        Funder.objects.get_or_create(
            structure=structure, name=name, defaults={"nomenclature_id": code}
        )[0]
        for name, code in IAE_FUNDERS
    ]


def iae_funders_for(person, funders) -> list:
    """The aide au poste and the FSE+ for every parcours IAE, the Département for the
    people on the RSA."""
    state, department, fse = funders
    return [state, department, fse] if person.is_rsa_beneficiary else [state, fse]


def prescriber_of(person, day) -> str:
    """Who made the diagnostic behind the person's PASS IAE, delivered on `day`: the Mission
    Locale that followed the person then, else the Département for the RSA, else France
    Travail."""
    if Follow.objects.filter(
        person=person, structure__kind=StructureKind.MISSION_LOCALE, started_on__lte=day
    ).exists():
        return "Mission Locale Loire-Estuaire"
    if person.is_rsa_beneficiary:
        return "Conseil départemental de Loire-Atlantique"
    return "France Travail Saint-Nazaire"


def follow_from(person, structure, day) -> None:
    """The person's follow at the structure started on or before `day` (a pathway never
    begins before « Suivi depuis »)."""
    Follow.objects.filter(
        person=person, structure=structure, ended_on__isnull=True, started_on__gt=day
    ).update(started_on=day)


def create_pass_iae(*, structure, counselor) -> None:
    """At the chantier d'insertion: a parcours IAE whose PASS IAE, suspended once for a sick
    leave, ends in two months (it shows in « PASS IAE à échéance »). Once only."""
    if IaeApproval.objects.filter(pathway__structure=structure).exists():
        return
    membership = Membership.objects.get(user=counselor, structure=structure)
    counselor.active_membership = membership
    person = (
        Person.objects.filter(follows__structure=structure, follows__ended_on__isnull=True)
        .exclude(pathways__structure=structure)
        .order_by("pk")
        .first()
    )
    if person is None:
        return
    today = timezone.localdate()
    started = today - timedelta(days=690)
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
        funders=iae_funders_for(person, iae_funders(structure)),
    )
    approval = actions.record_iae_approval(
        pathway=pathway,
        membership=membership,
        number="99999 " + f"{started:%y}" + " 04217",
        starts_on=started,
        delivered_by=PASS_DELIVERED_BY.format(prescriber_of(person, started - timedelta(days=3))),
        delivered_on=started - timedelta(days=3),
    )
    actions.suspend_iae_approval(
        approval=approval,
        by=counselor,
        starts_on=started + timedelta(days=200),
        ends_on=started + timedelta(days=220),
        reason="sick_leave",
    )
