"""The structure's FSE+ indicators (« Indicateurs FSE+ »): the aggregated table, the CSV
per participant (pseudonymous) and the PDF of the table, small counts masked.

The values of each participant come from `fse.participants` (the pure rules applied to
the file); this module only counts them. The disability indicator is health data: it is
counted in the table, never written per participant.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from tremplin.core.text import spreadsheet_text
from tremplin.documents.rendering import (
    Bullets,
    Document,
    Heading,
    Paragraph,
    Table,
    letterhead_for,
)
from tremplin.fse import rules
from tremplin.fse.enums import Contract, SurveySituation
from tremplin.fse.participants import Participant, SurveyState, participants
from tremplin.pathways.enums import ExitSituation
from tremplin.people.enums import Sex
from tremplin.reporting.suppression import NOTE, hidden_cells, mark

Value = rules.Value


class PeriodError(ValueError):
    """A period that cannot be reported; the message is French, for the field."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    year: int | None = None

    @classmethod
    def programme_year(cls, year: int, *, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        if not (2021 <= year <= today.year):
            raise PeriodError(f"Choisissez une année de programmation entre 2021 et {today.year}.")
        return cls(date(year, 1, 1), min(date(year, 12, 31), today), year)

    @classmethod
    def custom(cls, start: date, end: date) -> "Period":
        if end < start:
            raise PeriodError("La fin de la période doit suivre son début.")
        if (end - start).days > 3 * 366:
            raise PeriodError("Choisissez une période de trois ans au plus.")
        return cls(start, end)

    @property
    def label(self) -> str:
        if self.year is not None:
            return f"année {self.year}"
        return f"du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"

    @property
    def key(self) -> str:
        if self.year is not None:
            return str(self.year)
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


@dataclass
class Row:
    key: str
    code: str
    label: str
    definition: str
    yes: int | float | None = 0
    women: int | None = None
    men: int | None = None
    unknown: int | None = None
    not_applicable: int | None = None
    kind: str = "count"  # count, or rate (a percentage)
    indent: bool = False


@dataclass
class Block:
    key: str
    title: str
    intro: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class FseReport:
    structure_id: int
    structure_name: str
    period: Period
    blocks: list[Block]
    participants: list[Participant]
    computed_at: datetime

    @property
    def is_empty(self) -> bool:
        return not self.participants


def _count_row(indicator: rules.Indicator, people: list[Participant], part: str) -> Row:
    values = [(p, getattr(p, part)[indicator.key]) for p in people]
    yes = [p for p, v in values if v == Value.YES]
    # Only the improvement of the situation is limited to some participants.
    applicable = indicator.key == "improved_6_months"
    return Row(
        key=indicator.key,
        code=indicator.code,
        label=indicator.label,
        definition=indicator.definition,
        yes=len(yes),
        women=sum(1 for p in yes if p.sex == Sex.FEMALE),
        men=sum(1 for p in yes if p.sex == Sex.MALE),
        unknown=sum(1 for _p, v in values if v == Value.UNKNOWN),
        not_applicable=sum(1 for _p, v in values if v == Value.NOT_APPLICABLE)
        if applicable
        else None,
    )


def _total_row(key, code, label, definition, people) -> Row:
    return Row(
        key=key,
        code=code,
        label=label,
        definition=definition,
        yes=len(people),
        women=sum(1 for p in people if p.sex == Sex.FEMALE),
        men=sum(1 for p in people if p.sex == Sex.MALE),
    )


def _simple(key, label, definition, value, *, kind="count", indent=True) -> Row:
    return Row(
        key=key, code="", label=label, definition=definition, yes=value, kind=kind, indent=indent
    )


def build_fse_report(structure, period: Period, *, today=None) -> FseReport:
    today = today or timezone.localdate()
    people = participants(structure.pk, period.start, period.end, today=today)
    entered = [p for p in people if "entry" in p.cohorts]
    left = [p for p in people if "exit" in p.cohorts]
    six = [p for p in people if "six_months" in p.cohorts]

    entry = Block(
        "entree",
        "Participant·es entré·es dans la période",
        "Indicateurs communs de réalisation : la situation le jour de l'entrée dans un "
        "parcours financé par le FSE+.",
    )
    entry.rows.append(
        _total_row(
            "participants",
            "EECO01",
            "Nombre total de participant·es",
            "Parcours financés par un financeur à nomenclature FSE+ dont la date de début est "
            "dans la période (une personne par parcours).",
            entered,
        )
    )
    entry.rows += [_count_row(i, entered, "entry") for i in rules.ENTRY_INDICATORS]

    exits = Block(
        "sortie",
        "Résultats immédiats : sorties dans la période",
        "Indicateurs communs de résultat immédiat : la situation au terme de la "
        "participation (dans les quatre semaines qui suivent la sortie).",
    )
    exits.rows.append(
        _total_row(
            "leavers",
            "",
            "Participant·es sorti·es",
            "Parcours FSE+ clos par une sortie datée dans la période.",
            left,
        )
    )
    exits.rows += [_count_row(i, left, "exit") for i in rules.EXIT_INDICATORS]

    later = Block(
        "six-mois",
        "Résultats à long terme : six mois après la sortie",
        "Les personnes dont la date « six mois après la sortie » est dans la période, et "
        "leur réponse à l'enquête à 6 mois.",
    )
    later.rows.append(
        _total_row(
            "six_month_cohort",
            "",
            "Participant·es six mois après leur sortie",
            "Parcours FSE+ dont la date « six mois après la sortie » tombe dans la période.",
            six,
        )
    )
    states = [p.survey_state for p in six]
    surveyed = sum(1 for s in states if s in SurveyState.SURVEYED)
    answered = states.count(SurveyState.ANSWERED)
    later.rows += [
        _simple(
            "surveyed",
            "Personnes enquêtées",
            "Enquête envoyée par e-mail ou SMS, ou réponse notée par téléphone.",
            surveyed,
        ),
        _simple("answered", "Réponses reçues", "Par le lien ou par téléphone.", answered),
        _simple(
            "response_rate",
            "Taux de réponse",
            "Réponses reçues sur personnes enquêtées.",
            round(100 * answered / surveyed, 1) if surveyed else None,
            kind="rate",
        ),
        _simple(
            "not_surveyed",
            "Non enquêtées : pas d'accord pour les enquêtes",
            "Personnes qui n'ont pas donné leur consentement « Enquêtes de suivi » : elles "
            "ne sont pas contactées.",
            states.count(SurveyState.NO_CONSENT),
        ),
        _simple(
            "no_channel",
            "Non enquêtées : ni e-mail ni portable",
            "Accord donné mais aucun moyen de leur écrire : à appeler.",
            states.count(SurveyState.NO_CHANNEL),
        ),
        _simple(
            "failed",
            "Non enquêtées : échec de l'envoi",
            "Le message n'a pu partir par aucun canal : à appeler.",
            states.count(SurveyState.FAILED),
        ),
        _simple(
            "not_yet",
            "Enquête à venir",
            "La période d'envoi n'est pas encore ouverte (elle s'ouvre deux semaines avant "
            "la date des six mois).",
            states.count(SurveyState.NOT_YET),
        ),
    ]
    later.rows += [_count_row(i, six, "six_months") for i in rules.SIX_MONTH_INDICATORS]
    return FseReport(
        structure.pk,
        structure.name,
        period,
        [entry, exits, later],
        people,
        timezone.now(),
    )


# --- display ------------------------------------------------------------------------------


def show(row: Row, value, *, mask: bool = False) -> str:
    """A value as written in French on the screen and in the PDF; `mask`: this count is one
    of the table's hidden cells (`hidden`)."""
    if value is None:
        return "—"
    if row.kind == "rate":
        return f"{value:.1f}".replace(".", ",") + "\u202f%"  # never cut from its number
    if mask:
        return mark(value)
    return f"{value:,}".replace(",", "\u202f")


COLUMNS = ["Indicateur", "Code", "Oui", "dont femmes", "dont hommes", "Non renseigné"]
FIELDS = ("yes", "women", "men", "unknown", "not_applicable")


def hidden(block: Block) -> set[tuple[int, str]]:
    """The cells `(id(row), field)` hidden when small counts are masked: the small ones, and
    what gives them away — within « Oui », women, men and the rest (sex not known, never
    shown but worked out by subtraction); and the rows indented under a total, column by
    column."""
    values, relations = {}, []
    total, parts = None, []
    for row in [*block.rows, None]:
        if row is None or not row.indent:
            if total is not None and parts:
                relations += [((id(total), f), [(id(p), f) for p in parts]) for f in FIELDS]
            total, parts = (row if row is not None and row.kind == "count" else None), []
        if row is None or row.kind != "count":
            continue
        if row.indent:
            parts.append(row)
        for f in FIELDS:
            values[(id(row), f)] = getattr(row, f)
        if all(isinstance(v, int) for v in (row.yes, row.women, row.men)):
            values[(id(row), "rest")] = row.yes - row.women - row.men
            relations.append(
                ((id(row), "yes"), [(id(row), "women"), (id(row), "men"), (id(row), "rest")])
            )
    return hidden_cells(values, relations)


def table_rows(block: Block, *, mask: bool) -> list[list[str]]:
    cells = hidden(block) if mask else set()
    rows = []
    for row in block.rows:

        def cell(f, row=row):
            return show(row, getattr(row, f), mask=(id(row), f) in cells)

        unknown = cell("unknown")
        if row.not_applicable is not None:
            unknown += f" (non concerné : {cell('not_applicable')})"
        rows.append(
            [
                ("— " if row.indent else "") + row.label,
                row.code or "",
                cell("yes"),
                cell("women"),
                cell("men"),
                unknown,
            ]
        )
    return rows


def report_document(report: FseReport, structure, *, mask: bool = True) -> Document:
    blocks = [
        Paragraph(
            f"Indicateurs communs du FSE+ (règlement (UE) 2021/1057, annexe I) des "
            f"participant·es de {report.structure_name}, {report.period.label}. Calculés le "
            f"{timezone.localtime(report.computed_at):%d/%m/%Y à %H:%M} à partir des "
            "dossiers ; ce que le dossier ne sait pas est compté « non renseigné », jamais "
            "deviné."
        ),
    ]
    if mask:
        blocks.append(Paragraph(NOTE, muted=True))
    for block in report.blocks:
        blocks.append(Heading(block.title))
        blocks.append(Paragraph(block.intro, muted=True))
        blocks.append(Table(COLUMNS, table_rows(block, mask=mask)))
    blocks.append(Heading("Comment ces chiffres sont calculés"))
    blocks.append(
        Bullets(
            [f"{row.label} : {row.definition}" for block in report.blocks for row in block.rows]
        )
    )
    return Document(
        title="Indicateurs FSE+",
        subtitle=f"{report.structure_name} — {report.period.label}",
        letterhead=letterhead_for(structure),
        blocks=blocks,
        confidential=False,
    )


# --- the file per participant ---------------------------------------------------------------

# Disability (health data) never leaves the structure per participant.
CSV_ENTRY = [i for i in rules.ENTRY_INDICATORS if not i.is_sensitive]


def _label(choices, value: str) -> str:
    return str(dict(choices.choices).get(value, "")) if value else ""


def participant_table(report: FseReport) -> list[list]:
    """The header, then one row per participant under a pseudonym; dates as dates."""
    rows = [
        [
            "Identifiant",
            "Sexe",
            "Entrée",
            *[f"{i.code} {i.label}".strip() for i in CSV_ENTRY],
            "Sortie",
            "Situation à la sortie",
            *[f"{i.code} {i.label}" for i in rules.EXIT_INDICATORS],
            "Date des six mois",
            "Enquête à 6 mois",
            "Situation à 6 mois",
            "Contrat à 6 mois",
            *[f"{i.code} {i.label}".strip() for i in rules.SIX_MONTH_INDICATORS],
        ]
    ]
    for p in sorted(report.participants, key=lambda p: (p.entry_on, p.pseudonym)):
        exit_ = p.exit or {}
        six = p.six_months or {}
        rows.append(
            [
                p.pseudonym,
                {"F": "F", "M": "H"}.get(p.sex, ""),
                p.entry_on,
                *[p.entry[i.key] for i in CSV_ENTRY],
                p.exit_on,
                _label(ExitSituation, p.exit_situation),
                *[exit_.get(i.key, "") for i in rules.EXIT_INDICATORS],
                p.six_month_on,
                p.survey_label,
                _label(SurveySituation, p.survey_answer),
                _label(Contract, p.survey_contract),
                *[six.get(i.key, "") for i in rules.SIX_MONTH_INDICATORS],
            ]
        )
    return rows


def participants_csv(report: FseReport) -> bytes:
    """`;`-separated, UTF-8 with a BOM: one row per participant, under a pseudonym."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["Indicateurs FSE+", spreadsheet_text(report.structure_name), report.period.label]
    )
    for row in participant_table(report):
        writer.writerow(
            [f"{v:%d/%m/%Y}" if isinstance(v, date) else ("" if v is None else v) for v in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
