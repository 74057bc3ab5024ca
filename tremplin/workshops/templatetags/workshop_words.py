"""Words agreed with a participant's sex: {{ person|accord:"présent" }}."""

from django import template

from tremplin.people.enums import Sex

register = template.Library()


@register.filter
def accord(person, word):
    """« présente » for a woman, « présent » for a man, « présent·e » when not known."""
    sex = getattr(person, "sex", "")
    if sex == Sex.FEMALE:
        return f"{word}e"
    if sex == Sex.MALE:
        return word
    return f"{word}·e"
