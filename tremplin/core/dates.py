"""Dates written the French way, in pure Python (the offer checker and the aid measures,
which run without Django, use them too)."""

MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()


def month_year(day) -> str:
    """« novembre 2026 »."""
    return f"{MONTHS[day.month - 1]} {day.year}"


WEEKDAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()


def long_date(day, *, year: bool = True, weekday: bool = False) -> str:
    """« 1er décembre 2029 », « 24 novembre », « mardi 1er décembre 2026 »: the first of
    the month is « 1er », as French writes it (Django's « j F » gives « 1 décembre »)."""
    text = f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]}"
    if year:
        text = f"{text} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text
