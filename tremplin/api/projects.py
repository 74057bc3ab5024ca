"""API of the professional project: target jobs with their decisions, trainings, applications.

The health restrictions of a target job are not served here (they are the HEALTH section).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from tremplin.api.common import require, validation_error
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Perm, Section
from tremplin.people.access import FileAccess, get_person_for_user
from tremplin.projects import actions as workflow
from tremplin.projects.access import get_target_job_for_user
from tremplin.projects.enums import (
    ApplicationChannel,
    ApplicationStatus,
    ContractType,
    Decision,
    Funding,
    TrainingStatus,
)
from tremplin.projects.models import Application, TargetJob, Training
from tremplin.referentials.models import RomeAppellation

router = Router(tags=["Projet professionnel"])


class DecisionOut(Schema):
    decision: str
    decided_on: date
    note: str


class TargetJobOut(Schema):
    id: int
    person_id: int
    appellation: str = Field(..., alias="appellation_id", description="Code OGR de l'appellation")
    appellation_label: str
    rome: str = Field(..., description="Code de la fiche ROME")
    why: str
    skills_held: list[str] = Field(..., description="Codes OGR des compétences acquises")
    skills_to_acquire: list[str]
    contract_types: list[str]
    weekly_hours: int | None
    available_on: date | None
    hours_constraints: str
    mobility_constraints: str
    decision: str
    decided_on: date
    decisions: list[DecisionOut]
    version: int

    @staticmethod
    def resolve_appellation_label(obj):
        return obj.appellation.label

    @staticmethod
    def resolve_rome(obj):
        return obj.appellation.fiche_id

    @staticmethod
    def resolve_skills_held(obj):
        return [s.pk for s in obj.skills_held.all()]

    @staticmethod
    def resolve_skills_to_acquire(obj):
        return [s.pk for s in obj.skills_to_acquire.all()]

    @staticmethod
    def resolve_decisions(obj):
        return list(obj.decisions.all())


class TargetJobIn(Schema):
    appellation: str = Field(..., description="Code OGR de l'appellation ROME", max_length=10)
    why: str = ""
    contract_types: list[ContractType] = Field(default_factory=list)
    weekly_hours: int | None = Field(None, ge=1, le=48)
    available_on: date | None = None
    decision: Decision = Decision.EXPLORE
    decided_on: date
    note: str = ""


class DecisionIn(Schema):
    decision: Decision
    decided_on: date
    note: str = ""


class TrainingOut(Schema):
    id: int
    person_id: int
    target_job_id: int | None
    organisation: str
    title: str
    starts_on: date | None
    ends_on: date | None
    hours_per_day: Decimal | None
    funding: str
    status: str
    steps: str
    version: int


class TrainingIn(Schema):
    organisation: str = Field(..., min_length=1, max_length=200)
    title: str = Field(..., min_length=1, max_length=200)
    target_job_id: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    hours_per_day: Decimal | None = Field(None, ge=Decimal("0.5"), le=10, decimal_places=1)
    funding: Funding | None = None
    status: TrainingStatus = TrainingStatus.TO_EXPLORE
    steps: str = ""


class ApplicationOut(Schema):
    id: int
    person_id: int
    target_job_id: int | None
    offer_title: str
    offer_url: str
    company: str
    applied_on: date
    channel: str
    status: str
    next_step: str
    next_step_on: date | None
    outcome: str
    version: int


class ApplicationIn(Schema):
    offer_title: str = Field(..., min_length=1, max_length=200)
    offer_text: str = ""
    offer_url: str = Field("", max_length=500)
    company: str = Field(..., min_length=1, max_length=200)
    target_job_id: int | None = None
    applied_on: date
    channel: ApplicationChannel
    status: ApplicationStatus = ApplicationStatus.SENT
    next_step: str = Field("", max_length=300)
    next_step_on: date | None = None
    outcome: str = ""


def _file(request, person_id: int, *, manage=False) -> FileAccess:
    try:
        access = get_person_for_user(request.user, person_id, section=Section.PROJECT)
    except Http404:
        raise HttpError(404, "Dossier introuvable.") from None
    log_read(
        user=request.user,
        person=access.person,
        section=Section.PROJECT,
        channel=AccessLog.Channel.API,
    )
    if manage and not access.can(Perm.PROJECT_MANAGE):
        raise HttpError(403, "Votre rôle ne permet pas de modifier ce projet.")
    return access


def _mine(request, access):
    return {"person": access.person, "structure_id": request.user.active_membership.structure_id}


def _target_jobs(request, access):
    return (
        TargetJob.objects.filter(**_mine(request, access))
        .select_related("appellation")
        .prefetch_related("skills_held", "skills_to_acquire", "decisions")
    )


def _target_of(request, access, target_job_id):
    if target_job_id is None:
        return None
    target = TargetJob.objects.filter(pk=target_job_id, **_mine(request, access)).first()
    if target is None:
        raise HttpError(422, "target_job_id : pas un métier visé de cette personne.")
    return target


@router.get(
    "/personnes/{person_id}/projet",
    response=list[TargetJobOut],
    summary="Les métiers visés d'une personne, avec l'historique des décisions",
)
def list_target_jobs(request, person_id: int):
    require(request, Perm.PERSON_VIEW)
    return list(_target_jobs(request, _file(request, person_id)))


@router.post(
    "/personnes/{person_id}/projet",
    response={201: TargetJobOut},
    summary="Ajouter un métier visé (appellation ROME)",
)
def create_target_job(request, person_id: int, payload: TargetJobIn):
    require(request, Perm.PROJECT_MANAGE)
    access = _file(request, person_id, manage=True)
    appellation = RomeAppellation.objects.filter(pk=payload.appellation).first()
    if appellation is None:
        raise HttpError(422, "appellation : code OGR inconnu du ROME.")
    data = payload.dict()
    note = data.pop("note")
    data.pop("appellation")
    try:
        target = workflow.add_target_job(
            target_job=TargetJob(person=access.person, appellation=appellation, **data),
            membership=request.user.active_membership,
            note=note,
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, _target_jobs(request, access).get(pk=target.pk))


@router.get("/projet/metiers/{target_id}", response=TargetJobOut, summary="Un métier visé")
def get_target_job(request, target_id: int):
    require(request, Perm.PERSON_VIEW)
    try:
        target, access = get_target_job_for_user(request.user, target_id)
    except Http404:
        raise HttpError(404, "Métier visé introuvable.") from None
    log_read(
        user=request.user,
        person=access.person,
        section=Section.PROJECT,
        channel=AccessLog.Channel.API,
    )
    return _target_jobs(request, access).get(pk=target.pk)


@router.post(
    "/projet/metiers/{target_id}/decisions",
    response={201: TargetJobOut},
    summary="Décider : explorer, confirmer ou abandonner le métier (la date est obligatoire)",
)
def decide_target_job(request, target_id: int, payload: DecisionIn):
    require(request, Perm.PROJECT_MANAGE)
    try:
        target, access = get_target_job_for_user(request.user, target_id)
    except Http404:
        raise HttpError(404, "Métier visé introuvable.") from None
    log_read(
        user=request.user,
        person=access.person,
        section=Section.PROJECT,
        channel=AccessLog.Channel.API,
    )
    if not access.can(Perm.PROJECT_MANAGE):
        raise HttpError(403, "Votre rôle ne permet pas de modifier ce projet.")
    try:
        workflow.decide(target_job=target, by=request.user, **payload.dict())
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, _target_jobs(request, access).get(pk=target.pk))


@router.get(
    "/personnes/{person_id}/formations", response=list[TrainingOut], summary="Les formations"
)
def list_trainings(request, person_id: int):
    require(request, Perm.PERSON_VIEW)
    access = _file(request, person_id)
    return list(Training.objects.filter(**_mine(request, access)))


@router.post(
    "/personnes/{person_id}/formations",
    response={201: TrainingOut},
    summary="Ajouter une formation",
)
def create_training(request, person_id: int, payload: TrainingIn):
    require(request, Perm.PROJECT_MANAGE)
    access = _file(request, person_id, manage=True)
    data = payload.dict()
    data["target_job"] = _target_of(request, access, data.pop("target_job_id"))
    data["funding"] = data["funding"] or ""
    training = Training(**_mine(request, access), created_by=request.user, **data)
    try:
        training.full_clean()
    except ValidationError as error:
        raise validation_error(error) from None
    training.save()
    return Status(201, training)


@router.get(
    "/personnes/{person_id}/candidatures",
    response=list[ApplicationOut],
    summary="Les candidatures",
)
def list_applications(request, person_id: int):
    require(request, Perm.PERSON_VIEW)
    access = _file(request, person_id)
    return list(Application.objects.filter(**_mine(request, access)))


@router.post(
    "/personnes/{person_id}/candidatures",
    response={201: ApplicationOut},
    summary="Ajouter une candidature",
)
def create_application(request, person_id: int, payload: ApplicationIn):
    require(request, Perm.PROJECT_MANAGE)
    access = _file(request, person_id, manage=True)
    data = payload.dict()
    data["target_job"] = _target_of(request, access, data.pop("target_job_id"))
    application = Application(**_mine(request, access), created_by=request.user, **data)
    try:
        application.full_clean()
    except ValidationError as error:
        raise validation_error(error) from None
    application.save()
    return Status(201, application)
