"""API of the social-rights estimates: list and read the estimates kept in the files, and
estimate anew from the same inputs as the « Droits » tab.

Resources are social data: counselors and managers of the structure. Every response that
shows an estimate is logged in the access log (section « situation »), as the screens do.
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from tremplin.api.common import form_error, log_people, page_of, require
from tremplin.core.permissions import Perm, Section
from tremplin.people.access import get_person_for_user
from tremplin.rights import actions, engine
from tremplin.rights.access import get_estimate_for_user
from tremplin.rights.forms import EstimateForm
from tremplin.rights.models import RightsEstimate

router = Router(tags=["Estimation des droits sociaux"])


class EstimateLineOut(Schema):
    key: str = Field(..., description="rsa, ppa, housing, af, cf, asf ou paje")
    label: str
    amount: float = Field(..., description="Montant mensuel estimé, en euros")


class EstimateOut(Schema):
    id: int
    person_id: int
    month: date = Field(..., description="Le mois estimé (premier jour)")
    total: Decimal = Field(..., description="Total mensuel estimé, en euros")
    lines: list[EstimateLineOut]
    housing_kind: str = Field(..., description="apl, alf ou als ; vide sans aide au logement")
    css: str = Field(
        ..., description="Complémentaire santé solidaire : free, participation ou none"
    )
    css_participation: float = Field(..., description="Participation mensuelle du foyer")
    household: dict = Field(..., description="Le foyer et les ressources pris en compte")
    engine_version: str
    created_by_id: int
    created_at: datetime

    @staticmethod
    def resolve_lines(estimate):
        return [
            {"key": line["key"], "label": line["label"], "amount": line["amount"]}
            for line in estimate.lines()
        ]

    @staticmethod
    def resolve_housing_kind(estimate):
        return estimate.result.get("housing_kind", "")

    @staticmethod
    def resolve_css(estimate):
        return estimate.result.get("css", "none")

    @staticmethod
    def resolve_css_participation(estimate):
        return estimate.result.get("css_participation", 0.0)


class EstimatePage(Schema):
    items: list[EstimateOut]
    count: int


class EstimateIn(Schema):
    salary: Decimal | None = Field(None, description="Salaire net mensuel de la personne")
    unemployment: Decimal | None = Field(None, description="Allocation chômage (ARE) par mois")
    ass: Decimal | None = Field(None, description="ASS perçue par mois")
    alimony: Decimal | None = Field(None, description="Pension alimentaire reçue par mois")
    in_couple: bool = False
    partner_birth_date: date | None = None
    partner_salary: Decimal | None = None
    partner_unemployment: Decimal | None = None
    children_birth_dates: list[date] = Field(default_factory=list)
    housing: str = Field(..., description="locataire_vide, locataire_hlm, loge_gratuitement…")
    rent: Decimal | None = Field(None, description="Loyer mensuel hors charges")
    commune: str = Field(..., description="Code INSEE de la commune du logement")


@router.get(
    "/estimations-droits",
    response=EstimatePage,
    summary="Les estimations des droits sociaux de la structure (les plus récentes d'abord)",
)
def list_estimates(request, person_id: int | None = None, page: int = 1):
    """Filtre : la personne. Chaque personne d'une page est inscrite au journal des
    consultations."""
    require(request, Perm.PERSON_VIEW)
    estimates = RightsEstimate.objects.visible_to(request.user)
    if person_id:
        estimates = estimates.filter(person_id=person_id)
    result = page_of(estimates.order_by("-created_at", "-pk"), page)
    log_people(request, [e.person_id for e in result["items"]], Section.SITUATION)
    return result


@router.get(
    "/estimations-droits/{estimate_id}",
    response=EstimateOut,
    summary="Une estimation des droits sociaux",
)
def get_estimate(request, estimate_id: int):
    require(request, Perm.PERSON_VIEW)
    try:
        estimate, _access = get_estimate_for_user(request.user, estimate_id)
    except Http404:
        raise HttpError(404, "Estimation introuvable.") from None
    log_people(request, [estimate.person_id], Section.SITUATION)
    return estimate


@router.post(
    "/personnes/{person_id}/estimations-droits",
    response={201: EstimateOut},
    summary="Estimer les droits sociaux d'une personne pour le mois en cours (OpenFisca-France)",
)
def create_estimate(request, person_id: int, payload: EstimateIn):
    require(request, Perm.RIGHTS_ESTIMATE)
    try:
        access = get_person_for_user(request.user, person_id, section=Section.SITUATION)
    except Http404:
        raise HttpError(404, "Dossier introuvable.") from None
    if not access.can(Perm.RIGHTS_ESTIMATE):
        raise HttpError(403, "Votre structure ne suit pas cette personne.")
    if not engine.is_available():
        raise HttpError(503, "Le moteur de calcul OpenFisca-France n'est pas installé.")
    data = payload.dict()
    form = EstimateForm(
        {
            **{k: "" if v is None else str(v) for k, v in data.items() if k != "in_couple"},
            "in_couple": "1" if data["in_couple"] else "0",
            "children": ", ".join(d.strftime("%d/%m/%Y") for d in data["children_birth_dates"]),
        },
        person=access.person,
    )
    if not form.is_valid():
        raise form_error(form)
    log_people(request, [access.person.pk], Section.SITUATION)
    try:
        estimate = actions.record_estimate(
            person=access.person,
            structure=request.user.active_membership.structure,
            by=request.user,
            household=form.household(),
            month=timezone.localdate().replace(day=1),
        )
    except engine.EstimateError:
        raise HttpError(422, "Le calcul n'a pas abouti avec ces informations.") from None
    return Status(201, estimate)
