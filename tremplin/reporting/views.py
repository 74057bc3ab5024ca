"""The manager's dashboard, the monthly activity report and the FSE+ indicators of the
structure (screen, CSV, PDF)."""

from datetime import timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from tremplin.accounts.models import Membership
from tremplin.audit.models import log_list_export
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Role, Section, role_can, sections_for
from tremplin.documents.rendering import document_response
from tremplin.fse.participants import still_to_survey
from tremplin.pathways.enums import Framework
from tremplin.reporting.activity import Month, build_report, display
from tremplin.reporting.dashboard import build_dashboard
from tremplin.reporting.exports import report_csv, report_document
from tremplin.reporting.forms import FsePeriodForm, MonthForm, TeamHoursForm
from tremplin.reporting.fse import COLUMNS as FSE_COLUMNS
from tremplin.reporting.fse import Period, build_fse_report, participants_csv, table_rows
from tremplin.reporting.fse import report_document as fse_document
from tremplin.reporting.hours import hours_table_csv, team_hours
from tremplin.reporting.workbook import CONTENT_TYPE as XLSX
from tremplin.reporting.workbook import fse_xlsx, report_xlsx


def default_month() -> Month:
    """The last complete month: the one a report is usually made for."""
    return Month.of(timezone.localdate()).previous()


def _month(request) -> tuple[MonthForm, Month | None]:
    """The month asked in `?mois=`, else the last complete month; None if it is invalid."""
    if "mois" not in request.GET:
        month = default_month()
        return MonthForm(initial={"mois": month.key}), month
    form = MonthForm(request.GET)
    return form, form.cleaned_data["mois"] if form.is_valid() else None


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _checked(request, name: str, default: bool) -> bool:
    value = request.GET.get(name)
    return default if value is None else value in ("1", "on", "oui")


@require_safe
@permission_required(Perm.ACTIVITY_REPORT)
def dashboard(request):
    membership = request.user.active_membership
    board = build_dashboard(membership, request.user)
    return render(
        request,
        "reporting/dashboard.html",
        {"nav": "dashboard", "board": board, "structure": membership.structure},
    )


def _hours_team(request):
    """The form of the team hours page and its table, for the week asked (last week when
    none, or when the input is wrong: the form then says why)."""
    membership = request.user.active_membership
    # Only the members whose role may follow people (be a référent·e); a pending invitation
    # (no password chosen yet) follows no one.
    referent_roles = [r for r in Role if role_can(r, Perm.FOLLOW_MANAGE)]
    referents = [
        (m.user_id, m.user.full_name)
        for m in Membership.objects.active()
        .filter(structure_id=membership.structure_id, role__in=referent_roles)
        .exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    ]
    form = TeamHoursForm(
        request.GET or None,
        frameworks=[(f.value, f.label) for f in Framework if f != Framework.NONE],
        referents=referents,
    )
    chosen = form.cleaned_data if form.is_valid() else {}
    monday = chosen.get("semaine") or form.mondays[0]
    team = team_hours(
        request.user,
        framework=chosen.get("cadre") or "",
        referent_id=chosen.get("referent"),
        under_only=not chosen.get("tous"),
        # The week shown is the one before `today`.
        today=monday + timedelta(weeks=1),
    )
    return form, team


@require_safe
@permission_required(Perm.ACTIVITY_REPORT)
def hours(request):
    """A week's activity hours (last week by default) of the running pathways that have a
    weekly target."""
    membership = request.user.active_membership
    form, team = _hours_team(request)
    # The names are the pathway section's: a role that does not see it gets the counts only.
    show_names = Section.PATHWAY in sections_for(membership.role)
    return render(
        request,
        "reporting/hours.html",
        {
            "nav": "team_hours",
            "form": form,
            "team": team,
            "show_names": show_names,
            "is_last_week": team.week_start == form.mondays[0],
            "csv_query": request.GET.urlencode(),
        },
    )


HOURS_EXPORT_REASON = "Export CSV des heures d'activité de l'équipe"


@require_safe
@permission_required(Perm.ACTIVITY_REPORT)
def hours_csv(request):
    """The same table as a CSV, with the same filters and access rules."""
    membership = request.user.active_membership
    _form, team = _hours_team(request)
    show_names = Section.PATHWAY in sections_for(membership.role)
    content = hours_table_csv(team, show_names=show_names)
    if show_names:
        log_list_export(
            user=request.user,
            person_ids=[row.pathway.person_id for row in team.rows],
            section=Section.PATHWAY,
            reason=HOURS_EXPORT_REASON,
        )
    return _download(
        content, "text/csv; charset=utf-8", f"heures-activite-{team.week_start.isoformat()}.csv"
    )


@require_safe
@permission_required(Perm.ACTIVITY_REPORT)
def activity(request):
    membership = request.user.active_membership
    form, month = _month(request)
    report = build_report(membership.structure, month) if month else None
    return render(
        request,
        "reporting/activity.html",
        {
            "nav": "activity_report",
            "form": form,
            "month": month,
            "report": report,
            "tables": [
                (
                    section,
                    [(f, display(f, f.month), display(f, f.year)) for f in section.figures],
                )
                for section in (report.sections if report else [])
            ],
            "current_month": Month.of(timezone.localdate()),
        },
        status=200 if month else 400,
    )


@require_safe
@permission_required(Perm.ACTIVITY_REPORT)
def activity_table(request, fmt="csv"):
    membership = request.user.active_membership
    _form, month = _month(request)
    if month is None:
        return HttpResponse("Mois invalide.", status=400, content_type="text/plain; charset=utf-8")
    report = build_report(membership.structure, month)
    mask = _checked(request, "masquer", False)
    if fmt == "xlsx":
        return _download(report_xlsx(report, mask=mask), XLSX, f"rapport-activite-{month.key}.xlsx")
    return _download(
        report_csv(report, mask=mask),
        "text/csv; charset=utf-8",
        f"rapport-activite-{month.key}.csv",
    )


@require_safe
@permission_required(Perm.ACTIVITY_REPORT)
def activity_pdf(request):
    membership = request.user.active_membership
    _form, month = _month(request)
    if month is None:
        return HttpResponse("Mois invalide.", status=400, content_type="text/plain; charset=utf-8")
    report = build_report(membership.structure, month)
    document = report_document(
        report, membership.structure, mask=_checked(request, "masquer", True)
    )
    return document_response(document, fmt="pdf", filename=f"rapport-activite-{month.key}")


# --- the FSE+ indicators ----------------------------------------------------------------------


def _fse_period(request) -> tuple[FsePeriodForm, Period | None]:
    form = FsePeriodForm(request.GET or None)
    if not request.GET:
        form = FsePeriodForm({"annee": timezone.localdate().year})
    return form, form.cleaned_data["period"] if form.is_valid() else None


def _invalid_period():
    return HttpResponse("Période invalide.", status=400, content_type="text/plain; charset=utf-8")


@require_safe
@permission_required(Perm.FSE_INDICATORS)
def fse(request):
    membership = request.user.active_membership
    form, period = _fse_period(request)
    report = build_fse_report(membership.structure, period) if period else None
    return render(
        request,
        "reporting/fse.html",
        {
            "nav": "fse_indicators",
            "form": form,
            "period": period,
            "report": report,
            "query": request.GET.urlencode() if period else "",
            "columns": FSE_COLUMNS,
            "tables": [(block, table_rows(block, mask=False)) for block in report.blocks]
            if report
            else [],
            "to_survey": still_to_survey(membership.structure_id),
            "current_year": timezone.localdate().year,
        },
        status=200 if period else 400,
    )


@require_safe
@permission_required(Perm.FSE_INDICATORS)
def fse_file(request, fmt="csv"):
    membership = request.user.active_membership
    _form, period = _fse_period(request)
    if period is None:
        return _invalid_period()
    report = build_fse_report(membership.structure, period)
    if fmt == "xlsx":
        return _download(fse_xlsx(report), XLSX, f"indicateurs-fse-{period.key}.xlsx")
    return _download(
        participants_csv(report),
        "text/csv; charset=utf-8",
        f"indicateurs-fse-participants-{period.key}.csv",
    )


@require_safe
@permission_required(Perm.FSE_INDICATORS)
def fse_pdf(request):
    membership = request.user.active_membership
    _form, period = _fse_period(request)
    if period is None:
        return _invalid_period()
    report = build_fse_report(membership.structure, period)
    document = fse_document(report, membership.structure, mask=_checked(request, "masquer", True))
    return document_response(document, fmt="pdf", filename=f"indicateurs-fse-{period.key}")
