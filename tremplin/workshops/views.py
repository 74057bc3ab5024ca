from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tremplin.accounts.models import User
from tremplin.agenda.enums import NoticeStatus
from tremplin.audit.models import log_read
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section, role_can
from tremplin.core.text import freed_places_line
from tremplin.diagnosis.models import DiagnosisVersion, DomainAssessment
from tremplin.documents.drawing import decode_png
from tremplin.documents.rendering import PDF, document_response
from tremplin.people.access import open_file
from tremplin.people.enums import Sex
from tremplin.people.models import Person
from tremplin.people.tabs import file_context
from tremplin.workshops import actions, kiosk
from tremplin.workshops.access import (
    get_design_for_user,
    get_half_day_for_user,
    get_registration_for_user,
    get_sequence_for_user,
    get_session_for_user,
    get_signature_for_user,
)
from tremplin.workshops.documents import (
    design_document,
    review_document,
    session_review_summary,
    sheet_pdf,
)
from tremplin.workshops.enums import PresenceSource, RegistrationStatus, Slot
from tremplin.workshops.forms import (
    CloseForm,
    DesignForm,
    EvaluationForm,
    HalfDayFormSet,
    InviteFilterForm,
    InviteForm,
    ReviewForm,
    ScanForm,
    SequenceForm,
    SessionEditForm,
    SessionForm,
    SignatureForm,
)
from tremplin.workshops.models import (
    Registration,
    WorkshopDesign,
    WorkshopSession,
)
from tremplin.workshops.templatetags.workshop_words import accord

NAV = "workshops"
MAX_CANDIDATES = 200


def _can_manage(request) -> bool:
    return role_can(request.user.active_membership.role, Perm.WORKSHOP_MANAGE)


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _log_people(request, people) -> None:
    """Names of people on a workshop page are a read of their file's agenda part."""
    for person in people:
        log_read(user=request.user, person=person, section=Section.AGENDA)


# --- list and designs ---------------------------------------------------------------------------


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_safe
def index(request):
    sessions = (
        WorkshopSession.objects.visible_to(request.user)
        .select_related("design")
        .prefetch_related("half_days")
        .annotate(
            registered_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )
    )
    today = timezone.localdate()
    upcoming = sorted(
        (s for s in sessions if s.last_day is None or s.last_day >= today),
        key=lambda s: s.first_day or today,
    )
    past = sorted(
        (s for s in sessions if s.last_day is not None and s.last_day < today),
        key=lambda s: s.first_day,
        reverse=True,
    )[:30]
    designs = (
        WorkshopDesign.objects.visible_to(request.user)
        .annotate(session_count=Count("sessions"))
        .prefetch_related("sequences")
    )
    return render(
        request,
        "workshops/index.html",
        {
            "upcoming": upcoming,
            "past": past,
            # A date of another year shows its year.
            "this_year": today.year,
            "designs": designs,
            "can_manage": _can_manage(request),
            "nav": NAV,
        },
    )


@permission_required(Perm.WORKSHOP_MANAGE)
def design_create(request):
    form = DesignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        design = form.save(commit=False)
        try:
            actions.create_design(
                design=design,
                membership=request.user.active_membership,
                thematiques=form.cleaned_data["thematiques"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Atelier conçu. Décrivez maintenant son scénario.")
            return redirect("workshops:design", design_id=design.pk)
    return render(request, "workshops/design_form.html", {"form": form, "nav": NAV})


@permission_required(Perm.WORKSHOP_MANAGE)
def design_edit(request, design_id):
    design = get_design_for_user(request.user, design_id)
    form = DesignForm(request.POST if request.method == "POST" else None, instance=design)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, "Conception de l'atelier enregistrée.")
        return redirect("workshops:design", design_id=design.pk)
    return render(
        request, "workshops/design_form.html", {"form": form, "design": design, "nav": NAV}
    )


@permission_required(Perm.WORKSHOP_SIGN_IN)
def design_detail(request, design_id):
    design = get_design_for_user(request.user, design_id)
    can_manage = _can_manage(request)
    form = SequenceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                actions.add_sequence(design=design, sequence=form.save(commit=False))
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, "Séquence ajoutée au scénario.")
                return redirect("workshops:design", design_id=design.pk)
    sessions = design.sessions.prefetch_related("half_days")
    return render(
        request,
        "workshops/design_detail.html",
        {
            "design": design,
            "sequences": design.sequences.all(),
            "form": form,
            "sessions": sessions,
            "can_manage": can_manage,
            "nav": NAV,
        },
    )


@permission_required(Perm.WORKSHOP_MANAGE)
@require_POST
def sequence_delete(request, sequence_id):
    sequence = get_sequence_for_user(request.user, sequence_id)
    design_id = sequence.design_id
    sequence.delete()
    messages.success(request, "Séquence retirée du scénario.")
    return redirect("workshops:design", design_id=design_id)


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_safe
def design_sheet(request, design_id, fmt):
    design = get_design_for_user(request.user, design_id)
    return document_response(
        design_document(design), fmt=fmt, filename=f"fiche-atelier-{design.pk}"
    )


# --- sessions -----------------------------------------------------------------------------------


def _facilitators(user):
    return User.objects.filter(
        memberships__structure_id=user.active_membership.structure_id,
        memberships__is_active=True,
        is_active=True,
    ).order_by("last_name", "first_name")


@permission_required(Perm.WORKSHOP_MANAGE)
def session_create(request, design_id):
    design = get_design_for_user(request.user, design_id)
    data = request.POST if request.method == "POST" else None
    form = SessionForm(
        data, facilitators=_facilitators(request.user), initial={"facilitators": [request.user]}
    )
    formset = HalfDayFormSet(data, prefix="demi")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        session = form.save(commit=False)
        session.design = design
        try:
            actions.create_session(
                session=session,
                half_days=formset.half_days(),
                facilitators=list(form.cleaned_data["facilitators"]),
                membership=request.user.active_membership,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Séance programmée. Invitez maintenant les participant·es.")
            return redirect("workshops:session", workshop_session_id=session.pk)
    return render(
        request,
        "workshops/session_form.html",
        {"form": form, "formset": formset, "design": design, "nav": NAV},
    )


@permission_required(Perm.WORKSHOP_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request, workshop_session_id):
    """Change a programmed session: place, link, capacity, facilitators, funder mention.
    Its half-days and their sheets are not changed here."""
    session = get_session_for_user(request.user, workshop_session_id)
    capacity_locked = actions.capacity_locked(session)
    form = SessionEditForm(
        request.POST if request.method == "POST" else None,
        instance=session,
        facilitators=_facilitators(request.user),
        capacity_locked=capacity_locked,
    )
    if request.method == "POST" and form.is_valid():
        try:
            update = actions.update_session(
                session=session,
                changes={f: form.cleaned_data[f] for f in actions.EDITABLE_SESSION_FIELDS},
                facilitators=list(form.cleaned_data["facilitators"]),
                membership=request.user.active_membership,
                loaded_at=form.cleaned_data["loaded_at"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            text = "Séance modifiée."
            if update.first is not None:
                _log_people(request, [update.first.person])
                text += " " + freed_place_message(update.first, update.freed)
            messages.success(request, text)
            return redirect("workshops:session", workshop_session_id=session.pk)
    return render(
        request,
        "workshops/session_edit.html",
        {
            "form": form,
            "session": session,
            "registered_count": session.registered().count(),
            "nav": NAV,
        },
    )


def counts_line(registered: int, capacity: int, waiting: int) -> str:
    """« 5 inscrit·es sur 8 places · 2 en liste d'attente »."""
    who = "inscrit·e" if registered <= 1 else "inscrit·es"
    places = "place" if capacity == 1 else "places"
    return f"{registered} {who} sur {capacity} {places} · {waiting} en liste d'attente"


def _name(person) -> str:
    return f"{person.first_name} {person.last_name.upper()}"


def _first(person) -> str:
    return {Sex.FEMALE: "première", Sex.MALE: "premier"}.get(person.sex, "premier·ère")


def freed_place_message(first, count: int = 1) -> str:
    """« Une place s'est libérée : joignez …, première de la liste d'attente, puis
    confirmez sa place. » Nobody takes a freed place silently: the counselor reaches the
    first of the waiting list, then confirms."""
    return (
        f"{freed_places_line(count)} : joignez {_name(first.person)}, "
        f"{_first(first.person)} de la liste d'attente, puis confirmez sa place."
    )


def _session_context(request, session):
    registrations = list(
        session.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .with_evidence()
        .select_related("person")
        .prefetch_related("invitations")
        .order_by("registered_at", "pk")
    )
    registered = [r for r in registrations if r.status == RegistrationStatus.REGISTERED]
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    for rank, registration in enumerate(waiting, start=1):
        registration._waiting_rank = rank
    places_left = max(session.capacity - len(registered), 0)
    _log_people(request, [r.person for r in registrations])
    return {
        "session": session,
        # What the closing sheet counts: on the screen while the sheet is open; once closed,
        # the presences (screen and paper), and the paper ones still waiting for their scan.
        "half_days": list(
            session.half_days.annotate(
                signed=Count("signatures", distinct=True),
                present=Count("presences", filter=Q(presences__is_present=True), distinct=True),
                on_screen=Count(
                    "presences",
                    filter=Q(presences__source=PresenceSource.TABLET),
                    distinct=True,
                ),
                on_paper=Count(
                    "presences",
                    filter=Q(presences__source=PresenceSource.PAPER),
                    distinct=True,
                ),
            )
        ),
        "registered": registered,
        "waiting": waiting,
        "places_left": places_left,
        "counts": counts_line(len(registered), session.capacity, len(waiting)),
        # Free places are offered to the waiting list first (its people reached, then
        # confirmed one by one); a newcomer is offered the waiting list too.
        "freed": freed_places_line(min(places_left, len(waiting)))
        if places_left and waiting and not session.is_past
        else "",
        "newcomers_wait": places_left <= len(waiting),
        "freed_count": min(places_left, len(waiting)),
        "duration_mismatch": session.duration_mismatch(),
        "facilitators": list(session.facilitators.all()),
        "can_manage": _can_manage(request),
        "skipped_status": NoticeStatus.SKIPPED,
        "nav": NAV,
    }


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_http_methods(["GET", "HEAD", "POST"])
def session_detail(request, workshop_session_id):
    """The session: half-days and their sheets, registered people, the waiting list. A name
    searched to register someone travels in a POST body, never in the URL."""
    session = get_session_for_user(request.user, workshop_session_id)
    query, found = "", []
    if request.method == "POST":
        query = request.POST.get("q", "").strip()[:100]
        if query:
            found = list(
                Person.objects.visible_to(request.user)
                .followed_by_structure(session.structure_id)
                .search(query)[:10]
            )
    context = _session_context(request, session)
    context.update({"query": query, "found": found})
    return render(request, "workshops/session_detail.html", context)


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_POST
def session_register(request, workshop_session_id):
    session = get_session_for_user(request.user, workshop_session_id)
    person = get_object_or_404(
        Person.objects.visible_to(request.user), pk=request.POST.get("person") or 0
    )
    # The waiting list only when the counselor chose it (the button says so).
    waiting_list = request.POST.get("liste_attente") == "1"
    try:
        registration = actions.register(
            session=session, person=person, by=request.user, waiting_list=waiting_list
        )
    except actions.SessionFull as full:
        # Nothing recorded: the page offers the waiting list instead.
        context = _session_context(request, session)
        _log_people(request, [person])
        context.update(
            {
                "query": "",
                "found": [],
                "full": full.messages[0],
                "offered": person,
                "rank": full.rank,
            }
        )
        return render(request, "workshops/session_detail.html", context)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.warning(
                request,
                f"{_name(person)} est en liste d'attente, au rang {registration.waiting_rank}.",
            )
        else:
            messages.success(request, "Inscription enregistrée.")
    return redirect("workshops:session", workshop_session_id=session.pk)


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_POST
def registration_promote(request, workshop_registration_id):
    """Give a free place to someone of the waiting list, once reached: the first (the
    button of « Une place s'est libérée ») or anyone on the list."""
    registration = get_registration_for_user(request.user, workshop_registration_id)
    try:
        promoted = actions.promote(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"Place confirmée : {_name(promoted.person)} est "
            f"{accord(promoted.person, 'inscrit')} à la séance.",
        )
    return redirect("workshops:session", workshop_session_id=registration.session_id)


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request, workshop_registration_id):
    """GET asks for confirmation (the person and the session, nothing but ids in the URL);
    POST cancels the registration or takes the person off the waiting list."""
    registration = get_registration_for_user(request.user, workshop_registration_id)
    if request.method != "POST":
        _log_people(request, [registration.person])
        return render(
            request,
            "workshops/registration_cancel.html",
            {
                "registration": registration,
                "person": registration.person,
                "session": registration.session,
                "half_days": list(registration.session.half_days.all()),
                "is_waiting": registration.status == RegistrationStatus.WAITING,
                "is_cancelled": registration.status == RegistrationStatus.CANCELLED,
                "nav": NAV,
            },
        )
    was_waiting = registration.status == RegistrationStatus.WAITING
    try:
        first = actions.cancel_registration(registration=registration)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        text = "Retiré·e de la liste d'attente." if was_waiting else "Inscription annulée."
        if first is not None:
            text += " " + freed_place_message(first)
        messages.success(request, text)
    return redirect("workshops:session", workshop_session_id=registration.session_id)


def _candidates(request, session, need, mine, *, registered_too=False):
    """People followed by the structure, not yet registered, optionally with a need of
    their current diagnosis (the structure's latest version) or only those I follow.
    `registered_too` for checking a sent choice: someone registered meanwhile (from the
    session's page) is then said in the summary, not refused as an unknown choice."""
    structure_id = session.structure_id
    people = Person.objects.visible_to(request.user).followed_by_structure(structure_id)
    if not registered_too:
        people = people.exclude(
            Exists(
                Registration.objects.filter(session=session, person=OuterRef("pk")).exclude(
                    status=RegistrationStatus.CANCELLED
                )
            )
        )
    if mine:
        people = people.with_referent(request.user, structure_id)
    if need is not None:
        latest = (
            DiagnosisVersion.objects.filter(diagnosis=OuterRef("version__diagnosis"))
            .order_by("-number")
            .values("pk")[:1]
        )
        people = people.filter(
            Exists(
                DomainAssessment.objects.filter(
                    version__diagnosis__person=OuterRef("pk"),
                    version__diagnosis__structure_id=structure_id,
                    needs=need,
                    version=Subquery(latest),
                )
            )
        )
    return list(people.select_related("commune").order_by("sort_key", "pk")[:MAX_CANDIDATES])


@permission_required(Perm.WORKSHOP_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def session_invite(request, workshop_session_id):
    session = get_session_for_user(request.user, workshop_session_id)
    design_needs = list(session.design.thematiques.all())
    filters = InviteFilterForm(
        request.GET or {"need": design_needs[0].pk if len(design_needs) == 1 else ""}
    )
    need, mine = None, False
    if filters.is_valid():
        need, mine = filters.cleaned_data["need"], filters.cleaned_data["mine"]
    candidates = _candidates(request, session, need, mine)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        candidates=_candidates(request, session, need, mine, registered_too=True)
        if request.method == "POST"
        else candidates,
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.invite(
                session=session,
                people=form.chosen(),
                by=request.user,
                waiting_list=form.cleaned_data["waiting_list"],
            )
        except actions.SessionFull as full:
            form.add_error(
                None,
                f"{full.messages[0]} Rien n'a été enregistré : cochez moins de personnes, ou "
                "« Mettre en liste d'attente celles qui n'ont pas de place ».",
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, invite_summary(report))
            return redirect("workshops:session", workshop_session_id=session.pk)
    return render(
        request,
        "workshops/invite.html",
        {
            "session": session,
            "filters": filters,
            "form": form,
            "candidates": candidates,
            "counts": counts_line(
                session.registered().count(), session.capacity, session.waiting().count()
            ),
            "is_truncated": len(candidates) >= MAX_CANDIDATES,
            "design_needs": design_needs,
            # The need filter found nobody: said as such, with a way to clear it.
            "need": need,
            "mine": mine,
            "nav": NAV,
        },
    )


def invite_summary(report: actions.InviteReport) -> str:
    """What the invitation did: how many registered, invited, on the waiting list, and who
    was not invited, and why (no channel, already invited, registered meanwhile)."""
    registered = len(report.registrations) - len(report.waiting)
    text = (
        "Aucune personne invitée"
        if registered == 0
        else "1 personne invitée et inscrite"
        if registered == 1
        else f"{registered} personnes invitées et inscrites"
    )
    if report.waiting:
        text += (
            f" ; {len(report.waiting)} en liste d'attente, sans invitation tant qu'une place "
            "ne leur est pas confirmée"
        )
    sent = len(report.invited)
    text += ". " + (
        "Aucune invitation envoyée."
        if sent == 0
        else f"Invitation envoyée à {sent} personne{'s' if sent > 1 else ''}."
    )
    skipped = [
        f"{_name(r.person)} : non {accord(r.person, 'prévenu')} ({reason.rstrip('.')})"
        for r, reason in report.unreachable
    ]
    skipped += [
        f"{_name(r.person)} : déjà {accord(r.person, 'invité')} à cette séance, "
        "l'invitation n'est pas renvoyée"
        for r in report.already_invited
    ]
    skipped += [f"{_name(r.person)} : en liste d'attente" for r in report.waiting]
    skipped += [
        f"{_name(r.person)} : "
        + (
            "déjà en liste d'attente"
            if r.status == RegistrationStatus.WAITING
            else f"déjà {accord(r.person, 'inscrit')}"
        )
        + " entre-temps, inscription inchangée"
        for r in report.already_registered
    ]
    if skipped:
        text += " Sans invitation : " + " ; ".join(skipped)
        text += "" if text.endswith(".") else "."
    return text


def closed_sheet_message(present: int, absent: int) -> str:
    """« Feuille close : 1 personne présente, aucune absente. » — always agreed."""

    def count(number: int, word: str) -> str:
        if number == 0:
            return f"aucune {word}"
        return f"{number} personne{'s' if number > 1 else ''} {word}{'s' if number > 1 else ''}"

    if present == 0:
        return f"Feuille close : aucune personne présente, {count(absent, 'absente')}."
    return f"Feuille close : {count(present, 'présente')}, {count(absent, 'absente')}."


# --- sign-in ------------------------------------------------------------------------------------


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request, half_day_id):
    """The half-day's sign-in page, on the tablet or phone handed round the room by the
    logged-in facilitator: the list of participants, then one participant's signing form."""
    half_day = get_half_day_for_user(request.user, half_day_id)
    session = half_day.session
    registrations = list(
        session.registered().select_related("person").order_by("person__sort_key", "person_id")
    )
    signed = {s.registration_id: s for s in half_day.signatures.all()}
    current = None
    wanted = request.POST.get("registration") or request.GET.get("inscription")
    if wanted:
        current = next((r for r in registrations if str(r.pk) == str(wanted)), None)
        if current is None:
            raise Http404
    form = SignatureForm(
        request.POST if request.method == "POST" else None,
        initial={"registration": current.pk if current else None},
        sex=current.person.sex if current else "",
    )
    if request.method == "POST" and current is not None and form.is_valid():
        try:
            drawing = (
                decode_png(form.cleaned_data["drawing"]) if form.cleaned_data["drawing"] else None
            )
            actions.sign(
                half_day=half_day,
                registration=current,
                by=request.user,
                drawing=drawing,
                typed_name=form.cleaned_data["typed_name"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                f"Merci {current.person.first_name} : votre signature est enregistrée. "
                "Passez la tablette à la personne suivante.",
            )
            return redirect("workshops:sign-in", half_day_id=half_day.pk)
    _log_people(request, [r.person for r in registrations])
    return render(
        request,
        "workshops/sign_in.html",
        {
            "half_day": half_day,
            "session": session,
            "rows": [(r, signed.get(r.pk)) for r in registrations],
            "current": current,
            "current_signed": current is not None and current.pk in signed,
            "form": form,
            "statement": actions.statement_for(half_day, current) if current else "",
            "is_open": half_day.is_sign_in_open(),
            "tablet": kiosk.active_half_day_id(request) == half_day.pk,
            "nav": NAV,
        },
    )


def _half_day_words(half_day) -> str:
    """« 2026-12-03-matin »: the sheet's file name tells its half-day."""
    return f"{half_day.date}-{'matin' if half_day.slot == Slot.MORNING else 'apres-midi'}"


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_safe
def sheet(request, half_day_id):
    half_day = get_half_day_for_user(request.user, half_day_id)
    response = HttpResponse(sheet_pdf(half_day), content_type=PDF)
    response["Content-Disposition"] = (
        f'attachment; filename="feuille-emargement-{half_day.session_id}-{_half_day_words(half_day)}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_http_methods(["GET", "HEAD", "POST"])
def half_day_close(request, half_day_id):
    half_day = get_half_day_for_user(request.user, half_day_id)
    session = half_day.session
    signed_ids = set(half_day.signatures.values_list("registration_id", flat=True))
    registrations = list(session.registered().select_related("person"))
    unsigned = [r for r in registrations if r.pk not in signed_ids]
    action = request.POST.get("action")
    form = CloseForm(request.POST if action == "close" else None, unsigned=unsigned)
    scan_form = ScanForm(
        request.POST if action == "scan" else None, request.FILES if action == "scan" else None
    )
    if action == "close" and form.is_valid():
        try:
            presences = actions.close_half_day(
                half_day=half_day, by=request.user, paper_signed=form.cleaned_data["paper_signed"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            absent = sum(1 for p in presences if not p.is_present)
            messages.success(request, closed_sheet_message(len(presences) - absent, absent))
            return redirect("workshops:session", workshop_session_id=session.pk)
    if action == "scan" and scan_form.is_valid():
        try:
            actions.attach_scan(
                half_day=half_day, uploaded=scan_form.cleaned_data["scan"], by=request.user
            )
        except ValidationError as error:
            _errors_to_form(scan_form, error)
        else:
            messages.success(request, "Feuille scannée jointe à la demi-journée.")
            return redirect("workshops:close", half_day_id=half_day.pk)
    _log_people(request, [r.person for r in registrations])
    presences = list(half_day.presences.select_related("registration__person"))
    return render(
        request,
        "workshops/close.html",
        {
            "half_day": half_day,
            "session": session,
            "form": form,
            "scan_form": scan_form,
            "signed_count": len(signed_ids),
            "presences": presences,
            "present_count": sum(p.is_present for p in presences),
            "tablet_count": sum(p.source == PresenceSource.TABLET for p in presences),
            "paper_count": sum(p.source == PresenceSource.PAPER for p in presences),
            "paper_source": PresenceSource.PAPER,
            "nav": NAV,
        },
    )


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_safe
def scan_download(request, half_day_id):
    half_day = get_half_day_for_user(request.user, half_day_id)
    if not half_day.scan:
        raise Http404
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        half_day.scan_content_type, "bin"
    )
    response = FileResponse(
        half_day.scan.open("rb"),
        as_attachment=True,
        filename=f"feuille-emargement-scannee-{half_day.session_id}-{_half_day_words(half_day)}.{extension}",
        content_type=half_day.scan_content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_safe
def signature_image(request, workshop_signature_id):
    signature = get_signature_for_user(request.user, workshop_signature_id)
    if not signature.image:
        raise Http404
    response = FileResponse(signature.image.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


# --- evaluation and review ----------------------------------------------------------------------


@permission_required(Perm.WORKSHOP_MANAGE)
def evaluation(request, workshop_registration_id):
    registration = get_registration_for_user(request.user, workshop_registration_id)
    if registration.status != RegistrationStatus.REGISTERED:
        raise Http404
    session = registration.session
    existing = getattr(registration, "evaluation", None)
    form = EvaluationForm(
        request.POST if request.method == "POST" else None,
        design=session.design,
        evaluation=existing,
    )
    attended = registration.attended
    ended = session.has_ended()
    if request.method == "POST" and not ended:
        messages.error(request, actions.NOT_ENDED)
        return redirect("workshops:review", workshop_session_id=session.pk)
    if request.method == "POST" and not attended:
        messages.error(request, actions.NOT_ATTENDED)
        return redirect("workshops:review", workshop_session_id=session.pk)
    if request.method == "POST" and form.is_valid():
        try:
            actions.evaluate(
                registration=registration,
                objectives=form.objectives(),
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Évaluation enregistrée.")
            return redirect("workshops:review", workshop_session_id=session.pk)
    _log_people(request, [registration.person])
    return render(
        request,
        "workshops/evaluation.html",
        {
            "registration": registration,
            "session": session,
            "form": form,
            "attended": attended,
            "not_attended": actions.NOT_ATTENDED,
            "ended": ended,
            "not_ended": actions.NOT_ENDED,
            "nav": NAV,
        },
    )


@permission_required(Perm.WORKSHOP_MANAGE)
def review(request, workshop_session_id):
    session = get_session_for_user(request.user, workshop_session_id)
    form = ReviewForm(request.POST if request.method == "POST" else None, instance=session)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Commentaires du bilan enregistrés.")
        return redirect("workshops:review", workshop_session_id=session.pk)
    summary = session_review_summary(session)
    _log_people(request, [r.person for r in summary["registrations"]])
    return render(
        request,
        "workshops/review.html",
        {
            "session": session,
            "summary": summary,
            "form": form,
            "ended": session.has_ended(),
            "not_ended": actions.NOT_ENDED,
            "nav": NAV,
        },
    )


@permission_required(Perm.WORKSHOP_MANAGE)
@require_safe
def review_report(request, workshop_session_id, fmt):
    session = get_session_for_user(request.user, workshop_session_id)
    return document_response(
        review_document(session), fmt=fmt, filename=f"bilan-atelier-{session.pk}"
    )


# --- the person's file --------------------------------------------------------------------------


@permission_required(Perm.PERSON_VIEW)
@require_safe
def person_workshops(request, person_id):
    """The « Ateliers » tab: the person's workshop registrations and attendance. Part of the
    agenda section of the file (general sensitivity: when and where the person is expected)."""
    access = open_file(request.user, person_id, section=Section.AGENDA)
    context = file_context(request, access, tab="workshops")
    registrations = (
        Registration.objects.visible_to(request.user)
        .filter(person=access.person)
        .with_waiting_rank()
        .select_related("session__design")
        .prefetch_related("presences__half_day", "session__half_days")
        .order_by("-registered_at")
    )
    context["registrations"] = registrations
    context["can_open_sessions"] = access.can(Perm.WORKSHOP_SIGN_IN)
    context["today"] = timezone.localdate()
    return render(request, "workshops/person.html", context)
