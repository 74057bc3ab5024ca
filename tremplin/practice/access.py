"""Which journal entries, sessions and incidents a user may open (else Http404)."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.practice.models import Incident, JournalEntry, PracticeSession


def get_entry_for_user(user, pk) -> JournalEntry:
    """An entry of the user's own journal: nobody else's, whatever their role."""
    return get_object_or_404(JournalEntry.objects.visible_to(user), pk=pk)


def get_session_for_user(user, pk) -> PracticeSession:
    return get_object_or_404(PracticeSession.objects.visible_to(user), pk=pk)


def get_incident_for_user(user, pk) -> Incident:
    return get_object_or_404(Incident.objects.visible_to(user).select_related("reported_by"), pk=pk)


def session_entries(user, session: PracticeSession):
    """What was shared with the session (the user's own entries included)."""
    if session.structure_id != user.active_membership.structure_id:
        raise Http404
    return (
        JournalEntry.objects.shared_with(user)
        .filter(Q(shared_session=session))
        .select_related("author")
        .order_by("shared_at")
    )
