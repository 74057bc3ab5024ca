import logging
from datetime import UTC, date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from conftest import CANARY_LAST_NAME
from tremplin.accounts.models import Membership
from tremplin.agenda import ical
from tremplin.agenda.enums import Attendance, NoticeKind, NoticeStatus
from tremplin.agenda.hours import hours_for_person
from tremplin.agenda.models import Appointment, CalendarFeed, Notice, Participant
from tremplin.agenda.sms import ConsoleSmsBackend, mask, mobile_number
from tremplin.agenda.stats import no_show_rates
from tremplin.agenda.tests.conftest import local
from tremplin.people.models import Follow
from tremplin.testing.factories import PersonFactory


def make(structure, organizer, start, people, *, minutes=60, place="Bureau 3", **extra):
    appointment = Appointment.objects.create(
        structure=structure,
        organizer=organizer,
        created_by=organizer,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        place=place,
        **extra,
    )
    for person, attendance in people:
        Participant.objects.create(appointment=appointment, person=person, attendance=attendance)
    return appointment


# --- reminders ------------------------------------------------------------------------------------


def test_reminders_go_once_the_day_before_and_never_twice(
    structure_a,
    counselor,
    person,
    sms_consent,
    sms_outbox,
    tomorrow,
    django_capture_on_commit_callbacks,
):
    make(structure_a, counselor, local(tomorrow, 10), [(person, Attendance.PLANNED)])
    # Not tomorrow, or cancelled, or already excused: no reminder.
    make(structure_a, counselor, local(tomorrow + timedelta(days=1), 10), [(person, "planned")])
    make(
        structure_a,
        counselor,
        local(tomorrow, 15),
        [(person, "planned")],
        cancelled_at=timezone.now(),
    )
    make(structure_a, counselor, local(tomorrow, 17), [(person, Attendance.EXCUSED)])

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert "1 personne à rappeler : 2 messages envoyés" in out.getvalue()
    assert len(mail.outbox) == 1 and len(sms_outbox) == 1
    assert mail.outbox[0].subject.startswith("Rappel : rendez-vous demain")
    assert "Rappel, demain" in sms_outbox[0][1]
    assert Notice.objects.filter(kind=NoticeKind.REMINDER, status=NoticeStatus.SENT).count() == 2

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert "0 personne à rappeler" in out.getvalue()
    assert len(mail.outbox) == 1 and len(sms_outbox) == 1


def test_dry_run_sends_nothing(structure_a, counselor, person, sms_consent, tomorrow):
    make(structure_a, counselor, local(tomorrow, 10), [(person, Attendance.PLANNED)])
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert "1 personne à rappeler (rien envoyé)" in out.getvalue()
    assert mail.outbox == [] and Notice.objects.count() == 0


def test_a_person_without_any_contact_channel_is_not_reminded_and_the_counselor_sees_why(
    client, login, structure_a, counselor, person, tomorrow
):
    assert person.email == "" and person.phone == ""
    appointment = make(structure_a, counselor, local(tomorrow, 10), [(person, "planned")])
    call_command("send_reminders", stdout=StringIO())
    call_command("send_reminders", stdout=StringIO())
    notice = Notice.objects.get()
    assert mail.outbox == []
    assert notice.kind == NoticeKind.REMINDER and notice.status == NoticeStatus.SKIPPED
    login(client, counselor)
    page = client.get(f"/agenda/rendez-vous/{appointment.pk}/").content.decode()
    assert "Rappel — <strong>non envoyé</strong>" in page
    assert "Aucun e-mail ni téléphone portable dans le dossier" in page


def test_a_landline_is_not_an_sms_channel(structure_a, counselor, person, tomorrow):
    person.phone = "02 40 12 34 56"
    person.save()
    make(structure_a, counselor, local(tomorrow, 10), [(person, "planned")])
    call_command("send_reminders", stdout=StringIO())
    assert "n'est pas un portable" in Notice.objects.get().reason


def test_console_backend_logs_only_a_masked_number(caplog):
    with caplog.at_level(logging.INFO, logger="tremplin.agenda.sms"):
        ConsoleSmsBackend().send_sms("0612345678", "Mission Locale : RDV mar. 24/11 à 14h00")
    assert "06••••••78" in caplog.text
    assert "0612345678" not in caplog.text and "RDV" not in caplog.text
    assert mask("+33612345678") == "+3••••••78"
    assert mobile_number("06 12 34 56 78") == "0612345678"
    assert mobile_number("+33 7 12 34 56 78") == "+33712345678"
    assert mobile_number("01 23 45 67 89") is None


# --- iCal feed ------------------------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        assert len(line.encode()) <= 75, line
        assert "\n" not in line and "\r" not in line
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def events(text: str) -> list[dict]:
    found, current = [], None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def test_fold_cuts_at_75_octets_without_breaking_a_character():
    line = "SUMMARY:" + "é" * 100
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert parts[1].startswith(" ") and "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert ical.fold("SHORT:x") == "SHORT:x"


def test_counselor_creates_a_feed_and_a_calendar_reads_it(
    client, login, structure_a, counselor, colleague, person
):
    person.first_name, person.last_name = "Inès", CANARY_LAST_NAME
    person.save()
    start = local(timezone.localdate() + timedelta(days=2), 14, 30)
    long_place = (
        "Maison de l'emploi, salle « Jules Verne », 12 boulevard de la Prairie-au-Duc; 44200 Nantes"
    )
    mine = make(
        structure_a,
        counselor,
        start,
        [(person, "planned")],
        place=long_place,
        subject="Dossier santé confidentiel",
    )
    others = [PersonFactory() for _ in range(3)]
    workshop = make(
        structure_a,
        counselor,
        start + timedelta(days=1),
        [(p, "planned") for p in others],
        place="",
        remote_link="https://visio.exemple.test/atelier-cv",
        kind="workshop",
    )
    make(structure_a, colleague, start, [(person, "planned")], place="Pas le mien")

    login(client, counselor)
    page = client.post("/agenda/calendrier/", {"action": "issue"})
    url = page.context["new_url"]
    assert url.startswith("http://testserver/agenda/calendrier/") and url.endswith(".ics")
    key = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert feed.key_hash == CalendarFeed.hash_key(key) and key not in feed.key_hash
    # Shown once: the page does not show it again.
    assert key not in client.get("/agenda/calendrier/").content.decode()

    response = Client().get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert CANARY_LAST_NAME not in text.replace("\r\n ", "")
    assert "santé" not in text.replace("\r\n ", "")
    found = {e["UID"]: e for e in events(text)}
    assert len(found) == 2
    event = found[f"rendez-vous-{mine.pk}@127.0.0.1:8000"]
    assert event["SUMMARY"] == "Entretien de suivi — I. Z."
    assert event["DTSTART"] == mine.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"].endswith("Z") and event["DTSTAMP"].endswith("Z")
    assert event["LOCATION"] == ical.escape_text(long_place)
    assert "\\;" in event["LOCATION"] and "\\," in event["LOCATION"]
    assert any(len(line.encode()) == 75 for line in text.split("\r\n"))  # it was folded
    remote = found[f"rendez-vous-{workshop.pk}@127.0.0.1:8000"]
    assert remote["SUMMARY"] == "Atelier collectif (3 personnes)"
    assert remote["LOCATION"] == "À distance"

    # Revoked: 404 at once; a new address works, the old one does not.
    client.post("/agenda/calendrier/", {"action": "revoke"})
    assert Client().get(url.removeprefix("http://testserver")).status_code == 404
    new_url = client.post("/agenda/calendrier/", {"action": "issue"}).context["new_url"]
    assert Client().get(new_url.removeprefix("http://testserver")).status_code == 200
    client.post("/agenda/calendrier/", {"action": "issue"})
    assert Client().get(new_url.removeprefix("http://testserver")).status_code == 404


def test_feed_stops_when_the_membership_is_deactivated(structure_a, counselor):
    membership = Membership.objects.get(user=counselor, structure=structure_a)
    _feed, key = CalendarFeed.issue(membership=membership)
    assert Client().get(f"/agenda/calendrier/{key}.ics").status_code == 200
    membership.is_active = False
    membership.save()
    assert Client().get(f"/agenda/calendrier/{key}.ics").status_code == 404
    assert Client().get("/agenda/calendrier/not-a-key.ics").status_code == 404


# --- no-show rates --------------------------------------------------------------------------------


@pytest.fixture
def busy_quarter(structure_a, structure_b, counselor, colleague, other_counselor, person):
    people = [PersonFactory() for _ in range(4)]
    for p in people:
        Follow.objects.create(person=p, structure=structure_a)
    now = timezone.now()
    ago = lambda days: now - timedelta(days=days)  # noqa: E731
    # Alice: 4 individual appointments (2 seen, 1 no-show, 1 excused) + 1 workshop of 4
    # (3 seen, 1 no-show) + 1 not yet recorded.
    make(structure_a, counselor, ago(3), [(person, Attendance.SEEN)])
    make(structure_a, counselor, ago(10), [(person, Attendance.SEEN)])
    make(structure_a, counselor, ago(20), [(person, Attendance.NO_SHOW)])
    make(structure_a, counselor, ago(30), [(person, Attendance.EXCUSED)])
    make(
        structure_a,
        counselor,
        ago(40),
        [(p, Attendance.SEEN) for p in people[:3]] + [(people[3], Attendance.NO_SHOW)],
        kind="workshop",
    )
    make(structure_a, counselor, ago(1), [(people[0], Attendance.PLANNED)])
    # Chloé: 2 appointments, both no-shows.
    make(structure_a, colleague, ago(5), [(people[1], Attendance.NO_SHOW)])
    make(structure_a, colleague, ago(6), [(people[2], Attendance.NO_SHOW)])
    # Not counted: too old, cancelled, in the future, another structure.
    make(structure_a, counselor, ago(100), [(person, Attendance.NO_SHOW)])
    make(
        structure_a,
        counselor,
        ago(2),
        [(people[3], Attendance.CANCELLED)],
        cancelled_at=now,
    )
    make(structure_a, counselor, now + timedelta(days=1), [(person, Attendance.PLANNED)])
    outsider = PersonFactory()
    make(structure_b, other_counselor, ago(2), [(outsider, Attendance.NO_SHOW)])


def test_no_show_rates_per_counselor_and_structure(busy_quarter, structure_a):
    rows, total, _period = no_show_rates(structure_a.pk)
    by_name = {r.label: r for r in rows}
    alice = by_name["Alice Conseil"]
    assert (alice.appointments, alice.seen, alice.excused, alice.no_show, alice.not_recorded) == (
        6,
        5,
        1,
        2,
        1,
    )
    assert alice.rate == pytest.approx(2 / 8)
    chloe = by_name["Chloé Collègue"]
    assert (chloe.appointments, chloe.seen, chloe.no_show, chloe.rate) == (2, 0, 2, 1.0)
    assert (total.appointments, total.seen, total.no_show) == (8, 5, 4)
    assert total.rate == pytest.approx(4 / 10)


def test_manager_sees_the_no_show_page_counselors_do_not(
    client, login, busy_quarter, manager, counselor, django_assert_max_num_queries
):
    login(client, manager)
    with django_assert_max_num_queries(10):
        response = client.get("/agenda/absences/")
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Alice Conseil" in page
        and "25\u202f%" in page
        and "100\u202f%" in page
        and "40\u202f%" in page
    )
    login(client, counselor)
    assert client.get("/agenda/absences/").status_code == 403


# --- activity hours -------------------------------------------------------------------------------


def test_hours_count_only_seen_appointments_of_the_iso_week(structure_a, counselor, person):
    monday = date(2026, 3, 23)  # the week of the change to summer time (29 March)
    make(structure_a, counselor, local(monday, 9), [(person, "seen")], minutes=90)
    make(
        structure_a,
        counselor,
        local(monday + timedelta(days=6), 23),
        [(person, "seen")],
        minutes=45,
    )
    make(structure_a, counselor, local(monday + timedelta(days=2), 9), [(person, "no_show")])
    make(structure_a, counselor, local(monday + timedelta(days=3), 9), [(person, "excused")])
    make(structure_a, counselor, local(monday + timedelta(days=7), 0, 30), [(person, "seen")])
    make(structure_a, counselor, local(monday - timedelta(days=1), 23), [(person, "seen")])
    assert hours_for_person(person, monday) == Decimal("2.25")
    assert hours_for_person(person, monday + timedelta(days=3)) == Decimal("2.25")
    assert hours_for_person(person, monday + timedelta(days=7)) == Decimal("1.00")
    assert hours_for_person(PersonFactory(), monday) == Decimal("0.00")
