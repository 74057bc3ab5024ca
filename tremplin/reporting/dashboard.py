"""The manager's dashboard (tableau de bord): what waits for a decision in the structure, the
team's load this week, and the month so far against the year.

Every block is shown only to a member whose role grants the permission behind it, and
counts only what that member may see. A fixed number of queries, whatever the structure's
size: counts and oldest dates are aggregates, the month's figures come from the activity
report's own sections (the same definitions as the monthly report).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from tremplin.core.permissions import Perm
from tremplin.dataexport.models import AccessRequest
from tremplin.diagnosis.models import Alert
from tremplin.network.models import Referral, ReferralStatus
from tremplin.practice.models import Incident, IncidentStatus
from tremplin.practice.workload import FIGURES, team_workload
from tremplin.reception.models import Order
from tremplin.reporting.activity import Month, build_report, display

# Past these ages, an item waiting for an answer is shown as late.
ORDER_LATE_DAYS = 7
REFERRAL_LATE_DAYS = 15
# The month's figures, by key of the activity report, in the order shown.
MONTH_FIGURES = (
    "contacts",
    "first_interviews",
    "diagnoses_validated",
    "pathways_started",
    "exits",
    "appointments",
    "no_show_rate",
    "workshop_participants",
)
MONTH_SECTIONS = ("accueil", "diagnostic", "parcours", "rendez-vous")


@dataclass
class Pending:
    """One kind of thing waiting in the structure: how many, how many late, since when."""

    title: str
    count: int
    url: str
    link: str
    late: int = 0
    late_label: str = ""
    oldest: date | None = None


@dataclass
class Dashboard:
    today: date
    pending: list[Pending] = field(default_factory=list)
    team: list | None = None
    team_figures: dict = field(default_factory=dict)
    month: Month | None = None
    month_rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def nothing_pending(self) -> bool:
        return not any(item.count for item in self.pending)


def _day(value) -> date | None:
    return timezone.localdate(value) if value is not None else None


def _pending(membership, user, today) -> list[Pending]:
    items = []
    sid = membership.structure_id
    if membership.can(Perm.ALERTS_VIEW):
        row = Alert.objects.filter(structure_id=sid, resolved_at__isnull=True).aggregate(
            n=Count("pk"), oldest=Min("raised_at")
        )
        items.append(
            Pending(
                "Alertes d'urgence à traiter",
                row["n"],
                reverse("diagnosis:alerts"),
                "Voir les alertes",
                oldest=_day(row["oldest"]),
            )
        )
    if membership.can(Perm.INCIDENT_MANAGE):
        row = (
            Incident.objects.visible_to(user)
            .open()
            .aggregate(
                n=Count("pk"),
                new=Count("pk", filter=Q(status=IncidentStatus.OPEN)),
                oldest=Min("occurred_at"),
            )
        )
        items.append(
            Pending(
                "Incidents non clos",
                row["n"],
                reverse("practice:incidents"),
                "Voir les incidents",
                late=row["new"],
                late_label="sans suite encore",
                oldest=_day(row["oldest"]),
            )
        )
    if membership.can(Perm.ORDER_MANAGE):
        row = (
            Order.objects.visible_to(user)
            .waiting()
            .aggregate(
                n=Count("pk"),
                late=Count("pk", filter=Q(received_on__lt=today - timedelta(days=ORDER_LATE_DAYS))),
                oldest=Min("received_on"),
            )
        )
        items.append(
            Pending(
                "Commandes des prescripteurs sans réponse",
                row["n"],
                reverse("reception:orders"),
                "Répondre aux commandes",
                late=row["late"],
                late_label=f"depuis plus de {ORDER_LATE_DAYS} jours",
                oldest=row["oldest"],
            )
        )
    if membership.can(Perm.REFERRAL_MANAGE):
        late_since = timezone.now() - timedelta(days=REFERRAL_LATE_DAYS)
        row = (
            Referral.objects.visible_to(user)
            .sent_by(sid)
            .filter(status=ReferralStatus.SENT)
            .aggregate(
                n=Count("pk"),
                late=Count("pk", filter=Q(sent_at__lt=late_since)),
                oldest=Min("sent_at"),
            )
        )
        items.append(
            Pending(
                "Orientations envoyées sans réponse du partenaire",
                row["n"],
                reverse("referrals:dashboard") + "?vue=structure",
                "Voir les orientations",
                late=row["late"],
                late_label=f"depuis plus de {REFERRAL_LATE_DAYS} jours",
                oldest=_day(row["oldest"]),
            )
        )
    if membership.can(Perm.DATA_EXPORT):
        row = (
            AccessRequest.objects.visible_to(user)
            .open()
            .aggregate(
                n=Count("pk"),
                late=Count("pk", filter=Q(due_on__lt=today)),
                oldest=Min("due_on"),
            )
        )
        items.append(
            Pending(
                "Demandes d'accès aux données à traiter",
                row["n"],
                reverse("dataexport:open"),
                "Voir les demandes",
                late=row["late"],
                late_label="hors délai légal",
            )
        )
    return items


def build_dashboard(membership, user, *, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    board = Dashboard(today=today, pending=_pending(membership, user, today))
    if membership.can(Perm.WORKLOAD_TEAM):
        board.team = team_workload(membership.structure_id, today=today)
        board.team_figures = FIGURES
    if membership.can(Perm.ACTIVITY_REPORT):
        board.month = Month.of(today)
        report = build_report(membership.structure, board.month, only=MONTH_SECTIONS)
        figures = {figure.key: figure for _section, figure in report.rows()}
        board.month_rows = [
            (
                figures[key].label,
                display(figures[key], figures[key].month),
                display(figures[key], figures[key].year),
                figures[key].definition,
            )
            for key in MONTH_FIGURES
            if key in figures
        ]
    return board
