"""What else is planned at the time of an appointment being made: the organizer's other
appointments, the participants' other appointments with the structure, and the partner
appointments their referrals obtained. A warning, never a refusal: a counselor may book a
short call during a long workshop on purpose.

Only what the structure knows is looked at: another structure's appointments with the same
person are theirs.
"""

from datetime import timedelta

from django.utils import timezone

from tremplin.agenda.enums import Attendance
from tremplin.agenda.models import Appointment, Participant
from tremplin.network.models import Referral, ReferralStatus

# A partner's appointment has a time, not an end: it is taken to last this long.
PARTNER_APPOINTMENT = timedelta(hours=1)
MAX_LISTED = 5


def _hours(start, end) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    return f"de {start:%H:%M} à {end:%H:%M}"


def clashes(*, starts_at, ends_at, organizer, people, structure_id, exclude_id=None) -> list[str]:
    """One French sentence per clash, the organizer's first."""
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        return []
    live = Appointment.objects.filter(
        structure_id=structure_id,
        cancelled_at__isnull=True,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude_id is not None:
        live = live.exclude(pk=exclude_id)
    found = []
    if organizer is not None:
        for other in live.filter(organizer=organizer).order_by("starts_at")[:MAX_LISTED]:
            found.append(
                f"{organizer.full_name} a déjà un rendez-vous "
                f"{_hours(other.starts_at, other.ends_at)}."
            )
    people = list(people)
    if not people:
        return found
    taken = (
        Participant.objects.filter(appointment__in=live, person__in=people)
        .exclude(attendance__in=(Attendance.CANCELLED, Attendance.EXCUSED))
        .select_related("person", "appointment")
        .order_by("appointment__starts_at")[:MAX_LISTED]
    )
    for participant in taken:
        other = participant.appointment
        found.append(
            f"{_name(participant.person)} a déjà un rendez-vous avec la structure "
            f"{_hours(other.starts_at, other.ends_at)}."
        )
    partner = (
        Referral.objects.filter(
            structure_id=structure_id,
            person__in=people,
            status=ReferralStatus.ACCEPTED,
            appointment_at__lt=ends_at,
            appointment_at__gt=starts_at - PARTNER_APPOINTMENT,
        )
        .select_related("person", "partner")
        .order_by("appointment_at")[:MAX_LISTED]
    )
    for referral in partner:
        at = timezone.localtime(referral.appointment_at)
        found.append(
            f"{_name(referral.person)} a rendez-vous chez {referral.partner.name} à "
            f"{at:%H:%M} (orientation acceptée)."
        )
    return found


def _name(person) -> str:
    return f"{person.first_name} {person.last_name.upper()}"
