"""From the database to the engine's columns: the one place matching reads models.

What is read of a person (`projects.matching.candidates`): the jobs of their professional
project still in play (confirmed or to explore), their ROME fiches and the fiches ROME links
to them, the ROME skills they hold, the coordinates of their commune (never the street),
their mobility radius, the contracts, hours and start date they wish, their driving licences.
Nothing else: no age, sex, name, nationality, family situation, health, address. A person
without a project, or whose commune is unknown, is not ranked.

Who may be proposed: the people the structure follows who gave their consent to be proposed
to employers (a consent « proposition de candidature à des employeurs », active).
"""

from dataclasses import dataclass, replace

from django.utils import timezone

from tremplin.core.permissions import Section
from tremplin.employers.enums import OfferStatus
from tremplin.employers.measures import OfferFacts, PersonFacts, evaluate_measures
from tremplin.employers.models import JobOffer
from tremplin.matching.engine import (
    DISTANCE_FADE,
    Candidate,
    Match,
    Offer,
    OffersIndex,
    PeopleIndex,
    distances_km,
)
from tremplin.people.enums import ConsentPurpose
from tremplin.people.models import Consent, Follow, Person
from tremplin.projects.matching import candidates as project_candidates


def proposable_people(structure_id):
    """People the structure follows who agreed to be proposed to employers."""
    consented = Consent.objects.active().filter(
        purpose=ConsentPurpose.EMPLOYER_PROPOSAL, structure_id=structure_id
    )
    followed = Follow.objects.filter(structure_id=structure_id, ended_on__isnull=True)
    return Person.objects.filter(
        pk__in=consented.values("person_id"), merged_into__isnull=True
    ).filter(pk__in=followed.values("person_id"))


def offer_of(job_offer: JobOffer) -> Offer | None:
    """The engine's view of an offer (None without a place: no distance)."""
    commune = job_offer.commune
    if commune is None or commune.latitude is None:
        return None
    return Offer(
        id=job_offer.pk,
        appellation=job_offer.appellation_id,
        fiche=job_offer.fiche_id or job_offer.appellation.fiche_id,
        skills=[s.pk for s in job_offer.required_skills.all()],
        lat=commune.latitude,
        lon=commune.longitude,
        contract=job_offer.contract_type,
        weekly_hours=float(job_offer.weekly_hours) if job_offer.weekly_hours else None,
        starts_on=job_offer.start_on,
        licences=list(job_offer.driving_licences or []),
    )


@dataclass(frozen=True)
class OutOfReach:
    """An offer or a person of the same job, but farther than the engine proposes."""

    item: object  # a JobOffer or a Person
    distance_km: float
    reach_km: float  # how far the engine looks: the radius × DISTANCE_FADE


@dataclass
class Ranking:
    """What a ranking page shows: the ranked pairs, and what the same job has out of reach."""

    pairs: list
    out_of_reach: list  # of OutOfReach, nearest first (at most `OUT_OF_REACH_SHOWN`)
    out_of_reach_count: int


OUT_OF_REACH_SHOWN = 10


def _distance(lat0, lon0, lat, lon) -> float:
    import numpy as np

    return float(distances_km(np.array([lat]), np.array([lon]), lat0, lon0)[0])


def _same_job(candidate: Candidate, offer: Offer) -> bool:
    """The offer is for one of the person's target jobs (or a job of the same ROME fiche)."""
    return offer.appellation in candidate.appellations or offer.fiche in candidate.fiches


def people_for_offer(job_offer: JobOffer, *, limit: int = 50) -> list[tuple[Person, Match]]:
    """The structure's proposable people, best first, each with the score explained."""
    return rank_people_for_offer(job_offer, limit=limit).pairs


def rank_people_for_offer(job_offer: JobOffer, *, limit: int = 50) -> Ranking:
    """The ranked people, and those aiming at the offer's job who live too far to be ranked
    (so that the employer liaison may still decide to talk to them)."""
    offer = offer_of(job_offer)
    if offer is None:
        return Ranking([], [], 0)
    people = proposable_people(job_offer.structure_id).select_related("commune")
    pool = project_candidates(list(people), structure_id=job_offer.structure_id)
    matches = PeopleIndex(pool).rank(offer, limit=limit)
    far = []
    for c in pool:
        if not _same_job(c, offer):
            continue
        distance = _distance(c.lat, c.lon, offer.lat, offer.lon)
        reach = max(c.radius_km, 1.0) * DISTANCE_FADE
        if distance > reach:
            far.append((distance, c.id, reach))
    far.sort()
    shown = far[:OUT_OF_REACH_SHOWN]
    people = Person.objects.select_related("commune").in_bulk(
        [m.id for m in matches] + [pk for _d, pk, _r in shown]
    )
    return Ranking(
        pairs=[(people[m.id], m) for m in matches],
        out_of_reach=[OutOfReach(people[pk], round(d, 1), r) for d, pk, r in shown],
        out_of_reach_count=len(far),
    )


def offers_for_person(person: Person, structure_id, *, limit: int = 20):
    """The structure's open offers, best first for this person (whatever their consent:
    looking is not proposing)."""
    return rank_offers_for_person(person, structure_id, limit=limit).pairs


def rank_offers_for_person(person: Person, structure_id, *, limit: int = 20) -> Ranking:
    """The ranked open offers, and the open offers for the person's target jobs that lie
    beyond their reach (with the distance, so that the counselor may decide)."""
    found = project_candidates([person], structure_id=structure_id)
    if not found:
        return Ranking([], [], 0)
    offers = list(
        JobOffer.objects.filter(structure_id=structure_id, status=OfferStatus.PUBLISHED)
        .select_related("commune", "appellation", "company")
        .prefetch_related("required_skills")
    )
    usable = [(o, q) for o in offers if (q := offer_of(o)) is not None]
    if not usable:
        return Ranking([], [], 0)
    candidate = found[0]
    index = OffersIndex([q for _o, q in usable])
    by_id = {o.pk: o for o, _q in usable}
    reach = max(candidate.radius_km, 1.0) * DISTANCE_FADE
    far = []
    for o, q in usable:
        if not _same_job(candidate, q):
            continue
        distance = _distance(candidate.lat, candidate.lon, q.lat, q.lon)
        if distance > reach:
            far.append((distance, o.pk))
    far.sort()
    return Ranking(
        pairs=[(by_id[m.id], m) for m in index.rank(candidate, limit=limit)],
        out_of_reach=[
            OutOfReach(by_id[pk], round(d, 1), reach) for d, pk in far[:OUT_OF_REACH_SHOWN]
        ],
        out_of_reach_count=len(far),
    )


# Offer contracts (the engine's codes) as the aid measures name them.
_MEASURE_CONTRACT = {
    "cdi": "cdi",
    "cdd": "cdd",
    "interim": "interim",
    "apprenticeship": "apprentissage",
    "professionalisation": "professionnalisation",
    "siae": "cddi",
}
_YES_NO = {"yes": True, "no": False}


def hiring_aids(access, job_offer) -> list:
    """The aid measures that may apply to hiring this person on this offer, and why.

    Eligibility may read age, RQTH or residence because the law does; it reads only the
    parts of the file the user may see (what is hidden counts as unknown), and nothing of it
    ever reaches the employer.
    """
    person = access.person
    situation = access.can_see(Section.SITUATION)
    health = access.can_see(Section.HEALTH)
    level = person.education_level or None
    facts = PersonFacts(
        birth_date=person.birth_date,
        # « infra 3 » (no diploma) is below level 3 in the 2019 nomenclature.
        education_level="2" if level == "infra3" else level,
        rsa=person.is_rsa_beneficiary if situation else None,
        ass=person.is_ass_beneficiary if situation else None,
        registered_jobseeker=person.is_registered_jobseeker if situation else None,
        registered_jobseeker_since=person.jobseeker_since if situation else None,
        qpv=_YES_NO.get(person.lives_in_qpv) if situation else None,
        zrr=_YES_NO.get(person.lives_in_zrr) if situation else None,
        rqth=person.has_rqth if health else None,
        aah=person.is_aah_beneficiary if health else None,
        mission_locale=job_offer.structure.kind == "mission_locale" or None,
    )
    offer = OfferFacts(
        contract=_MEASURE_CONTRACT.get(job_offer.contract_type),
        weekly_hours=job_offer.weekly_hours,
        duration_months=job_offer.contract_months,
        # Market or non-market sector, as recorded on the company: decides PEC and CIE.
        employer_kind=job_offer.company.sector or None,
    )
    results = evaluate_measures(facts, offer, timezone.localdate())
    words = _AGREED_REASON_WORDS.get(person.sex, {})
    return [
        replace(r, reasons=tuple(_agree_reason(reason, words) for reason in r.reasons))
        for r in results
        if r.eligible is not False
    ]


# The reasons are written for both (« inscrit·e ») because the measures know nothing of the
# person; here the person is known. Whole words only: « ·e » also begins « ·euse ».
_AGREED_REASON_WORDS = {
    "F": {"inscrit·e": "inscrite", "demandeur·euse": "demandeuse"},
    "M": {"inscrit·e": "inscrit", "demandeur·euse": "demandeur"},
}


def _agree_reason(reason: str, words: dict) -> str:
    for written, agreed in words.items():
        reason = reason.replace(written, agreed)
    return reason
