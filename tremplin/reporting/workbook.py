"""The reports as Excel workbooks (.xlsx): numbers stay numbers, dates stay dates, so that a
manager can sum, filter and chart them without converting text first.

A text cell is always written as text: a structure's name or a label that starts with « = »
must never become a formula in the manager's spreadsheet.
"""

import io
from datetime import date

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tremplin.reporting.activity import Figure, Report
from tremplin.reporting.fse import FseReport, participant_table
from tremplin.reporting.suppression import NOTE, mark

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MUTED = Font(italic=True, color="595959")
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
WRAP = Alignment(wrap_text=True, vertical="top")
FORMATS = {"count": "#,##0", "stock": "#,##0", "hours": "0.0", "rate": "0.0%"}
DATE_FORMAT = "DD/MM/YYYY"


class Sheet:
    """One worksheet written row after row."""

    def __init__(self, worksheet, widths: list[int]):
        self.ws = worksheet
        self.row = 0
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def write(self, values: list, *, font=None, fill=None, formats=None) -> int:
        self.row += 1
        for column, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=column)
            if value is None or value == "":
                continue
            cell.value = value
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # never a formula
                if len(value) > 60:
                    cell.alignment = WRAP
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif formats and formats.get(column):
                cell.number_format = formats[column]
            if font:
                cell.font = font
            if fill:
                cell.fill = fill
        return self.row

    def header(self, values: list[str]) -> None:
        self.write(values, font=BOLD, fill=HEADER_FILL)

    def skip(self) -> None:
        self.row += 1


def _bytes(workbook: Workbook) -> bytes:
    workbook.properties.creator = "Tremplin"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _figure_value(figure: Figure, value, masked: bool):
    """The cell's value: a number, « < 5 » or « s » when hidden, nothing when undefined."""
    if value is None:
        return None
    if masked and figure.kind not in ("rate", "hours"):
        return mark(value)
    if figure.kind == "rate":
        return round(value / 100, 4)
    return value


def report_xlsx(report: Report, *, mask: bool = False) -> bytes:
    """The monthly activity report: one row per figure, grouped by section, with how each
    figure is computed beside it; `mask` hides the small counts as the funders' PDF does."""
    workbook = Workbook()
    sheet = Sheet(workbook.active, [46, 16, 20, 90])
    sheet.ws.title = "Rapport d'activité"
    month = report.month
    sheet.write([f"Rapport d'activité — {report.structure_name}"], font=TITLE)
    sheet.write(
        [
            f"{month.label.capitalize()} et cumul depuis le 1er janvier {month.year}. "
            f"Calculé le {timezone.localtime(report.computed_at):%d/%m/%Y à %H:%M}, "
            "mois civils à l'heure de Paris."
        ],
        font=MUTED,
    )
    if mask:
        sheet.write([NOTE], font=MUTED)
    sheet.skip()
    sheet.header(["Indicateur", month.label.capitalize(), f"Cumul {month.year}", "Mode de calcul"])
    sheet.ws.freeze_panes = sheet.ws.cell(row=sheet.row + 1, column=2)
    hidden = report.hidden_cells() if mask else set()
    for section in report.sections:
        sheet.write([section.title], font=BOLD)
        for figure in section.figures:
            number_format = FORMATS.get(figure.kind, "#,##0")
            sheet.write(
                [
                    ("    " if figure.indent else "") + figure.label,
                    _figure_value(figure, figure.month, (id(figure), "month") in hidden),
                    _figure_value(figure, figure.year, (id(figure), "year") in hidden),
                    figure.definition,
                ],
                formats={2: number_format, 3: number_format},
            )
    return _bytes(workbook)


def fse_xlsx(report: FseReport) -> bytes:
    """The FSE+ indicators: the tables as on the screen (sheet « Indicateurs », counts not
    masked: the same file holds the participants) and the pseudonymised file of
    participants (sheet « Participants »), dates as dates."""
    workbook = Workbook()
    sheet = Sheet(workbook.active, [64, 10, 12, 14, 14, 16, 16])
    sheet.ws.title = "Indicateurs"
    sheet.write([f"Indicateurs FSE+ — {report.structure_name}"], font=TITLE)
    sheet.write(
        [
            f"Participant·es, {report.period.label}. Calculés le "
            f"{timezone.localtime(report.computed_at):%d/%m/%Y à %H:%M} à partir des dossiers ; "
            "ce que le dossier ne sait pas est compté « non renseigné »."
        ],
        font=MUTED,
    )
    for block in report.blocks:
        sheet.skip()
        sheet.write([block.title], font=BOLD)
        sheet.header(
            [
                "Indicateur",
                "Code",
                "Oui",
                "dont femmes",
                "dont hommes",
                "Non renseigné",
                "Non concerné",
            ]
        )
        for row in block.rows:
            rate = row.kind == "rate"
            sheet.write(
                [
                    ("    " if row.indent else "") + row.label,
                    row.code or None,
                    round(row.yes / 100, 4) if rate and row.yes is not None else row.yes,
                    row.women,
                    row.men,
                    row.unknown,
                    row.not_applicable,
                ],
                formats={
                    3: "0.0%" if rate else "#,##0",
                    4: "#,##0",
                    5: "#,##0",
                    6: "#,##0",
                    7: "#,##0",
                },
            )

    participants = participant_table(report)
    people = Sheet(workbook.create_sheet("Participants"), [14, 8, 12] + [18] * 40)
    people.write([f"Fichier par participant·e, pseudonymisé — {report.period.label}"], font=BOLD)
    people.header(participants[0])
    header_row = people.row
    people.ws.freeze_panes = people.ws.cell(row=header_row + 1, column=2)
    for values in participants[1:]:
        people.write(values)
    # The filter's first row is the header: its drop-downs, every participant under them.
    people.ws.auto_filter.ref = (
        f"A{header_row}:{get_column_letter(len(participants[0]))}{people.row}"
    )
    return _bytes(workbook)
