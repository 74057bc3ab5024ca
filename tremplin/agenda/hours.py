"""Activity hours from the agenda, for the weekly count of the pathways app."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from tremplin.agenda.enums import Attendance
from tremplin.agenda.models import Participant


def hours_for_person(person, week_start: date) -> Decimal:
    """Hours of the appointments the person attended (« venu·e ») in the ISO week that
    starts on `week_start` (any day of the week is taken back to its Monday), local time.

    Cancelled, excused and missed appointments count for nothing. Rounded to the hundredth.
    """
    monday = week_start - timedelta(days=week_start.weekday())
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(monday, time.min), tz)
    end = timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min), tz)
    rows = Participant.objects.filter(
        person=person,
        attendance=Attendance.SEEN,
        appointment__starts_at__gte=start,
        appointment__starts_at__lt=end,
        appointment__cancelled_at__isnull=True,
    ).values_list("appointment__starts_at", "appointment__ends_at")
    seconds = sum((ends - starts).total_seconds() for starts, ends in rows)
    return (Decimal(int(seconds)) / Decimal(3600)).quantize(Decimal("0.01"))


def dated_hours(
    pathway, first: date, last: date, *, attendance: str = Attendance.SEEN
) -> list[tuple[date, Decimal]]:
    """The pathway's source of hours from the agenda: each appointment of the pathway's
    structure that the person attended between the two days (inclusive), on its day. With
    `attendance=PLANNED`, those still expected (the hours booked ahead)."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    rows = Participant.objects.filter(
        person_id=pathway.person_id,
        attendance=attendance,
        appointment__structure_id=pathway.structure_id,
        appointment__starts_at__gte=start,
        appointment__starts_at__lt=end,
        appointment__cancelled_at__isnull=True,
    ).values_list("appointment__starts_at", "appointment__ends_at")
    return [
        (
            timezone.localtime(starts, tz).date(),
            Decimal(int((ends - starts).total_seconds())) / Decimal(3600),
        )
        for starts, ends in rows
    ]


def dated_hours_bulk(pathways, first: date, last: date) -> dict[int, list[tuple[date, Decimal]]]:
    """`dated_hours` for many pathways in one query."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    by_key = {(p.person_id, p.structure_id): p.pk for p in pathways}
    rows = Participant.objects.filter(
        person_id__in={p.person_id for p in pathways},
        attendance=Attendance.SEEN,
        appointment__structure_id__in={p.structure_id for p in pathways},
        appointment__starts_at__gte=start,
        appointment__starts_at__lt=end,
        appointment__cancelled_at__isnull=True,
    ).values_list(
        "person_id", "appointment__structure_id", "appointment__starts_at", "appointment__ends_at"
    )
    result: dict[int, list[tuple[date, Decimal]]] = {}
    for person_id, structure_id, starts, ends in rows:
        pathway_id = by_key.get((person_id, structure_id))
        if pathway_id is not None:
            result.setdefault(pathway_id, []).append(
                (
                    timezone.localtime(starts, tz).date(),
                    Decimal(int((ends - starts).total_seconds())) / Decimal(3600),
                )
            )
    return result
