"""The exit category, computed from the facts of the person's situation at the exit.

Pure functions: no database. The funders' categories (IAE sorties dynamiques, PLIE, FSE+)
are not decided here: they are data (`ExitMapping`, loaded from data/exit_nomenclatures.json)
keyed on the category computed below.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from tremplin.pathways.enums import (
    EMPLOYMENT_SITUATIONS,
    TRAINING_SITUATIONS,
    ExitCategory,
    ExitSituation,
)

# Code du travail, art. L3121-20: never more than 48 hours in a week.
MAX_WEEKLY_HOURS = Decimal(48)
# Every funder's threshold between a lasting and a transitional job.
LASTING_MONTHS = 6


@dataclass(frozen=True)
class ExitFacts:
    situation: str
    exit_on: date | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    employer: str = ""
    weekly_hours: Decimal | None = None
    training_title: str = ""


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lasts_six_months(start: date, end: date) -> bool:
    """A contract from 1 January to 30 June lasts six months."""
    return end + timedelta(days=1) >= add_months(start, LASTING_MONTHS)


def check_facts(facts: ExitFacts) -> None:
    """Raise a ValidationError naming each missing or inconsistent fact."""
    errors: dict[str, str] = {}
    if facts.situation not in ExitSituation.values:
        raise ValidationError({"situation": "Indiquez la situation de la personne à la sortie."})
    if facts.exit_on is None:
        errors["exit_on"] = "Indiquez la date de sortie."
    situation = ExitSituation(facts.situation)
    needs_end = {
        ExitSituation.CDD: "Indiquez la date de fin du CDD : elle indique s'il dure 6 mois ou plus.",
        ExitSituation.INTERIM: "Indiquez la date de fin de la mission.",
    }
    if situation in EMPLOYMENT_SITUATIONS:
        if not facts.employer.strip():
            errors["employer"] = "Indiquez l'employeur."
        if facts.contract_start is None:
            errors["contract_start"] = "Indiquez la date de début du contrat."
        if situation in needs_end and facts.contract_end is None:
            errors["contract_end"] = needs_end[situation]
    elif situation == ExitSituation.BUSINESS:
        if not facts.employer.strip():
            errors["employer"] = "Indiquez le nom de l'entreprise créée ou reprise."
        if facts.contract_start is None:
            errors["contract_start"] = "Indiquez la date de création ou de reprise."
    elif situation in TRAINING_SITUATIONS:
        if not facts.training_title.strip():
            errors["training_title"] = "Indiquez l'intitulé de la formation."
        if facts.contract_start is None:
            errors["contract_start"] = "Indiquez la date d'entrée en formation."
    if facts.contract_start and facts.contract_end and facts.contract_end < facts.contract_start:
        errors["contract_end"] = "La fin ne peut pas précéder le début."
    if facts.weekly_hours is not None and not (0 < facts.weekly_hours <= MAX_WEEKLY_HOURS):
        errors["weekly_hours"] = "La durée hebdomadaire doit être comprise entre 0 et 48 heures."
    if errors:
        raise ValidationError(errors)


_DIRECT = {
    ExitSituation.CDI: ExitCategory.CDI,
    ExitSituation.SUBSIDISED: ExitCategory.SUBSIDISED,
    ExitSituation.CIVIL_SERVICE: ExitCategory.CIVIL_SERVICE,
    ExitSituation.BUSINESS: ExitCategory.BUSINESS,
    ExitSituation.QUALIFYING_TRAINING: ExitCategory.QUALIFYING_TRAINING,
    ExitSituation.PREQUALIFYING_TRAINING: ExitCategory.PREQUALIFYING_TRAINING,
    ExitSituation.SIAE_HIRE: ExitCategory.SIAE_HIRE,
    ExitSituation.JOB_SEEKING: ExitCategory.JOB_SEEKING,
    ExitSituation.MOVE: ExitCategory.MOVE,
    ExitSituation.HEALTH: ExitCategory.HEALTH,
    ExitSituation.DROPOUT: ExitCategory.DROPOUT,
    ExitSituation.REORIENTED: ExitCategory.REORIENTED,
    ExitSituation.OTHER: ExitCategory.OTHER,
}


def compute_exit_category(facts: ExitFacts) -> ExitCategory:
    """The exit category the facts establish. Raises ValidationError if facts are missing."""
    check_facts(facts)
    situation = ExitSituation(facts.situation)
    if situation == ExitSituation.CDD:
        if lasts_six_months(facts.contract_start, facts.contract_end):
            return ExitCategory.CDD_6_MONTHS_OR_MORE
        return ExitCategory.CDD_UNDER_6_MONTHS
    if situation == ExitSituation.INTERIM:
        if lasts_six_months(facts.contract_start, facts.contract_end):
            return ExitCategory.INTERIM_6_MONTHS_OR_MORE
        return ExitCategory.INTERIM
    return _DIRECT[situation]


def funder_labels(counts: dict[str, int], nomenclature_id, mappings) -> list[tuple[str, int]]:
    """Exit counts by computed category, regrouped in a funder's nomenclature: each label
    (with its code) and its count, largest first. `mappings` is keyed on (nomenclature id,
    category), as loaded from `ExitMapping`; a category the nomenclature does not map is left
    out."""
    labels: dict[str, int] = {}
    for category, n in counts.items():
        mapping = mappings.get((nomenclature_id, category))
        if mapping is not None:
            key = mapping.label + (f" ({mapping.code})" if mapping.code else "")
            labels[key] = labels.get(key, 0) + n
    return sorted(labels.items(), key=lambda item: -item[1])
