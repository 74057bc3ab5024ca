"""Retention and the requests of access through the API: figures and ids, never names."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tremplin.accounts.models import ApiToken
from tremplin.dataexport.models import AccessRequest
from tremplin.people.models import Follow, Person
from tremplin.testing.factories import FollowFactory, PersonFactory

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, key = ApiToken.issue(membership=user.memberships.get(), name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_manager_reads_retention_and_open_requests(manager, counselor, structure_a):
    person = PersonFactory(last_name="Ancien")
    FollowFactory(person=person, structure=structure_a)
    old = timezone.now() - datetime.timedelta(days=800)
    Person.objects.filter(pk=person.pk).update(created_at=old, updated_at=old)
    Follow.objects.filter(person=person).update(
        created_at=old, updated_at=old, started_on=old.date(), ended_on=old.date()
    )
    today = timezone.localdate()
    late = AccessRequest.objects.create(
        person=person,
        structure=structure_a,
        kind="access",
        received_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=9),
        channel="mail",
        recorded_by=manager,
    )

    body = api(manager).get("/api/v1/conservation").json()
    assert body["retention_months"] == 24 and body["due_not_held"] == 0
    # The request of access just recorded is an activity: the file is no longer due.
    assert body["due"] == 0 and body["files"] == []
    AccessRequest.objects.filter(pk=late.pk).update(created_at=old, updated_at=old)
    body = api(manager).get("/api/v1/conservation").json()
    assert body["due"] == body["due_not_held"] == 1
    assert body["files"][0]["person_id"] == person.pk and "Ancien" not in str(body)

    listed = api(manager).get("/api/v1/demandes-donnees").json()
    assert [(r["id"], r["late"]) for r in listed] == [(late.pk, True)]
    assert api(counselor).get("/api/v1/conservation").status_code == 403
    assert api(counselor).get("/api/v1/demandes-donnees").status_code == 403
