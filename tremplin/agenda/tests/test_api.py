from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tremplin.accounts.models import ApiToken
from tremplin.agenda.enums import Attendance
from tremplin.agenda.models import Appointment, Participant
from tremplin.agenda.tests.conftest import local
from tremplin.audit.models import AccessLog


def api(user):
    _token, key = ApiToken.issue(membership=user.memberships.get(), name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def payload(person, start, **overrides):
    data = {
        "kind": "follow_up",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "place": "Bureau 3",
        "person_ids": [person.pk],
    }
    data.update(overrides)
    return data


def test_api_creates_lists_reads_and_records_attendance(counselor, person, tomorrow):
    client = api(counselor)
    response = client.post(
        "/api/v1/rendez-vous", payload(person, local(tomorrow, 10)), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["organizer_id"] == counselor.pk
    assert created["participants"][0]["person_id"] == person.pk
    assert created["participants"][0]["attendance"] == "planned"

    listed = client.get("/api/v1/rendez-vous", {"du": tomorrow.isoformat()}).json()
    assert [a["id"] for a in listed["items"]] == [created["id"]]

    detail = client.get(f"/api/v1/rendez-vous/{created['id']}")
    assert detail.status_code == 200
    assert AccessLog.objects.filter(person_id=person.pk, section="agenda", channel="api").exists()

    # Not yet started: « seen » refused, « excused » accepted.
    url = f"/api/v1/rendez-vous/{created['id']}/presences"
    body = {"attendances": [{"person_id": person.pk, "attendance": "seen"}]}
    assert client.post(url, body, content_type="application/json").status_code == 422
    body["attendances"][0]["attendance"] = "excused"
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["participants"][0]["attendance"] == "excused"


def test_api_refuses_bad_times_in_french_and_saves_nothing(counselor, person, tomorrow):
    client = api(counselor)
    start = local(tomorrow, 10)
    response = client.post(
        "/api/v1/rendez-vous",
        payload(person, start, ends_at=(start + timedelta(hours=30)).isoformat()),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "plus de 24 heures" in response.json()["detail"]
    assert Appointment.objects.count() == 0


def test_api_hides_other_structures_appointments(other_counselor, counselor, person, structure_a):
    start = timezone.now() - timedelta(hours=3)
    appointment = Appointment.objects.create(
        structure=structure_a,
        organizer=counselor,
        created_by=counselor,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Bureau 3",
    )
    Participant.objects.create(appointment=appointment, person=person)
    client = api(other_counselor)
    assert client.get(f"/api/v1/rendez-vous/{appointment.pk}").status_code == 404
    response = client.post(
        f"/api/v1/rendez-vous/{appointment.pk}/presences",
        {"attendances": [{"person_id": person.pk, "attendance": "no_show"}]},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert appointment.participants.get().attendance == Attendance.PLANNED
    response = client.post(
        "/api/v1/rendez-vous",
        payload(person, timezone.now() + timedelta(days=1)),
        content_type="application/json",
    )
    assert response.status_code == 422 and Appointment.objects.count() == 1
