"""The estimate computed by the real OpenFisca-France on households a counselor meets.

The amounts come from the national engine; the tests check what a counselor would notice:
which benefits are open, in which direction they move, never a hard-coded amount.
"""

from datetime import date

import pytest

from tremplin.rights import engine

MONTH = date(2026, 11, 1)
NANTES = "44109"


def adult(year=1990, **amounts) -> engine.Member:
    return engine.Member(birth_date=date(year, 3, 1), **amounts)


def household(**overrides) -> engine.Household:
    values = {"person": adult(), "housing": "locataire_vide", "rent": 450, "commune_code": NANTES}
    return engine.Household(**(values | overrides))


@pytest.fixture(scope="module")
def compute():
    engine.tax_benefit_system()  # loaded once for the module (seconds)
    return lambda h: engine.estimate(h, MONTH)


def test_previous_months_cross_the_year():
    assert engine.previous_months(date(2026, 2, 1), 3) == ["2026-01", "2025-12", "2025-11"]


def test_situation_spreads_resources_over_the_twelve_months_before():
    built = engine.situation(household(person=adult(salary=900)), MONTH)
    salaries = built["individus"]["demandeur"]["salaire_net"]
    assert sorted(salaries) == [*sorted(engine.previous_months(MONTH, 12)), "2026-11"]
    assert set(salaries.values()) == {900.0}
    dwelling = built["menages"]["menage"]
    # The RSA and the prime d'activité read the dwelling of the three months before too.
    for variable, value in (
        ("depcom", NANTES),
        ("statut_occupation_logement", "locataire_vide"),
        ("loyer", 450.0),
    ):
        assert sorted(dwelling[variable]) == sorted(salaries), variable
        assert set(dwelling[variable].values()) == {value}, variable


def test_household_survives_its_json_record():
    original = household(
        person=adult(salary=812.5, alimony=150),
        partner=adult(1987, unemployment=640),
        children_birth_dates=(date(2019, 3, 12), date(2024, 9, 5)),
    )
    assert engine.Household.from_json(original.as_json()) == original


@pytest.fixture(scope="module")
def alone(compute):
    """A single person without income, renting in Nantes."""
    return compute(household())


def test_single_person_without_income_gets_rsa_housing_aid_and_free_health_cover(alone):
    assert alone.amounts["rsa"] > 0
    assert "ppa" not in alone.amounts  # no work, no prime d'activité
    assert alone.amounts["housing"] > 0
    assert alone.housing_kind == "als"  # a single person in the private rented sector
    assert alone.css == "free"
    assert alone.engine_version.startswith("OpenFisca-France ")


def test_work_income_replaces_rsa_by_the_prime_d_activite_which_falls_as_earnings_rise(compute):
    lower = compute(household(person=adult(salary=1100)))
    assert "rsa" not in lower.amounts
    assert lower.amounts["ppa"] > 0
    higher = compute(household(person=adult(salary=1600)))
    assert higher.amounts.get("ppa", 0) < lower.amounts["ppa"]


def test_a_single_parent_of_two_gets_family_benefits(compute, alone):
    result = compute(household(children_birth_dates=(date(2019, 3, 12), date(2023, 1, 20))))
    assert result.amounts["af"] > 0  # two children
    assert result.amounts["asf"] > 0  # single parent, no alimony received
    assert result.housing_kind == "alf"
    assert result.amounts["rsa"] > alone.amounts["rsa"]


def test_a_young_person_without_child_has_no_rsa(compute):
    result = compute(household(person=adult(2004)))
    assert "rsa" not in result.amounts


def test_a_well_paid_couple_who_own_their_home_gets_nothing(compute):
    result = compute(
        household(
            person=adult(salary=2600),
            partner=adult(1988, salary=2300),
            housing="proprietaire",
            rent=0,
        )
    )
    assert result.amounts == {}
    assert result.total == 0
    assert result.css == "none"


def test_a_refused_value_raises_an_estimate_error(compute):
    with pytest.raises(engine.EstimateError):
        compute(household(housing="chateau"))


SAINT_NAZAIRE = "44184"


def with_full_history(salary: float, housing: str, rent: float, commune: str, variable: str):
    """`variable` for MONTH computed by OpenFisca from a situation written out by hand, the
    salary and the dwelling given for each of the twelve months before (not through
    `engine.situation`, whose omissions this reference is there to catch)."""
    from openfisca_core.simulation_builder import SimulationBuilder

    months = [f"{year}-{number:02d}" for year, number in [(2025, 11), (2025, 12)]]
    months += [f"2026-{number:02d}" for number in range(1, 12)]
    assert months[-1] == "2026-11" and len(months) == 13
    every = dict.fromkeys
    situation = {
        "individus": {
            "demandeur": {
                "date_naissance": {"ETERNITY": "1990-03-01"},
                **({"salaire_net": every(months, salary)} if salary else {}),
            }
        },
        "familles": {"famille": {"parents": ["demandeur"], "enfants": []}},
        "foyers_fiscaux": {"foyer": {"declarants": ["demandeur"], "personnes_a_charge": []}},
        "menages": {
            "menage": {
                "personne_de_reference": ["demandeur"],
                "enfants": [],
                "statut_occupation_logement": every(months, housing),
                "loyer": every(months, rent),
                "depcom": every(months, commune),
            }
        },
    }
    simulation = SimulationBuilder().build_from_entities(engine.tax_benefit_system(), situation)
    return float(simulation.calculate(variable, "2026-11")[0])


def test_the_prime_d_activite_deducts_the_forfait_logement_of_a_household_with_housing_aid(
    compute,
):
    """Single, 650,50 € net, furnished rental at 420 € in Saint-Nazaire: with the housing
    aid of the three months before known, the forfait logement (about 76 €) is deducted."""
    result = compute(
        household(
            person=adult(salary=650.50),
            housing="locataire_meuble",
            rent=420,
            commune_code=SAINT_NAZAIRE,
        )
    )
    expected = with_full_history(650.50, "locataire_meuble", 420.0, SAINT_NAZAIRE, "ppa")
    assert result.amounts["ppa"] == pytest.approx(expected, abs=0.01)
    assert result.amounts["ppa"] < 377.10  # the amount shown before, forfait not deducted
    assert 250 < result.amounts["ppa"] < 350
    assert result.amounts["housing"] > 0


def test_the_rsa_deducts_the_forfait_logement_of_a_household_with_housing_aid(compute, alone):
    expected = with_full_history(0, "locataire_vide", 450.0, NANTES, "rsa")
    assert alone.amounts["rsa"] == pytest.approx(expected, abs=0.01)
    assert alone.amounts["housing"] > 0
