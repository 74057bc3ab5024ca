"""The person's session: a separate key in the session, never a staff login.

The key holds the access's id, its session epoch and the time of the last request. A session
ends on logout, after `PERSON_SPACE_IDLE_TIMEOUT` seconds without a request, and as soon as
the counselor revokes the access (the epoch changes). A staff user logged in on the same
browser is logged out when a person enters their space, so one session is never both.
"""

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone

from tremplin.core.http import private
from tremplin.portal.models import SpaceAccess

SESSION_KEY = "tremplin_person_space"


def start(request, access: SpaceAccess) -> None:
    if request.user.is_authenticated:
        logout(request)  # flushes the staff session
    else:
        request.session.cycle_key()  # no session fixation
    request.session[SESSION_KEY] = {
        "access": access.pk,
        "epoch": access.session_epoch,
        "seen": int(time.time()),
    }


def end(request) -> None:
    request.session.flush()


def current_access(request) -> SpaceAccess | None:
    """The access of the person in session, or None (and the stale key removed)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or request.user.is_authenticated:
        return None
    now = int(time.time())
    if now - int(data.get("seen", 0)) > settings.PERSON_SPACE_IDLE_TIMEOUT:
        end(request)
        messages.info(
            request, "Vous êtes resté·e longtemps sans rien faire : vous êtes déconnecté·e."
        )
        return None
    access = (
        SpaceAccess.objects.select_related("person", "structure")
        .filter(pk=data.get("access"))
        .first()
    )
    if (
        access is None
        or not access.is_open
        or access.session_epoch != data.get("epoch")
        or access.person.merged_into_id is not None
    ):
        end(request)
        return None
    if now - int(data["seen"]) > 60:
        data["seen"] = now
        request.session[SESSION_KEY] = data
        SpaceAccess.objects.filter(pk=access.pk).update(last_seen_at=timezone.now())
    return access


def person_required(view):
    """The person is in their space; `request.space` is their access. Else the start page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        access = current_access(request)
        if access is None:
            return redirect("portal:start")
        request.space = access
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return private(response)

    wrapper.person_space = True
    return wrapper
