import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tremplin.accounts.passwords import entropy_bits


@pytest.mark.parametrize(
    "password",
    [
        "Tr3mpl!n-2026",  # 13 characters, four kinds (CNIL example 1)
        "Accompagnement2026X",  # 19 characters, three kinds (CNIL example 2: 14 without special)
        "le chantier ouvre lundi matin",  # a long passphrase
    ],
)
def test_passwords_meeting_cnil_entropy_are_accepted(password):
    validate_password(password)


@pytest.mark.parametrize("password", ["Bonjour2026", "motdepasse", "AZERTYuiop12"])
def test_weak_passwords_are_refused_with_the_rule_in_french(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(
        "12 caractères" in m or "trop courant" in m or "trop" in m for m in error.value.messages
    )


def test_entropy_follows_the_cnil_formula():
    # 12 characters from 26+26+10+37 = 99 symbols: 12 * log2(99) = 79.55 bits
    assert entropy_bits("Abcdefghij1!") == pytest.approx(79.55, abs=0.01)
