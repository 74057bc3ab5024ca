"""Which estimates a user may see. Built on people.access."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.core.permissions import Section
from tremplin.people.access import FileAccess, file_access
from tremplin.rights.models import RightsEstimate


def get_estimate_for_user(user, pk) -> tuple[RightsEstimate, FileAccess]:
    """The estimate `pk` if `user` may read the social situation of its file, else 404."""
    estimate = get_object_or_404(
        RightsEstimate.objects.visible_to(user).select_related("person", "structure", "created_by"),
        pk=pk,
    )
    access = file_access(user, estimate.person)
    if not access.can_see(Section.SITUATION):
        raise Http404
    return estimate, access
