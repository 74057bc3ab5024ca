"""Which occupations of the BMO survey are closest to a ROME job, by the words of their labels.

The survey counts recruitment projects by FAP family (« Aides-soignants »), the project of a
person names a ROME appellation (« Aide-soignant / Aide-soignante ») on a fiche (« Soins
d'hygiène, de confort du patient »). No open table links the two: the words of the labels
propose, the counselor confirms.

Words are folded (case, accents), small words dropped, and plural and feminine endings
reduced (« cuisinières » and « cuisiniers » are both « cuisinier »). A word of the appellation
weighs twice a word of the fiche only, its first word (the trade) three times; a word found in many of the survey's labels
(« agents », « ouvriers ») weighs less than a rare one (« soignants »); of two labels that
share the same words, the one with fewer other words comes first (« Cuisiniers » before
« Chefs cuisiniers »).
"""

import math
from dataclasses import dataclass

from tremplin.core.text import normalize

LIMIT = 5
HEAD_WEIGHT = 3  # the first word of the appellation names the trade: « Mécanicien automobile »
APPELLATION_WEIGHT = 2
FICHE_WEIGHT = 1
# Words that say nothing of the trade: « Infirmier en soins généraux » is no mechanic.
VAGUE = {"general"}
SMALL_WORDS = {
    "a",
    "au",
    "aux",
    "autre",
    "autres",
    "avec",
    "d",
    "dans",
    "de",
    "des",
    "du",
    "en",
    "et",
    "hors",
    "l",
    "la",
    "le",
    "les",
    "non",
    "ou",
    "par",
    "plus",
    "pour",
    "sans",
    "sauf",
    "sous",
    "sur",
    "un",
    "une",
}
# Feminine endings, once the plural is gone: « cuisiniere » -> « cuisinier ».
FEMININE = (
    ("trice", "teur"),
    ("euse", "eur"),
    ("iere", "ier"),
    ("ere", "er"),
    ("ienne", "ien"),
    ("onne", "on"),
    ("elle", "el"),
    ("ante", "ant"),
    ("ente", "ent"),
    ("ive", "if"),
    ("ee", "e"),
)


@dataclass(frozen=True)
class Suggestion:
    code: str
    label: str
    score: float


def stem(word: str) -> str:
    """One folded word without its plural or feminine ending (and final « e »)."""
    if len(word) > 4 and word.endswith("aux"):
        word = word[:-3] + "al"  # locaux, commerciaux, médicaux
    elif len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    for feminine, masculine in FEMININE:
        if len(word) > len(feminine) + 1 and word.endswith(feminine):
            word = word[: -len(feminine)] + masculine
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def words(label: str) -> set[str]:
    """The meaningful words of a label, folded and stemmed."""
    return {stem(word) for word in normalize(label).split() if word not in SMALL_WORDS} - VAGUE


def heads(appellation: str) -> set[str]:
    """The first word of each form: « Mécanicien / Mécanicienne automobile » -> mecanicien."""
    found = set()
    for form in appellation.split("/"):
        meaningful = [w for w in normalize(form).split() if w not in SMALL_WORDS]
        if meaningful:
            found.add(stem(meaningful[0]))
    return found - VAGUE


def suggest(
    appellation: str, fiche: str, occupations: list[tuple[str, str]], *, limit: int = LIMIT
) -> list[Suggestion]:
    """The `limit` occupations [(code, label)] sharing the most meaningful words with the
    appellation and its fiche, best first; none when no word is shared."""
    labelled = [(code, label, words(label)) for code, label in occupations]
    spread: dict[str, int] = {}
    for _code, _label, stems in labelled:
        for word in stems:
            spread[word] = spread.get(word, 0) + 1
    total = max(len(labelled), 1)
    own, head = words(appellation), heads(appellation)
    weights: dict[str, float] = {}
    for word in words(fiche) | own:
        if word in spread:
            weight = (
                HEAD_WEIGHT if word in head else APPELLATION_WEIGHT if word in own else FICHE_WEIGHT
            )
            weights[word] = weight * math.log(1 + total / spread[word])
    found = []
    for code, label, stems in labelled:
        shared = [weights[word] for word in stems if word in weights]
        if not shared:
            continue
        # Of two labels sharing the same words, the one with fewer others is the closer.
        score = sum(shared) * (1 + len(shared) / len(stems)) / 2
        if score > 0:
            found.append(Suggestion(code=code, label=label, score=round(score, 2)))
    found.sort(key=lambda s: (-s.score, s.label))
    return found[:limit]
