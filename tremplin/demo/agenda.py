"""Demo agenda of the Mission Locale: last week's appointments with their attendance (one
no-show among them) and this week's, for each demo counselor."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from tremplin.agenda.enums import AppointmentKind, Attendance
from tremplin.agenda.models import Appointment, Participant
from tremplin.people.models import Person

PLACE = "Bureau des conseillers, 2 rue de la Paix, 44600 Saint-Nazaire"
SLOTS = [(9, 0), (10, 30), (14, 0), (15, 30)]


def _at(day, hour, minute):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def demo_week_start(today):
    """Monday of the week the demo fills; on a weekend, the coming week's."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7) if today.weekday() >= 5 else monday


def create_agenda(rng: random.Random, *, structure, counselors) -> None:
    today = timezone.localdate()
    monday = demo_week_start(today)
    now = timezone.now()
    for counselor in counselors:
        people = list(
            Person.objects.filter(
                follows__structure=structure,
                follows__referent=counselor,
                follows__ended_on__isnull=True,
            ).order_by("pk")[:20]
        )
        if not people:
            continue
        queue = iter(people)
        no_show_done = False
        for week_start in (monday - timedelta(days=7), monday):
            for offset in range(5):
                day = week_start + timedelta(days=offset)
                for hour, minute in rng.sample(SLOTS, 2):
                    person = next(queue, None)
                    if person is None:
                        queue = iter(people)
                        person = next(queue)
                    start = _at(day, hour, minute)
                    appointment = Appointment.objects.create(
                        structure=structure,
                        organizer=counselor,
                        created_by=counselor,
                        kind=rng.choice([AppointmentKind.FOLLOW_UP] * 3 + [AppointmentKind.OTHER]),
                        starts_at=start,
                        ends_at=start + timedelta(minutes=45),
                        place=PLACE,
                    )
                    attendance = Attendance.PLANNED
                    if start < now - timedelta(hours=1):
                        attendance = Attendance.SEEN
                        if not no_show_done:
                            attendance, no_show_done = Attendance.NO_SHOW, True
                        elif rng.random() < 0.1:
                            attendance = Attendance.EXCUSED
                    Participant.objects.create(
                        appointment=appointment,
                        person=person,
                        attendance=attendance,
                        attendance_recorded_by=counselor if attendance != "planned" else None,
                        attendance_recorded_at=start + timedelta(hours=1)
                        if attendance != "planned"
                        else None,
                    )
        # A collective workshop on Thursday of this week.
        start = _at(monday + timedelta(days=3), 14, 0)
        workshop = Appointment.objects.create(
            structure=structure,
            organizer=counselor,
            created_by=counselor,
            kind=AppointmentKind.WORKSHOP,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Salle collective, 2 rue de la Paix, 44600 Saint-Nazaire",
            subject="Atelier CV et lettre de motivation",
        )
        for person in people[-6:]:
            Participant.objects.create(appointment=workshop, person=person)
