"""One file is registered at most once per information session (defect M6); someone who
only looks registered already is asked about first."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.reception import actions
from tremplin.reception.models import Contact, InfoSession, Registration
from tremplin.testing.factories import PersonFactory

ALREADY = "Cette personne est déjà inscrite à cette information collective."


@pytest.fixture
def session(structure_a):
    return InfoSession.objects.create(
        structure=structure_a,
        theme="Découvrir l'accompagnement",
        starts_at=timezone.now() + timedelta(days=3),
        place="Salle 2, 12 avenue de la République",
        capacity=3,
    )


@pytest.fixture
def new_contact(structure_a, reception):
    def make(**overrides):
        data = {
            "structure": structure_a,
            "channel": "walk_in",
            "received_by": reception,
            "last_name": "Benamar",
            "first_name": "Yasmine",
            "phone": "06 12 34 56 78",
            "demand": "Je cherche un travail dans la vente.",
            "next_step": "info_session",
        }
        data.update(overrides)
        return Contact.objects.create(**data)

    return make


def snapshot():
    return list(
        Registration.objects.order_by("pk").values_list(
            "pk", "session_id", "person_id", "contact_id", "attendance"
        )
    )


def test_a_contact_who_looks_registered_already_is_asked_about_first(
    client, login, reception, session, new_contact
):
    login(client, reception)
    first = new_contact()
    # The second call: same name typed without accent care, phone formatted differently.
    second = new_contact(last_name="BENAMAR", first_name="yasmine", phone="+33612345678")
    client.post(f"/accueil/{first.pk}/inscription/", {"session": session.pk}, follow=True)
    before = snapshot()
    assert len(before) == 1

    for url, data in (
        (f"/accueil/{second.pk}/inscription/", {"session": session.pk}),
        (f"/accueil/informations-collectives/{session.pk}/inscription/", {"contact": second.pk}),
    ):
        response = client.post(url, data)
        page = response.content.decode().replace("&#x27;", "'")
        assert response.status_code == 200
        assert "Vérifier l'inscription" in page and "Inscription enregistrée" not in page
        assert response.context["existing"].contact == first
        # Both people's details side by side, so that reception can tell.
        assert page.count("Yasmine BENAMAR") == 1 and page.count("yasmine BENAMAR") == 1
        assert "06 12 34 56 78" in page and "+33 6 12 34 56 78" in page
        assert snapshot() == before

    # « C'est la même personne » goes back without registering; « C'est une autre
    # personne » sends the same form with the confirmation.
    assert f'href="/accueil/{second.pk}/"' not in page
    assert f'href="/accueil/informations-collectives/{session.pk}/"' in page
    assert f'name="contact" value="{second.pk}"' in page and 'name="confirm" value="1"' in page
    response = client.post(
        f"/accueil/informations-collectives/{session.pk}/inscription/",
        {"contact": second.pk, "confirm": "1"},
        follow=True,
    )
    assert "Inscription enregistrée." in response.content.decode()
    assert [row[3] for row in snapshot()] == [first.pk, second.pk]


def test_a_father_and_son_on_the_family_line_are_registered_once_confirmed(
    session, new_contact, reception
):
    father = new_contact(first_name="Karim", email="famille.benamar@exemple.fr")
    son = new_contact(first_name="Karim", phone="", email="Famille.Benamar@exemple.fr")
    actions.register(session=session, by=reception, contact=father)
    with pytest.raises(actions.LooksAlreadyRegistered) as doubt:
        actions.register(session=session, by=reception, contact=son)
    assert doubt.value.registration.contact == father
    assert Registration.objects.count() == 1

    actions.register(session=session, by=reception, contact=son, confirmed=True)

    assert Registration.objects.filter(session=session).count() == 2
    # Confirmed once, the same contact is still never registered twice.
    with pytest.raises(ValidationError):
        actions.register(session=session, by=reception, contact=son, confirmed=True)
    assert Registration.objects.filter(session=session).count() == 2


def test_the_same_contact_is_refused_at_once_and_its_session_no_longer_offered(
    client, login, reception, session, new_contact
):
    login(client, reception)
    contact = new_contact()
    client.post(f"/accueil/{contact.pk}/inscription/", {"session": session.pk})
    before = snapshot()
    # Not « Vérifier l'inscription » with the same person on both sides: a plain refusal.
    response = client.post(
        f"/accueil/{contact.pk}/inscription/", {"session": session.pk, "confirm": "1"}, follow=True
    )
    assert ALREADY in response.content.decode().replace("&#x27;", "'")
    response = client.post(f"/accueil/{contact.pk}/inscription/", {"session": session.pk})
    assert response.status_code == 302
    assert snapshot() == before
    assert session not in client.get(f"/accueil/{contact.pk}/").context["sessions"]


def test_two_files_with_the_same_name_and_phone_are_two_people(session, reception, counselor):
    twins = [
        PersonFactory(
            last_name="Benamar", first_name="Yasmine", phone="0612345678", created_by=counselor
        )
        for _ in range(2)
    ]
    for twin in twins:
        actions.register(session=session, by=reception, person=twin)
    assert Registration.objects.filter(session=session).count() == 2


def test_homonyms_with_other_details_are_two_people(session, new_contact, reception):
    actions.register(session=session, by=reception, contact=new_contact())
    actions.register(session=session, by=reception, contact=new_contact(phone="07 00 00 00 01"))
    assert Registration.objects.filter(session=session).count() == 2


def test_a_file_is_registered_once_whatever_contact_it_comes_from(
    client, login, reception, person, session, new_contact
):
    login(client, reception)
    linked = new_contact(person=person, last_name=person.last_name, first_name="Inès")
    client.post(f"/accueil/{linked.pk}/inscription/", {"session": session.pk})
    assert snapshot()[0][2] == person.pk
    before = snapshot()

    another = new_contact(person=person, last_name=person.last_name, phone="")
    by_contact = client.post(
        f"/accueil/{another.pk}/inscription/", {"session": session.pk}, follow=True
    )
    by_file = client.post(
        f"/personnes/{person.pk}/accueil/inscription/", {"session": session.pk}, follow=True
    )

    for response in (by_contact, by_file):
        assert ALREADY in response.content.decode().replace("&#x27;", "'")
    assert snapshot() == before


def test_a_contact_registered_before_its_file_existed_blocks_the_file(
    client, login, reception, person, session, new_contact
):
    login(client, reception)
    contact = new_contact()
    client.post(f"/accueil/{contact.pk}/inscription/", {"session": session.pk})
    actions.link_contact(contact=contact, person=person)
    registration = Registration.objects.get()
    assert registration.person == person and registration.contact == contact
    before = snapshot()

    response = client.post(
        f"/personnes/{person.pk}/accueil/inscription/", {"session": session.pk}, follow=True
    )

    assert ALREADY in response.content.decode().replace("&#x27;", "'")
    assert snapshot() == before
    # The file's reception tab shows the registration made before the file existed.
    tab = client.get(f"/personnes/{person.pk}/accueil/")
    assert list(tab.context["registrations"]) == [registration]


def test_linking_a_contact_merges_its_registration_into_the_earliest(
    session, new_contact, person, reception
):
    contact = new_contact()
    earliest = actions.register(session=session, by=reception, contact=contact)
    later = actions.register(session=session, by=reception, person=person)
    later.attendance = "excused"
    later.save()

    actions.link_contact(contact=contact, person=person)

    kept = Registration.objects.get(session=session)
    assert kept.pk == earliest.pk and not Registration.objects.filter(pk=later.pk).exists()
    assert (kept.person, kept.contact, kept.attendance) == (person, contact, "excused")
    contact.refresh_from_db()
    assert contact.person == person and Contact.objects.filter(pk=contact.pk).exists()


def test_counts_are_distinct_people(client, login, reception, person, session, new_contact):
    login(client, reception)
    contact = new_contact(person=person, last_name=person.last_name)
    client.post(f"/accueil/{contact.pk}/inscription/", {"session": session.pk})
    client.post(f"/accueil/{new_contact().pk}/inscription/", {"session": session.pk})
    for again in (new_contact(), new_contact(person=person, last_name=person.last_name)):
        client.post(f"/accueil/{again.pk}/inscription/", {"session": session.pk})
    client.post(
        f"/accueil/informations-collectives/{session.pk}/inscription/", {"person": person.pk}
    )

    listing = client.get("/accueil/informations-collectives/")
    assert [s.registered for s in listing.context["upcoming"]] == [2]
    assert "2 / 3 inscrit·es" in listing.content.decode()
    detail = client.get(f"/accueil/informations-collectives/{session.pk}/")
    assert "2 inscrit·es sur 3 places · 0 en liste d&#x27;attente" in detail.content.decode()
    assert detail.context["places_left"] == 1


def test_the_data_migration_merges_existing_duplicates(
    session, new_contact, person, reception, structure_a
):
    other_session = InfoSession.objects.create(
        structure=structure_a,
        theme="Autre séance",
        starts_at=timezone.now() + timedelta(days=10),
        place="Salle 1",
        capacity=5,
    )
    # Duplicates made before the fix, bypassing the action.
    first_call, second_call = new_contact(), new_contact(phone="0612345678")
    linked_later = new_contact(person=person, last_name=person.last_name)
    now = timezone.now()

    def add(on, minutes, **who):
        return Registration.objects.create(
            session=on,
            registered_by=reception,
            registered_at=now + timedelta(minutes=minutes),
            **who,
        )

    # Two contacts that only look alike (same name and phone, no file) are left alone.
    kept_contact = add(session, 1, contact=first_call, attendance="absent")
    look_alike = add(session, 2, contact=second_call, attendance="present")
    # A contact later linked to a file also registered: merged, present wins.
    kept_file = add(session, 3, contact=linked_later, attendance="absent")
    add(session, 4, person=person, attendance="present")
    untouched = add(other_session, 5, contact=second_call)

    migration = importlib.import_module(
        "tremplin.reception.migrations.0002_merge_duplicate_registrations"
    )
    migration.merge(apps, None)

    assert sorted(Registration.objects.values_list("pk", flat=True)) == sorted(
        [kept_contact.pk, look_alike.pk, kept_file.pk, untouched.pk]
    )
    kept_contact.refresh_from_db()
    kept_file.refresh_from_db()
    assert kept_contact.attendance == "absent" and kept_contact.contact == first_call
    assert kept_file.person == person and kept_file.contact == linked_later
    assert kept_file.attendance == "present"
    assert Contact.objects.count() == 3 and person.__class__.objects.filter(pk=person.pk).exists()
    # Running it again changes nothing.
    before = snapshot()
    migration.merge(apps, None)
    assert snapshot() == before
