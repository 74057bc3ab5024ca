"""The matching engine on concrete cases, and against a plain one-pair-at-a-time scorer."""

import dataclasses
import math
import random
from datetime import date

import numpy as np
import pytest

from tremplin.matching.engine import (
    CONTRACTS,
    LICENCES,
    Candidate,
    Offer,
    OffersIndex,
    PeopleIndex,
    Vocabularies,
)

# Saint-Nazaire; Montoir-de-Bretagne, 7 km away; Nantes, 47 km from Montoir.
SAINT_NAZAIRE = (47.2806, -2.2086)
MONTOIR = (47.3276, -2.1494)
NANTES = (47.2184, -1.5536)


def person(id, **changes) -> Candidate:
    base = dict(
        id=id,
        appellations=["38879"],  # Aide-soignant / Aide-soignante
        fiches=["J1501"],
        related_fiches=["K1302"],
        skills=["s1", "s2", "s3"],
        lat=SAINT_NAZAIRE[0],
        lon=SAINT_NAZAIRE[1],
        radius_km=20,
        contracts=["cdi", "cdd"],
        hours_min=24,
        hours_max=35,
        available_on=date(2026, 12, 1),
        licences=["B"],
    )
    base.update(changes)
    return Candidate(**base)


def offer(id=1, **changes) -> Offer:
    base = dict(
        id=id,
        appellation="38879",
        fiche="J1501",
        skills=["s1", "s2", "s3", "s4"],
        lat=MONTOIR[0],
        lon=MONTOIR[1],
        contract="cdi",
        weekly_hours=35,
        starts_on=date(2026, 12, 7),
        licences=["B"],
    )
    base.update(changes)
    return Offer(**base)


def test_job_relation_orders_the_people_and_every_score_is_explained():
    people = [
        person(1, appellations=["11111"], fiches=["K1302"], related_fiches=["J1501"]),  # related
        person(2),  # same appellation
        person(3, appellations=["22222"], fiches=["J1501"]),  # same fiche
        person(4, appellations=["33333"], fiches=["N1103"], related_fiches=[]),  # unrelated
    ]
    ranked = PeopleIndex(people).rank(offer())
    assert [m.id for m in ranked] == [2, 3, 1, 4]
    best = ranked[0]
    assert best.parts["job"] == 40 and best.parts["skills"] == 15  # 3 of the 4 skills
    assert best.score == 40 + 15 + 15 + 10 + 5 + 5 + 5
    assert best.reasons == [
        "même métier visé",
        "3 compétences sur 4 demandées",
        "à 7 km, pour un rayon de mobilité de 20 km",
        "CDI : parmi les contrats souhaités",
        "35 h par semaine : dans les horaires souhaités",
        "disponible pour un début le 07/12/2026",
        "permis demandé détenu",
    ]
    assert ranked[2].reasons[0] == "métier proche (fiche ROME liée)"
    assert ranked[3].reasons[0] == "métier sans lien avec son projet"


def test_distance_fades_beyond_the_radius_and_too_far_is_not_proposed():
    people = [
        person(1, radius_km=5),  # 7 km for 5: between 1 and 1.5 radii
        person(2, radius_km=40, lat=NANTES[0], lon=NANTES[1]),  # 47 km for 40
        person(3, radius_km=30, lat=NANTES[0], lon=NANTES[1]),  # 47 km for 30: too far
    ]
    ranked = {m.id: m for m in PeopleIndex(people).rank(offer())}
    assert set(ranked) == {1, 2}
    assert 0 < ranked[1].parts["distance"] < 15
    assert "(au-delà de son rayon)" in ranked[1].reasons[2]
    assert ranked[2].distance_km == pytest.approx(46.6, abs=0.5)


def test_wishes_availability_and_licences_are_scored_and_said():
    ranked = PeopleIndex(
        [
            person(
                1,
                contracts=["interim"],
                hours_min=10,
                hours_max=20,
                available_on=date(2027, 3, 1),
                licences=[],
            )
        ]
    ).rank(offer())
    match = ranked[0]
    assert match.parts == {
        "job": 40,
        "skills": 15,
        "distance": 15,
        "contract": 0,
        "hours": 0,
        "available": 0,
        "licences": 0,
    }
    assert match.reasons[3:] == [
        "CDI : pas parmi les contrats souhaités",
        "35 h par semaine : hors des horaires souhaités",
        "pas encore disponible pour un début le 07/12/2026",
        "permis B demandé, non déclaré",
    ]


def test_no_information_earns_half_the_points_and_is_said():
    """No wish, no date, no licence asked: every point awarded comes with its reason."""
    silent = person(1, contracts=[], hours_min=None, hours_max=None, available_on=None)
    wished = person(2)
    job = offer(weekly_hours=35, licences=[])
    ranked = {m.id: m for m in PeopleIndex([silent, wished]).rank(job)}
    assert ranked[1].parts["contract"] == 5 and ranked[2].parts["contract"] == 10
    assert ranked[1].parts["hours"] == 2.5 and ranked[2].parts["hours"] == 5
    assert ranked[1].parts["available"] == 2.5 and ranked[2].parts["available"] == 5
    assert ranked[1].parts["licences"] == 5  # nothing asked: nothing missing
    assert ranked[1].reasons[3:] == [
        "CDI : pas de souhait de contrat exprimé (note neutre : moitié des points)",
        "35 h par semaine : pas de souhait d'horaires exprimé (note neutre : moitié des points)",
        "disponible : date non renseignée, pour un début le 07/12/2026"
        " (note neutre : moitié des points)",
        "aucun permis demandé par l'offre",
    ]
    # The same, seen from the person's side.
    undated = offer(weekly_hours=None, starts_on=None, licences=[])
    (match,) = OffersIndex([undated]).rank(person(3, available_on=date(2026, 12, 1)))
    assert match.parts["hours"] == 2.5 and match.parts["available"] == 2.5
    assert match.reasons[4:] == [
        "durée hebdomadaire non précisée par l'offre (note neutre : moitié des points)",
        "disponible à partir du 01/12/2026, date de début non précisée par l'offre"
        " (note neutre : moitié des points)",
        "aucun permis demandé par l'offre",
    ]
    (match,) = OffersIndex([undated]).rank(silent)
    assert match.parts["contract"] == 5
    assert match.reasons[3:5] == [
        "CDI : pas de souhait de contrat exprimé (note neutre : moitié des points)",
        "durée hebdomadaire non précisée par l'offre (note neutre : moitié des points)",
    ]
    assert match.reasons[5] == (
        "disponibilité : ni date de début ni date de disponibilité renseignée"
        " (note neutre : moitié des points)"
    )
    for m in (*ranked.values(), match):
        assert len(m.reasons) == 7  # one reason per criterion, points or not


def test_a_caces_asked_is_held_only_by_who_declared_one_both_ways():
    people = [person(1, licences=["B"]), person(2, licences=["B", "CACES"])]
    ranked = {m.id: m for m in PeopleIndex(people).rank(offer(licences=["CACES"]))}
    assert ranked[1].parts["licences"] == 0
    assert ranked[1].reasons[-1] == "CACES demandé, non déclaré"
    assert ranked[2].parts["licences"] == 5 and ranked[2].reasons[-1] == "permis demandé détenu"
    # Offers for a person: the same.
    [match] = OffersIndex([offer(licences=["B", "CACES"])]).rank(person(1, licences=["B"]))
    assert match.parts["licences"] == 0 and match.reasons[-1] == "CACES demandé, non déclaré"


def test_a_requirement_the_engine_does_not_know_is_never_counted_as_held():
    people = [person(1, licences=["B"]), person(2, licences=["B", "FIMO"])]
    for match in PeopleIndex(people).rank(offer(licences=["B", "FIMO"])):
        assert match.parts["licences"] == 0
        assert "non vérifiable" in match.reasons[-1]
        assert "permis demandé détenu" not in match.reasons
    [match] = OffersIndex([offer(licences=["FIMO"])]).rank(person(1, licences=["FIMO"]))
    assert match.parts["licences"] == 0 and "non vérifiable" in match.reasons[-1]


def test_only_the_allowed_people_are_ranked():
    index = PeopleIndex([person(1), person(2), person(3)])
    allowed = np.array([True, False, True])
    assert [m.id for m in index.rank(offer(), allowed=allowed)] == [1, 3]


def test_the_engine_takes_no_protected_criterion():
    protected = {
        "age",
        "birth_date",
        "sex",
        "gender",
        "origin",
        "nationality",
        "family",
        "health",
        "name",
        "first_name",
        "last_name",
        "address",
        "disability",
        "religion",
    }
    for model in (Candidate, Offer):
        names = {f.name for f in dataclasses.fields(model)}
        assert not names & protected, model


# --- against a plain scorer -------------------------------------------------------------------


def reference_score(c: Candidate, o: Offer) -> float | None:
    """One pair, in plain Python, straight from the rules in the engine's docstring."""
    lat1, lon1, lat2, lon2 = map(math.radians, (c.lat, c.lon, o.lat, o.lon))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * 6371 * math.asin(math.sqrt(min(1, a)))
    radius = max(c.radius_km, 1)
    if km > 1.5 * radius:
        return None
    if o.appellation in c.appellations:
        score = 40
    elif o.fiche in c.fiches:
        score = 30
    elif o.fiche in c.related_fiches:
        score = 20
    else:
        score = 0
    score += 20 * len(set(o.skills) & set(c.skills)) / len(o.skills) if o.skills else 20
    score += 15 * min(1, max(0, (1.5 * radius - km) / (0.5 * radius)))
    # No information: half the points (neither a wish met nor a mismatch).
    if not c.contracts:
        score += 5
    else:
        score += 10 if o.contract in c.contracts else 0
    if o.weekly_hours is None or (c.hours_min is None and c.hours_max is None):
        score += 2.5
    else:
        low = c.hours_min if c.hours_min is not None else 0
        high = c.hours_max if c.hours_max is not None else 99
        score += 5 if low <= o.weekly_hours <= high else 0
    if o.starts_on is None or c.available_on is None:
        score += 2.5
    else:
        score += 5 if c.available_on.toordinal() <= o.starts_on.toordinal() + 14 else 0
    score += 5 if set(o.licences) <= set(c.licences) else 0
    return round(score, 6)


def random_world(seed, people=400, offers=150):
    rng = random.Random(seed)
    apps = [f"A{i}" for i in range(30)]
    fiches = [f"F{i}" for i in range(12)]
    skills = [f"s{i}" for i in range(60)]

    def place():
        return 47.2 + rng.uniform(-0.4, 0.4), -1.9 + rng.uniform(-0.6, 0.6)

    def day():
        return date(2026, 11, 1).fromordinal(date(2026, 11, 1).toordinal() + rng.randint(0, 90))

    candidates = []
    for i in range(people):
        lat, lon = place()
        candidates.append(
            Candidate(
                id=i + 1,
                appellations=rng.sample(apps, rng.randint(0, 3)),
                fiches=rng.sample(fiches, rng.randint(0, 2)),
                related_fiches=rng.sample(fiches, rng.randint(0, 3)),
                skills=rng.sample(skills, rng.randint(0, 12)),
                lat=lat,
                lon=lon,
                radius_km=rng.choice([5, 10, 20, 30, 50]),
                contracts=rng.sample(CONTRACTS, rng.randint(0, 2)),
                hours_min=rng.choice([None, 15, 24]),
                hours_max=rng.choice([None, 30, 35]),
                available_on=rng.choice([None, day()]),
                licences=rng.sample(LICENCES[:6], rng.randint(0, 2)),
            )
        )
    jobs = []
    for i in range(offers):
        lat, lon = place()
        jobs.append(
            Offer(
                id=i + 1,
                appellation=rng.choice(apps),
                fiche=rng.choice(fiches),
                skills=rng.sample(skills, rng.randint(0, 8)),
                lat=lat,
                lon=lon,
                contract=rng.choice(CONTRACTS),
                weekly_hours=rng.choice([None, 20, 35]),
                starts_on=rng.choice([None, day()]),
                licences=rng.sample(LICENCES[:6], rng.randint(0, 1)),
            )
        )
    return candidates, jobs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ranking_people_equals_the_plain_scorer(seed):
    candidates, jobs = random_world(seed)
    index = PeopleIndex(candidates)
    for job in jobs[:25]:
        expected = sorted(
            ((s, c.id) for c in candidates if (s := reference_score(c, job)) is not None),
            key=lambda pair: (-pair[0], pair[1]),
        )[:20]
        got = index.rank(job, limit=20)
        assert [m.id for m in got] == [i for _s, i in expected]
        assert [m.score for m in got] == pytest.approx(
            [round(s, 1) for s, _i in expected], abs=0.11
        )


@pytest.mark.parametrize("seed", [4, 5])
def test_ranking_offers_equals_the_plain_scorer(seed):
    candidates, jobs = random_world(seed)
    vocabularies = Vocabularies()
    index = OffersIndex(jobs, vocabularies)
    for candidate in candidates[:40]:
        expected = sorted(
            ((s, o.id) for o in jobs if (s := reference_score(candidate, o)) is not None),
            key=lambda pair: (-pair[0], pair[1]),
        )[:15]
        got = index.rank(candidate, limit=15)
        assert [m.id for m in got] == [i for _s, i in expected]
        assert [m.score for m in got] == pytest.approx(
            [round(s, 1) for s, _i in expected], abs=0.11
        )
