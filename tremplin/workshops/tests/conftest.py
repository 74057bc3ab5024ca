import base64
import io
import struct
import zlib
from datetime import time, timedelta

import pytest
from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.agenda.sms import MemorySmsBackend
from tremplin.people.models import Follow
from tremplin.testing.factories import PersonFactory
from tremplin.workshops import actions
from tremplin.workshops.models import HalfDay, Sequence, WorkshopDesign, WorkshopSession


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.TREMPLIN_SMS_BACKEND = "tremplin.agenda.sms.MemorySmsBackend"
    MemorySmsBackend.outbox = []
    return MemorySmsBackend.outbox


def png(width=40, height=10) -> bytes:
    """A real (tiny) PNG, as a canvas would send."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x00\x00\x00\xff" * width for _ in range(height))
    out = io.BytesIO()
    out.write(actions.PNG_MAGIC)
    out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)))
    out.write(chunk(b"IDAT", zlib.compress(raw)))
    out.write(chunk(b"IEND", b""))
    return out.getvalue()


def data_url(content: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(content).decode()


@pytest.fixture
def membership(counselor, structure_a):
    membership = Membership.objects.get(user=counselor, structure=structure_a)
    counselor.active_membership = membership
    return membership


@pytest.fixture
def design(membership):
    design = actions.create_design(
        design=WorkshopDesign(
            title="Préparer un entretien d'embauche",
            demand="Des jeunes redoutent l'entretien.",
            public="Jeunes de 16 à 25 ans",
            objectives=["Présenter son parcours en deux minutes", "Répondre aux questions pièges"],
            satisfaction_questions=["L'atelier a répondu à mes attentes", "Je me sens prêt·e"],
        ),
        membership=membership,
    )
    for title, minutes in (("Accueil", 15), ("Simulation", 90), ("Bilan", 15)):
        actions.add_sequence(
            design=design,
            sequence=Sequence(title=title, duration_minutes=minutes, method="Mise en situation"),
        )
    return design


def current_half_day_hours(now=None) -> tuple[str, time, time]:
    """A half-day of today taking place now (slot, start, end): participants sign "now" and
    on-screen sign-in is only open around the half-day's hours."""
    now = timezone.localtime(now)
    minutes = now.hour * 60 + now.minute
    slot = "morning" if now.hour < 12 else "afternoon"
    start = max(minutes - 60, 0 if slot == "morning" else 12 * 60)
    end = min(minutes + 60, 23 * 60 + 59)

    def clock(value):
        return time(value // 60, value % 60)

    return slot, clock(start), clock(end)


def make_session(design, membership, *, day=None, capacity=10, half_days=1):
    """A session of `half_days` half-days: the first today, taking place now (or on `day`,
    same hours), the others on the following days in the morning."""
    day = day or timezone.localdate()
    slot, starts_at, ends_at = current_half_day_hours()
    rows = [HalfDay(date=day, slot=slot, starts_at=starts_at, ends_at=ends_at)]
    for offset in range(1, half_days):
        rows.append(
            HalfDay(
                date=day + timedelta(days=offset),
                slot="morning",
                starts_at=time(9, 0),
                ends_at=time(12, 0),
            )
        )
    return actions.create_session(
        session=WorkshopSession(design=design, place="Salle Jules Verne", capacity=capacity),
        half_days=rows,
        facilitators=[membership.user],
        membership=membership,
    )


@pytest.fixture
def session(design, membership):
    return make_session(design, membership, half_days=2)


def followed(structure, counselor, n, **fields):
    people = []
    for index in range(n):
        person = PersonFactory(last_name=f"Participant{index}", created_by=counselor, **fields)
        Follow.objects.create(person=person, structure=structure, referent=counselor)
        people.append(person)
    return people


@pytest.fixture
def tomorrow():
    return timezone.localdate() + timedelta(days=1)
