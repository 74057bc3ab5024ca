"""The jobs a person aims at in their professional project, for lists of people."""

from collections import defaultdict

from tremplin.projects.enums import ACTIVE_DECISIONS, Decision
from tremplin.projects.models import TargetJob


def active_target_jobs(structure_id, people: list) -> dict[int, list[str]]:
    """{person_id: [appellation label, …]}: the jobs explored or confirmed in the structure's
    project, confirmed first (one query for the page). A person whose project holds only
    dropped jobs is there with an empty list: their first-contact wishes must not come back."""
    jobs: dict[int, list[str]] = defaultdict(list)
    rows = (
        TargetJob.objects.filter(
            structure_id=structure_id, person_id__in=[person.pk for person in people]
        )
        .order_by("person_id", "decision", "appellation__label")
        .values_list("person_id", "appellation__label", "decision")
    )
    for person_id, label, decision in rows:
        held = jobs[person_id]
        if decision in ACTIVE_DECISIONS:
            held.append(label if decision == Decision.CONFIRM else f"{label} (à explorer)")
    return jobs
