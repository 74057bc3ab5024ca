"""API of referrals (orientations) to partner services."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from tremplin.api.common import require, validation_error
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import SHAREABLE_SECTIONS, Perm, Section
from tremplin.network import referrals as workflow
from tremplin.network.forms_referrals import (
    sensitive_findings,
    sensitive_history_note,
    sensitive_topics,
)
from tremplin.network.models import PartnerService, Referral
from tremplin.network.referrals import LINK_SECTIONS
from tremplin.people.access import get_person_for_user
from tremplin.people.enums import ConsentChannel
from tremplin.referentials.models import Thematique

router = Router(tags=["Orientations"])


class ReferralOut(Schema):
    id: int
    reference: str
    person_id: int
    service_id: int
    service: str = Field(..., alias="service.name")
    partner: str = Field(..., alias="partner.name")
    thematique: str | None = Field(None, alias="thematique_id")
    motive: str
    status: str
    sent_at: datetime | None
    expires_at: datetime | None
    answered_at: datetime | None
    refusal_reason: str
    partner_comment: str
    appointment_at: datetime | None
    closed_at: datetime | None
    shared_sections: list[str]
    version: int

    @staticmethod
    def resolve_motive(obj, context) -> str:
        # The receiving partner reads the motive only while the person's agreement to
        # share is in force; the sender always reads its own.
        if _withheld(obj, context["request"]):
            return ""
        return obj.motive


def _withheld(referral, request) -> bool:
    """The receiving side, once the person withdrew her agreement (or it expired)."""
    own = referral.structure_id == request.user.active_membership.structure_id
    return not own and not referral.sharing_in_force


class ReferralIn(Schema):
    person_id: int
    service_id: int
    motive: str = Field(..., min_length=1, max_length=4000)
    thematique: str | None = None
    recipient_email: str = ""
    send: bool = Field(False, description="Envoyer tout de suite (sinon : brouillon)")
    sections: list[str] = Field(default_factory=list, description="Parties transmises")
    consent_channel: ConsentChannel | None = None
    sensitive_details_confirmed: bool = Field(
        False,
        description="Pour envoyer un motif qui contient des informations sensibles (santé, "
        "justice…) : relu, la personne est d'accord pour qu'elles soient transmises",
    )


class OutcomeIn(Schema):
    came: bool
    note: str = ""
    version: int | None = None


class CancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)
    version: int | None = None


def _visible(request):
    return Referral.objects.visible_to(request.user).select_related("service", "partner", "consent")


def _get(request, referral_id: int) -> Referral:
    referral = get_object_or_404(_visible(request), pk=referral_id)
    if referral.structure_id != request.user.active_membership.structure_id:
        raise HttpError(403, "Seule la structure qui oriente peut modifier cette orientation.")
    return referral


@router.get("/orientations", response=list[ReferralOut], summary="Les orientations de la structure")
@paginate(PageNumberPagination, page_size=50)
def list_referrals(request, statut: str | None = None, person_id: int | None = None):
    require(request, Perm.REFERRAL_MANAGE)
    referrals = _visible(request).order_by("-created_at", "-pk")
    if statut:
        referrals = referrals.filter(status=statut)
    if person_id:
        referrals = referrals.filter(person_id=person_id)
    return referrals


@router.get("/orientations/{referral_id}", response=ReferralOut, summary="Une orientation")
def get_referral(request, referral_id: int):
    require(request, Perm.REFERRAL_MANAGE)
    referral = get_object_or_404(_visible(request), pk=referral_id)
    if not _withheld(referral, request):
        log_read(
            user=request.user,
            person=referral.person,
            section=Section.REFERRALS,
            channel=AccessLog.Channel.API,
        )
    return referral


@router.post(
    "/orientations",
    response={201: ReferralOut},
    summary="Orienter une personne vers un service partenaire (brouillon ou envoi)",
)
def create_referral(request, payload: ReferralIn):
    require(request, Perm.REFERRAL_MANAGE)
    try:
        access = get_person_for_user(request.user, payload.person_id, section=Section.REFERRALS)
    except Http404:
        raise HttpError(404, "Dossier introuvable.") from None
    if not access.can(Perm.REFERRAL_MANAGE):
        raise HttpError(403, "Votre structure ne suit pas cette personne.")
    service = PartnerService.objects.visible_to(request.user).filter(pk=payload.service_id).first()
    if service is None:
        raise HttpError(404, "Service introuvable dans l'annuaire.")
    shareable = SHAREABLE_SECTIONS if service.structure.tremplin_structure_id else LINK_SECTIONS
    allowed = {s.value for s in shareable if access.can_see(s)}
    if set(payload.sections) - allowed:
        raise HttpError(422, "sections : parties inconnues ou que vous ne pouvez pas transmettre.")
    if payload.send and payload.consent_channel is None:
        raise HttpError(422, "consent_channel : indiquez comment la personne a donné son accord.")
    thematique = None
    if payload.thematique:
        thematique = Thematique.objects.filter(pk=payload.thematique).first()
        if thematique is None:
            raise HttpError(422, "thematique : thématique data·inclusion inconnue.")
    findings = sensitive_findings(payload.motive) if payload.send else []
    if findings and not payload.sensitive_details_confirmed:
        raise HttpError(
            422,
            "motive : le motif contient des informations sensibles ("
            + ", ".join(sensitive_topics(findings))
            + ") : relisez-le et retirez ce qui n'est pas utile au partenaire ; si la personne "
            "est d'accord pour qu'elles soient transmises, envoyez avec "
            "sensitive_details_confirmed à true.",
        )
    membership = request.user.active_membership
    try:
        with transaction.atomic():
            referral = workflow.create_draft(
                person=access.person,
                membership=membership,
                service=service,
                motive=payload.motive,
                thematique=thematique,
                recipient_email=payload.recipient_email,
            )
            if payload.send:
                referral = workflow.send(
                    referral=referral,
                    membership=membership,
                    sections=payload.sections,
                    consent_channel=payload.consent_channel,
                    note=sensitive_history_note(findings),
                )
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, referral)


@router.post("/orientations/{referral_id}/suite", response=ReferralOut, summary="Noter la suite")
def record_outcome(request, referral_id: int, payload: OutcomeIn):
    require(request, Perm.REFERRAL_MANAGE)
    referral = _get(request, referral_id)
    try:
        return workflow.record_outcome(
            referral=referral,
            came=payload.came,
            note=payload.note,
            by=request.user,
            version=payload.version,
        )
    except ValidationError as error:
        raise validation_error(error) from None


@router.post("/orientations/{referral_id}/annulation", response=ReferralOut, summary="Annuler")
def cancel_referral(request, referral_id: int, payload: CancelIn):
    require(request, Perm.REFERRAL_MANAGE)
    referral = _get(request, referral_id)
    try:
        return workflow.cancel(
            referral=referral, by=request.user, reason=payload.reason, version=payload.version
        )
    except ValidationError as error:
        raise validation_error(error) from None
