"""Loading workshop objects for a user: the structure's own, else Http404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.core.permissions import Perm, membership_with
from tremplin.workshops.models import (
    HalfDay,
    Registration,
    Sequence,
    Signature,
    WorkshopDesign,
    WorkshopSession,
)


def get_design_for_user(user, pk) -> WorkshopDesign:
    return get_object_or_404(WorkshopDesign.objects.visible_to(user), pk=pk)


def get_sequence_for_user(user, pk) -> Sequence:
    return get_object_or_404(
        Sequence.objects.filter(design__in=WorkshopDesign.objects.visible_to(user)), pk=pk
    )


def get_session_for_user(user, pk) -> WorkshopSession:
    return get_object_or_404(
        WorkshopSession.objects.visible_to(user).select_related("design", "structure"), pk=pk
    )


def get_half_day_for_user(user, pk) -> HalfDay:
    return get_object_or_404(
        HalfDay.objects.visible_to(user).select_related("session__design", "session__structure"),
        pk=pk,
    )


def get_registration_for_user(user, pk) -> Registration:
    return get_object_or_404(
        Registration.objects.visible_to(user).select_related("person", "session__design"), pk=pk
    )


def get_signature_for_user(user, pk) -> Signature:
    return get_object_or_404(Signature.objects.visible_to(user), pk=pk)


def require_manage(user) -> None:
    if membership_with(user, Perm.WORKSHOP_MANAGE) is None:
        raise Http404
