"""The counselors' side of the person's space: its status on the file, invite, revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section
from tremplin.people.access import open_file, require
from tremplin.people.tabs import file_context
from tremplin.portal import actions
from tremplin.portal.enums import SpaceStatus
from tremplin.portal.forms import InviteForm
from tremplin.portal.models import SpaceAccess


@permission_required(Perm.SPACE_INVITE)
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, person_id):
    """« Espace personnel » of a file: status, last visit, what happened; invite or revoke.
    Only the roles that see everything the space shows (plan, documents, who read the file)
    may open it for the person: counselors and managers of a structure that follows them."""
    file = open_file(request.user, person_id, section=Section.IDENTITY)
    require(file, Perm.SPACE_INVITE)
    person = file.person
    membership = request.user.active_membership
    access = (
        SpaceAccess.objects.filter(person=person)
        .select_related("invited_by", "revoked_by", "structure")
        .first()
    )
    routes, no_route_reason = actions.invitation_routes(person, membership.structure_id)
    action = request.POST.get("action") if request.method == "POST" else None
    form = InviteForm(request.POST if action == "invite" else None, routes=routes)
    if action == "invite" and form.is_valid():
        try:
            actions.invite(
                person=person, membership=membership, channel=form.cleaned_data["channel"]
            )
        except ValidationError as error:
            form.add_error("channel", error.message_dict.get("channel", error.messages))
        else:
            messages.success(
                request,
                "L'invitation est envoyée. Le lien est valable 48 heures ; la personne "
                "confirmera avec sa date de naissance.",
            )
            return redirect("space:manage", person_id=person.pk)
    elif action == "revoke" and access is not None:
        try:
            actions.revoke(access=access, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                "L'accès est retiré : le lien et la session de la personne ne marchent plus.",
            )
        return redirect("space:manage", person_id=person.pk)
    context = file_context(request, file, tab="file")
    context.update(
        {
            "space": access,
            # The space's own life, and what concerned this structure: a consent the person
            # gave another structure, or its synthesis, is that structure's.
            "events": list(
                access.events.filter(
                    Q(concerns__isnull=True) | Q(concerns_id=membership.structure_id)
                ).select_related("by")[:30]
            )
            if access
            else [],
            "form": form,
            "routes": routes,
            "no_route_reason": no_route_reason,
            "can_revoke": access is not None and access.status != SpaceStatus.REVOKED,
            "contact_change": actions.recent_contact_change(person) if routes else None,
        }
    )
    return render(request, "portal/staff_manage.html", context)
