"""What a matching engine may read of a person's project, in one place.

Only the jobs still in the project (explored or confirmed) count; the mobility comes from the
person's file (radius, means, driving licences), never duplicated. Nothing from the HEALTH
section: a match never uses health (nor any protected criterion).
"""

from dataclasses import dataclass, field
from datetime import date

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
