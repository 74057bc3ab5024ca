"""The check-in schedule of an in-job follow-up, written as people say it.

A structure keeps its usual schedule (« 15 jours, 1 mois, 3 mois, 6 mois ») and each hire
may change it. A step is a number and a unit (jours, semaines, mois) counted from the first
day in the job; months are calendar months (the 31st of January plus one month is the last
day of February).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError

UNITS = {
    "jour": "days",
    "jours": "days",
    "j": "days",
    "semaine": "weeks",
    "semaines": "weeks",
    "sem": "weeks",
    "mois": "months",
    "m": "months",
}
_STEP = re.compile(r"^\s*(\d{1,3})\s*([a-z]+)\.?\s*$")
MAX_DAYS = 2 * 366  # a follow-up longer than two years is not an in-job follow-up
DEFAULT = "15 jours, 1 mois, 3 mois, 6 mois"
MAX_STEPS = 12  # « 12 semaines, 12 mois… »: at most about 150 characters once normalised
# A fixed-term contract is followed while it lasts: the steps falling in its last week or
# after its end give way to one last point a week before the end (time to prepare what comes
# next with the person and the employer).
END_STEP = "une semaine de la fin du contrat"
DAYS_BEFORE_END = 7


@dataclass(frozen=True, order=True)
class Step:
    days_hint: int  # for ordering only: the step's length in days, months counted as 30
    count: int
    unit: str  # days | weeks | months

    def due_on(self, start: date) -> date:
        if self.unit == "days":
            return start + timedelta(days=self.count)
        if self.unit == "weeks":
            return start + timedelta(weeks=self.count)
        month = start.month - 1 + self.count
        year, month = start.year + month // 12, month % 12 + 1
        return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))

    @property
    def label(self) -> str:
        word = {
            "days": ("jour", "jours"),
            "weeks": ("semaine", "semaines"),
            "months": ("mois", "mois"),
        }[self.unit][self.count > 1]
        return f"{self.count} {word}"


def _fold(text: str) -> str:
    return (
        text.lower()
        .replace("é", "e")
        .replace("è", "e")
        .replace("ê", "e")
        .replace("\u00a0", " ")
        .strip()
    )


def parse(text: str) -> list[Step]:
    """« 15 jours, 1 mois, 3 mois » → its steps, sorted, without repeats; a clear French
    error naming the part that is not understood."""
    steps: set[Step] = set()
    parts = [p for p in re.split(r"[,;/\n]|\bet\b|\bpuis\b", _fold(text)) if p.strip()]
    if not parts:
        raise ValidationError("Indiquez au moins un point de suivi, par exemple « 1 mois ».")
    for part in parts:
        match = _STEP.match(part)
        unit = UNITS.get(match.group(2)) if match else None
        if match is None or unit is None:
            raise ValidationError(
                f"« {part.strip()} » n'est pas compris : écrivez un nombre suivi de jours, "
                "semaines ou mois, par exemple « 15 jours, 1 mois, 3 mois, 6 mois »."
            )
        count = int(match.group(1))
        days = count * {"days": 1, "weeks": 7, "months": 30}[unit]
        if count == 0 or days > MAX_DAYS:
            raise ValidationError(
                f"« {part.strip()} » : un point de suivi se place entre le premier jour et "
                "deux ans après la prise de poste."
            )
        steps.add(Step(days, count, unit))
    if len(steps) > MAX_STEPS:
        raise ValidationError(
            f"{len(steps)} points de suivi, c'est trop : {MAX_STEPS} au plus "
            "(ajoutez un point ponctuel depuis le suivi si besoin)."
        )
    return sorted(steps)


def normalise(text: str) -> str:
    """The canonical way of writing a schedule (what is stored and shown)."""
    return ", ".join(step.label for step in parse(text))


def last_point_on(start: date, ends: date) -> date:
    """The day of the last check-in of a fixed-term contract: a week before its end."""
    return max(start, ends - timedelta(days=DAYS_BEFORE_END))


def plan(steps: list[Step], start: date, ends: date | None = None) -> list[tuple[str, date]]:
    """Each check-in's label and day. With a planned end, none falls after it: the steps
    due in the contract's last week or later are replaced by one point a week before the
    end (a CDI, with no end, keeps every step)."""
    planned = [(step.label, step.due_on(start)) for step in steps]
    if ends is None:
        return planned
    last = last_point_on(start, ends)
    kept = [(label, due) for label, due in planned if due < last]
    if len(kept) < len(planned):
        kept.append((END_STEP, last))
    return kept
