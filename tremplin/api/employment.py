"""API of the in-job follow-up (suivi dans l'emploi): employments, their check-ins, mediation
notes and integration review; the caller's check-ins to do; the steps of the follow-up.

The employment section is social: counselors and managers of the structure that follows the
job. Every response that shows an employment is logged in the access log (section
« emploi »), as the screens do. The writes go through `employment.actions`, after the same
forms as the screens.
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from tremplin.api.common import form_error, log_people, page_of, require, validation_error
from tremplin.core.permissions import Perm, Section
from tremplin.employment import actions
from tremplin.employment.access import get_employment_for_user
from tremplin.employment.enums import EmploymentStatus
from tremplin.employment.forms import CheckInForm, ClearRiskForm, EndForm, OutcomeForm, RiskForm
from tremplin.employment.models import CheckIn, Employment, IntegrationReview

router = Router(tags=["Suivi dans l'emploi"])


def _version():
    return Field(..., description="La version lue : refusé si le suivi a changé depuis")


class EmploymentOut(Schema):
    id: int
    person_id: int
    referent_id: int = Field(..., description="Qui assure le suivi")
    proposal_id: int | None = Field(None, description="La mise en relation d'où vient l'embauche")
    company_id: int | None = Field(None, description="L'entreprise du fichier entreprises")
    employer_name: str
    job_title: str
    appellation: str | None = Field(None, alias="appellation_id")
    contract_type: str
    starts_on: date
    contract_ends_on: date | None
    trial_ends_on: date | None
    weekly_hours: Decimal | None
    status: str
    at_risk: bool = Field(..., description="Risque de rupture signalé")
    ended_on: date | None
    end_reason: str
    six_months_on: date = Field(..., description="Date de la situation à 6 mois")
    outcome: str = Field(..., description="Situation à 6 mois (vide tant qu'elle n'est pas notée)")
    outcome_due: bool = Field(..., description="La situation à 6 mois est à noter")
    version: int


class CheckInOut(Schema):
    id: int
    employment_id: int
    step: str = Field(..., description="L'échéance prévue, par exemple « 1 mois »")
    due_on: date
    assignee_id: int
    cancelled: bool
    is_overdue: bool
    done_on: date | None
    done_by_id: int | None
    channel: str
    with_person: bool
    with_employer: bool
    integration: str
    tasks: str
    person_view: str
    employer_view: str
    next_steps: str
    risk: str


class MediationOut(Schema):
    id: int
    held_on: date
    author_id: int
    topic: str
    parties: list[str]
    facts: str
    agreed: str


class ReviewOut(Schema):
    id: int
    author_id: int
    held_on: date
    with_person: bool
    with_employer: bool
    skills_acquired: str
    employer_assessment: str
    person_assessment: str
    to_consolidate: str
    training_needs: str
    continuation: str
    version: int


class EmploymentDetailOut(EmploymentOut):
    tutor_name: str
    tutor_role: str
    tutor_phone: str
    tutor_email: str
    plan_welcome: str
    plan_training: str
    plan_support: str
    plan_vigilance: str
    plan_agreed_on: date | None
    plan_agreed_with: str
    schedule: str
    risk_reason: str
    risk_raised_at: datetime | None
    risk_raised_by_id: int | None
    risk_cleared_at: datetime | None
    risk_cleared_note: str
    end_note: str
    outcome_note: str
    outcome_recorded_on: date | None
    check_ins: list[CheckInOut]
    mediations: list[MediationOut]
    review: ReviewOut | None = Field(None, description="Le bilan d'intégration, une fois fait")

    @staticmethod
    def resolve_check_ins(obj):
        return list(obj.check_ins.all())

    @staticmethod
    def resolve_mediations(obj):
        return list(obj.mediations.all())

    @staticmethod
    def resolve_review(obj):
        return IntegrationReview.objects.filter(employment=obj).first()


class EmploymentPage(Schema):
    items: list[EmploymentOut]
    count: int


class TaskOut(Schema):
    """A check-in to do, with what the counselor needs to find it."""

    id: int
    employment_id: int
    person_id: int = Field(..., alias="employment.person_id")
    employer_name: str = Field(..., alias="employment.employer_name")
    job_title: str = Field(..., alias="employment.job_title")
    step: str
    due_on: date
    is_overdue: bool


class TaskPage(Schema):
    items: list[TaskOut]
    count: int


class CheckInIn(Schema):
    done_on: date
    channel: str = Field(..., description="`workplace`, `phone`, `video` ou `office`")
    with_person: bool = True
    with_employer: bool = False
    integration: str = Field(..., description="Intégration dans l'équipe : `good`, `fair`, `poor`")
    tasks: str = Field(..., description="Maîtrise des tâches : `good`, `fair`, `poor`")
    person_view: str = ""
    employer_view: str = ""
    next_steps: str = ""
    risk: str = Field(
        ..., description="`none`, `watch` ou `high` (`high` signale un risque de rupture)"
    )


class RiskIn(Schema):
    reason: str = Field(..., description="Ce qui fait craindre une rupture")
    version: int = _version()


class ClearRiskIn(Schema):
    note: str = Field(..., description="Ce qui a levé le risque")
    version: int = _version()


class EndIn(Schema):
    ended_on: date = Field(..., description="Dernier jour dans l'emploi")
    reason: str = Field(
        ...,
        description="Selon le contrat de l'emploi (un autre motif est refusé, code 422). "
        "Tous : `trial_employer`, `trial_person`, `other` (précisé dans `note`). "
        "CDD et CDDI : `term`, `agreed`, `serious_misconduct`, `force_majeure`, `unfitness`, "
        "`left_for_cdi` ; CDDI seulement : `left_for_fixed_term`, `left_for_training`. "
        "CDI : `resignation`, `conventional`, `dismissal_personal`, `dismissal_economic`. "
        "Intérim : `term`, `mission_early`. Apprentissage, professionnalisation : ceux du "
        "CDD et du CDI ; contrat aidé : ceux du CDDI et du CDI.",
    )
    note: str = ""
    version: int = _version()


class OutcomeIn(Schema):
    outcome: str = Field(
        ...,
        description="`same_employer`, `other_employer`, `training`, `job_seeking`, `unknown` "
        "ou `other` (précisée dans `note`)",
    )
    note: str = ""
    version: int = _version()


def _load(request, employment_id: int, *, manage: bool = False) -> Employment:
    """The employment if the caller may read it (else 404), its read logged; with `manage`,
    403 unless the caller's structure follows the person and their role may follow jobs."""
    try:
        employment, access = get_employment_for_user(request.user, employment_id)
    except Http404:
        raise HttpError(404, "Suivi dans l'emploi introuvable.") from None
    log_people(request, [employment.person_id], Section.EMPLOYMENT)
    if manage and not access.can(Perm.EMPLOYMENT_FOLLOW):
        raise HttpError(403, "Votre structure ne suit pas cette personne.")
    return employment


def _reloaded(request, employment: Employment) -> Employment:
    return get_employment_for_user(request.user, employment.pk)[0]


@router.get(
    "/emplois",
    response=EmploymentPage,
    summary="Les emplois suivis visibles (50 par page, les plus récentes prises de poste d'abord)",
)
def list_employments(
    request,
    person_id: int | None = None,
    statut: str = "",
    risque: bool | None = None,
    page: int = 1,
):
    """Filtres : la personne, l'état (`active`, `ended`, `closed`), `risque=true` pour les
    emplois où un risque de rupture est signalé. Chaque personne d'une page est inscrite au
    journal des consultations."""
    require(request, Perm.PERSON_VIEW)
    employments = Employment.objects.visible_to(request.user)
    if person_id:
        employments = employments.filter(person_id=person_id)
    if statut:
        employments = employments.filter(status=statut)
    if risque is not None:
        employments = employments.filter(at_risk=risque)
    result = page_of(employments.order_by("-starts_on", "-pk"), page)
    log_people(request, [e.person_id for e in result["items"]], Section.EMPLOYMENT)
    return result


@router.get(
    "/emplois/{employment_id}",
    response=EmploymentDetailOut,
    summary="Un emploi suivi : le plan d'intégration, les points de suivi, les médiations, "
    "le bilan",
)
def get_employment(request, employment_id: int):
    require(request, Perm.PERSON_VIEW)
    return _load(request, employment_id)


@router.get(
    "/points-de-suivi",
    response=TaskPage,
    summary="Mes points de suivi à faire (les plus anciens d'abord)",
)
def list_check_ins_to_do(request, jusqu_au: date | None = None, page: int = 1):
    """Les points de suivi non faits et non annulés dont l'appelant·e est chargé·e, dans les
    emplois en cours ; `jusqu_au` limite aux échéances jusqu'à cette date."""
    require(request, Perm.EMPLOYMENT_FOLLOW)
    active = Employment.objects.visible_to(request.user).filter(status=EmploymentStatus.ACTIVE)
    points = (
        CheckIn.objects.pending()
        .filter(assignee=request.user, employment__in=active)
        .select_related("employment")
    )
    if jusqu_au is not None:
        points = points.filter(due_on__lte=jusqu_au)
    result = page_of(points.order_by("due_on", "pk"), page)
    log_people(request, [c.employment.person_id for c in result["items"]], Section.EMPLOYMENT)
    return result


@router.post(
    "/emplois/{employment_id}/points-de-suivi/{check_in_id}",
    response=CheckInOut,
    summary="Noter un point de suivi fait (un risque de rupture élevé le signale)",
)
def complete_check_in(request, employment_id: int, check_in_id: int, payload: CheckInIn):
    require(request, Perm.EMPLOYMENT_FOLLOW)
    employment = _load(request, employment_id, manage=True)
    point = employment.check_ins.filter(pk=check_in_id).first()
    if point is None:
        raise HttpError(404, "Point de suivi introuvable.")
    form = CheckInForm(payload.dict(), instance=point)
    if not form.is_valid():
        raise form_error(form)
    try:
        return actions.complete_check_in(check_in=point, by=request.user, data=form.cleaned_data)
    except ValidationError as error:
        raise validation_error(error) from None


def _step(request, employment_id: int, form, step):
    """One step of a follow-up: the employment loaded for a user who may follow it, the
    input checked by the form of the screens, the action applied (French 422 otherwise)."""
    require(request, Perm.EMPLOYMENT_FOLLOW)
    employment = _load(request, employment_id, manage=True)
    if not form.is_valid():
        raise form_error(form)
    try:
        step(employment, form.cleaned_data)
    except ValidationError as error:
        raise validation_error(error) from None
    return _reloaded(request, employment)


@router.post(
    "/emplois/{employment_id}/risque",
    response=EmploymentDetailOut,
    summary="Signaler un risque de rupture (le ou la référent·e est prévenu·e)",
)
def flag_employment_risk(request, employment_id: int, payload: RiskIn):
    return _step(
        request,
        employment_id,
        RiskForm({"reason": payload.reason}),
        lambda employment, data: actions.flag_risk(
            employment=employment, by=request.user, reason=data["reason"], version=payload.version
        ),
    )


@router.post(
    "/emplois/{employment_id}/risque/levee",
    response=EmploymentDetailOut,
    summary="Lever le risque de rupture, en disant ce qui l'a levé",
)
def clear_employment_risk(request, employment_id: int, payload: ClearRiskIn):
    return _step(
        request,
        employment_id,
        ClearRiskForm({"note": payload.note}),
        lambda employment, data: actions.clear_risk(
            employment=employment, by=request.user, note=data["note"], version=payload.version
        ),
    )


@router.post(
    "/emplois/{employment_id}/fin",
    response=EmploymentDetailOut,
    summary="Noter la fin de l'emploi (les points de suivi restants sont annulés)",
)
def end_employment(request, employment_id: int, payload: EndIn):
    return _step(
        request,
        employment_id,
        EndForm({"ended_on": payload.ended_on, "reason": payload.reason, "note": payload.note}),
        lambda employment, data: actions.end(
            employment=employment,
            ended_on=data["ended_on"],
            reason=data["reason"],
            note=data["note"],
            version=payload.version,
        ),
    )


@router.post(
    "/emplois/{employment_id}/situation-a-six-mois",
    response=EmploymentDetailOut,
    summary="Noter la situation six mois après la prise de poste (clôt le suivi)",
)
def record_employment_outcome(request, employment_id: int, payload: OutcomeIn):
    return _step(
        request,
        employment_id,
        OutcomeForm({"outcome": payload.outcome, "note": payload.note}),
        lambda employment, data: actions.record_outcome(
            employment=employment,
            by=request.user,
            outcome=data["outcome"],
            note=data["note"],
            version=payload.version,
        ),
    )
