"""The manager's dashboard (tableau de bord): what waits for a decision in the structure, the
team's load this week, and the month so far against the year.

Every block is shown only to a member whose role grants the permission behind it, and
counts only what that member may see. A fixed number of queries, whatever the structure's
size: counts and oldest dates are aggregates, the month's figures come from the activity
report's own sections (the same definitions as the monthly report).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from tremplin.core.permissions import Perm
from tremplin.dataexport.models import AccessRequest
from tremplin.diagnosis.models import Alert
from tremplin.employers.models import PublicationConfirmation, PublicationRequest
from tremplin.network.models import Referral, ReferralStatus
from tremplin.people.models import ExceptionalAccess, Follow, Person
from tremplin.practice.models import Incident, IncidentStatus
from tremplin.practice.workload import FIGURES, team_workload
from tremplin.reception.models import Order
from tremplin.reporting.activity import Month, build_report, display

# Past these ages, an item waiting for an answer is shown as late.
ORDER_LATE_DAYS = 7
REFERENT_LATE_DAYS = 7
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
MONTH_CACHE_SECONDS = 300


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


def _waiting(queryset, *, since: str, late: Q | None = None) -> dict:
    """One aggregate: how many, how many late, and the oldest date of `since`."""
    return queryset.aggregate(
        n=Count("pk"),
        late=Count("pk", filter=late) if late is not None else Count("pk", filter=Q(pk=None)),
        oldest=Min(since),
    )


def _pending(membership, user, today) -> list[Pending]:
    """Each kind of waiting thing the member's role may act on: (permission, title, link
    text, URL, the waiting rows, their date field, what makes one late, how to say it)."""
    sid = membership.structure_id
    kinds = [
        (
            Perm.ALERTS_VIEW,
            "Alertes d'urgence à traiter",
            "Voir les alertes",
            reverse("diagnosis:alerts"),
            lambda: Alert.objects.filter(structure_id=sid, resolved_at__isnull=True),
            "raised_at",
            None,
            "",
        ),
        (
            Perm.INCIDENT_MANAGE,
            "Incidents non clos",
            "Voir les incidents",
            reverse("practice:incidents"),
            lambda: Incident.objects.visible_to(user).open(),
            "occurred_at",
            Q(status=IncidentStatus.OPEN),
            "encore à traiter",
        ),
        (
            Perm.ORDER_MANAGE,
            "Commandes des prescripteurs sans réponse",
            "Répondre aux commandes",
            reverse("reception:orders"),
            lambda: Order.objects.visible_to(user).waiting(),
            "received_on",
            Q(received_on__lt=today - timedelta(days=ORDER_LATE_DAYS)),
            f"depuis plus de {ORDER_LATE_DAYS} jours",
        ),
        (
            Perm.FOLLOW_MANAGE,
            "Dossiers sans référent·e",
            "Attribuer les référent·es",
            reverse("people:caseload") + "?perimetre=structure&sans_referent=1",
            # Reception opens files « référent·e à attribuer »: someone must take them up, as
            # must those whose référent·e's access was deactivated.
            lambda: Follow.objects.filter(
                structure_id=sid,
                ended_on__isnull=True,
                person__in=Person.objects.visible_to(user),
            ).without_active_referent(),
            "started_on",
            Q(started_on__lt=today - timedelta(days=REFERENT_LATE_DAYS)),
            f"depuis plus de {REFERENT_LATE_DAYS} jours",
        ),
        (
            Perm.REFERRAL_MANAGE,
            "Orientations envoyées sans réponse du partenaire",
            "Voir les orientations",
            reverse("referrals:dashboard") + "?vue=structure",
            # Those expired without an answer are the very ones to act on (relance or
            # another partner): they stay counted, as the late ones.
            lambda: (
                Referral.objects.visible_to(user)
                .sent_by(sid)
                .filter(status__in=(ReferralStatus.SENT, ReferralStatus.EXPIRED))
            ),
            "sent_at",
            Q(status=ReferralStatus.EXPIRED) | Q(expires_at__lte=timezone.now()),
            "hors délai",
        ),
        (
            Perm.EXCEPTIONAL_ACCESS_REVIEW,
            "Accès exceptionnels aux dossiers, à regarder",
            "Voir les accès",
            reverse("people:exceptional-accesses") + "?a-voir=1",
            lambda: ExceptionalAccess.objects.filter(structure_id=sid).awaiting_review(),
            "granted_at",
            None,
            "",
        ),
        (
            Perm.OFFER_REVIEW,
            "Offres publiées malgré des constats, à relire",
            "Relire les offres",
            reverse("employers:offers") + "?relecture=1",
            # Four eyes: one's own confirmations wait for someone else.
            lambda: PublicationConfirmation.objects.visible_to(user).reviewable_by(user),
            "confirmed_at",
            None,
            "",
        ),
        (
            Perm.OFFER_REVIEW,
            "Offres soumises à votre décision (points bloquants)",
            "Décider des offres",
            reverse("employers:offers") + "?decision=1",
            # Held by findings plainly unlawful: only the manager may publish them.
            lambda: PublicationRequest.objects.visible_to(user).pending(),
            "requested_at",
            None,
            "",
        ),
        (
            Perm.DATA_EXPORT,
            "Demandes d'accès aux données à traiter",
            "Voir les demandes",
            reverse("dataexport:open"),
            lambda: AccessRequest.objects.visible_to(user).open(),
            "received_on",
            Q(due_on__lt=today),
            "hors délai légal",
        ),
    ]
    items = []
    for perm, title, link, url, rows, since, late, late_label in kinds:
        if not membership.can(perm):
            continue
        row = _waiting(rows(), since=since, late=late)
        oldest = row["oldest"]
        if isinstance(oldest, datetime):
            oldest = timezone.localdate(oldest)
        items.append(
            Pending(
                title, row["n"], url, link, late=row["late"], late_label=late_label, oldest=oldest
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
        # Counts only (no one's data); the year-to-date scans cost a few hundred milliseconds
        # in a large structure, so the landing page reuses them for a few minutes.
        board.month_rows = cache.get_or_set(
            f"dashboard-month:{membership.structure_id}:{today.isoformat()}",
            lambda: _month_rows(membership.structure, board.month),
            MONTH_CACHE_SECONDS,
        )
    return board


def _month_rows(structure, month: Month) -> list[tuple[str, str, str, str]]:
    report = build_report(structure, month, only=MONTH_SECTIONS)
    figures = {figure.key: figure for _section, figure in report.rows()}
    return [
        (
            figures[key].label,
            display(figures[key], figures[key].month),
            display(figures[key], figures[key].year),
            figures[key].definition,
        )
        for key in MONTH_FIGURES
        if key in figures
    ]
