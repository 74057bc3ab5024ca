"""Tablet mode for the sign-in: the facilitator's session, handed round the room, opens
nothing but the half-day's sign-in page until the facilitator types their password again.

The tablet is logged in as the facilitator (a counselor, with access to every file of the
caseload); a participant holding it must not reach a file, the agenda or the menu. While
the mode is on, every other address sends back to the sign-in page; leaving it asks for the
facilitator's password (a few tries, then a pause), never for a code the room could see.

The tries are counted in the tablet's session, which lives in the database (Django's
default session engine): every server process sees the same count, whereas the default
cache, configured nowhere else, is local memory, one count per process. A participant
cannot reset it without ending the session itself, which ends the mode too. The cache's
per-process counter stays as a bound on tries sent at the same instant (two requests of
one session may read the same count before either saves it).

A facilitator whose account has no usable password (none today: it takes a login by
another way than the password) could never leave by typing it: they may end their session
instead; with a password, typing it stays the only way out. That is safe in the
room's hands too: it gives nobody anything, and getting back in asks the full login.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm
from tremplin.core.ratelimit import allow
from tremplin.workshops.access import get_half_day_for_user

SESSION_KEY = "tremplin_sign_in_tablet"
TRIES_SESSION_KEY = "tremplin_sign_in_tablet_exit_tries"
EXIT_TRIES = 5
EXIT_WINDOW_SECONDS = 15 * 60


def active_half_day_id(request) -> int | None:
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


class SignInTabletMiddleware:
    """While the tablet mode is on, only the sign-in page and the way out are served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        half_day_id = active_half_day_id(request)
        if half_day_id is not None:
            if not request.user.is_authenticated:
                request.session.pop(SESSION_KEY, None)
            else:
                allowed = (
                    reverse("workshops:sign-in", args=[half_day_id]),
                    reverse("workshops:tablet-exit"),
                )
                path = request.path
                static = settings.STATIC_URL and path.startswith(settings.STATIC_URL)
                if path not in allowed and not static:
                    return redirect("workshops:sign-in", half_day_id=half_day_id)
        return self.get_response(request)


@permission_required(Perm.WORKSHOP_SIGN_IN)
@require_POST
def tablet_enter(request, half_day_id):
    half_day = get_half_day_for_user(request.user, half_day_id)
    if half_day.is_closed:
        messages.error(request, "Cette demi-journée est close : l'émargement n'est plus possible.")
        return redirect("workshops:sign-in", half_day_id=half_day.pk)
    request.session[SESSION_KEY] = half_day.pk
    return redirect("workshops:sign-in", half_day_id=half_day.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def tablet_exit(request):
    """Leave the tablet mode with the facilitator's password."""
    half_day_id = active_half_day_id(request)
    if half_day_id is None or not request.user.is_authenticated:
        return redirect("home")
    has_password = request.user.has_usable_password()
    error = ""
    if request.method == "POST" and not has_password:
        # Nothing to type: the session ends, and the tablet mode with it.
        logout(request)
        messages.info(
            request,
            "Mode tablette quitté : la session est fermée. Reconnectez-vous pour retrouver "
            "le menu.",
        )
        return redirect("accounts:login")
    if request.method == "POST":
        scope = f"sign-in-tablet-exit:{request.user.pk}"
        if not _count_exit_try(request) or not allow(
            request, scope, limit=EXIT_TRIES, window_seconds=EXIT_WINDOW_SECONDS
        ):
            error = "Trop d'essais : attendez un quart d'heure avant de réessayer."
        elif request.user.check_password(request.POST.get("password", "")):
            request.session.pop(SESSION_KEY, None)
            request.session.pop(TRIES_SESSION_KEY, None)
            messages.success(request, "Mode tablette quitté.")
            return redirect("workshops:sign-in", half_day_id=half_day_id)
        else:
            error = "Mot de passe incorrect."
    return render(
        request,
        "workshops/tablet_exit.html",
        {
            "half_day_id": half_day_id,
            "error": error,
            "has_password": has_password,
            "tablet": True,
        },
        status=200 if not error else 400,
    )


def _count_exit_try(request) -> bool:
    """Record one exit try in the session; False once the window holds too many."""
    now = time.time()
    tries = [t for t in request.session.get(TRIES_SESSION_KEY, []) if t > now - EXIT_WINDOW_SECONDS]
    if len(tries) >= EXIT_TRIES:
        return False
    request.session[TRIES_SESSION_KEY] = [*tries, now]
    # Saved now, before the password is checked, not at the end of the response.
    request.session.save()
    return True
