"""P6: the matching engine on a national-size index, built in memory from real referentials.

1,000,000 synthetic people and 500,000 synthetic offers (the issue's figures, whatever the
database's scale: the engine ranks columns in memory, not rows): real ROME appellations,
their fiches, the fiches' real skills and mobility links, real communes drawn by
population. Seeded, so two runs rank the same index.
"""

import time

import numpy as np

from tremplin.matching.engine import (
    CONTRACTS,
    LICENCES,
    PAD,
    Candidate,
    Offer,
    OffersIndex,
    PeopleIndex,
    Vocabularies,
    Vocabulary,
)

PEOPLE = 1_000_000
OFFERS = 500_000


def _referentials():
    from tremplin.referentials.models import (
        Commune,
        RomeAppellation,
        RomeFicheSkill,
        RomeMobility,
    )

    appellations = list(RomeAppellation.objects.values_list("code", "fiche_id"))
    fiches = sorted({f for _a, f in appellations})
    fiche_ix = {f: i for i, f in enumerate(fiches)}
    skills_of: dict[int, list[str]] = {}
    for fiche, skill in RomeFicheSkill.objects.values_list("fiche_id", "skill_id"):
        if fiche in fiche_ix:
            skills_of.setdefault(fiche_ix[fiche], []).append(skill)
    related_of: dict[int, list[str]] = {}
    for source, target in RomeMobility.objects.order_by("rank").values_list(
        "source_id", "target_id"
    ):
        if source in fiche_ix:
            related_of.setdefault(fiche_ix[source], []).append(target)
    communes = np.array(
        list(
            Commune.objects.filter(latitude__isnull=False, population__gt=0).values_list(
                "latitude", "longitude", "population"
            )
        ),
        dtype=np.float64,
    )
    return appellations, fiches, skills_of, related_of, communes


def _table(rows: dict[int, list[int]], count: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    table = np.full((count, width), PAD, dtype=np.int32)
    lengths = np.zeros(count, dtype=np.int32)
    for i, codes in rows.items():
        codes = codes[:width]
        table[i, : len(codes)] = codes
        lengths[i] = len(codes)
    return table, lengths


def build(seed: int = 2026, people: int = PEOPLE, offers: int = OFFERS):
    """Both indexes and what the queries need, with the seconds each step took."""
    rng = np.random.default_rng(seed)
    timings = {}
    start = time.perf_counter()
    appellations, fiches, skills_of, related_of, communes = _referentials()
    vocab = Vocabularies()
    app_ids = np.array(vocab.appellations.ids([a for a, _f in appellations]), dtype=np.int32)
    fiche_vocab: Vocabulary = vocab.fiches
    fiche_ids = np.array(fiche_vocab.ids(fiches), dtype=np.int32)
    fiche_of_app = np.array([fiche_vocab.index[f] for _a, f in appellations], dtype=np.int32)
    skill_table, skill_lengths = _table(
        {f: vocab.skills.ids(codes) for f, codes in skills_of.items()}, len(fiches), 120
    )
    related_table, _ = _table(
        {f: fiche_vocab.ids(codes) for f, codes in related_of.items()},
        len(fiches),
        PeopleIndex.RELATED,
    )
    weights = communes[:, 2] / communes[:, 2].sum()
    timings["referentials"] = time.perf_counter() - start

    def places(n):
        chosen = communes[rng.choice(len(communes), size=n, p=weights)]
        return chosen[:, 0], chosen[:, 1]

    def pick_skills(fiche_column: np.ndarray, width: int, low: int, high: int) -> np.ndarray:
        n = len(fiche_column)
        lengths = skill_lengths[fiche_column]
        positions = (rng.random((n, width)) * np.maximum(lengths, 1)[:, None]).astype(np.int32)
        chosen = skill_table[fiche_column[:, None], positions]
        keep = np.arange(width)[None, :] < rng.integers(low, high + 1, size=n)[:, None]
        chosen[~keep | (lengths[:, None] == 0)] = PAD
        return chosen

    start = time.perf_counter()
    n = people
    targets = rng.integers(0, len(app_ids), size=(n, PeopleIndex.APPELLATIONS))
    wanted = rng.integers(1, 4, size=n)
    used = np.arange(PeopleIndex.APPELLATIONS)[None, :] < wanted[:, None]
    person_apps = np.where(used, app_ids[targets], PAD).astype(np.int32)
    person_fiches = np.where(used, fiche_ids[fiche_of_app[targets]], PAD).astype(np.int32)
    lat, lon = places(n)
    jitter = rng.normal(0, 0.01, size=(2, n))
    people_index = PeopleIndex.from_columns(
        vocabularies=vocab,
        ids=np.arange(1, n + 1, dtype=np.int64),
        appellations=person_apps,
        fiches=person_fiches,
        related=related_table[fiche_of_app[targets[:, 0]]],
        skills=pick_skills(fiche_of_app[targets[:, 0]], PeopleIndex.SKILLS, 3, 25),
        lat=lat + jitter[0],
        lon=lon + jitter[1],
        radius=rng.choice([10.0, 20.0, 30.0, 50.0], size=n),
        contracts=rng.choice([0, 1, 3, 7, 2], size=n).astype(np.int16),
        hours_min=rng.choice([0, 15, 20, 24], size=n).astype(np.float32),
        hours_max=rng.choice([99, 26, 35], size=n).astype(np.float32),
        available=rng.integers(739_500, 739_700, size=n).astype(np.int32),
        licences=np.where(rng.random(n) < 0.7, 1 << LICENCES.index("B"), 0).astype(np.int32),
    )
    consented = rng.random(n) < 0.6
    timings["people index"] = time.perf_counter() - start

    start = time.perf_counter()
    m = offers
    offer_apps = rng.integers(0, len(app_ids), size=m)
    offer_fiche = fiche_of_app[offer_apps]
    skills = pick_skills(offer_fiche, OffersIndex.SKILLS, 3, 10)
    lat, lon = places(m)
    offers_index = OffersIndex.from_columns(
        vocabularies=vocab,
        ids=np.arange(1, m + 1, dtype=np.int64),
        appellation=app_ids[offer_apps],
        fiche=fiche_ids[offer_fiche],
        skills=skills,
        skill_count=(skills != PAD).sum(axis=1).astype(np.int16),
        lat=lat,
        lon=lon,
        contract=(1 << rng.integers(0, len(CONTRACTS), size=m)).astype(np.int16),
        hours=rng.choice([20.0, 24.0, 35.0, 39.0], size=m).astype(np.float32),
        starts=rng.integers(739_500, 739_700, size=m).astype(np.int32),
        licences=np.where(rng.random(m) < 0.3, 1 << LICENCES.index("B"), 0).astype(np.int32),
    )
    timings["offers index"] = time.perf_counter() - start
    return people_index, consented, offers_index, timings


def offer_query(index: OffersIndex, i: int) -> Offer:
    """Offer `i` of the index, as a query for the people side."""
    from datetime import date

    vocab = index.vocab
    return Offer(
        id=int(index.ids[i]),
        appellation=vocab.appellations.codes[index.appellation[i]],
        fiche=vocab.fiches.codes[index.fiche[i]],
        skills=[vocab.skills.codes[s] for s in index.skills[i] if s != PAD],
        lat=float(index.lat[i]),
        lon=float(index.lon[i]),
        contract=CONTRACTS[int(index.contract[i]).bit_length() - 1],
        weekly_hours=float(index.hours[i]),
        starts_on=date.fromordinal(int(index.starts[i])),
        licences=["B"] if index.licences[i] else [],
    )


def person_query(index: PeopleIndex, i: int) -> Candidate:
    """Person `i` of the index, as a query for the offers side."""
    from datetime import date

    vocab = index.vocab

    def codes(row, vocabulary):
        return [vocabulary.codes[c] for c in row if c != PAD]

    mask = int(index.contracts[i])
    return Candidate(
        id=int(index.ids[i]),
        appellations=codes(index.appellations[i], vocab.appellations),
        fiches=codes(index.fiches[i], vocab.fiches),
        related_fiches=codes(index.related[i], vocab.fiches),
        skills=codes(index.skills[i], vocab.skills),
        lat=float(index.lat[i]),
        lon=float(index.lon[i]),
        radius_km=float(index.radius[i]),
        contracts=[c for b, c in enumerate(CONTRACTS) if mask & (1 << b)],
        hours_min=float(index.hours_min[i]),
        hours_max=float(index.hours_max[i]),
        available_on=date.fromordinal(int(index.available[i])),
        licences=["B"] if index.licences[i] else [],
    )
