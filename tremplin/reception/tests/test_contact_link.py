"""Attaching a reception contact to a file that already exists."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent, Person
from tremplin.reception.models import Contact, InfoSession, Registration


def _contact(structure, user, **fields):
    values = {
        "structure": structure,
        "received_by": user,
        "channel": "walk_in",
        "last_name": "Benamar",
        "first_name": "Yasmine",
        "demand": "Je cherche un travail dans la vente.",
        "next_step": "file",
    }
    values.update(fields)
    return Contact.objects.create(**values)


@pytest.fixture
def contact(structure_a, reception):
    return _contact(structure_a, reception)


def _link(client, contact, person):
    return client.post(f"/accueil/{contact.pk}/rattacher/", {"person": person.pk})


def test_reception_attaches_a_contact_to_an_existing_file(
    client, login, reception, contact, person
):
    login(client, reception)
    response = _link(client, contact, person)
    assert response["Location"] == f"/personnes/{person.pk}/accueil/"
    contact.refresh_from_db()
    assert contact.person == person
    # Logged like the link made when a file is opened from a contact: the contact's history
    # says who attached it, the file's access log the read of its « Accueil » section.
    last = contact.history.order_by("-history_id").first()
    assert last.person_id == person.pk and last.history_user == reception
    assert last.history_change_reason == "rattaché à un dossier existant"
    assert AccessLog.objects.filter(
        person_id=person.pk, user=reception, section="reception"
    ).exists()
    page = client.get(response["Location"]).content.decode().replace("&#x27;", "'")
    assert "Je cherche un travail dans la vente" in page
    assert "Contact rattaché au dossier de" in page


def test_attaching_twice_changes_nothing(client, login, reception, contact, person):
    login(client, reception)
    _link(client, contact, person)
    versions = contact.history.count()
    response = _link(client, contact, person)
    assert response.status_code == 302
    assert contact.history.count() == versions
    page = client.get(response["Location"]).content.decode().replace("&#x27;", "'")
    assert "déjà rattaché à ce dossier : rien n'a changé" in page


def test_a_contact_attached_to_another_file_is_refused_in_french(
    client, login, reception, structure_a, counselor, contact, person
):
    other = Person.objects.create(
        last_name="Benamar", first_name="Yasmine", birth_date=date(1990, 3, 4)
    )
    other.follows.create(structure=structure_a, referent=counselor)
    contact.person = other
    contact.save()
    login(client, reception)
    response = _link(client, contact, person)
    assert response["Location"] == f"/accueil/{contact.pk}/"
    contact.refresh_from_db()
    assert contact.person == other
    page = client.get(response["Location"]).content.decode()
    assert "déjà rattaché à un autre dossier" in page


def test_a_get_never_attaches(client, login, reception, contact, person):
    login(client, reception)
    response = client.get(f"/accueil/{contact.pk}/rattacher/", {"person": person.pk})
    assert response.status_code == 405
    contact.refresh_from_db()
    assert contact.person is None


def test_a_file_of_another_structure_cannot_be_attached(
    client, login, reception, contact, person_b
):
    login(client, reception)
    assert _link(client, contact, person_b).status_code == 404
    contact.refresh_from_db()
    assert contact.person is None


def test_a_contact_of_another_structure_cannot_be_attached(
    client, login, other_counselor, contact, person_b
):
    login(client, other_counselor)
    assert _link(client, contact, person_b).status_code == 404
    contact.refresh_from_db()
    assert contact.person is None


def test_a_file_only_shared_with_the_structure_is_refused_in_french(
    client, login, manager, structure_a, other_counselor, contact, person_b
):
    """A partner sees the shared sections of a file, never its reception: not theirs to add to."""
    Consent.objects.create(
        person=person_b,
        structure=person_b.follows.get().structure,
        purpose=ConsentPurpose.SHARE_WITH_PARTNER,
        partner=structure_a,
        sections=["identity"],
        channel=ConsentChannel.PAPER,
        recorded_by=other_counselor,
    )
    login(client, manager)
    response = _link(client, contact, person_b)
    assert response["Location"] == f"/accueil/{contact.pk}/"
    contact.refresh_from_db()
    assert contact.person is None
    assert "pas suivi par votre structure" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("value", ["", "abc", "0", "²", "-1"])
def test_a_bad_file_number_is_not_found(client, login, reception, contact, value):
    login(client, reception)
    response = client.post(f"/accueil/{contact.pk}/rattacher/", {"person": value})
    assert response.status_code == 404


def test_the_contact_page_searches_the_structure_files_to_attach_to(
    client, login, reception, contact, person, person_b
):
    login(client, reception)
    page = client.get(f"/accueil/{contact.pk}/").content.decode()
    assert "Rattacher à un dossier existant" in page and "Rattacher à ce dossier" not in page
    response = client.post(
        f"/accueil/{contact.pk}/", {"action": "search", "q": person.last_name.lower()}
    )
    assert response.status_code == 200
    assert response.context["found"] == [person]
    page = response.content.decode()
    assert "Rattacher à ce dossier" in page and f'value="{person.pk}"' in page
    # The search did not save the contact's form.
    contact.refresh_from_db()
    assert contact.person is None and contact.demand == "Je cherche un travail dans la vente."
    # Another structure's file is never found.
    response = client.post(f"/accueil/{contact.pk}/", {"action": "search", "q": person_b.last_name})
    assert response.context["found"] == []
    assert "Aucun dossier de la structure ne correspond" in response.content.decode()


def test_an_attached_contact_offers_no_search(client, login, reception, contact, person):
    contact.person = person
    contact.save()
    login(client, reception)
    page = client.get(f"/accueil/{contact.pk}/").content.decode()
    assert "Rattacher à un dossier existant" not in page and "Ouvrir le dossier" in page


def test_a_likely_duplicate_offers_to_attach_the_contact(
    client, login, reception, structure_a, contact, person
):
    login(client, reception)
    response = client.post(
        f"/accueil/{contact.pk}/dossier/",
        {
            "last_name": person.last_name,
            "first_name": person.first_name,
            "birth_date": person.birth_date.isoformat(),
            "sex": "F",
            "lives_in_qpv": "unknown",
            "lives_in_zrr": "unknown",
        },
    )
    assert response.status_code == 200 and response.context["duplicates"]
    page = response.content.decode()
    assert "Rattacher ce contact à ce dossier" in page
    assert f'action="/accueil/{contact.pk}/rattacher/"' in page
    _link(client, contact, person)
    contact.refresh_from_db()
    assert contact.person == person and Person.objects.count() == 1


def test_the_duplicate_warning_without_a_contact_offers_no_attachment(
    client, login, counselor, person
):
    login(client, counselor)
    response = client.post(
        "/personnes/nouvelle/",
        {
            "last_name": person.last_name,
            "first_name": person.first_name,
            "birth_date": person.birth_date.isoformat(),
            "sex": "F",
            "lives_in_qpv": "unknown",
            "lives_in_zrr": "unknown",
        },
    )
    assert response.context["duplicates"]
    assert "Rattacher ce contact" not in response.content.decode()


def test_attaching_merges_a_session_registered_both_ways(
    client, login, reception, structure_a, contact, person
):
    session = InfoSession.objects.create(
        structure=structure_a,
        theme="Découvrir l'accompagnement",
        starts_at=timezone.now() + timedelta(days=3),
        place="Salle 2",
        capacity=5,
    )
    Registration.objects.create(session=session, contact=contact, registered_by=reception)
    Registration.objects.create(session=session, person=person, registered_by=reception)
    login(client, reception)
    _link(client, contact, person)
    assert session.registrations.count() == 1
