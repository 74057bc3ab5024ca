"""API of the monthly activity report: the same figures as the screen, for the manager."""

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from tremplin.api.common import require
from tremplin.core.permissions import Perm
from tremplin.reporting.activity import Month, MonthError, build_report

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
