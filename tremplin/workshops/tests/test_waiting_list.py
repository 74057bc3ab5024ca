"""The waiting list of a workshop session: offered when the session is full, in order of
arrival, never promoted silently, and never counted as a participant."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.people.enums import Sex
from tremplin.workshops import actions
from tremplin.workshops.enums import RegistrationStatus
from tremplin.workshops.models import Invitation, Presence, Registration, WorkshopSession
from tremplin.workshops.tests.conftest import followed, make_session
from tremplin.workshops.tests.test_workflows import page_text, pdf_text

pytestmark = pytest.mark.django_db

WAITING = RegistrationStatus.WAITING
REGISTERED = RegistrationStatus.REGISTERED


def _statuses(session) -> dict:
    return dict(session.registrations.values_list("person_id", "status"))


def _full(session, counselor, structure_a, *, waiting=0):
    """The session's places all taken, then `waiting` people on its waiting list."""
    people = followed(structure_a, counselor, session.capacity + waiting)
    registrations = [
        actions.register(session=session, person=p, by=counselor, waiting_list=True) for p in people
    ]
    return registrations[: session.capacity], registrations[session.capacity :]


# --- registering when full ----------------------------------------------------------------------


def test_registering_to_a_full_session_records_nothing_and_offers_the_waiting_list(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    _full(session, counselor, structure_a)
    (newcomer,) = followed(structure_a, counselor, 1, first_name="Inès", sex=Sex.FEMALE)
    with pytest.raises(actions.SessionFull) as full:
        actions.register(session=session, person=newcomer, by=counselor)
    assert full.value.messages == ["La séance est complète : sa place est prise."]
    assert full.value.rank == 1
    login(client, counselor)
    url = f"/ateliers/seances/{session.pk}/inscription/"
    page = page_text(client.post(url, {"person": newcomer.pk}))
    assert "La séance est complète : sa place est prise." in page
    assert f"Mettre Inès {newcomer.last_name.upper()} en liste d'attente ?" in page
    assert "La personne y sera au rang 1" in page
    assert (
        'name="liste_attente" value="1"' in page and ">Mettre en liste d'attente</button>" in page
    )
    assert newcomer.pk not in _statuses(session)
    # The explicit choice.
    response = client.post(url, {"person": newcomer.pk, "liste_attente": "1"}, follow=True)
    assert f"Inès {newcomer.last_name.upper()} est en liste d'attente, au rang 1." in page_text(
        response
    )
    assert _statuses(session)[newcomer.pk] == WAITING


def test_a_search_on_a_full_session_offers_the_waiting_list_not_a_place(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    _full(session, counselor, structure_a)
    (newcomer,) = followed(structure_a, counselor, 1, first_name="Zébulon")
    login(client, counselor)
    page = page_text(client.post(f"/ateliers/seances/{session.pk}/", {"q": "Zébulon"}))
    assert "Plus de place pour une nouvelle inscription" in page
    assert "Mettre en liste d'attente<span" in page and ">Inscrire<span" not in page


def test_the_waiting_list_is_in_order_of_arrival_with_ranks_and_counts(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=2)
    _held, waiting = _full(session, counselor, structure_a, waiting=3)
    assert [r.waiting_rank for r in waiting] == [1, 2, 3]
    ranked = Registration.objects.filter(session=session).with_waiting_rank()
    assert {r.pk: r.waiting_rank for r in ranked if r.status == WAITING} == {
        waiting[0].pk: 1,
        waiting[1].pk: 2,
        waiting[2].pk: 3,
    }
    login(client, counselor)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert "2 inscrit·es sur 2 places · 3 en liste d'attente" in page
    assert "Liste d'attente (3)" in page and '<th scope="col">Rang</th>' in page
    names = [f"{r.person.last_name.upper()} {r.person.first_name}" for r in waiting]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    # Leaving the list moves the others up.
    actions.cancel_registration(registration=waiting[0])
    assert Registration.objects.get(pk=waiting[2].pk).waiting_rank == 2


def test_the_counts_agree_with_one_participant_and_one_place(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    _full(session, counselor, structure_a)
    login(client, counselor)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert "1 inscrit·e sur 1 place · 0 en liste d'attente" in page


# --- a freed place ------------------------------------------------------------------------------


def test_a_cancellation_gives_the_place_to_nobody_silently(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    (held,), (first, second) = _full(session, counselor, structure_a, waiting=2)
    first.person.sex = Sex.FEMALE
    first.person.save()
    login(client, counselor)
    response = client.post(f"/ateliers/inscriptions/{held.pk}/annuler/", follow=True)
    name = f"{first.person.first_name} {first.person.last_name.upper()}"
    page = page_text(response)
    assert (
        f"Inscription annulée. Une place s'est libérée : joignez {name}, première de la liste "
        "d'attente, puis confirmez sa place." in page
    )
    assert _statuses(session)[first.person_id] == WAITING
    assert session.registered().count() == 0
    assert "Une place s'est libérée" in page
    assert f"Elle revient d'abord à {name}, première de la liste d'attente." in page
    assert f"Confirmer la place de {name}</button>" in page
    assert "0 inscrit·e sur 1 place · 2 en liste d'attente" in page
    # A newcomer does not jump the queue: the freed place is the waiting list's.
    (newcomer,) = followed(structure_a, counselor, 1, first_name="Nouvelle")
    with pytest.raises(actions.SessionFull, match="revient d'abord aux personnes en liste"):
        actions.register(session=session, person=newcomer, by=counselor)
    # Confirmed once reached.
    response = client.post(f"/ateliers/inscriptions/{first.pk}/confirmer-la-place/", follow=True)
    assert f"Place confirmée : {name} est inscrite à la séance." in page_text(response)
    promoted = Registration.objects.get(pk=first.pk)
    assert promoted.status == REGISTERED and promoted.promoted_by == counselor
    assert promoted.promoted_at is not None
    assert promoted.history.first().status == REGISTERED  # the history keeps each step
    assert list(promoted.history.values_list("status", flat=True)) == [REGISTERED, WAITING]
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert "Une place s'est libérée" not in page and "venue de la liste d'attente" in page


def test_the_facilitator_may_confirm_anyone_on_the_list(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    (held,), (first, second) = _full(session, counselor, structure_a, waiting=2)
    actions.cancel_registration(registration=held)
    login(client, counselor)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert f'action="/ateliers/inscriptions/{second.pk}/confirmer-la-place/"' in page
    client.post(f"/ateliers/inscriptions/{second.pk}/confirmer-la-place/")
    assert _statuses(session) == {
        held.person_id: RegistrationStatus.CANCELLED,
        first.person_id: WAITING,
        second.person_id: REGISTERED,
    }
    # Full again: no confirm button any more, and a confirmation is refused.
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert "confirmer-la-place" not in page
    response = client.post(f"/ateliers/inscriptions/{first.pk}/confirmer-la-place/", follow=True)
    assert "Aucune place n'est libre : la séance est complète." in page_text(response)
    assert _statuses(session)[first.person_id] == WAITING


def test_raising_the_capacity_offers_the_new_places_to_the_waiting_list(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    _held, waiting = _full(session, counselor, structure_a, waiting=3)
    WorkshopSession.objects.filter(pk=session.pk).update(capacity=3)
    login(client, counselor)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert "2 places se sont libérées" in page
    assert "Elles reviennent d'abord à la liste d'attente, dans l'ordre : en premier à" in page
    assert "1 inscrit·e sur 3 places · 3 en liste d'attente" in page
    assert all(s == WAITING for s in [r.status for r in session.waiting()])
    assert session.waiting().count() == 3


def test_a_promotion_from_a_stale_page_never_overbooks(
    counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    (held,), (first, second) = _full(session, counselor, structure_a, waiting=2)
    actions.cancel_registration(registration=held)
    # Both loaded while the place was free (two counselors on the page at the same time).
    stale_first = Registration.objects.select_related("session").get(pk=first.pk)
    stale_second = Registration.objects.select_related("session").get(pk=second.pk)
    actions.promote(registration=stale_first, by=counselor)
    with pytest.raises(ValidationError, match="Aucune place n'est libre"):
        actions.promote(registration=stale_second, by=counselor)
    assert session.registered().count() == 1
    # Promoting the same person twice is refused too.
    with pytest.raises(ValidationError, match="n'est plus en liste d'attente"):
        actions.promote(registration=stale_first, by=counselor)


def test_a_promotion_counts_the_places_of_the_session_as_it_is_now(
    counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=2)
    _held, (waiting,) = _full(session, counselor, structure_a, waiting=1)
    WorkshopSession.objects.filter(pk=session.pk).update(capacity=3)
    stale = Registration.objects.select_related("session").get(pk=waiting.pk)
    assert stale.session.capacity == 3
    # Lowered again after the page was shown: the session's row is read again, locked.
    WorkshopSession.objects.filter(pk=session.pk).update(capacity=2)
    with pytest.raises(ValidationError, match="Aucune place n'est libre"):
        actions.promote(registration=stale, by=counselor)
    assert session.registered().count() == 2


def test_a_past_session_promotes_nobody(counselor, membership, structure_a, design, tomorrow):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    (held,), (waiting,) = _full(session, counselor, structure_a, waiting=1)
    actions.cancel_registration(registration=held)
    session.half_days.update(date=timezone.localdate() - timedelta(days=2))
    with pytest.raises(ValidationError, match="déjà eu lieu"):
        actions.promote(registration=waiting, by=counselor)


def test_someone_on_the_waiting_list_is_not_registered_twice(
    counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    _held, (waiting,) = _full(session, counselor, structure_a, waiting=1)
    with pytest.raises(ValidationError, match="déjà en liste d'attente"):
        actions.register(session=session, person=waiting.person, by=counselor, waiting_list=True)


def test_removing_someone_from_the_waiting_list(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    _held, (waiting,) = _full(session, counselor, structure_a, waiting=1)
    login(client, counselor)
    response = client.post(f"/ateliers/inscriptions/{waiting.pk}/annuler/", follow=True)
    page = page_text(response)
    assert "Retiré·e de la liste d'attente." in page and "Une place s'est libérée" not in page
    assert _statuses(session)[waiting.person_id] == RegistrationStatus.CANCELLED
    assert "Aucune personne en liste d'attente." in page
    assert "1 inscrit·e sur 1 place · 0 en liste d'attente" in page


# --- inviting from the caseload -----------------------------------------------------------------


def test_inviting_more_people_than_places_asks_before_using_the_waiting_list(
    client,
    login,
    counselor,
    membership,
    structure_a,
    design,
    tomorrow,
    django_capture_on_commit_callbacks,
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    people = followed(structure_a, counselor, 3)
    for index, person in enumerate(people):
        person.email = f"p{index}@exemple.test"
        person.save()
    login(client, counselor)
    url = f"/ateliers/seances/{session.pk}/inviter/?need="
    chosen = [str(p.pk) for p in people]
    page = page_text(client.get(url))
    assert "0 inscrit·e sur 1 place · 0 en liste d'attente" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"people": chosen})
    assert "La séance est complète : sa place est prise. Rien n'a été enregistré" in page_text(
        response
    )
    assert not Registration.objects.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"people": chosen, "waiting_list": "on"}, follow=True)
    assert (
        "1 personne invitée et inscrite ; 2 en liste d'attente, sans invitation tant qu'une "
        "place ne leur est pas confirmée." in page_text(response)
    )
    statuses = _statuses(session)
    assert sorted(statuses.values()) == [REGISTERED, WAITING, WAITING]
    # Only who holds a place is invited (« votre place est réservée »).
    assert len(mail.outbox) == 1
    assert set(Invitation.objects.values_list("registration__status", flat=True)) == {REGISTERED}


# --- nothing is recorded nor counted for the waiting list ---------------------------------------


def test_the_waiting_list_signs_nothing_and_is_neither_present_nor_absent(
    client, login, counselor, membership, structure_a, design, tmp_path
):
    session = make_session(design, membership, capacity=1)
    (held,), (waiting,) = _full(session, counselor, structure_a, waiting=1)
    half_day = session.half_days.first()
    outsider = waiting.person.last_name.upper()
    login(client, counselor)
    sign_in = page_text(client.get(f"/ateliers/demi-journees/{half_day.pk}/emargement/"))
    assert held.person.last_name.upper() in sign_in and outsider not in sign_in
    response = client.get(
        f"/ateliers/demi-journees/{half_day.pk}/emargement/", {"inscription": waiting.pk}
    )
    assert response.status_code == 404
    with pytest.raises(ValidationError, match="n'est pas inscrite à la séance"):
        actions.sign(half_day=half_day, registration=waiting, by=counselor, typed_name="Moi")
    sheet = pdf_text(
        client.get(f"/ateliers/demi-journees/{half_day.pk}/feuille.pdf").content, tmp_path
    )
    assert held.person.last_name.upper() in sheet and outsider not in sheet
    close = page_text(client.get(f"/ateliers/demi-journees/{half_day.pk}/cloture/"))
    assert outsider not in close
    actions.close_half_day(half_day=half_day, by=counselor)
    assert list(Presence.objects.values_list("registration", flat=True)) == [held.pk]
    assert not actions.send_invitation(waiting) and not Invitation.objects.exists()
    assert client.get(f"/ateliers/inscriptions/{waiting.pk}/evaluation/").status_code == 404


def test_the_persons_file_says_waiting_list_and_rank(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    _held, (first, second) = _full(session, counselor, structure_a, waiting=2)
    login(client, counselor)
    page = page_text(client.get(f"/personnes/{second.person_id}/ateliers/"))
    assert "En liste d'attente (rang 2)" in page and "à venir" not in page


def test_the_activity_report_counts_no_one_of_the_waiting_list(
    counselor, membership, structure_a, design
):
    from tremplin.reporting.activity import Month, build_report

    session = make_session(design, membership, capacity=1)
    (held,), (waiting,) = _full(session, counselor, structure_a, waiting=1)
    half_day = session.half_days.first()
    actions.sign(half_day=half_day, registration=held, by=counselor, typed_name="Moi")
    actions.close_half_day(half_day=half_day, by=counselor)
    today = timezone.localdate()
    report = build_report(structure_a, Month(today.year, today.month), now=timezone.now())
    figures = {f.key: (f.month, f.year) for _s, f in report.rows()}
    assert figures["workshop_participants"] == (1, 1)
