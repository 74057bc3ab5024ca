"""Two registrations for the last place at the same moment (PostgreSQL: real row locks)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from tremplin.workshops import actions
from tremplin.workshops.models import Registration
from tremplin.workshops.tests.conftest import followed, make_session

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL (SQLite locks the whole file)",
    ),
    # A transactional test empties the database when it ends: it runs last, with the browser
    # tests (see the root conftest), so the others keep the referentials loaded.
    pytest.mark.browser,
]


@pytest.fixture
def flushable(flushable_access_log, transactional_db):
    yield
    flushable_access_log.suspend()


def _someone_waits_for_a_lock(deadline: float) -> bool:
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def test_two_registrations_for_the_last_place_never_exceed_the_capacity(
    flushable, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    first, second = followed(structure_a, counselor, 2)
    first_holds_the_place = threading.Event()
    results: dict[str, str] = {}

    def register_first():
        try:
            with transaction.atomic():
                results["first"] = actions.register(
                    session=session, person=first, by=counselor, waiting_list=True
                ).status
                first_holds_the_place.set()
                # Keep the transaction open until the second registration waits on the lock
                # (or, without a lock, has already gone through).
                results["second_waited"] = _someone_waits_for_a_lock(time.monotonic() + 5)
        finally:
            connections.close_all()

    def register_second():
        first_holds_the_place.wait(5)
        try:
            results["second"] = actions.register(
                session=session, person=second, by=counselor, waiting_list=True
            ).status
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register_first), threading.Thread(target=register_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert results["second_waited"]
    assert (results["first"], results["second"]) == ("registered", "waiting")
    assert Registration.objects.filter(session=session, status="registered").count() == 1


def test_two_confirmations_for_the_last_free_place_never_exceed_the_capacity(
    flushable, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    held, first, second = followed(structure_a, counselor, 3)
    held = actions.register(session=session, person=held, by=counselor)
    waiting = [
        actions.register(session=session, person=p, by=counselor, waiting_list=True)
        for p in (first, second)
    ]
    actions.cancel_registration(registration=held)
    first_holds_the_place = threading.Event()
    results: dict[str, str] = {}

    def promote_first():
        try:
            with transaction.atomic():
                results["first"] = actions.promote(registration=waiting[0], by=counselor).status
                first_holds_the_place.set()
                results["second_waited"] = _someone_waits_for_a_lock(time.monotonic() + 5)
        finally:
            connections.close_all()

    def promote_second():
        first_holds_the_place.wait(5)
        try:
            actions.promote(registration=waiting[1], by=counselor)
            results["second"] = "registered"
        except ValidationError as error:
            results["second"] = error.messages[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=promote_first), threading.Thread(target=promote_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert results["second_waited"]
    assert results["first"] == "registered"
    assert results["second"].startswith("Aucune place n'est libre")
    assert Registration.objects.filter(session=session, status="registered").count() == 1
