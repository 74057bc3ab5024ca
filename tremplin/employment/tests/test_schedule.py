"""The check-in schedule, written as people say it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tremplin.employment import schedule


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("15 jours, 1 mois, 3 mois, 6 mois", ["15 jours", "1 mois", "3 mois", "6 mois"]),
        ("2 semaines; 1 mois et 3 mois", ["2 semaines", "1 mois", "3 mois"]),
        ("6 mois, 1 mois, 1 mois", ["1 mois", "6 mois"]),
        ("1 Semaine puis 2 MOIS", ["1 semaine", "2 mois"]),
        ("10j, 4 sem, 6m", ["10 jours", "4 semaines", "6 mois"]),
        ("1\u00a0mois", ["1 mois"]),
    ],
)
def test_a_schedule_is_read_as_people_write_it(text, labels):
    assert [s.label for s in schedule.parse(text)] == labels


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "au moins un point"),
        ("un mois", "n'est pas compris"),
        ("3 ans", "n'est pas compris"),
        ("0 jour", "entre le premier jour"),
        ("30 mois", "entre le premier jour"),
    ],
)
def test_a_schedule_not_understood_gets_a_french_error(text, message):
    with pytest.raises(ValidationError, match=message):
        schedule.parse(text)


def test_due_dates_count_calendar_months_from_the_first_day():
    start = date(2027, 1, 31)
    steps = {
        s.label: s.due_on(start) for s in schedule.parse("15 jours, 2 semaines, 1 mois, 13 mois")
    }
    assert steps == {
        "15 jours": date(2027, 2, 15),
        "2 semaines": date(2027, 2, 14),
        "1 mois": date(2027, 2, 28),  # no 31 February: the last day of the month
        "13 mois": date(2028, 2, 29),  # a leap year
    }
    assert schedule.normalise("6 mois, 15 jours") == "15 jours, 6 mois"
