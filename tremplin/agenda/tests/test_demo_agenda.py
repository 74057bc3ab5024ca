from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from tremplin.agenda.enums import Attendance
from tremplin.agenda.models import Appointment, Participant
from tremplin.core.permissions import Role
from tremplin.demo.agenda import demo_week_start


def test_demo_counselors_have_last_week_with_attendance_and_this_week(db):
    call_command("demo", "--people", "40", stdout=StringIO())
    today = timezone.localdate()
    monday = demo_week_start(today)
    counselors = Appointment.objects.values_list("organizer", flat=True).distinct()
    assert counselors.count() == 2
    past = Participant.objects.filter(appointment__starts_at__date__lt=monday)
    last_week = past.filter(appointment__starts_at__date__gte=monday - timedelta(days=7))
    assert last_week.filter(attendance=Attendance.NO_SHOW).count() == 2  # one per counselor
    # The three months before this one have an ordinary volume, attendance recorded, so that
    # last month's report and the no-show rates read like a real team's.
    first = today.replace(day=1)
    last_month = past.filter(
        appointment__starts_at__date__lt=first,
        appointment__starts_at__date__gte=(first - timedelta(days=1)).replace(day=1),
    )
    assert last_month.count() >= 60
    assert {p.attendance for p in last_month} >= {Attendance.SEEN, Attendance.NO_SHOW}
    assert past.filter(attendance=Attendance.SEEN).exists()
    assert not past.filter(attendance=Attendance.PLANNED).exists()
    assert Appointment.objects.filter(starts_at__date__gte=monday, kind="workshop").count() == 2
    assert all(
        m.role == Role.COUNSELOR
        for a in Appointment.objects.select_related("organizer")
        for m in a.organizer.memberships.filter(structure=a.structure)
    )
