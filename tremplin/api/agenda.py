"""API of the agenda: appointments and attendance."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from tremplin.accounts.models import User
from tremplin.agenda import actions
from tremplin.agenda.enums import AppointmentKind, Attendance
from tremplin.agenda.models import Appointment, Participant
from tremplin.api.common import require, validation_error
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Perm, Section
from tremplin.people.models import Person

router = Router(tags=["Agenda"])


class ParticipantOut(Schema):
    id: int
    person_id: int
    attendance: Attendance


class AppointmentOut(Schema):
    id: int
    kind: AppointmentKind
    starts_at: datetime
    ends_at: datetime
    place: str
    remote_link: str
    subject: str
    organizer_id: int
    notify: bool
    cancelled_at: datetime | None
    participants: list[ParticipantOut]

    @staticmethod
    def resolve_participants(obj):
        return list(obj.participants.all())


class AppointmentIn(Schema):
    kind: AppointmentKind = AppointmentKind.FOLLOW_UP
    starts_at: datetime
    ends_at: datetime
    place: str = Field("", max_length=255)
    remote_link: str = Field("", max_length=500)
    subject: str = Field("", max_length=200)
    organizer_id: int | None = Field(None, description="Par défaut : le titulaire du jeton")
    notify: bool = True
    person_ids: list[int] = Field(..., min_length=1)


class AttendanceIn(Schema):
    person_id: int
    attendance: Attendance


class AttendanceUpdate(Schema):
    attendances: list[AttendanceIn] = Field(..., min_length=1)


def _visible(request):
    return Appointment.objects.visible_to(request.user).prefetch_related(
        Prefetch("participants", queryset=Participant.objects.order_by("pk"))
    )


def _get(request, appointment_id: int) -> Appointment:
    return get_object_or_404(_visible(request), pk=appointment_id)


def _log(request, appointment: Appointment) -> None:
    for participant in appointment.participants.all():
        log_read(
            user=request.user,
            person=participant.person,
            section=Section.AGENDA,
            channel=AccessLog.Channel.API,
        )


@router.get("/rendez-vous", response=list[AppointmentOut], summary="Les rendez-vous")
@paginate(PageNumberPagination, page_size=50)
def list_appointments(
    request,
    du: date | None = None,
    au: date | None = None,
    organizer_id: int | None = None,
    person_id: int | None = None,
):
    """Du lundi de la semaine en cours à 7 jours plus tard, par défaut."""
    require(request, Perm.AGENDA_MANAGE)
    today = timezone.localdate()
    start = du or today - timedelta(days=today.weekday())
    end = au or start + timedelta(days=6)
    tz = timezone.get_current_timezone()
    appointments = _visible(request).between(
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz),
    )
    if organizer_id:
        appointments = appointments.filter(organizer_id=organizer_id)
    if person_id:
        appointments = appointments.filter(participants__person_id=person_id)
    return appointments.order_by("starts_at", "pk")


@router.get("/rendez-vous/{appointment_id}", response=AppointmentOut, summary="Un rendez-vous")
def get_appointment(request, appointment_id: int):
    require(request, Perm.AGENDA_MANAGE)
    appointment = _get(request, appointment_id)
    _log(request, appointment)
    return appointment


@router.post("/rendez-vous", response={201: AppointmentOut}, summary="Prendre un rendez-vous")
def create_appointment(request, payload: AppointmentIn):
    require(request, Perm.AGENDA_MANAGE)
    membership = request.user.active_membership
    organizer = request.user
    if payload.organizer_id and payload.organizer_id != request.user.pk:
        organizer = User.objects.filter(
            pk=payload.organizer_id,
            memberships__structure_id=membership.structure_id,
            memberships__is_active=True,
        ).first()
        if organizer is None:
            raise HttpError(422, "organizer_id : professionnel inconnu dans votre structure.")
    people = list(
        Person.objects.visible_to(request.user)
        .followed_by_structure(membership.structure_id)
        .filter(pk__in=payload.person_ids)
    )
    if len(people) != len(set(payload.person_ids)):
        raise HttpError(422, "person_ids : personnes inconnues ou non suivies par la structure.")
    appointment = Appointment(
        kind=payload.kind,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        remote_link=payload.remote_link,
        subject=payload.subject,
        organizer=organizer,
        notify=payload.notify,
    )
    try:
        actions.create_appointment(appointment=appointment, people=people, membership=membership)
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, _get(request, appointment.pk))


@router.post(
    "/rendez-vous/{appointment_id}/presences",
    response=AppointmentOut,
    summary="Noter les présences (venu·e, excusé·e, absent·e sans prévenir, annulé)",
)
def record_attendance(request, appointment_id: int, payload: AttendanceUpdate):
    require(request, Perm.AGENDA_MANAGE)
    appointment = _get(request, appointment_id)
    by_person = {p.person_id: p.pk for p in appointment.participants.all()}
    unknown = {a.person_id for a in payload.attendances} - set(by_person)
    if unknown:
        raise HttpError(422, "person_id : personne non invitée à ce rendez-vous.")
    try:
        actions.record_attendance(
            appointment=appointment,
            attendance={by_person[a.person_id]: a.attendance for a in payload.attendances},
            by=request.user,
        )
    except ValidationError as error:
        raise validation_error(error) from None
    appointment = _get(request, appointment.pk)
    _log(request, appointment)
    return appointment
