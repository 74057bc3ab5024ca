"""Worked hours of an employment in the weekly activity hours (registered in apps.py): a
person hired in CDDI by the structure itself, or in any job the structure follows, works
the contract's weekly hours. They are spread over the contract's working days (Monday to
Friday), between its first day and its end (or the day it ended), and only on the days of
the pathway: a pathway closed by a reorientation keeps its days before the closing, the
next one counts them from that day, as the pathway's actions are split."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from tremplin.employment.models import Employment

WORKING_DAYS = 5


def _last_day(employment) -> date | None:
    ends = [d for d in (employment.contract_ends_on, employment.ended_on) if d]
    return min(ends) if ends else None


def _days(employment, pathway, first: date, last: date) -> list[tuple[date, Decimal]]:
    start = max(first, employment.starts_on, pathway.started_on)
    end = last
    job_end = _last_day(employment)
    if job_end:
        end = min(end, job_end)
    if pathway.closed_on:
        # The closing day belongs to the next pathway (a reorientation), as for the actions.
        end = min(end, pathway.closed_on - timedelta(days=1))
    share = Decimal(employment.weekly_hours) / WORKING_DAYS
    rows = []
    day = start
    while day <= end:
        if day.weekday() < WORKING_DAYS:
            rows.append((day, share))
        day += timedelta(days=1)
    return rows


def _counted(first: date, last: date):
    return Employment.objects.filter(
        weekly_hours__isnull=False, weekly_hours__gt=0, starts_on__lte=last
    )


def dated_hours(pathway, first: date, last: date) -> list[tuple[date, Decimal]]:
    rows = []
    for employment in _counted(first, last).filter(
        person_id=pathway.person_id, structure_id=pathway.structure_id
    ):
        rows += _days(employment, pathway, first, last)
    return rows


def dated_hours_bulk(pathways, first: date, last: date) -> dict[int, list[tuple[date, Decimal]]]:
    """The same for many pathways, in one query."""
    by_key = defaultdict(list)
    for pathway in pathways:
        by_key[(pathway.person_id, pathway.structure_id)].append(pathway)
    result: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    people = {person_id for person_id, _structure_id in by_key}
    for employment in _counted(first, last).filter(person_id__in=people):
        for pathway in by_key.get((employment.person_id, employment.structure_id), []):
            result[pathway.pk] += _days(employment, pathway, first, last)
    return dict(result)
