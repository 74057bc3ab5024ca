from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conftest import CANARY_HEALTH_NOTE, CANARY_LAST_NAME
from tremplin.agenda.enums import Attendance, NoticeChannel, NoticeKind, NoticeStatus
from tremplin.agenda.models import Appointment, Notice, Participant
from tremplin.agenda.tests.conftest import local
from tremplin.audit.models import AccessLog
from tremplin.pathways import actions as pathway_actions
from tremplin.pathways.models import Interview, Pathway
from tremplin.people.models import Follow
from tremplin.testing.factories import PersonFactory

FMT = "%Y-%m-%dT%H:%M"


def form_data(person, organizer, *, start, minutes=60, **overrides):
    data = {
        "action": "save",
        "kind": "follow_up",
        "starts_at": timezone.localtime(start).strftime(FMT),
        "ends_at": timezone.localtime(start + timedelta(minutes=minutes)).strftime(FMT),
        "place": "Bureau 3, 12 rue de la Paix, Nantes",
        "remote_link": "",
        "organizer": organizer.pk,
        "subject": "Point sur la recherche d'emploi",
        "notify": "on",
        "participants": [person.pk],
    }
    data.update(overrides)
    return data


def test_counselor_books_an_appointment_and_the_person_is_invited_by_email_and_sms(
    client,
    login,
    counselor,
    person,
    sms_consent,
    sms_outbox,
    tomorrow,
    django_capture_on_commit_callbacks,
):
    login(client, counselor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/agenda/rendez-vous/nouveau/", form_data(person, counselor, start=local(tomorrow, 14))
        )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/agenda/rendez-vous/{appointment.pk}/"
    assert appointment.organizer == counselor and appointment.created_by == counselor
    assert appointment.duration_minutes == 60
    participant = appointment.participants.get()
    assert participant.person == person and participant.attendance == Attendance.PLANNED

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ines@exemple.test"]
    assert "14 h 00" in message.subject and "Mission Locale Test A" in message.subject
    # Only date, time, place and structure: never the subject nor the person's name.
    for text in (message.subject, message.body, sms_outbox[0][1]):
        assert "recherche d'emploi" not in text
        assert CANARY_LAST_NAME not in text and "Inès" not in text
    assert "Bureau 3, 12 rue de la Paix" in message.body
    assert sms_outbox == [("0612345678", sms_outbox[0][1])]
    assert "à 14h00" in sms_outbox[0][1] and "Mission Locale Test A" in sms_outbox[0][1]
    assert set(Notice.objects.values_list("kind", "channel", "status")) == {
        (NoticeKind.INVITATION, NoticeChannel.EMAIL, NoticeStatus.SENT),
        (NoticeKind.INVITATION, NoticeChannel.SMS, NoticeStatus.SENT),
    }

    page = client.get(f"/agenda/rendez-vous/{appointment.pk}/").content.decode()
    assert "envoyée par E-mail" in page and "envoyée par SMS" in page
    assert AccessLog.objects.filter(person_id=person.pk, section="agenda").exists()


def test_no_sms_without_the_persons_consent(
    client, login, counselor, person, sms_outbox, tomorrow, django_capture_on_commit_callbacks
):
    person.phone = "06 12 34 56 78"
    person.save()
    login(client, counselor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/agenda/rendez-vous/nouveau/", form_data(person, counselor, start=local(tomorrow, 9))
        )
    notice = Notice.objects.get()
    assert sms_outbox == [] and mail.outbox == []
    assert notice.status == NoticeStatus.SKIPPED and notice.channel == NoticeChannel.NONE
    page = client.get(f"/agenda/rendez-vous/{notice.participant.appointment_id}/").content.decode()
    assert "pas donné son accord pour les SMS" in page


def test_unticking_notify_sends_nothing_and_says_why(
    client,
    login,
    counselor,
    person,
    sms_consent,
    sms_outbox,
    tomorrow,
    django_capture_on_commit_callbacks,
):
    login(client, counselor)
    data = form_data(person, counselor, start=local(tomorrow, 9))
    del data["notify"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/agenda/rendez-vous/nouveau/", data)
    assert sms_outbox == [] and mail.outbox == []
    assert Notice.objects.get().reason.startswith("La personne ne souhaite pas être prévenue")


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"minutes": -30}, "ends_at", "La fin doit être après le début."),
        ({"minutes": 25 * 60}, "ends_at", "plus de 24 heures"),
        ({"days_ago": 60}, "starts_at", "passée depuis plus d'un mois"),
        ({"on": date(2090, 11, 26)}, "starts_at", "Date trop lointaine"),
        ({"place": ""}, "place", "Indiquez un lieu ou un lien de visioconférence."),
        ({"participants": []}, "participants", "Choisissez au moins une personne."),
    ],
)
def test_bad_input_is_refused_on_the_field_and_nothing_is_saved(
    client, login, counselor, person, tomorrow, change, field, message
):
    login(client, counselor)
    start = local(tomorrow, 10)
    if "days_ago" in change:
        start = local(timezone.localdate() - timedelta(days=change.pop("days_ago")), 10)
    if "on" in change:
        start = local(change.pop("on"), 10)
    minutes = change.pop("minutes", 60)
    response = client.post(
        "/agenda/rendez-vous/nouveau/",
        form_data(person, counselor, start=start, minutes=minutes, **change),
    )
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert message.split(" ")[0] in response.content.decode()
    assert Appointment.objects.count() == 0 and Participant.objects.count() == 0


def test_a_person_of_another_structure_cannot_be_invited(
    client, login, counselor, person, person_b, tomorrow
):
    login(client, counselor)
    response = client.post(
        "/agenda/rendez-vous/nouveau/",
        form_data(person, counselor, start=local(tomorrow, 10), participants=[person_b.pk]),
    )
    assert response.status_code == 200 and "participants" in response.context["form"].errors
    assert Appointment.objects.count() == 0


def test_searching_a_name_keeps_what_was_typed_and_saves_nothing(
    client, login, counselor, structure_a, person, tomorrow
):
    other = PersonFactory(last_name="Benamar", first_name="Yasmine")
    Follow.objects.create(person=other, structure=structure_a)
    login(client, counselor)
    data = form_data(person, counselor, start=local(tomorrow, 10), action="search", q="benamr")
    response = client.post("/agenda/rendez-vous/nouveau/", data)
    page = response.content.decode()
    assert response.status_code == 200 and Appointment.objects.count() == 0
    assert "BENAMAR Yasmine" in page and "Point sur la recherche d&#x27;emploi" in page
    assert response.context["form"].errors == {}
    # Collective appointment with both.
    data.update(action="save", participants=[person.pk, other.pk], kind="workshop")
    client.post("/agenda/rendez-vous/nouveau/", data)
    assert set(Appointment.objects.get().participants.values_list("person", flat=True)) == {
        person.pk,
        other.pk,
    }


def test_a_big_caseload_is_listed_up_to_80_and_says_so(
    client, login, counselor, structure_a, tomorrow
):
    for i in range(81):
        Follow.objects.create(
            person=PersonFactory(last_name=f"Nom{i:03d}", first_name="Sam"),
            structure=structure_a,
            referent=counselor,
        )
    login(client, counselor)
    response = client.get("/agenda/rendez-vous/nouveau/")
    page = response.content.decode()
    listed = [
        label for _value, label in response.context["form"]["participants"].field.widget.choices
    ]
    assert len(listed) == 80 and not any(label.startswith("NOM080") for label in listed)
    assert "plus de 80 personnes" in page
    # The 81st is found by name, and a search matching more than ten says there are more.
    data = form_data(PersonFactory(), counselor, start=local(tomorrow, 9))
    data.update(action="search", q="nom080", participants=[])
    found = client.post("/agenda/rendez-vous/nouveau/", data)
    assert "NOM080 Sam" in found.content.decode()
    data.update(q="sam")
    many = client.post("/agenda/rendez-vous/nouveau/", data).content.decode()
    assert "Plus de 10 personnes correspondent" in many


def test_attendance_is_recorded_after_the_appointment(client, login, counselor, person):
    start = timezone.now() - timedelta(hours=2)
    appointment = Appointment.objects.create(
        structure=person.follows.get().structure,
        organizer=counselor,
        created_by=counselor,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Bureau 3",
    )
    participant = Participant.objects.create(appointment=appointment, person=person)
    login(client, counselor)
    response = client.post(f"/agenda/rendez-vous/{appointment.pk}/", {f"p{participant.pk}": "seen"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.attendance == Attendance.SEEN
    assert participant.attendance_recorded_by == counselor
    assert participant.history.count() == 2


def test_nobody_can_be_seen_before_the_appointment_starts(
    client, login, counselor, person, tomorrow
):
    appointment = Appointment.objects.create(
        structure=person.follows.get().structure,
        organizer=counselor,
        created_by=counselor,
        starts_at=local(tomorrow, 10),
        ends_at=local(tomorrow, 11),
        place="Bureau 3",
    )
    participant = Participant.objects.create(appointment=appointment, person=person)
    login(client, counselor)
    response = client.post(f"/agenda/rendez-vous/{appointment.pk}/", {f"p{participant.pk}": "seen"})
    assert response.status_code == 200 and "pas encore commencé" in response.content.decode()
    participant.refresh_from_db()
    assert participant.attendance == Attendance.PLANNED
    client.post(f"/agenda/rendez-vous/{appointment.pk}/", {f"p{participant.pk}": "excused"})
    participant.refresh_from_db()
    assert participant.attendance == Attendance.EXCUSED


def test_cancelling_marks_expected_people_cancelled(client, login, counselor, person, tomorrow):
    appointment = Appointment.objects.create(
        structure=person.follows.get().structure,
        organizer=counselor,
        created_by=counselor,
        starts_at=local(tomorrow, 10),
        ends_at=local(tomorrow, 11),
        place="Bureau 3",
    )
    Participant.objects.create(appointment=appointment, person=person)
    login(client, counselor)
    client.post(f"/agenda/rendez-vous/{appointment.pk}/annuler/", {"reason": "Conseillère absente"})
    appointment.refresh_from_db()
    assert appointment.is_cancelled and appointment.cancel_reason == "Conseillère absente"
    assert appointment.participants.get().attendance == Attendance.CANCELLED
    assert client.get(f"/agenda/rendez-vous/{appointment.pk}/modifier/").status_code == 302


def test_editing_moves_the_appointment_and_invites_a_new_participant(
    client, login, counselor, structure_a, person, tomorrow, django_capture_on_commit_callbacks
):
    newcomer = PersonFactory(email="sam@exemple.test")
    Follow.objects.create(person=newcomer, structure=structure_a)
    appointment = Appointment.objects.create(
        structure=structure_a,
        organizer=counselor,
        created_by=counselor,
        starts_at=local(tomorrow, 10),
        ends_at=local(tomorrow, 11),
        place="Bureau 3",
    )
    Participant.objects.create(appointment=appointment, person=person)
    login(client, counselor)
    data = form_data(
        person, counselor, start=local(tomorrow, 15), participants=[person.pk, newcomer.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/agenda/rendez-vous/{appointment.pk}/modifier/", data)
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert timezone.localtime(appointment.starts_at).hour == 15
    assert appointment.participants.count() == 2
    assert [m.to for m in mail.outbox] == [["sam@exemple.test"]]


def test_week_view_lists_the_week_day_by_day_with_today_marked(
    client, login, counselor, colleague, structure_a, person, django_assert_max_num_queries
):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    for offset in range(7):
        appointment = Appointment.objects.create(
            structure=structure_a,
            organizer=counselor,
            created_by=counselor,
            starts_at=local(monday + timedelta(days=offset), 9 + offset),
            ends_at=local(monday + timedelta(days=offset), 10 + offset),
            place=f"Salle {offset}",
        )
        for _ in range(3):
            extra = PersonFactory()
            Follow.objects.create(person=extra, structure=structure_a)
            Participant.objects.create(appointment=appointment, person=extra)
    Appointment.objects.create(
        structure=structure_a,
        organizer=colleague,
        created_by=colleague,
        starts_at=local(today, 8),
        ends_at=local(today, 9),
        place="Chez la collègue",
    )
    login(client, counselor)
    with django_assert_max_num_queries(12):
        response = client.get("/agenda/")
    page = response.content.decode()
    assert response.context["count"] == 7
    assert "Chez la collègue" not in page
    assert page.count("Aujourd&#x27;hui") + page.count("Aujourd'hui") >= 1
    days = response.context["days"]
    assert [d["date"] for d in days] == [monday + timedelta(days=i) for i in range(7)]
    assert [d["is_today"] for d in days].count(True) == 1
    assert all(len(d["appointments"]) == 1 for d in days)
    other_week = client.get("/agenda/", {"semaine": (monday - timedelta(days=7)).isoformat()})
    assert other_week.context["count"] == 0
    hers = client.get("/agenda/", {"avec": colleague.pk})
    assert "Chez la collègue" in hers.content.decode()


def test_person_tab_lists_the_persons_appointments_and_logs_the_read(
    client, login, counselor, structure_a, person
):
    start = timezone.now() - timedelta(days=2)
    past = Appointment.objects.create(
        structure=structure_a,
        organizer=counselor,
        created_by=counselor,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Bureau 3",
    )
    Participant.objects.create(appointment=past, person=person, attendance=Attendance.NO_SHOW)
    login(client, counselor)
    response = client.get(f"/personnes/{person.pk}/rendez-vous/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Absent·e sans prévenir" in page and "Prendre rendez-vous" in page
    assert CANARY_HEALTH_NOTE not in page
    assert AccessLog.objects.filter(person_id=person.pk, section="agenda").count() == 1
    assert f'href="/personnes/{person.pk}/rendez-vous/"' in page
    # Once her sex is known, the word agrees.
    person.sex = "F"
    person.save(update_fields=["sex"])
    page = client.get(f"/personnes/{person.pk}/rendez-vous/").content.decode()
    assert "Absente sans prévenir" in page and "Absent·e" not in page
    person.sex = "M"
    person.save(update_fields=["sex"])
    page = client.get(f"/personnes/{person.pk}/rendez-vous/").content.decode()
    assert "Absent sans prévenir" in page and "Absent·e" not in page


def test_reception_books_a_first_interview_for_a_counselor(
    client, login, reception, counselor, person, tomorrow
):
    login(client, reception)
    assert client.get(f"/personnes/{person.pk}/rendez-vous/nouveau/").status_code == 200
    data = form_data(person, counselor, start=local(tomorrow, 11), kind="first_interview")
    response = client.post(f"/personnes/{person.pk}/rendez-vous/nouveau/", data)
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.organizer == counselor and appointment.created_by == reception


def test_the_reception_form_proposes_a_first_interview_with_nobody_chosen(
    client, login, reception, counselor
):
    login(client, reception)
    form = client.get("/agenda/rendez-vous/nouveau/").context["form"]
    assert form["organizer"].value() is None
    assert form["kind"].value() == "first_interview"
    login(client, counselor)
    form = client.get("/agenda/rendez-vous/nouveau/").context["form"]
    assert form["organizer"].value() == counselor.pk


def test_employer_liaison_has_no_agenda(client, login, employer_liaison, person):
    login(client, employer_liaison)
    assert client.get("/agenda/").status_code == 403
    assert client.get(f"/personnes/{person.pk}/rendez-vous/").status_code == 404


def test_after_a_follow_up_interview_its_report_is_written_on_the_pathway_with_its_date(
    client, login, counselor, person
):
    membership = counselor.memberships.get()
    counselor.active_membership = membership
    pathway = pathway_actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework="cer",
            started_on=date(2026, 1, 5),
            planned_end_on=date(2027, 12, 31),
            referent=counselor,
        ),
        membership=membership,
    )
    start = timezone.now() - timedelta(days=2)
    appointment = Appointment.objects.create(
        structure=membership.structure,
        organizer=counselor,
        created_by=counselor,
        kind="follow_up",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Bureau 3",
    )
    Participant.objects.create(appointment=appointment, person=person)
    login(client, counselor)
    page = client.get(f"/agenda/rendez-vous/{appointment.pk}/").content.decode()
    link = f"/parcours/{pathway.pk}/entretiens/?rendez_vous={appointment.pk}"
    assert link in page.replace("&amp;", "&") and "Rédiger le compte rendu" in page
    form = client.get(link).context["form"]
    assert form["held_on"].value() == timezone.localtime(start).date()
    # The report is saved on the pathway like any interview note.
    client.post(
        link,
        {"held_on": timezone.localtime(start).date().isoformat(), "facts": "Point fait."},
    )
    assert Interview.objects.get(pathway=pathway).held_on == timezone.localtime(start).date()
    # An appointment yet to come, or of another kind, offers no report.
    appointment.starts_at = timezone.now() + timedelta(days=2)
    appointment.ends_at = appointment.starts_at + timedelta(hours=1)
    appointment.save()
    assert (
        "Rédiger le compte rendu"
        not in client.get(f"/agenda/rendez-vous/{appointment.pk}/").content.decode()
    )
    appointment.starts_at, appointment.ends_at = start, start + timedelta(hours=1)
    appointment.kind = "workshop"
    appointment.save()
    assert (
        "Rédiger le compte rendu"
        not in client.get(f"/agenda/rendez-vous/{appointment.pk}/").content.decode()
    )


def test_what_is_already_planned_at_that_time_is_said_before_saving(
    client, login, counselor, colleague, person, structure_a, tomorrow
):
    from tremplin.testing.factories import accepted_referral

    login(client, counselor)
    url = "/agenda/rendez-vous/nouveau/"
    client.post(url, form_data(person, counselor, start=local(tomorrow, 14), notify=""))
    assert Appointment.objects.count() == 1
    # The same person and organizer at 14:30: both clashes said, nothing saved.
    other = PersonFactory()
    Follow.objects.create(person=other, structure=structure_a, referent=counselor)
    page = client.post(
        url, form_data(person, counselor, start=local(tomorrow, 14, 30), notify="")
    ).content.decode()
    assert "Alice Conseil a déjà un rendez-vous de 14:00 à 15:00." in page
    assert f"Inès {CANARY_LAST_NAME.upper()} a déjà un rendez-vous avec la structure" in page
    assert Appointment.objects.count() == 1
    # Excused from the first appointment: the person is free at that time.
    Participant.objects.filter(person=person).update(attendance=Attendance.EXCUSED)
    response = client.post(
        url, form_data(person, colleague, start=local(tomorrow, 14, 30), notify="")
    )
    assert response.status_code == 302  # saved at once: nothing to warn about
    Appointment.objects.exclude(organizer=counselor).delete()
    Participant.objects.filter(person=person).update(attendance=Attendance.PLANNED)
    # Another person, another organizer, after the first one: no clash.
    response = client.post(
        url,
        form_data(other, colleague, start=local(tomorrow, 15), notify=""),
    )
    assert response.status_code == 302 and Appointment.objects.count() == 2
    # Booked on purpose despite the clash.
    response = client.post(
        url,
        form_data(
            person, counselor, start=local(tomorrow, 14, 30), notify="", action="save_despite"
        ),
    )
    assert response.status_code == 302 and Appointment.objects.count() == 3
    # Editing it for another reason (the place) does not ask again; moving it does.
    booked = Appointment.objects.latest("pk")
    edit = f"/agenda/rendez-vous/{booked.pk}/modifier/"
    response = client.post(
        edit, form_data(person, counselor, start=local(tomorrow, 14, 30), place="Salle B")
    )
    assert response.status_code == 302
    page = client.post(
        edit, form_data(person, counselor, start=local(tomorrow, 14, 15), notify="")
    ).content.decode()
    assert "Alice Conseil a déjà un rendez-vous de 14:00 à 15:00." in page
    # The partner's appointment a referral obtained counts too (one hour).
    accepted_referral(
        person=person, structure=structure_a, by=counselor, appointment_at=local(tomorrow, 16, 30)
    )
    page = client.post(
        url, form_data(person, colleague, start=local(tomorrow, 17), notify="")
    ).content.decode()
    assert f"Inès {CANARY_LAST_NAME.upper()} a rendez-vous chez CLLAJ à 16:30" in page
    page = client.post(url, form_data(person, colleague, start=local(tomorrow, 17, 30), notify=""))
    assert page.status_code == 302
