"""Which immersions a user may see. Built on people.access."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.core.permissions import Section
from tremplin.immersions.models import Immersion
from tremplin.people.access import FileAccess, file_access


def get_immersion_for_user(user, pk) -> tuple[Immersion, FileAccess]:
    """The immersion `pk` if `user` may read the immersion section of its file, else Http404."""
    immersion = get_object_or_404(
        Immersion.objects.visible_to(user).select_related(
            "person", "structure", "referent", "appellation__fiche", "company_commune"
        ),
        pk=pk,
    )
    access = file_access(user, immersion.person)
    if not access.can_see(Section.IMMERSION):
        raise Http404
    return immersion, access
