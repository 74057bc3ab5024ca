"""Territory watch (REAC CP3): what the team learns about its employment area, kept as
dated notes beside the employers' hiring intentions (BMO, in the referentials)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import Perm, membership_with


class Topic(models.TextChoices):
    HIRING = "hiring", _("Emploi et recrutements")
    TRAINING = "training", _("Formation")
    MOBILITY = "mobility", _("Mobilité et transports")
    HOUSING = "housing", _("Logement")
    SCHEMES = "schemes", _("Dispositifs, aides et financements")
    PARTNERS = "partners", _("Partenaires et réseau")
    OTHER = "other", _("Autre")


class WatchNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The notes of the user's active structure, for the roles that keep the watch."""
        membership = membership_with(user, Perm.TERRITORY_WATCH)
        if membership is None:
            return self.none()
        return self.filter(structure_id=membership.structure_id)


class WatchNote(VersionedModel, TimeStampedModel):
    structure = models.ForeignKey("accounts.Structure", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="watch_notes"
    )
    observed_on = models.DateField(_("date de l'information"), default=timezone.localdate)
    topic = models.CharField(_("thème"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(
        _("ce que l'on a appris"),
        help_text=_(
            "Les faits et les chiffres, et ce que cela change pour les personnes accompagnées. "
            "Aucune donnée sur une personne."
        ),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_(
            "Qui l'a dit ou publié : un employeur, une réunion, une étude, une adresse web."
        ),
    )

    objects = WatchNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("note de veille")
        verbose_name_plural = _("notes de veille")
        ordering = ["-observed_on", "-pk"]

    def __str__(self):
        return self.title
