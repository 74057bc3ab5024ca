"""The report as a CSV file for spreadsheets and as a PDF document for the funders."""

import csv
import io

from django.utils import timezone

from tremplin.core.text import spreadsheet_text
from tremplin.documents.rendering import (
    Bullets,
    Document,
    Heading,
    Paragraph,
    Subheading,
    Table,
    letterhead_for,
)
from tremplin.reporting.activity import Report, display, plain
from tremplin.reporting.suppression import NOTE

CSV_HEADERS = ["Rubrique", "Indicateur", "Mois", "Cumul depuis janvier", "Mode de calcul"]


def report_csv(report: Report, *, mask: bool = False) -> bytes:
    """`;`-separated, UTF-8 with a BOM (Excel opens it with its accents): one row per figure."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["Rapport d'activité", spreadsheet_text(report.structure_name), report.month.label]
    )
    writer.writerow(CSV_HEADERS)
    hidden = report.hidden_cells() if mask else set()
    for section, figure in report.rows():
        writer.writerow(
            [
                section.title,
                figure.label,
                plain(figure, figure.month, mask=(id(figure), "month") in hidden),
                plain(figure, figure.year, mask=(id(figure), "year") in hidden),
                figure.definition,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_document(report: Report, structure, *, mask: bool = True) -> Document:
    """The funder-facing document: one table per section, then how each figure is computed."""
    month = report.month
    blocks = [
        Paragraph(
            f"Activité de {report.structure_name} en {month.label} et depuis le 1er janvier "
            f"{month.year} (cumul). Chiffres calculés le "
            f"{timezone.localtime(report.computed_at):%d/%m/%Y à %H:%M} à partir des saisies "
            "de la structure ; mois civils, heure de Paris."
        ),
    ]
    hidden = report.hidden_cells() if mask else set()
    if mask:
        blocks.append(Paragraph(NOTE, muted=True))
    for section in report.sections:
        blocks.append(Heading(section.title))
        blocks.append(
            Table(
                ["Indicateur", month.label.capitalize(), f"Cumul {month.year}"],
                [
                    [
                        figure.label,
                        display(figure, figure.month, mask=(id(figure), "month") in hidden),
                        display(figure, figure.year, mask=(id(figure), "year") in hidden),
                    ]
                    for figure in section.figures
                ],
            )
        )
    blocks.append(Heading("Comment ces chiffres sont calculés"))
    for section in report.sections:
        blocks.append(Subheading(section.title))
        blocks.append(Bullets([f"{f.label} : {f.definition}" for f in section.figures]))
    return Document(
        title="Rapport d'activité mensuel",
        subtitle=f"{report.structure_name} — {month.label}",
        letterhead=letterhead_for(structure),
        blocks=blocks,
        confidential=False,
    )
