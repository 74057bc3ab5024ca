from django.shortcuts import redirect, render
from django.templatetags.static import static

from tremplin.core.permissions import Perm, Role


def home(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    membership = request.user.active_membership
    # Each role starts its day where its work is: reception at the desk's log, the employer
    # liaison with the companies, the manager on the dashboard, the counselor on her day
    # (« Ma journée »), the others with their caseload.
    if membership is not None:
        for role, perm, page in (
            (Role.RECEPTION, Perm.CONTACT_RECORD, "reception:contacts"),
            (Role.EMPLOYER_LIAISON, Perm.EMPLOYERS_VIEW, "employers:companies"),
            (Role.MANAGER, Perm.ACTIVITY_REPORT, "reporting:dashboard"),
            (Role.COUNSELOR, Perm.WORKLOAD_VIEW, "practice:today"),
        ):
            if membership.role == role and membership.can(perm):
                return redirect(page)
    if membership is not None and membership.can(Perm.PERSON_VIEW):
        return redirect("people:caseload")
    if membership is not None and membership.can(Perm.MEMBERS_MANAGE):
        return redirect("accounts:members")
    return render(request, "core/no_structure.html")


def favicon(request):
    """Browsers ask for /favicon.ico on their own (a PDF tab, a bookmark): the SVG answers.
    Resolved per request and not cached as permanent: the hashed name of the production
    storage changes with each new icon."""
    return redirect(static("tremplin/favicon.svg"))


def legal(request):
    return render(request, "core/legal.html")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
