"""What the pathways app shows beside a name in the caseload."""

from tremplin.core.permissions import Section, sections_for
from tremplin.pathways.enums import PathwayStatus
from tremplin.pathways.hours import last_week_under_target
from tremplin.pathways.models import Pathway
from tremplin.people.indicators import Badge


def _hours(value) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def hours_under_target(user, people) -> dict[int, list[Badge]]:
    """« Heures » when last week's activity hours were under the pathway's target."""
    membership = user.active_membership
    if not people or Section.PATHWAY not in sections_for(membership.role):
        return {}
    pathways = list(
        Pathway.objects.filter(
            person__in=people,
            structure_id=membership.structure_id,
            status=PathwayStatus.IN_PROGRESS,
        )
    )
    return {
        next(p.person_id for p in pathways if p.pk == pathway_id): [
            Badge(
                "Heures",
                f"semaine dernière : {_hours(week.hours)} h d'activité sur "
                f"{_hours(week.target)} h attendues",
            )
        ]
        for pathway_id, week in last_week_under_target(pathways).items()
    }
