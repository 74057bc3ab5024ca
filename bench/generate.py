"""Synthetic data at scale: `python -m bench.generate --scale {small,department,national}`.

Also `tremplin bench_data --scale …` and `make bench-data SCALE=…`. The database (by default
`bench_<scale>` on the local PostgreSQL server) is created fresh, migrated, given the
national referentials, then filled step by step through the real models' tables with COPY.
The same seed gives the same data.

Steps are registered with `@step`: a capability that adds tables adds its step here (or in
a module imported below), reading what earlier steps left in `ctx.state`.
"""

import argparse
import json
import random
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench import db
from bench.names import (
    FEMALE_FIRST_NAMES,
    LAST_NAMES,
    MALE_FIRST_NAMES,
    NAME_ENDINGS,
    NAME_ROOTS,
)


@dataclass(frozen=True)
class Scale:
    people: int
    structures: int
    staff: int
    events: int
    partner_services: int
    # P7 needs one structure of this size (capped to a fifth of the people).
    largest_structure: int = 20_000


SCALES = {
    "tiny": Scale(people=600, structures=3, staff=24, events=3_000, partner_services=200),
    "small": Scale(people=20_000, structures=10, staff=150, events=200_000, partner_services=3_000),
    "department": Scale(
        people=100_000, structures=30, staff=500, events=1_000_000, partner_services=15_000
    ),
    "national": Scale(
        people=1_000_000,
        structures=300,
        staff=5_000,
        events=10_000_000,
        partner_services=150_000,
    ),
}

# The counselor whose caseload and files the benchmarks open: 150 people followed.
BENCH_COUNSELOR_EMAIL = "conseillere.bench@bench.invalid"
BENCH_CASELOAD = 150
YEARS = 3

# Share of the events by kind (the event-like tables that exist today).
EVENT_SHARES = {
    "contacts": 0.40,
    "access_log": 0.30,
    "urgency_checks": 0.12,
    "diagnosis_versions": 0.10,
    "orders": 0.05,
    "alerts": 0.03,
}

STEPS: list[tuple[str, callable]] = []


def step(name: str):
    """Register a generation step; steps run in the order they are registered."""

    def register(function):
        STEPS.append((name, function))
        return function

    return register


class Context:
    def __init__(self, conn, scale: Scale, seed: int, now: datetime, log=print):
        from bench.loading import Loader

        self.conn = conn
        self.scale = scale
        self.seed = seed
        self.now = now
        self.today = now.date()
        self.loader = Loader(conn, now=now, log=log)
        self.log = log
        self.state: dict = {}

    def rng(self, name: str) -> random.Random:
        """One random stream per step: a step's data do not depend on the others' draws."""
        return random.Random(f"{self.seed}:{name}")

    def moment(self, rng: random.Random, *, after: datetime | None = None) -> datetime:
        start = after or (self.now - timedelta(days=365 * YEARS))
        span = max((self.now - start).total_seconds(), 1)
        return start + timedelta(seconds=rng.random() * span)


# --- pure row builders (tested without a database) -------------------------------------------


def person_name(rng: random.Random) -> tuple[str, str, str, str]:
    """(sex, first name, last name, birth name) — some compound, some with a birth name."""
    sex = "F" if rng.random() < 0.52 else "M"
    firsts = FEMALE_FIRST_NAMES if sex == "F" else MALE_FIRST_NAMES
    first = rng.choice(firsts)
    if rng.random() < 0.08:
        first = f"{first}-{rng.choice(firsts)}"
    last = family_name(rng)
    if rng.random() < 0.04:
        last = f"{last}-{family_name(rng)}"
    birth = family_name(rng) if sex == "F" and rng.random() < 0.2 else ""
    return sex, first, last, birth


def family_name(rng: random.Random) -> str:
    """Half the time a frequent name of the list, else a rarer composed one."""
    if rng.random() < 0.5:
        return rng.choice(LAST_NAMES)
    return rng.choice(NAME_ROOTS) + rng.choice(NAME_ENDINGS)


def person_name_keys(last: str, birth: str, first: str) -> tuple[str, str]:
    """(search_key, sort_key): what Person.save() derives from the names."""
    from tremplin.people.models import Person

    keys = Person.name_keys(last, birth, first)
    return keys["search_key"], keys["sort_key"]


def phone_number(rng: random.Random) -> str:
    return f"0{rng.choice('67')}{rng.randrange(10**8):08d}"


def _luhn_digit(digits: list[int]) -> int:
    """The digit that completes `digits` into a number passing the Luhn check."""
    for check in range(10):
        total = 0
        for i, d in enumerate(reversed([*digits, check])):
            d = d * 2 if i % 2 else d
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return check
    raise AssertionError("unreachable")


def siret(rng: random.Random) -> str:
    """A SIRET whose SIREN (9 digits) and whole 14 digits pass the Luhn check."""
    siren = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(7)]
    siren.append(_luhn_digit(siren))
    digits = siren + [rng.randrange(10) for _ in range(4)]
    digits.append(_luhn_digit(digits))
    return "".join(map(str, digits))


def service_derived(
    *,
    name: str,
    structure_name: str,
    description: str,
    point: tuple[float, float] | None,
    structure_point: tuple[float, float] | None,
    commune_point: tuple[float, float] | None,
    structure_commune_point: tuple[float, float] | None,
    reception_modes: list[str],
) -> tuple[str, float | None, float | None, bool]:
    """(search_key, point_latitude, point_longitude, remote), as PartnerService.refresh_derived."""
    from tremplin.core.text import normalize

    search_key = normalize(" ".join((name, structure_name, description[:500])))
    chosen = point or structure_point or commune_point or structure_commune_point
    latitude, longitude = chosen if chosen else (None, None)
    return search_key, latitude, longitude, "a-distance" in reception_modes


STREETS = (
    "rue de la République",
    "avenue Jean Jaurès",
    "rue Victor Hugo",
    "place de la Mairie",
    "rue Pasteur",
    "boulevard Gambetta",
    "rue des Écoles",
    "chemin des Vignes",
    "allée des Tilleuls",
    "rue du Général de Gaulle",
    "impasse des Lilas",
    "rue Émile Zola",
    "résidence les Peupliers",
    "rue de l'Église",
    "avenue de la Gare",
)

DEMANDS = (
    "Je cherche du travail dans la vente, à temps partiel.",
    "Besoin d'aide pour faire mon CV et des lettres de motivation.",
    "Je voudrais une formation d'aide-soignante.",
    "Je n'ai plus de logement depuis la semaine dernière.",
    "Je veux passer le permis de conduire pour trouver un emploi.",
    "Orienté par France Travail pour un accompagnement renforcé.",
    "Je ne sais pas utiliser internet pour mes démarches.",
    "Je souhaite créer mon entreprise de services à la personne.",
    "Fin de contrat d'intérim, je cherche un poste dans la logistique.",
    "Mon RSA est suspendu, je ne comprends pas pourquoi.",
    "Je cherche un mode de garde pour reprendre un travail.",
    "Sortie de formation, je cherche un premier emploi.",
)

SERVICES = (
    ("Aide au permis de conduire", "mobilite"),
    ("Location solidaire de véhicules", "mobilite"),
    ("Atelier numérique : démarches en ligne", "numerique"),
    ("Accompagnement vers le logement", "logement-hebergement"),
    ("Hébergement d'urgence", "logement-hebergement"),
    ("Permanence d'accès aux droits", "difficultes-administratives-ou-juridiques"),
    ("Aide alimentaire et épicerie solidaire", "equipement-et-alimentation"),
    ("Cours de français langue étrangère", "lecture-ecriture-calcul"),
    ("Garde d'enfants en horaires atypiques", "famille"),
    ("Consultation psychologique gratuite", "sante"),
    ("Conseil budgétaire", "difficultes-financieres"),
    ("Chantier d'insertion espaces verts", "trouver-un-emploi"),
    ("Préparation aux entretiens d'embauche", "preparer-sa-candidature"),
    ("Formation pré-qualifiante aux métiers du soin", "se-former"),
    ("Remobilisation et confiance en soi", "remobilisation"),
)

PARTNER_KINDS = (
    "Association",
    "CCAS",
    "Centre social",
    "Maison France Services",
    "Espace solidarité",
    "Point information jeunesse",
    "Auto-école sociale",
    "Épicerie solidaire",
)


# --- steps -----------------------------------------------------------------------------------


def _choices(rng, population, weights, k):
    return rng.choices(population, weights=weights, k=k) if k else []


@step("referential lookups")
def load_lookups(ctx: Context) -> None:
    """Communes (with position and population), ROME appellations, thématiques."""
    cur = ctx.conn.cursor()
    communes = cur.execute(
        "SELECT code, name, postal_codes, latitude, longitude, coalesce(population, 0), "
        "department_id FROM referentials_commune WHERE latitude IS NOT NULL "
        "AND kind = 'commune' ORDER BY code"
    ).fetchall()
    if not communes:
        raise SystemExit("no communes: run `tremplin load_referentials` on the bench database")
    ctx.state["communes"] = communes
    ctx.state["commune_weights"] = [max(c[5], 50) for c in communes]
    by_department: dict[str, list] = {}
    for commune in communes:
        by_department.setdefault(commune[6], []).append(commune)
    ctx.state["communes_by_department"] = by_department
    ctx.state["appellations"] = [
        r[0]
        for r in cur.execute(
            "SELECT code FROM referentials_romeappellation WHERE NOT is_rarely_used ORDER BY code"
        )
    ]
    ctx.state["thematiques"] = [
        r[0] for r in cur.execute("SELECT code FROM referentials_thematique ORDER BY code")
    ]


@step("structures")
def make_structures(ctx: Context) -> None:
    from tremplin.accounts.models import Structure, StructureKind

    rng = ctx.rng("structures")
    communes = [c for c in ctx.state["communes"] if c[5] >= 2000] or ctx.state["communes"]
    places = rng.sample(communes, min(ctx.scale.structures, len(communes)))
    kinds = [
        (StructureKind.MISSION_LOCALE, "Mission Locale de", 30),
        (StructureKind.DEPARTMENT, "Direction de l'insertion —", 10),
        (StructureKind.PLIE, "PLIE de", 12),
        (StructureKind.SIAE_ACI, "Chantier d'insertion de", 15),
        (StructureKind.CCAS, "CCAS de", 10),
        (StructureKind.FRANCE_TRAVAIL, "France Travail", 10),
        (StructureKind.CAP_EMPLOI, "Cap emploi", 5),
        (StructureKind.ASSOCIATION, "Association Tremplin", 8),
    ]
    rows, structures = [], []
    for sid in range(1, ctx.scale.structures + 1):
        commune = places[(sid - 1) % len(places)]
        kind, prefix, _ = rng.choices(kinds, weights=[k[2] for k in kinds])[0]
        name = f"{prefix} {commune[1]}"
        postal = commune[2].split("|")[0] if commune[2] else ""
        rows.append(
            (
                sid,
                name,
                kind.value,
                siret(rng),
                f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                postal,
                commune[0],
                phone_number(rng),
                f"contact{sid}@bench.invalid",
            )
        )
        structures.append({"id": sid, "commune": commune, "name": name})
    columns = ["id", "name", "kind", "siret", "address", "postal_code", "commune_id", "phone"]
    ctx.loader.copy(Structure, [*columns, "email"], rows)
    ctx.state["structures"] = structures
    # How many people each structure follows: one structure of `largest_structure` (P7),
    # the others drawn from a skewed distribution.
    people = ctx.scale.people
    largest = min(ctx.scale.largest_structure, people // 5)
    weights = [rng.lognormvariate(0, 0.6) for _ in range(ctx.scale.structures - 1)]
    total = sum(weights) or 1
    sizes = [largest] + [max(1, int((people - largest) * w / total)) for w in weights]
    sizes[-1] += people - sum(sizes)
    ctx.state["structure_sizes"] = sizes


@step("staff")
def make_staff(ctx: Context) -> None:
    from django.contrib.auth.hashers import make_password

    from tremplin.accounts.models import Membership, User
    from tremplin.core.text import normalize

    rng = ctx.rng("staff")
    password = make_password("bench-password-not-used")
    sizes = ctx.state["structure_sizes"]
    total_people = sum(sizes)
    staff_of: dict[int, list[int]] = {}
    counselors_of: dict[int, list[int]] = {}
    users, memberships = [], []
    uid = 0
    roles = (("counselor", 70), ("reception", 10), ("manager", 8), ("employer_liaison", 9))
    roles += (("structure_admin", 3),)
    for index, structure in enumerate(ctx.state["structures"]):
        sid = structure["id"]
        count = max(4, round(ctx.scale.staff * sizes[index] / total_people))
        for n in range(count):
            uid += 1
            sex, first, last, _ = person_name(rng)
            if sid == 1 and n == 0:
                email, role = BENCH_COUNSELOR_EMAIL, "counselor"
            else:
                role = "counselor" if n < 2 else rng.choices(*zip(*roles, strict=True))[0]
                email = f"{normalize(first).replace(' ', '-')}.{normalize(last).replace(' ', '-')}.{uid}@bench.invalid"
            joined = ctx.moment(rng)
            users.append((uid, password, False, email, first, last, True, False, joined))
            memberships.append((uid, uid, sid, role, True))
            staff_of.setdefault(sid, []).append(uid)
            if role == "counselor":
                counselors_of.setdefault(sid, []).append(uid)
    ctx.loader.copy(
        User,
        [
            "id",
            "password",
            "is_superuser",
            "email",
            "first_name",
            "last_name",
            "is_active",
            "is_staff",
            "date_joined",
        ],
        users,
    )
    ctx.loader.copy(Membership, ["id", "user_id", "structure_id", "role", "is_active"], memberships)
    ctx.state["staff_of"] = staff_of
    ctx.state["counselors_of"] = counselors_of


@step("people, follows, consents, sought jobs")
def make_people(ctx: Context) -> None:
    from tremplin.people.models import Consent, Follow, Person

    rng = ctx.rng("people")
    scale = ctx.scale
    structures = ctx.state["structures"]
    sizes = ctx.state["structure_sizes"]
    # Each person's home structure, shuffled so that a structure's people are spread over
    # the table as in a database filled over years.
    home = [s["id"] for s, size in zip(structures, sizes, strict=True) for _ in range(size)]
    rng.shuffle(home)
    home.insert(0, 0)  # person ids start at 1
    by_department = ctx.state["communes_by_department"]
    levels = ["infra3", "3", "3", "4", "4", "5", "6", "7", ""]
    means = ["walk", "bike", "public_transport", "car", "two_wheeler", "carpool"]
    commune_pools = {}
    for s in structures:
        pool = by_department[s["commune"][6]]
        commune_pools[s["id"]] = (pool, list(_cumulative([max(c[5], 50) for c in pool])))
    today = ctx.today
    has_follow_key = any(f.column == "search_key" for f in Follow._meta.concrete_fields)

    keys = [None]
    started = {}

    def person_rows():
        for pid in range(1, scale.people + 1):
            sid = home[pid]
            sex, first, last, birth = person_name(rng)
            pool, cum = commune_pools[sid]
            commune = rng.choices(pool, cum_weights=cum)[0]
            postal = commune[2].split("|")[0] if commune[2] else ""
            age_days = rng.randint(16 * 365 + 5, 64 * 365)
            created = ctx.moment(rng)
            rsa = rng.random() < 0.3
            jobseeker = rng.random() < 0.6
            key, sort_key = person_name_keys(last, birth, first)
            keys.append(key)
            started[pid] = created.date()
            licences = ["B"] if rng.random() < 0.45 else []
            mobility = rng.sample(means, rng.randint(0, 2))
            yield (
                pid,
                uuid.UUID(int=rng.getrandbits(128), version=4),
                sex,
                last,
                birth,
                first,
                today - timedelta(days=age_days),
                phone_number(rng) if rng.random() < 0.9 else "",
                f"{pid}@exemple.invalid" if rng.random() < 0.6 else "",
                f"{rng.randint(1, 150)} {rng.choice(STREETS)}",
                postal,
                commune[0],
                rng.choice(levels),
                json.dumps(licences),
                json.dumps(mobility),
                rsa,
                (created.date() - timedelta(days=rng.randint(0, 900))) if rsa else None,
                jobseeker,
                key,
                sort_key,
                created,
                created,
            )

    ctx.loader.copy(
        Person,
        [
            "id",
            "public_id",
            "sex",
            "last_name",
            "birth_name",
            "first_name",
            "birth_date",
            "phone",
            "email",
            "address",
            "postal_code",
            "commune_id",
            "education_level",
            "driving_licences",
            "mobility_means",
            "is_rsa_beneficiary",
            "rsa_since",
            "is_registered_jobseeker",
            "search_key",
            "sort_key",
            "created_at",
            "updated_at",
        ],
        person_rows(),
    )

    # Follows: the home structure (active; 8% closed), and for 15% an older closed follow
    # elsewhere. The bench counselor of structure 1 is référent of exactly 150 people.
    counselors_of = ctx.state["counselors_of"]
    bench_counselor = counselors_of[1][0]
    bench_count = 0
    end_reasons = ["pathway_end", "reorientation", "moved", "no_contact", "person_request"]
    structure_ids = [s["id"] for s in structures]
    fid = 0
    active_of: dict[int, int] = {}

    def follow_rows():
        nonlocal fid, bench_count
        for pid in range(1, scale.people + 1):
            sid = home[pid]
            start = started[pid]
            if rng.random() < 0.15 and len(structure_ids) > 1:
                other = rng.choice(structure_ids)
                if other != sid:
                    fid += 1
                    begun = start - timedelta(days=rng.randint(200, 900))
                    ended = begun + timedelta(days=rng.randint(30, 180))
                    row = [fid, pid, other, rng.choice(counselors_of[other]), begun, ended]
                    row += [rng.choice(end_reasons)]
                    yield (*row, *([keys[pid]] if has_follow_key else []))
            fid += 1
            closed = rng.random() < 0.08
            if sid == 1 and not closed and bench_count < BENCH_CASELOAD:
                referent = bench_counselor
                bench_count += 1
            elif rng.random() < 0.03:
                referent = None
            else:
                pool = counselors_of[sid]
                referent = pool[rng.randrange(1, len(pool))] if len(pool) > 1 else pool[0]
            ended = start + timedelta(days=rng.randint(30, 400)) if closed else None
            if ended and ended > today:
                ended = today
            if not closed:
                active_of[pid] = sid
            row = [fid, pid, sid, referent, start, ended, rng.choice(end_reasons) if closed else ""]
            yield (*row, *([keys[pid]] if has_follow_key else []))

    columns = ["id", "person_id", "structure_id", "referent_id", "started_on", "ended_on"]
    columns += ["end_reason", *(["search_key"] if has_follow_key else [])]
    ctx.loader.copy(Follow, columns, follow_rows())
    if bench_count < BENCH_CASELOAD:
        ctx.log(f"  warning: the bench counselor follows only {bench_count} people")

    # Consents: 2% of people agreed to share part of their file with another structure.
    staff_of = ctx.state["staff_of"]

    def consent_rows():
        cid = 0
        for pid in range(1, scale.people + 1):
            if rng.random() >= 0.02 or len(structure_ids) < 2:
                continue
            sid = home[pid]
            partner = rng.choice(structure_ids)
            if partner == sid:
                continue
            cid += 1
            given = ctx.moment(rng)
            sections = json.dumps(["identity", "situation"])
            recorder = rng.choice(staff_of[sid])
            yield (cid, pid, sid, "share_partner", partner, sections, given, "paper", recorder)

    ctx.loader.copy(
        Consent,
        [
            "id",
            "person_id",
            "structure_id",
            "purpose",
            "partner_id",
            "sections",
            "given_at",
            "channel",
            "recorded_by_id",
        ],
        consent_rows(),
    )

    appellations = ctx.state["appellations"]
    through = Person.sought_appellations.through

    def sought_rows():
        tid = 0
        for pid in range(1, scale.people + 1):
            for code in rng.sample(appellations, rng.choice((0, 1, 1, 1, 2, 2, 3))):
                tid += 1
                yield (tid, pid, code)

    ctx.loader.copy(through, ["id", "person_id", "romeappellation_id"], sought_rows())
    ctx.state["home"] = home
    ctx.state["active_of"] = active_of


def _cumulative(weights):
    total = 0
    for w in weights:
        total += w
        yield total


@step("events: reception contacts, urgency checks, alerts, diagnoses, orders, access log")
def make_events(ctx: Context) -> None:
    from tremplin.audit.models import AccessLog
    from tremplin.diagnosis.models import Alert, Diagnosis, DiagnosisVersion, UrgencyCheck
    from tremplin.reception.models import Contact, Order, ServiceOffer

    rng = ctx.rng("events")
    scale = ctx.scale
    home = ctx.state["home"]
    staff_of = ctx.state["staff_of"]
    counts = {kind: int(scale.events * share) for kind, share in EVENT_SHARES.items()}
    people = scale.people

    def pick():
        pid = rng.randint(1, people)
        sid = home[pid]
        return pid, sid, rng.choice(staff_of[sid])

    channels = ["walk_in", "phone", "mail", "online", "prescription"]
    steps = ["appointment", "info_session", "referral", "file", "information"]

    def contact_rows():
        from tremplin.core.text import normalize

        for cid in range(1, counts["contacts"] + 1):
            pid, sid, uid = pick()
            at = ctx.moment(rng)
            if rng.random() < 0.8:
                last = first = ""
                person = pid
            else:
                _, first, last, _ = person_name(rng)
                person = None
            yield (
                cid,
                sid,
                at,
                rng.choice(channels),
                uid,
                person,
                last or "(dossier)",
                first,
                rng.choice(DEMANDS),
                rng.choice(steps),
                normalize(f"{last} {first}") if last else "dossier",
                at,
                at,
            )

    ctx.loader.copy(
        Contact,
        [
            "id",
            "structure_id",
            "received_at",
            "channel",
            "received_by_id",
            "person_id",
            "last_name",
            "first_name",
            "demand",
            "next_step",
            "search_key",
            "created_at",
            "updated_at",
        ],
        contact_rows(),
    )

    urgent_items = ["no_shelter", "no_resources", "violence", "health_emergency", "child_danger"]
    n_checks = counts["urgency_checks"]
    n_alerts = min(counts["alerts"], n_checks)
    alert_source = []

    def check_rows():
        for cid in range(1, n_checks + 1):
            pid, sid, uid = pick()
            at = ctx.moment(rng)
            positives = [rng.choice(urgent_items)] if cid <= n_alerts else []
            if positives:
                alert_source.append((cid, pid, sid, uid, at))
            yield (cid, pid, sid, at, uid, json.dumps(positives))

    ctx.loader.copy(
        UrgencyCheck,
        ["id", "person_id", "structure_id", "asked_at", "asked_by_id", "positives"],
        check_rows(),
    )

    def alert_rows():
        for aid, (cid, pid, sid, uid, at) in enumerate(alert_source, start=1):
            resolved = at + timedelta(days=rng.randint(0, 10)) if rng.random() < 0.85 else None
            if resolved and resolved > ctx.now:
                resolved = None
            yield (aid, pid, sid, cid, at, uid, resolved, uid if resolved else None)

    ctx.loader.copy(
        Alert,
        [
            "id",
            "person_id",
            "structure_id",
            "urgency_check_id",
            "raised_at",
            "raised_by_id",
            "resolved_at",
            "resolved_by_id",
        ],
        alert_rows(),
    )

    # Diagnoses: one per (person, home structure), one to three versions each.
    n_versions = counts["diagnosis_versions"]
    n_diagnoses = min(people, max(1, int(n_versions / 1.6)))
    diagnosed = rng.sample(range(1, people + 1), n_diagnoses)
    versions = []

    def diagnosis_rows():
        vid = 0
        for did, pid in enumerate(diagnosed, start=1):
            sid = home[pid]
            at = ctx.moment(rng)
            yield (did, pid, sid, at)
            for number in range(1, rng.choice((1, 1, 2, 2, 3)) + 1):
                if vid >= n_versions:
                    break
                vid += 1
                when = at + timedelta(days=30 * (number - 1))
                validated = when if rng.random() < 0.6 else None
                versions.append(
                    (
                        vid,
                        did,
                        number,
                        when,
                        rng.choice(staff_of[sid]),
                        when.date(),
                        rng.choice(DEMANDS),
                        validated,
                        "paper" if validated else "",
                    )
                )

    ctx.loader.copy(Diagnosis, ["id", "person_id", "structure_id", "created_at"], diagnosis_rows())
    ctx.loader.copy(
        DiagnosisVersion,
        [
            "id",
            "diagnosis_id",
            "number",
            "created_at",
            "created_by_id",
            "interview_date",
            "demand",
            "validated_at",
            "validation_channel",
        ],
        versions,
    )
    versions.clear()

    offers = []
    offer_of = {}
    for s in ctx.state["structures"]:
        for name in ("Accompagnement renforcé", "Atelier recherche d'emploi", "Bilan de parcours"):
            offers.append((len(offers) + 1, s["id"], name))
            offer_of.setdefault(s["id"], []).append(len(offers))
    ctx.loader.copy(ServiceOffer, ["id", "structure_id", "name"], offers)

    prescribers = [
        ("france_travail", "France Travail"),
        ("departement", "Conseil départemental"),
        ("spip", "SPIP"),
        ("ccas", "CCAS"),
    ]

    def order_rows():
        for oid in range(1, counts["orders"] + 1):
            pid, sid, uid = pick()
            received = ctx.moment(rng).date()
            kind, name = rng.choice(prescribers)
            status = rng.choices(("received", "accepted", "refused"), weights=(2, 6, 2))[0]
            offer = rng.choice(offer_of[sid]) if status == "accepted" else None
            reason = "full" if status == "refused" else ""
            service = "Accompagnement renforcé vers l'emploi"
            yield (oid, sid, pid, kind, name, received, service, status, offer, reason, uid)

    ctx.loader.copy(
        Order,
        [
            "id",
            "structure_id",
            "person_id",
            "prescriber_kind",
            "prescriber_name",
            "received_on",
            "service_ordered",
            "status",
            "offer_id",
            "refusal_reason",
            "recorded_by_id",
        ],
        order_rows(),
    )

    sections = ["identity", "identity", "identity", "situation", "diagnosis", "reception"]

    def log_rows():
        for lid in range(1, counts["access_log"] + 1):
            pid, sid, uid = pick()
            yield (lid, uid, sid, pid, rng.choice(sections), "web", ctx.moment(rng))

    ctx.loader.copy(
        AccessLog,
        ["id", "user_id", "structure_id", "person_id", "section", "channel", "at"],
        log_rows(),
    )
    ctx.state["event_counts"] = counts


@step("partner directory: structures, services, thématiques")
def make_directory(ctx: Context) -> None:
    from tremplin.network.models import PartnerService, PartnerStructure

    rng = ctx.rng("directory")
    communes = ctx.state["communes"]
    cum = list(_cumulative(ctx.state["commune_weights"]))
    n_services = ctx.scale.partner_services
    n_partners = max(1, n_services // 5)
    sources = ["dora", "emplois-de-linclusion", "france-travail", "mes-aides", "soliguide"]

    def jitter(commune):
        return (commune[3] + rng.uniform(-0.02, 0.02), commune[4] + rng.uniform(-0.03, 0.03))

    partners = []

    def partner_rows():
        from tremplin.core.text import normalize

        for pid in range(1, n_partners + 1):
            commune = rng.choices(communes, cum_weights=cum)[0]
            name = f"{rng.choice(PARTNER_KINDS)} de {commune[1]}"
            description = "Accueil, information et accompagnement des habitants du territoire."
            point = jitter(commune) if rng.random() < 0.7 else None
            partners.append((name, point, commune))
            yield (
                pid,
                rng.choice(sources),
                f"s-{pid}",
                name,
                description,
                commune[0],
                commune[2].split("|")[0] if commune[2] else "",
                point[0] if point else None,
                point[1] if point else None,
                normalize(f"{name} {description[:500]}"),
            )

    ctx.loader.copy(
        PartnerStructure,
        [
            "id",
            "source",
            "source_id",
            "name",
            "description",
            "commune_id",
            "postal_code",
            "latitude",
            "longitude",
            "search_key",
        ],
        partner_rows(),
    )

    thematiques = ctx.state["thematiques"]
    by_prefix = {}
    for code in thematiques:
        by_prefix.setdefault(code.split("--")[0], []).append(code)
    links = []

    def service_rows():
        for sid in range(1, n_services + 1):
            partner_id = rng.randint(1, n_partners)
            partner_name, partner_point, partner_commune = partners[partner_id - 1]
            label, prefix = rng.choice(SERVICES)
            remote = rng.random() < 0.04
            modes = ["en-presentiel"] + (["a-distance"] if remote else [])
            point = jitter(partner_commune) if rng.random() < 0.5 else None
            description = f"{label} pour les personnes accompagnées, sur orientation."
            key, lat, lon, is_remote = service_derived(
                name=label,
                structure_name=partner_name,
                description=description,
                point=point,
                structure_point=partner_point,
                commune_point=(partner_commune[3], partner_commune[4]),
                structure_commune_point=(partner_commune[3], partner_commune[4]),
                reception_modes=modes,
            )
            zone = [partner_commune[6]] if rng.random() < 0.8 else []
            codes = by_prefix.get(prefix) or thematiques
            for code in rng.sample(codes, min(len(codes), rng.randint(1, 3))):
                links.append((len(links) + 1, sid, code))
            yield (
                sid,
                partner_id,
                rng.choice(sources),
                f"svc-{sid}",
                label,
                description,
                partner_commune[0],
                point[0] if point else None,
                point[1] if point else None,
                rng.choice(("gratuit", "gratuit", "payant")),
                json.dumps(modes),
                json.dumps(zone),
                key,
                lat,
                lon,
                is_remote,
            )

    ctx.loader.copy(
        PartnerService,
        [
            "id",
            "structure_id",
            "source",
            "source_id",
            "name",
            "description",
            "commune_id",
            "latitude",
            "longitude",
            "fees",
            "reception_modes",
            "eligibility_zone",
            "search_key",
            "point_latitude",
            "point_longitude",
            "remote",
        ],
        service_rows(),
    )
    through = PartnerService.thematiques.through
    ctx.loader.copy(through, ["id", "partnerservice_id", "thematique_id"], links)


COMPANY_KINDS = (
    "Boulangerie",
    "Transports",
    "Logistique",
    "Nettoyage",
    "Restaurant",
    "Menuiserie",
    "Garage",
    "Supermarché",
    "EHPAD",
    "Bâtiment",
    "Espaces verts",
    "Hôtel",
)
OFFER_CONTRACTS = (("cdi", 40), ("cdd", 35), ("interim", 15), ("apprenticeship", 5), ("siae", 5))


@step("employers: companies and job offers")
def make_employers(ctx: Context) -> None:
    """A company for five people and an offer for two (200,000 and 500,000 at national
    scale), each in a structure's employers' file, at real communes, with real NAF
    sous-classes and ROME appellations; six offers in ten are published."""
    from tremplin.core.text import normalize
    from tremplin.employers.models import Company, JobOffer

    rng = ctx.rng("employers")
    cur = ctx.conn.cursor()
    nafs = [r[0] for r in cur.execute("SELECT code FROM referentials_nafcode WHERE level = 5")]
    jobs = cur.execute(
        "SELECT code, fiche_id, label FROM referentials_romeappellation "
        "WHERE NOT is_rarely_used ORDER BY code"
    ).fetchall()
    communes = ctx.state["communes"]
    cum = list(_cumulative(ctx.state["commune_weights"]))
    staff_of = ctx.state["staff_of"]
    structure_ids = [s["id"] for s in ctx.state["structures"]]
    n_companies = max(1, ctx.scale.people // 5)
    n_offers = max(1, ctx.scale.people // 2)
    companies = []

    def company_rows():
        for cid in range(1, n_companies + 1):
            commune = rng.choices(communes, cum_weights=cum)[0]
            structure_id = rng.choice(structure_ids)
            name = f"{rng.choice(COMPANY_KINDS)} {family_name(rng)}"
            companies.append((structure_id, commune))
            yield (
                cid,
                structure_id,
                name,
                siret(rng),
                rng.choice(nafs),
                commune[0],
                commune[2].split("|")[0] if commune[2] else "",
                normalize(name),
            )

    ctx.loader.copy(
        Company,
        [
            "id",
            "structure_id",
            "name",
            "siret",
            "naf_id",
            "commune_id",
            "postal_code",
            "search_key",
        ],
        company_rows(),
    )
    contracts, weights = zip(*OFFER_CONTRACTS, strict=True)

    def offer_rows():
        for oid in range(1, n_offers + 1):
            company_id = rng.randint(1, n_companies)
            structure_id, commune = companies[company_id - 1]
            code, fiche, label = rng.choice(jobs)
            published = rng.random() < 0.6
            yield (
                oid,
                structure_id,
                company_id,
                f"{label} (H/F)",
                code,
                fiche,
                rng.choices(contracts, weights=weights)[0],
                rng.choice((20, 24, 28, 35, 35, 39)),
                commune[0],
                "Missions du poste, conditions de travail et accompagnement à la prise de poste.",
                rng.choice(staff_of[structure_id]),
                "published" if published else "draft",
                ctx.moment(rng) if published else None,
            )

    ctx.loader.copy(
        JobOffer,
        [
            "id",
            "structure_id",
            "company_id",
            "title",
            "appellation_id",
            "fiche_id",
            "contract_type",
            "weekly_hours",
            "commune_id",
            "description",
            "created_by_id",
            "status",
            "published_at",
        ],
        offer_rows(),
    )


# --- driver ----------------------------------------------------------------------------------


def prepare_database(name: str, *, log=print) -> None:
    """Fresh database, migrated, with the referentials (Django must point at it)."""
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"  migrate: {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    call_command("load_referentials", verbosity=0)
    log(f"  load_referentials: {time.perf_counter() - start:.1f} s")


def generate(name: str, scale: Scale, *, seed: int = 20240901, log=print) -> dict:
    """Fill the (migrated) bench database `name`; returns what was written."""
    from django.db import connection

    db.check_bench_name(connection.settings_dict["NAME"])
    db.check_bench_name(name)
    if connection.settings_dict["NAME"] != name:
        raise db.NotABenchDatabase(
            f"Django is connected to {connection.settings_dict['NAME']!r}, not to {name!r}"
        )
    connection.ensure_connection()
    conn = connection.connection
    conn.commit() if not conn.autocommit else None
    conn.autocommit = False
    conn.execute("SET synchronous_commit = off")
    now = datetime(2025, 6, 30, 17, 0, tzinfo=UTC)
    ctx = Context(conn, scale, seed, now, log=log)
    timings = {}
    for label, function in STEPS:
        start = time.perf_counter()
        log(f"{label}…")
        function(ctx)
        timings[label] = time.perf_counter() - start
    start = time.perf_counter()
    log("rebuilding indexes and constraints…")
    tables = list(ctx.loader.deferred)
    ctx.loader.rebuild()
    log(f"  {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    log("sequences and ANALYZE…")
    ctx.loader.finish(tables)
    log(f"  {time.perf_counter() - start:.1f} s")
    conn.autocommit = True
    return {"counts": dict(ctx.loader.counts), "timings": timings}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database", help="database name (must contain 'bench')")
    parser.add_argument("--seed", type=int, default=20240901)
    args = parser.parse_args(argv)
    name = args.database or db.database_name(args.scale)
    try:
        db.check_bench_name(name)
    except db.NotABenchDatabase as error:
        print(error, file=sys.stderr)
        return 2
    start = time.perf_counter()
    print(f"database {name} (fresh) on {db.SERVER_URL}, scale {args.scale}, seed {args.seed}")
    db.create_database(name, fresh=True)
    db.use_database(name)
    import django

    django.setup()
    prepare_database(name)
    result = generate(name, SCALES[args.scale], seed=args.seed)
    total = sum(result["counts"].values())
    print(f"done: {total:,} rows in {time.perf_counter() - start:.0f} s")
    for table, count in sorted(result["counts"].items()):
        print(f"  {table:45} {count:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
