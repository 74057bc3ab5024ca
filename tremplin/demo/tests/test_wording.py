from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tremplin.demo.wording import agree, working_at, working_day
from tremplin.people.models import Person


def test_agree_follows_the_sex_and_falls_back_on_a_neutral_wording():
    words = {"feminine": "Ponctuelle", "masculine": "Ponctuel", "neutral": "Ponctualité"}
    assert agree(Person(sex="F"), **words) == "Ponctuelle"
    assert agree(Person(sex="M"), **words) == "Ponctuel"
    assert agree(Person(sex="X"), **words) == "Ponctualité"


def test_working_day_moves_a_week_end_to_the_next_monday_or_the_friday_before():
    saturday, sunday, monday = date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30)
    assert working_day(monday) == monday
    assert working_day(saturday) == working_day(sunday) == monday
    assert working_day(sunday, backward=True) == date(2026, 11, 27)
    moment = timezone.localtime(working_at(sunday, 9, 30))
    assert (moment.date(), moment.hour, moment.minute) == (monday, 9, 30)


@pytest.mark.parametrize("weekday", [3, 6])  # built on a Thursday, on a Sunday
def test_demo_meets_on_working_days_in_plausible_weeks_with_agreed_texts(db, weekday, monkeypatch):
    from tremplin.agenda.models import Appointment
    from tremplin.employers.models import CampaignAction
    from tremplin.network.models import Referral
    from tremplin.pathways.hours import pathway_weeks
    from tremplin.pathways.models import Action, Objective, Pathway
    from tremplin.reception.models import Contact, InfoSession
    from tremplin.workshops.models import HalfDay

    real = timezone.localdate()
    today = real + timedelta(days=(weekday - real.weekday()) % 7)
    now = timezone.make_aware(datetime.combine(today, time(16)))
    monkeypatch.setattr(timezone, "now", lambda: now)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    call_command("demo", "--people", "40", stdout=StringIO())

    def weekday(moment):
        return timezone.localtime(moment).weekday() < 5

    assert all(weekday(s.starts_at) for s in InfoSession.objects.all())
    assert all(weekday(c.received_at) for c in Contact.objects.all())
    assert all(weekday(a.starts_at) for a in Appointment.objects.all())
    assert all(h.date.weekday() < 5 for h in HalfDay.objects.all())
    assert all(a.due_on.weekday() < 5 for a in CampaignAction.objects.all())
    assert all(weekday(r.appointment_at) for r in Referral.objects.exclude(appointment_at=None))
    # Every open CEJ counts 15 to 25 hours in each finished week; a person hired meanwhile
    # counts the job's hours on top (at least 15).
    from tremplin.employment.models import Employment

    working = set(Employment.objects.values_list("person_id", flat=True))
    for pathway in Pathway.objects.open().filter(framework="cej"):
        for week in pathway_weeks(pathway, today=today):
            if not week.is_current and week.start >= pathway.started_on:
                assert 15 <= week.hours, (pathway, week)
                assert pathway.person_id in working or week.hours <= 25, (pathway, week)
    # Objectives say more than their thématique, and actions serve their objective.
    assert not any(o.title == o.thematique.label for o in Objective.objects.all())
    licence = Action.objects.filter(title__icontains="conduite")
    assert licence and all(
        a.objective.thematique_id == "mobilite--preparer-un-permis" for a in licence
    )
    assert not Referral.objects.filter(motive__contains="·").exists()
