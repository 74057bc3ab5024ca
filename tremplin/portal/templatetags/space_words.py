"""Words of the person's space, inside a sentence."""

from django import template

register = template.Library()


def lower_first(text: str) -> str:
    """« Votre identité » -> « votre identité », to go after a colon inside a sentence.

    Acronyms and names with capitals inside their first word stay as typed: « CV »,
    « RSA », « McDonald »; « L'historique » -> « l'historique »."""
    if not text:
        return text
    first_word = text.split(maxsplit=1)[0]
    if any(letter.isupper() for letter in first_word[1:]):
        return text
    return text[0].lower() + text[1:]


@register.filter
def inline_list(items) -> str:
    """The items in a sentence after a colon: « le point sur…, votre identité… »."""
    return ", ".join(lower_first(str(item)) for item in items)
