"""Practice journal, team sessions, workload panel and incident reports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm
from tremplin.pathways.forms import add_validation_errors
from tremplin.practice import actions
from tremplin.practice.access import (
    get_entry_for_user,
    get_incident_for_user,
    get_session_for_user,
    session_entries,
)
from tremplin.practice.forms import (
    FollowUpForm,
    IncidentForm,
    JournalEntryForm,
    PracticeSessionForm,
    ShareForm,
)
from tremplin.practice.models import Incident, JournalEntry, PracticeSession
from tremplin.practice.today import ATTENDANCE_DAYS, day_for
from tremplin.practice.workload import FIGURES, team_workload

# --- journal ----------------------------------------------------------------------------------


@permission_required(Perm.PRACTICE_JOURNAL)
@require_safe
def journal(request):
    entries = JournalEntry.objects.visible_to(request.user).select_related("shared_session")
    return render(
        request,
        "practice/journal.html",
        {
            "nav": "practice",
            "entries": entries,
            "sessions": PracticeSession.objects.visible_to(request.user)[:5],
        },
    )


@permission_required(Perm.PRACTICE_JOURNAL)
def entry_create(request):
    form = JournalEntryForm(
        request.POST if request.method == "POST" else None,
        instance=JournalEntry(author=request.user),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Entrée ajoutée à votre journal. Vous seul·e pouvez la lire.")
        return redirect("practice:journal")
    return render(
        request, "practice/entry_form.html", {"nav": "practice", "form": form, "creating": True}
    )


@permission_required(Perm.PRACTICE_JOURNAL)
def entry_edit(request, entry_id):
    entry = get_entry_for_user(request.user, entry_id)
    form = JournalEntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, "Entrée enregistrée.")
        return redirect("practice:journal")
    return render(
        request, "practice/entry_form.html", {"nav": "practice", "form": form, "entry": entry}
    )


@permission_required(Perm.PRACTICE_JOURNAL)
def entry_share(request, entry_id):
    entry = get_entry_for_user(request.user, entry_id)
    form = ShareForm(
        request.POST if request.method == "POST" else None,
        sessions=PracticeSession.objects.visible_to(request.user),
        initial={"session": entry.shared_session_id, "anonymously": entry.shared_anonymously},
    )
    if request.method == "POST" and form.is_valid():
        session = form.cleaned_data["session"]
        try:
            actions.share_entry(
                entry=entry,
                membership=request.user.active_membership,
                session=session,
                anonymously=form.cleaned_data["anonymously"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                f"Entrée partagée avec la séance « {session.theme} »."
                if session
                else "Entrée reprise : elle n'est plus partagée.",
            )
            return redirect("practice:journal")
    return render(
        request, "practice/entry_share.html", {"nav": "practice", "form": form, "entry": entry}
    )


@permission_required(Perm.PRACTICE_JOURNAL)
def sessions(request):
    membership = request.user.active_membership
    form = PracticeSessionForm(
        request.POST if request.method == "POST" else None,
        instance=PracticeSession(structure_id=membership.structure_id, created_by=request.user),
    )
    if request.method == "POST" and form.is_valid():
        session = form.save()
        messages.success(request, "Séance enregistrée : chacun·e peut y partager une entrée.")
        return redirect("practice:session", practice_session_id=session.pk)
    return render(
        request,
        "practice/sessions.html",
        {
            "nav": "practice",
            "form": form,
            "sessions": PracticeSession.objects.visible_to(request.user),
        },
    )


@permission_required(Perm.PRACTICE_JOURNAL)
@require_safe
def session_detail(request, practice_session_id):
    session = get_session_for_user(request.user, practice_session_id)
    return render(
        request,
        "practice/session.html",
        {
            "nav": "practice",
            "session": session,
            "entries": session_entries(request.user, session),
        },
    )


# --- workload ---------------------------------------------------------------------------------


@permission_required(Perm.WORKLOAD_VIEW)
@require_safe
def workload(request):
    membership = request.user.active_membership
    rows = team_workload(membership.structure_id)
    mine = next((r for r in rows if r.user.pk == request.user.pk), None)
    team = rows if membership.can(Perm.WORKLOAD_TEAM) else None
    return render(
        request,
        "practice/workload.html",
        {
            "nav": "workload",
            "mine": mine,
            "team": team,
            "figures": FIGURES,
            "open_incidents": Incident.objects.visible_to(request.user).open().count()
            if membership.can(Perm.INCIDENT_MANAGE)
            else None,
        },
    )


@permission_required(Perm.WORKLOAD_VIEW)
@require_safe
def today(request):
    """« Ma journée »: today's appointments and workshops, and what waits for the user."""
    return render(
        request,
        "practice/today.html",
        {"nav": "today", "day": day_for(request.user), "attendance_days": ATTENDANCE_DAYS},
    )


# --- incidents --------------------------------------------------------------------------------


@permission_required(Perm.INCIDENT_REPORT)
@require_safe
def incidents(request):
    membership = request.user.active_membership
    return render(
        request,
        "practice/incidents.html",
        {
            "nav": "incidents",
            "incidents": Incident.objects.visible_to(request.user).select_related("reported_by"),
            "manages": membership.can(Perm.INCIDENT_MANAGE),
        },
    )


@permission_required(Perm.INCIDENT_REPORT)
def incident_create(request):
    form = IncidentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = actions.report_incident(
                incident=form.save(commit=False), membership=request.user.active_membership
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                "Incident déclaré. La direction de la structure est prévenue. "
                "Prenez soin de vous : vous pouvez en parler à votre responsable.",
            )
            return redirect("practice:incident", incident_id=incident.pk)
    return render(request, "practice/incident_form.html", {"nav": "incidents", "form": form})


@permission_required(Perm.INCIDENT_REPORT)
def incident_detail(request, incident_id):
    incident = get_incident_for_user(request.user, incident_id)
    manages = request.user.active_membership.can(Perm.INCIDENT_MANAGE)
    form = FollowUpForm(request.POST if request.method == "POST" else None) if manages else None
    if request.method == "POST":
        if form is None:  # only the managers record what was done
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.add_follow_up(
                    incident=incident,
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                    close=form.cleaned_data["close"],
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, "Suite enregistrée.")
                return redirect("practice:incident", incident_id=incident.pk)
    return render(
        request,
        "practice/incident.html",
        {
            "nav": "incidents",
            "incident": incident,
            "follow_ups": incident.follow_ups.select_related("by"),
            "form": form if incident.status != "closed" else None,
            "manages": manages,
        },
    )
