from ninja.errors import HttpError

from tremplin.core.permissions import Perm


def require(request, perm: Perm) -> None:
    """403 unless the token's role has `perm` in its structure."""
    membership = request.user.active_membership
    if membership is None or not membership.can(perm):
        raise HttpError(403, "Votre rôle ne permet pas cette opération.")
