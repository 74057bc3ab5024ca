"""Immersion days in the weekly activity hours (registered in apps.py): each day of a
validated, running or finished immersion of the pathway's structure counts the hours its
schedule gives that weekday (as the agenda counts only the structure's appointments)."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from tremplin.immersions.enums import COUNTED_STATUSES
from tremplin.immersions.models import Immersion


def _days(immersion, first: date, last: date) -> list[tuple[date, Decimal]]:
    hours = immersion.daily_hours
    start, end = max(first, immersion.starts_on), min(last, immersion.ends_on)
    rows = []
    day = start
    while day <= end:
        if hours[day.weekday()] > 0:
            rows.append((day, hours[day.weekday()]))
        day += timedelta(days=1)
    return rows


def _counted(first: date, last: date):
    return Immersion.objects.filter(
        status__in=COUNTED_STATUSES, starts_on__lte=last, ends_on__gte=first
    )


def dated_hours(pathway, first: date, last: date) -> list[tuple[date, Decimal]]:
    rows = []
    for immersion in _counted(first, last).filter(
        person_id=pathway.person_id, structure_id=pathway.structure_id
    ):
        rows += _days(immersion, first, last)
    return rows


def dated_hours_bulk(pathways, first: date, last: date) -> dict[int, list[tuple[date, Decimal]]]:
    """The same for many pathways, in one query."""
    by_key = defaultdict(list)
    for pathway in pathways:
        by_key[(pathway.person_id, pathway.structure_id)].append(pathway.pk)
    result: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    people = {person_id for person_id, _structure_id in by_key}
    for immersion in _counted(first, last).filter(person_id__in=people):
        rows = _days(immersion, first, last)
        for pathway_id in by_key.get((immersion.person_id, immersion.structure_id), []):
            result[pathway_id] += rows
    return dict(result)
