import pytest
from django.template import Context, Template

from tremplin.core.text import (
    WORD_SIMILARITY_THRESHOLD,
    counted,
    normalize,
    similarity,
    strict_word_similarity,
    trigrams,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  Lefèvre-Œuvray ", "lefevre oeuvray"),
        ("ÉLODIE", "elodie"),
        ("N'Guessan", "n guessan"),
        ("Straße", "strasse"),
        ("Ça   va", "ca va"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_removes_accents_case_and_punctuation(raw, expected):
    assert normalize(raw) == expected


def test_trigrams_are_padded_like_pg_trgm():
    assert trigrams("cat") == {"  c", " ca", "cat", "at "}


def test_similarity_matches_pg_trgm_on_known_pairs():
    # pg_trgm: SELECT similarity('dupont', 'dupond') = 0.5555556
    assert similarity("dupont", "dupond") == pytest.approx(5 / 9)
    assert similarity("abc", "xyz") == 0
    assert similarity("Lefèvre", "lefevre") == 1


@pytest.mark.parametrize(
    "query, text, close",
    [
        ("dupond", "dupont marie", True),  # one letter changed
        ("lefebre", "lefebvre jean", True),  # one letter missing
        ("fontane", "de la fontaine claire", True),
        ("nazere", "saint nazaire", True),  # a letter changed in the middle
        ("martin", "robert paul", False),
        ("bernard", "bertrand", False),
        ("bernard", "dupont marie", False),
    ],
)
def test_strict_word_similarity_tolerates_one_typo(query, text, close):
    assert (strict_word_similarity(query, text) >= WORD_SIMILARITY_THRESHOLD) is close


def test_short_words_must_be_typed_exactly():
    from tremplin.core.search import tolerant_match

    condition = str(tolerant_match("search_key", "lea dupond"))
    assert "('search_key__contains', 'lea')" in condition
    assert "('search_key__strict_word_similar', 'lea')" not in condition
    assert "('search_key__strict_word_similar', 'dupond')" in condition


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 commande"), (1, "1 commande"), (2, "2 commandes"), (12, "12 commandes")],
)
def test_french_counts_keep_zero_and_one_singular(count, expected):
    assert counted(count, "commande") == expected
    rendered = Template("{{ n }} commande{{ n|pluriel }}").render(Context({"n": count}))
    assert rendered == expected


def test_french_plural_forms_with_two_endings_and_lists():
    template = Template('{{ n }} dossier{{ n|pluriel }} peu{{ n|pluriel:"t,vent" }}')
    assert template.render(Context({"n": 1})) == "1 dossier peut"
    assert template.render(Context({"n": 3})) == "3 dossiers peuvent"
    assert Template("{{ items|pluriel }}").render(Context({"items": [1, 2]})) == "s"
    assert counted(2, "message envoyé", "messages envoyés") == "2 messages envoyés"
    assert Template("{{ x|pluriel }}").render(Context({"x": "n/a"})) == ""
