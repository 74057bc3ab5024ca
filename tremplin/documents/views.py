"""The writing help on screen: reread a text before it is shared.

The text arrives in the POST body, is analysed in memory and sent back; it is never saved,
and all POST parameters are hidden from error reports (`sensitive_post_parameters`).
"""

import re

from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm
from tremplin.documents.forms import ReviewForm
from tremplin.documents.writing import check_text, excerpt, summarize

# Other forms reuse this view through htmx: `champ` names their own field holding the text
# (`hx-post="/documents/relecture/" hx-vals='{"champ": "synthesis"}'`).
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")


def _submitted_text(post) -> dict:
    field = post.get("champ", "")
    if not _FIELD_NAME.match(field):
        field = "texte"
    return {"texte": post.get(field, "")}


@sensitive_post_parameters()
@permission_required(Perm.TEXT_REVIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def review(request):
    """« Relire un texte »: the page (GET), or the findings for the text posted."""
    form = ReviewForm(_submitted_text(request.POST) if request.method == "POST" else None)
    results = None
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["texte"]
        found = check_text(text)
        results = {
            "summary": summarize(found),
            "findings": [
                dict(zip(("before", "words", "after"), excerpt(text, f), strict=True), finding=f)
                for f in found
            ],
        }
    template = "documents/review.html#results" if request.htmx else "documents/review.html"
    context = {"form": form, "results": results, "nav": "review", "is_partial": request.htmx}
    return render(request, template, context)
