"""The immersion screens: the person's tab, the convention's page and its workflow, and the
public signature page reached by the person and the tutor through their signed link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tremplin.audit.models import log_link_read, log_read
from tremplin.core.decorators import permission_required
from tremplin.core.http import private as _private
from tremplin.core.permissions import Perm, Section
from tremplin.documents.drawing import decode_png
from tremplin.documents.rendering import document_response
from tremplin.employers.models import Company
from tremplin.immersions import actions
from tremplin.immersions.access import get_immersion_for_user
from tremplin.immersions.documents import (
    convention_blocks,
    convention_document,
    convention_hash,
    review_document,
)
from tremplin.immersions.enums import BeneficiaryStatus, ImmersionStatus, Party
from tremplin.immersions.forms import (
    CloseForm,
    ImmersionForm,
    InPersonSignForm,
    ReviewForm,
    SignForm,
    VersionForm,
    add_validation_errors,
    company_initial,
)
from tremplin.immersions.limits import WEEKDAY_FIELDS
from tremplin.immersions.models import Immersion, ImmersionReview
from tremplin.pathways.enums import Framework
from tremplin.pathways.models import Pathway
from tremplin.people.access import open_file, require
from tremplin.people.tabs import file_context
from tremplin.projects.models import TargetJob


def _context(request, access, **extra) -> dict:
    context = file_context(request, access, tab="immersions")
    context["can_manage"] = access.can(Perm.IMMERSION_MANAGE)
    context.update(extra)
    return context


def _unavailable(request, access, immersion, heading, explanation):
    """A step that does not apply to the convention in its state: say why (nothing done)."""
    return render(
        request,
        "immersions/unavailable.html",
        _context(request, access, immersion=immersion, heading=heading, explanation=explanation),
    )


def _read(request, immersion_id, *, manage=False):
    """Load the immersion for the user, log the read, check the right to change it."""
    immersion, access = get_immersion_for_user(request.user, immersion_id)
    log_read(user=request.user, person=access.person, section=Section.IMMERSION)
    if manage:
        require(access, Perm.IMMERSION_MANAGE)
    return immersion, access


@permission_required(Perm.PERSON_VIEW)
@require_safe
def person_immersions(request, person_id):
    access = open_file(request.user, person_id, section=Section.IMMERSION)
    immersions = list(
        Immersion.objects.visible_to(request.user)
        .filter(person=access.person)
        .select_related("appellation")
    )
    return render(
        request, "immersions/person.html", _context(request, access, immersions=immersions)
    )


@permission_required(Perm.IMMERSION_MANAGE)
def immersion_create(request, person_id):
    access = open_file(request.user, person_id, section=Section.IMMERSION)
    require(access, Perm.IMMERSION_MANAGE)
    membership = request.user.active_membership
    instance = Immersion(
        person=access.person, structure_id=membership.structure_id, referent=request.user
    )
    companies = Company.objects.visible_to(request.user)
    initial = _initial_for_person(request.user, access.person)
    # « Reprendre ses coordonnées »: the company chosen prefills the host fields. Posted with
    # the form (button action=company), what was already typed is kept; ?entreprise=<id>
    # (a link) starts from an empty form.
    taking_company = request.method == "POST" and request.POST.get("action") == "company"
    chosen = (request.POST if request.method == "POST" else request.GET).get("entreprise", "")
    if taking_company:
        initial = _initial_from_post(request.POST)
    if (taking_company or request.method != "POST") and chosen.isdigit():
        company = companies.select_related("commune").filter(pk=chosen).first()
        if company is not None:
            initial = _with_company(initial, company_initial(company))
    form = ImmersionForm(
        request.POST if request.method == "POST" and not taking_company else None,
        instance=instance,
        initial=initial,
        companies=companies,
    )
    if request.method == "POST" and not taking_company and form.is_valid():
        try:
            immersion = actions.create_draft(immersion=form.instance, membership=membership)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                "Convention enregistrée en brouillon. Relisez-la, puis envoyez-la en signature.",
            )
            return redirect("immersions:detail", immersion_id=immersion.pk)
    return render(
        request,
        "immersions/form.html",
        _context(
            request,
            access,
            form=form,
            heading="Nouvelle convention d'immersion",
            companies=companies.order_by("name")[:500] if "company" in form.fields else [],
            chosen_company=int(chosen) if chosen.isdigit() else None,
        ),
    )


# The person's status on the convention, from the frame of her open pathway.
STATUS_OF_FRAMEWORK = {
    Framework.CEJ: BeneficiaryStatus.YOUTH,
    Framework.PACEA: BeneficiaryStatus.YOUTH,
    Framework.CER: BeneficiaryStatus.RSA,
    Framework.CONTRAT_ENGAGEMENT: BeneficiaryStatus.JOB_SEEKER,
    Framework.PPAE: BeneficiaryStatus.JOB_SEEKER,
    Framework.IAE: BeneficiaryStatus.SIAE,
}


def _initial_for_person(user, person) -> dict:
    """A new convention starts from what the file knows: the status from the frame of the
    person's open pathway, the observed job from her target job (confirmed first)."""
    initial = {}
    pathway = Pathway.objects.visible_to(user).open().filter(person=person).order_by("-pk").first()
    if pathway is not None and pathway.framework in STATUS_OF_FRAMEWORK:
        initial["beneficiary_status"] = STATUS_OF_FRAMEWORK[pathway.framework]
    target = (
        TargetJob.objects.visible_to(user)
        .active()
        .filter(person=person)
        .select_related("appellation")
        .order_by("decision", "-decided_on", "pk")
        .first()
    )
    if target is not None:
        initial["appellation"] = target.appellation
    return initial


TUTOR_FIELDS = ("tutor_name", "tutor_function", "tutor_phone", "tutor_email")


def _initial_from_post(post) -> dict:
    """What was typed in the convention form, to show it again after taking a company's
    details (as the appointment form keeps it after a name search)."""
    typed = {
        name: field.widget.value_from_datadict(post, {}, name)
        for name, field in ImmersionForm.base_fields.items()
        if name not in ("version", "loaded_state")
    }
    typed.update({name: post.get(name, "") for name in WEEKDAY_FIELDS})  # the day's hours
    return typed


def _with_company(typed: dict, from_company: dict) -> dict:
    """The company's identity replaces the host fields; its contact becomes the tutor only
    when no tutor was typed (a tutor typed by hand is kept whole, never mixed with another)."""
    merged = {**typed, **{k: v for k, v in from_company.items() if k not in TUTOR_FIELDS}}
    if not any(str(typed.get(name) or "").strip() for name in TUTOR_FIELDS):
        merged.update({k: v for k, v in from_company.items() if k in TUTOR_FIELDS})
    return merged


@permission_required(Perm.IMMERSION_MANAGE)
def immersion_renew(request, immersion_id):
    """A renewal: a new convention prefilled from the first one, for the same objective."""
    previous, access = _read(request, immersion_id, manage=True)
    membership = request.user.active_membership
    if previous.status not in (ImmersionStatus.IN_PROGRESS, ImmersionStatus.DONE):
        return _unavailable(
            request,
            access,
            previous,
            "Renouveler l'immersion",
            "Seule une immersion en cours ou terminée peut être renouvelée.",
        )
    instance = Immersion(
        person=previous.person,
        structure_id=membership.structure_id,
        referent=request.user,
        renews=previous,
    )
    initial = {}
    if request.method != "POST":
        for name in ImmersionForm._meta.fields:
            if name == "company":
                initial[name] = previous.company_id
            elif name not in ("starts_on", "ends_on"):
                initial[name] = getattr(previous, name)
        for index, hours in enumerate(previous.daily_hours):
            initial[WEEKDAY_FIELDS[index]] = hours or None
    form = ImmersionForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        initial=initial,
        companies=Company.objects.visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            immersion = actions.create_draft(immersion=form.instance, membership=membership)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Renouvellement enregistré en brouillon.")
            return redirect("immersions:detail", immersion_id=immersion.pk)
    return render(
        request,
        "immersions/form.html",
        _context(
            request,
            access,
            form=form,
            heading="Renouveler l'immersion",
            intro=(
                f"Renouvellement de l'immersion chez {previous.company_name} du "
                f"{previous.starts_on:%d/%m/%Y} au {previous.ends_on:%d/%m/%Y} : même objet, "
                "deux mois au plus en tout."
            ),
        ),
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def immersion_detail(request, immersion_id):
    immersion, access = _read(request, immersion_id)
    signatures = {s.party: s for s in immersion.current_signatures()}
    return render(
        request,
        "immersions/detail.html",
        _context(
            request,
            access,
            immersion=immersion,
            blocks=convention_blocks(immersion),
            parties=[(party, signatures.get(party)) for party in Party],
            events=immersion.events.select_related("by"),
            review=ImmersionReview.objects.filter(immersion=immersion).first(),
            version_form=VersionForm(initial={"version": immersion.version}),
        ),
    )


@permission_required(Perm.IMMERSION_MANAGE)
def immersion_edit(request, immersion_id):
    immersion, access = _read(request, immersion_id, manage=True)
    if not immersion.is_editable:
        return _unavailable(
            request,
            access,
            immersion,
            "Modifier la convention",
            "Une convention signée, validée ou close ne se modifie plus : annulez-la et "
            "préparez-en une nouvelle si l'immersion doit changer.",
        )
    signed_content = convention_hash(immersion)
    form = ImmersionForm(
        request.POST if request.method == "POST" else None,
        instance=immersion,
        companies=Company.objects.visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save_checked()
            # Saving without changing the content keeps the signatures and the links.
            changed = saved and convention_hash(form.instance) != signed_content
            if changed:
                immersion = actions.content_changed(immersion=form.instance, by=request.user)
        if saved:
            messages.success(
                request,
                "Convention modifiée. Les signatures déjà données ne valent plus : envoyez-la de "
                "nouveau en signature."
                if changed and immersion.sent_at
                else "Convention enregistrée.",
            )
            return redirect("immersions:detail", immersion_id=immersion.pk)
    return render(
        request,
        "immersions/form.html",
        _context(request, access, form=form, immersion=immersion, heading="Modifier la convention"),
    )


def _step(request, immersion_id, verb, success):
    """A POST-only step of the workflow that takes only the version shown."""
    immersion, _access = _read(request, immersion_id, manage=True)
    form = VersionForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        verb(immersion=immersion, membership=request.user.active_membership, version=version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("immersions:detail", immersion_id=immersion.pk)


@permission_required(Perm.IMMERSION_MANAGE)
@require_POST
def immersion_send(request, immersion_id):
    immersion, _access = _read(request, immersion_id, manage=True)
    if immersion.person.email:
        success = (
            "Convention envoyée : la personne et le tuteur ou la tutrice ont reçu chacun leur "
            "lien de signature par e-mail."
        )
    else:
        success = (
            "Convention envoyée : le tuteur ou la tutrice a reçu son lien de signature par "
            "e-mail. La personne n'a pas d'adresse e-mail : faites-la signer à l'écran pendant "
            "un entretien, ou sur papier (joignez le scan)."
        )
    return _step(request, immersion_id, actions.send_for_signature, success)


@permission_required(Perm.IMMERSION_MANAGE)
@require_POST
def immersion_validate(request, immersion_id):
    return _step(request, immersion_id, actions.validate, "Convention validée par la structure.")


@permission_required(Perm.IMMERSION_MANAGE)
@require_POST
def immersion_start(request, immersion_id):
    return _step(request, immersion_id, actions.start, "Immersion marquée en cours.")


@permission_required(Perm.IMMERSION_MANAGE)
def immersion_sign(request, immersion_id):
    """The prescriber's signature, in Tremplin."""
    immersion, access = _read(request, immersion_id, manage=True)
    if immersion.status != ImmersionStatus.TO_SIGN or immersion.signature_of(Party.PRESCRIBER):
        return _unavailable(
            request,
            access,
            immersion,
            "Signer la convention",
            "La structure signe une convention envoyée en signature, une fois par version.",
        )
    form = SignForm(
        request.POST if request.method == "POST" else None,
        initial={
            "signer_name": request.user.full_name,
            "content_sha256": convention_hash(immersion),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.sign_as_prescriber(
                immersion=immersion,
                membership=request.user.active_membership,
                signer_name=form.cleaned_data["signer_name"],
                content_sha256=form.cleaned_data["content_sha256"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Convention signée pour la structure prescriptrice.")
            return redirect("immersions:detail", immersion_id=immersion.pk)
    return render(
        request,
        "immersions/sign.html",
        _context(
            request, access, immersion=immersion, form=form, blocks=convention_blocks(immersion)
        ),
    )


@permission_required(Perm.IMMERSION_MANAGE)
def immersion_sign_in_person(request, immersion_id, party):
    """The person (or the tutor) signs before the counselor: on screen, or on paper."""
    immersion, access = _read(request, immersion_id, manage=True)
    if party not in (Party.PERSON, Party.TUTOR):
        raise Http404
    party = Party(party)
    if immersion.status != ImmersionStatus.TO_SIGN or immersion.signature_of(party):
        return _unavailable(
            request,
            access,
            immersion,
            "Faire signer la convention",
            "La convention se signe une fois envoyée en signature, une fois par partie et par "
            "version.",
        )
    # On screen the person types her own name: only the tutor's is proposed.
    form = InPersonSignForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        initial={
            "signer_name": immersion.tutor_name if party == Party.TUTOR else "",
            "content_sha256": convention_hash(immersion),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            drawn = form.cleaned_data["drawing"]
            actions.sign_in_person(
                immersion=immersion,
                membership=request.user.active_membership,
                party=party,
                channel=form.cleaned_data["channel"],
                signer_name=form.cleaned_data["signer_name"],
                content_sha256=form.cleaned_data["content_sha256"],
                scan=form.cleaned_data.get("scan"),
                drawing=decode_png(drawn) if drawn else None,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                f"Signature enregistrée : {party.label.lower()}. Elle vaut pour cette version "
                "de la convention ; remettez-en un exemplaire à la personne.",
            )
            return redirect("immersions:detail", immersion_id=immersion.pk)
    return render(
        request,
        "immersions/sign_in_person.html",
        _context(
            request,
            access,
            immersion=immersion,
            form=form,
            party=party,
            blocks=convention_blocks(immersion),
        ),
    )


def _close(request, immersion_id, status, heading):
    immersion, access = _read(request, immersion_id, manage=True)
    if not immersion.can_become(status):
        return _unavailable(
            request,
            access,
            immersion,
            heading,
            f"Cette convention est « {immersion.get_status_display().lower()} » : elle ne peut "
            f"plus être {ImmersionStatus(status).label.lower()}.",
        )
    form = CloseForm(
        request.POST if request.method == "POST" else None,
        initial={"version": immersion.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.close(
                immersion=immersion,
                membership=request.user.active_membership,
                status=status,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Convention {ImmersionStatus(status).label.lower()}.")
            return redirect("immersions:detail", immersion_id=immersion.pk)
    return render(
        request,
        "immersions/close.html",
        _context(request, access, immersion=immersion, form=form, heading=heading),
    )


@permission_required(Perm.IMMERSION_MANAGE)
def immersion_cancel(request, immersion_id):
    return _close(request, immersion_id, ImmersionStatus.CANCELLED, "Annuler la convention")


@permission_required(Perm.IMMERSION_MANAGE)
def immersion_refuse(request, immersion_id):
    return _close(request, immersion_id, ImmersionStatus.REFUSED, "Refuser la convention")


@permission_required(Perm.IMMERSION_MANAGE)
def immersion_review(request, immersion_id):
    immersion, access = _read(request, immersion_id, manage=True)
    if immersion.status != ImmersionStatus.IN_PROGRESS:
        return _unavailable(
            request,
            access,
            immersion,
            "Bilan de l'immersion",
            "Le bilan se fait pour une immersion en cours, à sa fin ; une immersion terminée a "
            "déjà le sien.",
        )
    form = ReviewForm(request.POST if request.method == "POST" else None, immersion=immersion)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_review(
                immersion=immersion,
                review=form.save(commit=False),
                skills=form.cleaned_data["skills_observed"],
                membership=request.user.active_membership,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Bilan enregistré : l'immersion est terminée.")
            return redirect("immersions:detail", immersion_id=immersion.pk)
    return render(
        request,
        "immersions/review_form.html",
        _context(request, access, immersion=immersion, form=form),
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def convention(request, immersion_id, fmt):
    immersion, _access = _read(request, immersion_id)
    return document_response(
        convention_document(immersion), fmt=fmt, filename=f"convention-immersion-{immersion.pk}"
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def review_report(request, immersion_id, fmt):
    immersion, access = _read(request, immersion_id)
    review = ImmersionReview.objects.filter(immersion=immersion).first()
    if review is None:
        return _unavailable(
            request,
            access,
            immersion,
            "Bilan de l'immersion",
            "Le bilan de cette immersion n'est pas encore fait : il se fait à la fin de "
            "l'immersion, avec le tuteur ou la tutrice et la personne.",
        )
    return document_response(
        review_document(review), fmt=fmt, filename=f"bilan-immersion-{immersion.pk}"
    )


# --- the person and the tutor, through their signed link -------------------------------------


def _log_link_read(immersion, party) -> None:
    log_link_read(
        structure_id=immersion.structure_id,
        person_id=immersion.person_id,
        section=Section.IMMERSION,
        partner=f"{Party(party).label} — {immersion.company_name}",
        kind="Lien de signature d'immersion",
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link_sign(request, token):
    immersion, party = actions.immersion_from_token(token)
    if immersion is None:
        return _private(render(request, "immersions/link_invalid.html", status=410))
    _log_link_read(immersion, party)
    form = SignForm(
        request.POST if request.method == "POST" else None,
        initial={"content_sha256": convention_hash(immersion)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            signature = actions.sign_by_link(
                token=token,
                signer_name=form.cleaned_data["signer_name"],
                content_sha256=form.cleaned_data["content_sha256"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _private(
                render(
                    request,
                    "immersions/link_done.html",
                    {"immersion": immersion, "signature": signature},
                )
            )
    context = {
        "immersion": immersion,
        "party": Party(party),
        "blocks": convention_blocks(immersion),
        "form": form,
        "token": token,
    }
    return _private(render(request, "immersions/link_sign.html", context))


@never_cache
@require_safe
def link_document(request, token, fmt):
    immersion, party = actions.immersion_from_token(token)
    if immersion is None:
        return _private(render(request, "immersions/link_invalid.html", status=410))
    _log_link_read(immersion, party)
    return _private(
        document_response(
            convention_document(immersion), fmt=fmt, filename=f"convention-immersion-{immersion.pk}"
        )
    )
