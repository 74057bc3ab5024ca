"""The pay and hours check of a job offer: a pure module, no Django, no database.

`check_pay(...)` says whether an offer's pay, brought back to a gross hourly amount, is
below the SMIC in force on the offer's start date (Code du travail, art. L3231-2 and
following), and whether its weekly hours exceed the absolute maximum of 48 hours
(art. L3121-20). The SMIC is dated data, kept in `data/smic.json` beside the aid measures.

Pay is stored gross (brut). A monthly amount is converted on the basis of the offer's weekly
hours × 52 / 12 (35 h: 151,67 h a month), a yearly one divided by 12 first. The comparison
is exact (no rounding): an offer paid exactly the SMIC passes.

Apprentices and employees on a contrat de professionnalisation may lawfully be paid a
percentage of the SMIC (art. L6222-27, L6325-8): for those contracts a lower pay is a caution
to verify, not a finding that holds the publication.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

SMIC_FILE = Path(__file__).parent / "data" / "smic.json"

MAX_WEEKLY_HOURS = 48  # Code du travail, art. L3121-20: never more in a single week
# Past a 1 January the table does not know, a pay within 5 % of the last SMIC it knows is
# flagged for a check: yearly raises have stayed under that since 2012, save 2022–2023.
STALE_MARGIN = "1.05"

CT_L3231_2 = "Code du travail, art. L3231-2 et suivants"
CT_L3121_20 = "Code du travail, art. L3121-20"
CT_APPRENTICE = "Code du travail, art. L6222-27"
CT_PROFESSIONALISATION = "Code du travail, art. L6325-8"

# Contracts whose pay may lawfully be a percentage of the SMIC (codes of enums.ContractType).
PERCENTAGE_CONTRACTS = {
    "apprenticeship": ("contrat d'apprentissage", CT_APPRENTICE),
    "professionalisation": ("contrat de professionnalisation", CT_PROFESSIONALISATION),
}

# The pay findings plainly unlawful (a pay below the SMIC, outside the contracts paid a
# percentage of it): the employer liaison cannot publish them alone (see
# checker.BLOCKING_RULES). Hours above the maximum keep the liaison's confirmation.
BLOCKING_PAY_RULES: frozenset[str] = frozenset({"smic"})

NBSP = "\u00a0"

PERIODS = {"hour": "de l'heure", "month": "par mois", "year": "par an"}


@dataclass(frozen=True)
class SmicRate:
    valid_from: date
    hourly_gross: Decimal
    legal_reference: str


@dataclass(frozen=True)
class PayFinding:
    rule: str  # "smic", "smic_table" (the table may be out of date) or "weekly_hours"
    rule_label: str  # French
    figures: str  # French: the offer's figure against the legal one
    articles: tuple[str, ...]
    explanation: str
    suggestion: str
    is_caution: bool = False  # shown, but does not hold the publication

    @property
    def is_blocking(self) -> bool:
        return self.rule in BLOCKING_PAY_RULES and not self.is_caution


class SmicDataError(ValueError):
    """The SMIC file is malformed; the message says which line and field."""


@cache
def load_smic() -> tuple[SmicRate, ...]:
    """The SMIC rates of the data file, oldest first (read once)."""
    return parse_smic(json.loads(SMIC_FILE.read_text(encoding="utf-8")))


def parse_smic(data: Any) -> tuple[SmicRate, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("rates"), list) or not data["rates"]:
        raise SmicDataError("Le fichier du SMIC doit contenir une liste « rates » non vide.")
    rates = []
    for index, row in enumerate(data["rates"], start=1):
        try:
            rate = SmicRate(
                valid_from=date.fromisoformat(row["valid_from"]),
                hourly_gross=Decimal(row["hourly_gross"]),
                legal_reference=row["legal_reference"].strip(),
            )
        except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation) as error:
            raise SmicDataError(f"SMIC, ligne {index} : {error!r}.") from error
        if rate.hourly_gross <= 0 or not rate.legal_reference:
            raise SmicDataError(f"SMIC, ligne {index} : montant ou décret manquant.")
        rates.append(rate)
    rates.sort(key=lambda r: r.valid_from)
    if len({r.valid_from for r in rates}) != len(rates):
        raise SmicDataError("SMIC : deux lignes ont la même date d'effet.")
    return tuple(rates)


def smic_on(day: date, rates: tuple[SmicRate, ...] | None = None) -> SmicRate | None:
    """The SMIC in force on that day; None before the first rate of the table."""
    found = None
    for rate in rates if rates is not None else load_smic():
        if rate.valid_from <= day:
            found = rate
    return found


def hourly_gross(amount: Decimal, period: str, weekly_hours: Decimal | None) -> Fraction | None:
    """The gross amount per hour, exact; None when a monthly or yearly pay has no hours."""
    value = Fraction(amount)
    if period == "hour":
        return value
    if not weekly_hours or weekly_hours <= 0:
        return None
    monthly_hours = Fraction(weekly_hours) * 52 / 12
    if period == "month":
        return value / monthly_hours
    if period == "year":
        return value / 12 / monthly_hours
    raise ValueError(f"Période de salaire inconnue : {period!r}")


def euros(value: Fraction | Decimal, *, down: bool = False) -> str:
    """Fraction(5) -> « 5,00 € », 1801.8 -> « 1 801,80 € » (no-break spaces). `down`
    rounds to the cent below, so that a pay under the SMIC never shows as equal to it."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    cents = value.quantize(Decimal("0.01"), rounding=ROUND_FLOOR if down else ROUND_HALF_UP)
    whole, decimals = f"{cents:,.2f}".split(".")
    return whole.replace(",", NBSP) + f",{decimals}{NBSP}€"


def _hours(value: Decimal) -> str:
    text = format(Decimal(value).normalize(), "f")
    return f"{text.replace('.', ',')}\u00a0h"


def check_pay(
    *,
    pay_min: Decimal | None,
    pay_max: Decimal | None,
    period: str,
    weekly_hours: Decimal | None,
    contract: str,
    on: date,
    rates: tuple[SmicRate, ...] | None = None,
) -> list[PayFinding]:
    """The pay below the SMIC in force `on` that day, and weekly hours above 48.

    The lowest pay offered is compared (« 1 500 à 1 900 € » is judged on 1 500 €). No pay
    filled: no pay finding. No SMIC known on that date: no pay finding either."""
    findings: list[PayFinding] = []
    amount = pay_min if pay_min is not None else pay_max
    amount = Decimal(str(amount)) if amount is not None else None
    weekly_hours = Decimal(str(weekly_hours)) if weekly_hours is not None else None
    smic = smic_on(on, rates)
    hourly = hourly_gross(amount, period, weekly_hours) if amount is not None else None
    if hourly is not None and smic is not None and hourly < Fraction(smic.hourly_gross):
        figures = f"{euros(hourly, down=True)} brut de l'heure"
        if period != "hour":
            figures = (
                f"{euros(amount)} brut {PERIODS[period]} pour {_hours(weekly_hours)} par "
                f"semaine, soit {figures}"
            )
        figures += f", SMIC au {smic.valid_from:%d/%m/%Y} : {euros(smic.hourly_gross)}"
        percentage = PERCENTAGE_CONTRACTS.get(contract)
        if percentage:
            name, article = percentage
            findings.append(
                PayFinding(
                    rule="smic",
                    rule_label="Salaire inférieur au SMIC",
                    figures=figures,
                    articles=(article, CT_L3231_2),
                    explanation=(
                        f"Pour un {name}, le salaire peut être un pourcentage du SMIC, "
                        "selon l'âge et l'année du contrat, ou du salaire conventionnel : "
                        f"vérifiez que ce montant respecte ce minimum ({smic.legal_reference})."
                    ),
                    suggestion="Indiquer le pourcentage du SMIC appliqué, ou le salaire dû.",
                    is_caution=True,
                )
            )
        else:
            findings.append(
                PayFinding(
                    rule="smic",
                    rule_label="Salaire inférieur au SMIC",
                    figures=figures,
                    articles=(CT_L3231_2,),
                    explanation=(
                        "Aucun salarié ne peut être payé moins que le SMIC horaire en vigueur "
                        f"({smic.legal_reference}). Un salaire mensuel se compare sur la base "
                        "de la durée hebdomadaire × 52 / 12."
                    ),
                    suggestion=(
                        "Porter le salaire au moins au SMIC, ou corriger la période ou la "
                        "durée hebdomadaire si elles sont mal saisies."
                    ),
                )
            )
    stale = smic is not None and date(smic.valid_from.year + 1, 1, 1) <= on
    if (
        stale
        and hourly is not None
        and not findings
        and hourly < Fraction(smic.hourly_gross) * Fraction(STALE_MARGIN)
    ):
        # The SMIC is raised at least every 1 January (art. L3231-5): a pay this close to
        # the last amount known here may be below the one now in force.
        findings.append(
            PayFinding(
                rule="smic_table",
                rule_label="SMIC à vérifier",
                figures=(
                    f"{euros(hourly, down=True)} brut de l'heure ; dernier SMIC connu de "
                    f"Tremplin : {euros(smic.hourly_gross)} au {smic.valid_from:%d/%m/%Y}"
                ),
                articles=(CT_L3231_2,),
                explanation=(
                    "Le SMIC est revalorisé au moins chaque 1er janvier : le montant en "
                    "vigueur peut être plus élevé que le dernier que Tremplin connaît. "
                    "Vérifiez que ce salaire l'atteint (Légifrance, décret de revalorisation)."
                ),
                suggestion=(
                    "Vérifier le SMIC en vigueur ; l'administrateur technique ajoute son "
                    "montant à tremplin/employers/data/smic.json."
                ),
                is_caution=True,
            )
        )
    if weekly_hours is not None and weekly_hours > MAX_WEEKLY_HOURS:
        findings.append(
            PayFinding(
                rule="weekly_hours",
                rule_label="Durée du travail au-delà du maximum légal",
                figures=f"{_hours(weekly_hours)} par semaine, maximum : {MAX_WEEKLY_HOURS}\u00a0h",
                articles=(CT_L3121_20,),
                explanation=(
                    "La durée du travail ne peut dépasser 48 heures au cours d'une même "
                    "semaine, heures supplémentaires comprises."
                ),
                suggestion="Ramener la durée hebdomadaire à 48 heures au plus.",
            )
        )
    return findings
