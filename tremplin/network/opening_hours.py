"""Opening hours: the common subset of OpenStreetMap's `opening_hours`, read and typed in French.

The directory stores hours in OpenStreetMap syntax (data·inclusion's `horaires_accueil`),
for instance « Mo,We 09:00-12:00; Tu-Fr 08:30-12:00,13:30-17:00 ». This module reads that
subset, and the same hours typed in French (« lundi-vendredi 9h-12h 14h-17h »,
« lun, mer 9h30-12h ; sam 10h-12h », « jours fériés : fermé »), into rules, and writes
rules back as OpenStreetMap or as French for counselors.

Understood: days (Mo…Su, lundi…dimanche and their abbreviations), day ranges and lists,
public holidays (PH, jours fériés), « off » / « fermé », « 24/7 », time ranges and
several rules separated by « ; ». Anything else (months, weeks, sunrise, comments…) is
not understood: `parse` returns None and `in_french` gives the text back as typed.
"""

import re
import unicodedata
from dataclasses import dataclass, field

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
FRENCH_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
HOLIDAYS = "PH"
ALL_DAY = (0, 24 * 60)

_DAY_WORDS = {}
for _index, (_osm, _french) in enumerate(zip(OSM_DAYS, FRENCH_DAYS, strict=True)):
    for _word in (_osm.lower(), _french[:2], _french[:3], _french, f"{_french}s"):
        _DAY_WORDS[_word] = _index

# Words that carry no meaning here (« du lundi », « le mardi », « ouvert de 9h à 12h »).
_FILLERS = {"de", "du", "des", "d", "le", "les", "l", "ouvert", "ouverts", "ouverte", "et"}
_TO_WORDS = {"a", "au"}
_OFF_WORDS = {"off", "closed", "ferme", "fermee", "fermes", "fermees", "fermeture"}

# Phrases replaced by one internal word before reading the text word by word.
_PHRASES = (
    (re.compile(r"\b24/7\b|\b24\s*h?\s*/\s*24(?:\s*,?\s*(?:et\s+)?7\s*j?\s*/\s*7)?"), " always "),
    (re.compile(r"\b7\s*j(?:ours)?\s*/\s*7\b"), " mo-su "),
    (re.compile(r"\btous\s+les\s+jours\b"), " mo-su "),
    (re.compile(r"\b(?:les\s+)?jours?\s+feries?\b"), " ph "),
    (re.compile(r"\btoute\s+la\s+journee\b"), " allday "),
    (re.compile(r"\bjusqu\s*'\s*(?:a|au)\b"), " a "),
)

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<time>(?P<hour>\d{1,2})
            (?:\s*(?:heures?|h|:)(?:\s*(?P<minute>\d{2})(?![\d:]|\s*h))?)?)
        |(?P<word>[a-z]+)
        |(?P<punct>[-,;/:+&])
    )""",
    re.VERBOSE,
)


@dataclass
class Rule:
    """One rule: days (indexes 0-6 as (first, last) ranges, or "PH"), and times or off.

    No days: every day. No times and not off: open on those days (OpenStreetMap's meaning).
    """

    days: list = field(default_factory=list)
    times: list = field(default_factory=list)  # (start, end) in minutes since midnight
    off: bool = False
    always: bool = False

    def is_empty(self) -> bool:
        return not (self.days or self.times or self.off or self.always)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for dash in "–—−‐‑":
        text = text.replace(dash, "-")
    text = text.replace("’", "'").replace("\n", ";").replace(".", " ")
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return text.replace("'", " ")


def _tokens(text: str) -> list[tuple[str, object]] | None:
    """The text as (kind, value) tokens, or None if some part of it is not understood."""
    tokens = []
    position, text = 0, text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            return None
        position = match.end()
        if match["time"]:
            hour, minute = int(match["hour"]), int(match["minute"] or 0)
            if hour > 24 or minute > 59 or (hour == 24 and minute):
                return None
            tokens.append(("time", hour * 60 + minute))
        elif word := match["word"]:
            if word in _DAY_WORDS:
                tokens.append(("day", _DAY_WORDS[word]))
            elif word == "ph":
                tokens.append(("ph", HOLIDAYS))
            elif word in _TO_WORDS:
                tokens.append(("to", None))
            elif word in _OFF_WORDS:
                tokens.append(("off", None))
            elif word == "midi":
                tokens.append(("time", 12 * 60))
            elif word in ("always", "allday"):
                tokens.append((word, None))
            elif word not in _FILLERS:
                return None
        else:
            punct = match["punct"]
            if punct == "-":
                tokens.append(("to", None))
            elif punct == ";":
                tokens.append(("rule", None))
            # , / + & : only separate items.
    return tokens


def parse(text: str) -> list[Rule] | None:
    """The rules of `text` (OpenStreetMap or French), or None if it is not understood."""
    if not text or not text.strip():
        return None
    tokens = _tokens(_normalise(text))
    if tokens is None:
        return None
    rules: list[Rule] = []
    current = Rule()
    # The current rule gave its hours before its days (« 9h-12h du lundi au vendredi »,
    # « fermé le dimanche »): the next hours start a new rule, the next days join this one.
    trailing = False

    def close():
        nonlocal current, trailing
        if not current.is_empty():
            rules.append(current)
        current = Rule()
        trailing = False

    index, count = 0, len(tokens)
    while index < count:
        kind, value = tokens[index]
        if kind == "rule":
            close()
        elif kind == "always":
            close()
            current.always = True
            close()
        elif kind in ("day", "ph"):
            if current.days and not trailing and (current.times or current.off):
                close()
            elif not current.days and (current.times or current.off):
                trailing = True
            if (
                kind == "day"
                and index + 2 < count
                and tokens[index + 1][0] == "to"
                and tokens[index + 2][0] == "day"
            ):
                current.days.append((value, tokens[index + 2][1]))
                index += 2
            else:
                current.days.append(value if kind == "ph" else (value, value))
        elif kind == "time":
            if trailing and current.days:
                close()
            if not (index + 2 < count and tokens[index + 1][0] == "to"):
                return None
            end_kind, end = tokens[index + 2]
            if end_kind != "time" or value == end or value == 24 * 60 or current.off:
                return None
            current.times.append((value, end))
            index += 2
        elif kind == "allday":
            if trailing and current.days:
                close()
            if current.off:
                return None
            current.times.append(ALL_DAY)
        elif kind == "off":
            if trailing and current.days:
                close()
            if current.times:
                return None
            current.off = True
        else:  # a lone « à » or « - »
            return None
        index += 1
    close()
    return rules or None


def _osm_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _osm_rule(rule: Rule) -> str:
    if rule.always:
        return "24/7"
    days = ",".join(
        day if day == HOLIDAYS else "-".join(dict.fromkeys(OSM_DAYS[i] for i in day))
        for day in rule.days
    )
    times = ",".join(f"{_osm_time(start)}-{_osm_time(end)}" for start, end in rule.times)
    return " ".join(part for part in (days, times or ("off" if rule.off else "")) if part)


def to_osm(rules: list[Rule]) -> str:
    return "; ".join(_osm_rule(rule) for rule in rules)


def _french_time(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    return f"{hour} h {minute:02d}" if minute else f"{hour} h"


def _french_list(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def _french_days(days: list) -> str:
    items = []
    for day in days:
        if day == HOLIDAYS:
            items.append("jours fériés")
        elif day[0] == day[1]:
            items.append(FRENCH_DAYS[day[0]])
        elif day == (0, 6):
            items.append("tous les jours")
        else:
            items.append(f"du {FRENCH_DAYS[day[0]]} au {FRENCH_DAYS[day[1]]}")
    return _french_list(items)


def _french_rule(rule: Rule) -> str:
    if rule.always:
        return "24 h/24, 7 j/7"
    days = _french_days(rule.days) if rule.days else "tous les jours"
    if rule.off:
        return f"{days} : fermé"
    if rule.times == [ALL_DAY]:
        return f"{days} : toute la journée"
    if not rule.times:
        return days
    times = ", ".join(f"{_french_time(start)} – {_french_time(end)}" for start, end in rule.times)
    return f"{days} : {times}"


def to_french(rules: list[Rule]) -> str:
    return " ; ".join(_french_rule(rule) for rule in rules)


def normalise(text: str) -> str | None:
    """`text` (OpenStreetMap or French) as OpenStreetMap, or None if it is not understood."""
    rules = parse(text)
    return to_osm(rules) if rules else None


def in_french(text: str) -> str:
    """`text` read in French; as typed when it is not understood (never lost)."""
    rules = parse(text or "")
    return to_french(rules) if rules else (text or "")
