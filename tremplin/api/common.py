from django.core.exceptions import ValidationError
from ninja.errors import HttpError

from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Perm, Section

PAGE_SIZE = 50


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


def form_error(form) -> HttpError:
    """A 422 with the French errors of a bound, invalid form."""
    return HttpError(422, "; ".join(f"{k} : {' '.join(v)}" for k, v in form.errors.items()))


def page_of(queryset, page: int) -> dict:
    """One page of `PAGE_SIZE` rows as `{"items", "count"}`, the shape of Ninja's
    `PageNumberPagination`, for the lists that must log the files they show."""
    start = (max(page, 1) - 1) * PAGE_SIZE
    return {"items": list(queryset[start : start + PAGE_SIZE]), "count": queryset.count()}


def log_people(request, person_ids, section: Section) -> None:
    """One access-log row per person whose file a list showed (in one query)."""
    membership = request.user.active_membership
    AccessLog.objects.bulk_create(
        AccessLog(
            user=request.user,
            structure_id=membership.structure_id,
            person_id=person_id,
            section=section,
            channel=AccessLog.Channel.API,
        )
        for person_id in sorted(set(person_ids))
    )
