"""Referrals (orientations): the person's tab, the queue, the detail, the partner's answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from tremplin.audit.models import log_link_read, log_read
from tremplin.core.decorators import permission_required
from tremplin.core.http import private as _private
from tremplin.core.permissions import Perm, Section
from tremplin.diagnosis.access import visible_domains
from tremplin.diagnosis.models import Diagnosis
from tremplin.documents.rendering import document_response
from tremplin.network import referrals as workflow
from tremplin.network.directory import get_service_for_user
from tremplin.network.documents import liaison_blocks, liaison_document
from tremplin.network.forms import DirectorySearchForm
from tremplin.network.forms_referrals import (
    AnswerForm,
    CancelForm,
    DraftEditForm,
    OutcomeForm,
    ReferralForm,
    SendForm,
    WelcomeForm,
    validation_errors_to_form,
)
from tremplin.network.models import (
    OPEN_STATUSES,
    PartnerContact,
    Referral,
    ReferralStatus,
)
from tremplin.network.search import DEFAULT_RADIUS_KM, search_services
from tremplin.people.access import file_access, open_file, require
from tremplin.people.tabs import file_context
from tremplin.referentials.models import Thematique

SUGGESTIONS_PER_NEED = 3


def get_referral_for_user(user, pk) -> Referral:
    return get_object_or_404(
        Referral.objects.visible_to(user).select_related(
            "person",
            "service",
            "partner",
            "created_by",
            "structure",
            "consent",
            "thematique",
            "diagnosis_version",
        ),
        pk=pk,
    )


def _current_diagnosis(person, access, structure_id):
    diagnosis = Diagnosis.objects.filter(person=person, structure_id=structure_id).first()
    return diagnosis.current if diagnosis else None


def _needs(version, access) -> list[Thematique]:
    """Needs of the current diagnosis, in the domains the user may see."""
    if version is None:
        return []
    domains = visible_domains(access)
    needs = {}
    for assessment in version.domains.prefetch_related("needs"):
        if assessment.domain in domains:
            for thematique in assessment.needs.all():
                needs[thematique.code] = thematique
    return sorted(needs.values(), key=lambda t: t.label)


@permission_required(Perm.REFERRAL_MANAGE)
@require_safe
def person_referrals(request, person_id):
    """The person's referrals, and services suggested for the needs not yet answered."""
    access = open_file(request.user, person_id, section=Section.REFERRALS)
    require(access, Perm.REFERRAL_MANAGE)
    workflow.expire_overdue()
    person = access.person
    structure_id = request.user.active_membership.structure_id
    referrals = list(
        Referral.objects.filter(person=person, structure_id=structure_id)
        .select_related("service", "partner", "thematique", "created_by")
        .order_by("-created_at")
    )
    version = _current_diagnosis(person, access, structure_id)
    covered = {r.thematique_id for r in referrals if r.status in OPEN_STATUSES}
    needs = _needs(version, access)
    suggestions = [
        (
            need,
            search_services(
                request.user,
                thematiques=[need.code],
                commune=person.commune,
                limit=SUGGESTIONS_PER_NEED,
            ),
        )
        for need in needs
        if need.code not in covered
    ]
    structure_commune = request.user.active_membership.structure.commune
    context = file_context(request, access, tab="referrals")
    context.update(
        {
            "structure_commune": structure_commune
            if structure_commune is not None and structure_commune != person.commune
            else None,
            "referrals": referrals,
            "suggestions": suggestions,
            "has_diagnosis": version is not None,
            "has_needs": bool(needs),
            "radius": DEFAULT_RADIUS_KM,
        }
    )
    return render(request, "network/referrals/person.html", context)


@permission_required(Perm.REFERRAL_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def referral_create(request, person_id):
    """Choose a service (search near the person), write the motive, send or keep a draft."""
    access = open_file(request.user, person_id, section=Section.REFERRALS)
    require(access, Perm.REFERRAL_MANAGE)
    person = access.person
    membership = request.user.active_membership
    service_id = request.GET.get("service", "")
    context = file_context(request, access, tab="referrals")
    if not service_id.isdigit():
        structure_commune = membership.structure.commune
        data = request.GET.copy() if "thematique" in request.GET else None
        if data is not None and not data.get("commune", "").strip():
            # The search centre is shown in the form, never lost: the structure's commune
            # when asked (« autour=structure »), else the person's. Only a flag travels in
            # the URL, never the person's commune.
            around_structure = data.get("autour") == "structure"
            centre = structure_commune if around_structure else person.commune
            if centre is not None:
                data["commune"] = centre.label
        search = DirectorySearchForm(data)
        hits = None
        centre = None
        radius = DEFAULT_RADIUS_KM
        if search.is_bound and search.is_valid():
            cleaned = search.cleaned_data
            centre = cleaned["commune"]
            radius = cleaned["rayon"] or DEFAULT_RADIUS_KM
            hits = search_services(
                request.user,
                thematiques=search.thematiques(),
                commune=centre,
                radius_km=radius,
                text=cleaned["q"],
                limit=30,
            )
        elif not search.is_bound:
            search = DirectorySearchForm(
                initial={"commune": person.commune, "rayon": DEFAULT_RADIUS_KM}
            )
        context.update(
            {
                "search": search,
                "hits": hits,
                "centre": centre,
                "around_structure": centre is not None
                and centre == structure_commune
                and centre != person.commune,
                "radius": radius,
                # When nothing is found, one click searches around the structure instead.
                "structure_commune": structure_commune
                if hits == [] and structure_commune is not None and centre != structure_commune
                else None,
            }
        )
        return render(request, "network/referrals/choose_service.html", context)

    service = get_service_for_user(request.user, int(service_id))
    version = _current_diagnosis(person, access, membership.structure_id)
    needs = _needs(version, access)
    service_thematiques = list(service.thematiques.order_by("label"))
    service_codes = {t.code for t in service_thematiques}
    # The need searched for in the directory, if the form offers it (a referential code).
    wanted = request.GET.get("besoin", "")
    offered = {t.code: t for t in [*needs, *service_thematiques]}
    contacts = list(
        PartnerContact.objects.visible_to(request.user).filter(partner=service.structure)
    )
    posted = request.POST if request.method == "POST" else None
    form = ReferralForm(
        posted,
        needs=needs,
        service_thematiques=service_thematiques,
        contacts=contacts,
        initial={
            "thematique": wanted
            if wanted in offered
            else next((t.code for t in needs if t.code in service_codes), ""),
            "recipient_email": service.contact_email,
        },
    )
    send_form = SendForm(
        posted if posted and posted.get("action") == "send" else None,
        access=access,
        partner_uses_tremplin=service.structure.tremplin_structure_id is not None,
    )
    if posted is not None:
        sending = posted.get("action") == "send"
        # Sensitive details in the motive (health, justice…) go only once confirmed.
        if sending and form.is_valid():
            form.sensitive_details_confirmed(form.cleaned_data["motive"])
        if form.is_valid() and (not sending or send_form.is_valid()):
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    referral = workflow.create_draft(
                        person=person,
                        membership=membership,
                        service=service,
                        motive=data["motive"],
                        thematique=offered.get(data["thematique"]),
                        diagnosis_version=version,
                        recipient_email=data["recipient_email"],
                    )
                    if sending:
                        workflow.send(
                            referral=referral,
                            membership=membership,
                            sections=send_form.cleaned_data["sections"],
                            consent_channel=send_form.cleaned_data["consent_channel"],
                            note=form.sensitive_note,
                        )
            except ValidationError as error:
                validation_errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    f"Orientation envoyée à {service.structure.name}."
                    if sending
                    else "Orientation enregistrée en brouillon.",
                )
                return redirect("referrals:detail", referral_id=referral.pk)
    context.update({"service": service, "form": form, "send_form": send_form, "version": version})
    return render(request, "network/referrals/create.html", context)


def _role_in(referral: Referral, user) -> str:
    structure_id = user.active_membership.structure_id
    if referral.structure_id == structure_id:
        return "sender"
    if referral.partner.tremplin_structure_id == structure_id:
        return "receiver"
    raise Http404


def _log_reads(user, referral: Referral, role: str, shows_shared: bool) -> None:
    """One access-log line per section read: the referrals section for the sender, each
    section the person shared for the receiver (none once the agreement has ended)."""
    if role == "sender":
        sections = [Section.REFERRALS]
    elif shows_shared:
        sections = list(dict.fromkeys(referral.shared_sections))
    else:
        sections = []
    for section in sections:
        log_read(user=user, person=referral.person, section=section)


@permission_required(Perm.REFERRAL_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request, referral_id):
    """A referral: its state, its steps, and what the sender or the receiver may do now."""
    referral = get_referral_for_user(request.user, referral_id)
    role = _role_in(referral, request.user)
    if role == "sender":
        access = file_access(request.user, referral.person)
        if not access.can_see(Section.REFERRALS):
            raise Http404
    else:
        access = None
    # The receiver reads the shared sections only while the person's agreement is in force.
    shows_shared = role == "receiver" and referral.sharing_in_force
    posted = request.POST if request.method == "POST" else None
    action = posted.get("action") if posted else None
    forms = {
        "edit": DraftEditForm(posted if action == "edit" else None, referral=referral)
        if role == "sender" and referral.status in (ReferralStatus.DRAFT, ReferralStatus.EXPIRED)
        else None,
        "send": SendForm(
            posted if action == "send" else None,
            access=access,
            partner_uses_tremplin=referral.partner_uses_tremplin,
            rereads_motive=True,
        )
        if role == "sender" and referral.status in (ReferralStatus.DRAFT, ReferralStatus.EXPIRED)
        else None,
        "cancel": CancelForm(posted if action == "cancel" else None)
        if role == "sender" and referral.is_open
        else None,
        "outcome": OutcomeForm(posted if action == "outcome" else None)
        if referral.status == ReferralStatus.ACCEPTED
        else None,
        "answer": AnswerForm(posted if action == "answer" else None, with_name=False)
        if role == "receiver" and referral.status == ReferralStatus.SENT
        else None,
        "welcome": WelcomeForm(posted if action == "welcome" else None, referral=referral)
        if role == "receiver"
        and shows_shared
        and referral.status in workflow.WELCOME_STATUSES
        and not referral.person.follows.filter(
            structure_id=request.user.active_membership.structure_id, ended_on__isnull=True
        ).exists()
        else None,
    }
    if posted is not None:
        form = forms.get(action)
        if form is None:
            messages.error(request, "Cette action n'est pas possible dans l'état actuel.")
            return redirect("referrals:detail", referral_id=referral.pk)
        version = posted.get("version")
        version = int(version) if version and version.isdigit() else None
        # Sensitive details in the motive (health, justice…) go only once confirmed, as when
        # the referral is created and sent at once.
        if action == "send" and form.is_valid():
            form.sensitive_details_confirmed(referral.motive)
        if form.is_valid():
            data = form.cleaned_data
            membership = request.user.active_membership
            try:
                if action == "edit":
                    workflow.edit_draft(
                        referral=referral,
                        by=request.user,
                        motive=data["motive"],
                        recipient_email=data.get("recipient_email"),
                        version=version,
                    )
                    done = "Orientation modifiée."
                elif action == "send":
                    workflow.send(
                        referral=referral,
                        membership=membership,
                        sections=data["sections"],
                        consent_channel=data["consent_channel"],
                        version=version,
                        note=form.sensitive_note,
                    )
                    done = f"Orientation envoyée à {referral.partner.name}."
                elif action == "cancel":
                    workflow.cancel(
                        referral=referral, by=request.user, reason=data["reason"], version=version
                    )
                    done = "Orientation annulée."
                elif action == "outcome":
                    workflow.record_outcome(
                        referral=referral,
                        came=data["came"],
                        note=data["note"],
                        by=request.user,
                        version=version,
                    )
                    done = "Suite de l'orientation enregistrée."
                elif action == "welcome":
                    workflow.welcome(
                        referral=referral,
                        membership=membership,
                        accompaniment_channel=data["accompaniment_channel"],
                        opened_sections=data["opened_sections"],
                    )
                    messages.success(
                        request, "La personne est dans le portefeuille de votre structure."
                    )
                    return redirect("people:person-detail", person_id=referral.person_id)
                else:
                    workflow.answer(
                        referral=referral,
                        accepted=form.accepted,
                        by=request.user,
                        refusal_reason=data["refusal_reason"],
                        comment=data["comment"],
                        appointment_at=data["appointment_at"],
                        version=version,
                    )
                    done = "Réponse enregistrée et transmise."
            except ValidationError as error:
                validation_errors_to_form(form, error)
            else:
                messages.success(request, done)
                return redirect("referrals:detail", referral_id=referral.pk)
    # Logged once per section, when the page is shown (a POST that redirects shows nothing).
    _log_reads(request.user, referral, role, shows_shared)
    context = {
        "referral": referral,
        "role": role,
        "events": referral.events.select_related("by"),
        "forms": forms,
        "liaison": liaison_blocks(referral) if shows_shared else None,
        "shows_shared": shows_shared,
        "can_download": role == "sender" or shows_shared,
        "answer_link": workflow.answer_url(referral)
        if role == "sender"
        and referral.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
        and not referral.partner_uses_tremplin
        else "",
        "now": timezone.now(),
        "nav": "referrals",
    }
    return render(request, "network/referrals/detail.html", context)


@permission_required(Perm.REFERRAL_MANAGE)
@require_safe
def liaison(request, referral_id, fmt):
    """The fiche de liaison, as the partner receives it."""
    referral = get_referral_for_user(request.user, referral_id)
    role = _role_in(referral, request.user)
    if role == "sender":
        if not file_access(request.user, referral.person).can_see(Section.REFERRALS):
            raise Http404
    elif not referral.sharing_in_force:
        # The person withdrew the agreement (or it expired): nothing more leaves the file.
        raise Http404
    _log_reads(request.user, referral, role, role == "receiver")
    return document_response(
        liaison_document(referral), fmt=fmt, filename=f"fiche-de-liaison-{referral.reference}"
    )


@permission_required(Perm.REFERRAL_MANAGE)
@require_safe
def dashboard(request):
    """Referrals waiting for something: an answer, an outcome, or to be sent."""
    workflow.expire_overdue()
    membership = request.user.active_membership
    mine_only = request.GET.get("vue") != "structure"
    base = Referral.objects.visible_to(request.user).select_related(
        "person", "service", "partner", "created_by", "structure"
    )
    sent = base.sent_by(membership.structure_id)
    if mine_only:
        sent = sent.filter(created_by=request.user)
    context = {
        "mine_only": mine_only,
        "now": timezone.now(),
        "waiting": sent.filter(status=ReferralStatus.SENT).order_by("sent_at"),
        "accepted": sent.filter(status=ReferralStatus.ACCEPTED).order_by("appointment_at"),
        "drafts": sent.filter(status=ReferralStatus.DRAFT).order_by("-created_at"),
        "expired": sent.filter(status=ReferralStatus.EXPIRED).order_by("-expires_at"),
        "received": base.received_by(membership.structure_id)
        .filter(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])
        .order_by("status", "sent_at"),
        "nav": "referrals",
    }
    return render(request, "network/referrals/dashboard.html", context)


# --- the partner without an account, through the signed link --------------------------------


def _log_link_reads(referral: Referral) -> None:
    for section in dict.fromkeys([Section.REFERRALS, *referral.shared_sections]):
        log_link_read(
            structure_id=referral.structure_id,
            person_id=referral.person_id,
            section=section,
            partner=referral.partner.name,
        )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token):
    """The fiche de liaison and the answer form, for a partner reached by e-mail."""
    referral = workflow.referral_from_token(token)
    if referral is None:
        return _private(render(request, "network/referrals/link_invalid.html", status=410))
    posted = request.POST if request.method == "POST" else None
    if referral.status == ReferralStatus.SENT:
        form = AnswerForm(posted, with_name=True)
    else:
        form = OutcomeForm(posted)
        form.fields["by_name"] = AnswerForm.base_fields["by_name"]
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if referral.status == ReferralStatus.SENT:
                workflow.answer(
                    referral=referral,
                    accepted=form.accepted,
                    by_name=data["by_name"],
                    refusal_reason=data["refusal_reason"],
                    comment=data["comment"],
                    appointment_at=data["appointment_at"],
                )
            else:
                workflow.record_outcome(
                    referral=referral, came=data["came"], note=data["note"], by_name=data["by_name"]
                )
        except ValidationError as error:
            validation_errors_to_form(form, error)
        else:
            referral.refresh_from_db()
            return _private(
                render(request, "network/referrals/link_done.html", {"referral": referral})
            )
    # Logged when the fiche is shown, once per section (the answer's confirmation shows none).
    _log_link_reads(referral)
    context = {
        "referral": referral,
        "liaison": liaison_blocks(referral),
        "form": form,
        "token": token,
    }
    return _private(render(request, "network/referrals/link_answer.html", context))


@never_cache
@require_safe
def answer_document(request, token, fmt):
    referral = workflow.referral_from_token(token)
    if referral is None:
        return _private(render(request, "network/referrals/link_invalid.html", status=410))
    _log_link_reads(referral)
    return _private(
        document_response(
            liaison_document(referral),
            fmt=fmt,
            filename=f"fiche-de-liaison-{referral.reference}",
        )
    )
