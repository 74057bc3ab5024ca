"""The FSE+ indicator rules, on many cases: what the facts establish, and « non renseigné »
wherever a fact is missing."""

from datetime import date

import pytest

from tremplin.fse import rules
from tremplin.fse.rules import EntryFacts, ExitResultFacts, SixMonthFacts, Value

ENTRY = date(2026, 3, 10)
BORN_1990 = date(1990, 5, 1)


def entry(**facts):
    return rules.entry_values(EntryFacts(entry_on=ENTRY, birth_date=BORN_1990, **facts))


def test_every_indicator_has_a_value_and_a_unique_key():
    keys = [i.key for i in (*rules.ENTRY_INDICATORS, *rules.EXIT_INDICATORS)]
    assert len(keys) == len(set(keys))
    values = entry()
    assert set(values) == {i.key for i in rules.ENTRY_INDICATORS}


def test_an_empty_entry_is_unknown_and_never_guessed():
    values = entry()
    for key in (
        "unemployed",
        "long_term_unemployed",
        "inactive",
        "employed",
        "isced_0_2",
        "isced_3_4",
        "isced_5_8",
        "disability",
        "housing_exclusion",
        "rural",
    ):
        assert values[key] == Value.UNKNOWN, key
    # The age is always known: the birth date is mandatory in the file.
    assert values["age_18_29"] == Value.NO


@pytest.mark.parametrize(
    ("status", "unemployed", "inactive", "employed"),
    [
        ("unemployed", Value.YES, Value.NO, Value.NO),
        ("inactive", Value.NO, Value.YES, Value.NO),
        ("employed", Value.NO, Value.NO, Value.YES),
        ("", Value.UNKNOWN, Value.UNKNOWN, Value.UNKNOWN),
        ("nonsense", Value.UNKNOWN, Value.UNKNOWN, Value.UNKNOWN),
    ],
)
def test_labour_market_status_at_entry(status, unemployed, inactive, employed):
    values = entry(labour_status=status)
    assert (values["unemployed"], values["inactive"], values["employed"]) == (
        unemployed,
        inactive,
        employed,
    )


@pytest.mark.parametrize(
    ("status", "since", "expected"),
    [
        ("unemployed", date(2025, 3, 10), Value.YES),  # exactly 12 months
        ("unemployed", date(2025, 3, 11), Value.NO),  # one day short
        ("unemployed", date(2020, 1, 1), Value.YES),
        ("unemployed", None, Value.UNKNOWN),  # registration date not known
        ("unemployed", date(2026, 4, 1), Value.UNKNOWN),  # after the entry: inconsistent
        ("employed", date(2020, 1, 1), Value.NO),  # in work: not unemployed at all
        ("inactive", None, Value.NO),
        ("", date(2020, 1, 1), Value.UNKNOWN),
    ],
)
def test_long_term_unemployment_needs_twelve_months_of_registration(status, since, expected):
    assert entry(labour_status=status, jobseeker_since=since)["long_term_unemployed"] == expected


@pytest.mark.parametrize(
    ("born", "under_18", "young", "senior"),
    [
        (date(2008, 3, 11), Value.YES, Value.NO, Value.NO),  # 17 the day before the birthday
        (date(2008, 3, 10), Value.NO, Value.YES, Value.NO),  # 18 on the day of entry
        (date(1996, 3, 10), Value.NO, Value.NO, Value.NO),  # 30
        (date(1996, 3, 11), Value.NO, Value.YES, Value.NO),  # still 29
        (date(1971, 3, 10), Value.NO, Value.NO, Value.YES),  # 55 that day
        (date(1971, 3, 11), Value.NO, Value.NO, Value.NO),  # 54
    ],
)
def test_age_bands_are_taken_on_the_day_of_entry(born, under_18, young, senior):
    values = rules.entry_values(EntryFacts(entry_on=ENTRY, birth_date=born))
    assert (values["under_18"], values["age_18_29"], values["age_55_plus"]) == (
        under_18,
        young,
        senior,
    )


@pytest.mark.parametrize(
    ("level", "group"),
    [
        ("infra3", "isced_0_2"),
        ("3", "isced_3_4"),
        ("4", "isced_3_4"),
        ("5", "isced_5_8"),
        ("6", "isced_5_8"),
        ("7", "isced_5_8"),
        ("8", "isced_5_8"),
    ],
)
def test_french_diploma_levels_map_to_one_isced_group(level, group):
    values = entry(education_level=level)
    for key in ("isced_0_2", "isced_3_4", "isced_5_8"):
        assert values[key] == (Value.YES if key == group else Value.NO)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("yes", Value.YES), ("no", Value.NO), ("declined", Value.UNKNOWN), ("", Value.UNKNOWN)],
)
def test_declared_facts_count_only_when_answered(reply, expected):
    values = entry(disability=reply, housing_exclusion=reply, rural=reply)
    assert values["disability"] == values["housing_exclusion"] == values["rural"] == expected


def test_disability_is_the_only_sensitive_indicator():
    assert [i.key for i in rules.ENTRY_INDICATORS if i.is_sensitive] == ["disability"]


EXIT = date(2026, 6, 30)


def leaving(situation, start=None, qualification=""):
    return rules.exit_values(
        ExitResultFacts(
            exit_on=EXIT, situation=situation, contract_start=start, qualification=qualification
        )
    )


@pytest.mark.parametrize(
    "situation", ["cdi", "cdd", "interim", "subsidised", "civil_service", "siae_hire", "business"]
)
def test_work_started_within_four_weeks_counts_as_employment(situation):
    assert leaving(situation, date(2026, 7, 28))["in_employment"] == Value.YES
    assert leaving(situation, date(2026, 7, 29))["in_employment"] == Value.NO
    assert leaving(situation, date(2026, 7, 1))["job_searching"] == Value.NO


@pytest.mark.parametrize("situation", ["qualifying_training", "prequalifying_training"])
def test_training_started_within_four_weeks_counts(situation):
    assert leaving(situation, date(2026, 7, 1))["in_training"] == Value.YES
    assert leaving(situation, date(2026, 9, 1))["in_training"] == Value.NO
    assert leaving(situation, date(2026, 7, 1))["in_employment"] == Value.NO


def test_job_seeking_at_exit():
    values = leaving("job_seeking")
    assert values["job_searching"] == Value.YES
    assert values["in_employment"] == values["in_training"] == Value.NO


@pytest.mark.parametrize("situation", ["move", "health", "dropout", "reoriented", "other"])
def test_other_exits_reach_no_result(situation):
    values = leaving(situation)
    assert values["job_searching"] == values["in_training"] == values["in_employment"] == Value.NO


def test_qualification_is_what_the_counselor_noted():
    assert leaving("cdi", EXIT, "yes")["qualification"] == Value.YES
    assert leaving("cdi", EXIT, "no")["qualification"] == Value.NO
    assert leaving("cdi", EXIT)["qualification"] == Value.UNKNOWN


def test_an_unknown_exit_situation_is_unknown_everywhere():
    assert set(leaving("").values()) == {Value.UNKNOWN}


def later(**facts):
    return rules.six_month_values(SixMonthFacts(**facts))


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("employed", Value.YES),
        ("self_employed", Value.YES),
        ("training", Value.NO),
        ("job_seeking", Value.NO),
        ("other", Value.NO),
        ("", Value.UNKNOWN),  # not surveyed, or no answer
    ],
)
def test_employment_six_months_after_comes_from_the_survey(answer, expected):
    assert later(situation=answer)["employed_6_months"] == expected


@pytest.mark.parametrize(
    ("entry_status", "entry_contract", "answer", "contract", "expected"),
    [
        ("employed", "cdd", "employed", "cdi", Value.YES),
        ("employed", "interim", "employed", "civil_service", Value.YES),
        ("employed", "subsidised", "employed", "cdd", Value.NO),
        ("employed", "cdi", "employed", "cdi", Value.NO),
        ("employed", "cdd", "job_seeking", "", Value.NO),
        ("employed", "", "employed", "cdi", Value.UNKNOWN),  # entry contract not noted
        ("employed", "cdd", "", "", Value.UNKNOWN),  # no answer
        ("unemployed", "", "employed", "cdi", Value.NOT_APPLICABLE),
        ("inactive", "", "", "", Value.NOT_APPLICABLE),
        ("", "", "employed", "cdi", Value.UNKNOWN),
    ],
)
def test_improved_situation_only_for_people_in_work_at_entry(
    entry_status, entry_contract, answer, contract, expected
):
    values = later(
        situation=answer,
        contract=contract,
        entry_status=entry_status,
        entry_contract=entry_contract,
    )
    assert values["improved_6_months"] == expected


@pytest.mark.parametrize(
    ("entry_status", "entry_contract", "answer", "improvements", "expected"),
    [
        # From the Commission's definition: more hours, a more skilled job, a promotion.
        ("employed", "cdi", "employed", ("promotion",), Value.YES),
        ("employed", "", "self_employed", ("more_hours",), Value.YES),
        ("employed", "cdd", "job_seeking", (), Value.NO),
        ("unemployed", "", "employed", ("more_skilled",), Value.NOT_APPLICABLE),
    ],
)
def test_what_changed_in_the_work_counts_as_an_improvement(
    entry_status, entry_contract, answer, improvements, expected
):
    values = later(
        situation=answer,
        contract="cdi" if answer == "employed" else "",
        entry_status=entry_status,
        entry_contract=entry_contract,
        improvements=improvements,
    )
    assert values["improved_6_months"] == expected


@pytest.mark.parametrize(
    ("exit_on", "six_months"),
    [
        (date(2026, 1, 15), date(2026, 7, 15)),
        (date(2025, 8, 31), date(2026, 2, 28)),  # no 31 February
        (date(2025, 12, 31), date(2026, 6, 30)),
    ],
)
def test_six_month_date(exit_on, six_months):
    assert rules.six_month_date(exit_on) == six_months


def test_the_survey_window_opens_two_weeks_before_and_closes_four_weeks_after():
    exit_on = date(2026, 1, 15)
    assert rules.survey_window(exit_on) == (date(2026, 7, 1), date(2026, 8, 12))
    assert not rules.is_due(exit_on, date(2026, 6, 30))
    assert rules.is_due(exit_on, date(2026, 7, 1))
    assert rules.is_due(exit_on, date(2026, 8, 12))
    assert not rules.is_due(exit_on, date(2026, 8, 13))
