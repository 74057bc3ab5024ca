"""Validators for French identifiers, with messages in French."""

import random
import re
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
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


# The ages a person accompanied towards work can have: from 14 (a young person in a school
# leavers' scheme) to 100 (beyond that, the year was mistyped: 1900 for 2000, 1925 for 1995).
BIRTH_AGE_MIN = 14
BIRTH_AGE_MAX = 100


def validate_birth_date(value: date) -> None:
    """Not in the future, and an age between 14 and 100 years today."""
    validate_not_future(value)
    if not value:
        return
    today = timezone.localdate()
    if value < _years_from(today, -(BIRTH_AGE_MAX + 1)) + timedelta(days=1):
        raise ValidationError(
            _(
                "Date de naissance invraisemblable : la personne aurait plus de %(max)s ans. "
                "Vérifiez l'année."
            ),
            code="too_old",
            params={"max": BIRTH_AGE_MAX},
        )
    if value > _years_from(today, -BIRTH_AGE_MIN):
        raise ValidationError(
            _(
                "Date de naissance invraisemblable : la personne aurait moins de %(min)s ans. "
                "Vérifiez l'année."
            ),
            code="too_young",
            params={"min": BIRTH_AGE_MIN},
        )


def clean_france_travail_id(value: str) -> str:
    """« 1234567 a » → « 1234567A »: spaces removed, upper case."""
    return re.sub(r"\s", "", value or "").upper()


def validate_france_travail_id(value: str) -> None:
    """The France Travail (ex-Pôle emploi) identifier: 7 digits and a letter or digit
    (« 1234567A »), or the older 11-character form, letters and digits with at least 7 digits.
    Spaces and case do not matter (see ``clean_france_travail_id``)."""
    identifier = clean_france_travail_id(value)
    if not identifier:
        return
    if re.fullmatch(r"\d{7}[A-Z0-9]", identifier):
        return
    if re.fullmatch(r"[A-Z0-9]{11}", identifier) and sum(c.isdigit() for c in identifier) >= 7:
        return
    raise ValidationError(
        _(
            "Identifiant France Travail invalide : 7 chiffres suivis d'une lettre ou d'un "
            "chiffre (par exemple 1234567A), ou l'ancien format à 11 caractères."
        ),
        code="france_travail_id",
    )


# No event recorded in Tremplin happened before this day: the software, the digital files of
# the structures it replaces, and the schemes it follows (RSA 2009, PLIE, IAE reform of 2008,
# CEJ 2022) are all later. A year typed as 1850 or 1900 is a typo, never a real contact.
EARLIEST_PLAUSIBLE_DATE = date(2000, 1, 1)


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, to a year that has none
        return day.replace(year=day.year + years, day=28)


def validate_plausible_date(
    day: date | datetime | None,
    *,
    past_years: int | None = None,
    future_years: int | None = None,
) -> None:
    """Refuse a date that cannot be right for something recorded or planned in Tremplin.

    - Never before 1 January 2000 (``EARLIEST_PLAUSIBLE_DATE``): whatever is recorded here
      (a contact, a session, an order, a pathway, an offer) is later than that.
    - With ``past_years``, never more than that many years ago: for an event noted at the time
      it happened (a contact noted 30 years late is a typo in the year).
    - With ``future_years``, never more than that many years ahead: for a planned event. An
      information session or an appointment is planned for the coming months (1 year); a
      contract, a pathway or an order's expected end rarely goes beyond 2 or 3 years (a CDDI
      lasts 24 months at most, renewals included, save for the exceptions of the law).
    Without ``future_years`` the future is not checked here: say so with
    ``validate_not_future`` or the form's own rule. A datetime is judged by its local day.
    """
    if day is None:
        return
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    today = timezone.localdate()
    earliest = EARLIEST_PLAUSIBLE_DATE
    if past_years is not None:
        earliest = max(earliest, _years_from(today, -past_years))
    if day < earliest:
        raise ValidationError(
            _("Date invraisemblable : elle ne peut pas être antérieure au %(earliest)s."),
            code="too_early",
            params={"earliest": earliest.strftime("%d/%m/%Y")},
        )
    if future_years is not None:
        latest = _years_from(today, future_years)
        if day > latest:
            raise ValidationError(
                _(
                    "Date trop lointaine : elle ne peut pas dépasser le %(latest)s "
                    "(%(years)s an%(plural)s à partir d'aujourd'hui)."
                ),
                code="too_late",
                params={
                    "latest": latest.strftime("%d/%m/%Y"),
                    "years": future_years,
                    "plural": "s" if future_years > 1 else "",
                },
            )


# Free text typed in a form: several pages of notes, far more than any demand, answer or
# description needs, yet a bound, so that a paste gone wrong cannot fill the database.
TEXT_MAX_LENGTH = 5000


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


class TextLengthValidator(MaxLengthValidator):
    """Django's length check, with the figures written the French way (« 5 000 »)."""

    message = _(
        "Ce texte est trop long : %(limit_value)s caractères au plus (il en compte %(show_value)s)."
    )

    def __call__(self, value):
        cleaned = self.clean(value)
        if self.compare(cleaned, self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit_value": _thousands(self.limit_value),
                    "show_value": _thousands(cleaned),
                    "value": value,
                },
            )


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
