"""The NIR (numéro d'inscription au répertoire, « numéro de sécurité sociale »).

Checked with its key (97 − number mod 97, Corsica's 2A/2B counted as 19/18), then stored
only as a keyed hash (to find duplicates) and its last five characters (to tell two apart).
It is never shown in full, never put in a URL, never logged.
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NIR_RE = re.compile(
    r"(?P<sex>[1-478])(?P<year>\d{2})(?P<month>\d{2})(?P<dept>\d{2}|2A|2B)"
    r"(?P<rest>\d{6})(?P<key>\d{2})"
)


def clean_nir(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "").upper()


def nir_key(body: str) -> int:
    """The control key of the 13 first characters."""
    number = int(body.replace("2A", "19").replace("2B", "18"))
    return 97 - number % 97


def validate_nir(value: str) -> str:
    """Return the cleaned NIR, or raise a French ValidationError."""
    nir = clean_nir(value)
    match = _NIR_RE.fullmatch(nir)
    if not match:
        raise ValidationError(
            _(
                "Le NIR doit comporter 15 caractères : 13 chiffres (ou 2A/2B pour la Corse) "
                "suivis de la clé à 2 chiffres."
            ),
            code="nir_format",
        )
    month = int(match["month"])
    if not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
        raise ValidationError(_("Le mois de naissance du NIR n'est pas valide."), code="nir_month")
    if nir_key(nir[:13]) != int(match["key"]):
        raise ValidationError(
            _("La clé du NIR ne correspond pas : vérifiez les chiffres saisis."), code="nir_key"
        )
    return nir


def hash_nir(nir: str) -> str:
    return hmac.new(
        settings.NIR_HASH_KEY.encode(), clean_nir(nir).encode(), hashlib.sha256
    ).hexdigest()


def nir_tail(nir: str) -> str:
    """The last five characters (order number and key), enough to tell two NIRs apart."""
    return clean_nir(nir)[-5:]
