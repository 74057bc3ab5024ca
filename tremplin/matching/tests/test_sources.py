"""Matching on the structure's real data: who may be proposed, the pages, and the proof that
protected criteria never change a score."""

import html
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.employers.models import Company, JobOffer
from tremplin.matching import sources
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent, Follow, Person
from tremplin.projects.models import TargetJob
from tremplin.referentials.models import Commune, RomeAppellation
from tremplin.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

BOULANGER = "11573"  # Boulanger / Boulangère (D1102)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def offer(structure_a, counselor, nantes):
    company = Company.objects.create(
        structure=structure_a,
        name="Boulangerie du Port",
        siret="73282932000074",
        naf_id="10.71C",
        commune=nantes,
        postal_code="44000",
    )
    return JobOffer.objects.create(
        structure=structure_a,
        company=company,
        title="Boulanger / Boulangère (H/F)",
        appellation_id=BOULANGER,
        contract_type="cdi",
        weekly_hours=35,
        commune=nantes,
        description="Fabrication du pain.",
        status="published",
        published_at=timezone.now(),
        created_by=counselor,
    )


def candidate(structure_a, counselor, commune, *, consent=True, appellation=BOULANGER, **fields):
    person = PersonFactory(commune=commune, mobility_radius_km=20, **fields)
    Follow.objects.create(person=person, structure=structure_a, referent=counselor)
    TargetJob.objects.create(
        person=person,
        structure=structure_a,
        created_by=counselor,
        appellation=RomeAppellation.objects.get(pk=appellation),
        contract_types=["cdi"],
        decision="confirm",
        decided_on=date(2026, 10, 1),
    )
    if consent:
        Consent.objects.create(
            person=person,
            structure=structure_a,
            purpose=ConsentPurpose.EMPLOYER_PROPOSAL,
            channel=ConsentChannel.PAPER,
            recorded_by=counselor,
        )
    return person


def test_only_followed_people_who_consented_are_ranked_with_their_reasons(
    structure_a, counselor, offer, nantes
):
    agreed = candidate(structure_a, counselor, nantes)
    candidate(structure_a, counselor, nantes, consent=False)
    far = candidate(structure_a, counselor, Commune.objects.get(pk="75056"))  # Paris
    ranked = sources.people_for_offer(offer)
    assert [p for p, _m in ranked] == [agreed]
    match = ranked[0][1]
    assert match.reasons[0] == "même métier visé" and "CDI" in match.reasons[3]
    assert far not in [p for p, _m in ranked]


def test_protected_criteria_never_change_a_score(structure_a, counselor, offer, nantes):
    """Two people alike in what a job needs and different in everything else score the
    same; changing those other things on one person changes nothing either."""
    one = candidate(
        structure_a,
        counselor,
        nantes,
        sex="F",
        first_name="Aïcha",
        last_name="Benali",
        birth_date=date(1968, 3, 2),
        health_notes="Diabète",
    )
    two = candidate(
        structure_a,
        counselor,
        nantes,
        sex="M",
        first_name="Kevin",
        last_name="Martin",
        birth_date=date(2004, 7, 9),
        health_notes="",
    )
    before = {p.pk: m.score for p, m in sources.people_for_offer(offer)}
    assert before[one.pk] == before[two.pk]
    Person.objects.filter(pk=one.pk).update(
        sex="M",
        first_name="Jean",
        last_name="Dupont",
        birth_date=date(1990, 1, 1),
        address_complement="Bâtiment C, résidence des Lilas",
        languages="arabe, français",
        has_rqth=True,
        is_rsa_beneficiary=True,
        lives_in_qpv="yes",
        justice_notes="Sous contrôle judiciaire",
        health_notes="",
    )
    after = {p.pk: (m.score, m.parts) for p, m in sources.people_for_offer(offer)}
    assert after[one.pk][0] == before[one.pk]
    assert after[one.pk] == after[two.pk]


def test_the_pages_rank_people_for_an_offer_and_offers_for_a_person(
    client, login, structure_a, counselor, offer, nantes
):
    person = candidate(structure_a, counselor, nantes, last_name="Lemaire", first_name="Sarah")
    page = login(client, counselor).get(f"/entreprises/offres/{offer.pk}/personnes/")
    assert page.status_code == 200
    content = text(page)
    assert "LEMAIRE Sarah" in content and "Même métier visé" in content
    assert "jamais à l'âge, au sexe" in content
    mine = client.get(f"/personnes/{person.pk}/offres/")
    assert "Boulanger / Boulangère (H/F)" in text(mine)
    assert AccessLog.objects.filter(person_id=person.pk, section="project").exists()


def test_offers_for_a_person_are_refused_to_who_may_not_open_the_project(
    login, structure_a, counselor, offer, nantes, employer_liaison, other_counselor
):
    person = candidate(structure_a, counselor, nantes)
    for user in (employer_liaison, other_counselor):
        assert login(Client(), user).get(f"/personnes/{person.pk}/offres/").status_code in (
            403,
            404,
        )


@pytest.fixture
def far_offer(offer):
    """The same job, in Saint-Nazaire (about 50 km from Nantes)."""
    far = JobOffer.objects.get(pk=offer.pk)
    far.pk = None
    far.title = "Boulanger / Boulangère à Saint-Nazaire"
    far.commune = Commune.objects.get(pk="44184")
    far.save()
    return far


def test_an_unrecorded_radius_is_the_directory_s_30_km():
    from tremplin.core.mobility import DEFAULT_MOBILITY_RADIUS_KM
    from tremplin.projects import matching

    assert DEFAULT_MOBILITY_RADIUS_KM == 30
    assert matching.DEFAULT_RADIUS_KM == DEFAULT_MOBILITY_RADIUS_KM


def test_a_person_without_radius_is_ranked_within_30_km_and_told_of_the_far_offers(
    client, login, structure_a, counselor, offer, far_offer, nantes
):
    person = candidate(structure_a, counselor, nantes)
    Person.objects.filter(pk=person.pk).update(mobility_radius_km=None)
    person.refresh_from_db()
    (found,) = sources.project_candidates([person], structure_id=structure_a.pk)
    assert found.radius_km == 30
    ranking = sources.rank_offers_for_person(person, structure_a.pk)
    assert [o for o, _m in ranking.pairs] == [offer]
    assert [far.item for far in ranking.out_of_reach] == [far_offer]
    assert ranking.out_of_reach_count == 1
    distance = ranking.out_of_reach[0].distance_km
    assert distance > 45
    content = text(login(client, counselor).get(f"/personnes/{person.pk}/offres/"))
    assert (
        "Son rayon de mobilité n'est pas renseigné : un rayon de 30 km autour de sa commune "
        "est retenu pour le classement." in content
    )
    assert f'href="/personnes/{person.pk}/modifier/#id_mobility_radius_km"' in content
    assert f"Hors de portée : 1 offre pour ses métiers visés, à {distance:.0f} km" in content
    assert "Boulanger / Boulangère à Saint-Nazaire" in content


def test_an_offer_of_another_job_far_away_is_not_listed_out_of_reach(
    structure_a, counselor, far_offer, nantes
):
    far_offer.appellation = RomeAppellation.objects.get(pk="10891")  # aide-soignant
    far_offer.save()
    person = candidate(structure_a, counselor, nantes)
    ranking = sources.rank_offers_for_person(person, structure_a.pk)
    assert far_offer not in [far.item for far in ranking.out_of_reach]
    assert far_offer not in [o for o, _m in ranking.pairs]


def test_the_offer_page_lists_the_people_of_the_job_who_live_too_far(
    client, login, structure_a, counselor, far_offer, nantes
):
    near = candidate(structure_a, counselor, Commune.objects.get(pk="44184"), last_name="Proche")
    far = candidate(structure_a, counselor, nantes, last_name="Loin", first_name="Nina")
    other_job = candidate(structure_a, counselor, nantes, appellation="10891")
    ranking = sources.rank_people_for_offer(far_offer)
    assert [p for p, _m in ranking.pairs] == [near]
    assert [f.item for f in ranking.out_of_reach] == [far]
    assert other_job not in [f.item for f in ranking.out_of_reach]
    distance = ranking.out_of_reach[0].distance_km
    content = text(login(client, counselor).get(f"/entreprises/offres/{far_offer.pk}/personnes/"))
    assert f"Hors de portée : 1 personne visant ce métier, à {distance:.0f} km" in content
    assert (
        f"LOIN Nina</a> — Nantes : à {distance:.0f} km, pour un rayon de mobilité de 20 km"
        in content
    )


def test_the_offer_page_says_when_a_ranked_person_s_radius_is_assumed(
    client, login, structure_a, counselor, offer, nantes
):
    person = candidate(structure_a, counselor, nantes, last_name="Sansrayon")
    Person.objects.filter(pk=person.pk).update(mobility_radius_km=None)
    content = text(login(client, counselor).get(f"/entreprises/offres/{offer.pk}/personnes/"))
    assert "SANSRAYON" in content
    assert "Rayon de mobilité non renseigné : 30 km retenus" in content


def test_a_person_already_hired_on_the_offer_is_flagged_and_ranked_last(
    client, login, structure_a, counselor, offer, nantes
):
    from tremplin.matching.models import Proposal, ProposalStatus

    hired = candidate(structure_a, counselor, nantes, last_name="Aubert", first_name="Lina")
    other = candidate(structure_a, counselor, nantes, last_name="Zidane", first_name="Io")
    Proposal.objects.create(
        structure=structure_a,
        offer=offer,
        person=hired,
        consent=Consent.objects.get(person=hired),
        proposed_by=counselor,
        status=ProposalStatus.HIRED,
    )
    ranked = [p for p, _m in sources.people_for_offer(offer)]
    assert ranked.index(hired) < ranked.index(other)  # the engine alone ranks them first
    content = text(login(client, counselor).get(f"/entreprises/offres/{offer.pk}/personnes/"))
    assert content.count("Déjà embauché·e sur cette offre") == 1
    assert content.index("ZIDANE Io") < content.index("AUBERT Lina")
    assert content.index("AUBERT Lina") < content.index("Déjà embauché·e sur cette offre")
    mine = text(client.get(f"/personnes/{hired.pk}/offres/"))
    assert "Déjà embauché·e sur cette offre" in mine
    assert "Déjà embauché·e" not in text(client.get(f"/personnes/{other.pk}/offres/"))
