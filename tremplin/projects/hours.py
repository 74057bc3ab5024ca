"""Training days in the weekly activity hours of a pathway (registered in apps.py).

A training the person is in (or has completed) counts its hours per day on each working day
(Monday to Friday) between its first and last day. Only the trainings recorded by the
pathway's structure count, as the agenda counts only the structure's appointments.
"""

from datetime import date, timedelta
from decimal import Decimal

from tremplin.projects.enums import COUNTED_TRAINING_STATUSES
from tremplin.projects.models import Training


def _trainings(person_ids, structure_ids, first: date, last: date):
    return Training.objects.filter(
        person_id__in=person_ids,
        structure_id__in=structure_ids,
        status__in=COUNTED_TRAINING_STATUSES,
        hours_per_day__isnull=False,
        starts_on__lte=last,
        ends_on__gte=first,
    ).values_list("person_id", "structure_id", "starts_on", "ends_on", "hours_per_day")


def training_days(starts_on: date, ends_on: date, hours: Decimal, first: date, last: date):
    """(day, hours) for each working day of the training between `first` and `last`."""
    day = max(starts_on, first)
    end = min(ends_on, last)
    while day <= end:
        if day.weekday() < 5:
            yield day, Decimal(hours)
        day += timedelta(days=1)


def dated_hours(pathway, first: date, last: date) -> list[tuple[date, Decimal]]:
    return [
        pair
        for _p, _s, starts, ends, hours in _trainings(
            [pathway.person_id], [pathway.structure_id], first, last
        )
        for pair in training_days(starts, ends, hours, first, last)
    ]


def dated_hours_bulk(pathways, first: date, last: date) -> dict[int, list[tuple[date, Decimal]]]:
    """`dated_hours` for many pathways in one query."""
    by_key = {(p.person_id, p.structure_id): p.pk for p in pathways}
    result: dict[int, list[tuple[date, Decimal]]] = {}
    rows = _trainings(
        {p.person_id for p in pathways}, {p.structure_id for p in pathways}, first, last
    )
    for person_id, structure_id, starts, ends, hours in rows:
        pathway_id = by_key.get((person_id, structure_id))
        if pathway_id is not None:
            result.setdefault(pathway_id, []).extend(
                training_days(starts, ends, hours, first, last)
            )
    return result
