"""Which employments a user may see. Built on people.access."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.core.permissions import Section
from tremplin.employment.models import Employment
from tremplin.people.access import FileAccess, file_access


def get_employment_for_user(user, pk) -> tuple[Employment, FileAccess]:
    """The employment `pk` if `user` may read the employment section of its file, else 404."""
    employment = get_object_or_404(
        Employment.objects.visible_to(user).select_related(
            "person", "structure", "referent", "appellation", "company", "proposal"
        ),
        pk=pk,
    )
    access = file_access(user, employment.person)
    if not access.can_see(Section.EMPLOYMENT):
        raise Http404
    return employment, access
