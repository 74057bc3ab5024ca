"""Invitations and reminders: who can be told, through which channel, with which words.

The texts carry only what the person needs to come: date, time, place (or the link) and
the structure's name and phone. Never the subject of the appointment, the kind of
appointment nor the counselor's name: an SMS is read over shoulders, a mailbox is shared.

E-mail goes to the file's address. SMS goes only to a mobile number and only when the
person gave the « Rappels et informations par SMS » consent to the structure. When the
person asked not to be told (unticked on the appointment), nothing is sent.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from tremplin.agenda.enums import Attendance, NoticeChannel, NoticeKind, NoticeStatus
from tremplin.agenda.models import Appointment, Notice, Participant
from tremplin.agenda.sms import SmsError, get_sms_backend, mobile_number
from tremplin.core.dates import long_date
from tremplin.core.periodic import job_named
from tremplin.people.enums import ConsentPurpose
from tremplin.people.models import Consent

logger = logging.getLogger("tremplin.agenda")

REASON_NOT_WANTED = "La personne ne souhaite pas être prévenue (choix noté sur le rendez-vous)."
REASON_NO_CHANNEL = (
    "Aucun e-mail ni téléphone portable dans le dossier : prévenez la personne autrement."
)
REASON_NOT_MOBILE = (
    "Pas d'e-mail dans le dossier, et le téléphone n'est pas un portable : "
    "prévenez la personne autrement."
)
REASON_NO_SMS_CONSENT = (
    "Pas d'e-mail dans le dossier, et la personne n'a pas donné son accord pour les SMS "
    "(consentement « Rappels et informations par SMS ») : prévenez-la autrement."
)
REASON_TOO_LATE = (
    "Rendez-vous pris la veille après le dernier envoi des rappels ({hour}\u00a0h) : "
    "prévenez la personne autrement si l'invitation ne suffit pas."
)
REASON_FAILED = "Le message n'a pas pu partir : vérifiez l'adresse ou le numéro, ou prévenez la personne autrement."


@dataclass(frozen=True)
class Route:
    channel: str
    address: str


def routes_for(participant: Participant) -> tuple[list[Route], str]:
    """The channels that may reach this participant, or none and the reason why."""
    appointment = participant.appointment
    if not appointment.notify:
        return [], REASON_NOT_WANTED
    return person_routes(participant.person, appointment.structure_id)


@dataclass(frozen=True)
class ReminderPlan:
    """What the appointment page says of a reminder not sent yet: its day, or why none."""

    day: date | None = None
    reason: str = ""


def reminder_plan(participant: Participant, now: datetime) -> ReminderPlan:
    """Whether the eve's reminder will go to this participant (none sent yet).

    Nothing is said (empty plan) once the eve is past, when the appointment is cancelled
    or the person is no longer expected: the reminder command takes none of them. On the
    eve itself, once the reminders' last hour has begun, none will go any more."""
    appointment = participant.appointment
    local_now = timezone.localtime(now)
    today = local_now.date()
    eve = timezone.localtime(appointment.starts_at).date() - timedelta(days=1)
    if appointment.is_cancelled or participant.attendance != Attendance.PLANNED or eve < today:
        return ReminderPlan()
    routes, reason = routes_for(participant)
    if not routes:
        return ReminderPlan(reason=reason)
    last_hour = job_named("send_reminders").end_hour - 1
    if eve == today and local_now.hour >= last_hour:
        return ReminderPlan(reason=REASON_TOO_LATE.format(hour=last_hour))
    return ReminderPlan(day=eve)


def person_routes(person, structure_id) -> tuple[list[Route], str]:
    """The channels through which `structure_id` may write to `person`, or none and why
    (also used by the workshops' invitations)."""
    routes = []
    if person.email:
        routes.append(Route(NoticeChannel.EMAIL, person.email))
    mobile = mobile_number(person.phone)
    has_sms_consent = (
        mobile is not None
        and Consent.objects.active()
        .filter(person=person, structure_id=structure_id, purpose=ConsentPurpose.SMS)
        .exists()
    )
    if mobile and has_sms_consent:
        routes.append(Route(NoticeChannel.SMS, mobile))
    if routes:
        return routes, ""
    if not person.phone:
        return [], REASON_NO_CHANNEL
    if mobile is None:
        return [], REASON_NOT_MOBILE
    return [], REASON_NO_SMS_CONSENT


def _when(appointment: Appointment) -> dict:
    start = timezone.localtime(appointment.starts_at)
    end = timezone.localtime(appointment.ends_at)
    with translation.override("fr"):
        return {
            "day": long_date(start.date(), weekday=True),
            "short_day": formats.date_format(start, "D d/m"),
            "start": f"{start:%H} h {start:%M}",
            "end": f"{end:%H} h {end:%M}",
            "short_start": f"{start:%H}h{start:%M}",
            "same_day": start.date() == end.date(),
        }


def message_context(appointment: Appointment, kind: str) -> dict:
    structure = appointment.structure
    return {
        "appointment": appointment,
        "structure": structure,
        "when": _when(appointment),
        "is_reminder": kind == NoticeKind.REMINDER,
    }


def email_text(appointment: Appointment, kind: str) -> tuple[str, str]:
    context = message_context(appointment, kind)
    when = context["when"]
    prefix = "Rappel : rendez-vous demain" if kind == NoticeKind.REMINDER else "Rendez-vous"
    subject = f"{prefix} le {when['day']} à {when['start']} — {appointment.structure.name}"
    return subject, render_to_string("agenda/email/notice.txt", context)


def sms_text(appointment: Appointment, kind: str) -> str:
    when = message_context(appointment, kind)["when"]
    structure = appointment.structure
    where = appointment.place[:80] if appointment.place else appointment.remote_link
    head = "Rappel, demain" if kind == NoticeKind.REMINDER else "RDV"
    phone = f" au {structure.phone}" if structure.phone else ""
    return (
        f"{structure.name[:60]} : {head} {when['short_day']} à {when['short_start']}, {where}. "
        f"Empêchement : prévenez-nous{phone}."
    )


def _deliver(notice_id: int, route: Route, appointment: Appointment, kind: str) -> None:
    try:
        if route.channel == NoticeChannel.EMAIL:
            subject, body = email_text(appointment, kind)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [route.address])
        else:
            get_sms_backend().send_sms(route.address, sms_text(appointment, kind))
    except (OSError, SmsError) as error:
        # The error's text may hold the address: only its type goes to the log.
        logger.warning("notice %s not delivered (%s)", notice_id, type(error).__name__)
        Notice.objects.filter(pk=notice_id).update(status=NoticeStatus.FAILED, reason=REASON_FAILED)


def notify(participant: Participant, kind: str) -> list[Notice]:
    """Claim and send one notice per channel; nothing already claimed is sent again.

    The rows are written in a transaction; the messages leave once it is committed."""
    appointment = participant.appointment
    routes, reason = routes_for(participant)
    created: list[tuple[Notice, Route | None]] = []
    with transaction.atomic():
        for route in routes or [None]:
            try:
                with transaction.atomic():
                    notice = Notice.objects.create(
                        participant=participant,
                        kind=kind,
                        channel=route.channel if route else NoticeChannel.NONE,
                        status=NoticeStatus.SENT if route else NoticeStatus.SKIPPED,
                        reason="" if route else reason,
                    )
            except IntegrityError:
                continue  # already claimed by an earlier run
            created.append((notice, route))
        for notice, route in created:
            if route is not None:
                transaction.on_commit(
                    lambda n=notice, r=route: _deliver(n.pk, r, appointment, kind)
                )
    return [notice for notice, _route in created]
