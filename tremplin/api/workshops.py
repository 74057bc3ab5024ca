"""API of the workshops: designs, sessions, registrations and attendance."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from tremplin.api.common import require
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Perm, Section
from tremplin.people.models import Person
from tremplin.workshops import actions
from tremplin.workshops.access import get_design_for_user, get_session_for_user
from tremplin.workshops.enums import RegistrationStatus, Slot
from tremplin.workshops.models import Presence, WorkshopDesign, WorkshopSession

router = Router(tags=["Ateliers"])


class SequenceOut(Schema):
    position: int
    title: str
    duration_minutes: int
    method: str
    resources: str


class DesignOut(Schema):
    id: int
    title: str
    demand: str
    thematiques: list[str]
    public: str
    prerequisites: str
    objectives: list[str]
    satisfaction_questions: list[str]
    sequences: list[SequenceOut]
    total_minutes: int
    version: int

    @staticmethod
    def resolve_thematiques(obj):
        return [t.pk for t in obj.thematiques.all()]

    @staticmethod
    def resolve_sequences(obj):
        return list(obj.sequences.all())


class HalfDayOut(Schema):
    id: int
    date: date
    slot: Slot
    starts_at: time
    ends_at: time
    closed_at: datetime | None
    has_scan: bool

    @staticmethod
    def resolve_has_scan(obj):
        return bool(obj.scan)


class SessionOut(Schema):
    id: int
    design_id: int
    place: str
    remote_link: str
    capacity: int
    facilitator_ids: list[int]
    half_days: list[HalfDayOut]
    registered: int
    waiting: int

    @staticmethod
    def resolve_facilitator_ids(obj):
        return [u.pk for u in obj.facilitators.all()]

    @staticmethod
    def resolve_half_days(obj):
        return list(obj.half_days.all())

    @staticmethod
    def resolve_registered(obj):
        return obj.registrations.filter(status=RegistrationStatus.REGISTERED).count()

    @staticmethod
    def resolve_waiting(obj):
        return obj.registrations.filter(status=RegistrationStatus.WAITING).count()


class RegistrationOut(Schema):
    id: int
    person_id: int
    status: RegistrationStatus
    registered_at: datetime
    promoted_at: datetime | None


class RegistrationIn(Schema):
    person_id: int


class PresenceOut(Schema):
    half_day_id: int
    person_id: int
    is_present: bool
    source: str

    @staticmethod
    def resolve_person_id(obj):
        return obj.registration.person_id


def _design(request, design_id: int) -> WorkshopDesign:
    try:
        return get_design_for_user(request.user, design_id)
    except Http404:
        raise HttpError(404, "Atelier introuvable.") from None


def _session(request, session_id: int):
    try:
        return get_session_for_user(request.user, session_id)
    except Http404:
        raise HttpError(404, "Séance introuvable.") from None


def _log(request, people_ids) -> None:
    for person in Person.objects.filter(pk__in=set(people_ids)):
        log_read(
            user=request.user, person=person, section=Section.AGENDA, channel=AccessLog.Channel.API
        )


@router.get("/ateliers", response=list[DesignOut], summary="Les ateliers conçus")
@paginate(PageNumberPagination, page_size=50)
def list_workshop_designs(request):
    require(request, Perm.WORKSHOP_SIGN_IN)
    return WorkshopDesign.objects.visible_to(request.user).prefetch_related(
        "thematiques", "sequences"
    )


@router.get("/ateliers/seances", response=list[SessionOut], summary="Les séances d'ateliers")
@paginate(PageNumberPagination, page_size=50)
def list_workshop_sessions(request, design_id: int | None = None):
    require(request, Perm.WORKSHOP_SIGN_IN)
    sessions = WorkshopSession.objects.visible_to(request.user).prefetch_related(
        "facilitators", "half_days"
    )
    if design_id:
        sessions = sessions.filter(design_id=design_id)
    return sessions.order_by("-created_at", "-pk")


@router.get("/ateliers/{design_id}", response=DesignOut, summary="Un atelier (sa conception)")
def get_workshop_design(request, design_id: int):
    require(request, Perm.WORKSHOP_SIGN_IN)
    return _design(request, design_id)


@router.get(
    "/ateliers/seances/{workshop_session_id}", response=SessionOut, summary="Une séance d'atelier"
)
def get_workshop_session(request, workshop_session_id: int):
    require(request, Perm.WORKSHOP_SIGN_IN)
    return _session(request, workshop_session_id)


@router.get(
    "/ateliers/seances/{workshop_session_id}/inscriptions",
    response=list[RegistrationOut],
    summary="Les inscriptions et la liste d'attente d'une séance",
)
def list_workshop_registrations(request, workshop_session_id: int):
    require(request, Perm.WORKSHOP_SIGN_IN)
    session = _session(request, workshop_session_id)
    registrations = list(session.registrations.order_by("registered_at", "pk"))
    _log(request, [r.person_id for r in registrations])
    return registrations


@router.post(
    "/ateliers/seances/{workshop_session_id}/inscriptions",
    response={201: RegistrationOut},
    summary="Inscrire une personne suivie (en liste d'attente si la séance est complète)",
)
def create_workshop_registration(request, workshop_session_id: int, payload: RegistrationIn):
    require(request, Perm.WORKSHOP_SIGN_IN)
    session = _session(request, workshop_session_id)
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=payload.person_id)
    try:
        # As the summary says: a full session puts the person on the waiting list.
        registration = actions.register(
            session=session, person=person, by=request.user, waiting_list=True
        )
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    return Status(201, registration)


@router.get(
    "/ateliers/seances/{workshop_session_id}/presences",
    response=list[PresenceOut],
    summary="Les présences par demi-journée (écrites quand la feuille est close)",
)
def list_workshop_attendance(request, workshop_session_id: int):
    require(request, Perm.WORKSHOP_SIGN_IN)
    session = _session(request, workshop_session_id)
    presences = list(
        Presence.objects.filter(half_day__session=session)
        .select_related("registration")
        .order_by("half_day__date", "half_day__starts_at", "pk")
    )
    _log(request, [p.registration.person_id for p in presences])
    return presences
