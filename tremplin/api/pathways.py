"""API of pathways (parcours): pathways, objectives, actions, exits and the PASS IAE."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from tremplin.api.common import require, validation_error
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Perm, Section
from tremplin.pathways import actions as workflow
from tremplin.pathways.access import get_iae_pathway_for_user, get_pathway_for_user
from tremplin.pathways.enums import (
    ActionOwner,
    ActionStatus,
    ExitSituation,
    Framework,
    IaeApprovalState,
    IaeProlongationReason,
    IaeSuspensionReason,
)
from tremplin.pathways.exits import ExitFacts
from tremplin.pathways.models import (
    Action,
    Funder,
    IaeApproval,
    IaeProlongation,
    IaeSuspension,
    Objective,
    Pathway,
)
from tremplin.people.access import get_person_for_user
from tremplin.referentials.models import Thematique

router = Router(tags=["Parcours"])


class PathwayOut(Schema):
    id: int
    person_id: int
    framework: str
    started_on: date
    planned_end_on: date
    referent_id: int | None
    funder_ids: list[int]
    status: str
    weekly_hours_target: Decimal | None = Field(None, description="Objectif d'heures effectif")
    target_reason: str
    closed_on: date | None
    version: int

    @staticmethod
    def resolve_funder_ids(obj):
        return [f.pk for f in obj.funders.all()]

    @staticmethod
    def resolve_weekly_hours_target(obj):
        return obj.weekly_target


class PathwayIn(Schema):
    person_id: int
    framework: Framework
    started_on: date
    planned_end_on: date
    referent_id: int | None = None
    funder_ids: list[int] = Field(default_factory=list)
    extension_reason: str = Field(
        "",
        max_length=300,
        description="Motif de la prolongation exceptionnelle, au-delà de la durée du cadre "
        "(CEJ : 12 mois, jusqu'à 18 mois à titre exceptionnel)",
    )


class ObjectiveOut(Schema):
    id: int
    pathway_id: int
    thematique: str = Field(..., alias="thematique_id")
    title: str
    status: str
    need_id: int | None
    version: int


class ObjectiveIn(Schema):
    thematique: str
    title: str = Field(..., min_length=1, max_length=300)


class ActionOut(Schema):
    id: int
    pathway_id: int
    objective_id: int | None
    title: str
    owner: str
    partner_name: str
    starts_on: date | None
    due_on: date
    status: str
    hours: Decimal | None
    version: int


class ActionIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    owner: ActionOwner
    partner_name: str = ""
    objective_id: int | None = None
    starts_on: date | None = None
    due_on: date
    status: ActionStatus = ActionStatus.PLANNED
    hours: Decimal | None = Field(None, ge=Decimal("0.5"), max_digits=5, decimal_places=1)


class ExitOut(Schema):
    pathway_id: int
    exit_on: date
    situation: str
    employer: str
    contract_start: date | None
    contract_end: date | None
    weekly_hours: Decimal | None
    training_title: str
    category: str
    funders: list[dict]

    @staticmethod
    def resolve_funders(obj):
        return [
            {
                "funder_id": funder.pk,
                "funder": funder.name,
                "nomenclature": funder.nomenclature_id,
                "code": mapping.code if mapping else None,
                "label": mapping.label if mapping else None,
            }
            for funder, mapping in obj.funder_categories()
        ]


class ExitIn(Schema):
    exit_on: date
    situation: ExitSituation
    employer: str = ""
    contract_start: date | None = None
    contract_end: date | None = None
    weekly_hours: Decimal | None = None
    training_title: str = ""
    comment: str = ""
    objectives: dict[int, Literal["reached", "not_reached", "abandoned"]] = Field(
        default_factory=dict,
        description="Ce que devient chaque objectif encore en cours : "
        "{id: reached | not_reached | abandoned}. Tous doivent être donnés.",
    )
    actions: dict[int, Literal["done", "cancelled"]] = Field(
        default_factory=dict,
        description="Ce que devient chaque action encore à réaliser : {id: done | cancelled}. "
        "Toutes doivent être données.",
    )


def _pathway(request, pathway_id: int, *, manage=False) -> Pathway:
    try:
        pathway, access = get_pathway_for_user(request.user, pathway_id)
    except Http404:
        raise HttpError(404, "Parcours introuvable.") from None
    log_read(
        user=request.user,
        person=pathway.person,
        section=Section.PATHWAY,
        channel=AccessLog.Channel.API,
    )
    if manage and not access.can(Perm.PATHWAY_MANAGE):
        raise HttpError(403, "Votre rôle ne permet pas de modifier ce parcours.")
    if manage and pathway.is_closed:
        raise HttpError(422, "Ce parcours est clos.")
    return pathway


@router.get("/parcours", response=list[PathwayOut], summary="Les parcours de la structure")
@paginate(PageNumberPagination, page_size=50)
def list_pathways(request, person_id: int | None = None, statut: str | None = None):
    require(request, Perm.PERSON_VIEW)
    pathways = Pathway.objects.visible_to(request.user).prefetch_related("funders")
    if person_id:
        pathways = pathways.filter(person_id=person_id)
    if statut:
        pathways = pathways.filter(status=statut)
    return pathways.order_by("-started_on", "-pk")


@router.get("/parcours/{pathway_id}", response=PathwayOut, summary="Un parcours")
def get_pathway(request, pathway_id: int):
    require(request, Perm.PERSON_VIEW)
    return _pathway(request, pathway_id)


@router.post("/parcours", response={201: PathwayOut}, summary="Ouvrir un parcours")
def create_pathway(request, payload: PathwayIn):
    require(request, Perm.PATHWAY_MANAGE)
    try:
        access = get_person_for_user(request.user, payload.person_id, section=Section.PATHWAY)
    except Http404:
        raise HttpError(404, "Dossier introuvable.") from None
    if not access.can(Perm.PATHWAY_MANAGE):
        raise HttpError(403, "Votre structure ne suit pas cette personne.")
    funders = list(Funder.objects.visible_to(request.user).filter(pk__in=payload.funder_ids))
    if len(funders) != len(set(payload.funder_ids)):
        raise HttpError(422, "funder_ids : financeur inconnu dans votre structure.")
    membership = request.user.active_membership
    referent = None
    if payload.referent_id is not None:
        referent = (
            membership.structure.memberships.filter(user_id=payload.referent_id, is_active=True)
            .select_related("user")
            .first()
        )
        if referent is None:
            raise HttpError(422, "referent_id : pas un membre de votre structure.")
        referent = referent.user
    pathway = Pathway(
        person=access.person,
        framework=payload.framework,
        started_on=payload.started_on,
        planned_end_on=payload.planned_end_on,
        referent=referent,
        extension_reason=payload.extension_reason.strip(),
    )
    try:
        pathway = workflow.create_pathway(pathway=pathway, membership=membership, funders=funders)
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, pathway)


@router.get(
    "/parcours/{pathway_id}/objectifs", response=list[ObjectiveOut], summary="Les objectifs"
)
def list_objectives(request, pathway_id: int):
    require(request, Perm.PERSON_VIEW)
    return list(_pathway(request, pathway_id).objectives.all())


@router.post(
    "/parcours/{pathway_id}/objectifs",
    response={201: ObjectiveOut},
    summary="Ajouter un objectif",
)
def create_objective(request, pathway_id: int, payload: ObjectiveIn):
    require(request, Perm.PATHWAY_MANAGE)
    pathway = _pathway(request, pathway_id, manage=True)
    thematique = Thematique.objects.filter(pk=payload.thematique).first()
    if thematique is None:
        raise HttpError(422, "thematique : thématique data·inclusion inconnue.")
    return Status(
        201, Objective.objects.create(pathway=pathway, thematique=thematique, title=payload.title)
    )


@router.get("/parcours/{pathway_id}/actions", response=list[ActionOut], summary="Les actions")
def list_actions(request, pathway_id: int):
    require(request, Perm.PERSON_VIEW)
    return list(_pathway(request, pathway_id).actions.all())


@router.post(
    "/parcours/{pathway_id}/actions", response={201: ActionOut}, summary="Ajouter une action"
)
def create_action(request, pathway_id: int, payload: ActionIn):
    require(request, Perm.PATHWAY_MANAGE)
    pathway = _pathway(request, pathway_id, manage=True)
    if payload.objective_id and not pathway.objectives.filter(pk=payload.objective_id).exists():
        raise HttpError(422, "objective_id : pas un objectif de ce parcours.")
    if payload.status == ActionStatus.CARRIED:
        raise HttpError(
            422, "status : « reprise dans le nouveau parcours » vient d'une réorientation."
        )
    action = Action(pathway=pathway, **payload.dict())
    try:
        action.full_clean()
    except ValidationError as error:
        raise validation_error(error) from None
    action.save()
    return Status(201, action)


@router.get("/parcours/{pathway_id}/sortie", response=ExitOut, summary="La sortie du parcours")
def get_exit(request, pathway_id: int):
    require(request, Perm.PERSON_VIEW)
    pathway = _pathway(request, pathway_id)
    exit_ = getattr(pathway, "exit", None)
    if exit_ is None:
        raise HttpError(404, "Ce parcours n'a pas de sortie.")
    return exit_


@router.post(
    "/parcours/{pathway_id}/sortie",
    response={201: ExitOut},
    summary="Clore le parcours avec la sortie (la catégorie est calculée à partir des faits)",
)
def record_exit(request, pathway_id: int, payload: ExitIn):
    require(request, Perm.PATHWAY_MANAGE)
    pathway = _pathway(request, pathway_id, manage=True)
    data = payload.dict()
    comment = data.pop("comment")
    objective_outcomes, action_outcomes = data.pop("objectives"), data.pop("actions")
    try:
        exit_ = workflow.close_with_exit(
            pathway=pathway,
            by=request.user,
            facts=ExitFacts(**data),
            comment=comment,
            objective_outcomes=objective_outcomes,
            action_outcomes=action_outcomes,
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, exit_)


# --- the PASS IAE -----------------------------------------------------------------------------


RESERVED_REASON_HELP = (
    "null quand le motif relève de la santé ou de la justice et que la partie du dossier "
    "correspondante n'est pas ouverte à l'appelant (reason_label le dit, detail est vide)"
)


class IaeSuspensionOut(Schema):
    id: int
    starts_on: date
    ends_on: date
    day_count: int = Field(..., description="Jours suspendus, premier et dernier compris")
    reason: str | None = Field(..., description=RESERVED_REASON_HELP)
    reason_label: str
    detail: str

    @staticmethod
    def resolve_reason_label(obj):
        if isinstance(obj, dict):
            return obj["reason_label"]
        return str(obj.get_reason_display())


class IaeProlongationOut(Schema):
    id: int
    previous_ends_on: date = Field(..., description="Fin du PASS IAE avant la prolongation")
    ends_on: date
    reason: str | None = Field(..., description=RESERVED_REASON_HELP)
    reason_label: str
    detail: str
    requested_on: date

    @staticmethod
    def resolve_reason_label(obj):
        if isinstance(obj, dict):
            return obj["reason_label"]
        return str(obj.get_reason_display())


class IaeWithdrawnOut(Schema):
    kind: Literal["suspension", "prolongation"]
    id: int
    starts_on: date | None = Field(None, description="Début de la suspension (null : prolongation)")
    previous_ends_on: date | None = Field(
        None, description="Fin d'avant la prolongation (null : suspension)"
    )
    ends_on: date
    reason: str | None = Field(..., description=RESERVED_REASON_HELP)
    reason_label: str
    detail: str
    withdrawn_at: datetime
    withdrawal_reason: str


class IaeApprovalOut(Schema):
    pathway_id: int
    number: str | None = Field(
        None,
        description="Les 12 chiffres, pour l'équipe de la structure du parcours seulement : "
        "null pour un partenaire à qui le parcours est transmis",
    )
    number_display: str | None = Field(None, description="« 99999 26 12345 », ou null")
    starts_on: date
    ends_on: date = Field(..., description="Fin du PASS IAE, prolongations comprises")
    effective_ends_on: date = Field(..., description="Fin repoussée des jours suspendus")
    suspended_days: int
    state: IaeApprovalState
    state_label: str
    days_remaining: int = Field(..., description="Jours restants, aujourd'hui compris")
    delivered_by: str
    delivered_on: date
    suspensions: list[IaeSuspensionOut]
    prolongations: list[IaeProlongationOut]
    withdrawn: list[IaeWithdrawnOut] = Field(
        ..., description="Suspensions et prolongations retirées, le retrait le plus récent d'abord"
    )


class IaeApprovalIn(Schema):
    number: str = Field(..., description="12 chiffres ; les espaces sont retirés")
    starts_on: date
    ends_on: date | None = Field(
        None, description="Par défaut, 24 mois moins un jour après le début"
    )
    delivered_by: str = Field(..., max_length=200)
    delivered_on: date


class IaeSuspensionIn(Schema):
    starts_on: date
    ends_on: date
    reason: IaeSuspensionReason
    detail: str = Field("", max_length=300)


class IaeProlongationIn(Schema):
    ends_on: date = Field(..., description="Nouvelle fin, 60 mois au plus après le début")
    reason: IaeProlongationReason
    requested_on: date = Field(..., description="Date de la demande de prolongation")
    detail: str = Field("", max_length=300)


class IaeWithdrawIn(Schema):
    reason: str = Field(..., max_length=300, description="Pourquoi la saisie est retirée")


def _iae_pathway(request, iae_pathway_id: int, *, manage=False) -> Pathway:
    """An IAE pathway, as _pathway. A closed one is left to the PASS IAE actions, which refuse
    it in their own words."""
    try:
        pathway, access = get_iae_pathway_for_user(request.user, iae_pathway_id)
    except Http404:
        raise HttpError(404, "Parcours IAE introuvable.") from None
    log_read(
        user=request.user,
        person=pathway.person,
        section=Section.PATHWAY,
        channel=AccessLog.Channel.API,
    )
    if manage and not access.can(Perm.PATHWAY_MANAGE):
        raise HttpError(403, "Votre rôle ne permet pas de modifier ce parcours.")
    pathway.file_access = access  # what the caller may read of the motifs (_reason)
    return pathway


def _approval(pathway: Pathway) -> IaeApproval:
    approval = (
        IaeApproval.objects.filter(pathway=pathway)
        .prefetch_related("suspensions", "prolongations")
        .first()
    )
    if approval is None:
        raise HttpError(404, "Ce parcours n'a pas encore de PASS IAE.")
    return approval


def _reason(entry, access) -> dict:
    """The motif as the screens show it: a health or justice motif (a suspension's, the
    RQTH of a prolongation), and its précision, for those who see that section only."""
    label, detail = entry.reason_for(access)
    reserved = entry.reason_reserved_for(access)
    return {
        "reason": None if reserved else entry.reason,
        "reason_label": str(label),
        "detail": detail,
    }


def _suspension(entry, access) -> dict:
    return {
        "id": entry.pk,
        "starts_on": entry.starts_on,
        "ends_on": entry.ends_on,
        "day_count": entry.day_count,
        **_reason(entry, access),
    }


def _prolongation(entry, access) -> dict:
    return {
        "id": entry.pk,
        "previous_ends_on": entry.previous_ends_on,
        "ends_on": entry.ends_on,
        "requested_on": entry.requested_on,
        **_reason(entry, access),
    }


def _withdrawn(entry, access) -> dict:
    suspension = isinstance(entry, IaeSuspension)
    return {
        "kind": "suspension" if suspension else "prolongation",
        "id": entry.pk,
        "starts_on": entry.starts_on if suspension else None,
        "previous_ends_on": None if suspension else entry.previous_ends_on,
        "ends_on": entry.ends_on,
        **_reason(entry, access),
        "withdrawn_at": entry.withdrawn_at,
        "withdrawal_reason": entry.withdrawal_reason,
    }


def _approval_out(request, pathway: Pathway) -> dict:
    """The PASS as the pathway's page shows it: the number for the structure's own staff
    only, a partner reading a shared pathway gets the dates."""
    approval = _approval(pathway)
    today = timezone.localdate()
    shows_number = request.user.active_membership.structure_id == pathway.structure_id
    state = approval.state(today)
    return {
        "pathway_id": pathway.pk,
        "number": approval.number if shows_number else None,
        "number_display": approval.number_display if shows_number else None,
        "starts_on": approval.starts_on,
        "ends_on": approval.ends_on,
        "effective_ends_on": approval.effective_ends_on,
        "suspended_days": approval.suspended_days,
        "state": state,
        "state_label": str(IaeApprovalState(state).label),
        "days_remaining": approval.days_remaining(today),
        "delivered_by": approval.delivered_by,
        "delivered_on": approval.delivered_on,
        "suspensions": [_suspension(s, pathway.file_access) for s in approval.current_suspensions],
        "prolongations": [
            _prolongation(p, pathway.file_access) for p in approval.current_prolongations
        ],
        "withdrawn": [_withdrawn(e, pathway.file_access) for e in approval.withdrawn_entries],
    }


@router.get(
    "/parcours/{iae_pathway_id}/pass-iae",
    response=IaeApprovalOut,
    summary="Le PASS IAE d'un parcours IAE (le numéro pour la structure du parcours seulement)",
)
def get_pass_iae(request, iae_pathway_id: int):
    require(request, Perm.PERSON_VIEW)
    return _approval_out(request, _iae_pathway(request, iae_pathway_id))


@router.put(
    "/parcours/{iae_pathway_id}/pass-iae",
    response=IaeApprovalOut,
    summary="Enregistrer ou corriger le PASS IAE (sans le scan, qui se dépose à l'écran)",
)
def record_pass_iae(request, iae_pathway_id: int, payload: IaeApprovalIn):
    require(request, Perm.PATHWAY_MANAGE)
    pathway = _iae_pathway(request, iae_pathway_id, manage=True)
    try:
        workflow.record_iae_approval(
            pathway=pathway,
            membership=request.user.active_membership,
            number=payload.number,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            delivered_by=payload.delivered_by,
            delivered_on=payload.delivered_on,
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return _approval_out(request, pathway)


@router.post(
    "/parcours/{iae_pathway_id}/pass-iae/suspensions",
    response={201: IaeSuspensionOut},
    summary="Suspendre le PASS IAE (sa fin est reportée d'autant de jours)",
)
def suspend_pass_iae(request, iae_pathway_id: int, payload: IaeSuspensionIn):
    require(request, Perm.PATHWAY_MANAGE)
    approval = _approval(_iae_pathway(request, iae_pathway_id, manage=True))
    try:
        suspension = workflow.suspend_iae_approval(
            approval=approval,
            by=request.user,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            reason=payload.reason,
            detail=payload.detail,
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, suspension)


@router.post(
    "/parcours/{iae_pathway_id}/pass-iae/prolongations",
    response={201: IaeProlongationOut},
    summary="Prolonger le PASS IAE (60 mois au plus depuis son début)",
)
def prolong_pass_iae(request, iae_pathway_id: int, payload: IaeProlongationIn):
    require(request, Perm.PATHWAY_MANAGE)
    approval = _approval(_iae_pathway(request, iae_pathway_id, manage=True))
    try:
        prolongation = workflow.prolong_iae_approval(
            approval=approval,
            by=request.user,
            ends_on=payload.ends_on,
            reason=payload.reason,
            requested_on=payload.requested_on,
            detail=payload.detail,
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, prolongation)


@router.post(
    "/parcours/{iae_pathway_id}/pass-iae/suspensions/{suspension_id}/retrait",
    response=IaeApprovalOut,
    summary="Retirer une suspension saisie par erreur, avec le motif",
)
def withdraw_pass_iae_suspension(
    request, iae_pathway_id: int, suspension_id: int, payload: IaeWithdrawIn
):
    require(request, Perm.PATHWAY_MANAGE)
    pathway = _iae_pathway(request, iae_pathway_id, manage=True)
    suspension = IaeSuspension.objects.filter(pk=suspension_id, approval__pathway=pathway).first()
    if suspension is None:
        raise HttpError(404, "Cette suspension n'est pas sur le PASS IAE de ce parcours.")
    try:
        workflow.withdraw_iae_suspension(
            suspension=suspension, by=request.user, reason=payload.reason
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return _approval_out(request, pathway)


@router.post(
    "/parcours/{iae_pathway_id}/pass-iae/prolongations/{prolongation_id}/retrait",
    response=IaeApprovalOut,
    summary="Retirer la dernière prolongation, saisie par erreur, avec le motif",
)
def withdraw_pass_iae_prolongation(
    request, iae_pathway_id: int, prolongation_id: int, payload: IaeWithdrawIn
):
    require(request, Perm.PATHWAY_MANAGE)
    pathway = _iae_pathway(request, iae_pathway_id, manage=True)
    prolongation = IaeProlongation.objects.filter(
        pk=prolongation_id, approval__pathway=pathway
    ).first()
    if prolongation is None:
        raise HttpError(404, "Cette prolongation n'est pas sur le PASS IAE de ce parcours.")
    try:
        workflow.withdraw_iae_prolongation(
            prolongation=prolongation, by=request.user, reason=payload.reason
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return _approval_out(request, pathway)
