"""The workload panel: for each professional, the figures that say how loaded they are.

One grouped query per figure, whatever the size of the team: caseload (files where they
are the référent), appointments this week, overdue actions of the pathways they lead,
referrals they sent that still wait for an answer (or expired without one), in-job
check-ins past their date, and open incidents they reported.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from statistics import median

from django.db.models import Count
from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.agenda.models import Appointment
from tremplin.core.permissions import Role
from tremplin.employment.enums import EmploymentStatus
from tremplin.employment.models import CheckIn
from tremplin.network.models import Referral, ReferralStatus
from tremplin.pathways.enums import ActionStatus, PathwayStatus
from tremplin.pathways.models import Action
from tremplin.people.models import Follow
from tremplin.practice.models import Incident, IncidentStatus

FIGURES = {
    "caseload": "Personnes suivies en référence",
    "appointments": "Rendez-vous cette semaine",
    "overdue_actions": "Actions en retard",
    "pending_referrals": "Orientations sans réponse",
    "late_check_ins": "Points de suivi dans l'emploi en retard",
}
# A figure this far above the median of the other counselors of the team is pointed out to
# the manager, when the gap also counts in absolute terms (1 against 0 is not a workload).
HIGH_FACTOR = 1.5
MIN_GAP = {
    "caseload": 5,
    "appointments": 3,
    "overdue_actions": 3,
    "pending_referrals": 2,
    "late_check_ins": 2,
}
OPEN_ACTIONS = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.ON_HOLD)
TEAM_ROLES = (Role.COUNSELOR, Role.MANAGER)


@dataclass
class Workload:
    user: object
    role: str
    caseload: int = 0
    appointments: int = 0
    overdue_actions: int = 0
    pending_referrals: int = 0
    late_check_ins: int = 0
    high: set[str] = field(default_factory=set)

    def figures(self):
        return [
            (key, label, getattr(self, key), key in self.high) for key, label in FIGURES.items()
        ]


def _counts(queryset, key: str) -> dict[int, int]:
    return {row[key]: row["n"] for row in queryset.values(key).annotate(n=Count("pk"))}


def week_bounds(today):
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return monday, start, start + timedelta(days=7)


def team_workload(structure_id, *, user_ids=None, today=None) -> list[Workload]:
    """The workload of the structure's counselors and managers (or of `user_ids` only)."""
    today = today or timezone.localdate()
    members = Membership.objects.filter(
        structure_id=structure_id, is_active=True, role__in=TEAM_ROLES
    ).select_related("user")
    if user_ids is not None:
        members = members.filter(user_id__in=user_ids)
    members = sorted(members, key=lambda m: (m.user.last_name, m.user.first_name))
    ids = [m.user_id for m in members]
    _monday, start, end = week_bounds(today)
    caseload = _counts(
        Follow.objects.filter(
            structure_id=structure_id, ended_on__isnull=True, referent_id__in=ids
        ),
        "referent_id",
    )
    appointments = _counts(
        Appointment.objects.filter(
            structure_id=structure_id,
            organizer_id__in=ids,
            starts_at__gte=start,
            starts_at__lt=end,
            cancelled_at__isnull=True,
        ),
        "organizer_id",
    )
    overdue = _counts(
        Action.objects.filter(
            pathway__structure_id=structure_id,
            pathway__referent_id__in=ids,
            due_on__lt=today,
            status__in=OPEN_ACTIONS,
        ).exclude(pathway__status=PathwayStatus.CLOSED),
        "pathway__referent_id",
    )
    pending = _counts(
        Referral.objects.filter(
            structure_id=structure_id,
            created_by_id__in=ids,
            # Expired without an answer is still « sans réponse », and the one to act on.
            status__in=(ReferralStatus.SENT, ReferralStatus.EXPIRED),
        ),
        "created_by_id",
    )
    late_check_ins = _counts(
        CheckIn.objects.pending().filter(
            employment__structure_id=structure_id,
            employment__status=EmploymentStatus.ACTIVE,
            assignee_id__in=ids,
            due_on__lt=today,
        ),
        "assignee_id",
    )
    rows = [
        Workload(
            user=m.user,
            role=m.get_role_display(),
            caseload=caseload.get(m.user_id, 0),
            appointments=appointments.get(m.user_id, 0),
            overdue_actions=overdue.get(m.user_id, 0),
            pending_referrals=pending.get(m.user_id, 0),
            late_check_ins=late_check_ins.get(m.user_id, 0),
        )
        for m in members
    ]
    # The reference is the median of the other counselors: a manager with no caseload would
    # pull it down and make ordinary figures look high, and one's own figure would pull it
    # up (with two counselors, 101 against 41 would compare 101 with 71). A lone counselor
    # has no one to be compared with; a team of managers only is compared within itself. A
    # counselor who follows nobody (just arrived, or who runs workshops only) is no reference
    # either: 56 people against 0 says nothing of a load.
    reference = [
        r for r, m in zip(rows, members, strict=True) if m.role == Role.COUNSELOR and r.caseload > 0
    ]
    if not reference:
        reference = rows
    if len(reference) > 1:
        for row in rows:
            others = [r for r in reference if r is not row]
            for key in FIGURES:
                middle = median(getattr(r, key) for r in others)
                value = getattr(row, key)
                if value > HIGH_FACTOR * middle and value - middle >= MIN_GAP[key]:
                    row.high.add(key)
    return rows


def open_incident_count(structure_id) -> int:
    return (
        Incident.objects.filter(structure_id=structure_id)
        .exclude(status=IncidentStatus.CLOSED)
        .count()
    )
