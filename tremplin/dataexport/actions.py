"""Recording a request for one's data, answering it with the archive, and the person's own
download from their space. Every archive handed over is a read of the whole file: each part
it holds is written in the access log, as any other reading."""

import logging

from django.db import transaction
from django.utils import timezone

from tremplin.audit.models import log_own_read, log_read
from tremplin.core.permissions import Section
from tremplin.dataexport.builder import Archive, build_archive
from tremplin.dataexport.models import AccessRequest, RequestChannel, RequestKind, due_date
from tremplin.people.access import file_access

SPACE_EXCLUDED = frozenset({Section.HEALTH, Section.JUSTICE})

logger = logging.getLogger("tremplin.dataexport")

READ_REASON = "Droit d'accès et portabilité (RGPD art. 15 et 20)"


@transaction.atomic
def record_request(
    *, person, membership, kind: str, received_on, channel: str, note: str = ""
) -> AccessRequest:
    request = AccessRequest.objects.create(
        person=person,
        structure_id=membership.structure_id,
        kind=kind,
        received_on=received_on,
        channel=channel,
        recorded_by=membership.user,
        due_on=due_date(received_on),
        note=note,
    )
    logger.info("data request %s recorded (structure %s)", request.pk, membership.structure_id)
    return request


def _keep_fingerprint(access_request: AccessRequest, archive: Archive) -> None:
    now = timezone.now()
    AccessRequest.objects.filter(pk=access_request.pk).update(
        archive_generated_at=now,
        archive_sha256=archive.sha256,
        archive_size=archive.size,
        updated_at=now,
    )
    access_request.archive_generated_at = now
    access_request.archive_sha256 = archive.sha256
    access_request.archive_size = archive.size


def export_for_request(*, access_request: AccessRequest, user) -> Archive:
    """Build the archive for a request of the user's structure; log the reading of every
    part it holds and keep its fingerprint in the register. Nothing is written if it fails."""
    # A structure that took the person in from another's referral hands over, of the common
    # file, only the parts she opened to it: the others are the opening structure's.
    closed = file_access(user, access_request.person).closed
    archive = build_archive(access_request.person, access_request.structure, closed=closed)
    with transaction.atomic():
        for section in sorted(archive.export.sections):
            log_read(user=user, person=access_request.person, section=section, reason=READ_REASON)
        _keep_fingerprint(access_request, archive)
    logger.info(
        "data archive for request %s built (%s bytes, %s parts)",
        access_request.pk,
        archive.size,
        len(archive.export.parts),
    )
    return archive


@transaction.atomic
def mark_answered(*, access_request: AccessRequest, user) -> None:
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if locked.answered_at is not None:
        return
    locked.answered_at = timezone.now()
    locked.answered_by = user
    locked.save(update_fields=["answered_at", "answered_by", "updated_at"])
    access_request.answered_at, access_request.answered_by = locked.answered_at, user
    logger.info("data request %s answered", locked.pk)


def export_from_space(*, person, structure) -> tuple[AccessRequest, Archive]:
    """The person downloads their data from their space: the request is recorded, answered
    at once, and each part read is traced as the person's own reading."""
    # Health and justice stay out of the download from the space: they often come from
    # third parties (doctor, SPIP) and are handed over with a professional who explains
    # them, on request to the structure (docs/guide/espace.md). Also, nobody who makes the
    # person open their space leaves with them.
    archive = build_archive(person, structure, exclude=SPACE_EXCLUDED)
    now = timezone.now()
    with transaction.atomic():
        today = timezone.localdate()
        access_request = AccessRequest.objects.create(
            person=person,
            structure=structure,
            kind=RequestKind.BOTH,
            received_on=today,
            channel=RequestChannel.PERSON_SPACE,
            due_on=due_date(today),
            answered_at=now,
            archive_generated_at=now,
            archive_sha256=archive.sha256,
            archive_size=archive.size,
            note="Téléchargée par la personne dans son espace.",
        )
        for section in sorted(archive.export.sections):
            log_own_read(structure_id=structure.pk, person_id=person.pk, section=section)
    logger.info("data archive downloaded from the space (request %s)", access_request.pk)
    return access_request, archive
