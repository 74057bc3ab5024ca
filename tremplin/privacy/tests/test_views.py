import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tremplin.people.models import Follow, Person
from tremplin.portal.models import SpaceAccess
from tremplin.privacy.models import Anonymisation, RetentionHold
from tremplin.testing.factories import FollowFactory, PersonFactory, space_login

pytestmark = pytest.mark.django_db


def _past_due(structure, last_name):
    person = PersonFactory(last_name=last_name)
    FollowFactory(person=person, structure=structure)
    old = timezone.now() - datetime.timedelta(days=800)
    Person.objects.filter(pk=person.pk).update(created_at=old, updated_at=old)
    Follow.objects.filter(person=person).update(
        created_at=old, updated_at=old, started_on=old.date(), ended_on=old.date()
    )
    return person


def test_manager_sees_due_files_holds_one_and_anonymises_the_others(
    client, login, manager, structure_a, structure_b
):
    kept = _past_due(structure_a, "Gardé")
    gone = _past_due(structure_a, "Parti")
    elsewhere = _past_due(structure_b, "Ailleurs")
    current = PersonFactory(last_name="Actuel")
    FollowFactory(person=current, structure=structure_a)
    login(client, manager)
    # The person's own space, opened long ago: it closes with the anonymisation.
    space = Client()
    space_login(space, gone, structure=structure_a)
    old = timezone.now() - datetime.timedelta(days=800)
    SpaceAccess.objects.filter(person=gone).update(
        created_at=old, updated_at=old, invited_at=old, activated_at=old
    )
    assert gone.first_name in space.get("/espace/accueil/").content.decode()

    page = client.get(reverse("privacy:retention")).content.decode()
    assert "Dossiers échus" in page and "PARTI" in page and "GARDÉ" in page
    assert "AILLEURS" not in page and "ACTUEL" not in page
    assert "Anonymiser 2 dossiers" in page

    url = reverse("privacy:hold-create", args=[kept.pk])
    response = client.post(url, {"reason": "other", "detail": "", "until": "2020-01-01"})
    assert "Précisez le motif." in response.content.decode()
    assert "Choisissez une date à venir." in response.content.decode()
    assert not RetentionHold.objects.exists()
    until = timezone.localdate() + datetime.timedelta(days=700)
    response = client.post(url, {"reason": "funder_audit", "until": until.isoformat()})
    assert response.status_code == 302
    hold = RetentionHold.objects.get(person=kept)
    assert hold.structure == structure_a and hold.created_by == manager

    # Without the confirmation box nothing happens.
    response = client.post(reverse("privacy:anonymise"), {}, follow=True)
    assert "rien n&#x27;a changé" in response.content.decode()
    assert not Anonymisation.objects.exists()
    response = client.post(reverse("privacy:anonymise"), {"confirm": "on"}, follow=True)
    assert "1 dossier anonymisé." in response.content.decode()
    gone.refresh_from_db()
    kept.refresh_from_db()
    elsewhere.refresh_from_db()
    assert gone.last_name == "Anonyme" and kept.last_name == "Gardé"
    assert elsewhere.last_name == "Ailleurs"  # another structure's file: not this page's
    record = Anonymisation.objects.get()
    assert record.by == manager and record.structure == structure_a
    assert SpaceAccess.objects.get(person=gone).status == "revoked"
    assert space.get("/espace/accueil/").status_code == 302
    page = client.get(reverse("people:person-detail", args=[gone.pk])).content.decode()
    assert "Dossier anonymisé le" in page and "PARTI" not in page
    # Read-only from now on: nothing written to it could ever be erased.
    assert client.get(reverse("people:person-edit", args=[gone.pk])).status_code == 404
    from tremplin.people.actions import merge_blockers

    assert "Un dossier anonymisé ne peut plus être fusionné." in merge_blockers(
        kept=current, merged=gone, structure_id=structure_a.pk
    )

    page = client.get(reverse("privacy:retention")).content.decode()
    assert "Conservation prolongée" in page and "1 en tout" in page
    client.post(reverse("privacy:hold-lift", args=[hold.pk]))
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lifted_by == manager


def test_structure_admin_sees_counts_but_no_names_and_counselors_are_refused(
    client, login, structure_admin, counselor, structure_a
):
    _past_due(structure_a, "Discret")
    page = login(client, structure_admin).get(reverse("privacy:retention")).content.decode()
    assert "Dossiers échus" in page and "DISCRET" not in page
    assert "Anonymiser 1 dossier" in page
    client.logout()
    assert login(client, counselor).get(reverse("privacy:retention")).status_code == 403


def test_the_due_card_says_how_many_due_files_are_held(client, login, manager, structure_a):
    from html import unescape

    kept = _past_due(structure_a, "Gardé")
    _past_due(structure_a, "Parti")
    RetentionHold.objects.create(
        person=kept,
        structure=structure_a,
        reason="funder_audit",
        until=timezone.localdate() + datetime.timedelta(days=700),
        created_by=manager,
    )
    login(client, manager)
    page = unescape(client.get(reverse("privacy:retention")).content.decode())
    assert "dossiers échus, dont 1 conservé plus longtemps (prolongation) : 1 à anonymiser" in page
    assert "1 dossier</strong> peut être anonymisé maintenant" in page
    assert "conservation prolongée par votre structure" in page
