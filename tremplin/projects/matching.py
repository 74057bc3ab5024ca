"""What a matching engine may read of a person's project, in one place.

Only the jobs still in the project (explored or confirmed) count; the mobility comes from the
person's file (radius, means, driving licences), never duplicated. Nothing from the HEALTH
section: a match never uses health (nor any protected criterion).
"""

from dataclasses import dataclass, field
from datetime import date

from tremplin.core.mobility import DEFAULT_MOBILITY_RADIUS_KM
from tremplin.projects.enums import Decision
from tremplin.projects.models import TargetJob


@dataclass(frozen=True)
class TargetProfile:
    appellation: str  # code OGR
    rome: str  # code of the ROME fiche
    is_confirmed: bool
    skills_held: frozenset[str]  # codes OGR of RomeSkill
    skills_to_acquire: frozenset[str]
    contract_types: tuple[str, ...]
    weekly_hours: int | None
    available_on: date | None


@dataclass(frozen=True)
class MatchingProfile:
    person_id: int
    targets: tuple[TargetProfile, ...] = field(default_factory=tuple)
    mobility_radius_km: int | None = None
    mobility_means: tuple[str, ...] = ()
    driving_licences: tuple[str, ...] = ()


def matching_profiles(people, *, structure_id) -> dict[int, MatchingProfile]:
    """The profiles of `people` (Person objects) as recorded by `structure_id`: 3 queries."""
    by_person: dict[int, list[TargetProfile]] = {}
    targets = TargetJob.objects.filter(person__in=people, structure_id=structure_id).for_matching()
    for t in targets:
        by_person.setdefault(t.person_id, []).append(
            TargetProfile(
                appellation=t.appellation_id,
                rome=t.appellation.fiche_id,
                is_confirmed=t.decision == Decision.CONFIRM,
                skills_held=frozenset(s.pk for s in t.skills_held.all()),
                skills_to_acquire=frozenset(s.pk for s in t.skills_to_acquire.all()),
                contract_types=tuple(t.contract_types),
                weekly_hours=t.weekly_hours,
                available_on=t.available_on,
            )
        )
    return {
        p.pk: MatchingProfile(
            person_id=p.pk,
            targets=tuple(by_person.get(p.pk, ())),
            mobility_radius_km=p.mobility_radius_km,
            mobility_means=tuple(p.mobility_means or ()),
            driving_licences=tuple(p.driving_licences or ()),
        )
        for p in people
    }


# A file without a radius: the engine still needs one (the commune and its employment area),
# the same as everywhere else in Tremplin; the pages say when it is assumed.
DEFAULT_RADIUS_KM = DEFAULT_MOBILITY_RADIUS_KM
_ENGINE_CONTRACT = {"seasonal": "cdd", "self_employed": None}


def candidates(people, *, structure_id) -> list:
    """The matching engine's `Candidate` for each of `people` that has a project (an
    explored or confirmed target job) in `structure_id` and a commune with coordinates.

    Skills are those held for the target jobs and the ROME skills of the inventory; hours
    wished are the most wished for a target job (no minimum); availability is the earliest.
    """
    from tremplin.matching.engine import CONTRACTS, Candidate
    from tremplin.projects.models import PersonSkill
    from tremplin.referentials.models import RomeMobility

    people = [p for p in people if p.commune_id and p.commune.latitude is not None]
    profiles = matching_profiles(people, structure_id=structure_id)
    fiches = {t.rome for p in profiles.values() for t in p.targets}
    related: dict[str, set[str]] = {}
    for source, target in RomeMobility.objects.filter(source_id__in=fiches).values_list(
        "source_id", "target_id"
    ):
        related.setdefault(source, set()).add(target)
    inventory: dict[int, set[str]] = {}
    for person_id, skill in PersonSkill.objects.filter(
        person__in=people, structure_id=structure_id, rome_skill__isnull=False
    ).values_list("person_id", "rome_skill_id"):
        inventory.setdefault(person_id, set()).add(skill)
    result = []
    for person in people:
        profile = profiles[person.pk]
        if not profile.targets:
            continue
        targets = profile.targets
        contracts = {_ENGINE_CONTRACT.get(c, c) for t in targets for c in t.contract_types} & set(
            CONTRACTS
        )
        hours = [t.weekly_hours for t in targets if t.weekly_hours]
        dates = [t.available_on for t in targets if t.available_on]
        own_fiches = sorted({t.rome for t in targets})
        result.append(
            Candidate(
                id=person.pk,
                appellations=sorted({t.appellation for t in targets}),
                fiches=own_fiches,
                related_fiches=sorted(
                    set().union(*(related.get(f, set()) for f in own_fiches)) - set(own_fiches)
                ),
                skills=sorted(
                    set().union(*(t.skills_held for t in targets)) | inventory.get(person.pk, set())
                ),
                lat=person.commune.latitude,
                lon=person.commune.longitude,
                radius_km=float(profile.mobility_radius_km or DEFAULT_RADIUS_KM),
                contracts=sorted(contracts),
                hours_min=None,
                hours_max=float(max(hours)) if hours else None,
                available_on=min(dates) if dates else None,
                licences=list(profile.driving_licences),
            )
        )
    return result
