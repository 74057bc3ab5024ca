"""Workshop half-days in the agenda: the week view, the clash check and the calendar feed."""

import re
from datetime import time, timedelta

from django.utils import timezone

from tremplin.agenda.clashes import clashes
from tremplin.agenda.models import Appointment, CalendarFeed, Participant
from tremplin.agenda.tests.conftest import local
from tremplin.workshops.models import HalfDay, Registration, WorkshopDesign, WorkshopSession

TITLE = "Préparer un entretien d'embauche"


def _session(structure, facilitator, *, day, start=time(9, 30), end=time(12, 0), place="Salle B"):
    design = WorkshopDesign.objects.create(
        structure=structure,
        title=TITLE,
        demand="Des jeunes redoutent l'entretien.",
        public="Jeunes",
        objectives=["Se présenter"],
        created_by=facilitator,
    )
    session = WorkshopSession.objects.create(
        structure=structure, design=design, place=place, capacity=8, created_by=facilitator
    )
    session.facilitators.set([facilitator])
    HalfDay.objects.create(session=session, date=day, slot="morning", starts_at=start, ends_at=end)
    return session


def _monday_after(days=7):
    day = timezone.localdate() + timedelta(days=days)
    return day - timedelta(days=day.weekday())


def test_week_view_shows_the_workshop_half_days_she_facilitates(
    client,
    login,
    counselor,
    colleague,
    structure_a,
    structure_b,
    other_counselor,
    person,
    django_assert_max_num_queries,
):
    monday = _monday_after()
    wednesday = monday + timedelta(days=2)
    session = _session(structure_a, counselor, day=wednesday)
    _session(structure_a, colleague, day=wednesday, place="Salle de la collègue")
    _session(structure_b, other_counselor, day=wednesday, place="Ailleurs")
    appointment = Appointment.objects.create(
        structure=structure_a,
        organizer=counselor,
        created_by=counselor,
        starts_at=local(wednesday, 14),
        ends_at=local(wednesday, 15),
        place="Bureau 3",
    )
    Participant.objects.create(appointment=appointment, person=person)
    # Another session of hers on Friday: still one query for all the half-days.
    _session(structure_a, counselor, day=monday + timedelta(days=4), place="Salle C")
    login(client, counselor)
    with django_assert_max_num_queries(12):
        response = client.get("/agenda/", {"semaine": wednesday.isoformat()})
    page = response.content.decode()
    assert response.context["workshop_count"] == 2 and "Salle C" in page
    day = response.context["days"][2]
    assert [h.session_id for h in day["half_days"]] == [session.pk]
    # By time: the morning workshop before the afternoon appointment.
    assert [bool(e["half_day"]) for e in day["entries"]] == [True, False]
    assert f'href="/ateliers/seances/{session.pk}/"' in page
    assert "09:30–12:00" in page and "Salle B" in page
    assert "Préparer un entretien d&#x27;embauche" in page
    assert "agenda-workshop" in page
    assert "2 demi-journées d'atelier" in page
    assert "Salle de la collègue" not in page and "Ailleurs" not in page
    # The colleague's agenda shows hers, not Alice's.
    other = client.get("/agenda/", {"semaine": wednesday.isoformat(), "avec": colleague.pk})
    assert "Salle de la collègue" in other.content.decode()
    assert "Salle B" not in other.content.decode()


def test_clash_check_counts_the_workshops_facilitated_and_attended(
    counselor, colleague, structure_a, person
):
    day = timezone.localdate() + timedelta(days=3)
    session = _session(structure_a, counselor, day=day)
    found = clashes(
        starts_at=local(day, 11),
        ends_at=local(day, 12),
        organizer=counselor,
        people=[person],
        structure_id=structure_a.pk,
    )
    assert found == [f"Alice Conseil anime l'atelier « {TITLE} » de 09:30 à 12:00."]
    # Registered to it: the person is not free either; a waiting list does not count.
    registration = Registration.objects.create(
        session=session, person=person, registered_by=counselor, status="waiting"
    )
    assert (
        clashes(
            starts_at=local(day, 11),
            ends_at=local(day, 12),
            organizer=colleague,
            people=[person],
            structure_id=structure_a.pk,
        )
        == []
    )
    registration.status = "registered"
    registration.save()
    found = clashes(
        starts_at=local(day, 11),
        ends_at=local(day, 12),
        organizer=colleague,
        people=[person],
        structure_id=structure_a.pk,
    )
    assert len(found) == 1 and "est inscrit·e à l'atelier" in found[0]
    # Right after the half-day: no clash.
    assert (
        clashes(
            starts_at=local(day, 12),
            ends_at=local(day, 13),
            organizer=counselor,
            people=[person],
            structure_id=structure_a.pk,
        )
        == []
    )


def test_booking_over_a_workshop_she_facilitates_asks_first(
    client, login, counselor, person, structure_a
):
    day = timezone.localdate() + timedelta(days=3)
    _session(structure_a, counselor, day=day)
    login(client, counselor)
    data = {
        "action": "save",
        "kind": "follow_up",
        "starts_at": f"{day:%Y-%m-%d}T10:00",
        "ends_at": f"{day:%Y-%m-%d}T11:00",
        "place": "Bureau 3",
        "organizer": counselor.pk,
        "participants": [person.pk],
    }
    page = client.post("/agenda/rendez-vous/nouveau/", data).content.decode()
    assert "À cette heure-là, quelque chose est déjà prévu" in page
    assert "anime l&#x27;atelier" in page
    assert Appointment.objects.count() == 0
    data["action"] = "save_despite"
    assert client.post("/agenda/rendez-vous/nouveau/", data).status_code == 302


def test_calendar_feed_carries_her_workshop_half_days_without_people(
    client, counselor, colleague, structure_a, person
):
    day = timezone.localdate() + timedelta(days=3)
    session = _session(structure_a, counselor, day=day)
    _session(structure_a, colleague, day=day, place="Salle de la collègue")
    Registration.objects.create(session=session, person=person, registered_by=counselor)
    membership = counselor.memberships.get(structure=structure_a)
    _feed, key = CalendarFeed.issue(membership=membership)
    text = client.get(f"/agenda/calendrier/{key}.ics").content.decode()
    unfolded = re.sub(r"\r\n ", "", text)
    assert f"UID:atelier-demi-journee-{session.half_days.get().pk}@" in unfolded
    assert f"SUMMARY:Atelier : {TITLE}" in unfolded
    assert "LOCATION:Salle B" in unfolded
    assert f"/ateliers/seances/{session.pk}/" in unfolded
    assert "Salle de la collègue" not in unfolded
    assert person.last_name not in unfolded and person.first_name not in unfolded
