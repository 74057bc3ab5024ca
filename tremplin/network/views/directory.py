"""The partner directory: search by need, distance and words."""

from django.shortcuts import render

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm
from tremplin.network.forms import DirectorySearchForm
from tremplin.network.search import DEFAULT_RADIUS_KM, search_services

RESULTS = 50


@permission_required(Perm.DIRECTORY_VIEW)
def search(request):
    """Search the directory. Criteria in the URL: a need, a commune, words — never a name."""
    form = DirectorySearchForm(request.GET or None)
    hits = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        hits = search_services(
            request.user,
            thematiques=[data["thematique"]] if data["thematique"] else (),
            commune=data["commune"],
            radius_km=data["rayon"] or DEFAULT_RADIUS_KM,
            text=data["q"],
            limit=RESULTS,
        )
    context = {"form": form, "hits": hits, "limit": RESULTS, "nav": "directory"}
    return render(request, "network/directory/search.html", context)
