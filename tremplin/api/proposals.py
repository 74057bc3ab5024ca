"""API of proposals (mises en relation): a person proposed to an employer for an offer.

What leaves here of the person is their id and the minimal profile the employer sees
(`matching.proposals.shared_profile`: first name and initial, the job aimed at, the skills
the offer asks for, availability, commune, radius, licences) — never the birth date, the
address or the contact details. A proposal tells a part of the person's professional project
(who was proposed where, with what answer): each response that shows proposals is logged in
the access log (section « projet »).
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from tremplin.api.common import form_error, log_people, page_of, require, validation_error
from tremplin.core.permissions import Perm, Section
from tremplin.employers.access import get_offer_for_user
from tremplin.matching import proposals as workflow
from tremplin.matching.forms import AnswerForm, ProposeForm, WithdrawForm
from tremplin.matching.models import Proposal
from tremplin.people.models import Person

router = Router(tags=["Mises en relation"])


class ProfileOut(Schema):
    """All the employer sees of the person."""

    name: str = Field(..., description="Prénom et initiale du nom")
    job: str = Field(..., description="Le métier visé le plus proche de l'offre")
    skills: list[str] = Field(..., description="Les compétences de la personne que l'offre demande")
    available_on: date | None
    commune: str
    radius_km: int | None
    licences: list[str]


class EventOut(Schema):
    at: datetime
    status_to: str
    by_id: int | None = Field(None, description="Le membre de la structure, s'il y en a un")
    by_label: str = Field(..., description="Le nom donné par l'employeur qui a répondu par le lien")
    note: str


class ProposalOut(Schema):
    id: int
    offer_id: int
    offer_title: str = Field(..., alias="offer.title")
    company_id: int = Field(..., alias="offer.company_id")
    person_id: int
    status: str
    status_label: str
    score: Decimal | None
    message: str
    recipient_email: str = Field(..., description="L'e-mail de l'employeur qui reçoit le lien")
    proposed_by_id: int
    created_at: datetime
    interview_at: datetime | None
    hire_starts_on: date | None = Field(None, description="Pour une embauche : la prise de poste")
    refusal_reason: str
    answer_comment: str
    answered_at: datetime | None
    version: int

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class ProposalDetailOut(ProposalOut):
    profile: ProfileOut
    events: list[EventOut]

    @staticmethod
    def resolve_profile(obj):
        return workflow.shared_profile(obj.person, obj.offer)

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())


class ProposalPage(Schema):
    items: list[ProposalOut]
    count: int


class ProposeIn(Schema):
    offer_id: int = Field(..., description="Une offre publiée de la structure")
    person_id: int
    message: str = Field("", description="Ce qui fait de cette personne une bonne candidate")
    recipient_email: str = Field(
        "",
        description="L'employeur reçoit un lien pour voir le profil et répondre, sans compte ; "
        "vide : la structure note elle-même sa réponse",
    )


class AnswerIn(Schema):
    outcome: str = Field(..., description="`interview`, `hired` ou `refused`")
    interview_at: datetime | None = Field(
        None, description="Obligatoire pour `interview` : la date et l'heure à venir"
    )
    starts_on: date | None = Field(
        None, description="Obligatoire pour `hired` : la date de prise de poste"
    )
    refusal_reason: str = Field(
        "",
        description="Pour `refused` : `profile`, `experience`, `filled`, `unreachable`, "
        "`interview` ou `other` (avec un commentaire)",
    )
    comment: str = ""
    version: int = Field(
        ..., description="La version lue : refusé si la mise en relation a changé depuis"
    )


class WithdrawIn(Schema):
    reason: str = Field(..., description="Pourquoi la candidature est retirée")


def _visible(request):
    return Proposal.objects.visible_to(request.user).select_related("offer")


def _get(request, proposal_id: int) -> Proposal:
    proposal = _visible(request).select_related("person__commune").filter(pk=proposal_id).first()
    if proposal is None:
        raise HttpError(404, "Mise en relation introuvable.")
    return proposal


def _detail(request, proposal_id: int) -> Proposal:
    """The proposal with the profile shown to the employer: a read of the project, logged."""
    proposal = _get(request, proposal_id)
    log_people(request, [proposal.person_id], Section.PROJECT)
    return proposal


@router.get(
    "/mises-en-relation",
    response=ProposalPage,
    summary="Les mises en relation de la structure (50 par page, les plus récentes d'abord)",
)
def list_proposals(
    request,
    offer_id: int | None = None,
    person_id: int | None = None,
    statut: str = "",
    page: int = 1,
):
    """Filtres : l'offre, la personne, l'état (`proposed`, `interview`, `hired`, `refused`,
    `withdrawn`). Chaque personne d'une page est inscrite au journal des consultations."""
    require(request, Perm.EMPLOYERS_VIEW)
    proposals = _visible(request)
    if offer_id:
        proposals = proposals.filter(offer_id=offer_id)
    if person_id:
        proposals = proposals.filter(person_id=person_id)
    if statut:
        proposals = proposals.filter(status=statut)
    result = page_of(proposals.order_by("-created_at", "-pk"), page)
    log_people(request, [p.person_id for p in result["items"]], Section.PROJECT)
    return result


@router.get(
    "/mises-en-relation/{proposal_id}",
    response=ProposalDetailOut,
    summary="Une mise en relation : le profil vu par l'employeur et l'historique",
)
def get_proposal(request, proposal_id: int):
    require(request, Perm.EMPLOYERS_VIEW)
    return _detail(request, proposal_id)


@router.post(
    "/mises-en-relation",
    response={201: ProposalDetailOut},
    summary="Proposer une personne pour une offre publiée (avec son accord)",
)
def create_proposal(request, payload: ProposeIn):
    require(request, Perm.EMPLOYERS_MANAGE)
    try:
        offer = get_offer_for_user(request.user, payload.offer_id)
    except Http404:
        raise HttpError(404, "Offre introuvable.") from None
    # The chargé·e de relations entreprises sees only the people who agreed to be proposed;
    # for the counselors, the workflow refuses a person without that consent.
    person = Person.objects.visible_to(request.user).filter(pk=payload.person_id).first()
    if person is None:
        raise HttpError(404, "Dossier introuvable.")
    form = ProposeForm({"message": payload.message, "recipient_email": payload.recipient_email})
    if not form.is_valid():
        raise form_error(form)
    try:
        proposal = workflow.propose(
            offer=offer,
            person=person,
            membership=request.user.active_membership,
            message=form.cleaned_data["message"],
            recipient_email=form.cleaned_data["recipient_email"],
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return Status(201, _detail(request, proposal.pk))


@router.post(
    "/mises-en-relation/{proposal_id}/reponse",
    response=ProposalDetailOut,
    summary="Noter la réponse de l'employeur (entretien, embauche, non retenue)",
)
def answer_proposal(request, proposal_id: int, payload: AnswerIn):
    require(request, Perm.EMPLOYERS_MANAGE)
    proposal = _get(request, proposal_id)
    form = AnswerForm(
        {
            "outcome": payload.outcome,
            "interview_at": payload.interview_at,
            "starts_on": payload.starts_on,
            "refusal_reason": payload.refusal_reason,
            "comment": payload.comment,
        },
        with_name=False,
    )
    if not form.is_valid():
        raise form_error(form)
    data = form.cleaned_data
    try:
        workflow.answer(
            proposal=proposal,
            outcome=data["outcome"],
            by=request.user,
            interview_at=data["interview_at"],
            starts_on=data["starts_on"],
            refusal_reason=data["refusal_reason"],
            comment=data["comment"],
            version=payload.version,
        )
    except ValidationError as error:
        raise validation_error(error) from None
    return _detail(request, proposal.pk)


@router.post(
    "/mises-en-relation/{proposal_id}/retrait",
    response=ProposalDetailOut,
    summary="Retirer une candidature, avec le motif",
)
def withdraw_proposal(request, proposal_id: int, payload: WithdrawIn):
    require(request, Perm.EMPLOYERS_MANAGE)
    proposal = _get(request, proposal_id)
    form = WithdrawForm({"reason": payload.reason})
    if not form.is_valid():
        raise form_error(form)
    try:
        workflow.withdraw(proposal=proposal, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        raise validation_error(error) from None
    return _detail(request, proposal.pk)
