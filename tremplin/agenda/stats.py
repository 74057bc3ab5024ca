"""No-show rates, computed by the database (one grouped query per table)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from tremplin.agenda.enums import Attendance
from tremplin.agenda.models import Participant

PERIOD = timedelta(days=91)  # the last three months


@dataclass(frozen=True)
class Row:
    label: str
    appointments: int
    expected: int  # participations that should have happened: seen + excused + no-show
    seen: int
    excused: int
    no_show: int
    not_recorded: int

    @property
    def rate(self) -> float | None:
        """Share of no-shows among the participations that should have happened."""
        return self.no_show / self.expected if self.expected else None


_COUNTS = {
    "appointments": Count("appointment", distinct=True),
    "seen": Count("pk", filter=Q(attendance=Attendance.SEEN)),
    "excused": Count("pk", filter=Q(attendance=Attendance.EXCUSED)),
    "no_show": Count("pk", filter=Q(attendance=Attendance.NO_SHOW)),
    "not_recorded": Count("pk", filter=Q(attendance=Attendance.PLANNED)),
}


def _row(label, values) -> Row:
    return Row(
        label=label,
        appointments=values["appointments"],
        expected=values["seen"] + values["excused"] + values["no_show"],
        seen=values["seen"],
        excused=values["excused"],
        no_show=values["no_show"],
        not_recorded=values["not_recorded"],
    )


def structure_counts(structure_id, since, until) -> Row:
    """The structure's participations in appointments that started in [since, until), not
    cancelled, in one aggregate query (the activity report uses it month by month)."""
    participations = Participant.objects.filter(
        appointment__structure_id=structure_id,
        appointment__starts_at__gte=since,
        appointment__starts_at__lt=until,
        appointment__cancelled_at__isnull=True,
    )
    return _row("Toute la structure", participations.aggregate(**_COUNTS))


def no_show_rates(structure_id, *, now=None) -> tuple[list[Row], Row, tuple]:
    """Per organizer and for the structure, over the past three months (appointments that
    have started, not cancelled)."""
    now = now or timezone.now()
    since = now - PERIOD
    participations = Participant.objects.filter(
        appointment__structure_id=structure_id,
        appointment__starts_at__gte=since,
        appointment__starts_at__lt=now,
        appointment__cancelled_at__isnull=True,
    )
    per_organizer = (
        participations.values(
            "appointment__organizer",
            "appointment__organizer__first_name",
            "appointment__organizer__last_name",
        )
        .annotate(**_COUNTS)
        .order_by("appointment__organizer__last_name", "appointment__organizer__first_name")
    )
    rows = [
        _row(
            f"{v['appointment__organizer__first_name']} {v['appointment__organizer__last_name']}",
            v,
        )
        for v in per_organizer
    ]
    total = _row("Toute la structure", participations.aggregate(**_COUNTS))
    return rows, total, (since, now)
