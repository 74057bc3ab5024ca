"""What else is planned at the time of an appointment being made: the organizer's other
appointments and the workshop half-days she facilitates, the participants' other
appointments with the structure and the workshop half-days they are registered for, and the
partner appointments their referrals obtained. A warning, never a refusal: a counselor may book a
short call during a long workshop on purpose.

Only what the structure knows is looked at: another structure's appointments with the same
person are theirs.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from tremplin.agenda.enums import Attendance
from tremplin.agenda.models import Appointment, Participant
from tremplin.network.models import Referral, ReferralStatus
from tremplin.workshops.enums import RegistrationStatus
from tremplin.workshops.models import HalfDay, Registration, WorkshopSession

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
    people = list(people)
    workshops = _workshop_half_days(starts_at, ends_at, structure_id)
    if organizer is not None:
        for other in live.filter(organizer=organizer).order_by("starts_at")[:MAX_LISTED]:
            found.append(
                f"{organizer.full_name} a déjà un rendez-vous "
                f"{_hours(other.starts_at, other.ends_at)}."
            )
        if workshops:
            facilitated = set(
                WorkshopSession.facilitators.through.objects.filter(
                    workshopsession_id__in={h.session_id for h, _s, _e in workshops},
                    user_id=organizer.pk,
                ).values_list("workshopsession_id", flat=True)
            )
            for half_day, start, end in workshops:
                if half_day.session_id in facilitated:
                    found.append(
                        f"{organizer.full_name} anime l'atelier « {half_day.session.design.title} » "
                        f"{_hours(start, end)}."
                    )
    if not people:
        return found
    if workshops:
        by_session: dict[int, list] = {}
        for half_day, start, end in workshops:
            by_session.setdefault(half_day.session_id, []).append((half_day, start, end))
        registered = (
            Registration.objects.filter(
                session_id__in=by_session,
                person__in=people,
                status=RegistrationStatus.REGISTERED,
            )
            .select_related("person")
            .order_by("person__sort_key", "pk")[:MAX_LISTED]
        )
        for registration in registered:
            half_day, start, end = by_session[registration.session_id][0]
            found.append(
                f"{_name(registration.person)} est inscrit·e à l'atelier "
                f"« {half_day.session.design.title} » {_hours(start, end)}."
            )
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


def _workshop_half_days(starts_at, ends_at, structure_id) -> list[tuple]:
    """The structure's workshop half-days overlapping the time, with their aware start and
    end: (half_day, start, end). A half-day's hours are local, without a time zone."""
    zone = timezone.get_current_timezone()
    first, last = timezone.localtime(starts_at).date(), timezone.localtime(ends_at).date()
    overlapping = []
    for half_day in (
        HalfDay.objects.filter(session__structure_id=structure_id, date__range=(first, last))
        .select_related("session__design")
        .order_by("date", "starts_at", "pk")
    ):
        start = timezone.make_aware(datetime.combine(half_day.date, half_day.starts_at), zone)
        end = timezone.make_aware(datetime.combine(half_day.date, half_day.ends_at), zone)
        if start < ends_at and end > starts_at:
            overlapping.append((half_day, start, end))
    return overlapping


def _name(person) -> str:
    return f"{person.first_name} {person.last_name.upper()}"
