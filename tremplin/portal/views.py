"""The person's own space (« Mon espace »). Every page loads through `person_required`
(the person's session) and `portal.access` (only the person's own things), and every page
read is written in the access log under the channel « espace personnel »."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tremplin.audit.models import log_own_read
from tremplin.core.http import private
from tremplin.core.permissions import Section
from tremplin.core.ratelimit import allow
from tremplin.dataexport import actions as data_export
from tremplin.pathways.enums import ActionOwner, ActionStatus
from tremplin.portal import access as space
from tremplin.portal import actions, session
from tremplin.portal.forms import (
    BirthDateForm,
    LinkRequestForm,
    OpenedPartsForm,
    SynthesisValidationForm,
)
from tremplin.portal.session import person_required

# Requests for a new link from one client address in an hour (docs/security.md, 14 quater).
LINK_REQUESTS_PER_HOUR = 10
# The token of the link being opened, kept in the session between the link and the
# confirmation page (never in a URL the person stays on).
LINK_SESSION_KEY = "tremplin_person_space_link"


def _trace(request, section: Section) -> None:
    access = request.space
    log_own_read(structure_id=access.structure_id, person_id=access.person_id, section=section)


def _page(request, template, context, *, nav):
    access = request.space
    context = {"space": access, "person": access.person, "nav": nav, **context}
    return render(request, template, context)


# --- the door ----------------------------------------------------------------------------------


@never_cache
@require_safe
def start(request):
    """The public page: how to enter, and the form to ask for a new link."""
    if session.current_access(request) is not None:
        return redirect("portal:home")
    return private(render(request, "portal/start.html", {"form": LinkRequestForm()}))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_link(request):
    """Ask for a new link by e-mail. The answer is the same whether the address is known
    or not, so that the page never tells who is accompanied where."""
    if request.method != "POST":
        return redirect("portal:start")
    # A public form that sends e-mails: a few requests an hour from one address at most.
    if not allow(request, "space-link", limit=LINK_REQUESTS_PER_HOUR, window_seconds=3600):
        return private(render(request, "portal/link_too_many.html", status=429))
    form = LinkRequestForm(request.POST)
    if not form.is_valid():
        return private(render(request, "portal/start.html", {"form": form}, status=200))
    actions.request_link(email=form.cleaned_data["email"])
    return private(render(request, "portal/link_requested.html"))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link(request, token):
    """The link received by e-mail or SMS. Its token leaves the address bar at once: kept in
    the session (server side), and the browser sent to the confirmation page, whose address
    carries nothing. Nothing is checked nor used here, and nothing is shown."""
    # A token is some 80 characters: a longer string is cut (and then fails its signature).
    request.session[LINK_SESSION_KEY] = token[:200]
    response = redirect("portal:link-confirm")
    # The redirect's own request never leaves in a Referer (the next page has its own).
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _forget_link(request) -> None:
    request.session.pop(LINK_SESSION_KEY, None)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link_confirm(request):
    """The person confirms with their birth date; the link's token comes from the session."""
    token = request.session.get(LINK_SESSION_KEY)
    if not token:
        if session.current_access(request) is not None:
            return redirect("portal:home")
        context = {"form": LinkRequestForm()}
        return private(render(request, "portal/link_missing.html", context))
    access = actions.access_from_token(token)
    if access is None:
        _forget_link(request)
        return private(render(request, "portal/link_invalid.html", status=410))
    form = BirthDateForm(request.POST if request.method == "POST" else None)
    attempts_left = access.attempts_left
    wrong = False
    if request.method == "POST" and form.is_valid():
        check = actions.check_birth_date(
            access=access, token=token, birth_date=form.cleaned_data["birth_date"]
        )
        if check.ok:
            _forget_link(request)
            session.start(request, access)
            messages.success(request, "Bienvenue dans votre espace.")
            return redirect("portal:home")
        if check.blocked:
            _forget_link(request)
            return private(render(request, "portal/link_blocked.html", status=403))
        if check.attempts_left == 0:
            _forget_link(request)
            return private(render(request, "portal/link_invalid.html", status=410))
        attempts_left = check.attempts_left
        form = BirthDateForm()
        wrong = True
    context = {
        "form": form,
        "attempts_left": attempts_left,
        "wrong": wrong,
        "structure": access.structure,
    }
    # `same-origin`, not `no-referrer`: with the latter a browser sends « Origin: null » with
    # the form, which the CSRF check refuses; this address carries no token to leak.
    return private(render(request, "portal/link.html", context))


@require_POST
def logout(request):
    access = session.current_access(request)
    if access is not None:
        actions.record_logout(access=access)
    session.end(request)
    messages.info(request, "Vous êtes déconnecté·e. À bientôt.")
    return redirect("portal:start")


# --- the pages ---------------------------------------------------------------------------------


@person_required
@require_safe
def home(request):
    access = request.space
    # The home page shows the next appointments and the person's own next actions too.
    for section in (Section.IDENTITY, Section.AGENDA, Section.PATHWAY):
        _trace(request, section)
    pathways = list(space.open_pathways(access))
    next_steps = sorted(
        (
            action
            for pathway in pathways
            for action in pathway.actions.all()
            if action.owner == ActionOwner.PERSON
            and action.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
        ),
        key=lambda a: (a.due_on, a.pk),
    )[:3]
    follows = list(space.active_follows(access))
    waiting = [row for row in space.syntheses(access, follows) if row.awaits_validation]
    if waiting:
        _trace(request, Section.DIAGNOSIS)  # the card names the structures whose synthesis waits
    upcoming = space.next_appointments(access, limit=3)
    if any(a.partner for a in upcoming):
        _trace(request, Section.REFERRALS)  # the partners' appointments come from referrals
    context = {
        "follows": follows,
        "upcoming": upcoming,
        "next_steps": next_steps,
        "waiting_syntheses": waiting,
    }
    return _page(request, "portal/home.html", context, nav="home")


@person_required
@require_safe
def plan(request):
    _trace(request, Section.PATHWAY)
    pathways = list(space.open_pathways(request.space))
    for pathway in pathways:
        pathway.loose_actions = [a for a in pathway.actions.all() if a.objective_id is None]
    return _page(
        request,
        "portal/plan.html",
        {"pathways": pathways, "today": timezone.localdate()},
        nav="plan",
    )


@person_required
@require_safe
def appointments(request):
    _trace(request, Section.AGENDA)
    items = list(space.appointments(request.space))
    now = timezone.now()
    upcoming = [p for p in items if p.appointment.starts_at >= now]
    past = [p for p in items if p.appointment.starts_at < now][::-1][:30]
    partners = list(space.partner_appointments(request.space))
    if partners:
        _trace(request, Section.REFERRALS)  # the partners' appointments come from referrals
    return _page(
        request,
        "portal/appointments.html",
        {"upcoming": upcoming, "past": past, "partners": partners},
        nav="rdv",
    )


@person_required
@require_safe
def consents(request):
    _trace(request, Section.CONSENTS)
    rows = space.consent_rows(request.space)
    # Structures that have asked nothing yet (a partner that has just welcomed the person).
    asked = {r["structure"].pk for r in rows if r["active"] or r["last"]}
    # What a structure that took the person in from a referral reads of the common file.
    gated = [f for f in space.active_follows(request.space) if f.opened_sections is not None]
    context = {"rows": rows, "asked": asked, "gated_follows": gated}
    return _page(request, "portal/consents.html", context, nav="consents")


@person_required
@require_http_methods(["GET", "HEAD", "POST"])
def common_file(request, follow_id):
    """What a structure that took the person in from a referral reads of her common file:
    she ticks or unticks each part herself."""
    follow = space.get_own_partner_follow(request.space, follow_id)
    _trace(request, Section.CONSENTS)
    words = {part: space.SECTION_WORDS[part] for part in space.COMMON_PART_HELP}
    # Every box unticked sends an empty form: still a choice (close everything).
    data = request.POST if request.method == "POST" else None
    form = OpenedPartsForm(data, words=words, initial={"parts": list(follow.opened_sections)})
    if request.method == "POST" and form.is_valid():
        try:
            follow = actions.change_opened_sections(
                access=request.space, follow=follow, sections=form.cleaned_data["parts"]
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            seen = ", ".join(label.lower() for label in follow.opened_labels)
            messages.success(
                request,
                f"C'est fait : {follow.structure.name} voit maintenant votre identité et vos "
                f"coordonnées{', ' + seen if seen else ''}. Cela compte tout de suite.",
            )
        return redirect("portal:consents")
    parts = [
        {"field": field, "help": space.COMMON_PART_HELP[part]}
        for field, part in zip(form["parts"], space.COMMON_PART_HELP, strict=True)
    ]
    context = {"follow": follow, "form": form, "parts": parts}
    return _page(request, "portal/common_file.html", context, nav="consents")


@person_required
@require_http_methods(["GET", "HEAD", "POST"])
def consent_withdraw(request, consent_id):
    consent = space.get_own_consent(request.space, consent_id)
    if not consent.is_active:
        raise Http404
    _trace(request, Section.CONSENTS)
    if request.method == "POST":
        try:
            actions.withdraw_consent(access=request.space, consent=consent)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, "C'est fait : votre accord est retiré. Cela compte tout de suite."
            )
        return redirect("portal:consents")
    words = space.PURPOSE_WORDS[consent.purpose]
    context = {"consent": consent, "title": words[0], "help": words[1], "giving": False}
    return _page(request, "portal/consent_confirm.html", context, nav="consents")


@person_required
@require_http_methods(["GET", "HEAD", "POST"])
def consent_renew(request, consent_id):
    """Give again a consent given before and withdrawn (or expired)."""
    consent = space.get_own_consent(request.space, consent_id)
    rows = space.consent_rows(request.space)
    row = next((r for r in rows if r["last"] and r["last"].pk == consent.pk), None)
    if row is None or row["active"] is not None:
        raise Http404
    _trace(request, Section.CONSENTS)
    if request.method == "POST":
        try:
            actions.give_consent(
                access=request.space,
                structure_id=consent.structure_id,
                purpose=consent.purpose,
                like=consent,
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, "C'est fait : vous avez donné votre accord.")
        return redirect("portal:consents")
    words = space.PURPOSE_WORDS[consent.purpose]
    context = {
        "consent": consent,
        "title": words[0],
        "help": words[1],
        "giving": True,
        "sections": row["sections"],
    }
    return _page(request, "portal/consent_confirm.html", context, nav="consents")


@person_required
@require_POST
def consent_give(request):
    """A first consent for a simple purpose, for a structure that follows the person."""
    access = request.space
    try:
        structure_id = int(request.POST.get("structure", ""))
    except ValueError:
        raise Http404 from None
    purpose = request.POST.get("purpose", "")
    if not space.may_give(access, structure_id=structure_id, purpose=purpose):
        raise Http404
    rows = space.consent_rows(access)
    if any(
        r["structure"].pk == structure_id and r["purpose"] == purpose and r["active"] for r in rows
    ):
        messages.info(request, "Votre accord est déjà donné.")
        return redirect("portal:consents")
    _trace(request, Section.CONSENTS)
    try:
        actions.give_consent(access=access, structure_id=structure_id, purpose=purpose)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, "C'est fait : vous avez donné votre accord.")
    return redirect("portal:consents")


def _diagnosis_page(request, *, invalid=None):
    """The latest synthesis of each structure that follows the person; `invalid`: the
    validation form sent without its box ticked, shown again with its message."""
    _trace(request, Section.DIAGNOSIS)
    rows = space.syntheses(request.space)
    for row in rows:
        if row.awaits_validation:
            pk = row.version.pk
            row.form = (
                invalid
                if invalid is not None and invalid.version_id == pk
                else SynthesisValidationForm(auto_id=f"id_v{pk}_%s")
            )
    return _page(request, "portal/diagnosis.html", {"rows": rows}, nav="diagnosis")


@person_required
@require_safe
def diagnosis(request):
    return _diagnosis_page(request)


@person_required
@require_POST
def synthesis_validate(request, version_id):
    version = space.get_own_version(request.space, version_id)
    form = SynthesisValidationForm(request.POST, auto_id=f"id_v{version.pk}_%s")
    if not form.is_valid():
        form.version_id = version.pk
        return _diagnosis_page(request, invalid=form)
    try:
        actions.validate_synthesis(access=request.space, version_id=version.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "C'est fait : vous avez validé cette synthèse. Votre conseiller·ère le voit."
        )
    return redirect("portal:diagnosis")


@person_required
@require_POST
def synthesis_talk(request, version_id):
    version = space.get_own_version(request.space, version_id)
    try:
        asked = actions.ask_to_talk(access=request.space, version_id=version.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if asked:
            messages.success(
                request,
                "C'est noté : votre conseiller·ère est prévenu·e et en reparlera avec vous. "
                "La synthèse n'est pas validée.",
            )
        else:
            messages.info(request, "Votre conseiller·ère est déjà prévenu·e.")
    return redirect("portal:diagnosis")


@person_required
@require_safe
def readers(request):
    _trace(request, Section.ACCESS_LOG)
    page = Paginator(space.visits(request.space), 30).get_page(request.GET.get("page"))
    context = {"page": page, "visits": page.object_list}
    return _page(request, "portal/readers.html", context, nav="readers")


@person_required
@require_safe
def documents(request):
    _trace(request, Section.DOCUMENTS)
    context = {"documents": list(space.documents(request.space))}
    return _page(request, "portal/documents.html", context, nav="documents")


@person_required
@require_safe
def document_download(request, document_id):
    document = space.get_own_document(request.space, document_id)
    _trace(request, document.section)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@person_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_data(request):
    """« Télécharger mes données »: the same archive a manager hands over on request (art. 15
    and 20 RGPD), for the structure that invited the person; recorded in its register."""
    access = request.space
    if request.method == "POST":
        _request, archive = data_export.export_from_space(
            person=access.person, structure=access.structure
        )
        return archive.response()
    return _page(request, "portal/my_data.html", {"structure": access.structure}, nav="data")
