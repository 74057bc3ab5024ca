"""The legal limits of a PMSMP, on concrete dates and hours (pure function)."""

from datetime import date
from decimal import Decimal

from tremplin.immersions.limits import Period, check_limits, last_allowed_day

WEEK_35 = [Decimal(7)] * 5 + [Decimal(0)] * 2


def check(**kwargs):
    values = {
        "starts_on": date(2027, 3, 1),
        "ends_on": date(2027, 3, 30),
        "daily_hours": WEEK_35,
    }
    values.update(kwargs)
    return check_limits(**values)


def test_one_calendar_month_is_allowed_one_day_more_is_not():
    # 1 to 31 January: one month (31 days), allowed.
    assert check(starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)) == {}
    assert check(starts_on=date(2027, 1, 15), ends_on=date(2027, 2, 14)) == {}
    errors = check(starts_on=date(2027, 1, 15), ends_on=date(2027, 2, 15))
    assert list(errors) == ["ends_on"]
    assert errors["ends_on"][0].startswith(
        "32 jours calendaires : une immersion dure un mois au plus (code du travail, D5135-3) ; "
        "commencée le 15/01/2027, elle finit au plus tard le 14/02/2027."
    )


def test_the_last_allowed_day_counts_calendar_months():
    assert last_allowed_day(date(2027, 1, 1), 1) == date(2027, 1, 31)
    assert last_allowed_day(date(2027, 1, 15), 1) == date(2027, 2, 14)
    assert last_allowed_day(date(2027, 12, 15), 1) == date(2028, 1, 14)
    # 31 January: no 31 February, the month runs to the end of February.
    assert last_allowed_day(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert last_allowed_day(date(2028, 1, 30), 1) == date(2028, 2, 29)
    assert last_allowed_day(date(2027, 1, 1), 2) == date(2027, 2, 28)


def test_the_day_after_the_month_is_refused_on_the_end_date():
    errors = check(ends_on=date(2027, 4, 1))
    assert list(errors) == ["ends_on"]
    assert "32 jours calendaires" in errors["ends_on"][0]
    assert "au plus tard le 31/03/2027" in errors["ends_on"][0]


def test_a_renewal_longer_than_a_month_is_told_to_be_shortened_not_renewed():
    first = Period(date(2027, 2, 1), date(2027, 2, 10), objective="confirm")
    errors = check(
        starts_on=date(2027, 3, 1), ends_on=date(2027, 4, 1), objective="confirm", renews=first
    )
    assert "Le renouvellement aussi : raccourcissez-le." in errors["ends_on"][0]
    assert "faites une convention de renouvellement" not in " ".join(errors["ends_on"])
    assert (
        "faites une convention de renouvellement" in check(ends_on=date(2027, 4, 1))["ends_on"][0]
    )


def test_a_one_day_immersion_is_allowed_but_an_end_before_the_start_is_not():
    assert check(ends_on=date(2027, 3, 1)) == {}
    assert "ends_on" in check(ends_on=date(2027, 2, 28))


def test_february_is_one_month_whatever_its_number_of_days():
    assert check(starts_on=date(2027, 2, 1), ends_on=date(2027, 2, 28)) == {}
    assert "ends_on" in check(starts_on=date(2027, 2, 1), ends_on=date(2027, 3, 1))


def test_a_renewal_within_two_months_in_all_is_allowed():
    first = Period(date(2027, 3, 1), date(2027, 3, 30), objective="confirm")
    assert (
        check(
            starts_on=date(2027, 3, 31),
            ends_on=date(2027, 4, 29),
            objective="confirm",
            renews=first,
        )
        == {}
    )


def test_a_renewal_beyond_two_months_in_all_is_refused():
    # Two months from 1 March: 1 March to 30 April, 61 days.
    first = Period(date(2027, 3, 1), date(2027, 3, 31), objective="confirm")  # 31 days
    errors = check(
        starts_on=date(2027, 5, 1),
        ends_on=date(2027, 5, 31),  # 31 days: within its own month, 62 in all
        objective="confirm",
        renews=first,
    )
    assert errors["ends_on"] == [
        "62 jours avec la première immersion : renouvellement compris, une immersion dure deux "
        "mois au plus, soit 61 jours à compter du 01/03/2027 (code du travail, D5135-3)."
    ]
    shorter_first = Period(date(2027, 3, 1), date(2027, 3, 30), objective="confirm")
    assert (
        check(
            starts_on=date(2027, 5, 1),
            ends_on=date(2027, 5, 31),  # 30 + 31 days: 61 in all
            objective="confirm",
            renews=shorter_first,
        )
        == {}
    )


def test_a_renewal_is_renewed_only_once_and_keeps_the_objective():
    renewal = Period(date(2027, 3, 1), date(2027, 3, 10), objective="confirm", is_renewal=True)
    errors = check(
        starts_on=date(2027, 3, 11), ends_on=date(2027, 3, 20), objective="confirm", renews=renewal
    )
    assert "qu'une fois" in errors["renews"][0]
    renewed = Period(date(2027, 3, 1), date(2027, 3, 10), objective="confirm", is_renewed=True)
    errors = check(
        starts_on=date(2027, 3, 11), ends_on=date(2027, 3, 20), objective="confirm", renews=renewed
    )
    assert "qu'une fois" in errors["renews"][0]
    first = Period(date(2027, 3, 1), date(2027, 3, 10), objective="confirm")
    errors = check(
        starts_on=date(2027, 3, 11), ends_on=date(2027, 3, 20), objective="discover", renews=first
    )
    assert "même objectif" in errors["objective"][0]


def test_a_renewal_starts_after_the_first_immersion():
    first = Period(date(2027, 3, 1), date(2027, 3, 10), objective="confirm")
    errors = check(
        starts_on=date(2027, 3, 10), ends_on=date(2027, 3, 20), objective="confirm", renews=first
    )
    assert "commence après" in errors["starts_on"][0]


def test_forty_nine_hours_a_week_are_refused_and_forty_eight_allowed():
    forty_eight = [Decimal(8)] * 6 + [Decimal(0)]
    assert check(daily_hours=forty_eight) == {}
    forty_nine = [Decimal(10)] * 4 + [Decimal(9), Decimal(0), Decimal(0)]
    errors = check(daily_hours=forty_nine)
    assert "49 h par semaine" in errors["schedule"][0]
    assert "L3121-20" in errors["schedule"][0]


def test_more_than_ten_hours_a_day_are_refused_on_that_day():
    hours = [Decimal(7), Decimal("10.5"), *[Decimal(0)] * 5]
    errors = check(daily_hours=hours)
    assert list(errors) == ["hours_tue"]
    assert "10,5 h" in errors["hours_tue"][0]


def test_seven_days_a_week_are_refused():
    errors = check(daily_hours=[Decimal(4)] * 7)
    assert "jour de repos" in errors["schedule"][0]


def test_the_company_collective_hours_cap_the_week():
    errors = check(collective_weekly_hours=Decimal(30))
    assert "horaire collectif" in errors["schedule"][0]
    assert check(collective_weekly_hours=Decimal(35)) == {}


def test_no_hours_at_all_is_refused():
    assert "au moins un jour" in check(daily_hours=[Decimal(0)] * 7)["schedule"][0]


def test_the_start_may_not_be_in_the_past_when_submitted():
    errors = check(today=date(2027, 3, 2))
    assert errors["starts_on"] == ["L'immersion ne peut pas commencer avant aujourd'hui."]
    assert check(today=date(2027, 3, 1)) == {}


def test_an_overlap_with_another_immersion_is_refused():
    other = Period(date(2027, 3, 30), date(2027, 4, 10))
    errors = check(others=[other])
    assert "30/03/2027 au 10/04/2027" in errors["starts_on"][0]
    assert check(others=[Period(date(2027, 3, 31), date(2027, 4, 10))]) == {}


def test_a_minor_works_eight_hours_a_day_and_thirty_five_a_week_at_most():
    assert check(is_minor=True) == {}
    errors = check(is_minor=True, daily_hours=[Decimal(9)] + [Decimal(6)] * 4 + [Decimal(0)] * 2)
    assert "moins de 18 ans" in errors["hours_mon"][0] and "L3162-1" in errors["hours_mon"][0]
    errors = check(is_minor=True, daily_hours=[Decimal(8)] * 5 + [Decimal(0)] * 2)
    assert (
        "40 h par semaine" in errors["schedule"][0] and "moins de 18 ans" in errors["schedule"][0]
    )
    assert check(daily_hours=[Decimal(8)] * 5 + [Decimal(0)] * 2) == {}
