"""API of employer relations: companies, prospection campaigns, job offers (with the
findings of the non-discrimination checker) and their publication."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from tremplin.api.common import form_error, require, validation_error
from tremplin.core.permissions import Perm
from tremplin.employers import actions
from tremplin.employers.access import (
    get_campaign_for_user,
    get_company_for_user,
    get_offer_for_user,
)
from tremplin.employers.campaigns import indicators
from tremplin.employers.enums import EmployerSector, SizeBracket
from tremplin.employers.forms import CompanyForm
from tremplin.employers.models import Campaign, Company, JobOffer

router = Router(tags=["Relations entreprises"])


class CompanyOut(Schema):
    id: int
    name: str
    siret: str
    naf: str = Field(..., alias="naf_id")
    size_bracket: str
    sector: str
    address: str
    postal_code: str
    commune_insee: str | None = Field(None, alias="commune_id")
    phone: str
    email: str
    website: str
    version: int


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    role: str
    phone: str
    email: str
    is_active: bool


class InteractionOut(Schema):
    id: int
    kind: str
    occurred_on: date
    contact_id: int | None
    campaign_id: int | None
    summary: str
    next_step: str
    next_step_due_on: date | None
    next_step_owner_id: int | None
    next_step_done_on: date | None


class CompanyDetailOut(CompanyOut):
    contacts: list[ContactOut]
    interactions: list[InteractionOut]

    @staticmethod
    def resolve_contacts(obj):
        return list(obj.contacts.all())

    @staticmethod
    def resolve_interactions(obj):
        return list(obj.interactions.all())


class CompanyIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    siret: str
    naf: str = Field(..., description="Sous-classe NAF rév. 2, par exemple 56.10A")
    size_bracket: SizeBracket = SizeBracket.UNKNOWN
    sector: EmployerSector = Field(
        EmployerSector.UNKNOWN,
        description="Secteur marchand (private) ou non marchand (association, public) ; "
        "« siae » pour une structure d'insertion ; vide si inconnu",
    )
    address: str = ""
    postal_code: str = ""
    commune_insee: str | None = None
    phone: str = ""
    email: str = ""
    website: str = ""


class IndicatorOut(Schema):
    code: str
    label: str
    planned: int
    done: int
    gap: int


class CampaignOut(Schema):
    id: int
    name: str
    objectives: str
    starts_on: date
    ends_on: date
    status: str
    owner_id: int
    target_naf: list[str]
    target_fiches: list[str]
    target_communes: list[str]
    target_department: str | None = Field(None, alias="target_department_id")
    target_size_brackets: list[str]

    @staticmethod
    def resolve_target_naf(obj):
        return [n.pk for n in obj.target_naf.all()]

    @staticmethod
    def resolve_target_fiches(obj):
        return [f.pk for f in obj.target_fiches.all()]

    @staticmethod
    def resolve_target_communes(obj):
        return [c.pk for c in obj.target_communes.all()]


class CampaignDetailOut(CampaignOut):
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj):
        return [
            {"code": i.code, "label": i.label, "planned": i.planned, "done": i.done, "gap": i.gap}
            for i in indicators(obj)
        ]


class FindingOut(Schema):
    field: str
    field_label: str
    start: int
    end: int
    words: str
    rule: str
    rule_label: str
    articles: list[str]
    explanation: str
    suggestion: str
    # A caution (pay of an apprentice below the SMIC…) is to verify but does not hold the
    # publication; older stored findings have no such key.
    is_caution: bool = False
    # Plainly unlawful: only a manager (right to review offers) may publish despite it.
    is_blocking: bool = False


class ConfirmationOut(Schema):
    confirmed_by_id: int
    confirmed_at: datetime
    reason: str
    findings: list[FindingOut]


class OfferOut(Schema):
    id: int
    company_id: int
    need_id: int | None
    campaign_id: int | None
    title: str
    appellation: str = Field(..., alias="appellation_id")
    rome_fiche: str = Field(..., alias="fiche_id")
    contract_type: str
    contract_months: int | None
    weekly_hours: Decimal
    pay_min: Decimal | None
    pay_max: Decimal | None
    pay_period: str
    commune_insee: str = Field(..., alias="commune_id")
    latitude: float | None
    longitude: float | None
    description: str
    profile: str
    working_conditions: str
    required_skills: list[str]
    driving_licences: list[str]
    qualifications: str
    start_on: date | None
    positions: int
    status: str
    published_at: datetime | None
    hired_count: int
    version: int

    @staticmethod
    def resolve_latitude(obj):
        return obj.commune.latitude

    @staticmethod
    def resolve_longitude(obj):
        return obj.commune.longitude

    @staticmethod
    def resolve_required_skills(obj):
        return [s.pk for s in obj.required_skills.all()]


class PublicationRequestOut(Schema):
    id: int
    requested_by_id: int
    requested_at: datetime
    reason: str
    findings: list[FindingOut]
    closed_at: datetime | None
    closed_by_id: int | None
    outcome: str = Field(
        ..., description="published, returned, corrected ; vide tant qu'elle attend"
    )
    note: str


class OfferDetailOut(OfferOut):
    findings: list[FindingOut]
    confirmations: list[ConfirmationOut]
    publication_requests: list[PublicationRequestOut]

    @staticmethod
    def resolve_findings(obj):
        return actions.findings_as_data(actions.offer_findings(obj))

    @staticmethod
    def resolve_confirmations(obj):
        return list(obj.confirmations.all())

    @staticmethod
    def resolve_publication_requests(obj):
        return list(obj.publication_requests.order_by("-requested_at", "-pk"))


class PublishIn(Schema):
    confirm: bool = Field(
        False, description="Publier malgré les constats du contrôle (avec un motif)"
    )
    reason: str = Field("", max_length=1000)


class PublicationRequestIn(Schema):
    reason: str = Field(
        ..., max_length=1000, description="Pourquoi l'offre est soumise malgré les constats"
    )


class PublicationReturnIn(Schema):
    note: str = Field(..., max_length=1000, description="Ce qu'il faut corriger")


def _load(loader, request, pk, message):
    try:
        return loader(request.user, pk)
    except Http404:
        raise HttpError(404, message) from None


@router.get("/entreprises", response=list[CompanyOut], summary="Le fichier entreprises")
@paginate(PageNumberPagination, page_size=50)
def list_companies(request, q: str = "", naf: str = ""):
    require(request, Perm.EMPLOYERS_VIEW)
    companies = Company.objects.visible_to(request.user)
    if q:
        companies = companies.search(q)
    if naf:
        companies = companies.in_naf(naf)
    return companies.order_by("name", "pk")


@router.get(
    "/entreprises/{company_id}", response=CompanyDetailOut, summary="Une entreprise et ses échanges"
)
def get_company(request, company_id: int):
    require(request, Perm.EMPLOYERS_VIEW)
    return _load(get_company_for_user, request, company_id, "Entreprise introuvable.")


@router.post("/entreprises", response={201: CompanyOut}, summary="Ajouter une entreprise")
def create_company(request, payload: CompanyIn):
    require(request, Perm.EMPLOYERS_MANAGE)
    membership = request.user.active_membership
    data = payload.dict()
    commune = data.pop("commune_insee")
    form = CompanyForm(
        {**data, "commune": commune or ""},
        instance=Company(structure_id=membership.structure_id),
        structure_id=membership.structure_id,
    )
    if not form.is_valid():
        raise form_error(form)
    company = form.save(commit=False)
    company.created_by = request.user
    company.save()
    return Status(201, company)


@router.get("/campagnes", response=list[CampaignOut], summary="Les campagnes de prospection")
@paginate(PageNumberPagination, page_size=50)
def list_campaigns(request):
    require(request, Perm.EMPLOYERS_VIEW)
    return (
        Campaign.objects.visible_to(request.user)
        .prefetch_related("target_naf", "target_fiches", "target_communes")
        .order_by("-starts_on", "-pk")
    )


@router.get(
    "/campagnes/{campaign_id}",
    response=CampaignDetailOut,
    summary="Une campagne et ses indicateurs (prévu, réalisé, écart)",
)
def get_campaign(request, campaign_id: int):
    require(request, Perm.EMPLOYERS_VIEW)
    return _load(get_campaign_for_user, request, campaign_id, "Campagne introuvable.")


@router.get("/offres", response=list[OfferOut], summary="Les offres d'emploi de la structure")
@paginate(PageNumberPagination, page_size=50)
def list_job_offers(request, statut: str = ""):
    require(request, Perm.EMPLOYERS_VIEW)
    offers = (
        JobOffer.objects.visible_to(request.user)
        .select_related("commune")
        .prefetch_related("required_skills")
    )
    if statut:
        offers = offers.filter(status=statut)
    return offers.order_by("-created_at", "-pk")


@router.get(
    "/offres/{job_offer_id}",
    response=OfferDetailOut,
    summary="Une offre, avec les constats du contrôle de non-discrimination",
)
def get_job_offer(request, job_offer_id: int):
    require(request, Perm.EMPLOYERS_VIEW)
    return _load(get_offer_for_user, request, job_offer_id, "Offre introuvable.")


@router.post(
    "/offres/{job_offer_id}/publication",
    response=OfferDetailOut,
    summary="Publier un brouillon (avec des constats restants : confirmation et motif requis)",
)
def publish_job_offer(request, job_offer_id: int, payload: PublishIn):
    require(request, Perm.EMPLOYERS_MANAGE)
    offer = _load(get_offer_for_user, request, job_offer_id, "Offre introuvable.")
    try:
        actions.publish_offer(
            offer=offer, by=request.user, confirm=payload.confirm, reason=payload.reason
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return get_offer_for_user(request.user, offer.pk)


@router.post(
    "/offres/{job_offer_id}/demande-de-publication",
    response={201: PublicationRequestOut},
    summary="Soumettre au ou à la responsable un brouillon bloqué par le contrôle",
)
def request_job_offer_publication(request, job_offer_id: int, payload: PublicationRequestIn):
    """Findings plainly unlawful hold the publication: the liaison submits the offer, with
    her reason, to the manager, who is told by e-mail. The offer stays a draft."""
    require(request, Perm.EMPLOYERS_MANAGE)
    offer = _load(get_offer_for_user, request, job_offer_id, "Offre introuvable.")
    try:
        publication_request = actions.request_publication(
            offer=offer, by=request.user, reason=payload.reason
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, publication_request)


@router.post(
    "/offres/{job_offer_id}/demande-de-publication/renvoi",
    response=PublicationRequestOut,
    summary="Renvoyer pour correction une offre soumise (responsable)",
)
def return_job_offer(request, job_offer_id: int, payload: PublicationReturnIn):
    """The manager declines to publish: the offer stays a draft, the liaison is told."""
    require(request, Perm.OFFER_REVIEW)
    offer = _load(get_offer_for_user, request, job_offer_id, "Offre introuvable.")
    try:
        return actions.return_request(offer=offer, by=request.user, note=payload.note)
    except ValidationError as error:
        raise validation_error(error) from None
