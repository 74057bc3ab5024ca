"""Weekly activity hours on concrete weeks (January 2026: Monday 5, 12, 19, 26)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tremplin.pathways import actions as workflow
from tremplin.pathways.enums import ActionOwner, ActionStatus, SuspensionReason
from tremplin.pathways.hours import (
    monday_of,
    pathway_weeks,
    register_hours_source,
    unregister_hours_source,
    weekly_hours,
)
from tremplin.pathways.models import Action

pytestmark = pytest.mark.django_db


def act(pathway, due, hours, start=None, status=ActionStatus.DONE):
    return Action.objects.create(
        pathway=pathway,
        title="Atelier",
        owner=ActionOwner.PERSON,
        starts_on=start,
        due_on=due,
        hours=Decimal(hours),
        status=status,
    )


def test_hours_of_the_actions_of_the_week_are_summed(pathway):
    act(pathway, date(2026, 1, 6), 3)  # Tuesday
    act(pathway, date(2026, 1, 9), "4.5", status=ActionStatus.PLANNED)  # Friday
    act(pathway, date(2026, 1, 11), 2, status=ActionStatus.IN_PROGRESS)  # Sunday
    act(pathway, date(2026, 1, 12), 5)  # next Monday
    act(pathway, date(2026, 1, 7), 8, status=ActionStatus.CANCELLED)
    act(pathway, date(2026, 1, 8), 8, status=ActionStatus.ON_HOLD)
    assert weekly_hours(pathway, date(2026, 1, 5)) == Decimal("9.5")
    assert weekly_hours(pathway, date(2026, 1, 12)) == Decimal("5")


def test_a_two_week_training_counts_its_hours_over_its_working_days(pathway):
    # 70 hours from Monday 12 to Friday 23: ten working days, 35 hours a week.
    act(pathway, date(2026, 1, 23), 70, start=date(2026, 1, 12))
    # 10 hours from Thursday 15 to Tuesday 20: four working days, two in each week.
    act(pathway, date(2026, 1, 20), 10, start=date(2026, 1, 15))
    assert weekly_hours(pathway, date(2026, 1, 12)) == Decimal(40)
    assert weekly_hours(pathway, date(2026, 1, 19)) == Decimal(40)
    assert weekly_hours(pathway, date(2026, 1, 26)) == 0


def test_a_week_starts_on_a_monday(pathway):
    with pytest.raises(ValueError):
        weekly_hours(pathway, date(2026, 1, 6))


def test_other_sources_registered_add_their_hours(pathway):
    act(pathway, date(2026, 1, 6), 3)

    def appointments(p, first, last):
        assert p == pathway
        return [(date(2026, 1, 7), Decimal("1.5")), (date(2026, 2, 2), Decimal(9))]

    register_hours_source("test-appointments", "Rendez-vous (test)", appointments)
    try:
        assert weekly_hours(pathway, date(2026, 1, 5)) == Decimal("4.5")
        week = pathway_weeks(pathway, today=date(2026, 1, 14))[-1]
        assert week.start == date(2026, 1, 5) and week.hours == Decimal("4.5")
    finally:
        unregister_hours_source("test-appointments")
    assert weekly_hours(pathway, date(2026, 1, 5)) == Decimal(3)


def test_weeks_under_target_leave_out_the_current_and_suspended_weeks(pathway, counselor):
    act(pathway, date(2026, 1, 6), 16)  # week 2: 16 h, over 15
    act(pathway, date(2026, 1, 13), 10)  # week 3: 10 h, under
    workflow.suspend(
        pathway=pathway, by=counselor, started_on=date(2026, 1, 21), reason=SuspensionReason.HEALTH
    )
    workflow.resume(pathway=pathway, by=counselor, resumed_on=date(2026, 1, 24))
    weeks = {w.start: w for w in pathway_weeks(pathway, today=date(2026, 2, 4))}
    assert list(weeks) == [
        date(2026, 2, 2),
        date(2026, 1, 26),
        date(2026, 1, 19),
        date(2026, 1, 12),
        date(2026, 1, 5),
    ]
    assert not weeks[date(2026, 1, 5)].is_under_target
    assert weeks[date(2026, 1, 12)].is_under_target and weeks[date(2026, 1, 12)].missing == 5
    assert weeks[date(2026, 1, 19)].is_suspended and not weeks[date(2026, 1, 19)].is_under_target
    assert weeks[date(2026, 1, 26)].is_under_target
    assert weeks[date(2026, 2, 2)].is_current and not weeks[date(2026, 2, 2)].is_under_target


def test_a_week_of_more_than_48_hours_is_pointed_out(client, login, counselor, pathway):
    """More than the legal working week cannot all have happened: two activities overlap."""
    # A 35-hour immersion week and a 25-hour training the same week.
    act(pathway, date(2026, 1, 9), 35, start=date(2026, 1, 5))
    act(pathway, date(2026, 1, 9), 25, start=date(2026, 1, 5))
    act(pathway, date(2026, 1, 16), 48, start=date(2026, 1, 12))
    weeks = {w.start: w for w in pathway_weeks(pathway, today=date(2026, 1, 21))}
    assert weeks[date(2026, 1, 5)].is_implausible
    assert not weeks[date(2026, 1, 12)].is_implausible  # 48 h exactly: possible
    # On the pathway page (the last twelve weeks): a recent week of 60 hours.
    monday = monday_of(timezone.localdate()) - timedelta(weeks=2)
    act(pathway, monday + timedelta(days=4), 60, start=monday)
    login(client, counselor)
    page = client.get(f"/parcours/{pathway.pk}/").content.decode()
    assert page.count("Plus de 48 h comptées") == 1


def test_an_adapted_target_replaces_the_framework_rule(pathway):
    act(pathway, date(2026, 1, 13), 10)
    pathway.weekly_hours_target = Decimal(8)
    pathway.target_reason = "isolated_parent"
    pathway.save()
    week = next(
        w for w in pathway_weeks(pathway, today=date(2026, 1, 30)) if w.start == date(2026, 1, 12)
    )
    assert week.target == 8 and not week.is_under_target


def test_attended_appointments_of_the_agenda_count_in_the_week(pathway, counselor):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from tremplin.agenda.enums import Attendance
    from tremplin.agenda.models import Appointment, Participant

    def meet(day, hour, minutes, attendance):
        start = datetime(2026, 1, day, hour, 0, tzinfo=ZoneInfo("Europe/Paris"))
        appointment = Appointment.objects.create(
            structure=pathway.structure,
            organizer=counselor,
            created_by=counselor,
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            place="Bureau 3",
        )
        Participant.objects.create(
            appointment=appointment, person=pathway.person, attendance=attendance
        )

    act(pathway, date(2026, 1, 6), 3)
    meet(7, 10, 90, Attendance.SEEN)  # counts: 1.5 h
    meet(8, 14, 60, Attendance.NO_SHOW)  # a missed appointment counts for nothing
    meet(13, 9, 45, Attendance.SEEN)  # next week
    assert weekly_hours(pathway, date(2026, 1, 5)) == Decimal("4.5")
    assert weekly_hours(pathway, date(2026, 1, 12)) == Decimal("0.8")  # 0.75 h, to the tenth


def test_the_caseload_shows_who_was_under_the_target_last_week(
    client, login, counselor, pathway, django_assert_max_num_queries
):
    from django.utils import timezone

    from tremplin.pathways.hours import monday_of

    login(client, counselor)
    page = client.get("/personnes/").content.decode()
    assert "semaine dernière : 0 h d&#x27;activité sur 15 h attendues" in page

    last_monday = monday_of(timezone.localdate()) - timezone.timedelta(weeks=1)
    act(pathway, last_monday + timezone.timedelta(days=4), 16, start=last_monday)
    with django_assert_max_num_queries(20):
        page = client.get("/personnes/").content.decode()
    assert "h attendues" not in page
