"""The register of the requests a person made to see (art. 15 RGPD) or take away (art. 20)
their data, with the deadline the law gives to answer: one month from receipt (art. 12.3).

The archive itself is never stored: it is built again on demand from the file, and the
register keeps only the fingerprint (SHA-256) and size of the last one handed over.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.models import TimeStampedModel
from tremplin.core.permissions import Perm, active_membership
from tremplin.pathways.exits import add_months

# Art. 12.3 RGPD: « dans les meilleurs délais et en tout état de cause dans un délai d'un
# mois à compter de la réception de la demande ».
ANSWER_MONTHS = 1


def due_date(received_on):
    return add_months(received_on, ANSWER_MONTHS)


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Droit d'accès (art. 15 RGPD)")
    PORTABILITY = "portability", _("Droit à la portabilité (art. 20 RGPD)")
    BOTH = "both", _("Accès et portabilité")


class RequestChannel(models.TextChoices):
    ON_SITE = "on_site", _("Sur place")
    MAIL = "mail", _("Courrier")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Téléphone")
    PERSON_SPACE = "person_space", _("Espace personnel")
    OTHER = "other", _("Autre")


class AccessRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The requests of the structure the user acts for, if the user may export."""
        membership = active_membership(user)
        if membership is None or not membership.can(Perm.DATA_EXPORT):
            return self.none()
        return self.filter(structure_id=membership.structure_id)

    def open(self):
        return self.filter(answered_at__isnull=True)

    def late(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class AccessRequest(TimeStampedModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="access_requests"
    )
    # The controller that answers: the structure the request was made to.
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("demande"), max_length=12, choices=RequestKind.choices)
    received_on = models.DateField(_("reçue le"))
    channel = models.CharField(_("reçue par"), max_length=12, choices=RequestChannel.choices)
    # Empty when the person downloaded their data themself, from their space.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistrée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("à traiter avant le"))
    answered_at = models.DateTimeField(_("réponse donnée le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réponse donnée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    archive_generated_at = models.DateTimeField(_("archive produite le"), null=True, blank=True)
    archive_sha256 = models.CharField(
        _("empreinte SHA-256 de l'archive"), max_length=64, blank=True
    )
    archive_size = models.PositiveBigIntegerField(_("taille de l'archive (octets)"), null=True)
    note = models.TextField(_("note"), blank=True)

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'accès ou de portabilité")
        verbose_name_plural = _("demandes d'accès ou de portabilité")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(
                fields=["structure", "answered_at", "due_on"], name="accessrequest_open_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("received_on")),
                name="accessrequest_due_after_receipt",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — reçue le {self.received_on:%d/%m/%Y}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_late(self) -> bool:
        return not self.is_answered and self.due_on < timezone.localdate()
