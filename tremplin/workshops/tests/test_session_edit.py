"""Editing a programmed session: place, link, capacity, facilitators, funder mention. The
capacity never goes below who already holds a place, a session that took place keeps its
places, and new places go to the waiting list through the counselor, never silently."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.people.enums import Sex
from tremplin.workshops import actions
from tremplin.workshops.enums import RegistrationStatus
from tremplin.workshops.models import HalfDay, WorkshopSession
from tremplin.workshops.tests.conftest import followed, make_session
from tremplin.workshops.tests.test_workflows import page_text

pytestmark = pytest.mark.django_db


def _url(session) -> str:
    return f"/ateliers/seances/{session.pk}/modifier/"


def _data(session, **changes) -> dict:
    data = {
        "loaded_at": session.updated_at.isoformat(),
        "place": session.place,
        "remote_link": session.remote_link,
        "capacity": session.capacity,
        "facilitators": [str(u.pk) for u in session.facilitators.all()],
        "funder_mention": session.funder_mention,
    }
    data.update(changes)
    return data


def _fill(session, counselor, structure_a, *, registered, waiting=0):
    people = followed(structure_a, counselor, registered + waiting)
    return [
        actions.register(session=session, person=p, by=counselor, waiting_list=True) for p in people
    ]


def test_the_session_page_links_to_its_edit_page_for_who_manages(
    client, login, counselor, reception, membership, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow)
    login(client, counselor)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert f'href="{_url(session)}"' in page and "Modifier la séance" in page
    client.logout()
    login(client, reception)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert _url(session) not in page
    assert client.get(_url(session)).status_code in (403, 404)


def test_editing_the_place_the_capacity_and_the_funder_mention(
    client, login, counselor, colleague, membership, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=8)
    login(client, counselor)
    page = page_text(client.get(_url(session)))
    assert "Modifier la séance" in page and 'value="Salle Jules Verne"' in page
    response = client.post(
        _url(session),
        _data(
            session,
            place="Salle Jean Moulin",
            capacity=12,
            funder_mention="Action cofinancée par le FSE+",
            facilitators=[str(counselor.pk), str(colleague.pk)],
        ),
        follow=True,
    )
    assert "Séance modifiée." in page_text(response)
    session.refresh_from_db()
    assert session.place == "Salle Jean Moulin" and session.capacity == 12
    assert session.funder_mention == "Action cofinancée par le FSE+"
    assert set(session.facilitators.all()) == {counselor, colleague}
    # The history keeps the capacity it had.
    assert list(session.history.values_list("capacity", flat=True))[:2] == [12, 8]


def test_the_capacity_never_goes_below_who_holds_a_place(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=5)
    # Four registered, two waiting: the waiting list does not count.
    _fill(session, counselor, structure_a, registered=4)
    login(client, counselor)
    response = client.post(_url(session), _data(session, capacity=3, place="Ailleurs"))
    assert response.status_code == 200
    page = page_text(response)
    assert (
        "4 personnes sont déjà inscrites à cette séance : prévoyez au moins 4 places, ou "
        "désinscrivez d'abord des personnes." in page
    )
    session.refresh_from_db()
    assert session.capacity == 5 and session.place == "Salle Jules Verne"  # nothing saved
    # Exactly the registered count is accepted.
    with pytest.raises(ValidationError):
        actions.update_session(
            session=session,
            changes={"capacity": 3},
            facilitators=[counselor],
            membership=membership,
        )
    actions.update_session(
        session=session, changes={"capacity": 4}, facilitators=[counselor], membership=membership
    )
    session.refresh_from_db()
    assert session.capacity == 4


def test_the_waiting_list_does_not_count_against_a_lower_capacity(
    counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=2)
    _fill(session, counselor, structure_a, registered=2, waiting=3)
    actions.update_session(
        session=session, changes={"capacity": 2}, facilitators=[counselor], membership=membership
    )
    assert session.waiting().count() == 3


def test_raising_the_capacity_says_a_place_is_free_without_promoting_anyone(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    _held, first, _second = _fill(session, counselor, structure_a, registered=1, waiting=2)
    first.person.sex = Sex.FEMALE
    first.person.save()
    name = f"{first.person.first_name} {first.person.last_name.upper()}"
    login(client, counselor)
    response = client.post(_url(session), _data(session, capacity=2), follow=True)
    page = page_text(response)
    assert (
        f"Séance modifiée. Une place s'est libérée : joignez {name}, première de la liste "
        "d'attente, puis confirmez sa place." in page
    )
    assert session.registered().count() == 1 and session.waiting().count() == 2
    first.refresh_from_db()
    assert first.status == RegistrationStatus.WAITING
    # Two more places: said in the plural, still nobody promoted.
    session.refresh_from_db()
    response = client.post(_url(session), _data(session, capacity=4), follow=True)
    assert "2 places se sont libérées : joignez" in page_text(response)
    assert session.registered().count() == 1


def test_a_past_session_keeps_its_capacity(
    client, login, counselor, membership, structure_a, design
):
    session = make_session(design, membership, capacity=3)
    _fill(session, counselor, structure_a, registered=2)
    HalfDay.objects.filter(session=session).update(date=timezone.localdate() - timedelta(days=3))
    for half_day in session.half_days.all():
        actions.close_half_day(half_day=half_day, by=counselor)
    session = WorkshopSession.objects.get(pk=session.pk)
    assert session.is_past
    with pytest.raises(ValidationError, match="ne peut plus être modifié"):
        actions.update_session(
            session=session,
            changes={"capacity": 10},
            facilitators=[counselor],
            membership=membership,
        )
    login(client, counselor)
    page = page_text(client.get(_url(session)))
    assert "La séance a eu lieu : son nombre de places ne peut plus être modifié" in page
    response = client.post(_url(session), _data(session, capacity=10, place="Salle B"))
    session.refresh_from_db()
    # The capacity field is not taken from the request; the rest may still be corrected.
    assert session.capacity == 3
    assert response.status_code == 302 and session.place == "Salle B"


def test_facilitators_must_be_members_of_the_structure(
    counselor, other_counselor, membership, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow)
    with pytest.raises(ValidationError, match="membres de la structure"):
        actions.update_session(
            session=session,
            changes={},
            facilitators=[other_counselor],
            membership=membership,
        )
    with pytest.raises(ValidationError, match="au moins un·e animateur·rice"):
        actions.update_session(session=session, changes={}, facilitators=[], membership=membership)
    assert list(session.facilitators.all()) == [counselor]


def test_a_change_of_facilitators_is_named_in_the_history(
    counselor, colleague, membership, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow)
    before = session.capacity
    actions.update_session(
        session=session,
        changes={"capacity": before + 2},
        facilitators=[counselor, colleague],
        membership=membership,
    )
    reason = session.history.latest().history_change_reason
    assert reason == (
        f"nombre de places : {before} → {before + 2} ; "
        f"animé par {counselor.full_name}, {colleague.full_name}"
    )
    # The same facilitators again: nothing to name.
    actions.update_session(
        session=session, changes={}, facilitators=[colleague, counselor], membership=membership
    )
    assert session.history.latest().history_change_reason is None


def test_a_session_of_another_structure_cannot_be_edited(
    client, login, other_counselor, membership, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow)
    login(client, other_counselor)
    assert client.get(_url(session)).status_code == 404
    assert client.post(_url(session), _data(session, capacity=50)).status_code == 404
    session.refresh_from_db()
    assert session.capacity == 10


def test_an_edit_from_a_stale_page_overwrites_nothing(
    client, login, counselor, colleague, membership, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=8)
    stale = _data(session, place="Salle A")
    # A colleague saved the session in the meantime.
    login(client, colleague)
    client.post(_url(session), _data(session, place="Salle B", capacity=9))
    session.refresh_from_db()
    assert session.place == "Salle B"
    client.logout()
    login(client, counselor)
    response = client.post(_url(session), stale)
    assert response.status_code == 200
    assert "Quelqu'un d'autre a modifié cette séance pendant que vous la modifiiez" in (
        page_text(response)
    )
    session.refresh_from_db()
    assert session.place == "Salle B" and session.capacity == 9
