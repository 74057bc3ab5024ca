"""What the pathways app shows beside a name in the caseload: the weeks under the activity
target, and a contract never signed. One query for the pathways of the page."""

from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.utils import timezone

from tremplin.core.permissions import Section, sections_for
from tremplin.pathways.enums import Framework, PathwayStatus
from tremplin.pathways.hours import last_week_under_target
from tremplin.pathways.models import ContractSignature, Pathway
from tremplin.people.indicators import Badge


def _hours(value) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def pathway_badges(user, people) -> dict[int, list[Badge]]:
    """« Heures » when last week's activity hours were under the pathway's target;
    « Contrat » when a running pathway that has a contract has never had it signed."""
    membership = user.active_membership
    if not people or Section.PATHWAY not in sections_for(membership.role):
        return {}
    pathways = list(
        Pathway.objects.filter(
            person__in=people,
            structure_id=membership.structure_id,
            status=PathwayStatus.IN_PROGRESS,
        ).annotate(signed=Exists(ContractSignature.objects.filter(pathway_id=OuterRef("pk"))))
    )
    badges: dict[int, list[Badge]] = defaultdict(list)
    today = timezone.localdate()
    for pathway in pathways:
        if not pathway.signed and pathway.framework != Framework.NONE:
            if pathway.started_on <= today:
                badges[pathway.person_id].append(
                    Badge(
                        "Contrat",
                        f"{pathway.get_framework_display()} commencé le "
                        f"{pathway.started_on:%d/%m/%Y} : contrat pas encore signé",
                    )
                )
    by_id = {p.pk: p for p in pathways}
    for pathway_id, week in last_week_under_target(pathways).items():
        badges[by_id[pathway_id].person_id].append(
            Badge(
                "Heures",
                f"semaine dernière : {_hours(week.hours)} h d'activité sur "
                f"{_hours(week.target)} h attendues",
            )
        )
    return badges
