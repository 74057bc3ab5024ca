from decimal import Decimal

import pytest
from django.template import Context, Template

from tremplin.core.text import (
    WORD_SIMILARITY_THRESHOLD,
    counted,
    de,
    elides,
    french_hours,
    french_number,
    french_phone,
    normalize,
    of_structure,
    phone_uri,
    quoted,
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


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Aïcha", "d'Aïcha"),
        ("Camille", "de Camille"),
        ("Émile", "d'Émile"),
        ("Œlla", "d'Œlla"),
        ("ulysse", "d'ulysse"),
        ("Hélène", "d'Hélène"),
        ("Hugo", "d'Hugo"),  # every h is treated as mute
        ("Yves", "d'Yves"),
        ("Yann", "de Yann"),
        ("Mission Locale", "de Mission Locale"),
        ("Aïcha NICOLAS", "d'Aïcha NICOLAS"),
        (" Inès ", "d'Inès"),
    ],
)
def test_de_elides_before_a_vowel_or_an_h(word, expected):
    assert de(word) == expected


def test_de_filter_elides_in_templates():
    render = Template("Présence {{ name|de }}").render
    assert render(Context({"name": "Inès BENALI"})) == "Présence d&#x27;Inès BENALI"
    assert render(Context({"name": "Camille MARTIN"})) == "Présence de Camille MARTIN"
    assert render(Context({"name": ""})) == "Présence "


def test_elides_on_an_empty_word_is_false():
    assert not elides("") and not elides("  ") and not elides("Y")


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("15.0"), "15 h"),
        (Decimal("17.50"), "17,5 h"),
        (Decimal("0.5"), "0,5 h"),
        (Decimal("100"), "100 h"),
        (Decimal("1E+2"), "100 h"),
        (30.0, "30 h"),
        (17.5, "17,5 h"),
        (7, "7 h"),
        (None, "—"),
    ],
)
def test_french_hours_have_no_trailing_zero_and_a_decimal_comma(value, expected):
    assert french_hours(value) == expected


def test_french_number():
    assert french_number(Decimal("2.25")) == "2,25" and french_number(Decimal("20.00")) == "20"


def test_heures_filter():
    rendered = Template("{{ a|heures }} / {{ b|heures }} / {{ c|heures }}").render(
        Context({"a": Decimal("15.0"), "b": Decimal("17.5"), "c": None})
    )
    assert rendered == "15 h / 17,5 h / —"


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("0612345678", "06 12 34 56 78"),
        ("06.12.34.56.78", "06 12 34 56 78"),
        ("06-12-34-56-78", "06 12 34 56 78"),
        (" 02 40 11 22 33 ", "02 40 11 22 33"),
        ("+33612345678", "+33 6 12 34 56 78"),
        ("+33 (0)6 12", "+33 (0)6 12"),  # not a full number: as typed
        ("+262262123456", "+262262123456"),  # La Réunion, international: as typed
        ("", ""),
        (None, ""),
    ],
)
def test_phone_numbers_read_in_pairs(typed, shown):
    assert french_phone(typed) == shown


def test_the_tel_link_keeps_digits_and_plus():
    assert phone_uri("06 12 34 56 78") == "0612345678"
    assert phone_uri("+33 6 12 34 56 78") == "+33612345678"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Permis B accompagné", "« Permis B accompagné »"),
        ("Atelier « Louer son premier logement »", "« Atelier “Louer son premier logement” »"),
        ("« Garage solidaire »", "« Garage solidaire »"),
    ],
)
def test_quoted_never_nests_guillemets(text, expected):
    assert quoted(text) == expected
    assert Template("{{ name|guillemets }}").render(Context({"name": text})) == expected


def test_long_dates_write_the_first_of_the_month_as_french_does():
    from datetime import date

    from tremplin.core.dates import long_date, month_year

    assert long_date(date(2029, 12, 1)) == "1er décembre 2029"
    assert long_date(date(2026, 11, 24), year=False) == "24 novembre"
    assert long_date(date(2026, 12, 1), weekday=True) == "mardi 1er décembre 2026"
    assert month_year(date(2026, 8, 3)) == "août 2026"


def test_the_long_date_filter_leaves_this_years_year_out_only_when_asked():
    from datetime import date

    from django.utils import timezone

    from tremplin.core.templatetags.french import date_longue

    this_year = timezone.localdate().year
    assert date_longue(date(this_year, 3, 1), "court") == "1er mars"
    assert date_longue(date(this_year + 3, 3, 1), "court") == f"1er mars {this_year + 3}"
    assert date_longue(date(this_year, 3, 1)) == f"1er mars {this_year}"
    assert date_longue(None) == ""


@pytest.mark.parametrize(
    ("name", "written"),
    [
        (
            "Chantier d'insertion Les Jardins du Brivet",
            "du Chantier d'insertion Les Jardins du Brivet",
        ),
        ("Mission Locale de Saint-Nazaire", "de la Mission Locale de Saint-Nazaire"),
        ("Atelier du Bocage", "de l'Atelier du Bocage"),
        ("PLIE de l'estuaire", "du PLIE de l'estuaire"),
        ("CCAS de Nantes", "du CCAS de Nantes"),
        ("Le Relais Atlantique", "du Relais Atlantique"),
        ("Les Jardins de Cocagne", "des Jardins de Cocagne"),
        ("La Table de Cana", "de La Table de Cana"),
        ("L'Ouvre-Boîte", "de L'Ouvre-Boîte"),
        ("France Travail Saint-Herblain", "de France Travail Saint-Herblain"),
        ("Emmaüs Connect", "d'Emmaüs Connect"),
    ],
)
def test_a_structure_name_after_de_takes_its_article(name, written):
    assert of_structure(name) == written
