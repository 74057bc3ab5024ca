"""The demo's past months: the reception log, the appointments and their attendance and a
monthly information session over the three complete months before this one, so that the
manager's monthly report (which opens on last month) and the no-show rates have the
volume of an ordinary Mission Locale rather than a handful of rows."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tremplin.agenda.enums import AppointmentKind
from tremplin.agenda.enums import Attendance as AppointmentAttendance
from tremplin.agenda.models import Appointment, Participant
from tremplin.people.models import Follow
from tremplin.reception.models import Attendance, Contact, InfoSession, Registration

MONTHS = 3
PLACE = "Bureau des conseillers, 2 rue de la Paix, 44600 Saint-Nazaire"
ROOM = "Salle Loire, 12 avenue de la République, Saint-Nazaire"
DEMANDS = [
    ("Je viens pour mon rendez-vous, je n'ai pas reçu le courrier.", "Rendez-vous confirmé."),
    ("J'ai trouvé une annonce, je voudrais de l'aide pour répondre.", "Message au référent."),
    ("Je dois déposer mes justificatifs pour l'allocation CEJ.", "Justificatifs enregistrés."),
    ("Je voudrais m'inscrire à l'atelier CV.", "Inscription à l'atelier proposée."),
    ("Mon employeur ne m'a pas payé le mois dernier.", "Orientation vers le point justice."),
    ("Je cherche une formation dans la logistique.", "Message au référent."),
]
THEMES = [
    "Découvrir la Mission Locale et ses accompagnements",
    "Le contrat d'engagement jeune (CEJ)",
    "Les métiers qui recrutent sur le bassin de Saint-Nazaire",
]


def _months_before(today: date, count: int) -> list[tuple[date, date]]:
    """The `count` complete months before the current one, oldest first: (first, last day)."""
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        last = first - timedelta(days=1)
        first = last.replace(day=1)
        months.append((first, last))
    return list(reversed(months))


def _working_days(first: date, last: date) -> list[date]:
    return [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + timedelta(days=n)).weekday() < 5
    ]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _attendance(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.11:
        return AppointmentAttendance.NO_SHOW
    if draw < 0.19:
        return AppointmentAttendance.EXCUSED
    if draw < 0.22:
        return AppointmentAttendance.CANCELLED
    return AppointmentAttendance.SEEN


def create_history(rng: random.Random, *, structure, counselors, reception) -> None:
    today = timezone.localdate()
    follows = list(
        Follow.objects.filter(structure=structure, referent__in=counselors)
        .select_related("person")
        .order_by("pk")
    )
    for number, (first, last) in enumerate(_months_before(today, MONTHS)):
        days = _working_days(first, last)
        for day in days:
            # Followed people only: a past contact has long been answered.
            present = [f for f in follows if f.started_on <= day]
            if not present:
                continue
            for _ in range(rng.choice([1, 1, 2, 2, 3])):
                follow = rng.choice(present)
                demand, answer = rng.choice(DEMANDS)
                Contact.objects.create(
                    structure=structure,
                    received_at=_at(day, 9 + rng.randint(0, 7), rng.choice([0, 15, 30, 45])),
                    channel=rng.choice(["walk_in", "walk_in", "phone", "phone", "mail", "online"]),
                    received_by=reception,
                    person=follow.person,
                    last_name=follow.person.last_name,
                    first_name=follow.person.first_name,
                    demand=demand,
                    answer=answer,
                    next_step=rng.choice(["appointment", "information"]),
                )
            for counselor in counselors:
                own = [f.person for f in present if f.referent_id == counselor.pk]
                for hour, minute in rng.sample([(9, 0), (10, 0), (11, 0), (14, 0), (15, 30)], 2):
                    if not own:
                        break
                    start = _at(day, hour, minute)
                    appointment = Appointment.objects.create(
                        structure=structure,
                        organizer=counselor,
                        created_by=counselor,
                        kind=rng.choice([AppointmentKind.FOLLOW_UP] * 4 + [AppointmentKind.OTHER]),
                        starts_at=start,
                        ends_at=start + timedelta(minutes=45),
                        place=PLACE,
                    )
                    attendance = _attendance(rng)
                    Participant.objects.create(
                        appointment=appointment,
                        person=rng.choice(own),
                        attendance=attendance,
                        attendance_recorded_by=counselor,
                        attendance_recorded_at=start + timedelta(hours=1),
                    )
        # One information session a month, on its second Tuesday, with its attendance.
        tuesday = next(d for d in days[5:] if d.weekday() == 1)
        session = InfoSession.objects.create(
            structure=structure,
            theme=THEMES[number % len(THEMES)],
            starts_at=_at(tuesday, 14),
            place=ROOM,
            capacity=15,
            facilitator=counselors[number % len(counselors)],
        )
        invited = [f.person for f in follows if f.started_on <= tuesday]
        for person in rng.sample(invited, min(len(invited), rng.randint(8, 12))):
            Registration.objects.create(
                session=session,
                person=person,
                registered_by=reception,
                registered_at=_at(tuesday - timedelta(days=7), 10),
                attendance=rng.choice(
                    [Attendance.PRESENT] * 6 + [Attendance.ABSENT, Attendance.EXCUSED]
                ),
            )
