"""The waiting list (« liste d'attente ») of an information session: a full session offers
it explicitly, in order of arrival; a freed place is confirmed by reception, never given
silently; promotion never overbooks."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from tremplin.reception import actions
from tremplin.reception.models import Contact, InfoSession, Registration

FULL = "Complet : les 2 places sont prises."
OFFER = "La session est complète : inscrire en liste d'attente"


@pytest.fixture
def session(structure_a):
    return InfoSession.objects.create(
        structure=structure_a,
        theme="Découvrir l'accompagnement",
        starts_at=timezone.now() + timedelta(days=3),
        place="Salle 2, 12 avenue de la République",
        capacity=2,
    )


@pytest.fixture
def contacts(structure_a, reception):
    names = ["Benamar", "Lefèvre", "Nguyen", "Oualid", "Perrin"]
    return [
        Contact.objects.create(
            structure=structure_a,
            channel="walk_in",
            received_by=reception,
            last_name=name,
            first_name="Camille",
            phone=f"06 12 34 56 {10 + number}",
            demand="Je cherche une formation.",
            next_step="info_session",
        )
        for number, name in enumerate(names)
    ]


def text(response) -> str:
    body = response.content.decode().replace("&#x27;", "'")
    assert "INVALID_TEMPLATE_VARIABLE" not in body
    return body


def page_of(session) -> str:
    return f"/accueil/informations-collectives/{session.pk}/"


def fill(session, reception, contacts, waiting=0):
    """Two registered (the session is full), then ``waiting`` on the waiting list."""
    for contact in contacts[:2]:
        actions.register(session=session, by=reception, contact=contact)
    return [
        actions.register(session=session, by=reception, contact=contact, waiting_list=True)
        for contact in contacts[2 : 2 + waiting]
    ]


# --- registering when the session is full ----------------------------------------------------


def test_a_full_session_offers_the_waiting_list_explicitly(
    client, login, reception, session, contacts
):
    fill(session, reception, contacts)
    login(client, reception)
    response = client.post(f"/accueil/{contacts[2].pk}/inscription/", {"session": session.pk})
    page = text(response)
    assert response.status_code == 200
    assert FULL in page and OFFER in page
    # Nothing was recorded: the choice is reception's.
    assert Registration.objects.filter(contact=contacts[2]).count() == 0

    response = client.post(
        f"/accueil/{contacts[2].pk}/inscription/",
        {"session": session.pk, "waiting_list": "1"},
        follow=True,
    )
    entry = Registration.objects.get(contact=contacts[2])
    assert entry.on_waiting_list and entry.attendance == "registered"
    assert "Inscription en liste d'attente enregistrée (rang 1)" in text(response)
    trace = Registration.history.filter(id=entry.pk).latest("history_date")
    assert trace.history_type == "+" and trace.on_waiting_list


def test_without_the_choice_a_full_session_still_refuses(session, reception, contacts):
    fill(session, reception, contacts)
    with pytest.raises(actions.NoPlaceFree) as refused:
        actions.register(session=session, by=reception, contact=contacts[2])
    assert refused.value.messages == [FULL]
    assert Registration.objects.count() == 2


def test_the_waiting_list_keeps_the_order_of_arrival(session, reception, contacts):
    waiting = fill(session, reception, contacts, waiting=3)
    ranks = dict(
        Registration.objects.with_waiting_rank()
        .filter(on_waiting_list=True)
        .values_list("pk", "waiting_rank")
    )
    assert [ranks[entry.pk] for entry in waiting] == [1, 2, 3]
    assert list(session.registrations.waiting()) == waiting


def test_someone_already_waiting_is_not_put_twice(session, reception, contacts):
    fill(session, reception, contacts, waiting=1)
    with pytest.raises(ValidationError) as refused:
        actions.register(session=session, by=reception, contact=contacts[2], waiting_list=True)
    assert refused.value.messages == [
        "Cette personne est déjà en liste d'attente pour cette information collective."
    ]


def test_the_session_search_offers_the_waiting_list_when_full(
    client, login, reception, session, contacts
):
    fill(session, reception, contacts)
    login(client, reception)
    response = client.post(page_of(session), {"action": "search", "q": "Nguyen"})
    page = text(response)
    assert "Inscrire en liste d'attente" in page and 'name="waiting_list" value="1"' in page
    client.post(
        f"/accueil/informations-collectives/{session.pk}/inscription/",
        {"contact": contacts[2].pk, "waiting_list": "1"},
    )
    assert Registration.objects.get(contact=contacts[2]).on_waiting_list


# --- the session page ------------------------------------------------------------------------


def test_the_session_page_lists_the_waiting_list_with_ranks_and_counts(
    client, login, reception, session, contacts
):
    fill(session, reception, contacts, waiting=2)
    login(client, reception)
    response = client.get(page_of(session))
    page = text(response)
    assert "2 inscrit·es sur 2 places · 2 en liste d'attente" in page
    assert "Liste d'attente" in page
    assert [r.contact for r in response.context["waiting"]] == contacts[2:4]
    assert [r.pk for r in response.context["form"].registrations] == [
        r.pk for r in Registration.objects.filter(on_waiting_list=False)
    ]
    # No attendance field for someone still waiting.
    assert all(
        f"r{r.pk}" not in response.context["form"].fields for r in response.context["waiting"]
    )
    assert "Une place s'est libérée" not in page

    listing = text(client.get("/accueil/informations-collectives/"))
    assert "2 / 2 inscrit·es" in listing and "2 en liste d'attente" in listing


def test_a_cancellation_frees_a_place_that_reception_confirms(
    client, login, reception, session, contacts
):
    first, second = fill(session, reception, contacts, waiting=2)
    login(client, reception)
    leaving = Registration.objects.get(contact=contacts[0])
    response = client.post(
        page_of(session), {"action": "cancel", "registration": leaving.pk}, follow=True
    )
    page = text(response)
    # Nobody was moved silently.
    first.refresh_from_db()
    assert first.on_waiting_list
    assert "Une place s'est libérée" in page
    assert "Confirmer la place de Camille NGUYEN" in page
    assert "1 inscrit·e sur 2 places · 2 en liste d'attente" in page

    response = client.post(
        page_of(session), {"action": "promote", "registration": first.pk}, follow=True
    )
    page = text(response)
    first.refresh_from_db()
    assert not first.on_waiting_list
    assert "Place confirmée pour Camille NGUYEN" in page
    assert "2 inscrit·es sur 2 places · 1 en liste d'attente" in page
    assert "Une place s'est libérée" not in page
    trace = Registration.history.filter(id=first.pk).latest("history_date")
    assert trace.history_change_reason == "place confirmée depuis la liste d'attente"
    assert trace.history_user == reception


def test_raising_the_capacity_shows_the_freed_place(client, login, reception, session, contacts):
    fill(session, reception, contacts, waiting=1)
    InfoSession.objects.filter(pk=session.pk).update(capacity=3)
    login(client, reception)
    page = text(client.get(page_of(session)))
    assert "Une place s'est libérée" in page
    assert Registration.objects.get(contact=contacts[2]).on_waiting_list


def edit(client, session, **changes):
    """Post the session's edit form, its fields as they are but ``changes``."""
    data = {
        "theme": session.theme,
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": session.duration_minutes,
        "place": session.place,
        "capacity": session.capacity,
    }
    data.update(changes)
    return client.post(
        f"/accueil/informations-collectives/{session.pk}/modifier/", data, follow=True
    )


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_raising_the_capacity_names_the_first_people_waiting_in_order(
    client, login, reception, session, contacts
):
    waiting = fill(session, reception, contacts, waiting=3)
    login(client, reception)
    response = edit(client, session, capacity=4)
    assert said(response) == [
        "Information collective modifiée. 2 places se sont libérées. Elles reviennent d'abord "
        "à la liste d'attente, dans l'ordre : Camille NGUYEN puis Camille OUALID. Prévenez ces "
        "personnes pour vérifier qu'elles viennent toujours, puis confirmez leur place."
    ]
    page = text(response)
    assert "2 places se sont libérées" in page
    assert "2 inscrit·es sur 4 places · 3 en liste d'attente" in page
    # Nobody was moved: the counselor confirms each place from the session's page.
    assert all(Registration.objects.get(pk=entry.pk).on_waiting_list for entry in waiting)


def test_raising_the_capacity_by_one_names_the_first_person_waiting(
    client, login, reception, session, contacts
):
    fill(session, reception, contacts, waiting=2)
    login(client, reception)
    response = edit(client, session, capacity=3)
    assert said(response) == [
        "Information collective modifiée. Une place s'est libérée. Prévenez d'abord Camille "
        "NGUYEN, première personne de la liste d'attente, pour vérifier qu'elle vient toujours, "
        "puis confirmez sa place."
    ]
    assert "Confirmer la place de Camille NGUYEN" in text(response)
    assert Registration.objects.filter(on_waiting_list=True).count() == 2


def test_more_places_than_people_waiting_names_only_those_waiting(
    client, login, reception, session, contacts
):
    fill(session, reception, contacts, waiting=1)
    login(client, reception)
    response = edit(client, session, capacity=6)
    assert said(response)[0].startswith(
        "Information collective modifiée. Une place s'est libérée. Prévenez d'abord Camille NGUYEN"
    )


def test_beyond_three_people_waiting_the_others_are_counted(
    client, login, reception, session, contacts, structure_a
):
    fill(session, reception, contacts, waiting=3)
    for name in ("Rivière", "Tanguy"):
        late = Contact.objects.create(
            structure=structure_a,
            channel="phone",
            received_by=reception,
            last_name=name,
            first_name="Inès",
            demand="Je cherche un emploi.",
            next_step="info_session",
        )
        actions.register(session=session, by=reception, contact=late, waiting_list=True)
    login(client, reception)
    response = edit(client, session, capacity=12)
    assert said(response) == [
        "Information collective modifiée. 5 places se sont libérées. Elles reviennent d'abord "
        "à la liste d'attente, dans l'ordre : Camille NGUYEN, Camille OUALID, Camille PERRIN "
        "puis 2 autres personnes. Prévenez ces personnes pour vérifier qu'elles viennent "
        "toujours, puis confirmez leur place."
    ]


def test_an_edit_without_more_places_says_nothing_of_the_waiting_list(
    client, login, reception, session, contacts
):
    fill(session, reception, contacts, waiting=1)
    login(client, reception)
    assert said(edit(client, session, theme="Découvrir la Mission Locale")) == [
        "Information collective modifiée."
    ]
    # Raised, but nobody waits: nothing to tell either.
    Registration.objects.filter(on_waiting_list=True).delete()
    assert said(edit(client, session, capacity=5)) == ["Information collective modifiée."]


def test_staff_may_promote_anyone_on_the_list(session, reception, contacts):
    first, second = fill(session, reception, contacts, waiting=2)
    actions.cancel_registration(registration=Registration.objects.get(contact=contacts[0]))
    actions.promote(registration=second)
    second.refresh_from_db()
    first.refresh_from_db()
    assert not second.on_waiting_list and first.on_waiting_list


def test_promotion_never_overbooks(session, reception, contacts):
    first, second = fill(session, reception, contacts, waiting=2)
    with pytest.raises(ValidationError) as refused:
        actions.promote(registration=first)
    assert refused.value.messages == [
        "Aucune place libre : les 2 places sont prises. La personne reste en liste d'attente."
    ]
    first.refresh_from_db()
    assert first.on_waiting_list


def test_two_promotions_on_stale_state_take_one_place(client, login, reception, session, contacts):
    first, second = fill(session, reception, contacts, waiting=2)
    actions.cancel_registration(registration=Registration.objects.get(contact=contacts[0]))
    # Two colleagues saw the same page with one free place, each confirms someone.
    login(client, reception)
    client.post(page_of(session), {"action": "promote", "registration": first.pk})
    response = client.post(
        page_of(session), {"action": "promote", "registration": second.pk}, follow=True
    )
    assert "Aucune place libre" in text(response)
    assert session.registrations.holding_a_place().count() == 2
    second.refresh_from_db()
    assert second.on_waiting_list
    # The same entry promoted twice (a double click) is told so, nothing changes.
    with pytest.raises(ValidationError) as again:
        actions.promote(registration=first)
    assert again.value.messages == [
        "Cette personne a déjà une place à cette information collective."
    ]


def test_a_place_taken_in_between_is_not_given_by_a_stale_promotion(session, reception, contacts):
    """Two colleagues see one free place: one registers a newcomer, the other, on a page
    loaded before, confirms the first person waiting. The place is not given twice."""
    (first,) = fill(session, reception, contacts, waiting=1)
    actions.cancel_registration(registration=Registration.objects.get(contact=contacts[0]))
    stale = InfoSession.objects.with_registered_count().get(pk=session.pk)
    assert stale.registered == 1 and first.on_waiting_list
    # The colleague's write, committed in between.
    Registration.objects.create(session=session, contact=contacts[3], registered_by=reception)
    with pytest.raises(actions.NoPlaceFree) as refused:
        actions.promote(registration=first)
    assert refused.value.messages == [
        "Aucune place libre : les 2 places sont prises. La personne reste en liste d'attente."
    ]
    assert session.registrations.holding_a_place().count() == 2
    first.refresh_from_db()
    assert first.on_waiting_list


def test_promotion_locks_the_session_before_counting_its_places(session, reception, contacts):
    """SQLite cannot show two transactions racing: the lock that serialises them on
    PostgreSQL is checked to be taken on the session, before the places are counted."""
    (first,) = fill(session, reception, contacts, waiting=1)
    actions.cancel_registration(registration=Registration.objects.get(contact=contacts[0]))
    calls = []
    lock = QuerySet.select_for_update
    count = QuerySet.count

    def spy_lock(queryset, *args, **kwargs):
        calls.append(("lock", queryset.model))
        return lock(queryset, *args, **kwargs)

    def spy_count(queryset):
        calls.append(("count", queryset.model))
        return count(queryset)

    with (
        mock.patch.object(QuerySet, "select_for_update", spy_lock),
        mock.patch.object(QuerySet, "count", spy_count),
    ):
        actions.promote(registration=first)
    assert calls.index(("lock", InfoSession)) < calls.index(("count", Registration))


def test_a_free_place_goes_to_the_waiting_list_first(session, reception, contacts):
    fill(session, reception, contacts, waiting=1)
    actions.cancel_registration(registration=Registration.objects.get(contact=contacts[0]))
    with pytest.raises(actions.NoPlaceFree) as refused:
        actions.register(session=session, by=reception, contact=contacts[3])
    assert refused.value.messages == [
        "Une place est libre, mais 1 personne attend en liste d'attente : la place lui revient "
        "d'abord."
    ]
    late = actions.register(session=session, by=reception, contact=contacts[3], waiting_list=True)
    assert late.on_waiting_list


# --- removing from the list, attendance ------------------------------------------------------


def test_a_waiting_entry_is_removed_with_a_trace(client, login, reception, session, contacts):
    (entry,) = fill(session, reception, contacts, waiting=1)
    login(client, reception)
    page = text(client.get(page_of(session)))
    assert "Retirer de la liste d'attente" in page
    response = client.post(
        page_of(session), {"action": "cancel", "registration": entry.pk}, follow=True
    )
    assert "Camille NGUYEN n'est plus en liste d'attente." in text(response)
    assert not Registration.objects.filter(pk=entry.pk).exists()
    trace = Registration.history.filter(id=entry.pk).latest("history_date")
    assert trace.history_type == "-" and trace.history_user == reception
    assert trace.history_change_reason == "retiré·e de la liste d'attente"


def test_no_attendance_for_someone_on_the_waiting_list(session, reception, contacts):
    (entry,) = fill(session, reception, contacts, waiting=1)
    InfoSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5)
    )
    with pytest.raises(ValidationError) as refused:
        actions.record_attendance(session=session, attendance={entry.pk: "present"})
    assert refused.value.messages == [
        "Camille NGUYEN est en liste d'attente : sa présence ne peut pas être notée. "
        "Confirmez d'abord sa place. Aucune présence n'a été modifiée."
    ]
    entry.refresh_from_db()
    assert entry.attendance == "registered"
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=entry.pk).update(attendance="present")


def test_lowering_the_capacity_counts_only_places_taken(
    client, login, reception, session, contacts
):
    fill(session, reception, contacts, waiting=2)
    login(client, reception)
    response = client.post(
        f"/accueil/informations-collectives/{session.pk}/modifier/",
        {
            "theme": session.theme,
            "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 90,
            "place": session.place,
            "capacity": 1,
        },
    )
    assert "2 personnes sont déjà inscrites : gardez au moins 2 places." in text(response)


def test_a_place_confirmed_while_the_capacity_is_lowered_keeps_the_capacity(
    session, reception, contacts, structure_a
):
    """The form was read with one place taken; a colleague confirmed a second before the
    save: the new capacity of one is refused under the lock, nothing is saved."""
    from tremplin.accounts.models import User
    from tremplin.reception.forms import InfoSessionForm

    session.capacity = 3
    session.save()
    actions.register(session=session, by=reception, contact=contacts[0])
    data = {
        "theme": session.theme,
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 90,
        "place": session.place,
        "capacity": 1,
    }
    form = InfoSessionForm(data, instance=session, facilitators=User.objects.none())
    assert form.is_valid(), form.errors
    actions.register(
        session=InfoSession.objects.get(pk=session.pk), by=reception, contact=contacts[1]
    )
    with pytest.raises(ValidationError) as refused:
        actions.save_session(form)
    assert refused.value.message_dict["capacity"] == [
        "2 personnes sont déjà inscrites : gardez au moins 2 places."
    ]
    session.refresh_from_db()
    assert session.capacity == 3


# --- what counts registrations ---------------------------------------------------------------


def test_counts_and_follow_up_leave_out_the_waiting_list(session, reception, contacts):
    fill(session, reception, contacts, waiting=2)
    counted = InfoSession.objects.with_registered_count().get(pk=session.pk)
    assert counted.registered == 2 and counted.waiting == 2
    InfoSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5)
    )
    follow_up = actions.to_follow_up(session, session.structure_id)
    assert follow_up == {"present_without_file": [], "absent": []}


def test_the_file_shows_the_rank_on_the_waiting_list(
    client, login, reception, session, contacts, person
):
    fill(session, reception, contacts, waiting=1)
    actions.register(session=session, by=reception, person=person, waiting_list=True)
    login(client, reception)
    page = text(client.get(f"/personnes/{person.pk}/accueil/"))
    assert "en liste d'attente (rang 2)" in page
    contact_page = text(client.get(f"/accueil/{contacts[2].pk}/"))
    assert "en liste d'attente (rang 1)" in contact_page


def test_registering_a_file_on_the_list_from_its_tab(
    client, login, reception, session, contacts, person
):
    fill(session, reception, contacts)
    login(client, reception)
    assert "complet : liste d'attente" in text(client.get(f"/personnes/{person.pk}/accueil/"))
    response = client.post(f"/personnes/{person.pk}/accueil/inscription/", {"session": session.pk})
    assert OFFER in text(response)
    response = client.post(
        f"/personnes/{person.pk}/accueil/inscription/",
        {"session": session.pk, "waiting_list": "1"},
        follow=True,
    )
    assert Registration.objects.get(person=person).on_waiting_list
    assert "en liste d'attente (rang 1)" in text(response)


def test_merging_a_file_keeps_the_place_it_held(session, reception, contacts, person):
    """A file registered on a place through a contact and waiting on its own: once the
    contact is linked, the one registration left keeps the place."""
    Registration.objects.create(
        session=session,
        person=person,
        registered_by=reception,
        on_waiting_list=True,
        registered_at=timezone.now() - timedelta(hours=1),
    )
    actions.register(session=session, by=reception, contact=contacts[0])
    actions.link_contact(contact=contacts[0], person=person)
    (kept,) = Registration.objects.filter(session=session)
    assert kept.person == person and not kept.on_waiting_list


def test_places_beyond_the_waiting_list_are_taken_directly(session, reception, contacts):
    fill(session, reception, contacts, waiting=1)
    InfoSession.objects.filter(pk=session.pk).update(capacity=4)
    newcomer = actions.register(session=session, by=reception, contact=contacts[3])
    assert not newcomer.on_waiting_list
    # The last free place is due to the person waiting.
    with pytest.raises(actions.NoPlaceFree) as refused:
        actions.register(session=session, by=reception, contact=contacts[4])
    assert refused.value.messages == [
        "Une place est libre, mais 1 personne attend en liste d'attente : la place lui revient "
        "d'abord."
    ]


def test_an_entry_of_another_session_cannot_be_promoted_from_this_page(
    client, login, reception, session, contacts, structure_a
):
    other = InfoSession.objects.create(
        structure=structure_a,
        theme="Autre séance",
        starts_at=timezone.now() + timedelta(days=5),
        place="Salle 1",
        capacity=1,
    )
    actions.register(session=other, by=reception, contact=contacts[0])
    entry = actions.register(session=other, by=reception, contact=contacts[1], waiting_list=True)
    login(client, reception)
    for action in ("promote", "cancel"):
        response = client.post(page_of(session), {"action": action, "registration": entry.pk})
        assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.on_waiting_list and entry.session == other
