from django.core.exceptions import ValidationError
from ninja.errors import HttpError

from tremplin.core.permissions import Perm


def require(request, perm: Perm) -> None:
    """403 unless the token's role has `perm` in its structure."""
    membership = request.user.active_membership
    if membership is None or not membership.can(perm):
        raise HttpError(403, "Votre rôle ne permet pas cette opération.")


def validation_error(error: ValidationError) -> HttpError:
    """A 422 whose detail says, in French, each field and what is wrong with it."""
    if hasattr(error, "error_dict"):
        text = "; ".join(f"{k} : {' '.join(v)}" for k, v in error.message_dict.items())
    else:
        text = " ".join(error.messages)
    return HttpError(422, text)
