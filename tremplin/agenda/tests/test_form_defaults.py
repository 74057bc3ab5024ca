"""The appointment form: the start time it proposes, and booking from a person's file."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tremplin.agenda.actions import send_reminders
from tremplin.agenda.models import Appointment
from tremplin.agenda.slots import default_start
from tremplin.agenda.tests.conftest import local
from tremplin.agenda.tests.test_appointments import form_data
from tremplin.people.models import Follow
from tremplin.testing.factories import PersonFactory

PARIS = ZoneInfo("Europe/Paris")
# Tuesday 24 November 2026; Friday the 27th; Saturday the 28th; Monday the 30th.
TUESDAY = date(2026, 11, 24)


def at(day, hour, minute=0, second=0):
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(TUESDAY, 5, 3), at(TUESDAY, 8, 30)),  # at dawn: the morning's first slot
        (at(TUESDAY, 8, 29, 59), at(TUESDAY, 8, 30)),
        (at(TUESDAY, 10, 7), at(TUESDAY, 10, 15)),
        (at(TUESDAY, 10, 15), at(TUESDAY, 10, 15)),  # on the dot: that slot
        (at(TUESDAY, 10, 15, 30), at(TUESDAY, 10, 30)),
        (at(TUESDAY, 10, 46), at(TUESDAY, 11, 0)),
        (at(TUESDAY, 17, 20), at(TUESDAY, 17, 30)),  # the day's last slot
        (at(TUESDAY, 17, 31), at(date(2026, 11, 25), 9, 0)),  # too late: tomorrow 09:00
        (at(TUESDAY, 23, 55), at(date(2026, 11, 25), 9, 0)),
        (at(date(2026, 11, 27), 18, 0), at(date(2026, 11, 30), 9, 0)),  # Friday evening
        (at(date(2026, 11, 28), 10, 0), at(date(2026, 11, 30), 9, 0)),  # Saturday
        (at(date(2026, 11, 29), 7, 0), at(date(2026, 11, 30), 9, 0)),  # Sunday
    ],
)
def test_the_proposed_start_stays_within_working_hours(now, expected):
    assert default_start(now) == expected


def test_the_new_appointment_form_proposes_a_working_hour(client, login, counselor):
    login(client, counselor)
    form = client.get("/agenda/rendez-vous/nouveau/").context["form"]
    start = timezone.localtime(form.initial["starts_at"])
    assert start.weekday() < 5 and (8, 30) <= (start.hour, start.minute) <= (17, 30)
    assert start.minute % 15 == 0 and start > timezone.localtime()


# --- from a person's file ------------------------------------------------------------------------


@pytest.fixture
def other(structure_a, counselor):
    """Another person of the counselor's caseload."""
    other = PersonFactory(last_name="Benamar", first_name="Yasmine", sex="F")
    Follow.objects.create(person=other, structure=structure_a, referent=counselor)
    return other


def test_from_a_file_only_that_person_is_shown_not_the_caseload(
    client, login, counselor, person, other, tomorrow
):
    login(client, counselor)
    response = client.get(f"/personnes/{person.pk}/rendez-vous/nouveau/")
    page = response.content.decode()
    assert response.context["form"]["participants"].field.widget.choices == []
    assert 'id="fixed-person"' in page and "Inès" in page
    assert "BENAMAR" not in page and 'name="participants"' not in page
    # Saved without ticking anything: the person of the file is invited, and only them.
    data = form_data(person, counselor, start=local(tomorrow, 10), participants=[])
    response = client.post(f"/personnes/{person.pk}/rendez-vous/nouveau/", data)
    assert response.status_code == 302
    assert list(Appointment.objects.get().participants.values_list("person", flat=True)) == [
        person.pk
    ]


def test_editing_lists_the_people_invited_not_the_caseload(
    client, login, counselor, structure_a, person, other, tomorrow
):
    appointment = Appointment.objects.create(
        structure=structure_a,
        organizer=counselor,
        created_by=counselor,
        starts_at=local(tomorrow, 10),
        ends_at=local(tomorrow, 11),
        place="Bureau 3",
    )
    appointment.participants.create(person=person)
    login(client, counselor)
    url = f"/agenda/rendez-vous/{appointment.pk}/modifier/"
    response = client.get(url)
    choices = response.context["form"]["participants"].field.widget.choices
    assert [pk for pk, _label in choices] == [person.pk]
    assert "BENAMAR" not in response.content.decode()
    # The caseload's other person is still added by name, and both are then invited.
    data = form_data(person, counselor, start=local(tomorrow, 10), participants=[person.pk])
    data.update(action="search", q="benamar")
    found = client.post(url, data)
    assert [pk for pk, _label in found.context["form"]["participants"].field.widget.choices] == [
        person.pk,
        other.pk,
    ]
    data.update(action="save", participants=[person.pk, other.pk])
    assert client.post(url, data).status_code == 302
    assert set(appointment.participants.values_list("person", flat=True)) == {person.pk, other.pk}


def test_from_a_file_others_are_added_by_name_and_the_person_stays(
    client, login, counselor, person, other, tomorrow
):
    login(client, counselor)
    url = f"/personnes/{person.pk}/rendez-vous/nouveau/"
    data = form_data(person, counselor, start=local(tomorrow, 10), participants=[])
    data.update(action="search", q="benamar")
    response = client.post(url, data)
    assert [
        label for _pk, label in response.context["form"]["participants"].field.widget.choices
    ] == ["BENAMAR Yasmine (née le " + f"{other.birth_date:%d/%m/%Y})"]
    assert "Autres personnes invitées" in response.content.decode()
    # Searching the person of the file does not offer them a second time.
    data.update(q=person.last_name)
    again = client.post(url, data)
    assert again.context["found"] == []
    # Ticking the other one invites both; the file's person cannot be left out.
    data.update(action="save", participants=[other.pk])
    assert client.post(url, data).status_code == 302
    assert set(Appointment.objects.get().participants.values_list("person", flat=True)) == {
        person.pk,
        other.pk,
    }


# --- the reminder line on the appointment page ---------------------------------------------------


def test_the_reminder_is_announced_only_when_it_will_be_sent(
    client, login, counselor, person, tomorrow
):
    person.email = "ines@exemple.test"
    person.save()
    login(client, counselor)
    in_three_days = tomorrow + timedelta(days=2)
    client.post(
        "/agenda/rendez-vous/nouveau/", form_data(person, counselor, start=local(in_three_days, 10))
    )
    notified = Appointment.objects.get()
    page = client.get(f"/agenda/rendez-vous/{notified.pk}/").content.decode()
    assert f"Rappel prévu la veille (le {in_three_days - timedelta(days=1):%d/%m})" in page
    assert "Rappel envoyé la veille" not in page

    data = form_data(person, counselor, start=local(in_three_days, 14))
    del data["notify"]
    client.post("/agenda/rendez-vous/nouveau/", data)
    quiet = Appointment.objects.exclude(pk=notified.pk).get()
    page = client.get(f"/agenda/rendez-vous/{quiet.pk}/").content.decode()
    assert "Rappel prévu" not in page and "Rappel envoyé la veille" not in page
    assert "Rappel — <strong>non prévu</strong> : La personne ne souhaite pas" in page

    # Once the reminder has really gone, the page says when.
    send_reminders(today=in_three_days - timedelta(days=1))
    page = client.get(f"/agenda/rendez-vous/{notified.pk}/").content.decode()
    assert "Rappel prévu" not in page and "Rappel — envoyé par E-mail le" in page


def test_an_appointment_booked_on_its_eve_is_reminded_at_the_next_hour_or_told_too_late(
    client, login, counselor, person
):
    from tremplin.agenda.notices import reminder_plan
    from tremplin.core import periodic

    def reminders_run(hour, minute):
        outcomes = periodic.run_due(now=at(eve, hour, minute))
        return next(o for o in outcomes if o.job.name == "send_reminders")

    person.email = "ines@exemple.test"
    person.save()
    login(client, counselor)
    # The reminder command reads the real date: the eve is today.
    eve = timezone.localdate()
    assert reminders_run(14, 5).run.output.startswith("0 personne à rappeler")
    start = local(eve + timedelta(days=1), 9)
    response = client.post(
        "/agenda/rendez-vous/nouveau/", form_data(person, counselor, start=start)
    )
    assert response.status_code == 302
    participant = Appointment.objects.get().participants.get()
    # Booked on the eve after that run: still announced, and the next hour's run sends it.
    assert reminder_plan(participant, at(eve, 14, 30)).day == eve
    assert reminders_run(14, 50).run is None
    assert not participant.notices.filter(kind="reminder").exists()
    assert reminders_run(15, 5).run is not None
    assert participant.notices.filter(kind="reminder", status="sent").count() == 1

    # Booked on the eve once the reminders' last hour has begun: said in so many words.
    participant.notices.all().delete()
    plan = reminder_plan(participant, at(eve, 19, 10))
    assert plan.day is None
    assert plan.reason.startswith(
        "Rendez-vous pris la veille après le dernier envoi des rappels (19"
    )
    # Seen the day before the eve, it is still to come.
    assert reminder_plan(participant, at(eve - timedelta(days=1), 21)).day == eve


def test_from_a_file_the_organizer_is_the_referent_and_a_newcomer_gets_a_first_interview(
    client, login, reception, counselor, employer_liaison, structure_a, person, tomorrow
):
    login(client, reception)
    url = f"/personnes/{person.pk}/rendez-vous/nouveau/"
    form = client.get(url).context["form"]
    assert form.initial["organizer"] == counselor.pk
    assert form.initial["kind"] == "first_interview"
    page = client.get(url).content.decode()
    assert f'<option value="{counselor.pk}" selected>' in page
    # Once the structure has met the person, a follow-up interview.
    appointment = Appointment.objects.create(
        structure=structure_a,
        organizer=counselor,
        created_by=counselor,
        starts_at=local(tomorrow, 10),
        ends_at=local(tomorrow, 11),
        place="Bureau 3",
    )
    appointment.participants.create(person=person)
    assert client.get(url).context["form"].initial["kind"] == "follow_up"
    # A référent who keeps no agenda is not proposed; the reception books for the
    # counselors, so nobody is preselected (the reception chooses whom with).
    Follow.objects.filter(person=person).update(referent=employer_liaison)
    assert client.get(url).context["form"].initial["organizer"] is None
    # Booked from the agenda, not a file: nobody either.
    assert client.get("/agenda/rendez-vous/nouveau/").context["form"].initial["organizer"] is None
