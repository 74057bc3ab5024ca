"""The space's home page and the words of the space inside a sentence: the next
appointments (the structure's and the partners'), who accompanies the person, the parts of
the file shared, the commitments of the plan."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.agenda.models import Appointment, Participant
from tremplin.audit.models import AccessLog
from tremplin.pathways.models import Commitment, Pathway
from tremplin.people.models import Consent
from tremplin.portal.templatetags.space_words import inline_list, lower_first
from tremplin.testing.factories import accepted_referral, space_login

pytestmark = pytest.mark.django_db


def words(response) -> str:
    """The page as read: tags out, spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())))


@pytest.fixture
def space(client, person):
    return space_login(client, person)


def own_appointment(*, person, structure, by, starts_at, place="12 rue du Port, Saint-Nazaire"):
    appointment = Appointment.objects.create(
        structure=structure,
        organizer=by,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        place=place,
        created_by=by,
    )
    Participant.objects.create(appointment=appointment, person=person)
    return appointment


def test_the_home_page_lists_the_partners_appointments_with_the_structures_soonest_first(
    space, person, structure_a, counselor, django_assert_max_num_queries
):
    now = timezone.now()
    own_appointment(
        person=person, structure=structure_a, by=counselor, starts_at=now + timedelta(days=3)
    )
    accepted_referral(
        person=person,
        structure=structure_a,
        by=counselor,
        appointment_at=now + timedelta(days=1),
        partner_name="Auto-école Solidaire",
        service_name="Permis B",
    )
    page = words(space.get("/espace/accueil/"))
    card = page.split("Vos prochains rendez-vous", 1)[1].split("Ce que vous avez à faire")[0]
    assert "chez Auto-école Solidaire" in card
    assert "12 rue du Port" in card
    # Soonest first: the driving school tomorrow, then the structure in three days.
    assert card.index("Auto-école Solidaire") < card.index("12 rue du Port")
    # Like « Mes rendez-vous », the home page traces the read of the referrals it shows.
    assert AccessLog.objects.filter(
        person_id=person.pk, channel="space", section="referrals"
    ).exists()

    # More appointments on both sides do not cost more queries, and only three show.
    with django_assert_max_num_queries(40) as few:
        space.get("/espace/accueil/")
    for day in (4, 5, 6):
        own_appointment(
            person=person, structure=structure_a, by=counselor, starts_at=now + timedelta(days=day)
        )
        accepted_referral(
            person=person,
            structure=structure_a,
            by=counselor,
            appointment_at=now + timedelta(days=day, hours=2),
            partner_name=f"Partenaire {day}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = space.get("/espace/accueil/")
    card = words(response).split("Vos prochains rendez-vous", 1)[1].split("Ce que vous")[0]
    assert card.count(" à ") == 3  # « jeudi 26 novembre à 10:00 », three times


def test_who_accompanies_names_the_referent_without_repeating_the_heading(
    space, person, counselor, structure_a
):
    structure_a.phone = "0240112233"
    structure_a.save()
    page = words(space.get("/espace/accueil/"))
    assert page.count("Qui vous accompagne") == 1
    assert f"Mission Locale Test A {counselor.full_name} Téléphone : 02 40 11 22 33" in page


def test_the_parts_shared_read_in_lower_case_inside_the_sentence(
    space, person, structure_a, counselor
):
    accepted_referral(
        person=person,
        structure=structure_a,
        by=counselor,
        appointment_at=timezone.now() + timedelta(days=1),
    )
    Consent.objects.filter(person=person).update(sections=["diagnosis", "identity", "situation"])
    page = words(space.get("/espace/consentements/"))
    assert (
        "Ce qui est partagé : le point sur votre situation (diagnostic), votre identité et vos "
        "coordonnées, votre situation (RSA, France Travail, CAF…)." in page
    )


def test_each_party_s_commitments_are_a_list_under_what_it_engages_to(
    space, person, counselor, structure_a
):
    today = timezone.localdate()
    pathway = Pathway.objects.create(
        person=person,
        structure=structure_a,
        framework="cej",
        started_on=today,
        planned_end_on=today + timedelta(days=180),
        referent=counselor,
        created_by=counselor,
    )
    for party, text in (
        ("person", "Venir aux rendez-vous ou prévenir en cas d'empêchement."),
        ("person", "Réaliser les actions prévues ensemble et en rendre compte."),
        ("structure", "Vous recevoir en entretien au moins une fois par mois."),
    ):
        Commitment.objects.create(pathway=pathway, party=party, text=text)
    content = html.unescape(space.get("/espace/plan/").content.decode())
    # No capital after « à : » inside a line: each party introduces its own list.
    assert re.search(r"Vous vous engagez à :</p>\s*<ul", content)
    assert re.search(rf"{structure_a.name} s'engage à :</p>\s*<ul", content)
    person_part = content.split("Vous vous engagez à :", 1)[1].split("s'engage à :")[0]
    assert re.findall(r"<li>(.*?)</li>", person_part) == [
        "Venir aux rendez-vous ou prévenir en cas d'empêchement.",
        "Réaliser les actions prévues ensemble et en rendre compte.",
    ]
    structure_part = content.split(f"{structure_a.name} s'engage à :", 1)[1]
    assert re.findall(r"<li>(.*?)</li>", structure_part)[0] == (
        "Vous recevoir en entretien au moins une fois par mois."
    )


@pytest.mark.parametrize(
    ("text", "inline"),
    [
        ("Votre identité et vos coordonnées", "votre identité et vos coordonnées"),
        ("L'historique des changements", "l'historique des changements"),
        ("Justice", "justice"),
        ("À distance", "à distance"),
        ("CV à jour", "CV à jour"),
        ("RSA", "RSA"),
        ("", ""),
    ],
)
def test_only_the_first_letter_of_a_word_that_is_no_acronym_is_lowered(text, inline):
    assert lower_first(text) == inline


def test_an_inline_list_joins_its_items_in_lower_case():
    assert inline_list(["Justice", "CV et lettres"]) == "justice, CV et lettres"


def test_every_part_of_the_file_is_named_to_the_person():
    """« A lu : votre santé, votre situation judiciaire… »: each part speaks to the person,
    none is a bare menu label (« justice »)."""
    from tremplin.core.permissions import Section
    from tremplin.portal.access import SECTION_WORDS

    assert set(SECTION_WORDS) == set(Section)
    for words in SECTION_WORDS.values():
        assert re.match(r"(Votre|Vos|Le|La|L')\b", words), words
