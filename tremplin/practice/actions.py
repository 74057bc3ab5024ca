"""Writes of the practice app. Each is atomic."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.core.permissions import Perm, role_can
from tremplin.practice.models import (
    Incident,
    IncidentFollowUp,
    IncidentSeverity,
    IncidentStatus,
    JournalEntry,
    PracticeSession,
)


@transaction.atomic
def share_entry(
    *, entry: JournalEntry, membership, session: PracticeSession | None, anonymously: bool
):
    """Share an entry with a team session, or take it back (session None)."""
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.author_id != membership.user_id:
        raise ValidationError("Seule l'autrice ou l'auteur d'une entrée peut la partager.")
    if session is not None and session.structure_id != membership.structure_id:
        raise ValidationError({"session": "Cette séance n'est pas celle de votre équipe."})
    entry.shared_session = session
    entry.shared_anonymously = anonymously
    entry.shared_at = timezone.now() if session else None
    entry.version += 1
    entry.save(
        update_fields=["shared_session", "shared_anonymously", "shared_at", "version", "updated_at"]
    )
    return entry


def _managers_emails(structure_id, except_user_id) -> list[str]:
    return [
        m.user.email
        for m in Membership.objects.filter(
            structure_id=structure_id, is_active=True
        ).select_related("user")
        if role_can(m.role, Perm.INCIDENT_MANAGE) and m.user_id != except_user_id and m.user.email
    ]


@transaction.atomic
def report_incident(*, incident: Incident, membership) -> Incident:
    """Record the report and alert the structure's managers (the e-mail names no one)."""
    if incident.occurred_at and incident.occurred_at > timezone.now():
        raise ValidationError({"occurred_at": "Un incident ne peut pas être daté dans le futur."})
    incident.structure_id = membership.structure_id
    incident.reported_by = membership.user
    incident.full_clean()
    incident.save()
    recipients = _managers_emails(membership.structure_id, membership.user_id)
    if recipients:
        url = settings.TREMPLIN_BASE_URL.rstrip("/") + reverse(
            "practice:incident", kwargs={"incident_id": incident.pk}
        )
        urgent = incident.severity in (IncidentSeverity.HIGH, IncidentSeverity.CRITICAL)
        subject = ("URGENT — " if urgent else "") + "Tremplin : un incident a été déclaré"
        body = (
            f"Bonjour,\n\nUn incident vient d'être déclaré dans votre structure "
            f"({incident.get_kind_display().lower()}, gravité : "
            f"{incident.get_severity_display().split(' —')[0].lower()}).\n\n"
            f"Prenez connaissance de la déclaration et notez la suite donnée : {url}\n\n— Tremplin"
        )
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
    return incident


@transaction.atomic
def add_follow_up(*, incident: Incident, by, kind: str, note: str, close: bool) -> IncidentFollowUp:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == IncidentStatus.CLOSED:
        raise ValidationError("Cet incident est clos : rouvrez-le pour noter une suite.")
    if not note.strip():
        raise ValidationError({"note": "Précisez la suite donnée."})
    follow_up = IncidentFollowUp.objects.create(
        incident=incident, kind=kind, note=note.strip(), by=by
    )
    incident.status = IncidentStatus.CLOSED if close else IncidentStatus.FOLLOW_UP
    incident.closed_at = timezone.now() if close else None
    incident.version += 1
    incident.save(update_fields=["status", "closed_at", "version", "updated_at"])
    return follow_up
