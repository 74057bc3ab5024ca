"""View decorators: a view names the permission it needs; the rights table decides."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from tremplin.core.permissions import Perm


def permission_required(perm: Perm):
    """Logged in, acting for a structure, with a role that has `perm` (else 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            membership = request.user.active_membership
            if membership is None or not membership.can(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_perm = perm
        return wrapper

    return decorator
