from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tremplin.referentials.models import Commune, RomeAppellation

SUGGESTIONS = 15


def _query(request) -> str:
    """htmx sends the input under its own field name; `q` works too."""
    values = [v for v in request.GET.values() if v]
    return (request.GET.get("q") or (values[0] if values else ""))[:80]


@login_required
def commune_suggestions(request):
    """Options for a commune field's datalist: by name (accents, typos) or postal code."""
    query = _query(request)
    communes = Commune.objects.ranked(query)[:SUGGESTIONS] if len(query.strip()) >= 2 else []
    return render(
        request,
        "referentials/options.html",
        {"options": [c.label for c in communes]},
    )


@login_required
def appellation_suggestions(request):
    """Options for a job field's datalist, from the ROME appellations."""
    query = _query(request)
    items = RomeAppellation.objects.ranked(query)[:SUGGESTIONS] if len(query.strip()) >= 2 else []
    return render(
        request,
        "referentials/options.html",
        {"options": [a.display_with_code for a in items]},
    )
