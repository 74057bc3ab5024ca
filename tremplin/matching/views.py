"""The two rankings: people to propose for an offer, offers for a person."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section
from tremplin.employers.access import get_offer_for_user
from tremplin.matching import sources
from tremplin.matching.engine import WEIGHTS
from tremplin.people.access import open_file
from tremplin.people.models import Person
from tremplin.people.tabs import file_context

LABELS = {
    "job": "Métier",
    "skills": "Compétences",
    "distance": "Distance",
    "contract": "Contrat",
    "hours": "Horaires",
    "available": "Disponibilité",
    "licences": "Permis",
}


def _rows(pairs):
    return [
        {
            "item": item,
            "match": match,
            "parts": [(LABELS[k], v, WEIGHTS[k]) for k, v in match.parts.items()],
        }
        for item, match in pairs
    ]


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def people_for_offer(request, job_offer_id):
    offer = get_offer_for_user(request.user, job_offer_id)
    pairs = sources.people_for_offer(offer)
    # Only the files this user may open are linked (the employer liaison sees the rest
    # of a file only where the person agreed to be proposed, which they all did here).
    visible = set(
        Person.objects.visible_to(request.user)
        .filter(pk__in=[p.pk for p, _m in pairs])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "matching/people_for_offer.html",
        {
            "nav": "employers",
            "section": "offers",
            "offer": offer,
            "rows": _rows(pairs),
            "visible": visible,
            "pool": sources.proposable_people(offer.structure_id).count(),
        },
    )


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def offers_for_person(request, person_id):
    access = open_file(request.user, person_id, section=Section.PROJECT)
    membership = request.user.active_membership
    context = file_context(request, access, tab="project")
    context["rows"] = _rows(sources.offers_for_person(access.person, membership.structure_id))
    context["located"] = access.person.commune_id is not None
    return render(request, "matching/offers_for_person.html", context)
