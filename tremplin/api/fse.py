"""API of the FSE+ data of one pathway: the facts confirmed at entry, the common indicators
(entry, upon leaving, six months after) and the 6-month survey, with the phone answer."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from tremplin.api.common import require, validation_error
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Perm, Section
from tremplin.fse import actions, rules
from tremplin.fse.enums import Contract, Improvement, SurveySituation
from tremplin.fse.models import Participation, Survey
from tremplin.pathways.access import get_pathway_for_user

router = Router(tags=["FSE+"])


class IndicatorOut(Schema):
    code: str = Field(..., description="Code de l'indicateur commun (vide s'il n'en a pas)")
    key: str
    label: str
    value: str = Field(..., description="oui, non, non renseigné ou non concerné")


class ParticipationOut(Schema):
    labour_status: str
    jobseeker_since: date | None
    entry_contract: str
    education_level: str
    housing_exclusion: str
    rural: str
    disability: str | None = Field(
        None, description="Donnée de santé : absente sans accès à la partie santé du dossier"
    )
    qualification: str
    version: int


class SurveyOut(Schema):
    send_status: str
    sent_at: datetime | None
    expires_at: datetime | None
    answered_at: datetime | None
    answered_via: str
    situation: str
    contract: str
    improvements: list[str]


class FseOut(Schema):
    is_fse: bool = Field(..., description="Le parcours a un financeur FSE+")
    pseudonym: str = Field(..., description="L'identifiant du participant dans les tableaux")
    participation: ParticipationOut | None
    entry: list[IndicatorOut]
    exit_on: date | None
    exit: list[IndicatorOut]
    six_month_on: date | None
    six_months: list[IndicatorOut]
    survey: SurveyOut | None


class PhoneAnswerIn(Schema):
    situation: SurveySituation
    contract: Contract | None = Field(None, description="Seulement pour un emploi salarié")
    improvements: list[Improvement] = Field(
        default_factory=list,
        description="Ce qui a changé dans le travail (personne en emploi à l'entrée)",
    )


def _load(request, pathway_id: int):
    try:
        pathway, access = get_pathway_for_user(request.user, pathway_id)
    except Http404:
        raise HttpError(404, "Parcours introuvable.") from None
    log_read(
        user=request.user,
        person=access.person,
        section=Section.PATHWAY,
        channel=AccessLog.Channel.API,
    )
    if not access.can(Perm.PATHWAY_MANAGE):
        raise HttpError(403, "Votre rôle ne permet pas de voir les données FSE+ de ce parcours.")
    return pathway, access


def _indicators(indicators, values, *, can_see_health=True) -> list[dict]:
    return [
        {"code": i.code, "key": i.key, "label": i.label, "value": str(values[i.key])}
        for i in indicators
        if can_see_health or not i.is_sensitive
    ]


def _fse(pathway, access) -> dict:
    participation = Participation.objects.filter(pathway=pathway).first()
    exit_ = getattr(pathway, "exit", None)
    survey = Survey.objects.filter(pathway=pathway).first()
    can_see_health = access.can_see(Section.HEALTH)
    values = actions.pathway_values(
        pathway, access.person, participation=participation, exit_=exit_, survey=survey
    )
    data = None
    if participation is not None:
        data = {
            name: getattr(participation, name)
            for name in ParticipationOut.model_fields
            if name != "disability" or can_see_health
        }
    return {
        "is_fse": actions.is_fse(pathway),
        "pseudonym": actions.pseudonym(pathway.structure_id, access.person.public_id),
        "participation": data,
        "entry": _indicators(rules.ENTRY_INDICATORS, values.entry, can_see_health=can_see_health),
        "exit_on": exit_.exit_on if exit_ else None,
        "exit": _indicators(rules.EXIT_INDICATORS, values.exit) if exit_ else [],
        "six_month_on": rules.six_month_date(exit_.exit_on) if exit_ else None,
        "six_months": _indicators(rules.SIX_MONTH_INDICATORS, values.six_months) if exit_ else [],
        "survey": survey,
    }


@router.get(
    "/parcours/{pathway_id}/fse",
    response=FseOut,
    summary="Les données FSE+ d'un parcours : faits à l'entrée, indicateurs, enquête à 6 mois",
)
def get_fse(request, pathway_id: int):
    require(request, Perm.PATHWAY_MANAGE)
    return _fse(*_load(request, pathway_id))


@router.post(
    "/parcours/{pathway_id}/fse/reponse-par-telephone",
    response=FseOut,
    summary="Noter la réponse à l'enquête à 6 mois donnée par téléphone",
)
def phone_answer(request, pathway_id: int, payload: PhoneAnswerIn):
    require(request, Perm.PATHWAY_MANAGE)
    pathway, access = _load(request, pathway_id)
    try:
        actions.record_phone_answer(
            pathway=pathway,
            by=request.user,
            data={
                "situation": payload.situation,
                "contract": payload.contract or "",
                "improvements": list(payload.improvements),
            },
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return _fse(*_load(request, pathway_id))
