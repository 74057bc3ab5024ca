"""Writing help (« aide à la rédaction »): reread a text before it is shared.

`check_text(text)` returns the passages to reread (`Finding`: span, category, French
explanation and suggestion); `summarize(findings)` says it in one French sentence. The engine
and its pattern language are in `engine.py`; the rules, as data, in `rules_*.py`; their
topics (explanations, suggestions) in `topics.py`.
"""

from tremplin.documents.writing.engine import (
    MAX_TEXT_LENGTH,
    RULES,
    Finding,
    check_text,
    compile_phrase,
    conjugate,
    excerpt,
    find_phrase,
    fold,
    inflect,
    phrase_anchors,
    summarize,
)
from tremplin.documents.writing.topics import TOPICS, Category, Rule, Topic

__all__ = [
    "MAX_TEXT_LENGTH",
    "RULES",
    "TOPICS",
    "Category",
    "Finding",
    "Rule",
    "Topic",
    "check_text",
    "compile_phrase",
    "conjugate",
    "excerpt",
    "find_phrase",
    "fold",
    "inflect",
    "phrase_anchors",
    "summarize",
]
