"""The figures of the activity report, exact, on the constructed October 2026."""

from datetime import date

import pytest

from tremplin.reporting.activity import (
    Figure,
    Month,
    MonthError,
    build_report,
    display,
    plain,
)
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


def test_a_file_taken_in_from_a_referral_counts_by_the_parts_opened_to_the_structure(
    activity, structure_a
):
    from tremplin.people.models import Follow

    # Say structure A took its RSA person and its RQTH, QPV person in from referrals: the
    # first opened it nothing more than her identity, the second his health only.
    Follow.objects.filter(structure=structure_a, person__is_rsa_beneficiary=True).update(
        opened_sections=[]
    )
    Follow.objects.filter(structure=structure_a, person__has_rqth=True).update(
        opened_sections=["health"]
    )
    f = figures(structure_a)
    assert f["profile_rsa"] == (0, 0)
    assert f["profile_qpv"] == (0, 0)  # his situation is not A's to read, nor to count
    assert f["profile_rqth"] == (1, 1)
    assert f["followed"] == (2, 4)  # both are still followed, and counted as such
