"""Workflows of the professional project that write more than one row."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from tremplin.projects.models import TargetJob, TargetJobDecision, TargetJobHealth


@transaction.atomic
def add_target_job(*, target_job: TargetJob, membership, note: str = "") -> TargetJob:
    """Save a new target job with its first decision in the history."""
    target_job.structure_id = membership.structure_id
    target_job.created_by = membership.user
    if TargetJob.objects.filter(
        person_id=target_job.person_id,
        structure_id=membership.structure_id,
        appellation_id=target_job.appellation_id,
    ).exists():
        raise ValidationError({"appellation": "Ce métier fait déjà partie du projet."})
    target_job.full_clean(exclude=["person", "structure"])
    target_job.save()
    TargetJobDecision.objects.create(
        target_job=target_job,
        decision=target_job.decision,
        decided_on=target_job.decided_on,
        note=note,
        decided_by=membership.user,
    )
    return target_job


@transaction.atomic
def decide(*, target_job: TargetJob, decision: str, decided_on: date, note: str, by) -> None:
    """Record a decision (explore, confirm, drop): the job's state and one history row."""
    if decided_on is None:
        raise ValidationError({"decided_on": "Indiquez la date de la décision."})
    locked = TargetJob.objects.select_for_update().get(pk=target_job.pk)
    last = locked.decisions.order_by("-decided_on").first()
    if last is not None and decided_on < last.decided_on:
        raise ValidationError(
            {
                "decided_on": "Une décision ne peut pas précéder la précédente "
                f"(du {last.decided_on:%d/%m/%Y})."
            }
        )
    TargetJobDecision.objects.create(
        target_job=locked, decision=decision, decided_on=decided_on, note=note, decided_by=by
    )
    locked.decision = decision
    locked.decided_on = decided_on
    locked.version += 1
    locked.save(update_fields=["decision", "decided_on", "version", "updated_at"])
    target_job.refresh_from_db()


@transaction.atomic
def set_bmo_occupation(*, target_job: TargetJob, code: str, version: int) -> bool:
    """Confirm the BMO occupation of a target job ("" undoes it). Like a form on the job, the
    page's `version` must still be the saved one: if someone changed the job in between,
    nothing is written (False). Only this field is saved; the version moves on."""
    locked = TargetJob.objects.select_for_update().get(pk=target_job.pk)
    if locked.version != version:
        return False
    locked.bmo_occupation_code = code
    locked.version += 1
    locked.save(update_fields=["bmo_occupation_code", "version", "updated_at"])
    target_job.refresh_from_db()
    return True


def save_health(*, target_job: TargetJob, restrictions: str, by) -> TargetJobHealth:
    health, _created = TargetJobHealth.objects.update_or_create(
        target_job=target_job, defaults={"restrictions": restrictions, "updated_by": by}
    )
    return health
