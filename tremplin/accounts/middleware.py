"""Per-request access context: the active membership, idle timeout, mandatory 2FA."""

import time
from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

from tremplin.accounts.models import Membership

SESSION_MEMBERSHIP_KEY = "tremplin_membership_id"
SESSION_LAST_SEEN_KEY = "tremplin_last_seen"


class ActiveMembershipMiddleware:
    """Sets `request.user.active_membership` (the structure and role the user acts in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        user = request.user
        if user.is_authenticated:
            if self._idle_too_long(request):
                logout(request)
                messages.info(request, "Votre session a expiré après une période d'inactivité.")
                return redirect(settings.LOGIN_URL)
            memberships = list(
                Membership.objects.active()
                .filter(user=user)
                .select_related("structure")
                .order_by("structure__name")
            )
            request.memberships = memberships
            chosen = request.session.get(SESSION_MEMBERSHIP_KEY)
            active = next((m for m in memberships if m.pk == chosen), None)
            if active is None and memberships:
                # A new session starts in the structure chosen last time.
                never = datetime.min.replace(tzinfo=UTC)
                active = max(memberships, key=lambda m: m.last_chosen_at or never)
                request.session[SESSION_MEMBERSHIP_KEY] = active.pk
            user.active_membership = active
        return self.get_response(request)

    @staticmethod
    def _idle_too_long(request) -> bool:
        now = int(time.time())
        last_seen = request.session.get(SESSION_LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
            return True
        # Written at most once a minute, to spare a session write on every request.
        if last_seen is None or now - last_seen > 60:
            request.session[SESSION_LAST_SEEN_KEY] = now
        return False


# Pages reachable before the second factor is verified.
OPEN_URL_NAMES = {
    "accounts:login",
    "accounts:logout",
    "accounts:otp-verify",
    "accounts:otp-setup",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "accounts:invitation-accept",
}


class TwoFactorRequiredMiddleware:
    """Staff must verify a second factor before anything else.

    Where the demo relaxes the rule (TREMPLIN_REQUIRE_2FA=0, refused in production), a user
    who has set up a device is still asked for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith((settings.STATIC_URL, "/api/"))
        ):
            if self._url_name(request) not in OPEN_URL_NAMES:
                if user_has_device(user):
                    return redirect(reverse("accounts:otp-verify"))
                if settings.REQUIRE_2FA:
                    return redirect(reverse("accounts:otp-setup"))
        return self.get_response(request)

    @staticmethod
    def _url_name(request) -> str | None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
