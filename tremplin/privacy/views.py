"""The retention page of a structure: files due for anonymisation, holds, the register."""

import datetime

from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm
from tremplin.people.access import get_person_for_user
from tremplin.people.models import Follow, Person
from tremplin.privacy.forms import AnonymiseForm, HoldForm
from tremplin.privacy.models import Anonymisation, RetentionHold
from tremplin.privacy.retention import NotDue, anonymise, retention_months, review

SOON_DAYS = 90
SHOWN = 200


def _structure_states(structure_id, today):
    """Due and soon due files that this structure followed, oldest activity first."""
    states = review(structure_id=structure_id, today=today, horizon_days=SOON_DAYS)
    due = [s for s in states if s.due_on <= today]
    soon = [s for s in states if s.due_on > today]
    return due, soon


def structure_retention(membership, today=None) -> dict:
    """Where retention stands for the structure the member acts for (page and API)."""
    today = today or timezone.localdate()
    due, soon = _structure_states(membership.structure_id, today)
    holds = (
        RetentionHold.objects.active(today)
        .filter(structure_id=membership.structure_id)
        .select_related("person", "created_by")
    )
    followed = Follow.objects.filter(
        person=OuterRef("person"), structure_id=membership.structure_id
    )
    year_ago = timezone.now() - datetime.timedelta(days=365)
    register = Anonymisation.objects.filter(Exists(followed))
    return {
        "months": retention_months(),
        "due": due,
        "soon": soon,
        "holds": holds,
        "hold_count": len(holds),
        "anonymised_year": register.filter(anonymised_at__gte=year_ago).count(),
        "anonymised_total": register.count(),
    }


@permission_required(Perm.RETENTION_MANAGE)
@require_http_methods(["GET", "HEAD"])
def retention(request):
    membership = request.user.active_membership
    state = structure_retention(membership)
    due, soon = state["due"], state["soon"]
    names = membership.can(Perm.PERSON_VIEW)
    shown = {s.person_id for s in (due + soon)[:SHOWN]} if names else set()
    people = Person.objects.in_bulk(shown)
    return render(
        request,
        "privacy/retention.html",
        {
            "nav": "retention",
            "months": state["months"],
            "due": [(s, people.get(s.person_id)) for s in due[:SHOWN]],
            "soon": [(s, people.get(s.person_id)) for s in soon[:SHOWN]],
            "due_count": len(due),
            "due_free": sum(1 for s in due if not s.held),
            "due_held": sum(1 for s in due if s.held),
            "soon_count": len(soon),
            "holds": state["holds"] if names else None,
            "hold_count": state["hold_count"],
            "anonymised_year": state["anonymised_year"],
            "anonymised_total": state["anonymised_total"],
            "names": names,
            "shown_limit": SHOWN,
            "soon_days": SOON_DAYS,
            "form": AnonymiseForm(),
        },
    )


@permission_required(Perm.RETENTION_MANAGE)
@require_POST
def anonymise_due(request):
    membership = request.user.active_membership
    form = AnonymiseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cochez la case pour confirmer l'anonymisation : rien n'a changé.")
        return redirect("privacy:retention")
    due, _soon = _structure_states(membership.structure_id, timezone.localdate())
    done = skipped = 0
    for state in due:
        if state.held:
            continue
        try:
            anonymise(state.person_id, by=request.user, structure_id=membership.structure_id)
        except NotDue:
            skipped += 1
        else:
            done += 1
    text = f"{done} dossier{'s' if done > 1 else ''} anonymisé{'s' if done > 1 else ''}."
    if skipped:
        text += (
            f" {skipped} ne l'{'ont' if skipped > 1 else 'a'} pas été : activité, suivi ou "
            "prolongation entre-temps."
        )
    messages.success(request, text)
    return redirect("privacy:retention")


@permission_required(Perm.RETENTION_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def hold_create(request, person_id):
    membership = request.user.active_membership
    if not membership.can(Perm.PERSON_VIEW):
        raise Http404
    access = get_person_for_user(request.user, person_id)
    person = access.person
    if not Follow.objects.filter(person=person, structure_id=membership.structure_id).exists():
        raise Http404  # a file shared by a partner: its own structure decides
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            Person.objects.select_for_update().filter(pk=person.pk).first()
            if Anonymisation.objects.filter(person=person).exists():
                messages.error(request, "Ce dossier a déjà été anonymisé : rien n'a changé.")
                return redirect("privacy:retention")
            hold = form.save(commit=False)
            hold.person = person
            hold.structure_id = membership.structure_id
            hold.created_by = request.user
            hold.save()
        messages.success(request, f"Conservation prolongée jusqu'au {hold.until:%d/%m/%Y}.")
        return redirect("privacy:retention")
    return render(
        request,
        "privacy/hold_form.html",
        {"nav": "retention", "form": form, "person": person},
    )


@permission_required(Perm.RETENTION_MANAGE)
@require_POST
def hold_lift(request, hold_id):
    membership = request.user.active_membership
    if not membership.can(Perm.PERSON_VIEW):
        raise Http404
    hold = get_object_or_404(
        RetentionHold.objects.active().filter(structure_id=membership.structure_id), pk=hold_id
    )
    RetentionHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=request.user
    )
    messages.success(request, "Prolongation levée : le dossier suit de nouveau la règle commune.")
    return redirect("privacy:retention")
