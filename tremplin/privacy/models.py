"""Retention of people's files: holds that keep a file longer, and the register of anonymisations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HoldReason(models.TextChoices):
    FUNDER_AUDIT = "funder_audit", _("Contrôle d'un financeur possible (FSE+, Département…)")
    LITIGATION = "litigation", _("Contentieux ou procédure en cours")
    PERSON_REQUEST = "person_request", _("Demande de la personne")
    OTHER = "other", _("Autre motif")


class RetentionHoldQuerySet(models.QuerySet):
    def active(self, today=None):
        today = today or timezone.localdate()
        return self.filter(lifted_at__isnull=True, until__gte=today)


class RetentionHold(models.Model):
    """A structure keeps a file past the retention period, for a stated reason, until a date."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("motif"), max_length=20, choices=HoldReason.choices)
    detail = models.CharField(_("précision"), max_length=200, blank=True)
    until = models.DateField(_("conserver jusqu'au"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("décidé le"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("levée le"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RetentionHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("conservation prolongée")
        verbose_name_plural = _("conservations prolongées")
        ordering = ["until", "pk"]

    def __str__(self):
        return f"{self.get_reason_display()} — jusqu'au {self.until:%d/%m/%Y}"


class Anonymisation(models.Model):
    """The register: one row per file anonymised, with what was erased (never who it was)."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="anonymisation"
    )
    anonymised_at = models.DateTimeField(_("anonymisé le"), auto_now_add=True)
    last_activity_on = models.DateField(_("dernière activité le"))
    # Who asked: a manager from the retention page, or nobody (the nightly command).
    structure = models.ForeignKey(
        "accounts.Structure", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    erased = models.JSONField(_("éléments effacés, par type"), default=dict)
    files_deleted = models.PositiveIntegerField(_("fichiers supprimés"), default=0)

    class Meta:
        verbose_name = _("anonymisation")
        ordering = ["-anonymised_at", "-pk"]

    def __str__(self):
        return f"Dossier anonymisé le {timezone.localtime(self.anonymised_at):%d/%m/%Y}"
