"""API of the monthly activity report and of the FSE+ indicators: the same figures as the
screens, for the manager (aggregates only)."""

from datetime import date

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from tremplin.api.common import require
from tremplin.core.permissions import Perm
from tremplin.reporting.activity import Month, MonthError, build_report
from tremplin.reporting.fse import Period, PeriodError, build_fse_report

router = Router(tags=["Rapport d'activité"])


class FigureOut(Schema):
    key: str
    label: str
    month: int | float | None = Field(..., description="Valeur du mois (taux en %, heures)")
    year_to_date: int | float | None = Field(
        ..., description="Cumul du 1er janvier à la fin du mois"
    )
    kind: str = Field(..., description="count, stock, rate ou hours")
    definition: str = Field(..., description="Comment ce chiffre est calculé")


class SectionOut(Schema):
    key: str
    title: str
    figures: list[FigureOut]


class ReportOut(Schema):
    structure_id: int
    structure: str
    month: str = Field(..., description="AAAA-MM")
    computed_at: str
    sections: list[SectionOut]


class MonthIn(Schema):
    month: str = Field(..., description="Le mois, au format AAAA-MM", examples=["2026-10"])


@router.get(
    "/reports/activity",
    response=ReportOut,
    summary="Rapport d'activité mensuel de la structure (mois et cumul depuis janvier)",
)
def activity_report(request, filters: Query[MonthIn]):
    require(request, Perm.ACTIVITY_REPORT)
    try:
        month = Month.parse(filters.month)
    except MonthError as error:
        raise HttpError(422, f"month : {error}") from None
    membership = request.user.active_membership
    report = build_report(membership.structure, month)
    return ReportOut(
        structure_id=report.structure_id,
        structure=report.structure_name,
        month=month.key,
        computed_at=report.computed_at.isoformat(),
        sections=[
            SectionOut(
                key=section.key,
                title=section.title,
                figures=[
                    FigureOut(
                        key=f.key,
                        label=f.label,
                        month=f.month,
                        year_to_date=f.year,
                        kind=f.kind,
                        definition=f.definition,
                    )
                    for f in section.figures
                ],
            )
            for section in report.sections
        ],
    )


# --- the FSE+ indicators ----------------------------------------------------------------------


class FseRowOut(Schema):
    key: str
    code: str = Field(..., description="Code de la Commission (EECO…, EECR…), vide sinon")
    label: str
    yes: int | float | None = Field(..., description="Effectif « oui » (taux en % si rate)")
    women: int | None
    men: int | None
    unknown: int | None = Field(..., description="Effectif « non renseigné »")
    not_applicable: int | None = Field(..., description="Effectif « non concerné »")
    kind: str = Field(..., description="count ou rate")
    definition: str


class FseBlockOut(Schema):
    key: str
    title: str
    rows: list[FseRowOut]


class FseReportOut(Schema):
    structure_id: int
    structure: str
    start: date
    end: date
    computed_at: str
    blocks: list[FseBlockOut]


class FsePeriodIn(Schema):
    year: int | None = Field(None, description="Année de programmation", examples=[2026])
    start: date | None = Field(None, description="Début d'une période libre (AAAA-MM-JJ)")
    end: date | None = Field(None, description="Fin d'une période libre (AAAA-MM-JJ)")


@router.get(
    "/reports/fse",
    response=FseReportOut,
    summary="Indicateurs FSE+ de la structure (entrée, sortie, six mois) — totaux seulement",
)
def fse_report(request, filters: Query[FsePeriodIn]):
    require(request, Perm.FSE_INDICATORS)
    try:
        if filters.start or filters.end:
            if not (filters.start and filters.end):
                raise PeriodError("indiquez start et end.")
            period = Period.custom(filters.start, filters.end)
        else:
            period = Period.programme_year(filters.year or timezone.localdate().year)
    except PeriodError as error:
        raise HttpError(422, f"période : {error}") from None
    membership = request.user.active_membership
    report = build_fse_report(membership.structure, period)
    return FseReportOut(
        structure_id=report.structure_id,
        structure=report.structure_name,
        start=period.start,
        end=period.end,
        computed_at=report.computed_at.isoformat(),
        blocks=[
            FseBlockOut(
                key=block.key,
                title=block.title,
                rows=[
                    FseRowOut(
                        key=row.key,
                        code=row.code,
                        label=row.label,
                        yes=row.yes,
                        women=row.women,
                        men=row.men,
                        unknown=row.unknown,
                        not_applicable=row.not_applicable,
                        kind=row.kind,
                        definition=row.definition,
                    )
                    for row in block.rows
                ],
            )
            for block in report.blocks
        ],
    )
