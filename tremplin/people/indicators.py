"""Signs shown beside a name in the caseload, contributed by the activity apps.

The people app sits below the activity apps and does not import them: each app registers a
function `indicator(user, people) -> {person_id: [Badge, …]}` that looks at a page of people
at once, in a bounded number of queries whatever the page size.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    label: str
    title: str = ""  # the longer explanation (tooltip and screen readers)
    tone: str = "warning"  # warning | info


Indicator = Callable[[object, list], dict[int, list[Badge]]]
_INDICATORS: dict[str, Indicator] = {}


def register_caseload_indicator(key: str, indicator: Indicator) -> None:
    _INDICATORS[key] = indicator


def badges_for(user, people: list) -> dict[int, list[Badge]]:
    badges: dict[int, list[Badge]] = defaultdict(list)
    for indicator in _INDICATORS.values():
        for person_id, items in indicator(user, people).items():
            badges[person_id].extend(items)
    return badges


# The jobs each person aims at, for the list of the people an employer liaison may propose.
TargetJobs = Callable[[int, list], dict[int, list[str]]]
_TARGET_JOBS: list[TargetJobs] = []


def register_target_jobs(provider: TargetJobs) -> None:
    """`provider(structure_id, people) -> {person_id: [job label, …]}`, one query per page."""
    _TARGET_JOBS.append(provider)


def target_jobs_for(structure_id, people: list) -> dict[int, list[str]]:
    jobs: dict[int, list[str]] = defaultdict(list)
    for provider in _TARGET_JOBS:
        for person_id, labels in provider(structure_id, people).items():
            jobs[person_id].extend(labels)
    return jobs
