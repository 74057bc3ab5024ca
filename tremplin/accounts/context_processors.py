from tremplin.core.permissions import RIGHTS, Role

# The pages of the top bar's « Pilotage » menu, marked active when one of them is shown.
STEERING_NAVS = (
    "dashboard",
    "activity_report",
    "fse_indicators",
    "team_hours",
    "pass_iae",
    "workload",
    "incidents",
    "retention",
    "data_requests",
    "exceptional_accesses",
)


def membership(request):
    user = getattr(request, "user", None)
    active = getattr(user, "active_membership", None) if user and user.is_authenticated else None
    perms = set(RIGHTS[Role(active.role)].perms) if active else set()
    return {
        "active_membership": active,
        "memberships": getattr(request, "memberships", []),
        "user_perms": {str(p) for p in perms},
        "steering_navs": STEERING_NAVS,
    }
