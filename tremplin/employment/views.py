"""The in-job follow-up screens: the person's « Emploi » tab, an employment's page and its
steps, the counselor's check-ins to do, and the structure's usual schedule."""

import calendar
import re
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tremplin.audit.models import log_link_read, log_read
from tremplin.core.decorators import permission_required
from tremplin.core.forms import input_number
from tremplin.core.http import private as _private
from tremplin.core.permissions import Perm, Section
from tremplin.documents.rendering import document_response
from tremplin.employers.enums import ContractType
from tremplin.employment import actions
from tremplin.employment.access import get_employment_for_user
from tremplin.employment.documents import plan_document, review_document
from tremplin.employment.enums import EmploymentStatus
from tremplin.employment.forms import (
    AddCheckInForm,
    CheckInForm,
    ClearRiskForm,
    ContactForm,
    EmploymentForm,
    EndForm,
    MediationForm,
    OutcomeForm,
    ReviewForm,
    RiskForm,
    ScheduleForm,
    TutorFeedbackForm,
)
from tremplin.employment.models import (
    SIAE_KINDS,
    CheckIn,
    Employment,
    IntegrationReview,
    ScheduleSetting,
    TutorFeedback,
    schedule_for,
)
from tremplin.matching.models import Proposal, ProposalStatus
from tremplin.pathways.forms import add_validation_errors
from tremplin.people.access import open_file, require
from tremplin.people.tabs import file_context
from tremplin.projects.enums import ApplicationStatus
from tremplin.projects.models import Application


def _context(request, access, **extra) -> dict:
    context = file_context(request, access, tab="employment")
    context["can_follow"] = access.can(Perm.EMPLOYMENT_FOLLOW)
    # An SIAE employs the people it follows (CDDI): its words are not those of a hire found
    # elsewhere.
    context["in_siae"] = request.user.active_membership.structure.kind in SIAE_KINDS
    context.update(extra)
    return context


def _read(request, employment_id, *, manage=False):
    """Load the employment for the user, log the read, check the right to change it."""
    employment, access = get_employment_for_user(request.user, employment_id)
    log_read(user=request.user, person=access.person, section=Section.EMPLOYMENT)
    if manage:
        require(access, Perm.EMPLOYMENT_FOLLOW)
    return employment, access


def _version(request) -> int:
    """The version the page was loaded with; a page without one counts as out of date."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else -1


@permission_required(Perm.PERSON_VIEW)
@require_safe
def person_employments(request, person_id):
    access = open_file(request.user, person_id, section=Section.EMPLOYMENT)
    employments = list(
        Employment.objects.visible_to(request.user)
        .filter(person=access.person)
        .select_related("referent")
        .prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.pending(), to_attr="pending_check_ins")
        )
    )
    hired = []
    if access.can(Perm.EMPLOYMENT_FOLLOW):
        hired = list(
            Proposal.objects.visible_to(request.user)
            .filter(person=access.person, status=ProposalStatus.HIRED, employment__isnull=True)
            .select_related("offer__company")
        )
    return render(
        request,
        "employment/person.html",
        _context(request, access, employments=employments, hired=hired),
    )


# « (H/F) », « H/F », « F/H », « (F/H) »: the offer's mention of both sexes, not the job.
GENDER_MENTION = re.compile(r"\s*[-–—]?\s*\(?\s*\b(?:H\s*/\s*F|F\s*/\s*H)\b\s*\)?", re.IGNORECASE)


def job_title_of_offer(title: str) -> str:
    return " ".join(GENDER_MENTION.sub(" ", title).split())


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _initial_from_proposal(proposal) -> dict:
    offer = proposal.offer
    contact = offer.company.contacts.filter(is_active=True).order_by("pk").first()
    today = timezone.localdate()
    starts_on = offer.start_on if offer.start_on and offer.start_on >= today else today
    initial = {
        "employer_name": offer.company.name,
        "job_title": job_title_of_offer(offer.title),
        "appellation": offer.appellation.display_with_code if offer.appellation_id else "",
        "contract_type": offer.contract_type,
        "weekly_hours": input_number(offer.weekly_hours),
        "starts_on": starts_on,
    }
    if offer.contract_months and offer.contract_type != "cdi":
        initial["contract_ends_on"] = add_months(starts_on, offer.contract_months) - timedelta(
            days=1
        )
    if contact is not None:
        initial.update(
            tutor_name=f"{contact.first_name} {contact.last_name}".strip(),
            tutor_role=contact.role,
            tutor_phone=contact.phone,
            tutor_email=contact.email,
        )
    return initial


def _hired_application(request, person):
    """« Noter l'embauche » from an application marked « Embauche » (`?candidature=<id>`)."""
    chosen = request.GET.get("candidature", "")
    if not chosen:
        return None
    application = (
        Application.objects.visible_to(request.user)
        .filter(person=person, status=ApplicationStatus.HIRED, pk=chosen if chosen.isdigit() else 0)
        .select_related("target_job__appellation")
        .first()
    )
    if application is None:
        raise Http404
    log_read(user=request.user, person=person, section=Section.PROJECT)
    return application


def _initial_from_application(application) -> dict:
    appellation = application.target_job.appellation if application.target_job else None
    return {
        "employer_name": application.company,
        "job_title": application.offer_title,
        "appellation": appellation.display_with_code if appellation else "",
        "starts_on": timezone.localdate(),
    }


def _in_house(request, structure, contract_type) -> bool:
    """A CDDI recorded by an SIAE: the person works in the structure itself."""
    if request.method == "POST":
        contract_type = request.POST.get("contract_type")
    return structure.kind in SIAE_KINDS and contract_type == ContractType.SIAE


@permission_required(Perm.EMPLOYMENT_FOLLOW)
@require_http_methods(["GET", "HEAD", "POST"])
def employment_create(request, person_id):
    access = open_file(request.user, person_id, section=Section.EMPLOYMENT)
    require(access, Perm.EMPLOYMENT_FOLLOW)
    membership = request.user.active_membership
    proposal = None
    chosen = request.GET.get("mise-en-relation", "")
    if chosen:
        proposal = get_object_or_404(
            Proposal.objects.visible_to(request.user).select_related(
                "offer__company", "offer__appellation"
            ),
            pk=chosen if chosen.isdigit() else 0,
            person=access.person,
        )
    instance = Employment(
        person=access.person,
        structure_id=membership.structure_id,
        referent=request.user,
        proposal=proposal,
        company=proposal.offer.company if proposal else None,
    )
    application = _hired_application(request, access.person) if proposal is None else None
    structure = membership.structure
    initial = {"referent": request.user.pk}
    if proposal is not None:
        initial.update(_initial_from_proposal(proposal))
    elif application is not None:
        initial.update(_initial_from_application(application))
    elif structure.kind in SIAE_KINDS:
        # An SIAE hires in its own name (a CDDI): the structure is offered as the employer.
        initial.update(employer_name=structure.name, contract_type=ContractType.SIAE)
    form = EmploymentForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        structure_id=membership.structure_id,
        with_schedule=schedule_for(membership.structure_id),
        initial=initial,
        in_house=_in_house(request, structure, initial.get("contract_type")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            employment = actions.start(
                employment=form.instance,
                membership=membership,
                steps=form.cleaned_data["schedule"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                "Suivi dans l'emploi ouvert : les points de suivi sont planifiés "
                f"({employment.schedule}).",
            )
            return redirect("employment:detail", employment_id=employment.pk)
    return render(
        request,
        "employment/form.html",
        _context(
            request,
            access,
            form=form,
            proposal=proposal,
            heading=(
                "Enregistrer un CDDI ou une embauche"
                if structure.kind in SIAE_KINDS and proposal is None
                else "Noter une embauche et ouvrir le suivi dans l'emploi"
            ),
            cddi_prefilled=initial.get("contract_type") == ContractType.SIAE,
        ),
    )


@permission_required(Perm.EMPLOYMENT_FOLLOW)
@require_http_methods(["GET", "HEAD", "POST"])
def employment_edit(request, employment_id):
    employment, access = _read(request, employment_id, manage=True)
    if employment.status != EmploymentStatus.ACTIVE:
        messages.info(
            request, "Ce suivi n'est plus en cours : il se consulte, il ne se modifie plus."
        )
        return redirect("employment:detail", employment_id=employment.pk)
    old_start, old_referent_id = employment.starts_on, employment.referent_id
    form = EmploymentForm(
        request.POST if request.method == "POST" else None,
        instance=employment,
        structure_id=employment.structure_id,
        in_house=_in_house(request, employment.structure, employment.contract_type),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.validate_job(form.instance)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            with transaction.atomic():
                saved = form.save_checked()
                if saved:
                    actions.replan(
                        form.instance, old_start=old_start, old_referent_id=old_referent_id
                    )
            if saved:
                messages.success(request, "Emploi et plan d'intégration enregistrés.")
                return redirect("employment:detail", employment_id=employment.pk)
    return render(
        request,
        "employment/form.html",
        _context(
            request,
            access,
            form=form,
            employment=employment,
            heading="Modifier l'emploi et le plan d'intégration",
        ),
    )


DETAIL_FORMS = {
    "contact": ContactForm,
    "risk": RiskForm,
    "clear_risk": ClearRiskForm,
    "outcome": OutcomeForm,
}


def _checks_pass(employment) -> bool:
    """Whether the page compares the contract's end with the PASS IAE's."""
    return employment.status == EmploymentStatus.ACTIVE and bool(employment.contract_ends_on)


def _iae_pathway(user, employment):
    """The person's open IAE pathway in the structure, for the structure's own CDDI (else
    None), read in one query with its PASS IAE; the PASS's suspensions come along (one more
    query, as before) only when the page compares the ends."""
    from tremplin.pathways.enums import Framework
    from tremplin.pathways.models import Pathway

    if not employment.is_own_insertion_contract:
        return None
    pathways = (
        Pathway.objects.visible_to(user)
        .of_structure(employment.structure_id)
        .open()
        .filter(person_id=employment.person_id, framework=Framework.IAE)
        .select_related("iae_approval")
        .order_by("-started_on", "-pk")
    )
    if _checks_pass(employment):
        pathways = pathways.prefetch_related("iae_approval__suspensions")
    return pathways.first()


def _pass_ending_first(pathway, employment):
    """The PASS IAE of the pathway, when the structure's own CDDI runs beyond its end
    (suspensions counted): the contract needs a valid PASS."""
    if pathway is None or not _checks_pass(employment):
        return None
    approval = getattr(pathway, "iae_approval", None)
    if approval is None or employment.contract_ends_on <= approval.effective_ends_on:
        return None
    return approval


@permission_required(Perm.PERSON_VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def employment_detail(request, employment_id):
    employment, access = _read(request, employment_id)
    can_follow = access.can(Perm.EMPLOYMENT_FOLLOW)
    active = employment.status == EmploymentStatus.ACTIVE
    posted = request.POST if request.method == "POST" else None
    action = posted.get("action") if posted else None
    available = set()
    if can_follow:
        if active:
            available |= {
                "clear_risk" if employment.at_risk else "risk",
                "end",
                "add_check_in",
                "contact",
            }
        if not employment.outcome and timezone.localdate() >= employment.six_months_on:
            available.add("outcome")
    forms = {
        # Each form its own ids: several have a « note » field, each needs its own label.
        key: cls(posted if action == key else None, auto_id=f"id_{key}_%s")
        if key in available
        else None
        for key, cls in DETAIL_FORMS.items()
    }
    # The end of the job: the reasons its contract allows.
    forms["end"] = (
        EndForm(
            posted if action == "end" else None,
            contract_type=employment.contract_type,
            auto_id="id_end_%s",
        )
        if "end" in available
        else None
    )
    forms["add_check_in"] = None
    if "add_check_in" in available:
        forms["add_check_in"] = AddCheckInForm(
            posted if action == "add_check_in" else None,
            structure_id=employment.structure_id,
            initial={"assignee": employment.referent_id},
            auto_id="id_add_check_in_%s",
        )
    if posted is not None:
        form = forms.get(action)
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "contact":
                    actions.add_contact(employment=employment, added_by=request.user, data=data)
                    done = "Interlocuteur ou interlocutrice ajouté·e."
                elif action == "risk":
                    flagged = actions.flag_risk(
                        employment=employment,
                        by=request.user,
                        reason=data["reason"],
                        version=_version(request),
                    )
                    done = (
                        "Risque de rupture signalé : " + ", ".join(flagged.notified) + " prévenu·e."
                        if flagged.notified
                        else "Risque de rupture signalé (vous êtes le ou la référent·e : "
                        "pas d'e-mail envoyé)."
                    )
                elif action == "clear_risk":
                    actions.clear_risk(
                        employment=employment,
                        by=request.user,
                        note=data["note"],
                        version=_version(request),
                    )
                    done = "Risque de rupture levé."
                elif action == "end":
                    actions.end(
                        employment=employment,
                        ended_on=data["ended_on"],
                        reason=data["reason"],
                        note=data["note"],
                        version=_version(request),
                    )
                    done = (
                        "Fin de l'emploi enregistrée ; les points de suivi restants sont annulés."
                    )
                elif action == "outcome":
                    actions.record_outcome(
                        employment=employment,
                        by=request.user,
                        outcome=data["outcome"],
                        note=data["note"],
                        version=_version(request),
                    )
                    done = "Situation à 6 mois enregistrée : le suivi est clos."
                else:
                    actions.add_check_in(
                        employment=employment, due_on=data["due_on"], assignee=data["assignee"]
                    )
                    done = "Point de suivi ajouté."
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("employment:detail", employment_id=employment.pk)
    iae_pathway = _iae_pathway(request.user, employment)
    return render(
        request,
        "employment/detail.html",
        _context(
            request,
            access,
            employment=employment,
            check_ins=list(employment.check_ins.select_related("assignee", "done_by")),
            mediations=list(employment.mediations.select_related("author")),
            contacts=list(employment.contacts.all()),
            review=IntegrationReview.objects.filter(employment=employment)
            .select_related("author")
            .first(),
            forms=forms,
            open_form=action,
            can_follow=can_follow,
            today=timezone.localdate(),
            iae_pathway=iae_pathway,
            pass_ending_first=_pass_ending_first(iae_pathway, employment),
        ),
    )


@permission_required(Perm.EMPLOYMENT_FOLLOW)
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request, employment_id, check_in_id):
    employment, access = _read(request, employment_id, manage=True)
    point = get_object_or_404(employment.check_ins, pk=check_in_id)
    if point.is_done or point.cancelled:
        messages.info(
            request,
            "Ce point de suivi est déjà fait." if point.is_done else "Ce point a été annulé.",
        )
        return redirect("employment:detail", employment_id=employment.pk)
    feedback = TutorFeedback.objects.filter(check_in=point).first()
    initial = {}
    if feedback is not None and feedback.is_answered and not point.employer_view:
        initial["employer_view"] = f"{feedback.by_name} : {feedback.comment}".strip(" :")
    form = CheckInForm(
        request.POST if request.method == "POST" else None, instance=point, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.complete_check_in(check_in=point, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Point de suivi à {point.step} enregistré.")
            return redirect("employment:detail", employment_id=employment.pk)
    return render(
        request,
        "employment/check_in.html",
        _context(request, access, employment=employment, point=point, form=form, feedback=feedback),
    )


@permission_required(Perm.EMPLOYMENT_FOLLOW)
@require_POST
def request_feedback(request, employment_id, check_in_id):
    employment, _access = _read(request, employment_id, manage=True)
    point = get_object_or_404(employment.check_ins, pk=check_in_id)
    try:
        feedback = actions.request_tutor_feedback(check_in=point, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Lien envoyé à {feedback.sent_to} : son avis s'affichera ici avant le point.",
        )
    return redirect("employment:check-in", employment_id=employment.pk, check_in_id=point.pk)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def tutor_feedback(request, token):
    """What the tutor sees without an account: the first name and initial, the job, the date
    of the check-in, and three questions."""
    feedback = actions.feedback_from_token(token)
    if feedback is None:
        return _private(render(request, "employment/link_invalid.html", status=410))
    employment = feedback.check_in.employment
    log_link_read(
        structure_id=employment.structure_id,
        person_id=employment.person_id,
        section=Section.EMPLOYMENT,
        partner=employment.employer_name,
        kind="Lien d'avis du tuteur",
    )
    form = TutorFeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_tutor_feedback(feedback=feedback, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _private(
                render(request, "employment/link_done.html", {"employment": employment})
            )
    person = employment.person
    return _private(
        render(
            request,
            "employment/link_feedback.html",
            {
                "feedback": feedback,
                "employment": employment,
                "name": f"{person.first_name} {person.last_name[:1].upper()}.",
                "form": form,
            },
        )
    )


@permission_required(Perm.EMPLOYMENT_FOLLOW)
@require_http_methods(["GET", "HEAD", "POST"])
def mediation(request, employment_id):
    employment, access = _read(request, employment_id, manage=True)
    if employment.status != EmploymentStatus.ACTIVE:
        raise Http404
    form = MediationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_mediation(
                employment=employment, author=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Note de médiation enregistrée.")
            return redirect("employment:detail", employment_id=employment.pk)
    return render(
        request,
        "employment/simple_form.html",
        _context(
            request,
            access,
            employment=employment,
            form=form,
            heading="Noter une médiation",
            intro="Un désaccord, une difficulté dans le poste : ce que chacun a rapporté et ce "
            "qui a été convenu entre la personne et l'employeur.",
        ),
    )


@permission_required(Perm.EMPLOYMENT_FOLLOW)
@require_http_methods(["GET", "HEAD", "POST"])
def review(request, employment_id):
    employment, access = _read(request, employment_id, manage=True)
    existing = IntegrationReview.objects.filter(employment=employment).first()
    instance = existing or IntegrationReview(employment=employment, author=request.user)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        employment=employment,
        initial={} if existing else {"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save_checked() if existing else bool(form.save())
        except IntegrityError:
            saved = False
            form.add_error(
                None, "Le bilan vient d'être enregistré par quelqu'un d'autre : rechargez la page."
            )
        if saved:
            messages.success(request, "Bilan d'intégration enregistré.")
            return redirect("employment:detail", employment_id=employment.pk)
    return render(
        request,
        "employment/simple_form.html",
        _context(
            request,
            access,
            employment=employment,
            form=form,
            heading="Bilan d'intégration",
            intro="Avec la personne et le tuteur ou l'employeur : ce qui est acquis, ce qui "
            "reste à consolider, la suite.",
        ),
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def plan_report(request, employment_id, fmt):
    employment, _access = _read(request, employment_id)
    return document_response(
        plan_document(employment), fmt=fmt, filename=f"plan-integration-{employment.pk}"
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def review_report(request, employment_id, fmt):
    employment, _access = _read(request, employment_id)
    found = IntegrationReview.objects.filter(employment=employment).select_related("author")
    if not found.exists():
        messages.info(request, "Le bilan d'intégration n'est pas encore fait.")
        return redirect("employment:detail", employment_id=employment.pk)
    return document_response(
        review_document(found.get()), fmt=fmt, filename=f"bilan-integration-{employment.pk}"
    )


# --- the counselor's tasks ----------------------------------------------------------------

TO_DO_LIMIT = 300


@permission_required(Perm.EMPLOYMENT_FOLLOW)
@require_safe
def to_do(request):
    """« Suivi dans l'emploi »: the check-ins to do (late first), the employments at risk,
    the six-month situations to record — the user's own, or the structure's for a manager."""
    membership = request.user.active_membership
    team = membership.can(Perm.WORKLOAD_TEAM)
    scope = "structure" if team and request.GET.get("perimetre") == "structure" else "mine"
    employments = Employment.objects.visible_to(request.user)
    today = timezone.localdate()
    points = (
        CheckIn.objects.pending()
        .filter(
            employment__in=employments.filter(status=EmploymentStatus.ACTIVE),
            due_on__lte=today + timedelta(days=30),
        )
        .select_related("employment__person", "assignee")
        .order_by("due_on", "pk")
    )
    followed = employments.exclude(status=EmploymentStatus.CLOSED)
    if scope == "mine":
        points = points.filter(assignee=request.user)
        followed = followed.filter(referent=request.user)
    followed = list(followed.select_related("person", "referent"))
    points = list(points[: TO_DO_LIMIT + 1])
    truncated = len(points) > TO_DO_LIMIT
    points = points[:TO_DO_LIMIT]
    return render(
        request,
        "employment/to_do.html",
        {
            "nav": "employers",
            "section": "employment",
            "scope": scope,
            "team": team,
            "late": [p for p in points if p.due_on < today],
            "soon": [p for p in points if p.due_on >= today],
            "at_risk": [e for e in followed if e.at_risk],
            "outcomes": [e for e in followed if e.outcome_due],
            "active_count": sum(1 for e in followed if e.status == EmploymentStatus.ACTIVE),
            "today": today,
            "truncated": truncated,
            "limit": TO_DO_LIMIT,
        },
    )


@permission_required(Perm.STRUCTURE_SETTINGS)
@require_http_methods(["GET", "HEAD", "POST"])
def schedule_settings(request):
    membership = request.user.active_membership
    current = schedule_for(membership.structure_id)
    form = ScheduleForm(
        request.POST if request.method == "POST" else None, initial={"steps": current}
    )
    if request.method == "POST" and form.is_valid():
        ScheduleSetting.objects.update_or_create(
            structure_id=membership.structure_id,
            defaults={"steps": form.cleaned_data["steps"], "updated_by": request.user},
        )
        messages.success(request, "Points de suivi enregistrés pour les prochaines embauches.")
        return redirect("employment:schedule")
    return render(
        request,
        "employment/schedule.html",
        {"nav": "members", "form": form, "back": reverse("accounts:members")},
    )
