"""Activity hours from the workshops, for the weekly count of the pathways app.

A half-day counts for its planned length (start to end) when the participant was present
(signed on the screen or on the paper sheet), and only once the half-day is closed: the
presence is written then. Workshops of the pathway's structure only.
"""

from datetime import date
from decimal import Decimal

from tremplin.workshops.models import Presence


def _rows(person_ids, structure_ids, first: date, last: date):
    return Presence.objects.filter(
        is_present=True,
        registration__person_id__in=person_ids,
        half_day__session__structure_id__in=structure_ids,
        half_day__date__gte=first,
        half_day__date__lte=last,
    ).values_list(
        "registration__person_id",
        "half_day__session__structure_id",
        "half_day__date",
        "half_day__starts_at",
        "half_day__ends_at",
    )


def _hours(day, starts, ends) -> Decimal:
    minutes = (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)
    return Decimal(minutes) / Decimal(60)


def dated_hours(pathway, first: date, last: date) -> list[tuple[date, Decimal]]:
    """Each half-day of the pathway's structure the person attended between the two days."""
    return [
        (day, _hours(day, starts, ends))
        for _p, _s, day, starts, ends in _rows(
            [pathway.person_id], [pathway.structure_id], first, last
        )
    ]


def dated_hours_bulk(pathways, first: date, last: date) -> dict[int, list[tuple[date, Decimal]]]:
    """`dated_hours` for many pathways in one query."""
    by_key = {(p.person_id, p.structure_id): p.pk for p in pathways}
    result: dict[int, list[tuple[date, Decimal]]] = {}
    rows = _rows({p.person_id for p in pathways}, {p.structure_id for p in pathways}, first, last)
    for person_id, structure_id, day, starts, ends in rows:
        pathway_id = by_key.get((person_id, structure_id))
        if pathway_id is not None:
            result.setdefault(pathway_id, []).append((day, _hours(day, starts, ends)))
    return result
