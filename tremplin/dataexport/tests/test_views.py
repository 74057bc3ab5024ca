import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import CANARY_HEALTH_NOTE, CANARY_LAST_NAME
from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Role, Section
from tremplin.dataexport.models import AccessRequest, RequestChannel, due_date
from tremplin.testing.factories import MembershipFactory, UserFactory, space_login


def _url(person):
    return f"/personnes/{person.pk}/donnees/"


@pytest.fixture
def other_manager(structure_b):
    user = UserFactory(first_name="Odile", last_name="Ailleurs")
    MembershipFactory(structure=structure_b, role=Role.MANAGER, user=user)
    return user


def _record(client, person, **fields):
    data = {
        "kind": "both",
        "received_on": timezone.localdate().isoformat(),
        "channel": "mail",
        "note": "",
    } | fields
    return client.post(_url(person), data)


def test_the_due_date_is_one_month_after_receipt():
    assert due_date(date(2026, 1, 15)) == date(2026, 2, 15)
    assert due_date(date(2026, 1, 31)) == date(2026, 2, 28)
    assert due_date(date(2026, 12, 10)) == date(2027, 1, 10)


def test_only_the_manager_of_a_following_structure_opens_the_page(
    person, login, counselor, reception, manager, other_manager
):
    assert login(Client(), counselor).get(_url(person)).status_code == 403
    assert login(Client(), reception).get(_url(person)).status_code == 403
    assert login(Client(), other_manager).get(_url(person)).status_code == 404
    response = login(Client(), manager).get(_url(person))
    assert response.status_code == 200
    assert "Droit d'accès et portabilité" in response.content.decode()
    # The file links to it for the manager only.
    link = _url(person).encode()
    assert link in login(Client(), manager).get(f"/personnes/{person.pk}/").content
    assert link not in login(Client(), counselor).get(f"/personnes/{person.pk}/").content


def test_a_request_is_recorded_with_its_deadline(person, login, manager, structure_a):
    client = login(Client(), manager)
    received = timezone.localdate() - timedelta(days=3)
    response = _record(client, person, received_on=received.isoformat(), note="Courrier du 3.")
    assert response.status_code == 302
    request = AccessRequest.objects.get()
    assert (request.person, request.structure, request.recorded_by) == (
        person,
        structure_a,
        manager,
    )
    assert request.due_on == due_date(received)
    assert request.channel == RequestChannel.MAIL and request.answered_at is None
    page = client.get(_url(person)).content.decode()
    assert f"avant le {request.due_on:%d/%m/%Y}" in page


def test_a_bad_request_says_why_and_saves_nothing(person, login, manager):
    client = login(Client(), manager)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _record(client, person, received_on=tomorrow.isoformat())
    assert response.status_code == 200
    assert "Cette date ne peut pas être dans le futur." in response.content.decode()
    response = _record(client, person, channel="person_space")
    assert response.status_code == 200
    assert AccessRequest.objects.count() == 0


def test_the_answer_is_noted_once_the_archive_is_out(person, login, manager):
    client = login(Client(), manager)
    _record(client, person)
    request = AccessRequest.objects.get()
    answer = f"{_url(person)}{request.pk}/traitee/"
    client.post(answer)
    request.refresh_from_db()
    assert request.answered_at is None  # no archive yet: nothing handed over
    response = client.post(f"{_url(person)}{request.pk}/archive/")
    assert response.status_code == 200
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("donnees.json"))
    assert data["identite"]["health_notes"]["valeur"] == CANARY_HEALTH_NOTE
    client.post(answer)
    request.refresh_from_db()
    assert request.answered_at is not None and request.answered_by == manager
    assert request.archive_size == len(response.content)


def test_the_archive_is_refused_to_whoever_may_not_export(
    person, login, counselor, other_manager, manager
):
    client = login(Client(), manager)
    _record(client, person)
    request = AccessRequest.objects.get()
    url = f"{_url(person)}{request.pk}/archive/"
    reads = AccessLog.objects.count()
    assert login(Client(), counselor).post(url).status_code == 403
    assert login(Client(), other_manager).post(url).status_code == 404
    assert client.get(url).status_code == 405  # never by a link to follow
    assert AccessLog.objects.count() == reads
    request.refresh_from_db()
    assert request.archive_sha256 == ""


def test_the_manager_sees_the_open_requests_and_the_late_ones(
    person, person_b, login, manager, other_manager, structure_a, structure_b
):
    today = timezone.localdate()
    late = AccessRequest.objects.create(
        person=person,
        structure=structure_a,
        kind="access",
        channel="email",
        received_on=today - timedelta(days=40),
        due_on=due_date(today - timedelta(days=40)),
    )
    AccessRequest.objects.create(
        person=person_b,
        structure=structure_b,
        kind="access",
        channel="email",
        received_on=today,
        due_on=due_date(today),
    )
    response = login(Client(), manager).get("/equipe/demandes-de-donnees/")
    page = response.content.decode()
    assert response.status_code == 200
    assert CANARY_LAST_NAME.upper() in page and "En retard" in page
    assert "1 demande en retard" in page
    assert "Quaglieriu".upper() not in page  # structure B's request
    late.answered_at = timezone.now()
    late.save()
    assert (
        "Aucune demande en attente"
        in login(Client(), manager).get("/equipe/demandes-de-donnees/").content.decode()
    )
    assert login(Client(), other_manager).get("/equipe/demandes-de-donnees/").status_code == 200


def test_the_person_downloads_their_data_from_their_space(person, structure_a):
    client = space_login(Client(), person)
    page = client.get("/espace/mes-donnees/")
    assert page.status_code == 200
    assert "Télécharger mes données" in page.content.decode()
    assert "/espace/mes-donnees/" in client.get("/espace/accueil/").content.decode()
    response = client.post("/espace/mes-donnees/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("donnees.json"))
    assert data["identite"]["last_name"]["valeur"] == CANARY_LAST_NAME
    assert data["responsable_du_traitement"]["structure"] == structure_a.name
    request = AccessRequest.objects.get()
    assert request.channel == RequestChannel.PERSON_SPACE and request.structure == structure_a
    assert request.answered_at is not None and request.recorded_by is None
    assert request.archive_size == len(response.content)
    own = AccessLog.objects.filter(person_id=person.pk, channel=AccessLog.Channel.SPACE)
    read = set(own.values_list("section", flat=True))
    assert read >= {Section.IDENTITY, Section.ACCESS_LOG}
    # Health and justice stay out of the space's download (asked for at the structure).
    assert not read & {Section.HEALTH, Section.JUSTICE}
    assert "health_notes" not in data["identite"] and "justice_notes" not in data["identite"]
    assert CANARY_HEALTH_NOTE not in archive.read("donnees.json").decode()
    assert "ne contient pas les informations de santé" in archive.read("LISEZMOI.txt").decode()
    assert not own.exclude(user=None).exists()


def test_nobody_else_downloads_from_the_space(person, login, manager):
    assert Client().post("/espace/mes-donnees/").status_code == 302
    assert login(Client(), manager).post("/espace/mes-donnees/").status_code == 302
    assert AccessRequest.objects.count() == 0
