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
