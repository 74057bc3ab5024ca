from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from tremplin.audit.models import log_read
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section
from tremplin.diagnosis import actions
from tremplin.diagnosis.access import (
    get_alert_for_user,
    get_version_for_user,
    visible_diagnoses,
    visible_domains,
)
from tremplin.diagnosis.documents import interview_report_document, synthesis_document
from tremplin.diagnosis.domains import DOMAINS
from tremplin.diagnosis.forms import (
    DiagnosisForm,
    ResolveAlertForm,
    UrgencyCheckForm,
    ValidationForm,
)
from tremplin.diagnosis.models import Alert, UrgencyCheck
from tremplin.diagnosis.urgencies import EMERGENCY, responses_for
from tremplin.documents.rendering import document_response
from tremplin.network.search import DEFAULT_RADIUS_KM, search_services
from tremplin.people import actions as people_actions
from tremplin.people.access import open_file, require
from tremplin.people.enums import DocumentKind
from tremplin.people.tabs import file_context
from tremplin.reception.models import Contact, Order


def _log_restricted_domains(user, access, version) -> None:
    """The diagnosis page also shows the health and justice domains to who may see them."""
    shown = {a.domain for a in version.domains.all()} if version else set()
    for domain in DOMAINS:
        if (
            domain.section != Section.DIAGNOSIS
            and domain.code in shown
            and access.can_see(domain.section)
        ):
            log_read(user=user, person=access.person, section=domain.section)


def _version_context(version, access):
    domains = visible_domains(access)
    assessments = [a for a in version.domains.prefetch_related("needs") if a.domain in domains]
    order = {d.code: i for i, d in enumerate(DOMAINS)}
    assessments.sort(key=lambda a: order[a.domain])
    return {"version": version, "assessments": assessments}


@permission_required(Perm.PERSON_VIEW)
@require_safe
def diagnosis_detail(request, person_id):
    access = open_file(request.user, person_id, section=Section.DIAGNOSIS)
    diagnoses = list(visible_diagnoses(request.user, access).select_related("structure"))
    mine = next(
        (d for d in diagnoses if d.structure_id == request.user.active_membership.structure_id),
        None,
    )
    others = [d for d in diagnoses if d is not mine]
    version = mine.current if mine else None
    _log_restricted_domains(request.user, access, version)
    context = file_context(request, access, tab="diagnosis")
    context.update(
        {
            "diagnosis": mine,
            "other_diagnoses": [(d, d.current) for d in others],
            "versions": mine.versions.select_related("created_by") if mine else [],
            "can_edit_diagnosis": access.can(Perm.DIAGNOSIS_EDIT),
            "can_check_urgencies": access.can(Perm.URGENCY_RECORD),
            "last_check": UrgencyCheck.objects.filter(
                person=access.person, structure=request.user.active_membership.structure_id
            ).first(),
        }
    )
    if version:
        context.update(_version_context(version, access))
        if not version.is_validated:
            # The person's space is a floor above this app: imported here, not at the top.
            from tremplin.portal.actions import talk_asked_at

            context["talk_asked_at"] = talk_asked_at(version)
    return render(request, "diagnosis/detail.html", context)


@permission_required(Perm.DIAGNOSIS_EDIT)
def diagnosis_edit(request, person_id):
    access = open_file(request.user, person_id, section=Section.DIAGNOSIS)
    require(access, Perm.DIAGNOSIS_EDIT)
    membership = request.user.active_membership
    diagnosis = actions.diagnosis_of(access.person, membership.structure_id)
    previous = diagnosis.current if diagnosis else None
    _log_restricted_domains(request.user, access, previous)
    editable = visible_domains(access)
    domains = [d for d in DOMAINS if d.code in editable]
    orders = Order.objects.visible_to(request.user).filter(person=access.person)
    form = DiagnosisForm(
        request.POST if request.method == "POST" else None,
        domains=domains,
        previous=previous,
        orders=orders,
        person=access.person,
    )
    reception_contact = None
    if previous is None and request.method != "POST":
        # A first diagnosis starts from what the person said at reception, to reread with her.
        reception_contact = (
            Contact.objects.filter(structure_id=membership.structure_id, person=access.person)
            .exclude(demand="")
            .select_related("received_by")
            .first()
        )
        if reception_contact is not None:
            form.initial["demand"] = reception_contact.demand
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.save_version(
                person=access.person,
                membership=membership,
                base_number=form.cleaned_data["base_number"],
                interview_date=form.cleaned_data["interview_date"],
                demand=form.cleaned_data["demand"],
                synthesis=form.cleaned_data["synthesis"],
                order=form.cleaned_data["order"],
                domains=form.domain_data(),
                editable=editable,
            )
        except actions.VersionConflict as error:
            conflict = error.current
        else:
            messages.success(
                request,
                f"Version {version.number} du diagnostic enregistrée. "
                "Faites-la valider par la personne quand la synthèse est prête.",
            )
            return redirect("diagnosis:detail", person_id=access.person.pk)
    context = file_context(request, access, tab="diagnosis")
    context.update(
        {
            "form": form,
            "previous": previous,
            "conflict": conflict,
            "reception_contact": reception_contact,
        }
    )
    return render(request, "diagnosis/edit.html", context)


@permission_required(Perm.PERSON_VIEW)
@require_safe
def version_detail(request, version_id):
    version, access = get_version_for_user(request.user, version_id)
    log_read(user=request.user, person=access.person, section=Section.DIAGNOSIS)
    _log_restricted_domains(request.user, access, version)
    context = file_context(request, access, tab="diagnosis")
    context.update(_version_context(version, access))
    context["is_current"] = version.diagnosis.current == version
    return render(request, "diagnosis/version.html", context)


@permission_required(Perm.PERSON_VIEW)
@require_safe
def version_document(request, version_id, fmt):
    """The synthesis to print, sign or send: PDF, or DOCX to edit. « partage » leaves out the
    health and justice domains; the full version is for the person (and who may see them)."""
    version, access = get_version_for_user(request.user, version_id)
    domains = visible_domains(access)
    if request.GET.get("contenu") != "complet":
        domains = {d.code for d in DOMAINS if d.section == Section.DIAGNOSIS} & domains
    log_read(user=request.user, person=access.person, section=Section.DIAGNOSIS)
    for domain in DOMAINS:
        if domain.code in domains and domain.section != Section.DIAGNOSIS:
            log_read(user=request.user, person=access.person, section=domain.section)
    restricted = {d.code for d in DOMAINS if d.section != Section.DIAGNOSIS} & domains
    # « Complete » only when it does hold health or justice: otherwise it is the shareable one.
    complete = bool(restricted) and version.domains.filter(domain__in=restricted).exists()
    document = synthesis_document(version, domains=domains, complete=complete)
    # Never the person's name in the file name: downloads end up in shared folders.
    filename = f"synthese-diagnostic-{access.person.pk}-v{version.number}" + (
        "-complete" if complete else ""
    )
    return document_response(document, fmt=fmt, filename=filename)


@permission_required(Perm.DIAGNOSIS_EDIT)
@require_safe
def version_report(request, version_id, fmt):
    """The compte rendu of the interview behind this version, for the structure's counselors
    (health and justice only for those who may see them)."""
    version, access = get_version_for_user(request.user, version_id)
    require(access, Perm.DIAGNOSIS_EDIT)
    if version.diagnosis.structure_id != request.user.active_membership.structure_id:
        raise Http404
    domains = visible_domains(access)
    log_read(user=request.user, person=access.person, section=Section.DIAGNOSIS)
    for domain in DOMAINS:
        if domain.code in domains and domain.section != Section.DIAGNOSIS:
            log_read(user=request.user, person=access.person, section=domain.section)
    person = access.person
    structure_id = version.diagnosis.structure_id
    day = version.interview_date
    # The urgency questions asked nearest to the interview (they are asked at it).
    checks = UrgencyCheck.objects.filter(
        person=person,
        structure_id=structure_id,
        asked_at__date__range=(day - timedelta(days=14), day + timedelta(days=14)),
    )
    urgency_check = min(
        checks, key=lambda c: abs((timezone.localdate(c.asked_at) - day).days), default=None
    )
    referrals = []
    if access.can_see(Section.REFERRALS):
        log_read(user=request.user, person=person, section=Section.REFERRALS)
        referrals = list(
            person.referrals.filter(structure_id=structure_id, created_at__date__gte=day)
            .select_related("service", "partner")
            .order_by("created_at")
        )
    document = interview_report_document(
        version, domains=domains, urgency_check=urgency_check, referrals=referrals
    )
    return document_response(
        document,
        fmt=fmt,
        filename=f"compte-rendu-entretien-{person.pk}-{version.interview_date:%Y-%m-%d}",
    )


@permission_required(Perm.DIAGNOSIS_EDIT)
def version_validate(request, version_id):
    version, access = get_version_for_user(request.user, version_id)
    require(access, Perm.DIAGNOSIS_EDIT)
    if version.diagnosis.structure_id != request.user.active_membership.structure_id:
        raise Http404
    log_read(user=request.user, person=access.person, section=Section.DIAGNOSIS)
    context = file_context(request, access, tab="diagnosis")
    context.update(_version_context(version, access))
    if version.is_validated:
        # Validated once and for all: the page says when and how, and no scan is kept twice.
        status = 200
        if request.method == "POST":
            messages.error(
                request,
                f"La version {version.number} a déjà été validée par la personne : rien n'a "
                "été enregistré. Pour changer la synthèse, mettez le diagnostic à jour (une "
                "nouvelle version sera créée).",
            )
            status = 409
        context["form"] = None
        return render(request, "diagnosis/validate.html", context, status=status)
    form = ValidationForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = None
        if form.cleaned_data.get("scan"):
            document = people_actions.add_document(
                person=access.person,
                membership=request.user.active_membership,
                uploaded=form.cleaned_data["scan"],
                kind=DocumentKind.OTHER,
                title=f"Synthèse du diagnostic signée — version {version.number}",
            )
        try:
            version.record_validation(
                channel=form.cleaned_data["channel"], by=request.user, document=document
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Validation de la version {version.number} par la personne enregistrée."
            )
            return redirect("diagnosis:detail", person_id=access.person.pk)
    context["form"] = form
    return render(request, "diagnosis/validate.html", context)


@permission_required(Perm.PERSON_VIEW)
@require_safe
def diagnosis_compare(request, person_id):
    access = open_file(request.user, person_id, section=Section.DIAGNOSIS)
    mine = actions.diagnosis_of(access.person, request.user.active_membership.structure_id)
    if mine is None:
        raise Http404
    versions = {v.number: v for v in mine.versions.all()}
    try:
        older = versions[int(request.GET.get("de", 0))]
        newer = versions[int(request.GET.get("a", 0))]
    except (KeyError, ValueError):
        numbers = sorted(versions)
        if len(numbers) < 2:
            raise Http404 from None
        older, newer = versions[numbers[-2]], versions[numbers[-1]]
    if older.number > newer.number:
        older, newer = newer, older
    _log_restricted_domains(request.user, access, newer)
    context = file_context(request, access, tab="diagnosis")
    context.update(
        {
            "older": older,
            "newer": newer,
            "numbers": sorted(versions),
            "changes": actions.compare(older, newer, visible_domains=visible_domains(access)),
        }
    )
    return render(request, "diagnosis/compare.html", context)


NEARBY_SERVICES = 3


# Nothing within the usual radius: the nearest ones within this one, said so.
WIDER_RADIUS_KM = 100


def _nearest(user, person, thematiques) -> tuple[list, int | None]:
    """The nearest services for an urgency, and the radius searched (None: no position)."""
    if not thematiques:
        return [], None
    for radius in (DEFAULT_RADIUS_KM, WIDER_RADIUS_KM):
        services = search_services(
            user,
            thematiques=thematiques,
            commune=person.commune,
            radius_km=radius,
            limit=NEARBY_SERVICES,
        )
        if services or person.commune is None or person.commune.latitude is None:
            return services, radius if person.commune is not None else None
    return [], WIDER_RADIUS_KM


def _with_nearby_services(user, person, positives) -> list[dict]:
    """Each urgency's response, with the nearest partner services that answer it."""
    responses = []
    for response in responses_for(positives):
        services, radius = _nearest(user, person, response.thematiques)
        responses.append(
            {
                "item": response.item,
                "actions": response.actions_for(person.age if person.birth_date else None),
                "numbers": response.numbers,
                "thematique": response.thematiques[0] if response.thematiques else "",
                "services": services,
                "radius": radius,
                "wider": radius == WIDER_RADIUS_KM,
                "commune": person.commune,
            }
        )
    return responses


@permission_required(Perm.URGENCY_RECORD)
def urgency_check(request, person_id):
    access = open_file(request.user, person_id, section=Section.DIAGNOSIS)
    require(access, Perm.URGENCY_RECORD)
    form = UrgencyCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        check = actions.record_urgency_check(
            person=access.person,
            membership=request.user.active_membership,
            positives=form.cleaned_data["positives"],
            note=form.cleaned_data["note"],
        )
        if not check.is_positive:
            messages.success(
                request, "Repérage des urgences enregistré : aucune situation d'urgence."
            )
            return redirect("diagnosis:detail", person_id=access.person.pk)
        context = file_context(request, access, tab="diagnosis")
        context.update(
            {
                "check": check,
                "responses": _with_nearby_services(request.user, access.person, check.positives),
                "emergency": EMERGENCY,
            }
        )
        return render(request, "diagnosis/urgency_result.html", context)
    context = file_context(request, access, tab="diagnosis")
    context["form"] = form
    return render(request, "diagnosis/urgency_check.html", context)


@permission_required(Perm.URGENCY_RECORD)
@require_safe
def alerts(request):
    items = (
        Alert.objects.visible_to(request.user)
        .select_related("person", "raised_by", "resolved_by", "urgency_check")
        .order_by("-raised_at")
    )
    open_alerts = [a for a in items if a.resolved_at is None]
    closed = [a for a in items[:100] if a.resolved_at is not None]
    return render(
        request,
        "diagnosis/alerts.html",
        {"open_alerts": open_alerts, "closed": closed, "nav": "alerts"},
    )


@permission_required(Perm.URGENCY_RECORD)
def alert_resolve(request, alert_id):
    alert = get_alert_for_user(request.user, alert_id)
    if alert.resolved_at is not None:
        raise Http404
    access = open_file(request.user, alert.person_id, section=Section.DIAGNOSIS)
    form = ResolveAlertForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.resolve_alert(
            alert=alert, by=request.user, resolution=form.cleaned_data["resolution"]
        )
        messages.success(request, "L'alerte est marquée comme traitée.")
        return redirect("diagnosis:alerts")
    context = file_context(request, access, tab="diagnosis")
    context.update(
        {
            "alert": alert,
            "form": form,
            "responses": _with_nearby_services(
                request.user, access.person, alert.urgency_check.positives
            ),
            "emergency": EMERGENCY,
        }
    )
    return render(request, "diagnosis/alert_resolve.html", context)
