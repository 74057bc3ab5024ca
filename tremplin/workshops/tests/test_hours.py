"""Half-days attended count in the weekly activity hours, on a concrete week (Monday
12 January 2026)."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.utils import timezone

from tremplin.pathways import actions as pathway_actions
from tremplin.pathways.enums import Framework
from tremplin.pathways.hours import hours_by_source, last_week_under_target, weekly_hours
from tremplin.pathways.models import Pathway
from tremplin.workshops import actions
from tremplin.workshops.models import HalfDay, Signature, WorkshopSession
from tremplin.workshops.tests.conftest import followed, png

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 1, 12)


@pytest.fixture
def pathway(person, membership, counselor):
    return pathway_actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.CONTRAT_ENGAGEMENT,
            started_on=date(2026, 1, 5),
            planned_end_on=date(2026, 12, 31),
            referent=counselor,
        ),
        membership=membership,
    )


def _session(design, membership, structure_id=None):
    """A session on Tuesday 13 (morning 9:00–12:00, afternoon 13:30–16:00) and Thursday 15
    (morning 9:00–12:30), created in the past as if it had been programmed then."""
    session = WorkshopSession.objects.create(
        structure_id=structure_id or membership.structure_id,
        design=design,
        place="Salle 1",
        capacity=10,
        created_by=membership.user,
    )
    for day, slot, start, end in (
        (date(2026, 1, 13), "morning", time(9, 0), time(12, 0)),
        (date(2026, 1, 13), "afternoon", time(13, 30), time(16, 0)),
        (date(2026, 1, 15), "morning", time(9, 0), time(12, 30)),
    ):
        HalfDay.objects.create(session=session, date=day, slot=slot, starts_at=start, ends_at=end)
    return session


def _at(day, hour):
    return timezone.make_aware(timezone.datetime.combine(day, time(hour, 0)))


def test_attended_half_days_count_in_the_week_and_absences_do_not(
    pathway, person, design, membership, counselor, structure_a
):
    session = _session(design, membership)
    registration = session.registrations.create(person=person, registered_by=counselor)
    other = followed(structure_a, counselor, 1)[0]
    session.registrations.create(person=other, registered_by=counselor)
    tuesday_am, tuesday_pm, thursday = session.half_days.all()
    # Tuesday morning on the tablet, Tuesday afternoon on paper, absent on Thursday.
    actions.sign(
        half_day=tuesday_am,
        registration=registration,
        by=counselor,
        drawing=png(),
        now=_at(date(2026, 1, 13), 10),
    )
    # Signed at a local (Paris) time: the digest still checks once read back in UTC.
    assert Signature.objects.get().is_intact()
    for half_day in (tuesday_am, tuesday_pm, thursday):
        actions.close_half_day(
            half_day=half_day,
            by=counselor,
            paper_signed=[registration.pk] if half_day == tuesday_pm else [],
        )
    by_source = hours_by_source(pathway, MONDAY)
    assert by_source["Ateliers collectifs"] == Decimal("5.5")  # 3 h + 2 h 30, not Thursday
    assert weekly_hours(pathway, MONDAY) == Decimal("5.5")
    assert hours_by_source(pathway, date(2026, 1, 5))["Ateliers collectifs"] == Decimal("0")


def test_an_open_half_day_and_another_structures_workshop_count_for_nothing(
    pathway, person, design, membership, counselor, structure_b
):
    session = _session(design, membership)
    registration = session.registrations.create(person=person, registered_by=counselor)
    tuesday_am = session.half_days.first()
    actions.sign(
        half_day=tuesday_am,
        registration=registration,
        by=counselor,
        drawing=png(),
        now=_at(date(2026, 1, 13), 10),
    )
    # Signed but not closed yet: the presence is written when the sheet is closed.
    assert hours_by_source(pathway, MONDAY)["Ateliers collectifs"] == Decimal("0")
    elsewhere = _session(design, membership, structure_id=structure_b.pk)
    other = elsewhere.registrations.create(person=person, registered_by=counselor)
    actions.close_half_day(
        half_day=elsewhere.half_days.first(), by=counselor, paper_signed=[other.pk]
    )
    assert hours_by_source(pathway, MONDAY)["Ateliers collectifs"] == Decimal("0")


def test_the_bulk_source_gives_the_same_hours_for_the_caseload(
    pathway, person, design, membership, counselor
):
    session = _session(design, membership)
    registration = session.registrations.create(person=person, registered_by=counselor)
    for half_day in session.half_days.all():
        actions.close_half_day(half_day=half_day, by=counselor, paper_signed=[registration.pk])
    from tremplin.workshops.hours import dated_hours, dated_hours_bulk

    single = sorted(dated_hours(pathway, MONDAY, date(2026, 1, 18)))
    bulk = dated_hours_bulk([pathway], MONDAY, date(2026, 1, 18))
    assert sorted(bulk[pathway.pk]) == single
    assert sum(h for _d, h in single) == Decimal("9")  # 3 + 2.5 + 3.5
    # The caseload badge: 9 h in the week is under the 15 h of a contrat d'engagement.
    under = last_week_under_target([pathway], today=date(2026, 1, 20))
    assert under[pathway.pk].hours == Decimal("9.0")
