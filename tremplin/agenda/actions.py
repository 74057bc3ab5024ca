"""Agenda workflows. Each is atomic; messages leave once the transaction is committed."""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tremplin.agenda import notices
from tremplin.agenda.enums import ATTENDANCE_BEFORE_START, Attendance, NoticeKind
from tremplin.agenda.models import Appointment, Notice, Participant


def _check_people(people, structure_id) -> None:
    if not people:
        raise ValidationError({"participants": "Choisissez au moins une personne."})
    not_followed = [p for p in people if not p.follows.filter(structure_id=structure_id).exists()]
    if not_followed:
        raise ValidationError(
            {"participants": "Seules les personnes suivies par la structure peuvent être invitées."}
        )


@transaction.atomic
def create_appointment(*, appointment: Appointment, people, membership) -> Appointment:
    """Record the appointment and its participants, then invite them (if wanted)."""
    appointment.structure_id = membership.structure_id
    appointment.created_by = membership.user
    appointment.full_clean(exclude=["created_by"])
    _check_people(people, membership.structure_id)
    appointment.save()
    participants = Participant.objects.bulk_create(
        Participant(appointment=appointment, person=person) for person in people
    )
    # An appointment written down after the fact invites nobody.
    if appointment.starts_at > timezone.now():
        for participant in participants:
            participant.appointment = appointment
            notices.notify(participant, NoticeKind.INVITATION)
    return appointment


@transaction.atomic
def update_appointment(*, appointment: Appointment, people) -> Appointment:
    """Save changes; add new participants (invited), remove those still only planned."""
    appointment.full_clean(exclude=["created_by"])
    _check_people(people, appointment.structure_id)
    appointment.save()
    wanted = {p.pk: p for p in people}
    current = {p.person_id: p for p in appointment.participants.all()}
    for person_id, participant in current.items():
        if person_id not in wanted:
            if participant.attendance != Attendance.PLANNED:
                raise ValidationError(
                    {
                        "participants": "Une personne dont la présence est notée ne peut pas "
                        "être retirée du rendez-vous."
                    }
                )
            participant.delete()
    for person_id, person in wanted.items():
        if person_id not in current:
            participant = Participant.objects.create(appointment=appointment, person=person)
            if appointment.starts_at > timezone.now():
                notices.notify(participant, NoticeKind.INVITATION)
    return appointment


@transaction.atomic
def record_attendance(*, appointment: Appointment, attendance: dict[int, str], by) -> int:
    """Note each participant's attendance (keys: participant ids). Returns how many changed.

    Before the appointment has started only « excusé·e » or « annulé » can be noted."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    changed = 0
    now = timezone.now()
    for participant in appointment.participants.all():
        value = attendance.get(participant.pk)
        if value is None or value == participant.attendance:
            continue
        if value not in Attendance.values:
            raise ValidationError("Présence inconnue.")
        if not appointment.has_started and value not in ATTENDANCE_BEFORE_START:
            raise ValidationError(
                "Le rendez-vous n'a pas encore commencé : seules « Excusé·e » et « Annulé » "
                "peuvent être notées avant."
            )
        participant.attendance = value
        participant.attendance_recorded_at = now
        participant.attendance_recorded_by = by
        participant.save(
            update_fields=["attendance", "attendance_recorded_at", "attendance_recorded_by"]
        )
        changed += 1
    return changed


@transaction.atomic
def cancel_appointment(*, appointment: Appointment, by, reason: str) -> Appointment:
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.is_cancelled:
        raise ValidationError("Ce rendez-vous est déjà annulé.")
    appointment.cancelled_at = timezone.now()
    appointment.cancel_reason = reason[:255]
    appointment.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    appointment.participants.filter(attendance=Attendance.PLANNED).update(
        attendance=Attendance.CANCELLED,
        attendance_recorded_at=appointment.cancelled_at,
        attendance_recorded_by=by,
    )
    return appointment


def due_reminders(today=None):
    """Participants expected tomorrow (local time) who have had no reminder yet."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(tomorrow, time.min), tz)
    end = start + timedelta(days=1)
    already = Notice.objects.filter(kind=NoticeKind.REMINDER).values("participant")
    return (
        Participant.objects.filter(
            appointment__starts_at__gte=start,
            appointment__starts_at__lt=end,
            appointment__cancelled_at__isnull=True,
            attendance=Attendance.PLANNED,
        )
        .exclude(pk__in=already)
        .select_related("person", "appointment__structure")
        .order_by("appointment__starts_at", "pk")
    )


def send_reminders(*, today=None, dry_run=False) -> dict[str, int]:
    """Remind tomorrow's participants. Idempotent: a reminder is claimed before it leaves,
    and a participant already reminded (or already told why not) is never taken again."""
    counts = {"sent": 0, "skipped": 0, "participants": 0}
    for participant in due_reminders(today):
        counts["participants"] += 1
        if dry_run:
            continue
        for notice in notices.notify(participant, NoticeKind.REMINDER):
            counts["sent" if notice.status == "sent" else "skipped"] += 1
    return counts
