"""French agreement in templates, loaded everywhere (a builtin of the template engine).

Django's ``pluralize`` follows English: « 0 commandes ». In French, 0 and 1 take the
singular: « 0 commande », « 1 commande », « 2 commandes ».
"""

from datetime import datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from tremplin.core.dates import long_date
from tremplin.core.text import de as elided_de
from tremplin.core.text import french_hours, french_phone, is_plural, phone_uri, quoted

register = template.Library()


@register.filter
def pluriel(value, suffixes="s"):
    """« commande{{ n|pluriel }} »; with two forms, « peu{{ n|pluriel:"t,vent" }} »."""
    singular, _, plural = suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    try:
        sized = hasattr(value, "__len__") and not isinstance(value, str)
        count = len(value) if sized else float(value)
    except (TypeError, ValueError):
        return ""
    return plural if is_plural(count) else singular


@register.filter
def heures(value):
    """Decimal("15.0") -> « 15 h », Decimal("17.5") -> « 17,5 h », None -> « — »."""
    if value in (None, ""):
        return "—"
    try:
        return french_hours(value if isinstance(value, (int, float)) else Decimal(str(value)))
    except ArithmeticError:
        return ""


@register.filter
def telephone(value):
    """« 0612345678 » -> « 06 12 34 56 78 » (other forms as typed)."""
    return french_phone(value)


@register.filter
def tel_uri(value):
    """For « tel: » links: « 06 12 34 56 78 » -> « 0612345678 »."""
    return phone_uri(value)


@register.filter
def de(value):
    """« de Camille MARTIN », « d'Inès BENALI »: {{ name|de }}."""
    return elided_de(str(value)) if value not in (None, "") else ""


@register.filter
def guillemets(value):
    """« Nom du service », with the name's own « » turned into “ ” (no nested guillemets)."""
    return quoted(str(value)) if value not in (None, "") else ""


@register.filter
def nombre(value):
    """12345 -> « 12 345 » (a narrow no-break space between thousands); None -> « — »."""
    if value in (None, ""):
        return "—"
    return f"{int(value):,}".replace(",", "\u202f")


@register.filter
def pourcent(value):
    """52.34 -> « 52,3 % »; None (unknown) -> « — »."""
    if value in (None, ""):
        return "—"
    return f"{float(value):.1f}".replace(".", ",") + "\u00a0%"


@register.filter
def accorde(label, person):
    """A label written for both (« Venu·e », « Absent·e sans prévenir ») agreed with the
    person's sex: « Venue », « Venu »; kept as written when the sex is not known."""
    from tremplin.people.enums import Sex

    sex = getattr(person, "sex", "")
    if sex == Sex.FEMALE:
        return str(label).replace("·e", "e")
    if sex == Sex.MALE:
        return str(label).replace("·e", "")
    return label


@register.filter
def date_longue(value, mode=""):
    """« 1er décembre 2029 ». The mode may hold « jour » (« mardi 1er décembre 2026 ») and
    « court »: the year left out when it is this year's (« avant le 1er décembre »), kept
    otherwise (« avant le 3 mars 2027 »)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    words = str(mode).split()
    year = "court" not in words or value.year != timezone.localdate().year
    return long_date(value, year=year, weekday="jour" in words)
