"""What the in-job follow-up shows beside a name in the caseload: a break-up risk, a
check-in overdue. Two queries for the page, whatever its size."""

from django.utils import timezone

from tremplin.core.permissions import Section, sections_for
from tremplin.employment.enums import EmploymentStatus
from tremplin.employment.models import CheckIn, Employment
from tremplin.people.indicators import Badge


def follow_up_badges(user, people) -> dict[int, list[Badge]]:
    membership = user.active_membership
    if not people or Section.EMPLOYMENT not in sections_for(membership.role):
        return {}
    badges: dict[int, list[Badge]] = {}
    at_risk = Employment.objects.filter(
        person__in=people,
        structure_id=membership.structure_id,
        status=EmploymentStatus.ACTIVE,
        at_risk=True,
    ).values_list("person_id", "employer_name")
    for person_id, employer in at_risk:
        badges.setdefault(person_id, []).append(
            Badge("Risque de rupture", f"emploi chez {employer} : risque de rupture signalé")
        )
    overdue = (
        CheckIn.objects.pending()
        .filter(
            employment__person__in=people,
            employment__structure_id=membership.structure_id,
            employment__status=EmploymentStatus.ACTIVE,
            due_on__lt=timezone.localdate(),
        )
        .values_list("employment__person_id", "due_on")
        .order_by("due_on")
    )
    seen = set()
    for person_id, due_on in overdue:
        if person_id in seen:
            continue
        seen.add(person_id)
        badges.setdefault(person_id, []).append(
            Badge(
                "Suivi dans l'emploi",
                f"point de suivi dans l'emploi en retard (prévu le {due_on:%d/%m/%Y})",
                tone="info",
            )
        )
    return badges
