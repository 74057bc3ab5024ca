"""« Ma journée »: what a counselor has to do today, gathered from every part of the work.

Today's appointments and workshop half-days, the attendance still to note, the actions
overdue in the pathways she leads, her referrals waiting for an answer, the in-job
check-ins that are due, the PASS IAE of her IAE pathways that come to their end, and the
open urgency alerts of the files she may open. Each list
is read through its own ``visible_to(user)``, in a bounded number of queries whatever the
size of the caseload; long lists are cut and say how many more there are.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from tremplin.agenda.enums import Attendance
from tremplin.agenda.models import Appointment, Participant
from tremplin.core.permissions import Perm, Section, sections_for
from tremplin.diagnosis.models import Alert
from tremplin.employment.enums import EmploymentStatus
from tremplin.employment.models import CheckIn, Employment
from tremplin.network.models import Referral, ReferralStatus
from tremplin.pathways.actions import due_iae_approvals
from tremplin.pathways.enums import PathwayStatus
from tremplin.pathways.models import Action, Pathway
from tremplin.people.models import Follow
from tremplin.practice.workload import OPEN_ACTIONS
from tremplin.workshops.models import HalfDay

# Each list shows this many rows at most; the page says how many more wait.
LIMIT = 10
# Attendance left « prévu » this many days back is still asked for.
ATTENDANCE_DAYS = 14


@dataclass
class Cut:
    """The first rows of a list, and how many there are in all."""

    rows: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _cut(queryset) -> Cut:
    rows = list(queryset[: LIMIT + 1])
    if len(rows) <= LIMIT:
        return Cut(rows, len(rows))
    return Cut(rows[:LIMIT], queryset.count())


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


@dataclass
class Day:
    today: date
    appointments: list = field(default_factory=list)
    half_days: list = field(default_factory=list)
    tomorrow_count: int = 0
    attendance: Cut = field(default_factory=Cut)
    overdue_actions: Cut = field(default_factory=Cut)
    referrals: Cut = field(default_factory=Cut)
    check_ins: Cut = field(default_factory=Cut)
    alerts: Cut | None = None
    # The PASS IAE of the pathways the user leads that end within three months (or ended):
    # None where the structure is no SIAE and none is due.
    pass_iae: Cut | None = None

    @property
    def agenda(self) -> list[tuple[str, object]]:
        """The day's appointments and workshop half-days in one list, by starting time."""
        items = [
            (timezone.localtime(a.starts_at).time(), 0, "appointment", a) for a in self.appointments
        ] + [(h.starts_at, 1, "workshop", h) for h in self.half_days]
        return [(kind, item) for _at, _order, kind, item in sorted(items, key=lambda i: i[:2])]

    @property
    def is_empty(self) -> bool:
        return not (
            self.appointments
            or self.half_days
            or self.attendance.total
            or self.overdue_actions.total
            or self.referrals.total
            or self.check_ins.total
            or (self.alerts and self.alerts.total)
            or (self.pass_iae and self.pass_iae.total)
        )


def day_for(user, *, now: datetime | None = None) -> Day:
    now = now or timezone.now()
    today = timezone.localdate(now)
    membership = user.active_membership
    day = Day(today=today)
    start, end = _day_bounds(today)

    participants = Participant.objects.select_related("person").order_by(
        "person__last_name", "person__first_name", "pk"
    )
    mine = Appointment.objects.visible_to(user).filter(organizer=user, cancelled_at__isnull=True)
    day.appointments = list(
        mine.filter(starts_at__gte=start, starts_at__lt=end)
        .prefetch_related(Prefetch("participants", queryset=participants))
        .order_by("starts_at", "pk")
    )
    day.tomorrow_count = mine.filter(
        starts_at__gte=end, starts_at__lt=end + timedelta(days=1)
    ).count()
    day.half_days = list(
        HalfDay.objects.visible_to(user)
        .filter(date=today, session__facilitators=user)
        .select_related("session__design")
        .order_by("starts_at", "pk")
    )
    day.attendance = _cut(
        Participant.objects.visible_to(user)
        .filter(
            appointment__organizer=user,
            appointment__cancelled_at__isnull=True,
            appointment__starts_at__gte=now - timedelta(days=ATTENDANCE_DAYS),
            appointment__ends_at__lte=now,
            attendance=Attendance.PLANNED,
        )
        .select_related("appointment", "person")
        .order_by("appointment__starts_at", "pk")
    )
    day.overdue_actions = _cut(
        Action.objects.filter(
            pathway__in=Pathway.objects.visible_to(user).filter(
                structure_id=membership.structure_id, referent=user
            ),
            due_on__lt=today,
            status__in=OPEN_ACTIONS,
        )
        .exclude(pathway__status=PathwayStatus.CLOSED)
        .select_related("pathway__person")
        .order_by("due_on", "pk")
    )
    day.referrals = _cut(
        Referral.objects.visible_to(user)
        .filter(structure_id=membership.structure_id, created_by=user, status=ReferralStatus.SENT)
        .select_related("person", "service", "partner")
        .order_by("sent_at", "pk")
    )
    day.check_ins = _cut(
        CheckIn.objects.pending()
        .filter(
            employment__in=Employment.objects.visible_to(user).filter(
                status=EmploymentStatus.ACTIVE
            ),
            assignee=user,
            due_on__lte=today,
        )
        .select_related("employment__person")
        .order_by("due_on", "pk")
    )
    if Section.PATHWAY in sections_for(membership.role):
        due = [a for a in due_iae_approvals(user, today=today) if a.pathway.referent_id == user.pk]
        if due or membership.structure.is_siae:
            day.pass_iae = Cut(due[:LIMIT], len(due))
    if membership.can(Perm.URGENCY_RECORD) or membership.can(Perm.ALERTS_VIEW):
        day.alerts = _cut(
            Alert.objects.visible_to(user)
            .open()
            .filter(
                person__in=Follow.objects.filter(
                    structure_id=membership.structure_id, referent=user, ended_on__isnull=True
                ).values("person")
            )
            .select_related("person")
            .order_by("raised_at", "pk")
        )
    return day
