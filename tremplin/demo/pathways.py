"""Demo pathways of the Mission Locale: a CEJ in progress (contract signed, objectives from
the diagnosis, actions with hours, one follow-up interview), a closed one with its exit, and a
PACEA reoriented into a CEJ with its objective carried over."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.diagnosis.models import Diagnosis
from tremplin.pathways import actions
from tremplin.pathways.exits import ExitFacts
from tremplin.pathways.hours import monday_of
from tremplin.pathways.models import Action, Funder, Interview, Objective, Pathway
from tremplin.people.models import Person
from tremplin.referentials.models import Thematique


def create_pathways(*, structure, counselor) -> None:
    membership = Membership.objects.get(user=counselor, structure=structure)
    counselor.active_membership = membership
    funders = {
        name: Funder.objects.create(structure=structure, name=name, nomenclature_id=code)
        for name, code in [
            ("État — CEJ", None),
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
    plan = [
        ("Atelier CV et lettre de motivation", "counselor", "", 0, 0, Decimal(6), "done"),
        (
            "Code de la route à l'auto-école sociale",
            "partner",
            "Auto-école sociale de l'estuaire",
            1,
            4,
            Decimal(16),
            "done",
        ),
        ("Immersion PMSMP en magasin", "person", "", 2, 4, Decimal(30), "done"),
        ("Recherche d'offres accompagnée", "person", "", 3, 3, Decimal(8), "done"),
        (
            "Conduite accompagnée",
            "partner",
            "Auto-école sociale de l'estuaire",
            5,
            4,
            Decimal(18),
            "in_progress",
        ),
        (
            "Candidatures chez trois employeurs du commerce",
            "person",
            "",
            7,
            2,
            Decimal(10),
            "planned",
        ),
    ]
    for title, owner, partner, week, days, hours, status in plan:
        first = start + timedelta(weeks=week)
        Action.objects.create(
            pathway=pathway,
            objective=objectives[min(week, len(objectives) - 1)] if objectives else None,
            title=title,
            owner=owner,
            partner_name=partner,
            starts_on=first if days else None,
            due_on=first + timedelta(days=days),
            hours=hours,
            status=status,
        )
    actions.sign_contract(
        pathway=pathway,
        membership=membership,
        channel="screen",
        signer_name=f"{person.first_name} {person.last_name}",
    )
    Interview.objects.create(
        pathway=pathway,
        held_on=start + timedelta(weeks=3, days=1),
        facts="Code de la route commencé ; immersion de 4 jours en magasin réalisée.",
        person_words="« L'immersion m'a plu, je me vois bien en rayon. »",
        decisions="Continuer la conduite ; cibler les postes de matin accessibles en bus.",
        next_steps="Candidatures avant la fin du mois ; prochain point dans deux semaines.",
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
    actions.objectives_from_diagnosis(
        pathway=closed,
        needs=actions.diagnosis_needs(
            diagnoses[1].current, domains={a.domain for a in diagnoses[1].current.domains.all()}
        ),
    )
    actions.sign_contract(
        pathway=closed,
        membership=membership,
        channel="screen",
        signer_name=f"{person.first_name} {person.last_name}",
    )
    exit_on = today - timedelta(days=30)
    actions.close_with_exit(
        pathway=closed,
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

    # A PACEA that became a CEJ when the young man was ready for its rhythm.
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
    Action.objects.create(
        pathway=pacea,
        objective=code,
        title="Inscription au code à l'auto-école sociale",
        owner="person",
        due_on=today + timedelta(days=10),
        hours=Decimal(4),
    )
    actions.reorient_to_framework(
        pathway=pacea,
        membership=membership,
        decided_on=today - timedelta(days=14),
        framework="cej",
        planned_end_on=today + timedelta(days=168),
        reason="Il se sent prêt pour le rythme du CEJ et son allocation l'aidera à payer le permis.",
        objectives=[code],
        funders=[funders["État — CEJ"]],
    )
