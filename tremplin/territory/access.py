"""Which watch notes a user may open or change (else Http404 / PermissionDenied)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from tremplin.core.permissions import Role
from tremplin.territory.models import WatchNote


def get_note_for_user(user, pk) -> WatchNote:
    return get_object_or_404(WatchNote.objects.visible_to(user).select_related("author"), pk=pk)


def can_change(user, note: WatchNote) -> bool:
    """Its author, or the head of service who keeps the team's watch tidy."""
    return note.author_id == user.pk or user.active_membership.role == Role.MANAGER


def get_note_to_change(user, pk) -> WatchNote:
    note = get_note_for_user(user, pk)
    if not can_change(user, note):
        raise PermissionDenied
    return note
