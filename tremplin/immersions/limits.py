"""The legal limits of a PMSMP convention, as one pure function (see
docs/decisions/0004-immersion-limits.md for the articles and the choices made).

`check_limits` takes plain values (dates, the hours of each weekday, the periods of the
person's other immersions) and returns the French error of each field that breaks a rule;
an empty dict means the convention is within the limits.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# Code du travail, D5135-3: one month at most per convention, counted in calendar months:
# from the 1st to the 31st of January, from 15 January to 14 February (the day before the
# same day of the next month; when that day does not exist, up to the end of that month).
MAX_MONTHS = 1
# D5135-3: renewable once, for the same objective, up to two months in all.
MAX_MONTHS_WITH_RENEWAL = 2
# L3121-18: 10 hours of work a day at most.
MAX_DAILY_HOURS = Decimal(10)
# L3121-20: 48 hours in a week at most.
MAX_WEEKLY_HOURS = Decimal(48)
# L3132-1: no more than six days of work a week (weekly rest).
MAX_DAYS_A_WEEK = 6
# L3162-1: a person under 18 works 8 hours a day and 35 hours a week at most.
MINOR_DAILY_HOURS = Decimal(8)
MINOR_WEEKLY_HOURS = Decimal(35)

WEEKDAY_FIELDS = [
    "hours_mon",
    "hours_tue",
    "hours_wed",
    "hours_thu",
    "hours_fri",
    "hours_sat",
    "hours_sun",
]


@dataclass(frozen=True)
class Period:
    """Another immersion of the same person, as the rules need to see it."""

    starts_on: date
    ends_on: date
    objective: str = ""
    is_renewal: bool = False
    # It already has a renewal (not cancelled or refused).
    is_renewed: bool = False


ENDS_BEFORE_START = "La date de fin doit être le jour du début ou un jour suivant."


def calendar_days(starts_on: date, ends_on: date) -> int:
    return (ends_on - starts_on).days + 1


def last_allowed_day(starts_on: date, months: int) -> date:
    """The last day of a period of `months` calendar months starting on `starts_on`: the
    day before the same day `months` months later (1 January -> 31 January, 15 January ->
    14 February); when that day does not exist (31 January + 1 month), the end of that
    month."""
    month_index = starts_on.month - 1 + months
    year, month = starts_on.year + month_index // 12, month_index % 12 + 1
    try:
        same_day = starts_on.replace(year=year, month=month)
    except ValueError:  # 29-31 of a shorter month: the period runs to its end
        following = month_index + 1
        return date(starts_on.year + following // 12, following % 12 + 1, 1) - timedelta(days=1)
    return same_day - timedelta(days=1)


def _fr(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",") + " h"


def check_limits(
    *,
    starts_on: date | None,
    ends_on: date | None,
    daily_hours: list[Decimal],
    objective: str = "",
    collective_weekly_hours: Decimal | None = None,
    renews: Period | None = None,
    others: list[Period] = (),
    today: date | None = None,
    is_minor: bool = False,
) -> dict[str, list[str]]:
    """The errors of a convention, by field. `today` is given when the convention is
    submitted for signature (its start may not be in the past then)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    hours = [Decimal(h or 0) for h in daily_hours]
    if len(hours) != 7:
        raise ValueError("seven weekdays expected")
    for field, value in zip(WEEKDAY_FIELDS, hours, strict=True):
        if value < 0:
            add(field, "Le nombre d'heures ne peut pas être négatif.")
        elif is_minor and value > MINOR_DAILY_HOURS:
            add(
                field,
                f"{_hours(value)} dans la journée : une personne de moins de 18 ans ne peut pas "
                "dépasser 8 heures par jour (code du travail, L3162-1).",
            )
        elif value > MAX_DAILY_HOURS:
            add(
                field,
                f"{_hours(value)} dans la journée : la durée quotidienne ne peut pas dépasser "
                "10 heures (code du travail, L3121-18).",
            )
    week = sum(hours, Decimal(0))
    worked_days = sum(1 for h in hours if h > 0)
    if week <= 0:
        add("schedule", "Indiquez les heures de présence d'au moins un jour de la semaine.")
    elif is_minor and week > MINOR_WEEKLY_HOURS:
        add(
            "schedule",
            f"{_hours(week)} par semaine : une personne de moins de 18 ans ne peut pas dépasser "
            "35 heures par semaine (code du travail, L3162-1).",
        )
    elif week > MAX_WEEKLY_HOURS:
        add(
            "schedule",
            f"{_hours(week)} par semaine : la durée hebdomadaire ne peut pas dépasser 48 heures "
            "(code du travail, L3121-20).",
        )
    elif collective_weekly_hours is not None and week > collective_weekly_hours:
        add(
            "schedule",
            f"{_hours(week)} par semaine : c'est plus que l'horaire collectif de la structure "
            f"d'accueil ({_hours(collective_weekly_hours)}), que la personne en immersion suit.",
        )
    if worked_days > MAX_DAYS_A_WEEK:
        add(
            "schedule",
            "Prévoyez au moins un jour de repos par semaine (code du travail, L3132-1).",
        )

    if starts_on is None or ends_on is None:
        return errors
    if ends_on < starts_on:
        add("ends_on", ENDS_BEFORE_START)
        return errors
    days = calendar_days(starts_on, ends_on)
    last_day = last_allowed_day(starts_on, MAX_MONTHS)
    if ends_on > last_day:
        add(
            "ends_on",
            f"{days} jours calendaires : une immersion dure un mois au plus (code du travail, "
            f"D5135-3) ; commencée le {_fr(starts_on)}, elle finit au plus tard le "
            f"{_fr(last_day)}. "
            + (
                "Le renouvellement aussi : raccourcissez-le."
                if renews is not None
                else "Au-delà, faites une convention de renouvellement."
            ),
        )
    if today is not None and starts_on < today:
        add("starts_on", "L'immersion ne peut pas commencer avant aujourd'hui.")
    if renews is not None:
        if renews.is_renewal or renews.is_renewed:
            add(
                "renews",
                "Cette immersion a déjà été renouvelée ou est elle-même un renouvellement : "
                "une immersion ne se renouvelle qu'une fois (code du travail, D5135-3).",
            )
        if objective and renews.objective and objective != renews.objective:
            add(
                "objective",
                "Un renouvellement poursuit le même objectif que la première immersion.",
            )
        if starts_on <= renews.ends_on:
            add(
                "starts_on",
                f"Le renouvellement commence après la première immersion (finie le "
                f"{_fr(renews.ends_on)}).",
            )
        total = calendar_days(renews.starts_on, renews.ends_on) + days
        allowed = calendar_days(
            renews.starts_on, last_allowed_day(renews.starts_on, MAX_MONTHS_WITH_RENEWAL)
        )
        if total > allowed:
            add(
                "ends_on",
                f"{total} jours avec la première immersion : renouvellement compris, une "
                f"immersion dure deux mois au plus, soit {allowed} jours à compter du "
                f"{_fr(renews.starts_on)} (code du travail, D5135-3).",
            )
    for other in others:
        if other.starts_on <= ends_on and starts_on <= other.ends_on:
            add(
                "starts_on",
                f"La personne a déjà une immersion du {_fr(other.starts_on)} au "
                f"{_fr(other.ends_on)} : les dates ne peuvent pas se chevaucher.",
            )
            break
    return errors
