"""Password strength following CNIL délibération n° 2022-100 (see docs/security.md).

The CNIL measures a password by its entropy: length × log2(size of the alphabet used).
For a password that is the only secret (our choice, so that the rule holds even where a
demo relaxes the second factor), it asks for at least 80 bits, e.g. 12 characters mixing
upper case, lower case, digits and special characters, or 14 characters mixing upper case,
lower case and digits.
"""

import math
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_ENTROPY_BITS = 80
# The CNIL counts special characters from a list of at least 37 symbols.
SPECIAL_ALPHABET_SIZE = 37


def alphabet_size(password: str) -> int:
    size = 0
    if any(c in string.ascii_lowercase for c in password):
        size += 26
    if any(c in string.ascii_uppercase for c in password):
        size += 26
    if any(c in string.digits for c in password):
        size += 10
    if any(not c.isascii() or not c.isalnum() for c in password):
        size += SPECIAL_ALPHABET_SIZE
    return size


def entropy_bits(password: str) -> float:
    size = alphabet_size(password)
    return len(password) * math.log2(size) if size else 0.0


class CnilEntropyValidator:
    def validate(self, password, user=None):
        # Rounded as the CNIL's own examples are (12 characters of 99 symbols = 79.6 bits).
        if round(entropy_bits(password)) < MIN_ENTROPY_BITS:
            raise ValidationError(
                _(
                    "Mot de passe trop faible. Utilisez au moins 12 caractères mêlant "
                    "majuscules, minuscules, chiffres et caractères spéciaux, ou au moins "
                    "14 caractères mêlant majuscules, minuscules et chiffres. Une phrase de "
                    "passe longue convient aussi."
                ),
                code="password_entropy",
            )

    def get_help_text(self):
        return _(
            "Au moins 12 caractères avec majuscules, minuscules, chiffres et caractères "
            "spéciaux, ou 14 caractères avec majuscules, minuscules et chiffres."
        )
