"""Exit categories computed from the facts, and their funders' categories (data)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tremplin.pathways.enums import ExitCategory, ExitSituation
from tremplin.pathways.exits import ExitFacts, add_months, compute_exit_category, lasts_six_months
from tremplin.pathways.loaders import load_nomenclatures
from tremplin.pathways.models import ExitMapping, Nomenclature

EXIT = date(2026, 6, 30)


def job(situation, start=date(2026, 7, 1), end=None, **extra):
    return ExitFacts(
        situation=situation,
        exit_on=EXIT,
        contract_start=start,
        contract_end=end,
        employer="Chantiers de l'Atlantique",
        **extra,
    )


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (job("cdi"), ExitCategory.CDI),
        (job("cdd", end=date(2026, 12, 31)), ExitCategory.CDD_6_MONTHS_OR_MORE),
        (
            job("cdd", start=date(2026, 1, 1), end=date(2026, 6, 30)),
            ExitCategory.CDD_6_MONTHS_OR_MORE,
        ),
        (
            job("cdd", start=date(2026, 1, 1), end=date(2026, 6, 29)),
            ExitCategory.CDD_UNDER_6_MONTHS,
        ),
        (job("cdd", end=date(2026, 9, 30)), ExitCategory.CDD_UNDER_6_MONTHS),
        (job("interim", end=date(2026, 7, 31)), ExitCategory.INTERIM),
        (job("interim", end=date(2027, 1, 31)), ExitCategory.INTERIM_6_MONTHS_OR_MORE),
        (job("subsidised"), ExitCategory.SUBSIDISED),
        (job("civil_service"), ExitCategory.CIVIL_SERVICE),
        (job("siae_hire"), ExitCategory.SIAE_HIRE),
        (job("business"), ExitCategory.BUSINESS),
        (
            ExitFacts("qualifying_training", EXIT, date(2026, 9, 1), training_title="CAP cuisine"),
            ExitCategory.QUALIFYING_TRAINING,
        ),
        (
            ExitFacts("prequalifying_training", EXIT, date(2026, 9, 1), training_title="Prépa"),
            ExitCategory.PREQUALIFYING_TRAINING,
        ),
        (ExitFacts("job_seeking", EXIT), ExitCategory.JOB_SEEKING),
        (ExitFacts("move", EXIT), ExitCategory.MOVE),
        (ExitFacts("health", EXIT), ExitCategory.HEALTH),
        (ExitFacts("dropout", EXIT), ExitCategory.DROPOUT),
        (ExitFacts("reoriented", EXIT), ExitCategory.REORIENTED),
        (ExitFacts("other", EXIT), ExitCategory.OTHER),
    ],
    ids=lambda v: v.situation if isinstance(v, ExitFacts) else str(v),
)
def test_category_is_computed_from_the_facts(facts, expected):
    assert compute_exit_category(facts) == expected


def test_every_situation_is_covered_by_the_cases_above():
    covered = {"cdi", "cdd", "interim", "subsidised", "civil_service", "siae_hire", "business"}
    covered |= {"qualifying_training", "prequalifying_training", "job_seeking", "move"}
    covered |= {"health", "dropout", "reoriented", "other"}
    assert covered == set(ExitSituation.values)


@pytest.mark.parametrize(
    ("facts", "field", "message"),
    [
        (ExitFacts(""), "situation", "Indiquez la situation"),
        (ExitFacts("cdi", EXIT), "employer", "Indiquez l'employeur"),
        (job("cdd"), "contract_end", "6 mois"),
        (job("interim"), "contract_end", "fin de la mission"),
        (job("cdd", end=date(2026, 6, 1)), "contract_end", "précéder le début"),
        (ExitFacts("qualifying_training", EXIT, date(2026, 9, 1)), "training_title", "intitulé"),
        (ExitFacts("business", EXIT, employer="SAS Vélo"), "contract_start", "création"),
        (job("cdi", weekly_hours=Decimal(60)), "weekly_hours", "48 heures"),
        (ExitFacts("job_seeking"), "exit_on", "date de sortie"),
    ],
)
def test_missing_or_wrong_facts_are_refused_in_french(facts, field, message):
    with pytest.raises(ValidationError) as error:
        compute_exit_category(facts)
    assert message in " ".join(error.value.message_dict[field])


def test_six_months_counts_calendar_months():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert lasts_six_months(date(2026, 8, 31), date(2027, 2, 27))
    assert not lasts_six_months(date(2026, 8, 31), date(2027, 2, 26))


@pytest.mark.django_db
def test_every_computed_category_has_a_category_in_every_shipped_nomenclature():
    assert set(Nomenclature.objects.values_list("code", flat=True)) >= {
        "iae",
        "plie",
        "fse_plus",
        "cej",
    }
    for nomenclature in Nomenclature.objects.all():
        mapped = set(nomenclature.mappings.values_list("category", flat=True))
        assert mapped == set(ExitCategory.values), nomenclature.code


@pytest.mark.django_db
def test_iae_sorties_dynamiques_come_from_the_data_table():
    iae = {m.category: m.label for m in ExitMapping.objects.filter(nomenclature="iae")}
    assert iae["cdi"] == iae["cdd_6m_plus"] == "Emploi durable"
    assert iae["cdd_under_6m"] == iae["interim"] == "Emploi de transition"
    assert iae["qualifying_training"] == iae["siae_hire"] == "Sortie positive"
    assert iae["job_seeking"] == iae["dropout"] == "Autre sortie"


@pytest.mark.django_db
def test_cej_exits_count_lasting_jobs_transitional_jobs_and_training():
    cej = {m.category: m for m in ExitMapping.objects.filter(nomenclature="cej")}
    assert {cej[c].label for c in ("cdi", "cdd_6m_plus", "interim_6m_plus", "business")} == {
        "Emploi durable"
    }
    assert {cej[c].label for c in ("cdd_under_6m", "interim", "subsidised", "siae_hire")} == {
        "Emploi de transition"
    }
    assert cej["qualifying_training"].label == cej["prequalifying_training"].label == "Formation"
    positive = {c for c, m in cej.items() if m.is_positive}
    assert positive.isdisjoint({"job_seeking", "dropout", "move", "health", "reoriented"})


@pytest.mark.django_db
def test_loading_the_nomenclatures_again_changes_nothing():
    before = list(ExitMapping.objects.order_by("pk").values_list("pk", "label"))
    load_nomenclatures()
    assert list(ExitMapping.objects.order_by("pk").values_list("pk", "label")) == before
