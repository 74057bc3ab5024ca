"""The person chooses, from her space, which common parts of her file a structure that took
her in from a referral reads (`Follow.opened_sections`)."""

import html

import pytest
from django.test import Client

from conftest import CANARY_HEALTH_NOTE
from tremplin.people.models import Follow
from tremplin.portal.enums import SpaceEventKind
from tremplin.portal.models import SpaceAccess
from tremplin.testing.factories import space_login

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def space(client, person):
    return space_login(client, person)


@pytest.fixture
def partner_follow(person, structure_c, partner):
    """The chantier (C) took the person in from a referral: she opened her situation."""
    return Follow.objects.create(
        person=person, structure=structure_c, referent=partner, opened_sections=["situation"]
    )


def page_of(follow) -> str:
    return f"/espace/consentements/dossier-commun/{follow.pk}/"


def test_the_consents_page_leads_to_the_choice_with_the_current_boxes_ticked(
    space, partner_follow, structure_c
):
    consents = text(space.get("/espace/consentements/"))
    assert f"Choisir ce que {structure_c.name} voit" in consents
    assert page_of(partner_follow) in consents
    page = text(space.get(page_of(partner_follow)))
    assert f"Ce que {structure_c.name} voit de votre dossier" in page
    assert 'value="situation" id="id_parts_0" aria-describedby="id_parts_0-help" checked' in page
    assert 'value="health" id="id_parts_1" aria-describedby="id_parts_1-help">' in page
    assert "Votre reconnaissance de handicap (RQTH), l'AAH" in page


def test_she_opens_her_health_and_the_partner_reads_it_at_once(
    space, person, partner_follow, partner, login
):
    staff = login(Client(), partner)
    assert staff.get(f"/personnes/{person.pk}/sante/").status_code == 404
    response = space.post(page_of(partner_follow), {"parts": ["situation", "health"]})
    assert response.status_code == 302 and response["Location"] == "/espace/consentements/"
    partner_follow.refresh_from_db()
    assert partner_follow.opened_sections == ["situation", "health"]
    health = staff.get(f"/personnes/{person.pk}/sante/")
    assert health.status_code == 200 and CANARY_HEALTH_NOTE in text(health)
    done = text(space.get("/espace/consentements/"))
    assert (
        f"C'est fait : {partner_follow.structure.name} voit maintenant votre identité et vos "
        "coordonnées, situation administrative et sociale, santé." in done
    )
    # Her choice is in the follow's history and in the space's journal, for that structure.
    reason = partner_follow.history.latest().history_change_reason
    assert reason == "parties ouvertes modifiées par la personne depuis son espace"
    event = SpaceAccess.objects.get(person=person).events.get(kind=SpaceEventKind.SECTIONS_CHANGED)
    assert event.concerns_id == partner_follow.structure_id
    assert event.note == "ouvertes : situation administrative et sociale, santé"


def test_she_closes_her_situation_and_the_partner_no_longer_reads_it(
    space, person, partner_follow, partner, login
):
    staff = login(Client(), partner)
    assert 'name="is_rsa_beneficiary"' in text(staff.get(f"/personnes/{person.pk}/modifier/"))
    space.post(page_of(partner_follow), {})  # every box unticked
    partner_follow.refresh_from_db()
    assert partner_follow.opened_sections == []
    assert 'name="is_rsa_beneficiary"' not in text(staff.get(f"/personnes/{person.pk}/modifier/"))
    event = SpaceAccess.objects.get(person=person).events.get(kind=SpaceEventKind.SECTIONS_CHANGED)
    assert event.note == "plus aucune partie ouverte"
    assert "votre identité et vos coordonnées." in text(space.get("/espace/consentements/"))


def test_the_same_choice_again_changes_nothing_and_says_so(space, person, partner_follow):
    response = space.post(page_of(partner_follow), {"parts": ["situation"]}, follow=True)
    assert "Rien n'a changé : c'était déjà votre choix." in text(response)
    assert not SpaceAccess.objects.get(person=person).events.filter(
        kind=SpaceEventKind.SECTIONS_CHANGED
    )
    assert partner_follow.history.count() == 1


def test_an_unknown_part_is_refused_and_changes_nothing(space, partner_follow):
    response = space.post(page_of(partner_follow), {"parts": ["situation", "diagnosis"]})
    assert response.status_code == 200
    assert "Ce choix n'existe pas : cochez parmi les cases." in text(response)
    partner_follow.refresh_from_db()
    assert partner_follow.opened_sections == ["situation"]


def test_only_her_own_partner_follows_can_be_chosen(
    space, person, person_b, partner_follow, structure_c, partner
):
    # The structure that opened the file sees it whole: nothing to choose there.
    own = Follow.objects.filter(person=person, opened_sections__isnull=True).first()
    assert space.get(page_of(own)).status_code == 404
    assert space.post(page_of(own), {}).status_code == 404
    # Another person's follow, by the same partner.
    other = Follow.objects.create(
        person=person_b, structure=structure_c, referent=partner, opened_sections=["situation"]
    )
    assert space.get(page_of(other)).status_code == 404
    assert space.post(page_of(other), {}).status_code == 404
    other.refresh_from_db()
    assert other.opened_sections == ["situation"]
    # A follow that has ended.
    partner_follow.ended_on = partner_follow.started_on
    partner_follow.save()
    assert space.post(page_of(partner_follow), {}).status_code == 404
    partner_follow.refresh_from_db()
    assert partner_follow.opened_sections == ["situation"]
