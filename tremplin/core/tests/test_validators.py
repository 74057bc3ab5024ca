import pytest
from django.core.exceptions import ValidationError

from tremplin.core.validators import example_siret, validate_french_phone, validate_siret


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
