"""Screens of the person's file. Every object is loaded through people.access."""

import copy
import json

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from tremplin.audit.models import log_read
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import RIGHTS, Perm, Role, Section, sections_for
from tremplin.people import actions, enums
from tremplin.people.access import (
    get_consent_for_user,
    get_document_for_user,
    get_follow_for_user,
    open_file,
    require,
    visible_consents,
    visible_documents,
    visible_reads,
)
from tremplin.people.creation import person_create_page
from tremplin.people.duplicates import find_duplicates
from tremplin.people.forms import (
    ConsentForm,
    DocumentForm,
    EndFollowForm,
    MergeForm,
    OpenedSectionsForm,
    PersonForm,
    ReferentForm,
    WithdrawConsentForm,
)
from tremplin.people.indicators import badges_for, target_jobs_for
from tremplin.people.models import Consent, Follow, Person
from tremplin.people.pagination import ShortListPaginator
from tremplin.people.tabs import file_context

PAGE_SIZE = 25


# --- caseload --------------------------------------------------------------------------------


@permission_required(Perm.PERSON_VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def caseload(request):
    """« Mon portefeuille »: the people the user follows, or the whole structure's.

    Filters travel in the URL; a name searched travels only in a POST body, so that no
    name ends up in server logs, browser history or links.
    """
    user = request.user
    membership = user.active_membership
    structure_id = membership.structure_id
    params = request.POST if request.method == "POST" else request.GET
    social_visible = Section.SITUATION in sections_for(membership.role)
    # The employer liaison sees only the people who agreed to be proposed to employers: the
    # list is theirs to propose, with the jobs aimed at and the mobility, never the age.
    for_employers = RIGHTS[Role(membership.role)].needs_employer_consent
    default_scope = "mine" if membership.role == "counselor" else "structure"
    scope = params.get("perimetre", default_scope)
    status = params.get("suivi", "en-cours")
    query = params.get("q", "").strip()[:100] if request.method == "POST" else ""

    # Who may assign a référent·e may list the files still waiting for one (the dashboard
    # links here); those files are the structure's, whatever the scope chosen.
    can_assign = membership.can(Perm.FOLLOW_MANAGE)
    without_referent = can_assign and params.get("sans_referent") == "1"
    if without_referent:
        scope = "structure"

    people = Person.objects.visible_to(user)
    if scope == "mine":
        people = people.with_referent(user, structure_id)
    elif scope == "partages":
        people = people.exclude(follows__structure_id=structure_id)
    else:
        scope = "structure"
        people = people.followed_by_structure(structure_id, active=status == "en-cours")
    # The situation is the structure's to read on its own files, not on a file taken in from
    # a referral whose situation the person did not open, nor on a file shared without it.
    if scope == "partages":
        situation_readable = {
            consent.person_id
            for consent in Consent.objects.active().filter(
                purpose=enums.ConsentPurpose.SHARE_WITH_PARTNER, partner_id=structure_id
            )
            if Section.SITUATION.value in consent.sections
        }
        situation_closed = None
    else:
        situation_readable = None
        situation_closed = Follow.objects.people_closing(structure_id, Section.SITUATION)
    filters = {}
    if social_visible:
        for param, field in (
            ("rsa", "is_rsa_beneficiary"),
            ("ass", "is_ass_beneficiary"),
            ("ft", "is_registered_jobseeker"),
        ):
            if params.get(param) == "1":
                people = people.filter(**{field: True})
                filters[param] = True
        if params.get("qpv") == "1":
            people = people.filter(lives_in_qpv="yes")
            filters["qpv"] = True
        if filters and situation_readable is not None:
            people = people.filter(pk__in=situation_readable)
        elif filters and situation_closed:
            people = people.exclude(pk__in=situation_closed)
    if without_referent:
        people = people.without_referent(structure_id)
        filters["sans_referent"] = True
    if query:
        people = people.search(query)
    else:
        people = people.order_by("sort_key", "pk")
    people = people.select_related("commune").prefetch_related(
        Prefetch(
            "follows",
            queryset=Follow.objects.filter(structure_id=structure_id)
            .with_referent_state()
            .select_related("referent")
            .order_by(F("ended_on").desc(nulls_first=True)),
            to_attr="structure_follows",
        )
    )
    if for_employers:
        people = people.prefetch_related("sought_appellations")
    page = ShortListPaginator(people, PAGE_SIZE).get_page(params.get("page"))
    # Signs from the activity apps (weeks under the activity target…), for this page only.
    badges = badges_for(user, list(page.object_list))
    jobs = target_jobs_for(structure_id, list(page.object_list)) if for_employers else {}
    for person in page.object_list:
        person.caseload_badges = badges.get(person.pk, [])
        person.situation_hidden = (
            person.pk not in situation_readable
            if situation_readable is not None
            else person.pk in situation_closed
        )
        if for_employers:
            # The project's jobs when there is a project (even if all were dropped), else
            # the wishes noted at the first contact.
            person.has_project = person.pk in jobs
            person.jobs = (
                jobs[person.pk]
                if person.has_project
                else [f"{a.label} (souhaité)" for a in person.sought_appellations.all()]
            )

    context = {
        "page": page,
        "scope": scope,
        "status": status,
        "query": query,
        "filters": filters,
        # Filters only: a name searched never goes in a link.
        "filter_params": urlencode(
            {"perimetre": scope, "suivi": status} | dict.fromkeys(filters, "1")
        ),
        "social_visible": social_visible,
        "for_employers": for_employers,
        "can_assign": can_assign,
        "nav": "caseload",
    }
    template = "people/caseload.html#results" if request.htmx else "people/caseload.html"
    return render(request, template, context)


# --- creation --------------------------------------------------------------------------------


@permission_required(Perm.PERSON_CREATE)
def person_create(request):
    return person_create_page(request)


# --- the file --------------------------------------------------------------------------------


@permission_required(Perm.PERSON_VIEW)
@require_safe
def person_detail(request, person_id):
    access = open_file(request.user, person_id, section=Section.IDENTITY)
    if access.can_see(Section.SITUATION):
        log_read(user=request.user, person=access.person, section=Section.SITUATION)
    person = access.person
    context = file_context(request, access, tab="file")
    context["follows"] = (
        person.follows.with_referent_state()
        .select_related("structure", "referent")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on")
    )
    context["appellations"] = person.sought_appellations.select_related("fiche")
    # The person's own space (portal app, a floor above): read through the relation only.
    try:
        context["space_access"] = person.space_access
    except ObjectDoesNotExist:
        context["space_access"] = None
    context["can_invite_to_space"] = access.can(Perm.SPACE_INVITE)
    context["can_export_data"] = access.can(Perm.DATA_EXPORT)
    context["mobility_labels"] = person.mobility_labels
    return render(request, "people/person_detail.html", context)


@permission_required(Perm.PERSON_EDIT)
def person_edit(request, person_id, section="dossier"):
    sections_by_slug = {
        "dossier": {Section.IDENTITY, Section.SITUATION},
        "sante": {Section.HEALTH},
        "justice": {Section.JUSTICE},
    }
    if section not in sections_by_slug:
        raise Http404
    wanted = sections_by_slug[section]
    main_section = next(iter(sorted(wanted & {Section.IDENTITY, Section.HEALTH, Section.JUSTICE})))
    access = open_file(request.user, person_id, section=main_section)
    require(access, Perm.PERSON_EDIT)
    sections = frozenset(access.sections & wanted)
    for other in sorted(sections - {main_section}):
        log_read(user=request.user, person=access.person, section=other)
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        # A copy: validation writes the typed values on the form's instance, and the page's
        # header (« Née le … (… ans) ») must keep showing what is saved, not what was refused.
        instance=copy.copy(access.person),
        sections=sections,
    )
    if request.method == "POST" and form.is_valid():
        if form.save_checked():
            messages.success(request, "Modifications enregistrées.")
            target = {
                "dossier": "people:person-detail",
                "sante": "people:person-health",
                "justice": "people:person-justice",
            }[section]
            return redirect(target, person_id=access.person.pk)
    context = file_context(
        request, access, tab={"dossier": "file", "sante": "health", "justice": "justice"}[section]
    )
    context.update({"form": form, "edit_section": section})
    return render(request, "people/person_edit.html", context)


def _section_view(request, person_id, section: Section, tab: str):
    # The one place where an exceptional access opens something (its fields, read only).
    access = open_file(request.user, person_id, section=section, exceptional=True)
    context = file_context(request, access, tab=tab)
    context["section_fields"] = [
        (access.person._meta.get_field(name), _display(access.person, name))
        for name in access.person.SECTION_FIELDS[section]
    ]
    # Documents stay the référent's: an exceptional access opens the fields only.
    context["documents"] = [d for d in visible_documents(access) if d.section == section]
    context["edit_slug"] = {Section.HEALTH: "sante", Section.JUSTICE: "justice"}[section]
    if section in access.exceptional:
        context["can_edit"] = False  # an exceptional access reads; the référent writes
    return render(request, "people/person_section.html", context)


def _display(person, name):
    field = person._meta.get_field(name)
    value = getattr(person, name)
    if field.choices:
        return getattr(person, f"get_{name}_display")()
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    return value


@permission_required(Perm.PERSON_VIEW)
@require_safe
def person_health(request, person_id):
    return _section_view(request, person_id, Section.HEALTH, "health")


@permission_required(Perm.PERSON_VIEW)
@require_safe
def person_justice(request, person_id):
    return _section_view(request, person_id, Section.JUSTICE, "justice")


# --- documents -------------------------------------------------------------------------------


@permission_required(Perm.PERSON_VIEW)
def documents(request, person_id):
    access = open_file(request.user, person_id, section=Section.DOCUMENTS)
    form = DocumentForm(request.POST if request.method == "POST" else None, request.FILES or None)
    can_add = access.can(Perm.DOCUMENT_ADD)
    if request.method == "POST":
        require(access, Perm.DOCUMENT_ADD)
        if form.is_valid():
            try:
                document = actions.add_document(
                    person=access.person,
                    membership=request.user.active_membership,
                    uploaded=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                if not access.can_see(document.section):
                    messages.info(
                        request,
                        "Document ajouté. Sa sensibilité le réserve au référent et aux responsables.",
                    )
                else:
                    messages.success(request, "Document ajouté au dossier.")
                return redirect("people:documents", person_id=access.person.pk)
    context = file_context(request, access, tab="documents")
    context.update({"documents": visible_documents(access), "form": form, "can_add": can_add})
    return render(request, "people/documents.html", context)


@permission_required(Perm.PERSON_VIEW)
@require_safe
def document_download(request, document_id):
    document, access = get_document_for_user(request.user, document_id)
    log_read(user=request.user, person=document.person, section=document.section)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(Perm.DOCUMENT_ADD)
def document_delete(request, document_id):
    document, access = get_document_for_user(request.user, document_id)
    require(access, Perm.DOCUMENT_ADD)
    if document.structure_id != request.user.active_membership.structure_id:
        raise Http404
    if request.method == "POST":
        actions.delete_document(document=document, by=request.user)
        messages.success(request, f"Le document « {document.title} » est retiré du dossier.")
        return redirect("people:documents", person_id=document.person_id)
    context = file_context(request, access, tab="documents")
    context["document"] = document
    return render(request, "people/document_delete.html", context)


# --- consents --------------------------------------------------------------------------------


@permission_required(Perm.PERSON_VIEW)
def consents(request, person_id):
    access = open_file(request.user, person_id, section=Section.CONSENTS)
    membership = request.user.active_membership
    can_record = access.can(Perm.CONSENT_RECORD)
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        structure=membership.structure,
        instance=Consent(person=access.person),
        initial={"given_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST":
        require(access, Perm.CONSENT_RECORD)
        if form.is_valid():
            try:
                actions.record_consent(
                    consent=form.save(commit=False),
                    membership=membership,
                    scan=form.cleaned_data.get("scan"),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errs in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errs)
                else:
                    form.add_error("scan", error)
            else:
                messages.success(request, "Consentement enregistré.")
                return redirect("people:consents", person_id=access.person.pk)
    items = (
        visible_consents(access)
        .select_related("structure", "partner", "partner_directory", "recorded_by", "withdrawn_by")
        .order_by("withdrawn_at", "-given_at")
    )
    context = file_context(request, access, tab="consents")
    context.update({"consents": items, "form": form, "can_record": can_record})
    return render(request, "people/consents.html", context)


@permission_required(Perm.CONSENT_RECORD)
def consent_withdraw(request, consent_id):
    consent, access = get_consent_for_user(request.user, consent_id)
    require(access, Perm.CONSENT_RECORD)
    form = WithdrawConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_consent(
                consent=consent, by=request.user, channel=form.cleaned_data["channel"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Le retrait du consentement est enregistré. Il s'applique immédiatement."
            )
            return redirect("people:consents", person_id=consent.person_id)
    context = file_context(request, access, tab="consents")
    context.update({"consent": consent, "form": form})
    return render(request, "people/consent_withdraw.html", context)


# --- history and access log --------------------------------------------------------------------


@permission_required(Perm.PERSON_VIEW)
@require_safe
def history(request, person_id):
    access = open_file(request.user, person_id, section=Section.HISTORY)
    visible = access.visible_fields
    records = list(
        access.person.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[:200]
    )
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if older is None:
            entries.append({"record": newer, "changes": [], "created": True})
            continue
        delta = newer.diff_against(older)
        changes = []
        for change in delta.changes:
            if change.field == "nir_hash":
                changes.append(("NIR", "•••", "modifié"))
            elif change.field in visible:
                field = access.person._meta.get_field(change.field)
                changes.append(
                    (
                        field.verbose_name,
                        _history_value(field, change.old),
                        _history_value(field, change.new),
                    )
                )
        if changes:
            entries.append({"record": newer, "changes": changes, "created": False})
    context = file_context(request, access, tab="history")
    context["entries"] = entries
    context["consent_events"] = _consent_events(access) if access.can_see(Section.CONSENTS) else []
    from tremplin.pathways.history import pass_iae_events  # pathways builds on people

    context["pass_iae_events"] = pass_iae_events(request.user, access)
    return render(request, "people/history.html", context)


def _consent_events(access) -> list[dict]:
    """Consents given and withdrawn, newest first — by a professional or by the person
    from their own space."""
    events = []
    consents = visible_consents(access).select_related(
        "structure", "partner", "partner_directory", "recorded_by", "withdrawn_by"
    )
    for consent in consents:
        label = consent.get_purpose_display()
        if consent.recipient:
            label += f" — {consent.recipient.name}"
        events.append(
            {
                "at": consent.given_at,
                "what": f"Consentement donné : {label}",
                "by": consent.recorded_by,
                "channel": consent.get_channel_display(),
                "structure": consent.structure,
            }
        )
        if consent.withdrawn_at:
            events.append(
                {
                    "at": consent.withdrawn_at,
                    "what": f"Consentement retiré : {label}",
                    "by": consent.withdrawn_by,
                    "channel": consent.get_withdrawal_channel_display(),
                    "structure": consent.structure,
                }
            )
    return sorted(events, key=lambda e: e["at"], reverse=True)[:200]


def _history_value(field, value):
    list_choices = Person.LIST_CHOICES.get(field.name)
    if list_choices is not None:
        # A list of codes (« ['public_transport'] »): its French labels, « — » when empty.
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = [value] if value else []
        labels = dict(list_choices.choices)
        codes = value if isinstance(value, list | tuple) else ([value] if value else [])
        return ", ".join(str(labels.get(code, code)) for code in codes) or "—"
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if field.is_relation and not field.many_to_many:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else value
    return value


@permission_required(Perm.ACCESS_LOG_VIEW)
@require_safe
def access_log(request, person_id):
    access = open_file(request.user, person_id, section=Section.ACCESS_LOG)
    logs = visible_reads(access).select_related("user", "structure")
    page = Paginator(logs, 50).get_page(request.GET.get("page"))
    context = file_context(request, access, tab="access_log")
    context["page"] = page
    return render(request, "people/access_log.html", context)


# --- follow ----------------------------------------------------------------------------------


@permission_required(Perm.FOLLOW_MANAGE)
def follow_manage(request, follow_id):
    follow, access = get_follow_for_user(request.user, follow_id)
    require(access, Perm.FOLLOW_MANAGE)
    log_read(user=request.user, person=follow.person, section=Section.IDENTITY)
    referent_form = ReferentForm(
        request.POST if request.POST.get("action") == "referent" else None,
        structure_id=follow.structure_id,
        initial={"referent": follow.referent_id},
    )
    end_form = EndFollowForm(
        request.POST if request.POST.get("action") == "end" else None,
        initial={"ended_on": timezone.localdate()},
    )
    opened_form = (
        OpenedSectionsForm(
            request.POST if request.POST.get("action") == "opened" else None, follow=follow
        )
        if follow.opened_sections is not None
        else None
    )
    if request.method == "POST":
        if follow.ended_on is not None:
            raise Http404
        if request.POST.get("action") == "opened" and opened_form and opened_form.is_valid():
            actions.change_opened_sections(
                follow=follow,
                sections=opened_form.cleaned_data["opened_sections"],
                by=request.user,
                channel=opened_form.cleaned_data["agreement_channel"],
            )
            messages.success(
                request, "Les parties du dossier ouvertes à votre structure sont à jour."
            )
            return redirect("people:person-detail", person_id=follow.person_id)
        if request.POST.get("action") == "referent" and referent_form.is_valid():
            actions.change_referent(
                follow=follow, referent=referent_form.cleaned_data["referent"], by=request.user
            )
            messages.success(request, "Référent·e modifié·e.")
            return redirect("people:person-detail", person_id=follow.person_id)
        if request.POST.get("action") == "end" and end_form.is_valid():
            try:
                actions.end_follow(
                    follow=follow,
                    reason=end_form.cleaned_data["end_reason"],
                    ended_on=end_form.cleaned_data["ended_on"],
                    by=request.user,
                )
            except ValidationError as error:
                for field, errs in error.error_dict.items():
                    end_form.add_error(field, errs)
            else:
                messages.success(
                    request,
                    "Le suivi est clos. Le dossier reste consultable dans les archives de la structure.",
                )
                return redirect("people:person-detail", person_id=follow.person_id)
    context = file_context(request, access, tab="file")
    context.update(
        {
            "follow": follow,
            "referent_form": referent_form,
            "end_form": end_form,
            "opened_form": opened_form,
        }
    )
    return render(request, "people/follow_manage.html", context)


# --- merge -----------------------------------------------------------------------------------


@permission_required(Perm.PERSON_MERGE)
@require_http_methods(["GET", "HEAD", "POST"])
def merge_search(request, person_id):
    access = open_file(request.user, person_id, section=Section.IDENTITY)
    require(access, Perm.PERSON_MERGE)
    # The name searched travels in the POST body, never in the URL.
    query = request.POST.get("q", "").strip()[:100] if request.method == "POST" else ""
    person = access.person
    candidates = [
        m.person
        for m in find_duplicates(
            request.user,
            last_name=person.last_name,
            first_name=person.first_name,
            birth_name=person.birth_name,
            birth_date=person.birth_date,
            exclude_pk=person.pk,
        )
    ]
    results = []
    if query:
        results = list(
            Person.objects.visible_to(request.user)
            .exclude(pk=person.pk)
            .search(query)
            .select_related("commune")[:20]
        )
    context = file_context(request, access, tab="file")
    context.update({"candidates": candidates, "results": results, "query": query})
    return render(request, "people/merge_search.html", context)


@permission_required(Perm.PERSON_MERGE)
def merge_confirm(request, person_id, other_id):
    access = open_file(request.user, person_id, section=Section.IDENTITY)
    other_access = open_file(request.user, other_id, section=Section.IDENTITY)
    require(access, Perm.PERSON_MERGE)
    require(other_access, Perm.PERSON_MERGE)
    this, other = access.person, other_access.person
    structure_id = request.user.active_membership.structure_id
    form = MergeForm(request.POST if request.method == "POST" else None)
    blockers = actions.merge_blockers(kept=this, merged=other, structure_id=structure_id)
    if request.method == "POST" and form.is_valid() and not blockers:
        kept, merged = (this, other) if form.cleaned_data["keep"] == "this" else (other, this)
        try:
            actions.merge_people(
                kept=kept, merged=merged, by=request.user, structure_id=structure_id
            )
        except ValidationError as error:
            blockers = error.messages
        else:
            messages.success(
                request, f"Les deux dossiers sont fusionnés dans celui de {kept.full_name}."
            )
            return redirect("people:person-detail", person_id=kept.pk)
    fields = [
        (Person._meta.get_field(name).verbose_name, _display(this, name), _display(other, name))
        for name in Person.SECTION_FIELDS[Section.IDENTITY]
        if name != "sought_appellations" and name in access.visible_fields
    ]
    context = file_context(request, access, tab="file")
    context.update({"other": other, "form": form, "fields": fields, "blockers": blockers})
    return render(request, "people/merge_confirm.html", context)
