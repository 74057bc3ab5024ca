"""The BMO occupations proposed for a ROME job, by the words of their labels: on the ROME and
the BMO survey loaded with the referentials."""

import pytest

from tremplin.referentials.models import RomeAppellation
from tremplin.territory import outlook as bmo
from tremplin.territory.matching import suggest, words


def _suggest(appellation_code: str):
    appellation = RomeAppellation.objects.select_related("fiche").get(pk=appellation_code)
    return suggest(appellation.label, appellation.fiche.label, bmo.occupations(2024))


@pytest.mark.parametrize(
    ("forms"),
    [
        ("Aide-soignant", "Aide-soignante", "Aides-soignants", "aides soignantes"),
        ("Cuisinier", "Cuisinière", "Cuisiniers", "CUISINIÈRES"),
        ("Infirmier", "Infirmière", "Infirmiers"),
        ("Vendeur", "Vendeuse", "Vendeurs"),
        ("Formateur", "Formatrice", "Formateurs"),
        ("Technicien", "Technicienne", "Techniciens"),
    ],
)
def test_plural_and_feminine_forms_are_one_word(forms):
    assert len({frozenset(words(form)) for form in forms}) == 1


def test_small_words_and_accents_do_not_count():
    assert words("Agent d'entretien") <= words("Agents d'entretien de locaux")
    assert words("Agents d'entretien de locaux") == words("agent entretien local")
    assert words("Maçon") == words("MACONS")
    assert words("de la et les du en") == set()


# (appellation OGR code, the BMO occupation expected first)
FIRST = [
    ("10891", "V0X60"),  # Aide-soignant / Aide-soignante -> Aides-soignants
    ("13861", "S1X40"),  # Cuisinier / Cuisinière -> Cuisiniers (before Chefs cuisiniers)
    ("10571", "T4X60"),  # Agent / Agente de propreté de locaux -> Agents d'entretien de locaux
    ("11640", "R0X61"),  # Caissier / Caissière -> Caissiers
    ("19430", "S2X61"),  # Serveur / Serveuse en restauration -> Serveurs de cafés restaurants
    ("404475", "D1X33"),  # Soudeur / Soudeuse -> Soudeurs
    ("11573", "S0X42"),  # Boulanger / Boulangère -> Boulangers, pâtissiers
    ("12688", "T0X60"),  # Coiffeur / Coiffeuse -> Coiffeurs, esthéticiens
    ("15123", "W1X80"),  # Formateur / Formatrice -> Formateurs
    ("15545", "V1X80"),  # Infirmier / Infirmière en soins généraux -> Infirmiers et sages-femmes
    ("17837", "B2X33"),  # Plombier / Plombière -> Plombiers chauffagistes
    ("11679", "J0X32"),  # Cariste -> Conducteurs d'engins légers de déplacement de charges
    ("13436", "V4X80"),  # Conseiller en insertion professionnelle -> Professionnels de l'insertion
    ("16069", "A1X41"),  # Jardinier / Jardinière paysagiste -> Jardiniers des espaces verts
    ("11453", "T2A60"),  # Auxiliaire de vie -> Aides à domicile et auxiliaires de vie
    ("16446", "G0B41"),  # Mécanicien automobile -> Ouvriers mécaniciens de véhicules
    ("10599", "T3X61"),  # Agent / Agente de sécurité -> Agents de sécurité et de surveillance
    ("14769", "R0X60"),  # Employé de libre-service -> Employés de libre service
    ("10826", "S1X20"),  # Aide de cuisine -> Aides de cuisine et employés polyvalents
]


@pytest.mark.parametrize(("appellation", "expected"), FIRST)
def test_the_closest_occupation_comes_first(db, appellation, expected):
    found = _suggest(appellation)
    assert found[0].code == expected
    assert 1 <= len(found) <= 5
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)


def test_both_levels_of_a_trade_are_proposed(db):
    """The survey splits some trades by qualification: both are there, first and second."""
    assert {s.code for s in _suggest("17993")[:2]} == {"J0X33", "J0X34"}  # préparateurs
    assert {s.code for s in _suggest("16250")[:2]} == {"B1X30", "B1X31"}  # maçons
    assert {s.code for s in _suggest("13861")[:2]} == {"S1X40", "S1X80"}  # cuisiniers


def test_a_vague_word_is_no_match(db):
    """« Infirmier en soins généraux » shares « généraux » with « maintenance générale »."""
    assert [s.code for s in _suggest("15545")] == ["V1X80"]


def test_a_bus_driver_is_among_the_drivers(db):
    """Only « conducteur » is shared: the survey's drivers, bus drivers among them."""
    found = _suggest("12896")  # Conducteur / Conductrice de bus
    assert "J3X41" in {s.code for s in found}  # Conducteurs de transport en commun sur route
    assert all("Conducteurs" in s.label for s in found)


@pytest.mark.parametrize(
    "appellation",
    [
        "19452",  # Sommelier / Sommelière
        "13848",  # Croupier / Croupière
        "10266",  # Actuaire
        "10263",  # Acteur / Actrice (fiche Comédien / Comédienne)
        "10331",  # Affréteur / Affréteuse
    ],
)
def test_nothing_is_proposed_when_no_word_is_shared(db, appellation):
    assert _suggest(appellation) == []


def test_an_appellation_word_weighs_more_than_a_fiche_word():
    occupations = [("A", "Jardiniers"), ("B", "Paysagistes")]
    assert [s.code for s in suggest("Jardinier", "Paysagiste", occupations)] == ["A", "B"]
    assert [s.code for s in suggest("Paysagiste", "Jardinier", occupations)] == ["B", "A"]
    assert suggest("Sommelier", "Sommellerie", occupations) == []
