from tremplin.core.permissions import RIGHTS, Role


def membership(request):
    user = getattr(request, "user", None)
    active = getattr(user, "active_membership", None) if user and user.is_authenticated else None
    perms = set(RIGHTS[Role(active.role)].perms) if active else set()
    return {
        "active_membership": active,
        "memberships": getattr(request, "memberships", []),
        "user_perms": {str(p) for p in perms},
    }
