"""The territory watch: the basin's hiring intentions and the team's notes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm
from tremplin.territory import outlook as bmo
from tremplin.territory.access import can_change, get_note_for_user, get_note_to_change
from tremplin.territory.forms import NoteFilterForm, OutlookForm, WatchNoteForm
from tremplin.territory.models import WatchNote

LATEST_NOTES = 6


def _home_basin(structure, basins) -> str:
    """The basin of the structure's commune, else the first of the list."""
    commune = getattr(structure, "commune", None)
    if commune is not None and commune.bmo_basin_code:
        return commune.bmo_basin_code
    return basins[0][1][0][0] if basins else ""


@permission_required(Perm.TERRITORY_WATCH)
@require_safe
def watch(request):
    structure = request.user.active_membership.structure
    year = bmo.latest_year()
    basins = bmo.basins(year) if year else []
    form = OutlookForm(
        request.GET if "bassin" in request.GET else None,
        basins=basins,
        families=bmo.families(year) if year else [],
        initial={"bassin": _home_basin(structure, basins)},
    )
    outlook = None
    if not form.is_bound:
        outlook = bmo.outlook_for(form.initial["bassin"], year=year) if year else None
    elif form.is_valid():
        outlook = bmo.outlook_for(
            form.cleaned_data["bassin"], year=year, family_code=form.cleaned_data["famille"]
        )
    notes = WatchNote.objects.visible_to(request.user).select_related("author")
    return render(
        request,
        "territory/watch.html",
        {
            "nav": "territory",
            "form": form,
            "outlook": outlook,
            "year": year,
            "notes": notes[:LATEST_NOTES],
            "note_count": notes.count(),
            "min_projects": bmo.HARDEST_MIN_PROJECTS,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@permission_required(Perm.TERRITORY_WATCH)
@require_safe
def notes(request):
    form = NoteFilterForm(request.GET or None)
    found = WatchNote.objects.visible_to(request.user).select_related("author")
    if form.is_valid():
        if form.cleaned_data["theme"]:
            found = found.filter(topic=form.cleaned_data["theme"])
        for word in form.cleaned_data["q"].split():
            found = found.filter(
                Q(title__icontains=word) | Q(body__icontains=word) | Q(source__icontains=word)
            )
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "territory/notes.html",
        {"nav": "territory", "form": form, "page": page, "query": query.urlencode()},
    )


@permission_required(Perm.TERRITORY_WATCH)
def note_create(request):
    membership = request.user.active_membership
    form = WatchNoteForm(
        request.POST if request.method == "POST" else None,
        instance=WatchNote(structure=membership.structure, author=request.user),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Note de veille ajoutée : toute l'équipe peut la lire.")
        return redirect("territory:notes")
    return render(
        request, "territory/note_form.html", {"nav": "territory", "form": form, "creating": True}
    )


@permission_required(Perm.TERRITORY_WATCH)
@require_safe
def note_detail(request, note_id):
    note = get_note_for_user(request.user, note_id)
    return render(
        request,
        "territory/note.html",
        {"nav": "territory", "note": note, "can_change": can_change(request.user, note)},
    )


@permission_required(Perm.TERRITORY_WATCH)
def note_edit(request, note_id):
    note = get_note_to_change(request.user, note_id)
    form = WatchNoteForm(request.POST if request.method == "POST" else None, instance=note)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, "Note de veille enregistrée.")
        return redirect("territory:note", note_id=note.pk)
    return render(
        request, "territory/note_form.html", {"nav": "territory", "form": form, "note": note}
    )


@permission_required(Perm.TERRITORY_WATCH)
@require_POST
def note_delete(request, note_id):
    note = get_note_to_change(request.user, note_id)
    note.delete()
    messages.success(request, f"Note « {note.title} » supprimée.")
    return redirect("territory:notes")
