"""Exceptional access (« bris de glace »): a counselor of the structure who is not the
référent opens the restricted parts of a file — health, justice — for the day, for a reason
written down: the référent is away and the person is at the desk, an urgency.

Nothing is opened silently: the reason goes into every read of the access log, the
référent is told by e-mail (no name in it, the file's number only), and the manager sees
each access on the dashboard until they have looked at it.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section
from tremplin.people.access import FileAccess, open_file
from tremplin.people.models import ExceptionalAccess, Follow, Person
from tremplin.people.tabs import file_context

MIN_REASON = 20
SECTION_URLS = {Section.HEALTH: "people:person-health", Section.JUSTICE: "people:person-justice"}


class ExceptionalAccessForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label="Parties à ouvrir", widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Pourquoi vous en avez besoin aujourd'hui (par exemple : la référente est "
        "absente et la personne est à l'accueil pour un dossier MDPH).",
    )

    def __init__(self, *args, openable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [(s.value, s.label) for s in Section if s in openable]


@transaction.atomic
def open_exceptional_access(
    *, access: FileAccess, user, sections, reason: str, now=None
) -> ExceptionalAccess:
    """Open the chosen restricted parts of the file until the end of the day."""
    errors = {}
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        errors["reason"] = (
            f"Expliquez en une phrase pourquoi vous avez besoin de ces informations "
            f"aujourd'hui ({MIN_REASON} caractères au moins)."
        )
    chosen = {Section(s) for s in sections if s in Section.values} & access.openable
    if not chosen:
        errors["sections"] = "Choisissez au moins une partie à ouvrir."
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    membership = user.active_membership
    grant = ExceptionalAccess.objects.create(
        person=access.person,
        structure_id=membership.structure_id,
        user=user,
        sections=sorted(s.value for s in chosen),
        reason=reason,
        granted_at=now,
        expires_at=midnight,
    )
    follow = (
        Follow.objects.filter(
            person=access.person, structure_id=membership.structure_id, ended_on__isnull=True
        )
        .select_related("referent")
        .first()
    )
    referent = follow.referent if follow else None
    if referent is not None and referent.email and referent.pk != user.pk:
        link = settings.TREMPLIN_BASE_URL.rstrip("/") + reverse(
            "people:access-log", kwargs={"person_id": access.person.pk}
        )
        body = (
            f"Bonjour,\n\n{user.full_name} a ouvert aujourd'hui, par un accès exceptionnel, "
            f"les parties « {', '.join(str(s.label) for s in sorted(chosen))} » du dossier "
            f"n° {access.person.pk}, que vous suivez en référence. Son motif est noté avec "
            f"chaque consultation du dossier : {link}\n\n— Tremplin"
        )
        recipient = referent.email
        transaction.on_commit(
            lambda: send_mail(
                "Accès exceptionnel à un dossier que vous suivez",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [recipient],
            )
        )
    return grant


@permission_required(Perm.PERSON_VIEW)
def exceptional_access(request, person_id):
    """The form that opens the restricted parts of a file for the day."""
    access = open_file(request.user, person_id, section=Section.IDENTITY)
    if not access.openable:
        # The référent and the managers see it all already; the other roles and the
        # partners have no need of health or justice: the page is not theirs.
        raise Http404
    form = ExceptionalAccessForm(
        request.POST if request.method == "POST" else None, openable=access.openable
    )
    if request.method == "POST" and form.is_valid():
        try:
            grant = open_exceptional_access(
                access=access,
                user=request.user,
                sections=form.cleaned_data["sections"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for name, message_list in error.message_dict.items():
                for message in message_list:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.warning(
                request,
                "Accès exceptionnel ouvert jusqu'à ce soir minuit. Chaque consultation est "
                "notée avec votre motif ; le ou la référent·e et la direction en sont informés.",
            )
            first = Section(grant.sections[0])
            return redirect(SECTION_URLS[first], person_id=access.person.pk)
    context = file_context(request, access, tab="")
    context.update({"form": form})
    return render(request, "people/exceptional_access.html", context)


@permission_required(Perm.EXCEPTIONAL_ACCESS_REVIEW)
@require_safe
def exceptional_accesses(request):
    """The structure's exceptional accesses, newest first, for the manager."""
    # The name shows only where the manager may open the file (visible_to): a file merged
    # into another since, or no longer followed by the structure, is shown by its number.
    rows = (
        ExceptionalAccess.objects.filter(structure_id=request.user.active_membership.structure_id)
        .annotate(
            file_visible=Exists(
                Person.objects.visible_to(request.user).filter(pk=OuterRef("person_id"))
            )
        )
        .select_related("user", "person", "reviewed_by")
        .order_by("reviewed_at", "-granted_at")
    )
    waiting = request.GET.get("a-voir") == "1"
    if waiting:
        rows = rows.awaiting_review()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/exceptional_accesses.html",
        {"page": page, "waiting": waiting, "nav": "exceptional_accesses"},
    )


@permission_required(Perm.EXCEPTIONAL_ACCESS_REVIEW)
@require_POST
def exceptional_access_seen(request, exceptional_access_id):
    grants = ExceptionalAccess.objects.filter(
        structure_id=request.user.active_membership.structure_id, pk=exceptional_access_id
    )
    get_object_or_404(grants)
    # Conditional: two managers at once, the first one is kept.
    if grants.filter(reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), reviewed_by=request.user
    ):
        messages.success(request, "Accès exceptionnel marqué comme vu.")
    else:
        messages.info(request, "Cet accès exceptionnel avait déjà été vu.")
    return redirect(reverse("people:exceptional-accesses") + "?a-voir=1")
