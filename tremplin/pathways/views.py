"""The pathway screens: the person's tab, the pathway's page and its workflows."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from tremplin.agenda.models import Appointment
from tremplin.audit.models import log_read
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section, sections_for
from tremplin.core.text import counted
from tremplin.diagnosis.access import visible_domains
from tremplin.documents.drawing import decode_png
from tremplin.documents.rendering import document_response
from tremplin.employers.enums import ContractType
from tremplin.employment.enums import EmploymentStatus
from tremplin.employment.models import Employment
from tremplin.network.models import Referral
from tremplin.pathways import actions
from tremplin.pathways.access import (
    get_action_for_user,
    get_commitment_for_user,
    get_funder_for_user,
    get_iae_pathway_for_user,
    get_interview_for_user,
    get_objective_for_user,
    get_pathway_for_user,
    get_review_for_user,
    get_signature_for_user,
)
from tremplin.pathways.documents import (
    contract_document,
    interview_document,
    review_document,
    signed_document,
)
from tremplin.pathways.enums import Framework, IaeApprovalState, PathwayStatus
from tremplin.pathways.exits import funder_labels
from tremplin.pathways.forms import (
    ActionForm,
    CommitmentForm,
    ExitForm,
    FunderForm,
    IaeApprovalForm,
    IaeProlongationForm,
    IaeSuspensionForm,
    IaeWithdrawalForm,
    InterviewForm,
    NeedsForm,
    ObjectiveForm,
    PathwayForm,
    ReorientFrameworkForm,
    ReorientStructureForm,
    ResumeForm,
    ReviewForm,
    SignatureForm,
    SuspendForm,
    add_validation_errors,
    exit_initial_from_employment,
)
from tremplin.pathways.hours import hours_by_source, monday_of, pathway_weeks
from tremplin.pathways.models import (
    Action,
    Exit,
    ExitMapping,
    Funder,
    IaeApproval,
    IaeSuspension,
    Nomenclature,
    Objective,
    Pathway,
    Reorientation,
    default_iae_ends_on,
)
from tremplin.people.access import open_file, require
from tremplin.people.tabs import file_context

DEFAULT_DURATION = timedelta(days=365)


def _context(request, access, **extra) -> dict:
    context = file_context(request, access, tab="pathway")
    context["can_manage"] = access.can(Perm.PATHWAY_MANAGE)
    context.update(extra)
    return context


def _read(request, pathway_id, *, manage=False):
    """Load the pathway for the user, log the read, and check the right to change it."""
    pathway, access = get_pathway_for_user(request.user, pathway_id)
    log_read(user=request.user, person=access.person, section=Section.PATHWAY)
    if manage:
        require(access, Perm.PATHWAY_MANAGE)
    return pathway, access


def _closed(request, pathway):
    messages.error(request, "Ce parcours est clos : il ne peut plus être modifié.")
    return redirect("pathways:detail", pathway_id=pathway.pk)


def _needs(pathway, access):
    version = actions.current_diagnosis(pathway)
    return version, actions.diagnosis_needs(version, domains=visible_domains(access))


@permission_required(Perm.PERSON_VIEW)
@require_safe
def person_pathways(request, person_id):
    access = open_file(request.user, person_id, section=Section.PATHWAY)
    pathways = list(
        Pathway.objects.visible_to(request.user)
        .filter(person=access.person)
        .select_related("referent", "exit")
        .prefetch_related("funders")
    )
    current = next((p for p in pathways if not p.is_closed), None)
    weeks = pathway_weeks(current) if current and current.weekly_target is not None else []
    return render(
        request,
        "pathways/person.html",
        _context(
            request,
            access,
            pathways=pathways,
            current=current,
            under_target=[w for w in weeks if w.is_under_target],
        ),
    )


@permission_required(Perm.PATHWAY_MANAGE)
def pathway_create(request, person_id):
    access = open_file(request.user, person_id, section=Section.PATHWAY)
    require(access, Perm.PATHWAY_MANAGE)
    membership = request.user.active_membership
    # One open pathway per person and structure (a database rule): an old tab or the back
    # button leads to the one already open, with what to do to open another.
    open_pathway = (
        Pathway.objects.filter(person=access.person, structure_id=membership.structure_id)
        .exclude(status=PathwayStatus.CLOSED)
        .first()
    )
    if open_pathway is not None:
        messages.warning(
            request,
            "Un parcours est déjà en cours pour cette personne dans la structure : le voici. "
            "Pour en ouvrir un autre, enregistrez d'abord sa sortie ou réorientez-le.",
        )
        return redirect("pathways:detail", pathway_id=open_pathway.pk)
    today = timezone.localdate()
    my_follow = access.person.follows.filter(
        structure_id=membership.structure_id, ended_on__isnull=True
    ).first()
    instance = Pathway(person=access.person, structure_id=membership.structure_id)
    initial = {
        "started_on": today,
        "planned_end_on": today + DEFAULT_DURATION,
        "referent": (my_follow.referent_id if my_follow else None) or request.user.pk,
    }
    if membership.structure.is_siae:
        # In an SIAE, the pathway is the parcours IAE, over the PASS's 24 months.
        initial["framework"] = Framework.IAE
        initial["planned_end_on"] = default_iae_ends_on(today)
    form = PathwayForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        structure_id=membership.structure_id,
        initial=initial,
    )
    version = actions.current_diagnosis(instance)
    needs = actions.diagnosis_needs(version, domains=visible_domains(access))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                pathway = actions.create_pathway(
                    pathway=form.save(commit=False),
                    membership=membership,
                    funders=form.cleaned_data["funders"],
                )
                created = []
                if request.POST.get("from_diagnosis") and needs:
                    created = actions.objectives_from_diagnosis(pathway=pathway, needs=needs)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            text = "Parcours ouvert."
            if created:
                text += f" {counted(len(created), 'objectif repris', 'objectifs repris')} du diagnostic."
            messages.success(
                request, text + " Complétez le plan d'action puis faites signer le contrat."
            )
            return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/pathway_form.html",
        _context(request, access, form=form, needs=needs, creating=True),
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def pathway_detail(request, pathway_id):
    pathway, access = _read(request, pathway_id)
    objectives = list(pathway.objectives.select_related("thematique__category", "need"))
    action_list = list(pathway.actions.select_related("objective"))
    # The weeks gone by, this week and the two to come, with what is already planned.
    weeks = pathway_weeks(pathway, ahead=2) if pathway.weekly_target is not None else []
    this_week = monday_of(timezone.localdate())
    signatures = list(pathway.signatures.select_related("recorded_by"))
    exit_ = getattr(pathway, "exit", None)
    return render(
        request,
        "pathways/detail.html",
        _context(
            request,
            access,
            pathway=pathway,
            funders=list(pathway.funders.all()),
            commitments=list(pathway.commitments.all()),
            objectives=objectives,
            actions=action_list,
            weeks=weeks,
            under_target=sum(1 for w in weeks if w.is_under_target),
            week_sources=hours_by_source(pathway, this_week) if weeks else {},
            signatures=signatures,
            contract_state=actions.contract_state(pathway) if signatures else "unsigned",
            interviews=list(pathway.interviews.select_related("author")),
            reviews=list(pathway.reviews.select_related("author")),
            suspensions=list(pathway.suspensions.all()),
            exit=exit_,
            exit_categories=exit_.funder_categories() if exit_ else [],
            can_manage_funders=access.can(Perm.STRUCTURE_SETTINGS),
            reorientation=_reorientation(pathway),
            has_needs=bool(_needs(pathway, access)[1]),
            pass_iae=_pass_iae(pathway, request.user, access),
        ),
    )


@permission_required(Perm.PATHWAY_MANAGE)
def pathway_edit(request, pathway_id):
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    form = PathwayForm(
        request.POST if request.method == "POST" else None,
        instance=pathway,
        structure_id=pathway.structure_id,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the pathway and its follow's référent, together
            saved = form.save_checked()
            if saved:
                actions.give_follow_its_referent(form.instance, by=request.user)
                # The weekly programme the structure commits to follows the target.
                actions.follow_hours_target(form.instance)
        if saved:
            messages.success(request, "Parcours enregistré.")
            return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/pathway_form.html",
        _context(request, access, form=form, pathway=pathway, creating=False),
    )


@permission_required(Perm.PATHWAY_MANAGE)
def commitment_add(request, pathway_id):
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    form = CommitmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        commitment = form.save(commit=False)
        commitment.pathway = pathway
        commitment.save()
        messages.success(request, "Engagement ajouté.")
        return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/simple_form.html",
        _context(request, access, form=form, pathway=pathway, heading="Ajouter un engagement"),
    )


@permission_required(Perm.PATHWAY_MANAGE)
def commitment_delete(request, commitment_id):
    commitment, access = get_commitment_for_user(request.user, commitment_id)
    pathway = commitment.pathway
    log_read(user=request.user, person=access.person, section=Section.PATHWAY)
    require(access, Perm.PATHWAY_MANAGE)
    if pathway.is_closed:
        return _closed(request, pathway)
    if request.method == "POST":
        commitment.delete()
        messages.success(request, "Engagement retiré du contrat.")
        return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/confirm_delete.html",
        _context(request, access, pathway=pathway, commitment=commitment),
    )


@permission_required(Perm.PATHWAY_MANAGE)
def objective_create(request, pathway_id):
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    form = ObjectiveForm(
        request.POST if request.method == "POST" else None, instance=Objective(pathway=pathway)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Objectif ajouté.")
        return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/simple_form.html",
        _context(request, access, form=form, pathway=pathway, heading="Nouvel objectif"),
    )


@permission_required(Perm.PATHWAY_MANAGE)
def objective_edit(request, objective_id):
    objective, access = get_objective_for_user(request.user, objective_id)
    pathway = objective.pathway
    log_read(user=request.user, person=access.person, section=Section.PATHWAY)
    require(access, Perm.PATHWAY_MANAGE)
    if pathway.is_closed:
        return _closed(request, pathway)
    form = ObjectiveForm(request.POST if request.method == "POST" else None, instance=objective)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, "Objectif enregistré.")
        return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/simple_form.html",
        _context(request, access, form=form, pathway=pathway, heading="Modifier l'objectif"),
    )


@permission_required(Perm.PATHWAY_MANAGE)
def objectives_from_diagnosis(request, pathway_id):
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    log_read(user=request.user, person=access.person, section=Section.DIAGNOSIS)
    version, needs = _needs(pathway, access)
    form = NeedsForm(request.POST if request.method == "POST" else None, needs=needs)
    if request.method == "POST" and form.is_valid():
        created = actions.objectives_from_diagnosis(pathway=pathway, needs=form.chosen())
        messages.success(
            request,
            f"{counted(len(created), 'objectif créé', 'objectifs créés')} à partir du diagnostic."
            if created
            else "Ces besoins ont déjà un objectif : rien n'a été ajouté.",
        )
        return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/from_diagnosis.html",
        _context(request, access, form=form, pathway=pathway, version=version, needs=needs),
    )


@permission_required(Perm.PATHWAY_MANAGE)
def action_create(request, pathway_id):
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    initial = {}
    if request.GET.get("objectif", "").isdigit():
        initial["objective"] = int(request.GET["objectif"])
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        instance=Action(pathway=pathway),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Action ajoutée au plan.")
        return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/simple_form.html",
        _context(request, access, form=form, pathway=pathway, heading="Nouvelle action"),
    )


@permission_required(Perm.PATHWAY_MANAGE)
def action_edit(request, action_id):
    action, access = get_action_for_user(request.user, action_id)
    pathway = action.pathway
    log_read(user=request.user, person=access.person, section=Section.PATHWAY)
    require(access, Perm.PATHWAY_MANAGE)
    if pathway.is_closed:
        return _closed(request, pathway)
    form = ActionForm(request.POST if request.method == "POST" else None, instance=action)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, "Action enregistrée.")
        return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/simple_form.html",
        _context(request, access, form=form, pathway=pathway, heading="Modifier l'action"),
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def contract(request, pathway_id, fmt):
    pathway, _access = _read(request, pathway_id)
    return document_response(
        contract_document(pathway), fmt=fmt, filename=f"contrat-parcours-{pathway.pk}"
    )


@permission_required(Perm.PATHWAY_MANAGE)
def contract_sign(request, pathway_id):
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    form = SignatureForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            drawn = form.cleaned_data["drawing"]
            signature = actions.sign_contract(
                pathway=pathway,
                membership=request.user.active_membership,
                channel=form.cleaned_data["channel"],
                signer_name=form.cleaned_data["signer_name"],
                scan=form.cleaned_data.get("scan"),
                drawing=decode_png(drawn) if drawn else None,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                f"Contrat signé (version {signature.number}). Il est conservé tel qu'il a été "
                "signé ; remettez-en un exemplaire à la personne.",
            )
            return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/sign.html",
        _context(
            request,
            access,
            form=form,
            pathway=pathway,
            document=contract_document(pathway),
        ),
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def signed_contract(request, signature_id, fmt):
    signature, access = get_signature_for_user(request.user, signature_id)
    log_read(user=request.user, person=access.person, section=Section.PATHWAY)
    return document_response(
        signed_document(signature),
        fmt=fmt,
        filename=f"contrat-signe-{signature.pathway_id}-v{signature.number}",
    )


@permission_required(Perm.PATHWAY_MANAGE)
def interview_create(request, pathway_id):
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    initial = {}
    # Written from an agenda appointment: the interview took place on the appointment's day.
    appointment = None
    appointment_id = request.GET.get("rendez_vous", "")
    if appointment_id.isdigit():
        appointment = (
            Appointment.objects.visible_to(request.user)
            .filter(pk=appointment_id, participants__person_id=pathway.person_id)
            .first()
        )
        if appointment is not None:
            initial["held_on"] = timezone.localtime(appointment.starts_at).date()
    # One compte rendu per appointment: the one already written is shown, never doubled.
    existing = pathway.interviews.filter(appointment=appointment).first() if appointment else None
    form = InterviewForm(
        request.POST if request.method == "POST" and existing is None else None,
        pathway=pathway,
        initial=initial,
    )
    if request.method == "POST" and existing is None and form.is_valid():
        interview = form.save(commit=False)
        interview.pathway = pathway
        interview.author = request.user
        interview.appointment = appointment
        try:
            with transaction.atomic():
                interview.save()
        except IntegrityError:
            # Written meanwhile in another tab.
            existing = pathway.interviews.filter(appointment=appointment).first()
        else:
            messages.success(request, "Entretien noté. Le compte rendu est prêt à imprimer.")
            return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/simple_form.html",
        _context(
            request,
            access,
            form=form,
            pathway=pathway,
            heading="Entretien de suivi",
            existing_interview=existing,
        ),
        status=409 if existing is not None and request.method == "POST" else 200,
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def interview_report(request, interview_id, fmt):
    interview, access = get_interview_for_user(request.user, interview_id)
    log_read(user=request.user, person=access.person, section=Section.PATHWAY)
    return document_response(
        interview_document(interview),
        fmt=fmt,
        filename=f"compte-rendu-{interview.pathway_id}-{interview.held_on}",
    )


def _need_rows(needs):
    return [(a.definition.label, t.label) for a, t in needs]


@permission_required(Perm.PATHWAY_MANAGE)
def review_create(request, pathway_id):
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    log_read(user=request.user, person=access.person, section=Section.DIAGNOSIS)
    version, needs = _needs(pathway, access)
    form = ReviewForm(request.POST if request.method == "POST" else None, pathway=pathway)
    if request.method == "POST" and form.is_valid():
        review = form.save(commit=False)
        review.pathway = pathway
        review.author = request.user
        review.diagnosis_version = version
        review.save()
        messages.success(request, f"{review.get_kind_display()} enregistré.")
        return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/review_form.html",
        _context(
            request,
            access,
            form=form,
            pathway=pathway,
            version=version,
            needs=_need_rows(needs),
            objectives=list(pathway.objectives.select_related("thematique")),
            actions=list(pathway.actions.all()),
        ),
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def review_report(request, review_id, fmt):
    review, access = get_review_for_user(request.user, review_id)
    log_read(user=request.user, person=access.person, section=Section.PATHWAY)
    log_read(user=request.user, person=access.person, section=Section.DIAGNOSIS)
    needs = actions.diagnosis_needs(review.diagnosis_version, domains=visible_domains(access))
    return document_response(
        review_document(review, needs=_need_rows(needs)),
        fmt=fmt,
        filename=f"bilan-{review.pathway_id}-{review.held_on}",
    )


@permission_required(Perm.PATHWAY_MANAGE)
def suspension(request, pathway_id):
    """Suspend a pathway in progress, or resume a suspended one."""
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    resuming = pathway.is_suspended
    data = request.POST if request.method == "POST" else None
    today = timezone.localdate()
    form = (
        ResumeForm(data, initial={"resumed_on": today})
        if resuming
        else SuspendForm(data, initial={"started_on": today})
    )
    if request.method == "POST" and form.is_valid():
        try:
            if resuming:
                actions.resume(
                    pathway=pathway,
                    by=request.user,
                    resumed_on=form.cleaned_data["resumed_on"],
                    note=form.cleaned_data["note"],
                )
            else:
                actions.suspend(
                    pathway=pathway,
                    by=request.user,
                    started_on=form.cleaned_data["started_on"],
                    reason=form.cleaned_data["reason"],
                    detail=form.cleaned_data["detail"],
                )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Parcours repris." if resuming else "Parcours suspendu.")
            return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/simple_form.html",
        _context(
            request,
            access,
            form=form,
            pathway=pathway,
            heading="Reprendre le parcours" if resuming else "Suspendre le parcours",
            intro=""
            if resuming
            else "Pendant la suspension, les semaines ne sont pas comptées sous l'objectif d'heures.",
        ),
    )


def _employment_during(user, pathway):
    """The person's latest employment that the user may read, begun during the pathway
    or still going on: None without one."""
    return (
        Employment.objects.visible_to(user)
        .filter(person_id=pathway.person_id, structure_id=pathway.structure_id)
        .filter(
            Q(starts_on__gte=pathway.started_on) | Q(status=EmploymentStatus.ACTIVE),
        )
        .order_by("-starts_on", "-pk")
        .first()
    )


@permission_required(Perm.PATHWAY_MANAGE)
def exit_record(request, pathway_id):
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    objectives, open_actions = actions.open_items(pathway)
    # The facts already recorded (an employment found during the pathway) are proposed.
    employment = _employment_during(request.user, pathway)
    form = ExitForm(
        request.POST if request.method == "POST" else None,
        objectives=objectives,
        actions=open_actions,
        pathway=pathway,
        initial=exit_initial_from_employment(employment),
    )
    if request.method == "POST" and form.is_valid():
        objective_outcomes, action_outcomes = form.outcomes()
        try:
            exit_ = actions.close_with_exit(
                pathway=pathway,
                by=request.user,
                facts=form.facts(),
                comment=form.cleaned_data["comment"],
                objective_outcomes=objective_outcomes,
                action_outcomes=action_outcomes,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Parcours clos. Sortie : {exit_.get_category_display()}.")
            return redirect("pathways:detail", pathway_id=pathway.pk)
    return render(
        request,
        "pathways/exit_form.html",
        _context(request, access, form=form, pathway=pathway, employment=employment),
    )


def _reorientation(pathway):
    """How this pathway was left for another, and how it was reached from one."""
    return {
        "out": Reorientation.objects.filter(pathway=pathway)
        .select_related("new_pathway", "referral__partner")
        .first(),
        "in": Reorientation.objects.filter(new_pathway=pathway).select_related("pathway").first(),
    }


@permission_required(Perm.PATHWAY_MANAGE)
def reorient(request, pathway_id):
    """Leave the pathway for another framework here, or for another structure."""
    pathway, access = _read(request, pathway_id, manage=True)
    if pathway.is_closed:
        return _closed(request, pathway)
    membership = request.user.active_membership
    posted = request.POST if request.method == "POST" else None
    kind = posted.get("kind") if posted else None
    referrals = (
        Referral.objects.visible_to(request.user)
        .filter(
            person=pathway.person,
            structure_id=pathway.structure_id,
            status__in=actions.LIVE_REFERRAL_STATUSES,
        )
        .select_related("partner", "service")
        .order_by("-created_at")
    )
    # The actions still to do: each form asks what becomes of each one.
    _objectives, open_actions = actions.open_items(pathway)
    framework_form = ReorientFrameworkForm(
        posted if kind == "framework" else None,
        pathway=pathway,
        actions=open_actions,
        prefix="framework",
    )
    structure_form = ReorientStructureForm(
        posted if kind == "structure" else None,
        referrals=referrals,
        actions=open_actions,
        prefix="structure",
    )
    form = {"framework": framework_form, "structure": structure_form}.get(kind)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "framework":
                done = actions.reorient_to_framework(
                    pathway=pathway,
                    membership=membership,
                    decided_on=data["decided_on"],
                    framework=data["framework"],
                    planned_end_on=data["planned_end_on"],
                    extension_reason=data["extension_reason"],
                    reason=data["reason"],
                    objectives=data["objectives"],
                    funders=data["funders"],
                    action_outcomes=form.action_outcomes(),
                    action_versions=form.action_versions(),
                )
            else:
                done = actions.reorient_to_structure(
                    pathway=pathway,
                    membership=membership,
                    decided_on=data["decided_on"],
                    referral=data["referral"],
                    reason=data["reason"],
                    end_follow=data["end_follow"],
                    action_outcomes=form.action_outcomes(),
                    action_versions=form.action_versions(),
                )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            if done.new_pathway_id:
                messages.success(
                    request,
                    f"Parcours réorienté. {counted(done.objectives_carried, 'objectif repris', 'objectifs repris')}, "
                    f"{counted(done.actions_carried, 'action reprise', 'actions reprises')} : "
                    "complétez le plan d'action puis faites signer le nouveau contrat.",
                )
                return redirect("pathways:detail", pathway_id=done.new_pathway_id)
            messages.success(
                request,
                f"Parcours clos : la personne est réorientée vers {done.referral.partner.name}.",
            )
            return redirect("pathways:detail", pathway_id=pathway.pk)
    if form is not None:
        # Shown again with the plan as it is now (and said so if it changed): read it,
        # decide, submit again.
        form.show_plan_as_now(actions.open_items(pathway)[1])
    return render(
        request,
        "pathways/reorient.html",
        _context(
            request,
            access,
            pathway=pathway,
            framework_form=framework_form,
            structure_form=structure_form,
            has_referrals=referrals.exists(),
            kind=kind,
        ),
    )


# --- the structure's funders (structure administrators) -----------------------------------


def _funder_rows(structure_id):
    """Each funder with its pathways in progress and this year's exits, in its categories."""
    year = timezone.localdate().year
    funders = list(
        Funder.objects.filter(structure_id=structure_id)
        .select_related("nomenclature")
        .annotate(
            open_count=Count(
                "pathways", filter=~Q(pathways__status=PathwayStatus.CLOSED), distinct=True
            )
        )
        .order_by("-is_active", "name")
    )
    exits = (
        Exit.objects.filter(pathway__structure_id=structure_id, exit_on__year=year)
        .values("pathway__funders", "category")
        .annotate(n=Count("pk"))
    )
    mappings = {
        (m.nomenclature_id, m.category): m
        for m in ExitMapping.objects.filter(
            nomenclature__in={f.nomenclature_id for f in funders if f.nomenclature_id}
        )
    }
    by_funder: dict[int, dict] = {}
    for row in exits:
        if row["pathway__funders"] is not None:
            by_funder.setdefault(row["pathway__funders"], {})[row["category"]] = row["n"]
    for funder in funders:
        counts = by_funder.get(funder.pk, {})
        funder.exit_count = sum(counts.values())
        funder.exit_labels = funder_labels(counts, funder.nomenclature_id, mappings)
    return funders, year


@permission_required(Perm.STRUCTURE_SETTINGS)
def funders(request):
    membership = request.user.active_membership
    form = FunderForm(
        request.POST if request.method == "POST" else None,
        structure_id=membership.structure_id,
        instance=Funder(structure_id=membership.structure_id),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Financeur « {form.instance.name} » ajouté.")
        return redirect("pathways:funders")
    rows, year = _funder_rows(membership.structure_id)
    return render(
        request,
        "pathways/funders.html",
        {
            "nav": "members",
            "form": form,
            "funders": rows,
            "year": year,
            "nomenclatures": Nomenclature.objects.prefetch_related("mappings"),
        },
    )


@permission_required(Perm.STRUCTURE_SETTINGS)
def funder_edit(request, funder_id):
    funder = get_funder_for_user(request.user, funder_id)
    form = FunderForm(
        request.POST if request.method == "POST" else None,
        structure_id=funder.structure_id,
        instance=funder,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Financeur « {funder.name} » enregistré.")
        return redirect("pathways:funders")
    return render(
        request, "pathways/funder_form.html", {"nav": "members", "form": form, "funder": funder}
    )


# --- the PASS IAE -----------------------------------------------------------------------------


def _with_state(approval: IaeApproval, today) -> IaeApproval:
    """The approval with what the screens show of it today."""
    approval.state_now = approval.state(today)
    approval.state_label = IaeApprovalState(approval.state_now).label
    approval.days_left = approval.days_remaining(today)
    return approval


def _pass_iae(pathway, user, access) -> dict | None:
    """The « PASS IAE » block of an IAE pathway's page (None for another framework). The
    number is for the structure's own staff: a partner reading a shared pathway sees the
    dates only."""
    if pathway.framework != Framework.IAE:
        return None
    approval = (
        IaeApproval.objects.filter(pathway=pathway)
        .prefetch_related("suspensions__withdrawn_by", "prolongations__withdrawn_by")
        .first()
    )
    if approval is not None:
        _with_state(approval, timezone.localdate())
        for entry in [*approval.current_suspensions, *approval.current_prolongations]:
            entry.reason_text, entry.detail_text = entry.reason_for(access)
    return {
        "approval": approval,
        "shows_number": user.active_membership.structure_id == pathway.structure_id,
    }


def _read_iae(request, iae_pathway_id):
    """An open IAE pathway the user may change (same rights as editing the pathway)."""
    pathway, access = get_iae_pathway_for_user(request.user, iae_pathway_id)
    log_read(user=request.user, person=access.person, section=Section.PATHWAY)
    require(access, Perm.PATHWAY_MANAGE)
    return pathway, access


def _back_to_pass(pathway):
    return redirect(reverse("pathways:detail", args=[pathway.pk]) + "#h-pass-iae")


@permission_required(Perm.PATHWAY_MANAGE)
def pass_iae(request, iae_pathway_id):
    """Record the PASS IAE of the pathway, or correct it."""
    pathway, access = _read_iae(request, iae_pathway_id)
    if pathway.is_closed:
        return _closed(request, pathway)
    approval = IaeApproval.objects.filter(pathway=pathway).first()
    if approval is not None:
        initial = {
            "number": approval.number_display,
            "starts_on": approval.starts_on,
            "ends_on": approval.ends_on,
            "delivered_by": approval.delivered_by,
            "delivered_on": approval.delivered_on,
        }
    else:
        initial = {"starts_on": pathway.started_on}
    posted = request.method == "POST"
    form = IaeApprovalForm(
        request.POST if posted else None, request.FILES if posted else None, initial=initial
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_iae_approval(
                pathway=pathway,
                membership=request.user.active_membership,
                number=data["number"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                delivered_by=data["delivered_by"],
                delivered_on=data["delivered_on"],
                scan=data["scan"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "PASS IAE enregistré.")
            return _back_to_pass(pathway)
    return render(
        request,
        "pathways/pass_iae_form.html",
        _context(
            request,
            access,
            form=form,
            pathway=pathway,
            heading="Corriger le PASS IAE" if approval else "Enregistrer le PASS IAE",
            intro="",
            multipart=True,
        ),
    )


def _pass_iae_workflow(request, iae_pathway_id, *, form_class, heading, intro, run, done):
    pathway, access = _read_iae(request, iae_pathway_id)
    if pathway.is_closed:
        return _closed(request, pathway)
    approval = IaeApproval.objects.filter(pathway=pathway).first()
    if approval is None:
        messages.info(request, "Enregistrez d'abord le PASS IAE de la personne.")
        return redirect("pathways:pass-iae", iae_pathway_id=pathway.pk)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            run(approval, form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, done)
            return _back_to_pass(pathway)
    return render(
        request,
        "pathways/pass_iae_form.html",
        _context(
            request,
            access,
            form=form,
            pathway=pathway,
            heading=heading,
            intro=intro(approval) if callable(intro) else intro,
            multipart=False,
        ),
    )


def _prolongation_intro(approval) -> str:
    if approval.suspended_days:
        now = (
            f"Sa fin est fixée au {approval.ends_on:%d/%m/%Y} hors suspensions, soit le "
            f"{approval.effective_ends_on:%d/%m/%Y} avec "
            f"{counted(approval.suspended_days, 'jour', 'jours')} de suspension."
        )
    else:
        now = f"Sa fin est fixée au {approval.ends_on:%d/%m/%Y}."
    return (
        "Le PASS IAE se prolonge, sur demande faite avant sa fin, pour une personne de 50 ans "
        "et plus, une RQTH, une formation à terminer ou des difficultés particulières, jusqu'à "
        f"60 mois au plus depuis son début. {now}"
    )


@permission_required(Perm.PATHWAY_MANAGE)
def pass_iae_suspend(request, iae_pathway_id):
    return _pass_iae_workflow(
        request,
        iae_pathway_id,
        form_class=IaeSuspensionForm,
        heading="Suspendre le PASS IAE",
        intro="La fin du PASS IAE est reportée d'autant de jours que dure la suspension. "
        "Une suspension s'enregistre quand elle commence, pas à l'avance. Le parcours, lui, "
        "reste en cours : si l'accompagnement s'interrompt aussi, suspendez-le depuis sa page.",
        run=lambda approval, data: actions.suspend_iae_approval(
            approval=approval,
            by=request.user,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data["reason"],
            detail=data["detail"],
        ),
        done="Suspension du PASS IAE enregistrée.",
    )


@permission_required(Perm.PATHWAY_MANAGE)
def pass_iae_prolong(request, iae_pathway_id):
    return _pass_iae_workflow(
        request,
        iae_pathway_id,
        form_class=IaeProlongationForm,
        heading="Prolonger le PASS IAE",
        intro=_prolongation_intro,
        run=lambda approval, data: actions.prolong_iae_approval(
            approval=approval,
            by=request.user,
            ends_on=data["ends_on"],
            reason=data["reason"],
            detail=data["detail"],
            requested_on=data["requested_on"],
        ),
        done="Prolongation du PASS IAE enregistrée.",
    )


@permission_required(Perm.PATHWAY_MANAGE)
def pass_iae_withdraw(request, iae_pathway_id):
    """Withdraw a suspension or the latest prolongation recorded by mistake."""
    pathway, access = _read_iae(request, iae_pathway_id)
    if pathway.is_closed:
        return _closed(request, pathway)
    approval = (
        IaeApproval.objects.filter(pathway=pathway)
        .prefetch_related("suspensions", "prolongations")
        .first()
    )
    if approval is None or not (approval.current_suspensions or approval.current_prolongations):
        messages.info(request, "Aucune suspension ni prolongation à retirer sur ce PASS IAE.")
        return _back_to_pass(pathway)
    posted = request.method == "POST"
    form = IaeWithdrawalForm(request.POST if posted else None, approval=approval, access=access)
    if posted and form.is_valid():
        entry = form.cleaned_data["entry"]
        try:
            if isinstance(entry, IaeSuspension):
                actions.withdraw_iae_suspension(
                    suspension=entry, by=request.user, reason=form.cleaned_data["reason"]
                )
            else:
                actions.withdraw_iae_prolongation(
                    prolongation=entry, by=request.user, reason=form.cleaned_data["reason"]
                )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            what = "Suspension" if isinstance(entry, IaeSuspension) else "Prolongation"
            messages.success(request, f"{what} retirée : la fin du PASS IAE est recalculée.")
            return _back_to_pass(pathway)
    return render(
        request,
        "pathways/pass_iae_form.html",
        _context(
            request,
            access,
            form=form,
            pathway=pathway,
            heading="Retirer une saisie erronée",
            intro="Une suspension ou une prolongation enregistrée par erreur se retire ici : "
            "elle ne compte plus dans la fin du PASS IAE, mais reste dans son historique avec "
            "le motif du retrait. Seule la prolongation la plus récente peut être retirée.",
            multipart=False,
            submit_label="Retirer la saisie",
        ),
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def pass_iae_due(request):
    """The structure's PASS IAE that end within three months, or have ended, while the
    pathway is open: for the staff who see pathways."""
    membership = request.user.active_membership
    if Section.PATHWAY not in sections_for(membership.role):
        raise Http404
    today = timezone.localdate()
    approvals = [
        _with_state(a, today) for a in actions.due_iae_approvals(request.user, today=today)
    ]
    # The CDDI in progress at the structure: the contract the PASS must cover (one query).
    cddi_ends: dict[int, object] = {}
    for row in (
        Employment.objects.visible_to(request.user)
        .filter(
            person_id__in=[a.pathway.person_id for a in approvals],
            structure_id=membership.structure_id,
            contract_type=ContractType.SIAE,
            status=EmploymentStatus.ACTIVE,
        )
        .values("person_id", "contract_ends_on")
    ):
        # The latest end wins; a CDDI with no end is the latest of all.
        person_id, end = row["person_id"], row["contract_ends_on"]
        if person_id not in cddi_ends:
            cddi_ends[person_id] = end
        elif cddi_ends[person_id] is not None and (end is None or end > cddi_ends[person_id]):
            cddi_ends[person_id] = end
    for approval in approvals:
        approval.cddi_ends_on = cddi_ends.get(approval.pathway.person_id)
        approval.has_cddi = approval.pathway.person_id in cddi_ends
    return render(
        request,
        "pathways/pass_iae_due.html",
        {
            "nav": "pass_iae",
            "approvals": approvals,
            "today": today,
            "can_manage": membership.can(Perm.PATHWAY_MANAGE),
        },
    )
