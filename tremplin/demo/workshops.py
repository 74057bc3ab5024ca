"""Demo workshops of the Mission Locale: two designs, a session held last week (signed on
the tablet and on paper, one absence, evaluations and the facilitator's review) and an
upcoming one, full, with a waiting list."""

import io
import random
import struct
import zlib
from datetime import time, timedelta

from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.diagnosis.models import Diagnosis
from tremplin.pathways.hours import monday_of
from tremplin.people.models import Person
from tremplin.workshops import actions
from tremplin.workshops.models import (
    HalfDay,
    Registration,
    Sequence,
    WorkshopDesign,
    WorkshopSession,
)

PLACE = "Salle Jules Verne, Mission Locale, 12 avenue de la République, 44600 Saint-Nazaire"
FUNDER = "Action cofinancée par l'Union européenne (FSE+) et le Département de Loire-Atlantique"

DESIGNS = [
    {
        "title": "Préparer un entretien d'embauche",
        "demand": "Plusieurs jeunes disent redouter l'entretien et ne savent pas présenter leur "
        "parcours ; les employeurs partenaires le confirment.",
        "thematiques": ["trouver-un-emploi--convaincre-un-recruteur-en-entretien"],
        "public": "Jeunes de 16 à 25 ans accompagnés, en recherche d'emploi ou d'alternance",
        "prerequisites": "Avoir une offre ou un métier visé ; comprendre le français oral.",
        "objectives": [
            "Présenter son parcours en deux minutes",
            "Répondre aux questions fréquentes d'un recruteur",
            "Préparer les questions à poser à l'employeur",
        ],
        "sequences": [
            ("Accueil, tour de table des attentes", 15, "Tour de table", "Paperboard"),
            ("Ce qu'attend un recruteur", 30, "Apport et échanges", "Diaporama, fiches métier"),
            ("Se présenter en deux minutes", 45, "Travail en binômes", "Grille de préparation"),
            ("Simulations d'entretien", 60, "Mise en situation filmée", "Caméra, offres réelles"),
            # The afternoon: the session runs over two half-days (6 h in all).
            ("Répondre aux questions fréquentes", 60, "Jeu de rôle", "Cartes de questions"),
            (
                "Préparer ses questions à l'employeur",
                45,
                "Atelier d'écriture",
                "Fiche de préparation",
            ),
            ("Simulations d'entretien, second passage", 75, "Mise en situation filmée", "Caméra"),
            ("Bilan et évaluation", 30, "Questionnaire et échanges", "Questionnaire"),
        ],
    },
    {
        "title": "Réussir ses démarches en ligne",
        "demand": "Des personnes ne parviennent pas à s'actualiser ni à déposer leurs "
        "candidatures en ligne ; le diagnostic repère un besoin numérique.",
        "thematiques": [
            "numerique--acceder-a-des-services-en-ligne",
            "numerique--maitriser-les-fondamentaux-du-numerique",
        ],
        "public": "Personnes peu à l'aise avec le numérique",
        "prerequisites": "Aucun ; venir avec ses identifiants si possible.",
        "objectives": [
            "Se connecter à son espace France Travail",
            "Actualiser sa situation chaque mois",
            "Déposer un CV sur une offre",
        ],
        "sequences": [
            ("Accueil et repérage des besoins", 15, "Tour de table", ""),
            ("Prise en main du poste", 45, "Pratique accompagnée", "Ordinateurs, tablettes"),
            ("Les démarches pas à pas", 90, "Pratique sur poste", "Fiches pas à pas"),
            ("Bilan", 30, "Questionnaire", "Questionnaire"),
        ],
    },
]


def _signature_png(rng: random.Random) -> bytes:
    """A small PNG with a random scribble, as drawn on the tablet."""
    width, height = 120, 40
    pixels = [[255] * width for _ in range(height)]
    x, y = 5, 20
    for _ in range(400):
        x = min(max(x + rng.choice([0, 1, 1]), 0), width - 1)
        y = min(max(y + rng.choice([-1, 0, 1]), 2), height - 3)
        pixels[y][x] = 0
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    out = io.BytesIO()
    out.write(actions.PNG_MAGIC)
    out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
    out.write(chunk(b"IDAT", zlib.compress(raw)))
    out.write(chunk(b"IEND", b""))
    return out.getvalue()


def create_workshops(rng: random.Random, *, structure, counselor, colleague) -> None:
    membership = Membership.objects.get(user=counselor, structure=structure)
    designs = []
    for data in DESIGNS:
        design = actions.create_design(
            design=WorkshopDesign(
                title=data["title"],
                demand=data["demand"],
                public=data["public"],
                prerequisites=data["prerequisites"],
                objectives=data["objectives"],
            ),
            membership=membership,
            thematiques=data["thematiques"],
        )
        for title, minutes, method, resources in data["sequences"]:
            actions.add_sequence(
                design=design,
                sequence=Sequence(
                    title=title, duration_minutes=minutes, method=method, resources=resources
                ),
            )
        designs.append(design)

    # People of the counselor's caseload; the person of the demo CEJ first, so that the
    # workshop shows in their weekly hours. The other CEJ of the demo (after a PACEA) has its
    # weeks filled by a training already: a workshop on top would exceed the CEJ's 25 hours.
    cej = Diagnosis.objects.filter(structure=structure).order_by("pk").first()
    people = list(
        Person.objects.filter(
            follows__structure=structure,
            follows__referent=counselor,
            follows__ended_on__isnull=True,
        )
        .exclude(pk=cej.person_id if cej else None)
        .exclude(pathways__framework="cej", pathways__status="in_progress")
        .order_by("pk")[:14]
    )
    if cej:
        people.insert(0, cej.person)

    # Held last week, Tuesday: morning and afternoon.
    today = timezone.localdate()
    tuesday = monday_of(today) - timedelta(days=6)
    past = WorkshopSession.objects.create(
        structure=structure,
        design=designs[0],
        place=PLACE,
        capacity=8,
        funder_mention=FUNDER,
        created_by=counselor,
        review_comments="Groupe impliqué ; les simulations filmées ont été très appréciées. "
        "Prévoir davantage de temps pour les questions à poser à l'employeur.",
    )
    past.facilitators.set([counselor, colleague])
    half_days = [
        HalfDay.objects.create(
            session=past, date=tuesday, slot="morning", starts_at=time(9, 0), ends_at=time(12, 0)
        ),
        HalfDay.objects.create(
            session=past,
            date=tuesday,
            slot="afternoon",
            starts_at=time(13, 30),
            ends_at=time(16, 30),
        ),
    ]
    registrations = [
        Registration.objects.create(
            session=past,
            person=person,
            registered_by=counselor,
            registered_at=timezone.now() - timedelta(days=20),
        )
        for person in people[:6]
    ]
    levels = ["reached", "reached", "partly", "reached", "not", "partly"]
    for index, half_day in enumerate(half_days):
        start = timezone.make_aware(timezone.datetime.combine(tuesday, half_day.starts_at))
        paper = []
        for number, registration in enumerate(registrations):
            if number == 5:
                continue  # absent all day
            if number == 4 and index == 1:
                paper.append(registration.pk)  # signed the printed sheet
                continue
            actions.sign(
                half_day=half_day,
                registration=registration,
                by=counselor,
                drawing=_signature_png(rng),
                now=start + timedelta(minutes=5 + number),
            )
        actions.close_half_day(half_day=half_day, by=counselor, paper_signed=paper)
    for number, registration in enumerate(registrations[:5]):
        actions.evaluate(
            registration=registration,
            objectives={
                o: levels[(number + i) % len(levels)] for i, o in enumerate(designs[0].objectives)
            },
            answers={q: rng.choice([3, 3, 4, 4, 2]) for q in designs[0].satisfaction_questions},
            comment=rng.choice(
                ["", "Je me sens plus à l'aise pour me présenter.", "Les simulations m'ont aidé."]
            ),
            by=counselor,
        )

    # Next week, Thursday morning: full, two people waiting.
    thursday = monday_of(today) + timedelta(days=10)
    upcoming = actions.create_session(
        session=WorkshopSession(design=designs[1], place=PLACE, capacity=6, funder_mention=FUNDER),
        half_days=[
            HalfDay(date=thursday, slot="morning", starts_at=time(9, 0), ends_at=time(12, 0))
        ],
        facilitators=[colleague],
        membership=membership,
    )
    actions.invite(session=upcoming, people=people[6:14], by=counselor, waiting_list=True)
