"""The read-access log: one row per read of a person's file. Append-only.

The CNIL asks that every consultation of a social file be traced and the traces kept for
a year. Rows are never updated; they may be deleted only once older than the retention
period. The model refuses both in Python, and database triggers refuse them in SQL
(migration 0002), so that no code path can rewrite the history of who read what.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.permissions import Section

RETENTION = timedelta(days=366)


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the access log is append-only")

    def delete(self):
        raise AppendOnlyError("the access log is append-only; use purge_expired()")

    def purge_expired(self) -> int:
        """Delete rows past the retention period (the database refuses younger ones)."""
        cutoff = timezone.now() - RETENTION
        return models.QuerySet.delete(self.filter(at__lt=cutoff))[0]

    def for_person(self, person):
        """Reads of this file, including the files merged into it."""
        ids = [person.pk, *person.merged_from.values_list("pk", flat=True)]
        return self.filter(person_id__in=ids)


class AccessLog(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Application")
        API = "api", _("API")
        LINK = "link", _("Lien de réponse d'un partenaire")
        SPACE = "space", _("Espace personnel de la personne")

    # Empty for a read through a partner's signed answer link (`reason` then names the
    # partner, and `structure` is the structure that shared the information) and for the
    # person's own reads in their space (channel `space`, `structure` the one that invited).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    # A plain id, not a foreign key: the log sits below the people app and must outlive any
    # change to the file it traces (merge, anonymisation).
    person_id = models.BigIntegerField(_("dossier"))
    section = models.CharField(_("partie consultée"), max_length=30, choices=Section.choices)
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.WEB)
    at = models.DateTimeField(_("consulté le"), default=timezone.now, db_index=True)
    reason = models.CharField(_("motif d'un accès exceptionnel"), max_length=255, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation d'un dossier")
        verbose_name_plural = _("journal des consultations")
        ordering = ["-at"]
        indexes = [models.Index(fields=["person_id", "-at"], name="accesslog_person_idx")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.section}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the access log is append-only")


def log_link_read(
    *,
    structure_id: int,
    person_id: int,
    section: Section,
    partner: str,
    kind: str = "Lien d'orientation",
) -> None:
    """Someone without an account read a section through a signed link (a referral's
    answer link, an immersion's signature link)."""
    AccessLog.objects.create(
        user=None,
        structure_id=structure_id,
        person_id=person_id,
        section=section,
        channel=AccessLog.Channel.LINK,
        reason=f"{kind} — {partner}"[:255],
    )


def log_read(
    *, user, person, section: Section, channel: str = AccessLog.Channel.WEB, reason: str = ""
) -> None:
    AccessLog.objects.create(
        user=user,
        structure_id=user.active_membership.structure_id,
        person_id=person.pk,
        section=section,
        channel=channel,
        reason=reason,
    )


def log_list_export(*, user, person_ids, section: Section, reason: str) -> None:
    """A list naming people left the application (a CSV export): one line per person named,
    so that each file's history shows the export."""
    structure_id = user.active_membership.structure_id
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=user,
                structure_id=structure_id,
                person_id=person_id,
                section=section,
                reason=reason[:255],
            )
            for person_id in sorted(set(person_ids))
        ]
    )


def log_own_read(*, structure_id: int, person_id: int, section: Section) -> None:
    """The person read a part of their own file in their space (« Mon espace »)."""
    AccessLog.objects.create(
        user=None,
        structure_id=structure_id,
        person_id=person_id,
        section=section,
        channel=AccessLog.Channel.SPACE,
        reason="La personne elle-même, dans son espace",
    )
