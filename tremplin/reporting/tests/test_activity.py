"""The figures of the activity report, exact, on the constructed October 2026."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tremplin.pathways.models import ExitMapping
from tremplin.reporting.activity import (
    Figure,
    Month,
    MonthError,
    Report,
    Section,
    build_report,
    display,
    plain,
)
from tremplin.reporting.fse import Row as FseRow
from tremplin.reporting.fse import show as fse_show
from tremplin.reporting.tests.conftest import paris

OCTOBER = Month(2026, 10)


def figures(structure, month=OCTOBER):
    report = build_report(structure, month, now=paris(2026, 11, 23))
    return {f.key: (f.month, f.year) for _s, f in report.rows()}


def test_month_parsing_and_bounds():
    assert Month.parse("2026-10", today=date(2026, 11, 23)) == OCTOBER
    assert OCTOBER.label == "octobre 2026"
    assert OCTOBER.last_day == date(2026, 10, 31)
    assert Month(2028, 2).last_day == date(2028, 2, 29)
    assert OCTOBER.previous() == Month(2026, 9)
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2026, 1).previous() == Month(2025, 12)
    for bad in ("2026-13", "octobre", "", "2026/10", "1999-12"):
        with pytest.raises(MonthError, match="AAAA-MM"):
            Month.parse(bad, today=date(2026, 11, 23))
    with pytest.raises(MonthError, match="pas encore commencé"):
        Month.parse("2026-12", today=date(2026, 11, 23))
    assert Month.parse("2026-11", today=date(2026, 11, 23)) == Month(2026, 11)


def test_display_masks_a_hidden_count_only():
    count = Figure("x", "x", 3, 12, "")
    assert display(count, 3) == "3"
    assert display(count, 3, mask=True) == "< 5"
    assert display(count, 12, mask=True) == "s"  # hidden to protect a small one
    assert display(count, 12345) == "12\u202f345"
    assert plain(count, 12345) == "12345"
    rate = Figure("r", "r", 33.3, None, "", kind="rate")
    assert display(rate, 33.3, mask=True) == "33,3\u202f%"
    assert display(rate, None) == "—"
    assert plain(rate, None) == ""


def test_reception_with_the_paris_month_boundary(activity, structure_a):
    f = figures(structure_a)
    assert f["contacts"] == (2, 3)
    assert f["contacts_walk_in"] == (1, 1)
    assert f["contacts_phone"] == (1, 2)
    assert f["contacts_online"] == (0, 0)
    assert f["info_sessions"] == (1, 2)
    assert f["info_session_present"] == (1, 2)


def test_the_contact_of_1_november_00_30_in_paris_is_in_november(activity, structure_a):
    f = figures(structure_a, Month(2026, 11))
    assert f["contacts"] == (1, 4)
    assert figures(structure_a, Month(2026, 9))["contacts"] == (0, 1)


def test_people_followed_and_their_profile(activity, structure_a):
    f = figures(structure_a)
    assert f["followed"] == (2, 4)
    assert f["follow_started"] == (1, 2)
    assert f["follow_ended"] == (1, 2)
    assert f["profile_women"] == (1, 2)
    assert f["profile_men"] == (1, 2)
    assert f["profile_under_26"] == (1, 1)
    assert f["profile_26_49"] == (1, 2)  # 26 years old on the month's last day counts here
    assert f["profile_50_plus"] == (0, 1)
    assert f["profile_rsa"] == (1, 1)
    assert f["profile_rqth"] == (1, 1)
    assert f["profile_qpv"] == (1, 1)
    assert f["profile_edu_none"] == (0, 1)
    assert f["profile_edu_3"] == (1, 1)
    assert f["profile_edu_4"] == (0, 0)
    assert f["profile_edu_unknown"] == (1, 2)


def test_a_person_followed_by_two_structures_counts_in_each_for_its_own_follow(
    activity, structure_b
):
    f = figures(structure_b)
    # P1 (followed by B since 2025) and P5 (B only, from October).
    assert f["followed"] == (2, 2)
    assert f["follow_started"] == (1, 1)
    assert f["profile_edu_4"] == (1, 1)


def test_diagnosis(activity, structure_a):
    f = figures(structure_a)
    assert f["first_interviews"] == (1, 2)
    assert f["diagnoses_validated"] == (1, 2)
    assert f["urgency_checks"] == (1, 2)
    assert f["urgencies"] == (1, 1)


def test_orders_and_referrals(activity, structure_a):
    f = figures(structure_a)
    assert f["orders_received"] == (1, 3)
    assert f["orders_accepted"] == (1, 2)
    assert f["orders_refused"] == (1, 1)
    assert f["referrals_sent"] == (3, 5)
    assert f["referrals_accepted"] == (1, 1)
    assert f["referrals_refused"] == (1, 1)
    assert f["referrals_expired"] == (1, 1)
    assert f["referrals_cancelled"] == (0, 0)
    assert f["referrals_done"] == (1, 1)
    assert f["referrals_no_show"] == (0, 1)


def test_the_referrals_sent_add_up_to_where_they_stand_including_those_expired(
    activity, structure_a
):
    f = figures(structure_a)
    now = {
        key: f[f"referrals_sent_now_{key}"]
        for key in ("waiting", "accepted", "refused", "expired", "cancelled")
    }
    assert now == {
        "waiting": (1, 1),
        "accepted": (1, 2),
        "refused": (0, 1),
        "expired": (1, 1),
        "cancelled": (0, 0),
    }
    for column in (0, 1):
        assert sum(v[column] for v in now.values()) == f["referrals_sent"][column]


def test_pathways_contracts_and_exits(activity, structure_a):
    f = figures(structure_a)
    assert f["pathways_started"] == (1, 2)
    assert f["pathways_started_cej"] == (1, 1)
    assert f["pathways_started_iae"] == (0, 1)
    assert "pathways_started_plie" not in f  # none this year up to October
    assert f["pathways_in_progress"] == (1, 3)
    assert f["contracts_signed"] == (1, 2)
    assert f["contracts_amended"] == (1, 1)
    assert f["exits"] == (1, 2)
    assert f["exits_cdi"] == (1, 1)
    assert f["exits_cdd_under_6m"] == (0, 1)
    iae = {
        m.category: m.label + (f" ({m.code})" if m.code else "")
        for m in ExitMapping.objects.filter(nomenclature="iae")
    }
    if iae["cdi"] == iae["cdd_under_6m"]:
        assert f[f"exits_iae_{iae['cdi']}"] == (1, 2)
    else:
        assert f[f"exits_iae_{iae['cdi']}"] == (1, 1)
        assert f[f"exits_iae_{iae['cdd_under_6m']}"] == (0, 1)
    plie = ExitMapping.objects.get(nomenclature="plie", category="cdi")
    label = plie.label + (f" ({plie.code})" if plie.code else "")
    funder = activity["funder"]
    assert f[f"exits_funder_{funder.pk}_{label}"] == (1, 1)
    assert not any(
        key.startswith("exits_funder_") and key != f"exits_funder_{funder.pk}_{label}" for key in f
    )


def test_appointments_and_workshops(activity, structure_a):
    f = figures(structure_a)
    assert f["appointments"] == (1, 2)
    assert f["appointments_seen"] == (1, 1)
    assert f["appointments_excused"] == (1, 1)
    assert f["appointments_no_show"] == (1, 2)
    assert f["no_show_rate"] == (33.3, 50.0)
    assert f["workshop_sessions"] == (1, 2)
    assert f["workshop_half_days"] == (2, 3)
    assert f["workshop_participants"] == (2, 2)
    assert f["workshop_hours"] == (8.5, 11.5)


def test_employers_and_employment(activity, structure_a):
    f = figures(structure_a)
    assert f["interactions"] == (1, 2)
    assert f["offers_published"] == (1, 1)
    assert f["proposals"] == (1, 1)
    assert f["proposals_hired"] == (1, 1)
    assert f["employments_started"] == (1, 2)
    assert f["immersions_signed"] == (1, 1)
    assert f["immersions_done"] == (1, 1)
    assert f["check_ins_done"] == (1, 2)
    assert f["outcomes"] == (1, 1)
    assert f["outcomes_same_employer"] == (1, 1)
    assert f["outcomes_training"] == (0, 0)


def test_the_other_structure_counts_only_its_own(activity, structure_b):
    f = figures(structure_b)
    assert f["contacts"] == (1, 1)
    assert f["info_session_present"] == (2, 2)
    assert f["first_interviews"] == (1, 1)
    assert f["urgencies"] == (1, 1)
    assert f["orders_accepted"] == (1, 1)
    assert f["referrals_sent"] == (1, 1)
    assert f["exits_cdi"] == (1, 1)
    assert f["appointments_no_show"] == (1, 1)
    assert f["interactions"] == (1, 1)
    assert f["employments_started"] == (1, 1)
    assert f["outcomes_training"] == (1, 1)
    assert f["check_ins_done"] == (1, 1)
    assert f["immersions_signed"] == (1, 1)
    assert f["workshop_sessions"] == (0, 0)


def test_an_empty_month_and_an_empty_structure(activity, structure_a, structure_c):
    assert build_report(structure_c, OCTOBER).is_empty
    assert build_report(structure_c, OCTOBER).year_is_empty
    report = build_report(structure_a, Month(2026, 1), now=paris(2026, 11, 23))
    assert not report.is_empty  # people followed at the end of January
    empty_year = build_report(structure_a, Month(2020, 1), now=paris(2026, 11, 23))
    assert empty_year.is_empty and empty_year.year_is_empty


def _queries(structure):
    with CaptureQueriesContext(connection) as captured:
        build_report(structure, OCTOBER, now=paris(2026, 11, 23))
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_data(structure_c, activity, structure_a):
    # The same structure with no data, then with the whole data set: the same queries,
    # apart from the funders' breakdown (one query when the structure has funders).
    empty = _queries(structure_c)
    full = _queries(structure_a)
    assert full <= empty + 1
    assert full <= 40


def test_a_small_count_cannot_be_worked_out_from_its_breakdown():
    # 142 received: 130 under 26, 9 from 26 to 49, 3 aged 50 and more.
    age = [
        Figure("all", "Personnes reçues", 142, 142, ""),
        Figure("young", "moins de 26 ans", 130, 130, "", indent=True),
        Figure("middle", "26 à 49 ans", 9, 9, "", indent=True),
        Figure("old", "50 ans et plus", 3, 3, "", indent=True),
        Figure("rate", "Taux", 12.5, 12.5, "", kind="rate"),
        Figure("alone", "Orientations", 2, 6, ""),
    ]
    report = Report(1, "S", Month(2026, 10), [Section("a", "A", age)], None)
    hidden = report.hidden_cells()
    ids = {f.key: id(f) for f in age}
    # The small one, and the next smallest of its breakdown: 142 − 130 gives only 12 for two.
    assert (ids["old"], "month") in hidden and (ids["middle"], "month") in hidden
    assert (ids["young"], "month") not in hidden and (ids["all"], "month") not in hidden
    assert (ids["alone"], "month") in hidden and (ids["alone"], "year") not in hidden
    assert not any(cell[0] == ids["rate"] for cell in hidden)


def test_hidden_parts_add_up_to_more_than_a_small_count():
    from tremplin.reporting.suppression import hidden_cells

    # Two small parts of 1 and 2 would still say « 3 for the two »: a third part is hidden.
    values = {"t": 50, "a": 1, "b": 2, "c": 7, "d": 40, "e": 0}
    assert hidden_cells(values, [("t", ["a", "b", "c", "d", "e"])]) == {"a", "b", "c"}
    # A zero reveals no one and stays visible.
    assert hidden_cells({"t": 9, "a": 3, "b": 0, "c": 6}, [("t", ["a", "b", "c"])]) == {"a", "c"}
    # A total hidden only for secrecy cannot be added up again from visible parts.
    values = {"u": 40, "t": 3, "x": 37, "a": 1, "b": 2, "c": 20, "d": 17}
    relations = [("u", ["t", "x"]), ("t", ["a", "b"]), ("x", ["c", "d"])]
    assert hidden_cells(values, relations) == {"t", "a", "b", "x", "d"}
    # A cell hidden for one breakdown is protected in the other one too.
    values = {"w1": 3, "m1": 20, "w2": 10, "m2": 30, "r1": 23, "r2": 40, "cw": 13, "cm": 50}
    relations = [
        ("r1", ["w1", "m1"]),
        ("r2", ["w2", "m2"]),
        ("cw", ["w1", "w2"]),
        ("cm", ["m1", "m2"]),
    ]
    assert hidden_cells(values, relations) == {"w1", "m1", "w2", "m2"}
    # Without a known total, there is nothing to subtract from.
    assert hidden_cells({"a": 3, "b": 9}, [(None, ["a", "b"])]) == {"a"}


def test_the_fse_table_hides_what_gives_a_small_count_away():
    from tremplin.reporting.fse import Block, Row, table_rows

    block = Block(
        "entry",
        "Entrées",
        "",
        [
            Row("all", "", "Participants", "", yes=16, women=13, men=3, unknown=0),
            Row("minor", "", "Moins de 18 ans", "", yes=3, women=3, men=0, indent=True),
            Row("young", "", "18 à 29 ans", "", yes=13, women=10, men=3, indent=True),
        ],
    )
    shown = {row[0]: row[2:5] for row in table_rows(block, mask=True)}
    # 16 − 13 would give the minors (3): the 13 is hidden too (« s », it is not small); the
    # 3 men would give the women away within « Oui » (16 − 3): hidden as well.
    assert shown["— Moins de 18 ans"][0] == "< 5" and shown["— 18 à 29 ans"][0] == "s"
    assert shown["Participants"] == ["16", "s", "< 5"]
    assert table_rows(block, mask=False)[0][2:5] == ["16", "13", "3"]


def test_stocks_are_masked_like_counts_and_the_unknown_sex_is_protected():
    from tremplin.reporting.fse import Block, Row, table_rows

    followed = [
        Figure("all", "Personnes suivies", 40, 40, "", kind="stock"),
        Figure("rqth", "dont RQTH", 1, 2, "", kind="stock", indent=True),
    ]
    report = Report(1, "S", Month(2026, 10), [Section("a", "A", followed)], None)
    assert (id(followed[1]), "month") in report.hidden_cells()
    # 20 « Oui », 12 women, 6 men: 2 people whose sex is not known, worked out by
    # subtraction — protected by hiding the men too.
    block = Block("b", "B", "", [Row("x", "", "Indicateur", "", yes=20, women=12, men=6)])
    assert table_rows(block, mask=True)[0][2:5] == ["20", "12", "s"]


def test_a_percentage_never_breaks_from_its_number():
    """87,5 and % are held together by a narrow no-break space, on screen and in the PDF."""
    row = FseRow("r", "R", "r", "", kind="rate")
    assert fse_show(row, 87.5) == "87,5\u202f%"
    assert display(Figure("r", "r", 87.5, None, "", kind="rate"), 87.5) == "87,5\u202f%"
