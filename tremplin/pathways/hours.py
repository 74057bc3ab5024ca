"""Weekly activity hours (contrat d'engagement: 15 h; CEJ: 15 to 20 h).

Hours come from the pathway's actions (done, in progress or planned, with hours and dates)
and from the other sources registered here: the agenda app registers appointments, the
workshops app registers attendance. A source is a function
`source(pathway, first_day, last_day) -> iterable of (day, hours)` giving the dated hours it
knows of between the two days (inclusive); this module groups them by ISO week.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tremplin.pathways.enums import COUNTED_ACTION_STATUSES

HoursSource = Callable[["object", date, date], Iterable[tuple[date, Decimal]]]
_SOURCES: dict[str, tuple[str, HoursSource]] = {}

ZERO = Decimal(0)


def register_hours_source(key: str, label: str, source: HoursSource) -> None:
    """Count the hours `source` gives in every pathway's weeks (registering twice replaces)."""
    _SOURCES[key] = (label, source)


def unregister_hours_source(key: str) -> None:
    _SOURCES.pop(key, None)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekdays(first: date, last: date) -> list[date]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    working = [d for d in days if d.weekday() < 5]
    return working or days


def spread_action(action) -> list[tuple[date, Decimal]]:
    """An action's hours, spread evenly over its working days (its days if all are a
    week-end): a two-week training of 70 hours counts 35 hours in each week."""
    if action.hours is None or action.status not in COUNTED_ACTION_STATUSES:
        return []
    days = _weekdays(action.starts_on or action.due_on, action.due_on)
    share = action.hours / len(days)
    return [(day, share) for day in days]


def _action_hours(pathway, first: date, last: date, actions=None) -> list[tuple[date, Decimal]]:
    if actions is None:
        actions = pathway.actions.filter(
            hours__isnull=False,
            status__in=COUNTED_ACTION_STATUSES,
            due_on__gte=first,
        ).exclude(starts_on__gt=last)
        actions = [a for a in actions if a.first_day <= last]
    return [
        (day, hours)
        for action in actions
        for day, hours in spread_action(action)
        if first <= day <= last
    ]


def _by_week(dated: Iterable[tuple[date, Decimal]]) -> dict[date, Decimal]:
    weeks: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for day, hours in dated:
        weeks[monday_of(day)] += Decimal(hours)
    return weeks


def hours_by_source(pathway, week_start: date, *, actions=None) -> dict[str, Decimal]:
    """The week's hours, source by source (« Actions du parcours » first)."""
    if week_start.weekday() != 0:
        raise ValueError("a week starts on a Monday")
    last = week_start + timedelta(days=6)
    result = {
        "Actions du parcours": _quantize(
            sum((h for _d, h in _action_hours(pathway, week_start, last, actions)), ZERO)
        )
    }
    for label, source in _SOURCES.values():
        result[label] = _quantize(
            sum(
                (
                    Decimal(h)
                    for d, h in source(pathway, week_start, last)
                    if week_start <= d <= last
                ),
                ZERO,
            )
        )
    return result


def weekly_hours(pathway, week_start: date) -> Decimal:
    """Hours of activity in the ISO week that starts on `week_start` (a Monday)."""
    return sum(hours_by_source(pathway, week_start).values(), ZERO)


def _quantize(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Week:
    start: date
    hours: Decimal
    target: Decimal | None
    is_suspended: bool
    is_current: bool

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def iso_week(self) -> int:
        return self.start.isocalendar().week

    @property
    def is_under_target(self) -> bool:
        """A finished week, not suspended, with fewer hours than the target."""
        return (
            self.target is not None
            and not self.is_suspended
            and not self.is_current
            and self.hours < self.target
        )

    @property
    def missing(self) -> Decimal:
        return max(self.target - self.hours, ZERO) if self.target is not None else ZERO


def pathway_weeks(pathway, *, today: date | None = None, limit: int = 12) -> list[Week]:
    """The last `limit` weeks of the pathway up to this week, newest first: one query for
    the actions, one for the suspensions, one per registered source."""
    today = today or timezone.localdate()
    first = monday_of(pathway.started_on)
    end = min(today, pathway.closed_on or today, pathway.planned_end_on)
    last_monday = monday_of(end)
    if last_monday < first:
        return []
    first = max(first, last_monday - timedelta(weeks=limit - 1))
    last_day = last_monday + timedelta(days=6)
    dated = _action_hours(pathway, first, last_day)
    for _label, source in _SOURCES.values():
        dated += [
            (d, Decimal(h)) for d, h in source(pathway, first, last_day) if first <= d <= last_day
        ]
    totals = _by_week(dated)
    suspensions = list(pathway.suspensions.all())
    target = pathway.weekly_target
    weeks = []
    monday = last_monday
    while monday >= first:
        days = [monday + timedelta(days=n) for n in range(7)]
        weeks.append(
            Week(
                start=monday,
                hours=_quantize(totals.get(monday, ZERO)),
                target=target,
                is_suspended=any(s.covers(d) for s in suspensions for d in days),
                is_current=monday <= today <= monday + timedelta(days=6),
            )
        )
        monday -= timedelta(weeks=1)
    return weeks
