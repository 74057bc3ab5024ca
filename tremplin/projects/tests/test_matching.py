from datetime import date

import pytest

from tremplin.projects import actions
from tremplin.projects.matching import matching_profiles
from tremplin.projects.models import TargetJob
from tremplin.projects.tests.conftest import PREPARATEUR
from tremplin.referentials.models import RomeAppellation, RomeSkill

pytestmark = pytest.mark.django_db


def test_the_matching_profile_holds_active_jobs_and_the_mobility_of_the_file(
    person, target, membership, django_assert_max_num_queries
):
    person.mobility_radius_km = 20
    person.mobility_means = ["public_transport"]
    person.driving_licences = ["B"]
    person.save()
    target.contract_types = ["cdi"]
    target.weekly_hours = 28
    target.save()
    skill = RomeSkill.objects.filter(fiche_links__fiche_id="J1501").first()
    target.skills_held.add(skill)
    dropped = actions.add_target_job(
        target_job=TargetJob(
            person=person,
            appellation=RomeAppellation.objects.get(pk=PREPARATEUR),
            decision="drop",
            decided_on=date(2026, 11, 2),
        ),
        membership=membership,
    )
    with django_assert_max_num_queries(3):
        profile = matching_profiles([person], structure_id=target.structure_id)[person.pk]
    assert [t.rome for t in profile.targets] == ["J1501"]  # the dropped job does not count
    assert dropped.appellation_id not in {t.appellation for t in profile.targets}
    job = profile.targets[0]
    assert job.skills_held == {skill.pk} and job.contract_types == ("cdi",)
    assert job.weekly_hours == 28 and not job.is_confirmed
    assert profile.mobility_radius_km == 20 and profile.driving_licences == ("B",)
    # Another structure's records are not this structure's project.
    assert matching_profiles([person], structure_id=0)[person.pk].targets == ()


def test_the_matching_engine_ranks_offers_for_a_person_from_their_project(person, target, nantes):
    from tremplin.matching.engine import Offer, OffersIndex
    from tremplin.projects.matching import candidates

    person.commune = nantes
    person.mobility_radius_km = 15
    person.driving_licences = ["B"]
    person.save()
    target.contract_types = ["cdi", "seasonal", "self_employed"]
    target.weekly_hours = 35
    target.save()
    [candidate] = candidates([person], structure_id=target.structure_id)
    assert candidate.appellations == ["10891"] and candidate.fiches == ["J1501"]
    assert candidate.related_fiches and "J1501" not in candidate.related_fiches
    assert candidate.contracts == ["cdd", "cdi"] and candidate.hours_max == 35
    here = (nantes.latitude, nantes.longitude)
    offers = [
        Offer(1, "10891", "J1501", [], *here, "cdi", 35, None, []),
        Offer(2, "17993", "N1103", [], *here, "cdi", 35, None, []),
    ]
    ranked = OffersIndex(offers).rank(candidate, limit=2)
    assert ranked[0].id == 1
    assert ranked[0].parts["job"] == 40 and ranked[0].parts["contract"] == 10
    # The other job is neither aimed at nor related: it ranks lower, if at all.
    assert all(m.parts["job"] == 0 for m in ranked if m.id == 2)
