"""The two rankings: people to propose for an offer, offers for a person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from tremplin.audit.models import log_link_read, log_read
from tremplin.core.decorators import permission_required
from tremplin.core.http import private as _private
from tremplin.core.mobility import DEFAULT_MOBILITY_RADIUS_KM
from tremplin.core.permissions import Perm, Section
from tremplin.core.text import de
from tremplin.employers.access import get_offer_for_user
from tremplin.employment.models import Employment
from tremplin.matching import proposals as workflow
from tremplin.matching import sources
from tremplin.matching.engine import WEIGHTS
from tremplin.matching.forms import AnswerForm, ProposeForm, WithdrawForm
from tremplin.matching.models import Proposal, ProposalStatus
from tremplin.pathways.forms import add_validation_errors
from tremplin.people.access import file_access, open_file
from tremplin.people.models import Person
from tremplin.people.tabs import file_context

LABELS = {
    "job": "Métier",
    "skills": "Compétences",
    "distance": "Distance",
    "contract": "Contrat",
    "hours": "Horaires",
    "available": "Disponibilité",
    "licences": "Permis",
}


def _rows(pairs, hired=frozenset()):
    """The ranked rows. Whoever is already hired on the offer (a proposal marked
    « Embauche ») keeps a score but is flagged and moved after the others: proposing
    them again makes no sense, and the counselor still sees the hire."""
    rows = [
        {
            "item": item,
            "match": match,
            "parts": [(LABELS[k], v, WEIGHTS[k]) for k, v in match.parts.items()],
            "hired": item.pk in hired,
        }
        for item, match in pairs
    ]
    return sorted(rows, key=lambda row: row["hired"])


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def people_for_offer(request, job_offer_id):
    offer = get_offer_for_user(request.user, job_offer_id)
    ranking = sources.rank_people_for_offer(offer)
    pairs = ranking.pairs
    # Only the files this user may open are linked (the employer liaison sees the rest
    # of a file only where the person agreed to be proposed, which they all did here).
    shown = [p.pk for p, _m in pairs] + [far.item.pk for far in ranking.out_of_reach]
    visible = set(
        Person.objects.visible_to(request.user).filter(pk__in=shown).values_list("pk", flat=True)
    )
    return render(
        request,
        "matching/people_for_offer.html",
        {
            "nav": "employers",
            "section": "offers",
            "offer": offer,
            "rows": _rows(
                pairs,
                hired=set(
                    Proposal.objects.filter(offer=offer, status=ProposalStatus.HIRED).values_list(
                        "person_id", flat=True
                    )
                ),
            ),
            "out_of_reach": ranking.out_of_reach,
            "out_of_reach_count": ranking.out_of_reach_count,
            "default_radius": DEFAULT_MOBILITY_RADIUS_KM,
            "visible": visible,
            "pool": sources.proposable_people(offer.structure_id).count(),
            "proposed": set(
                Proposal.objects.filter(offer=offer)
                .exclude(status="withdrawn")
                .values_list("person_id", flat=True)
            ),
            "can_propose": request.user.active_membership.can(Perm.EMPLOYERS_MANAGE),
        },
    )


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def offers_for_person(request, person_id):
    access = open_file(request.user, person_id, section=Section.PROJECT)
    membership = request.user.active_membership
    context = file_context(request, access, tab="project")
    ranking = sources.rank_offers_for_person(access.person, membership.structure_id)
    context["rows"] = _rows(
        ranking.pairs,
        hired=set(
            Proposal.objects.filter(
                structure_id=membership.structure_id,
                person=access.person,
                status=ProposalStatus.HIRED,
            ).values_list("offer_id", flat=True)
        ),
    )
    context["out_of_reach"] = ranking.out_of_reach
    context["out_of_reach_count"] = ranking.out_of_reach_count
    context["default_radius"] = DEFAULT_MOBILITY_RADIUS_KM
    context["located"] = access.person.commune_id is not None
    context["proposals"] = (
        Proposal.objects.visible_to(request.user)
        .filter(person=access.person)
        .select_related("offer__company")
    )
    return render(request, "matching/offers_for_person.html", context)


# --- proposals (mises en relation) --------------------------------------------------------


def get_proposal_for_user(user, pk) -> Proposal:
    return get_object_or_404(
        Proposal.objects.visible_to(user).select_related(
            "offer__company", "person__commune", "proposed_by"
        ),
        pk=pk,
    )


def _default_recipient(offer) -> str:
    """Whom the proposal goes to, as a suggestion: the contact of the offer's recruitment
    need, else the company's first contact still there, else the company's own address."""
    need_contact = offer.need.contact if offer.need_id and offer.need.contact_id else None
    if need_contact is not None and need_contact.is_active and need_contact.email:
        return need_contact.email
    contact = offer.company.contacts.filter(is_active=True).exclude(email="").order_by("pk").first()
    return contact.email if contact else offer.company.email


def _default_message(offer, profile) -> str:
    """A first wording of the message, for the counselor to complete: the offer and the
    name as the employer will see it (first name and initial)."""
    return (
        f"Bonjour,\n\nJe vous propose la candidature {de(profile['name'])} pour votre offre "
        f"« {offer.title} ». Son projet professionnel correspond au poste ; je reste à votre "
        "disposition pour en parler ou organiser un entretien.\n\nBien cordialement,"
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def propose(request, job_offer_id, person_id):
    offer = get_offer_for_user(request.user, job_offer_id)
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)
    access = file_access(request.user, person)
    # The aids read the situation (and health) parts of the file where the user may see them.
    for section in (Section.SITUATION, Section.HEALTH):
        if access.can_see(section):
            log_read(user=request.user, person=person, section=section)
    profile = workflow.shared_profile(person, offer)
    form = ProposeForm(
        request.POST if request.method == "POST" else None,
        initial={
            "recipient_email": _default_recipient(offer),
            "message": _default_message(offer, profile),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = workflow.propose(
                offer=offer,
                person=person,
                membership=request.user.active_membership,
                message=form.cleaned_data["message"],
                recipient_email=form.cleaned_data["recipient_email"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                "Candidature proposée : l'employeur a reçu un lien pour répondre."
                if proposal.recipient_email
                else "Candidature proposée : notez la réponse de l'employeur quand vous l'aurez.",
            )
            return redirect("matching:proposal", proposal_id=proposal.pk)
    return render(
        request,
        "matching/propose.html",
        {
            "nav": "employers",
            "section": "offers",
            "offer": offer,
            "person": person,
            "form": form,
            "profile": profile,
            "aids": sources.hiring_aids(access, offer),
        },
    )


def _may_open_project(user, person_id) -> bool:
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    return person is not None and file_access(user, person).can_see(Section.PROJECT)


@permission_required(Perm.EMPLOYERS_VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_detail(request, proposal_id):
    proposal = get_proposal_for_user(request.user, proposal_id)
    can_manage = request.user.active_membership.can(Perm.EMPLOYERS_MANAGE)
    posted = request.POST if request.method == "POST" else None
    action = posted.get("action") if posted else None
    forms = {
        "answer": AnswerForm(posted if action == "answer" else None, with_name=False)
        if can_manage and proposal.is_open
        else None,
        "withdraw": WithdrawForm(posted if action == "withdraw" else None)
        if can_manage and proposal.is_open
        else None,
    }
    if posted is not None:
        form = forms.get(action)
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            version = posted.get("version")
            try:
                if action == "answer":
                    answered = workflow.answer(
                        proposal=proposal,
                        outcome=data["outcome"],
                        by=request.user,
                        interview_at=data["interview_at"],
                        starts_on=data["starts_on"],
                        refusal_reason=data["refusal_reason"],
                        comment=data["comment"],
                        version=int(version) if version and version.isdigit() else None,
                    )
                else:
                    answered = workflow.withdraw(
                        proposal=proposal, by=request.user, reason=data["reason"]
                    )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, "Mise en relation mise à jour.")
                if getattr(answered, "filled_offer", False):
                    messages.success(request, _filled_message(proposal.offer))
                return redirect("matching:proposal", proposal_id=proposal.pk)
    return render(
        request,
        "matching/proposal.html",
        {
            "nav": "employers",
            "section": "offers",
            "proposal": proposal,
            "events": proposal.events.select_related("by"),
            "forms": forms,
            "follow_up": _follow_up(request, proposal),
            # The person's offers page is part of the file's project: a link only for those
            # who may open it (the employer liaison may not).
            "can_open_project": _may_open_project(request.user, proposal.person_id),
            "answer_link": workflow.answer_url(proposal)
            if proposal.is_open and proposal.recipient_email
            else "",
        },
    )


def _filled_message(offer) -> str:
    return (
        f"Tous les postes de l'offre « {offer.title} » sont pourvus : elle est marquée "
        "« Pourvue » et n'est plus proposée."
    )


def _follow_up(request, proposal):
    """For a hire: the in-job follow-up opened from it, or the link to open it (None when
    the user may not follow people in a job)."""
    if proposal.status != ProposalStatus.HIRED:
        return None
    if not request.user.active_membership.can(Perm.EMPLOYMENT_FOLLOW):
        return None
    employment = Employment.objects.filter(proposal=proposal).only("pk").first()
    if employment is not None:
        visible = Employment.objects.visible_to(request.user).filter(pk=employment.pk).exists()
        return {
            "url": reverse("employment:detail", args=[employment.pk]) if visible else "",
            "open": True,
        }
    url = reverse("employment:create", args=[proposal.person_id])
    return {"url": f"{url}?mise-en-relation={proposal.pk}", "open": False}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_answer(request, token):
    """What the employer sees without an account: the minimal profile, and the answer."""
    proposal = workflow.proposal_from_token(token)
    if proposal is None:
        return _private(render(request, "matching/link_invalid.html", status=410))
    log_link_read(
        structure_id=proposal.structure_id,
        person_id=proposal.person_id,
        section=Section.PROJECT,
        partner=f"mise en relation — {proposal.offer.company.name}",
    )
    form = AnswerForm(request.POST if request.method == "POST" else None, with_name=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            answered = workflow.answer(
                proposal=proposal,
                outcome=data["outcome"],
                by_name=data["by_name"],
                interview_at=data["interview_at"],
                starts_on=data["starts_on"],
                refusal_reason=data["refusal_reason"],
                comment=data["comment"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            proposal.refresh_from_db()
            return _private(
                render(
                    request,
                    "matching/link_done.html",
                    {"proposal": proposal, "filled": answered.filled_offer},
                )
            )
    return _private(
        render(
            request,
            "matching/link_answer.html",
            {
                "proposal": proposal,
                "profile": workflow.shared_profile(proposal.person, proposal.offer),
                "form": form,
            },
        )
    )
