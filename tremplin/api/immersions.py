"""API of immersions (PMSMP conventions): list, detail, create a draft."""

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
from tremplin.employers.models import Company
from tremplin.immersions import actions as workflow
from tremplin.immersions.access import get_immersion_for_user
from tremplin.immersions.enums import BeneficiaryStatus, Objective
from tremplin.immersions.models import Immersion
from tremplin.people.access import get_person_for_user
from tremplin.referentials.models import Commune, RomeAppellation

router = Router(tags=["Immersions"])
PAGE_SIZE = 50


class SignatureOut(Schema):
    party: str
    signer_name: str
    signed_at: str
    channel: str = Field(
        ...,
        description="electronic (lien personnel ou Tremplin), screen (à l'écran pendant "
        "l'entretien), paper (sur papier, scan conservé dans les documents de la personne)",
    )
    how: str = Field(..., description="La façon de signer, telle que la convention l'imprime")
    drawing_sha256: str = Field(
        ..., description="Empreinte SHA-256 de la signature tracée à l'écran (vide sinon)"
    )

    @staticmethod
    def resolve_signed_at(obj):
        return obj.signed_at.isoformat()


class ImmersionOut(Schema):
    id: int
    person_id: int
    status: str
    objective: str
    beneficiary_status: str
    company_id: int | None = Field(None, description="Entreprise du fichier entreprises")
    company_name: str
    siret: str
    naf_code: str
    company_address: str
    company_commune: str | None = Field(None, alias="company_commune_id")
    tutor_name: str
    tutor_function: str
    tutor_phone: str
    tutor_email: str
    appellation: str | None = Field(None, alias="appellation_id")
    starts_on: date
    ends_on: date
    daily_hours: list[Decimal] = Field(..., description="Heures de lundi à dimanche")
    weekly_hours: Decimal
    tasks: str
    skills_to_observe: str
    risks: str
    protective_equipment: str
    needs_medical_surveillance: bool
    renews_id: int | None
    revision: int
    version: int
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_signatures(obj):
        return obj.current_signatures()


class ImmersionIn(Schema):
    person_id: int
    beneficiary_status: BeneficiaryStatus
    company_id: int | None = Field(None, description="Entreprise du fichier entreprises")
    company_name: str = Field(..., min_length=1, max_length=200)
    siret: str
    naf_code: str = ""
    company_address: str = Field(..., min_length=1, max_length=250)
    company_commune: str = Field(..., description="Code INSEE")
    company_weekly_hours: Decimal | None = None
    tutor_name: str = Field(..., min_length=1, max_length=150)
    tutor_function: str = Field(..., min_length=1, max_length=150)
    tutor_phone: str = Field(..., min_length=1, max_length=20)
    tutor_email: str
    objective: Objective
    appellation: str = Field(..., description="Code OGR de l'appellation ROME")
    starts_on: date
    ends_on: date
    daily_hours: list[Decimal] = Field(..., min_length=7, max_length=7)
    schedule_note: str = ""
    tasks: str = Field(..., min_length=1)
    skills_to_observe: str = ""
    risks: str = ""
    protective_equipment: str = ""
    needs_medical_surveillance: bool = False
    accident_cover: str = Field(..., min_length=1, max_length=200)
    liability_insurance: str = ""


def _log(request, person_id: int) -> None:
    AccessLog.objects.create(
        user=request.user,
        structure_id=request.user.active_membership.structure_id,
        person_id=person_id,
        section=Section.IMMERSION,
        channel=AccessLog.Channel.API,
    )


@router.get("/immersions", response=list[ImmersionOut], summary="Les immersions de la structure")
def list_immersions(
    request, person_id: int | None = None, statut: str | None = None, page: int = 1
):
    """50 par page, les plus récentes d'abord ; chaque dossier lu est tracé."""
    require(request, Perm.PERSON_VIEW)
    immersions = Immersion.objects.visible_to(request.user).prefetch_related("signatures")
    if person_id:
        immersions = immersions.filter(person_id=person_id)
    if statut:
        immersions = immersions.filter(status=statut)
    start = (max(page, 1) - 1) * PAGE_SIZE
    rows = list(immersions.order_by("-starts_on", "-pk")[start : start + PAGE_SIZE])
    for pid in sorted({i.person_id for i in rows}):
        _log(request, pid)
    return rows


@router.get("/immersions/{immersion_id}", response=ImmersionOut, summary="Une immersion")
def get_immersion(request, immersion_id: int):
    require(request, Perm.PERSON_VIEW)
    try:
        immersion, _access = get_immersion_for_user(request.user, immersion_id)
    except Http404:
        raise HttpError(404, "Immersion introuvable.") from None
    log_read(
        user=request.user,
        person=immersion.person,
        section=Section.IMMERSION,
        channel=AccessLog.Channel.API,
    )
    return immersion


@router.post(
    "/immersions", response={201: ImmersionOut}, summary="Préparer une convention (brouillon)"
)
def create_immersion(request, payload: ImmersionIn):
    require(request, Perm.IMMERSION_MANAGE)
    try:
        access = get_person_for_user(request.user, payload.person_id, section=Section.IMMERSION)
    except Http404:
        raise HttpError(404, "Dossier introuvable.") from None
    if not access.can(Perm.IMMERSION_MANAGE):
        raise HttpError(403, "Votre structure ne suit pas cette personne.")
    commune = Commune.objects.filter(pk=payload.company_commune).first()
    if commune is None:
        raise HttpError(422, "company_commune : code INSEE inconnu.")
    appellation = RomeAppellation.objects.filter(pk=payload.appellation).first()
    if appellation is None:
        raise HttpError(422, "appellation : code OGR inconnu dans le ROME.")
    company = None
    if payload.company_id is not None:
        company = Company.objects.visible_to(request.user).filter(pk=payload.company_id).first()
        if company is None:
            raise HttpError(422, "company_id : entreprise inconnue dans votre fichier.")
    data = payload.dict(
        exclude={"person_id", "company_id", "company_commune", "appellation", "daily_hours"}
    )
    immersion = Immersion(
        person=access.person,
        company=company,
        company_commune=commune,
        appellation=appellation,
        schedule=[str(h.normalize()) for h in payload.daily_hours],
        referent=request.user,
        **data,
    )
    try:
        immersion = workflow.create_draft(
            immersion=immersion, membership=request.user.active_membership
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, immersion)
