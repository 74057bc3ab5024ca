"""The iCalendar text (RFC 5545) of a professional's private feed.

The feed is read by calendar applications that often live on someone else's servers, so it
carries as little as possible: the kind of appointment and the person's initials (never a
full name, never the subject), the place or « À distance », and a link back to Tremplin
that only opens after logging in.

The workshop half-days the professional facilitates are in it too, under the workshop's
title (a design's title, never a participant's name), with the session's place.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tremplin.agenda.models import Appointment

LINE_OCTETS = 75
CRLF = "\r\n"


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.

    Continuation lines start with one space, which counts in their 75 octets."""
    parts: list[str] = []
    current, size, limit = [], 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [" "], 1, LINE_OCTETS
        current.append(char)
        size += octets
    parts.append("".join(current))
    return CRLF.join(parts)


def utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def initials(person) -> str:
    first = person.first_name.strip()[:1].upper()
    last = person.last_name.strip()[:1].upper()
    return " ".join(f"{letter}." for letter in (first, last) if letter)


def summary(appointment: Appointment, people: list) -> str:
    label = appointment.get_kind_display()
    if len(people) == 1:
        text = f"{label} — {initials(people[0])}"
    else:
        text = f"{label} ({len(people)} personnes)"
    return f"Annulé : {text}" if appointment.is_cancelled else text


def location(appointment: Appointment) -> str:
    if appointment.place:
        return appointment.place
    return "À distance"


def _host() -> str:
    base = settings.TREMPLIN_BASE_URL.rstrip("/")
    return base.split("://", 1)[-1].split("/", 1)[0] or "tremplin"


def event_lines(appointment: Appointment, people: list) -> list[str]:
    base = settings.TREMPLIN_BASE_URL.rstrip("/")
    url = base + reverse("agenda:appointment", kwargs={"appointment_id": appointment.pk})
    lines = [
        "BEGIN:VEVENT",
        f"UID:rendez-vous-{appointment.pk}@{_host()}",
        f"DTSTAMP:{utc_stamp(appointment.updated_at)}",
        f"DTSTART:{utc_stamp(appointment.starts_at)}",
        f"DTEND:{utc_stamp(appointment.ends_at)}",
        f"SUMMARY:{escape_text(summary(appointment, people))}",
        f"LOCATION:{escape_text(location(appointment))}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if appointment.is_cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def half_day_lines(half_day) -> list[str]:
    """A workshop half-day: its title, hours and place; never who is registered."""
    session = half_day.session
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(half_day.date, half_day.starts_at), zone)
    end = timezone.make_aware(datetime.combine(half_day.date, half_day.ends_at), zone)
    base = settings.TREMPLIN_BASE_URL.rstrip("/")
    url = base + reverse("workshops:session", kwargs={"workshop_session_id": session.pk})
    return [
        "BEGIN:VEVENT",
        f"UID:atelier-demi-journee-{half_day.pk}@{_host()}",
        f"DTSTAMP:{utc_stamp(session.updated_at)}",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(end)}",
        f"SUMMARY:{escape_text('Atelier : ' + session.design.title)}",
        f"LOCATION:{escape_text(session.place or 'À distance')}",
        f"URL:{url}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def calendar_text(appointments, *, name: str, half_days=()) -> str:
    """The whole VCALENDAR; `appointments` with their participants' people prefetched,
    `half_days` with their session's design."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tremplin//Agenda//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Paris",
    ]
    for appointment in appointments:
        people = [p.person for p in appointment.participants.all()]
        lines.extend(event_lines(appointment, people))
    for half_day in half_days:
        lines.extend(half_day_lines(half_day))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def feed_window():
    now = timezone.now()
    return now - timedelta(days=60), now + timedelta(days=366)
