from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.core.validators import (
    TextLengthValidator,
    _years_from,
    example_siret,
    validate_french_phone,
    validate_plausible_date,
    validate_siret,
)


@pytest.mark.parametrize(
    "siret",
    ["73282932000074", "732 829 320 00074"],
)
def test_valid_sirets_pass(siret):
    validate_siret(siret)


@pytest.mark.parametrize("siret", ["73282932000075", "1234", "7328293200007A", ""])
def test_invalid_sirets_are_refused_in_french(siret):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert "SIRET" in error.value.messages[0]


def test_la_poste_sirets_follow_their_own_rule():
    # La Poste's establishments: the digits add up to a multiple of 5 (no Luhn key).
    validate_siret("35600000049837")
    with pytest.raises(ValidationError):
        validate_siret("35600000000048")


def test_example_sirets_are_valid():
    for seed in range(20):
        validate_siret(example_siret(seed))


@pytest.mark.parametrize(
    "phone", ["06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "02.40.00.00.01"]
)
def test_french_phones_pass(phone):
    validate_french_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "06 12 34", "abcdefghij"])
def test_bad_phones_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_french_phone(phone)


def _plausible_error(day, **bounds):
    with pytest.raises(ValidationError) as error:
        validate_plausible_date(day, **bounds)
    return error.value


@pytest.mark.parametrize("day", [date(1850, 1, 1), date(1900, 1, 1), date(1999, 12, 31)])
def test_dates_before_2000_are_implausible(day):
    error = _plausible_error(day)
    assert error.code == "too_early"
    assert error.messages == [
        "Date invraisemblable : elle ne peut pas être antérieure au 01/01/2000."
    ]


def test_a_datetime_is_judged_by_its_local_day():
    # 31/12/1999 at 23:30 UTC is already 1 January 2000 in Paris.
    validate_plausible_date(datetime(1999, 12, 31, 23, 30, tzinfo=UTC))
    assert _plausible_error(datetime(1999, 12, 31, 22, 30, tzinfo=UTC)).code == "too_early"


def test_plausible_dates_pass():
    today = timezone.localdate()
    for day in (date(2000, 1, 1), today, today - timedelta(days=365 * 20), None):
        validate_plausible_date(day)
    validate_plausible_date(today + timedelta(days=364), future_years=1)
    # Without future_years, the future is another rule's business.
    validate_plausible_date(today + timedelta(days=365 * 50))


def test_future_years_bounds_planned_dates():
    today = timezone.localdate()
    error = _plausible_error(today + timedelta(days=367), future_years=1)
    assert error.code == "too_late"
    assert "(1 an à partir d'aujourd'hui)" in error.messages[0]
    assert "(3 ans à partir" in _plausible_error(date(2200, 1, 1), future_years=3).messages[0]


def test_past_years_tightens_the_earliest_date():
    today = timezone.localdate()
    validate_plausible_date(today - timedelta(days=300), past_years=1)
    error = _plausible_error(today - timedelta(days=400), past_years=1)
    assert error.code == "too_early"
    # Never looser than 2000, whatever past_years says.
    assert _plausible_error(date(1990, 1, 1), past_years=100).code == "too_early"


def test_a_29_february_bound_falls_back_to_the_28th():
    assert _years_from(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert _years_from(date(2028, 2, 29), 4) == date(2032, 2, 29)


def test_long_texts_are_refused_with_french_figures():
    validator = TextLengthValidator(5000)
    validator("a" * 5000)
    with pytest.raises(ValidationError) as error:
        validator("a" * 12345)
    assert error.value.messages == [
        "Ce texte est trop long : 5\u202f000 caractères au plus (il en compte 12\u202f345)."
    ]
