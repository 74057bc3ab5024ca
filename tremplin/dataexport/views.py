"""« Droit d'accès et portabilité »: the register of a person's requests for their data, the
archive built on demand (never stored), and the manager's list of open requests."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section
from tremplin.dataexport import actions
from tremplin.dataexport.forms import RequestForm
from tremplin.dataexport.models import AccessRequest
from tremplin.people.access import get_person_for_user, open_file, require
from tremplin.people.tabs import file_context


def get_request_for_user(user, person_id, pk) -> AccessRequest:
    """A request of the user's structure on a file the user may export, or Http404."""
    access = get_person_for_user(user, person_id)
    require(access, Perm.DATA_EXPORT)
    return get_object_or_404(
        AccessRequest.objects.visible_to(user).select_related("person", "structure"),
        pk=pk,
        person=access.person,
    )


@permission_required(Perm.DATA_EXPORT)
@require_http_methods(["GET", "HEAD", "POST"])
def person_requests(request, person_id):
    file = open_file(request.user, person_id, section=Section.IDENTITY)
    require(file, Perm.DATA_EXPORT)
    membership = request.user.active_membership
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        access_request = actions.record_request(
            person=file.person, membership=membership, **form.cleaned_data
        )
        messages.success(
            request,
            "La demande est enregistrée. Réponse à donner avant le "
            f"{access_request.due_on:%d/%m/%Y}.",
        )
        return redirect("dataexport:person", person_id=file.person.pk)
    context = file_context(request, file, tab="file")
    context.update(
        {
            "form": form,
            "requests": AccessRequest.objects.filter(
                person=file.person, structure_id=membership.structure_id
            ).select_related("recorded_by", "answered_by"),
            "structure": membership.structure,
            "today": timezone.localdate(),
        }
    )
    return render(request, "dataexport/person.html", context)


@permission_required(Perm.DATA_EXPORT)
@require_POST
def archive(request, person_id, access_request_id):
    access_request = get_request_for_user(request.user, person_id, access_request_id)
    built = actions.export_for_request(access_request=access_request, user=request.user)
    return built.response()


@permission_required(Perm.DATA_EXPORT)
@require_POST
def answer(request, person_id, access_request_id):
    access_request = get_request_for_user(request.user, person_id, access_request_id)
    if not access_request.archive_generated_at:
        messages.error(
            request,
            "Téléchargez d'abord l'archive et remettez-la à la personne : la réponse n'est "
            "pas notée.",
        )
    else:
        actions.mark_answered(access_request=access_request, user=request.user)
        messages.success(request, "La demande est notée comme traitée.")
    return redirect("dataexport:person", person_id=access_request.person_id)


@permission_required(Perm.DATA_EXPORT)
@require_safe
def open_requests(request):
    """The structure's requests not answered yet, the nearest deadline first."""
    requests = (
        AccessRequest.objects.visible_to(request.user)
        .open()
        .select_related("person", "recorded_by")
        .order_by("due_on", "pk")
    )
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": timezone.localdate(),
        "late_count": AccessRequest.objects.visible_to(request.user).late().count(),
        "nav": "data_requests",
    }
    return render(request, "dataexport/open.html", context)
