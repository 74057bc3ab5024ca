"""The pay and hours check of an offer: pay brought back to a gross hourly amount and
compared with the SMIC in force on the offer's date; weekly hours above 48."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from tremplin.employers.pay import (
    SmicDataError,
    check_pay,
    hourly_gross,
    load_smic,
    parse_smic,
    smic_on,
)

D = Decimal
# Before the next 1 January: the table is known to be current on that day.
AFTER_NOVEMBER_2024 = date(2024, 12, 2)


def check(amount, period="hour", hours="35", contract="cdi", on=AFTER_NOVEMBER_2024, **kw):
    return check_pay(
        pay_min=D(amount) if amount is not None else None,
        pay_max=kw.get("pay_max"),
        period=period,
        weekly_hours=D(hours) if hours is not None else None,
        contract=contract,
        on=on,
    )


def test_the_smic_table_holds_the_dated_rates_with_their_decree():
    rates = load_smic()
    assert [(r.valid_from, r.hourly_gross) for r in rates][:3] == [
        (date(2024, 1, 1), D("11.65")),
        (date(2024, 11, 1), D("11.88")),
        (date(2026, 1, 1), D("12.02")),  # no rise on 1 January 2025
    ]
    assert all(r.legal_reference.startswith("Décret ") for r in rates)
    assert smic_on(date(2025, 7, 14)).hourly_gross == D("11.88")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 12, 31), None),
        (date(2024, 1, 1), D("11.65")),
        (date(2024, 10, 31), D("11.65")),
        (date(2024, 11, 1), D("11.88")),
        (date(2025, 6, 15), D("11.88")),
    ],
)
def test_the_smic_in_force_is_the_latest_rate_started_on_that_day(day, expected):
    rate = smic_on(day, load_smic()[:2])
    assert (rate.hourly_gross if rate else None) == expected


def test_hourly_monthly_and_yearly_pay_are_brought_back_to_an_hour():
    assert hourly_gross(D("12.5"), "hour", D("35")) == Fraction(25, 2)
    # 35 h a week × 52 / 12 = 151,67 h a month.
    assert hourly_gross(D("1801.80"), "month", D("35")) == Fraction("11.88")
    assert hourly_gross(D("21621.60"), "year", D("35")) == Fraction("11.88")
    assert hourly_gross(D("1000"), "month", D("17.5")) == Fraction(1000) / (
        Fraction(35, 2) * 52 / 12
    )
    assert hourly_gross(D("1500"), "month", None) is None


def test_an_hourly_pay_below_the_smic_is_found_with_its_figures_and_article():
    [finding] = check("5", hours="48")
    assert finding.rule == "smic" and not finding.is_caution
    assert finding.rule_label == "Salaire inférieur au SMIC"
    assert finding.figures == "5,00\u00a0€ brut de l'heure, SMIC au 01/11/2024 : 11,88\u00a0€"
    assert finding.articles == ("Code du travail, art. L3231-2 et suivants",)
    assert "Décret n° 2024-951" in finding.explanation


@pytest.mark.parametrize(
    ("amount", "period", "found"),
    [
        ("11.88", "hour", False),
        ("11.87", "hour", True),
        ("1801.80", "month", False),
        ("1801.79", "month", True),
        ("21621.60", "year", False),
        ("21621.59", "year", True),
    ],
)
def test_a_pay_exactly_at_the_smic_passes_and_a_cent_below_does_not(amount, period, found):
    assert bool(check(amount, period)) is found


def test_a_pay_a_cent_below_never_shows_as_equal_to_the_smic():
    [finding] = check("1801.79", "month")
    assert finding.figures == (
        "1\u00a0801,79\u00a0€ brut par mois pour 35\u00a0h par semaine, soit 11,87\u00a0€ brut "
        "de l'heure, SMIC au 01/11/2024 : 11,88\u00a0€"
    )


def test_a_monthly_pay_is_judged_on_the_offers_weekly_hours():
    # 1 000 € for a part-time 20 h is 11,54 € an hour: below; for 17,5 h, 13,19 €: above.
    assert check("1000", "month", hours="20")
    assert not check("1000", "month", hours="17.5")


def test_the_smic_is_the_one_in_force_on_the_given_date():
    assert not check("11.70", on=date(2024, 10, 31))  # SMIC 11,65 €
    [finding] = check("11.70", on=date(2024, 11, 1))
    assert "SMIC au 01/11/2024 : 11,88" in finding.figures


def test_the_lowest_pay_of_a_range_is_compared_and_a_maximum_alone_too():
    assert check("10", pay_max=D("14"))
    assert check(None, pay_max=D("10"))


def test_no_pay_filled_means_no_pay_finding():
    assert check(None) == []


def test_no_smic_known_on_that_date_means_no_pay_finding():
    assert check("5", on=date(2023, 6, 1)) == []


@pytest.mark.parametrize("contract", ["apprenticeship", "professionalisation"])
def test_an_alternance_contract_below_the_smic_is_a_caution_not_a_block(contract):
    [finding] = check("7", contract=contract)
    assert finding.rule == "smic" and finding.is_caution
    assert "pourcentage du SMIC" in finding.explanation
    assert finding.articles[0] in (
        "Code du travail, art. L6222-27",
        "Code du travail, art. L6325-8",
    )


def test_weekly_hours_above_48_are_found_and_48_are_not():
    assert check("12", hours="48") == []
    [finding] = check("12", hours="48.5")
    assert finding.rule == "weekly_hours" and not finding.is_caution
    assert finding.articles == ("Code du travail, art. L3121-20",)
    assert finding.figures == "48,5\u00a0h par semaine, maximum : 48\u00a0h"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"rates": []},
        {"rates": [{"valid_from": "2024-13-01", "hourly_gross": "11.65", "legal_reference": "x"}]},
        {"rates": [{"valid_from": "2024-01-01", "hourly_gross": "0", "legal_reference": "x"}]},
        {"rates": [{"valid_from": "2024-01-01", "hourly_gross": "11.65"}]},
    ],
)
def test_a_malformed_smic_table_is_refused(data):
    with pytest.raises(SmicDataError):
        parse_smic(data)


def test_past_a_1_january_the_table_does_not_know_a_pay_near_the_smic_is_to_check():
    last = load_smic()[-1]
    later = date(last.valid_from.year + 1, 3, 2)  # after a 1 January the table does not know
    at_last = str(last.hourly_gross)
    [finding] = check(at_last, on=later)  # the last SMIC known, maybe not the one in force
    assert finding.rule == "smic_table" and finding.is_caution
    shown = f"{last.hourly_gross:.2f}".replace(".", ",")
    assert (
        f"dernier SMIC connu de Tremplin : {shown}\u00a0€ au {last.valid_from:%d/%m/%Y}"
        in finding.figures
    )
    assert not check(str(last.hourly_gross * D("1.05") + D("0.01")), on=later)  # no doubt
    # The table is current that day.
    assert not check(at_last, on=date(last.valid_from.year, 12, 31))
    # Below the last SMIC known: the block, not the caution.
    [below] = check("11.00", on=later)
    assert below.rule == "smic" and not below.is_caution
