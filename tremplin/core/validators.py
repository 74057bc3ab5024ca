"""Validators for French identifiers, with messages in French."""

import random
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# La Poste's SIRETs do not follow the Luhn rule: the sum of their digits is a multiple of 5.
LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def clean_siret(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "")


def validate_siret(value: str) -> None:
    siret = clean_siret(value)
    if not re.fullmatch(r"\d{14}", siret):
        raise ValidationError(
            _("Le SIRET doit comporter 14 chiffres (9 pour le SIREN, 5 pour l'établissement)."),
            code="siret_format",
        )
    if siret.startswith(LA_POSTE_SIREN):
        if sum(int(c) for c in siret) % 5 != 0:
            raise ValidationError(_("Ce SIRET de La Poste n'est pas valide."), code="siret_key")
        return
    if not luhn_ok(siret[:9]) or not luhn_ok(siret):
        raise ValidationError(
            _("Ce SIRET n'est pas valide : vérifiez les chiffres (clé de contrôle incorrecte)."),
            code="siret_key",
        )


def validate_postal_code_format(value: str) -> None:
    if not re.fullmatch(r"\d{5}", value or ""):
        raise ValidationError(
            _("Le code postal doit comporter 5 chiffres."), code="postal_code_format"
        )


def clean_phone(value: str) -> str:
    return re.sub(r"[\s.\-()]", "", value or "")


def validate_french_phone(value: str) -> None:
    """A French number: 0X XX XX XX XX, or +33 / +262 / ... international form."""
    phone = clean_phone(value)
    if re.fullmatch(r"0[1-9]\d{8}", phone) or re.fullmatch(r"\+\d{8,15}", phone):
        return
    raise ValidationError(
        _("Numéro de téléphone invalide : 10 chiffres commençant par 0, ou format +33…"),
        code="phone",
    )


def validate_not_future(value: date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("Cette date ne peut pas être dans le futur."), code="future")


def validate_birth_date(value: date) -> None:
    validate_not_future(value)
    if value and value.year < 1900:
        raise ValidationError(_("Date de naissance invraisemblable."), code="too_old")


def example_siret(seed: int) -> str:
    """An invented SIRET that passes the Luhn checks, for demo data and tests."""
    rng = random.Random(seed)
    while True:
        siren = "9" + "".join(str(rng.randint(0, 9)) for _ in range(8))
        if luhn_ok(siren):
            break
    for nic in range(1, 99999):
        siret = f"{siren}{nic:05d}"
        if luhn_ok(siret):
            return siret
    raise AssertionError("unreachable: one NIC in ten passes")
