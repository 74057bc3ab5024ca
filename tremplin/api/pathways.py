"""API of pathways (parcours): pathways, objectives, actions and exits."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from tremplin.api.common import require, validation_error
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Perm, Section
from tremplin.pathways import actions as workflow
from tremplin.pathways.access import get_pathway_for_user
from tremplin.pathways.enums import ActionOwner, ActionStatus, ExitSituation, Framework
from tremplin.pathways.exits import ExitFacts
from tremplin.pathways.models import Action, Funder, Objective, Pathway
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
