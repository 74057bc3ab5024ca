"""The « Droits » tab of a person's file: estimate the social rights with the person."""

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tremplin.audit.models import log_read
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section
from tremplin.documents.rendering import document_response, render_pdf
from tremplin.people import actions as people_actions
from tremplin.people.access import open_file, require
from tremplin.people.enums import DocumentKind
from tremplin.people.models import Document
from tremplin.people.tabs import file_context
from tremplin.rights import actions, engine, prefill
from tremplin.rights.access import get_estimate_for_user
from tremplin.rights.documents import estimate_document, household_rows, month_label
from tremplin.rights.forms import EstimateForm, initial_from
from tremplin.rights.models import RightsEstimate


def _context(request, access, **extra) -> dict:
    context = file_context(request, access, tab="rights")
    context["can_estimate"] = access.can(Perm.RIGHTS_ESTIMATE)
    context["engine_available"] = engine.is_available()
    context.update(extra)
    return context


@permission_required(Perm.PERSON_VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def person_estimates(request, person_id):
    access = open_file(request.user, person_id, section=Section.SITUATION)
    person = access.person
    estimates = list(
        RightsEstimate.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("created_by")
    )
    can_estimate = access.can(Perm.RIGHTS_ESTIMATE) and engine.is_available()
    form = None
    month = timezone.localdate().replace(day=1)
    notes = []
    if can_estimate:
        initial = initial_from(estimates[0].get_household()) if estimates else {}
        if request.method == "POST":
            form = EstimateForm(request.POST, person=person)
            if form.is_valid():
                try:
                    estimate = actions.record_estimate(
                        person=person,
                        structure=request.user.active_membership.structure,
                        by=request.user,
                        household=form.household(),
                        month=month,
                    )
                except engine.EstimateError:
                    form.add_error(
                        None,
                        "Le calcul n'a pas abouti avec ces informations : vérifiez les montants, "
                        "les dates et la commune. Rien n'a été enregistré.",
                    )
                else:
                    messages.success(request, "L'estimation est enregistrée dans le dossier.")
                    return redirect("rights:detail", estimate_id=estimate.pk)
        else:
            diagnosis = prefill.diagnosis_source(request.user, access)
            if estimates:
                # The previous estimate holds the person's own figures: kept, and only
                # what the diagnosis says otherwise is mentioned.
                notes = prefill.differences(initial, diagnosis)
            else:
                first = prefill.prefill(
                    ass=person.is_ass_beneficiary,
                    domiciled=person.is_domiciled,
                    commune=person.commune,
                    diagnosis=diagnosis,
                )
                initial, notes = first.initial, first.notes
            form = EstimateForm(person=person, initial=initial)
            if settings.RIGHTS_WARM_UP:
                engine.warm_up_in_background()
    elif request.method == "POST":
        messages.error(request, "Vous ne pouvez pas faire d'estimation dans ce dossier.")
        return redirect("rights:person", person_id=person.pk)
    return render(
        request,
        "rights/person.html",
        _context(
            request,
            access,
            estimates=estimates,
            form=form,
            prefill_notes=notes,
            month_label=month_label(month),
        ),
    )


def _deposit_title(estimate) -> str:
    return f"Estimation des droits sociaux n° {estimate.pk} ({month_label(estimate.month)})"


@permission_required(Perm.PERSON_VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def estimate_detail(request, estimate_id):
    estimate, access = get_estimate_for_user(request.user, estimate_id)
    log_read(user=request.user, person=access.person, section=Section.SITUATION)
    title = _deposit_title(estimate)
    deposited = Document.objects.filter(
        person=access.person,
        structure_id=request.user.active_membership.structure_id,
        title=title,
        deleted_at__isnull=True,
    ).first()
    if request.method == "POST":
        # « Remettre à la personne »: the PDF joins the file's documents, and so the
        # person's own space (« Mes documents »).
        require(access, Perm.DOCUMENT_ADD)
        if deposited is not None:
            messages.info(request, "Cette estimation est déjà dans les documents de la personne.")
        else:
            pdf = render_pdf(estimate_document(estimate))
            people_actions.add_document(
                person=access.person,
                membership=request.user.active_membership,
                uploaded=SimpleUploadedFile(
                    f"estimation-droits-{estimate.pk}.pdf", pdf, content_type="application/pdf"
                ),
                kind=DocumentKind.BENEFITS,
                title=title,
            )
            messages.success(
                request,
                "L'estimation est dans les documents du dossier : la personne la retrouve dans "
                "son espace personnel, sous « Mes documents ».",
            )
        return redirect("rights:detail", estimate_id=estimate.pk)
    return render(
        request,
        "rights/detail.html",
        _context(
            request,
            access,
            estimate=estimate,
            lines=estimate.lines(),
            not_found=estimate.not_found(),
            household_rows=household_rows(estimate),
            month_label=month_label(estimate.month),
            deposited=deposited,
            can_deposit=access.can(Perm.DOCUMENT_ADD),
        ),
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def estimate_document_view(request, estimate_id, fmt):
    estimate, access = get_estimate_for_user(request.user, estimate_id)
    log_read(user=request.user, person=access.person, section=Section.SITUATION)
    return document_response(
        estimate_document(estimate), fmt=fmt, filename=f"estimation-droits-{estimate.pk}"
    )
