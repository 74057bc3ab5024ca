"""The matching engine: rank people for a job offer, or job offers for a person, with numpy.

Pure computation on columns prepared once (an *index*): no database, no Django. The columns
hold only what a job needs — jobs aimed at (ROME appellations and fiches), skills, where
the person lives (a commune's coordinates, never the street), how far they can travel,
contract and hours wished, the date they are available, driving licences. Protected
criteria (age, sex, origin, nationality, family situation, health, name, address…) are not
columns, so they cannot weigh on a score: the engine has no way to receive them.

Scores are out of 100, explained criterion by criterion in French:

    job         40  same appellation 40, same ROME fiche 30, a fiche ROME links to the
                    person's (mobility towards the offer's fiche) 20
    skills      20  share of the offer's required skills the person has
    distance    15  full within the person's radius, then down to 0 at 1.5 × the radius;
                    farther than that, the person is not proposed
    contract    10  the offer's contract is among those wished
    hours        5  the offer's weekly hours are within the wished range
    available    5  available on the start date (or within 14 days of it)
    licences     5  holds every driving licence (or CACES) the offer requires (full
                    points when the offer requires none); a requirement the engine does
                    not know is never counted as held

Where a criterion cannot be judged — no contract wished, no hours wished or none on the
offer, no availability date or no start date — it earns half its points (NEUTRAL): not
the full points of a wish met (a person who said « CDI » for a CDI must rank above one
who said nothing), not zero either (saying nothing is not a mismatch). Every point is
explained by a French reason, the neutral ones too.

Skills are compared only where they can change the top of the list: candidates whose
score without skills plus the full skill points cannot reach the current `limit`-th
best score are left out before the (costlier) skill comparison. The result is exact.
"""

from dataclasses import dataclass, field
from datetime import date

import numpy as np

WEIGHTS = {
    "job": 40.0,
    "skills": 20.0,
    "distance": 15.0,
    "contract": 10.0,
    "hours": 5.0,
    "available": 5.0,
    "licences": 5.0,
}
JOB_SAME_APPELLATION = 40.0
JOB_SAME_FICHE = 30.0
JOB_RELATED_FICHE = 20.0
DISTANCE_FADE = 1.5  # beyond this many radii, not proposed
AVAILABILITY_GRACE_DAYS = 14
EARTH_RADIUS_KM = 6371.0
PAD = -1  # filler of the fixed-width code columns
NEUTRAL = 0.5  # share of a criterion's points when it cannot be judged (no information)
NO_HOURS_MIN, NO_HOURS_MAX = 0, 99  # the hours columns when no range is wished

# Contract types as bits (a person may wish several).
CONTRACTS = ("cdi", "cdd", "interim", "apprenticeship", "professionalisation", "subsidised", "siae")
CONTRACT_LABELS = {
    "cdi": "CDI",
    "cdd": "CDD",
    "interim": "intérim",
    "apprenticeship": "contrat d'apprentissage",
    "professionalisation": "contrat de professionnalisation",
    "subsidised": "contrat aidé",
    "siae": "contrat d'insertion (SIAE)",
}
# Driving licences as bits, and the CACES (people.enums.DrivingLicence records it as one
# code, « un ou plusieurs »: an offer asking for a CACES is met by a person who declared one).
LICENCES = ("AM", "A1", "A2", "A", "B", "BE", "C1", "C", "CE", "D1", "D", "DE", "CACES")
# A required licence or certificate the engine does not know: set in an offer's mask, never
# in a person's, so it is never counted as held (and explained as not verifiable).
UNVERIFIABLE_LICENCE = 1 << 30


def contract_bit(code: str) -> int:
    return 1 << CONTRACTS.index(code)


def contract_mask(codes) -> int:
    mask = 0
    for code in codes:
        mask |= contract_bit(code)
    return mask


def licence_mask(codes, *, required: bool = False) -> int:
    """The codes as bits. What an offer requires (`required`) and is unknown here sets
    UNVERIFIABLE_LICENCE; what a person holds and is unknown here counts for nothing."""
    mask = 0
    for code in codes:
        if code in LICENCES:
            mask |= 1 << LICENCES.index(code)
        elif required:
            mask |= UNVERIFIABLE_LICENCE
    return mask


def licence_names(mask: int) -> list[str]:
    return [code for i, code in enumerate(LICENCES) if mask & (1 << i)]


def _missing_licences_reason(missing: int) -> str:
    names = licence_names(missing)
    parts = []
    driving = [name for name in names if name != "CACES"]
    if driving:
        parts.append("permis " + ", ".join(driving) + " demandé, non déclaré")
    if "CACES" in names:
        parts.append("CACES demandé, non déclaré")
    if missing & UNVERIFIABLE_LICENCE:
        parts.append("un permis ou certificat demandé est non vérifiable (inconnu de Tremplin)")
    return " ; ".join(parts)


def padded(rows: list[list[int]], width: int) -> np.ndarray:
    """A (len(rows), width) int32 matrix, each row's codes then PAD."""
    matrix = np.full((len(rows), max(width, 1)), PAD, dtype=np.int32)
    for i, codes in enumerate(rows):
        codes = list(codes)[:width]
        if codes:
            matrix[i, : len(codes)] = codes
    return matrix


def distances_km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Great-circle distance from one point to many (degrees in, km out)."""
    lat_r, lon_r = np.radians(lat), np.radians(lon)
    lat0_r, lon0_r = np.radians(lat0), np.radians(lon0)
    a = (
        np.sin((lat_r - lat0_r) / 2) ** 2
        + np.cos(lat_r) * np.cos(lat0_r) * np.sin((lon_r - lon0_r) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


class Vocabulary:
    """Codes (ROME appellations, fiches, skills) to dense ints and back."""

    def __init__(self):
        self.codes: list[str] = []
        self.index: dict[str, int] = {}

    def id(self, code: str) -> int:
        found = self.index.get(code)
        if found is None:
            found = self.index[code] = len(self.codes)
            self.codes.append(code)
        return found

    def ids(self, codes) -> list[int]:
        return [self.id(c) for c in codes]

    def known(self, codes) -> np.ndarray:
        return np.array([self.index[c] for c in codes if c in self.index], dtype=np.int32)

    def __len__(self):
        return len(self.codes)


@dataclass
class Vocabularies:
    appellations: Vocabulary = field(default_factory=Vocabulary)
    fiches: Vocabulary = field(default_factory=Vocabulary)
    skills: Vocabulary = field(default_factory=Vocabulary)


# --- the two sides ------------------------------------------------------------------------


@dataclass
class Candidate:
    """What the engine knows of one person: nothing else may be added here."""

    id: int
    appellations: list[str]  # ROME appellation codes aimed at
    fiches: list[str]  # their ROME fiches
    related_fiches: list[str]  # fiches ROME links to them (mobility)
    skills: list[str]
    lat: float
    lon: float
    radius_km: float
    contracts: list[str]  # wished; empty: any
    hours_min: float | None
    hours_max: float | None
    available_on: date | None
    licences: list[str]


@dataclass
class Offer:
    id: int
    appellation: str
    fiche: str
    skills: list[str]
    lat: float
    lon: float
    contract: str
    weekly_hours: float | None
    starts_on: date | None
    licences: list[str]


@dataclass
class Match:
    id: int
    score: float
    parts: dict[str, float]
    distance_km: float
    reasons: list[str]


class _Columns:
    """What both indexes share: building from arrays, and finding what lies near a point."""

    @classmethod
    def from_columns(cls, **columns):
        """An index from ready-made arrays (the benchmark's million people)."""
        index = cls.__new__(cls)
        index.vocab = columns.pop("vocabularies")
        for name, value in columns.items():
            setattr(index, name, value)
        return index

    def __len__(self):
        return len(self.ids)

    def _nearby(self, lat0: float, lon0: float, reach_km: float) -> np.ndarray:
        """Rows within a box that holds every point closer than `reach_km` (a superset).

        The rows are kept sorted by latitude once, so the box's latitude band is a slice;
        the longitude test runs on that slice only.
        """
        if getattr(self, "_by_lat", None) is None or len(self._by_lat) != len(self.ids):
            self._by_lat = np.argsort(self.lat, kind="stable")
            self._lat_sorted = self.lat[self._by_lat]
        dlat = np.degrees(reach_km / EARTH_RADIUS_KM) * 1.001
        lo = np.searchsorted(self._lat_sorted, lat0 - dlat, side="left")
        hi = np.searchsorted(self._lat_sorted, lat0 + dlat, side="right")
        rows = self._by_lat[lo:hi]
        widest = min(89.0, abs(lat0) + dlat)
        dlon = np.degrees(reach_km / (EARTH_RADIUS_KM * np.cos(np.radians(widest)))) * 1.001
        return rows[np.abs(self.lon[rows] - lon0) <= dlon]


# --- people for an offer ------------------------------------------------------------------


class PeopleIndex(_Columns):
    """Columns of N candidates, built once, ranked for many offers."""

    APPELLATIONS = 6
    RELATED = 16
    SKILLS = 40

    def __init__(self, candidates: list[Candidate], vocabularies: Vocabularies | None = None):
        self.vocab = vocabularies or Vocabularies()
        v = self.vocab
        self.ids = np.array([c.id for c in candidates], dtype=np.int64)
        self.appellations = padded(
            [v.appellations.ids(c.appellations) for c in candidates], self.APPELLATIONS
        )
        self.fiches = padded([v.fiches.ids(c.fiches) for c in candidates], self.APPELLATIONS)
        self.related = padded([v.fiches.ids(c.related_fiches) for c in candidates], self.RELATED)
        self.skills = padded([v.skills.ids(c.skills) for c in candidates], self.SKILLS)
        self.lat = np.array([c.lat for c in candidates], dtype=np.float64)
        self.lon = np.array([c.lon for c in candidates], dtype=np.float64)
        self.radius = np.array([max(c.radius_km, 1.0) for c in candidates], dtype=np.float64)
        self.contracts = np.array([contract_mask(c.contracts) for c in candidates], dtype=np.int16)
        self.hours_min = np.array(
            [c.hours_min if c.hours_min is not None else NO_HOURS_MIN for c in candidates],
            dtype=np.float32,
        )
        self.hours_max = np.array(
            [c.hours_max if c.hours_max is not None else NO_HOURS_MAX for c in candidates],
            dtype=np.float32,
        )
        self.available = np.array(
            [c.available_on.toordinal() if c.available_on else 0 for c in candidates],
            dtype=np.int32,
        )
        self.licences = np.array([licence_mask(c.licences) for c in candidates], dtype=np.int32)

    def _inverted(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """For a code column: the rows holding each code (CSR: offsets, rows), built once."""
        cache = self.__dict__.setdefault("_inverted_cache", {})
        if name not in cache:
            matrix = getattr(self, name)
            width = matrix.shape[1]
            flat = matrix.ravel()
            valid = flat != PAD
            codes = flat[valid]
            rows = (np.arange(flat.size, dtype=np.int64) // width)[valid]
            order = np.argsort(codes, kind="stable")
            counts = np.bincount(codes, minlength=max(int(codes.max(initial=-1)) + 1, 1))
            offsets = np.concatenate(([0], np.cumsum(counts)))
            cache[name] = (offsets, rows[order])
        return cache[name]

    def _rows_with(self, name: str, code: int) -> np.ndarray:
        offsets, rows = self._inverted(name)
        if code < 0 or code + 1 >= len(offsets):
            return rows[:0]
        return rows[offsets[code] : offsets[code + 1]]

    def rank(self, offer: Offer, *, limit: int = 50, allowed: np.ndarray | None = None):
        """The `limit` best candidates for `offer`, best first (ties: lower id first).

        `allowed`: a boolean column (who consented to be proposed, say). Only the people
        near the offer are read: a box from the rows sorted by latitude, then each one's own
        reach; the job columns are read through inverted lists, the skills only for those
        who can still reach the top.
        """
        v = self.vocab
        if len(self.ids) == 0:
            return []
        if getattr(self, "_reach", None) is None:
            self._reach = float(self.radius.max()) * DISTANCE_FADE
        rows = self._nearby(offer.lat, offer.lon, self._reach)
        if allowed is not None:
            rows = rows[allowed[rows]]
        radius = self.radius[rows]
        distance = distances_km(self.lat[rows], self.lon[rows], offer.lat, offer.lon)
        near = distance <= radius * DISTANCE_FADE
        rows, radius, distance = rows[near], radius[near], distance[near]
        if len(rows) == 0:
            return []
        distance_points = WEIGHTS["distance"] * np.clip(
            (DISTANCE_FADE * radius - distance) / ((DISTANCE_FADE - 1) * radius), 0, 1
        )
        fiche = v.fiches.index.get(offer.fiche, -2)
        job_all = np.zeros(len(self.ids), dtype=np.float64)
        job_all[self._rows_with("related", fiche)] = JOB_RELATED_FICHE
        job_all[self._rows_with("fiches", fiche)] = JOB_SAME_FICHE
        job_all[
            self._rows_with("appellations", v.appellations.index.get(offer.appellation, -2))
        ] = JOB_SAME_APPELLATION
        job = job_all[rows]
        wished = self.contracts[rows]
        contract_points = _judged(
            wished == 0,
            (wished & contract_bit(offer.contract)) != 0,
            WEIGHTS["contract"],
        )
        hours_min, hours_max = self.hours_min[rows], self.hours_max[rows]
        no_hours_wish = (hours_min <= NO_HOURS_MIN) & (hours_max >= NO_HOURS_MAX)
        if offer.weekly_hours is None:
            hours_points = np.full(len(rows), WEIGHTS["hours"] * NEUTRAL)
        else:
            hours_points = _judged(
                no_hours_wish,
                (hours_min <= offer.weekly_hours) & (offer.weekly_hours <= hours_max),
                WEIGHTS["hours"],
            )
        available = self.available[rows]
        if offer.starts_on is None:
            available_points = np.full(len(rows), WEIGHTS["available"] * NEUTRAL)
        else:
            limit_day = offer.starts_on.toordinal() + AVAILABILITY_GRACE_DAYS
            available_points = _judged(available == 0, available <= limit_day, WEIGHTS["available"])
        required = licence_mask(offer.licences, required=True)
        held_licences = self.licences[rows]
        licence_points = np.where((held_licences & required) == required, WEIGHTS["licences"], 0.0)
        base = job + distance_points + contract_points + hours_points + available_points
        base = base + licence_points

        wanted = len(offer.skills)
        skill_points = np.zeros(len(rows))
        candidates = np.arange(len(rows))
        if wanted == 0:
            skill_points[:] = WEIGHTS["skills"]
        else:
            # Exact pruning: only candidates that could still reach the top need their skills.
            k = min(limit, len(candidates))
            floor = np.partition(base, -k)[-k]
            candidates = candidates[base + WEIGHTS["skills"] >= floor]
            needed = v.skills.known(offer.skills)
            if len(needed):
                lookup = np.zeros(len(v.skills) + 1, dtype=bool)
                lookup[needed] = True  # PAD (-1) reads the extra last cell, always False
                held = lookup[self.skills[rows[candidates]]].sum(axis=1)
                skill_points[candidates] = WEIGHTS["skills"] * held / wanted
        points = {
            "job": job,
            "skills": skill_points,
            "distance": distance_points,
            "contract": contract_points,
            "hours": hours_points,
            "available": available_points,
            "licences": licence_points,
        }
        ids = self.ids[rows]
        total, order = _best(points, ids, candidates, limit)
        results = []
        for i in order:
            parts = {name: float(column[i]) for name, column in points.items()}
            results.append(
                Match(
                    id=int(ids[i]),
                    score=round(float(total[i]), 1),
                    parts=parts,
                    distance_km=round(float(distance[i]), 1),
                    reasons=explain(
                        parts,
                        skills_wanted=wanted,
                        distance_km=float(distance[i]),
                        radius_km=float(radius[i]),
                        contract=offer.contract,
                        has_contract_wish=bool(wished[i]),
                        weekly_hours=offer.weekly_hours,
                        has_hours_wish=not bool(no_hours_wish[i]),
                        starts_on=offer.starts_on,
                        available_on=(
                            date.fromordinal(int(available[i])) if available[i] else None
                        ),
                        missing_licences=required & ~int(held_licences[i]),
                        asks_licences=bool(offer.licences),
                    ),
                )
            )
        return results


# --- offers for a person ------------------------------------------------------------------


class OffersIndex(_Columns):
    """Columns of M open offers, built once, ranked for many people."""

    SKILLS = 30

    def __init__(self, offers: list[Offer], vocabularies: Vocabularies | None = None):
        self.vocab = vocabularies or Vocabularies()
        v = self.vocab
        self.ids = np.array([o.id for o in offers], dtype=np.int64)
        self.appellation = np.array(
            [v.appellations.id(o.appellation) for o in offers], dtype=np.int32
        )
        self.fiche = np.array([v.fiches.id(o.fiche) for o in offers], dtype=np.int32)
        self.skills = padded([v.skills.ids(o.skills) for o in offers], self.SKILLS)
        self.skill_count = np.array(
            [min(len(o.skills), self.SKILLS) for o in offers], dtype=np.int16
        )
        self.lat = np.array([o.lat for o in offers], dtype=np.float64)
        self.lon = np.array([o.lon for o in offers], dtype=np.float64)
        self.contract = np.array([contract_bit(o.contract) for o in offers], dtype=np.int16)
        self.contract_code = [o.contract for o in offers]
        self.hours = np.array(
            [o.weekly_hours if o.weekly_hours is not None else np.nan for o in offers],
            dtype=np.float32,
        )
        self.starts = np.array(
            [o.starts_on.toordinal() if o.starts_on else 0 for o in offers], dtype=np.int32
        )
        self.licences = np.array(
            [licence_mask(o.licences, required=True) for o in offers], dtype=np.int32
        )

    def rank(self, person: Candidate, *, limit: int = 50, allowed: np.ndarray | None = None):
        """The `limit` best open offers for `person`, best first (ties: lower id first)."""
        v = self.vocab
        if len(self.ids) == 0:
            return []
        radius = max(person.radius_km, 1.0)
        rows = self._nearby(person.lat, person.lon, radius * DISTANCE_FADE)
        if allowed is not None:
            rows = rows[allowed[rows]]
        distance = distances_km(self.lat[rows], self.lon[rows], person.lat, person.lon)
        near = distance <= radius * DISTANCE_FADE
        rows, distance = rows[near], distance[near]
        if len(rows) == 0:
            return []
        distance_points = WEIGHTS["distance"] * np.clip(
            (DISTANCE_FADE * radius - distance) / ((DISTANCE_FADE - 1) * radius), 0, 1
        )
        appellation, fiche = self.appellation[rows], self.fiche[rows]
        job = np.where(
            np.isin(appellation, v.appellations.known(person.appellations)),
            JOB_SAME_APPELLATION,
            np.where(
                np.isin(fiche, v.fiches.known(person.fiches)),
                JOB_SAME_FICHE,
                np.where(
                    np.isin(fiche, v.fiches.known(person.related_fiches)), JOB_RELATED_FICHE, 0.0
                ),
            ),
        )
        wished = contract_mask(person.contracts)
        contract = self.contract[rows]
        contract_points = _judged(
            np.full(len(rows), wished == 0), (contract & wished) != 0, WEIGHTS["contract"]
        )
        low = person.hours_min if person.hours_min is not None else NO_HOURS_MIN
        high = person.hours_max if person.hours_max is not None else NO_HOURS_MAX
        has_hours_wish = not (low <= NO_HOURS_MIN and high >= NO_HOURS_MAX)
        hours = self.hours[rows]
        hours_points = _judged(
            np.isnan(hours) | (not has_hours_wish),
            (low <= hours) & (hours <= high),
            WEIGHTS["hours"],
        )
        available = person.available_on.toordinal() if person.available_on else 0
        starts = self.starts[rows]
        available_points = _judged(
            (starts == 0) | (available == 0),
            available <= starts + AVAILABILITY_GRACE_DAYS,
            WEIGHTS["available"],
        )
        held_licences = licence_mask(person.licences)
        required = self.licences[rows]
        licence_points = np.where((required & held_licences) == required, WEIGHTS["licences"], 0.0)
        base = job + distance_points + contract_points + hours_points + available_points
        base = base + licence_points
        k = min(limit, len(rows))
        floor = np.partition(base, -k)[-k]
        candidates = np.flatnonzero(base + WEIGHTS["skills"] >= floor)
        lookup = np.zeros(len(v.skills) + 1, dtype=bool)
        lookup[v.skills.known(person.skills)] = True
        held = lookup[self.skills[rows[candidates]]].sum(axis=1)
        counts = self.skill_count[rows[candidates]]
        skill_points = np.zeros(len(rows))
        skill_points[candidates] = np.where(
            counts == 0, WEIGHTS["skills"], WEIGHTS["skills"] * held / np.maximum(counts, 1)
        )
        points = {
            "job": job,
            "skills": skill_points,
            "distance": distance_points,
            "contract": contract_points,
            "hours": hours_points,
            "available": available_points,
            "licences": licence_points,
        }
        ids = self.ids[rows]
        total, order = _best(points, ids, candidates, limit)
        results = []
        for i in order:
            parts = {name: float(column[i]) for name, column in points.items()}
            results.append(
                Match(
                    id=int(ids[i]),
                    score=round(float(total[i]), 1),
                    parts=parts,
                    distance_km=round(float(distance[i]), 1),
                    reasons=explain(
                        parts,
                        skills_wanted=int(self.skill_count[rows[i]]),
                        distance_km=float(distance[i]),
                        radius_km=radius,
                        contract=CONTRACTS[int(contract[i]).bit_length() - 1],
                        has_contract_wish=bool(wished),
                        weekly_hours=None if np.isnan(hours[i]) else float(hours[i]),
                        has_hours_wish=has_hours_wish,
                        starts_on=date.fromordinal(int(starts[i])) if starts[i] else None,
                        available_on=person.available_on,
                        missing_licences=int(required[i]) & ~held_licences,
                        asks_licences=bool(required[i]),
                    ),
                )
            )
        return results


def _judged(unknown: np.ndarray, met: np.ndarray, weight: float) -> np.ndarray:
    """Points of a criterion: half where it cannot be judged, full where met, else none."""
    return np.where(unknown, weight * NEUTRAL, np.where(met, weight, 0.0))


def _best(points: dict, ids: np.ndarray, candidates: np.ndarray, limit: int):
    """Totals, and the `limit` best candidates (ties: lower id first)."""
    # Rounded so that equal scores are equal whatever the order of the additions.
    total = np.round(sum(points.values()), 6)
    return total, candidates[np.lexsort((ids[candidates], -total[candidates]))][:limit]


def explain(
    parts: dict[str, float],
    *,
    skills_wanted: int,
    distance_km: float,
    radius_km: float,
    contract: str,
    has_contract_wish: bool,
    weekly_hours: float | None,
    has_hours_wish: bool,
    starts_on: date | None,
    available_on: date | None,
    missing_licences: int,
    asks_licences: bool,
) -> list[str]:
    """Each criterion of a score, in French, in the order of the weights."""
    reasons = [_job_reason(parts["job"])]
    if skills_wanted:
        held = round(parts["skills"] / WEIGHTS["skills"] * skills_wanted)
        reasons.append(
            f"{held} compétence{'s' if held > 1 else ''} sur {skills_wanted} "
            f"demandée{'s' if skills_wanted > 1 else ''}"
        )
    else:
        reasons.append("aucune compétence particulière demandée")
    far = "" if parts["distance"] >= WEIGHTS["distance"] else " (au-delà de son rayon)"
    reasons.append(f"à {distance_km:.0f} km, pour un rayon de mobilité de {radius_km:.0f} km{far}")
    label = CONTRACT_LABELS.get(contract, contract)
    half = " (note neutre : moitié des points)"
    if not has_contract_wish:
        reasons.append(f"{label} : pas de souhait de contrat exprimé{half}")
    elif parts["contract"]:
        reasons.append(f"{label} : parmi les contrats souhaités")
    else:
        reasons.append(f"{label} : pas parmi les contrats souhaités")
    if weekly_hours is None:
        reasons.append(f"durée hebdomadaire non précisée par l'offre{half}")
    elif not has_hours_wish:
        reasons.append(f"{weekly_hours:g} h par semaine : pas de souhait d'horaires exprimé{half}")
    else:
        verdict = "dans les horaires souhaités" if parts["hours"] else "hors des horaires souhaités"
        reasons.append(f"{weekly_hours:g} h par semaine : {verdict}")
    if starts_on is None and available_on is None:
        reasons.append(
            f"disponibilité : ni date de début ni date de disponibilité renseignée{half}"
        )
    elif starts_on is None:
        reasons.append(
            f"disponible à partir du {available_on:%d/%m/%Y}, "
            f"date de début non précisée par l'offre{half}"
        )
    elif available_on is None:
        reasons.append(
            f"disponible : date non renseignée, pour un début le {starts_on:%d/%m/%Y}{half}"
        )
    elif parts["available"]:
        reasons.append(f"disponible pour un début le {starts_on:%d/%m/%Y}")
    else:
        reasons.append(f"pas encore disponible pour un début le {starts_on:%d/%m/%Y}")
    if not asks_licences:
        reasons.append("aucun permis demandé par l'offre")
    elif not missing_licences:
        reasons.append("permis demandé détenu")
    else:
        reasons.append(_missing_licences_reason(missing_licences))
    return reasons


def _job_reason(points: float) -> str:
    if points >= JOB_SAME_APPELLATION:
        return "même métier visé"
    if points >= JOB_SAME_FICHE:
        return "métier de la même fiche ROME"
    if points >= JOB_RELATED_FICHE:
        return "métier proche (fiche ROME liée)"
    return "métier sans lien avec son projet"
