"""Base model mixins shared by every app."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic locking: concurrent edits never silently overwrite each other.

    A form carries the `version` it was loaded with; saving checks it under a row lock
    (see core.forms.VersionedModelForm) and refuses with the list of what changed.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class JobRun(models.Model):
    """One run of a periodic job (`tremplin run_periodic`): when, how it ended, what it did.

    ``output`` is the job command's own summary, counts only (the commands never print a
    name or an id of a person). ``error`` names the exception's class and where it was
    raised, never its message (a message may quote an address or a name).
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("en cours")
        SUCCEEDED = "succeeded", _("réussi")
        FAILED = "failed", _("échec")
        INTERRUPTED = "interrupted", _("interrompu")

    job = models.CharField(_("travail"), max_length=40)
    started_at = models.DateTimeField(_("commencé le"))
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    status = models.CharField(_("issue"), max_length=12, choices=Status.choices)
    forced = models.BooleanField(_("lancé à la main"), default=False)
    output = models.TextField(_("compte rendu"), blank=True)
    error = models.CharField(_("erreur"), max_length=255, blank=True)
    # Which process runs it: a runner on the same machine sees at once that it died.
    host = models.CharField(_("machine"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("processus"), null=True, blank=True)

    class Meta:
        verbose_name = _("exécution d'un travail automatique")
        verbose_name_plural = _("exécutions des travaux automatiques")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["job", "-started_at"], name="jobrun_job_idx")]
        constraints = [
            # Two runners (two machines, or cron and a hand) never run the same job at once.
            models.UniqueConstraint(
                fields=["job"],
                condition=models.Q(status="running"),
                name="jobrun_one_running_per_job",
            )
        ]

    def __str__(self):
        return f"{self.job} {timezone.localtime(self.started_at):%d/%m/%Y %H:%M} {self.get_status_display()}"
