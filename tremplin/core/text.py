"""Text normalisation and trigram similarity, identical on SQLite and PostgreSQL.

Names are stored with a normalised search key (lower case, no accents, single spaces), so
that a search for "lefevre" finds "Lefèvre". Typos are tolerated by trigram similarity: on
PostgreSQL pg_trgm's `strict_word_similarity`, on SQLite the same measure computed by
`strict_word_similarity` below, registered as an SQL function.
"""

import re
import unicodedata
from decimal import Decimal

from tremplin.core.validators import clean_phone

# A word of the query matches a word of a name from this trigram similarity on (one typo in
# a word of six letters or more stays above it; unrelated names of that length fall below).
WORD_SIMILARITY_THRESHOLD = 0.3

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text: str | None) -> str:
    """'  Lefèvre-Œuvray ' -> 'lefevre oeuvray'."""
    if not text:
        return ""
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def word_trigrams(word: str) -> set[str]:
    """Trigrams of one word, padded as pg_trgm does (two spaces before, one after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def trigrams(text: str) -> set[str]:
    result: set[str] = set()
    for word in normalize(text).split():
        result |= word_trigrams(word)
    return result


def similarity(a: str, b: str) -> float:
    """pg_trgm `similarity`: shared trigrams over all trigrams of both strings."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    shared = len(ta & tb)
    return shared / (len(ta) + len(tb) - shared)


def strict_word_similarity(query: str, text: str) -> float:
    """Best similarity between the query and any run of whole words of the text."""
    tq = trigrams(query)
    words = normalize(text).split()
    if not tq or not words:
        return 0.0
    word_sets = [word_trigrams(w) for w in words]
    best = 0.0
    for start in range(len(word_sets)):
        extent: set[str] = set()
        for end in range(start, len(word_sets)):
            extent |= word_sets[end]
            shared = len(tq & extent)
            score = shared / (len(tq) + len(extent) - shared)
            best = max(best, score)
    return best


def is_plural(count: float) -> bool:
    """French agreement: 0 and 1 take the singular, 2 and more the plural."""
    return abs(count) >= 2


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """« 0 commande », « 1 commande », « 3 commandes »; ``plural`` when it is not just an s."""
    return f"{count} {(plural or singular + 's') if is_plural(count) else singular}"


_VOWELS = set("aeiou")


def _bare(letter: str) -> str:
    """'É' -> 'e', 'Œ' -> 'o': the letter without accent, in lower case."""
    return normalize(letter)[:1]


def elides(word: str) -> bool:
    """Whether « de », « le », « que »… elide before ``word``: « d'Aïcha », « de Camille ».

    The rule kept is the simplest honest one: a vowel, accented or not (« Émile », « Œlla »),
    or an h — every h is treated as mute (« d'Hugo », « d'Hélène »), since no list of the
    aspirated h of first names and structures would ever be complete. A y elides before a
    consonant (« d'Yves ») but not before a vowel, where it sounds as a consonant (« de Yann »).
    """
    letters = [_bare(ch) for ch in word.strip()[:2]]
    if not letters or not letters[0]:
        return False
    first = letters[0]
    if first in _VOWELS or first == "h":
        return True
    if first == "y":
        return len(letters) > 1 and bool(letters[1]) and letters[1] not in _VOWELS | {"y"}
    return False


def de(word: str) -> str:
    """« de Camille », « d'Aïcha », « d'Hélène »: the preposition, elided when it should be."""
    word = word.strip()
    return f"d'{word}" if elides(word) else f"de {word}"


# The article a structure's name takes after « de », by its first word: « du Chantier
# d'insertion… », « de la Mission Locale… ». A name that starts with none of these is taken
# as a proper name: « de France Travail », « d'Emmaüs Connect ».
_ARTICLE_BY_FIRST_WORD = {
    **dict.fromkeys(
        ("mission", "maison", "régie", "ressourcerie", "recyclerie", "communauté", "plateforme"),
        "de la ",
    ),
    **dict.fromkeys(
        (
            "chantier",
            "centre",
            "conseil",
            "département",
            "groupement",
            "plie",
            "ccas",
            "cias",
            "geiq",
            "pôle",
            "service",
        ),
        "du ",
    ),
    **dict.fromkeys(
        (
            "atelier",
            "association",
            "entreprise",
            "espace",
            "agence",
            "organisme",
            "établissement",
            "institut",
            "antenne",
        ),
        "de l'",
    ),
    **dict.fromkeys(("ateliers", "jardins"), "des "),
}


def of_structure(name: str) -> str:
    """« du Chantier d'insertion Les Jardins », « de la Mission Locale de Saint-Nazaire »,
    « de France Travail »: a structure's name after « de », with its article."""
    name = name.strip()
    first = name.split(" ", 1)[0].lower()
    if first == "le":
        return f"du {name[3:]}"
    if first == "les":
        return f"des {name[4:]}"
    if first == "la" or first.startswith("l'"):
        return f"de {name}"
    article = _ARTICLE_BY_FIRST_WORD.get(first)
    return f"{article}{name}" if article else de(name)


def french_number(value) -> str:
    """17.5 -> « 17,5 », Decimal("15.0") -> « 15 », 1000 -> « 1000 »: no trailing zeros,
    a decimal comma."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
    elif isinstance(value, float):
        text = format(Decimal(repr(value)).normalize(), "f")
    else:
        text = str(value)
    return text.replace(".", ",")


def french_hours(value) -> str:
    """Decimal("15.0") -> « 15 h », Decimal("17.50") -> « 17,5 h »; None -> « — »."""
    return "—" if value is None else f"{french_number(value)} h"


def french_phone(value: str | None) -> str:
    """« 0612345678 », « 06.12.34.56.78 » → « 06 12 34 56 78 »; « +33612345678 » →
    « +33 6 12 34 56 78 ». Any other form is returned as typed."""
    if not value:
        return ""
    digits = clean_phone(value)
    if re.fullmatch(r"0\d{9}", digits):
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    if re.fullmatch(r"\+33\d{9}", digits):
        rest = digits[3:]
        return "+33 " + rest[0] + " " + " ".join(rest[i : i + 2] for i in range(1, 9, 2))
    return value.strip()


def phone_uri(value: str | None) -> str:
    """The number for a « tel: » link: digits and a leading +, nothing else."""
    return re.sub(r"[^\d+]", "", value or "")


_OPENING = re.compile(r"«\s*")
_CLOSING = re.compile(r"\s*»")


def quoted(text: str) -> str:
    """« text », its own guillemets turned into “ ” so that quotes never nest:
    « Atelier “Louer son premier logement” »."""
    text = text.strip()
    if text.startswith("«") and text.endswith("»") and text.count("«") == 1:
        text = text[1:-1].strip()
    return "« " + _CLOSING.sub("”", _OPENING.sub("“", text)) + " »"


def spreadsheet_text(text: str) -> str:
    """A text for a CSV cell that a spreadsheet will not read as a formula: a leading
    « = », « + », « - », « @ », tab or carriage return is escaped by an apostrophe (what Excel and LibreOffice
    themselves write to keep a text)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def freed_places_line(count: int) -> str:
    """« Une place s'est libérée » or « 3 places se sont libérées »: the waiting lists of the
    information sessions and of the workshops say it the same way."""
    return "Une place s'est libérée" if count == 1 else f"{count} places se sont libérées"
