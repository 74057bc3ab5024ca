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

from tremplin.pathways.enums import COUNTED_ACTION_STATUSES, ActionStatus

HoursSource = Callable[["object", date, date], Iterable[tuple[date, Decimal]]]
# The same for many pathways at once: {pathway id: [(day, hours), …]}, in one query.
BulkHoursSource = Callable[[list, date, date], dict[int, list[tuple[date, Decimal]]]]
_SOURCES: dict[str, tuple[str, HoursSource]] = {}
_BULK_SOURCES: dict[str, BulkHoursSource] = {}

ZERO = Decimal(0)
# The statuses read from the database: those counted, and the actions carried over to a new
# pathway, whose days before the reorientation still count in the pathway they left.
_READ_STATUSES = (*COUNTED_ACTION_STATUSES, ActionStatus.CARRIED)
# More than the legal maximum working week (Code du travail, L3121-20) cannot all have
# happened: two activities counted over the same days, most likely.
IMPLAUSIBLE_WEEK_HOURS = Decimal(48)


def register_hours_source(
    key: str, label: str, source: HoursSource, *, bulk: BulkHoursSource | None = None
) -> None:
    """Count the hours `source` gives in every pathway's weeks (registering twice replaces).
    `bulk` answers for many pathways at once (the caseload); without it, `source` is called
    for each pathway."""
    _SOURCES[key] = (label, source)
    if bulk is not None:
        _BULK_SOURCES[key] = bulk
    else:
        _BULK_SOURCES.pop(key, None)


def unregister_hours_source(key: str) -> None:
    _SOURCES.pop(key, None)
    _BULK_SOURCES.pop(key, None)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekdays(first: date, last: date) -> list[date]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    working = [d for d in days if d.weekday() < 5]
    return working or days


def spread_action(action, *, closed_on: date | None = None) -> list[tuple[date, Decimal]]:
    """An action's hours, spread evenly over its working days (its days if all are a
    week-end): a two-week training of 70 hours counts 35 hours in each week.

    An action carried over by a reorientation (« Reprise dans le nouveau parcours ») was split
    at the reorientation, the day its pathway closed (`closed_on`): it counts here only on
    its days before that day, and its copy in the new pathway counts the days from that day
    on, with their share of the hours (`hours_from`). An action whose days were all past
    counts them all here; its copy, to be planned again, has no hours. Each day of an action
    is thus counted in one pathway, never in both in the same week."""
    if action.hours is None:
        return []
    days = _weekdays(action.starts_on or action.due_on, action.due_on)
    share = action.hours / len(days)
    if action.status == ActionStatus.CARRIED:
        if closed_on is None:
            return []
        return [(day, share) for day in days if day < closed_on]
    if action.status not in COUNTED_ACTION_STATUSES:
        return []
    return [(day, share) for day in days]


MIN_ACTION_HOURS = Decimal("0.5")


def hours_from(action, day: date) -> Decimal | None:
    """The hours of the action's days from `day` on: what its copy takes into a new pathway
    that starts on `day` (the days before stay counted in the pathway it leaves). Less than
    half an hour left (the least an action records) is left out."""
    if action.hours is None:
        return None
    days = _weekdays(action.starts_on or action.due_on, action.due_on)
    later = [d for d in days if d >= day]
    if len(later) == len(days):
        return action.hours
    share = (action.hours * len(later) / len(days)).quantize(Decimal("0.1"))
    return share if share >= MIN_ACTION_HOURS else None


def _action_hours(pathway, first: date, last: date, actions=None) -> list[tuple[date, Decimal]]:
    if actions is None:
        actions = pathway.actions.filter(
            hours__isnull=False,
            status__in=_READ_STATUSES,
            due_on__gte=first,
        ).exclude(starts_on__gt=last)
        actions = [a for a in actions if a.first_day <= last]
    return [
        (day, hours)
        for action in actions
        for day, hours in spread_action(action, closed_on=pathway.closed_on)
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
    # Booked and not yet happened (appointments, workshop half-days): « prévu ».
    planned: Decimal = ZERO
    # A week to come: all its hours are planned.
    is_ahead: bool = False

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
            and not self.is_ahead
            and self.hours < self.target
        )

    @property
    def is_implausible(self) -> bool:
        return self.hours > IMPLAUSIBLE_WEEK_HOURS

    @property
    def missing(self) -> Decimal:
        return max(self.target - self.hours, ZERO) if self.target is not None else ZERO


def booked_hours(pathway, first: date, last: date) -> list[tuple[date, Decimal]]:
    """Hours booked for the person and not yet happened, between the two days: the
    appointments of the pathway's structure still expected (not cancelled, attendance not
    noted yet) and the workshop half-days she is registered to, with no presence noted.
    Once they happen, the sources count them (attended only)."""
    from tremplin.agenda.enums import Attendance
    from tremplin.agenda.hours import dated_hours as appointment_hours
    from tremplin.workshops.enums import RegistrationStatus
    from tremplin.workshops.models import HalfDay

    dated = appointment_hours(pathway, first, last, attendance=Attendance.PLANNED)
    half_days = (
        HalfDay.objects.filter(
            session__structure_id=pathway.structure_id,
            session__registrations__person_id=pathway.person_id,
            session__registrations__status=RegistrationStatus.REGISTERED,
            date__gte=first,
            date__lte=last,
            closed_at__isnull=True,
        )
        .exclude(presences__registration__person_id=pathway.person_id)
        .distinct()
        .values_list("date", "starts_at", "ends_at")
    )
    dated += [
        (day, Decimal((e.hour * 60 + e.minute) - (s.hour * 60 + s.minute)) / Decimal(60))
        for day, s, e in half_days
    ]
    return dated


def pathway_weeks(
    pathway, *, today: date | None = None, limit: int = 12, ahead: int = 0
) -> list[Week]:
    """The last `limit` weeks of the pathway up to this week, newest first: one query for
    the actions, one for the suspensions, one per registered source. With `ahead`, an open
    pathway also shows that many weeks to come, with the hours planned so far, and the
    hours still booked in this week (two queries more)."""
    today = today or timezone.localdate()
    first = monday_of(pathway.started_on)
    end = min(today, pathway.closed_on or today, pathway.planned_end_on)
    last_monday = monday_of(end)
    if last_monday < first:
        return []
    this_monday = monday_of(today)
    if ahead and not pathway.closed_on and last_monday == this_monday:
        last_monday = min(this_monday + timedelta(weeks=ahead), monday_of(pathway.planned_end_on))
    else:
        ahead = 0
    first = max(first, min(this_monday, last_monday) - timedelta(weeks=limit - 1))
    last_day = last_monday + timedelta(days=6)
    dated = _action_hours(pathway, first, last_day)
    for _label, source in _SOURCES.values():
        dated += [
            (d, Decimal(h)) for d, h in source(pathway, first, last_day) if first <= d <= last_day
        ]
    booked = _by_week(booked_hours(pathway, today, last_day)) if ahead else {}
    totals = _by_week(dated)
    suspensions = list(pathway.suspensions.all())
    target = pathway.weekly_target
    weeks = []
    monday = last_monday
    while monday >= first:
        days = [monday + timedelta(days=n) for n in range(7)]
        planned = booked.get(monday, ZERO)
        weeks.append(
            Week(
                start=monday,
                hours=_quantize(totals.get(monday, ZERO) + planned),
                target=target,
                is_suspended=any(s.covers(d) for s in suspensions for d in days),
                is_current=monday <= today <= monday + timedelta(days=6),
                planned=_quantize(planned),
                is_ahead=monday > today,
            )
        )
        monday -= timedelta(weeks=1)
    return weeks


def last_week_under_target(pathways, *, today: date | None = None) -> dict[int, Week]:
    """For each pathway with a weekly target, its last finished week when that week was
    under the target (and not suspended)."""
    return {
        pathway_id: week
        for pathway_id, week in last_weeks(pathways, today=today).items()
        if week.is_under_target
    }


def last_weeks(pathways, *, today: date | None = None) -> dict[int, Week]:
    """For each pathway with a weekly target that ran all of last week, that week. A few
    queries for the whole list: the actions, the suspensions, one per registered source."""
    today = today or timezone.localdate()
    monday = monday_of(today) - timedelta(weeks=1)
    sunday = monday + timedelta(days=6)
    candidates = [
        p
        for p in pathways
        if p.weekly_target is not None
        and p.started_on <= monday
        and min(p.closed_on or sunday, p.planned_end_on) >= sunday
    ]
    if not candidates:
        return {}
    from tremplin.pathways.models import Action, Suspension

    dated: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    actions = (
        Action.objects.filter(
            pathway__in=candidates,
            hours__isnull=False,
            status__in=_READ_STATUSES,
            due_on__gte=monday,
        )
        .exclude(starts_on__gt=sunday)
        .exclude(starts_on__isnull=True, due_on__gt=sunday)
    )
    closed_on = {p.pk: p.closed_on for p in candidates}
    for action in actions:
        dated[action.pathway_id] += [
            (d, h)
            for d, h in spread_action(action, closed_on=closed_on[action.pathway_id])
            if monday <= d <= sunday
        ]
    for key, (_label, source) in _SOURCES.items():
        bulk = _BULK_SOURCES.get(key)
        found = (
            bulk(candidates, monday, sunday)
            if bulk
            else {p.pk: list(source(p, monday, sunday)) for p in candidates}
        )
        for pathway_id, rows in found.items():
            dated[pathway_id] += [(d, Decimal(h)) for d, h in rows if monday <= d <= sunday]
    suspended = defaultdict(list)
    for suspension in Suspension.objects.filter(pathway__in=candidates):
        suspended[suspension.pathway_id].append(suspension)
    result = {}
    for pathway in candidates:
        result[pathway.pk] = Week(
            start=monday,
            hours=_quantize(sum((h for _d, h in dated[pathway.pk]), ZERO)),
            target=pathway.weekly_target,
            is_suspended=any(
                s.covers(monday + timedelta(days=n))
                for s in suspended[pathway.pk]
                for n in range(7)
            ),
            is_current=False,
        )
    return result
