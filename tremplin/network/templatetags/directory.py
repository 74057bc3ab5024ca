from django import template

from tremplin.network.labels import label
from tremplin.network.opening_hours import in_french

register = template.Library()


@register.filter
def di_label(code, vocabulary):
    """`{{ code|di_label:"publics" }}`: the French label of a data·inclusion code."""
    return label(vocabulary, code) if code else ""


@register.filter
def hours_in_french(value):
    """`{{ partner.opening_hours|hours_in_french }}`: OpenStreetMap hours read in French.

    Hours it does not understand are shown as typed.
    """
    return in_french(value) if value else ""
