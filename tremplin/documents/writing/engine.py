"""Writing help (« aide à la rédaction »): reread a text before it goes to someone else.

A fiche de liaison, a synthèse shared with a prescriber or a compte rendu travels outside the
structure. This module flags, in such a text:
- judgemental or stigmatising wording: labels put on the person, opinions written as facts;
- sensitive details a partner rarely needs: health, pregnancy, sex life, religion, political or
  union opinions, ethnic origin (RGPD art. 9), criminal matters (RGPD art. 10), immigration
  status, violence suffered, other people's lives.
Each finding gives the exact span in the original text, a French explanation and a suggestion.

The rules are data (`rules_*.py`, their topics in `topics.py`): phrases written in a small
pattern language, compiled here into regular expressions that run on a folded copy of the
text (lower case, no accents, one kind of apostrophe and hyphen) while offsets are reported on
the original text.

Pattern language (one phrase = words separated by spaces, written folded):
- between two words, any run of spaces, hyphens or apostrophes: « sans papiers » matches
  « sans-papiers », « l alcool » matches « l'alcool »;
- ``word+``: every gender and number form of a noun or adjective (``paresseux+`` → paresseux,
  paresseuse, paresseuses; ``motive+`` → motivé, motivée, motivés, motivées);
- ``verb~``: the usual forms of a first-group verb (``baisser~`` → baisse, baissent, baissait,
  baissé…);
- ``stem*``: any word starting with the stem (``psychiatr*`` → psychiatre, psychiatrique…);
- ``(a|b|c)``: one of the alternatives; ``_`` joins words inside an alternative
  (``(il_faut|il_faudrait)``);
- a trailing ``?`` makes a word optional;
- ``[…]``: context that must be there but is not part of the span reported (``[en|l|d] hp``);
- a word in capitals (``AME``, ``HP``) must be written in capitals in the text.

Nothing here stores or logs the text: it is analysed in memory and forgotten.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from tremplin.documents.writing.rules_health import HEALTH_RULES
from tremplin.documents.writing.rules_judgement import JUDGEMENT_RULES
from tremplin.documents.writing.rules_sensitive import SENSITIVE_RULES
from tremplin.documents.writing.topics import ATTRIBUTION, TOPICS, Category, Rule, Topic

# Judgemental rules first: on a tie between two overlapping passages, the first rule wins.
RULES: tuple[Rule, ...] = (*JUDGEMENT_RULES, *HEALTH_RULES, *SENSITIVE_RULES)

# Longest text analysed at once (a long compte rendu is ~10,000 characters).
MAX_TEXT_LENGTH = 50_000

_SEP = r"[\s'\-]+"
_WORD_CHAR = re.compile(r"[a-z0-9]")
_WORD_END = r"(?![a-z0-9])"
_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o"}
_APOSTROPHES = "'’‘ʼ`´′＇"
_DASHES = "-‐‑‒–—―−"
_SENTENCE_ENDS = ".!?\n"
# How far back the start of a sentence is looked for.
_SENTENCE_REACH = 400
# How far before or after a match the rules' exceptions look.
_CONTEXT = 80


# --- folding -------------------------------------------------------------------------------


@cache
def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "'"
    if ch in _DASHES:
        return "-"
    if ch.isspace():
        return " "
    if ch in _LIGATURES:
        return _LIGATURES[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str) -> tuple[str, Sequence[int]]:
    """The folded text and, for each of its characters, the index of the original one.

    'Dépressive' -> ('depressive', [0, 1, …]); 'Œil' -> ('oeil', [0, 0, 1, 2]).
    """
    table = {ord(ch): _fold_char(ch) for ch in set(text)}
    if all(len(folded) == 1 for folded in table.values()):
        # The usual case: one character for one, offsets unchanged.
        return text.translate(table), range(len(text))
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        chars.append(folded)
        origin.extend([i] * len(folded))
    return "".join(chars), origin


# --- inflection ----------------------------------------------------------------------------


def inflect(word: str) -> list[str]:
    """Gender and number forms of a folded masculine singular noun or adjective.

    Over-generation is harmless (a form that does not exist never matches), so the rules
    stay simple: 'paresseux' -> paresseux, paresseuse, paresseuses.
    """
    forms = {word}
    if word.endswith("eux"):
        stem = word[:-1]
        forms |= {stem + "se", stem + "ses"}
    elif word.endswith("eur"):
        stem = word[:-3]
        forms |= {word + "s", stem + "euse", stem + "euses"}
        if word.endswith("teur"):
            forms |= {word[:-4] + "trice", word[:-4] + "trices"}
    elif word.endswith("if"):
        forms |= {word + "s", word[:-1] + "ve", word[:-1] + "ves"}
    elif word.endswith("al"):
        forms |= {word[:-2] + "aux", word + "e", word + "es"}
    elif word.endswith(("el", "ien", "on", "et")):
        last = word[-1]
        forms |= {word + "s", word + last + "e", word + last + "es"}
    elif word.endswith("er"):
        forms |= {word + "s", word[:-2] + "ere", word[:-2] + "eres"}
    elif word.endswith("e"):
        forms |= {word + "s", word + "e", word + "es"}
    elif word.endswith(("s", "x")):
        forms |= {word + "e", word + "es"}
    else:
        forms |= {word + "s", word + "e", word + "es"}
    return sorted(forms, key=len, reverse=True)


_VERB_ENDINGS = (
    "e es ent er ez ons ais ait aient ant era eras erons erez eront erais erait eraient ee ees a ai"
).split()


def conjugate(infinitive: str) -> list[str]:
    """Usual forms of a first-group verb: 'baisser' -> baisse, baissent, baissait, baissé…"""
    stem = infinitive[:-2]
    return sorted({stem + ending for ending in _VERB_ENDINGS}, key=len, reverse=True)


# --- compiling the phrases -----------------------------------------------------------------


def _word_regex(word: str) -> str:
    if word.endswith("+"):
        return "(?:" + "|".join(inflect(word[:-1])) + ")"
    if word.endswith("~"):
        return "(?:" + "|".join(conjugate(word[:-1])) + ")"
    if word.endswith("*"):
        return re.escape(word[:-1]) + "[a-z0-9]*"
    return re.escape(word)


def _word_anchor(word: str) -> str:
    """A literal every form of the word contains."""
    if word.endswith("+"):
        return os.path.commonprefix(inflect(word[:-1]))
    if word.endswith("~"):
        return word[:-3]
    return word.rstrip("*")


def _token_regex(token: str) -> tuple[str, frozenset[str]]:
    """The token's regex, and literals of which any match contains at least one."""
    body = token[1:-1] if token.startswith("(") and token.endswith(")") else token
    alternatives = []
    anchors = set()
    for alternative in body.split("|"):
        words = [w.lower() for w in re.split(r"[_']", alternative) if w]
        alternatives.append(_SEP.join(_word_regex(w) for w in words))
        anchors.add(max((_word_anchor(w) for w in words), key=len))
    return "(?:" + "|".join(alternatives) + ")", frozenset(anchors)


@dataclass(frozen=True)
class _Token:
    regex: str
    optional: bool
    context: bool
    anchors: frozenset[str]


def _parse(phrase: str) -> list[_Token]:
    tokens = []
    for raw in phrase.split():
        optional = raw.endswith("?")
        raw = raw.removesuffix("?")
        context = raw.startswith("[") and raw.endswith("]")
        if context:
            raw = raw[1:-1]
        regex, anchors = _token_regex(raw)
        tokens.append(_Token(regex=regex, optional=optional, context=context, anchors=anchors))
    return tokens


def compile_phrase(phrase: str) -> re.Pattern:
    """One phrase of the pattern language -> a regex with the reported span in group 'hit'.

    The regex does not check that it starts at the start of a word: `find_phrase` does. A
    look-behind at its head would stop the regex engine from skipping quickly to the places
    where the first word can start (six times slower).
    """
    tokens = _parse(phrase)
    hit = [i for i, t in enumerate(tokens) if not t.context]
    if not hit or hit != list(range(hit[0], hit[-1] + 1)):
        raise ValueError(f"{phrase!r}: the reported words must be one run, context around it")
    if tokens[hit[0]].optional:
        raise ValueError(f"{phrase!r}: the first reported word cannot be optional")
    before = tokens[: hit[0]]
    inside = tokens[hit[0] : hit[-1] + 1]
    after = tokens[hit[-1] + 1 :]
    regex = ""
    for t in before:
        regex += f"(?:{t.regex}{_SEP})" + ("?" if t.optional else "")
    regex += "(?P<hit>" + inside[0].regex
    for t in inside[1:]:
        regex += f"(?:{_SEP}{t.regex})" + ("?" if t.optional else "")
    regex += ")" + _WORD_END
    for t in after:
        regex += f"(?:{_SEP}{t.regex})" + ("?" if t.optional else "")
    regex += _WORD_END
    return re.compile(regex)


def find_phrase(pattern: re.Pattern, folded: str):
    """The matches of a compiled phrase that start at the start of a word."""
    position = 0
    while (match := pattern.search(folded, position)) is not None:
        start = match.start()
        if start > 0 and _WORD_CHAR.match(folded, start - 1):
            position = start + 1
            continue
        yield match
        position = max(match.end(), start + 1)


def phrase_anchors(phrase: str) -> frozenset[str]:
    """Literals of which any match of the phrase contains one: when the folded text holds
    none of them, the phrase's regex need not run (most phrases, on most texts)."""
    required = [t.anchors for t in _parse(phrase) if not t.optional]
    return max(required, key=lambda anchors: min(len(a) for a in anchors))


def _needs_capitals(phrase: str) -> bool:
    reported = [t for t in phrase.split() if not t.startswith("[")]
    letters = "".join(ch for t in reported for ch in t if ch.isalpha())
    return bool(letters) and letters.isupper()


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    topic: Topic
    patterns: tuple[tuple[re.Pattern, bool, frozenset[str]], ...]
    unless_before: re.Pattern | None
    unless_after: re.Pattern | None


@cache
def _compiled_rules() -> tuple[_CompiledRule, ...]:
    compiled = []
    for rule in RULES:
        compiled.append(
            _CompiledRule(
                rule=rule,
                topic=TOPICS[rule.topic],
                patterns=tuple(
                    (compile_phrase(p), _needs_capitals(p), phrase_anchors(p)) for p in rule.phrases
                ),
                unless_before=re.compile(rf"(?:{rule.unless_before})\s*$")
                if rule.unless_before
                else None,
                unless_after=re.compile(rule.unless_after) if rule.unless_after else None,
            )
        )
    return tuple(compiled)


_ATTRIBUTION = re.compile(ATTRIBUTION)


# --- checking a text -----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One passage to reread: where it is, why, and what to write instead."""

    start: int
    end: int
    words: str
    category: Category
    topic: str
    explanation: str
    suggestion: str
    rule: str

    @property
    def category_label(self) -> str:
        return self.category.label

    @property
    def topic_label(self) -> str:
        return TOPICS[self.topic].label

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "words": self.words,
            "category": str(self.category),
            "category_label": self.category_label,
            "topic": self.topic,
            "topic_label": self.topic_label,
            "explanation": self.explanation,
            "suggestion": self.suggestion,
            "rule": self.rule,
        }


def _sentence_start(folded: str, position: int) -> int:
    reach = max(0, position - _SENTENCE_REACH)
    last_end = max(folded.rfind(end, reach, position) for end in _SENTENCE_ENDS)
    return last_end + 1 if last_end != -1 else reach


def _is_quoted(folded: str, position: int) -> bool:
    """Inside « … » or "…" on the same line: the person's own words, quoted."""
    line = folded[folded.rfind("\n", 0, position) + 1 : position]
    if line.count("«") > line.count("»") or line.count("“") > line.count("”"):
        return True
    return line.count('"') % 2 == 1


def _is_attributed(folded: str, position: int) -> bool:
    """The clause reports what the person says of themself (« se dit », « selon elle »)."""
    sentence = folded[_sentence_start(folded, position) : position]
    return bool(_ATTRIBUTION.search(sentence)) or _is_quoted(folded, position)


def _original_end(text: str, origin: Sequence[int], folded_end: int) -> int:
    end = origin[folded_end - 1] + 1
    # Combining accents written as separate characters fold to nothing: keep them.
    while end < len(text) and _fold_char(text[end]) == "":
        end += 1
    return end


def _candidates(text: str, folded: str, origin: Sequence[int]):
    for order, compiled in enumerate(_compiled_rules()):
        rule = compiled.rule
        for pattern, needs_capitals, anchors in compiled.patterns:
            if not any(anchor in folded for anchor in anchors):
                continue
            for match in find_phrase(pattern, folded):
                a, b = match.span("hit")
                start, end = origin[a], _original_end(text, origin, b)
                if needs_capitals and not text[start:end].isupper():
                    continue
                before = folded[max(0, a - _CONTEXT) : a]
                if compiled.unless_before and compiled.unless_before.search(before):
                    continue
                after = folded[b : b + _CONTEXT]
                if compiled.unless_after and compiled.unless_after.match(after):
                    continue
                if rule.attributable and _is_attributed(folded, a):
                    continue
                yield (
                    order,
                    Finding(
                        start=start,
                        end=end,
                        words=text[start:end],
                        category=compiled.topic.category,
                        topic=rule.topic,
                        explanation=rule.explanation or compiled.topic.explanation,
                        suggestion=rule.suggestion or compiled.topic.suggestion,
                        rule=rule.code,
                    ),
                )


def _merged(text: str, candidates) -> list[tuple[int, Finding]]:
    """Overlapping passages of one rule become one: « porté plainte » + « plainte contre »."""
    merged: list[tuple[int, Finding]] = []
    for order, finding in sorted(candidates, key=lambda item: (item[0], item[1].start)):
        if merged and merged[-1][0] == order and finding.start < merged[-1][1].end:
            previous = merged[-1][1]
            end = max(previous.end, finding.end)
            merged[-1] = (order, replace(previous, end=end, words=text[previous.start : end]))
        else:
            merged.append((order, finding))
    return merged


def check_text(text: str) -> list[Finding]:
    """Every passage of `text` to reread before sharing it, in reading order.

    Where two rules flag overlapping words, the longer span wins (then the rule listed
    first), so each word is reported once.
    """
    if not text:
        return []
    text = text[:MAX_TEXT_LENGTH]
    folded, origin = fold(text)
    found = sorted(
        _merged(text, _candidates(text, folded, origin)),
        key=lambda item: (-(item[1].end - item[1].start), item[0], item[1].start),
    )
    kept: list[Finding] = []
    for _, finding in found:
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def excerpt(text: str, finding: Finding, width: int = 50) -> tuple[str, str, str]:
    """The words around a finding, to show it in context: (before, words, after)."""
    start = max(0, finding.start - width)
    end = min(len(text), finding.end + width)
    if start > 0:
        space = text.find(" ", start, finding.start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", finding.end, end)
        end = space if space != -1 else end
    before = ("…" if start > 0 else "") + text[start : finding.start]
    after = text[finding.end : end] + ("…" if end < len(text) else "")
    return before, text[finding.start : finding.end], after


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def summarize(findings: list[Finding]) -> str:
    """A one-sentence French summary of the findings."""
    if not findings:
        return (
            "Aucun point à revoir n'a été repéré. Relisez tout de même le texte : "
            "l'outil ne remplace pas votre regard."
        )
    judgement = [f for f in findings if f.category == Category.JUDGEMENT]
    sensitive = [f for f in findings if f.category == Category.SENSITIVE]
    parts = []
    if judgement:
        parts.append(_plural(len(judgement), "formulation jugeante", "formulations jugeantes"))
    if sensitive:
        topics = []
        for f in sensitive:
            label = TOPICS[f.topic].short_label
            if label not in topics:
                topics.append(label)
        parts.append(
            _plural(len(sensitive), "information sensible", "informations sensibles")
            + f" ({', '.join(topics)})"
        )
    total = _plural(len(findings), "point à revoir", "points à revoir")
    return f"{total} avant de partager ce texte : {' et '.join(parts)}."
