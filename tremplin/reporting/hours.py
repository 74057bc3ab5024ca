"""The team's activity hours: every running pathway with a weekly target (contrat
d'engagement, CEJ, or a target adapted to the person), with last week's hours. The manager
sees at a glance who was under the target, for which référent, and opens the pathway."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from tremplin.core.text import spreadsheet_text
from tremplin.pathways.enums import HOURS_RULES, PathwayStatus
from tremplin.pathways.hours import Week, last_weeks, monday_of
from tremplin.pathways.models import Pathway


@dataclass
class HoursRow:
    pathway: Pathway
    week: Week


@dataclass
class TeamHours:
    week_start: date
    rows: list[HoursRow]
    counted: int  # pathways that ran all of last week with a target
    under: int  # of which under the target (not suspended)
    suspended: int

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)


def team_hours(
    user,
    *,
    framework: str = "",
    referent_id: int | None = None,
    under_only: bool = True,
    today: date | None = None,
) -> TeamHours:
    today = today or timezone.localdate()
    membership = user.active_membership
    pathways = (
        Pathway.objects.visible_to(user)
        .filter(structure_id=membership.structure_id, status=PathwayStatus.IN_PROGRESS)
        .filter(Q(framework__in=list(HOURS_RULES)) | Q(weekly_hours_target__isnull=False))
        .select_related("person", "referent")
    )
    if framework:
        pathways = pathways.filter(framework=framework)
    if referent_id:
        pathways = pathways.filter(referent_id=referent_id)
    pathways = list(pathways)
    weeks = last_weeks(pathways, today=today)
    rows = [HoursRow(p, weeks[p.pk]) for p in pathways if p.pk in weeks]
    under = sum(r.week.is_under_target for r in rows)
    suspended = sum(r.week.is_suspended for r in rows)
    counted = len(rows)
    if under_only:
        rows = [r for r in rows if r.week.is_under_target]
    # The furthest from the target first, then by name.
    rows.sort(
        key=lambda r: (
            -r.week.missing,
            r.pathway.person.last_name.lower(),
            r.pathway.person.first_name.lower(),
            r.pathway.pk,
        )
    )
    return TeamHours(
        week_start=monday_of(today) - timedelta(weeks=1),
        rows=rows,
        counted=counted,
        under=under,
        suspended=suspended,
    )


def _hours_text(value) -> str:
    """`12.5` → « 12,5 » (a French spreadsheet reads it as a number)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value is not None else ""
    return text.replace(".", ",")


def hours_table_csv(team: TeamHours, *, show_names: bool) -> bytes:
    """The week's table, `;`-separated, UTF-8 with a BOM: the totals, then (for a role that
    sees the pathways) one row per pathway, as on the page."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["Heures d'activité", f"du {team.week_start:%d/%m/%Y} au {team.week_end:%d/%m/%Y}"]
    )
    writer.writerow(["Parcours concernés", team.counted])
    writer.writerow(["Sous l'objectif", team.under])
    writer.writerow(["Suspendus une partie de la semaine", team.suspended])
    if show_names:
        writer.writerow([])
        writer.writerow(["Personne", "Cadre", "Référent·e", "Heures", "Objectif", "Manque", "État"])
        for row in team.rows:
            week, pathway = row.week, row.pathway
            if week.is_suspended:
                state = "Suspendu"
            elif week.is_under_target:
                state = "Sous l'objectif"
            else:
                state = "Atteint"
            writer.writerow(
                [
                    spreadsheet_text(
                        f"{pathway.person.last_name.upper()} {pathway.person.first_name}"
                    ),
                    pathway.get_framework_display(),
                    spreadsheet_text(pathway.referent.full_name if pathway.referent else ""),
                    _hours_text(week.hours),
                    _hours_text(week.target),
                    _hours_text(week.missing) if week.missing else "",
                    state,
                ]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
