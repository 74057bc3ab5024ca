"""The partner directory (REAC CP4): structures and services in the data·inclusion schema.

The directory is shared by every structure on the instance: it describes public services
(imported from data·inclusion, or created by hand by a structure). Named contacts at a
partner are the address book of the structure that recorded them, and visible to it only.

- PartnerStructure: a partner organisation (data·inclusion « structure »). It may be itself
  a structure using Tremplin (`tremplin_structure`): referrals then arrive in its own space.
- PartnerService: one service it offers (data·inclusion « service »), with its thématiques,
  its public, its place and the zone where it can be mobilised.
- PartnerContact: a named person at the partner, kept by one structure.
"""

import math

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.models import TimeStampedModel
from tremplin.core.permissions import Perm, membership_with
from tremplin.core.text import normalize

# The source of the entries created by hand in Tremplin (data·inclusion sources are the
# producers' names: « dora », « emplois-de-linclusion », « france-travail »…).
MANUAL_SOURCE = "tremplin"


class DirectoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The directory is readable by every member who may look partners up."""
        if membership_with(user, Perm.DIRECTORY_VIEW) is None:
            return self.none()
        return self.filter(is_active=True)

    def editable_by(self, user):
        """Entries a structure may change: those it created by hand."""
        membership = membership_with(user, Perm.DIRECTORY_MANAGE)
        if membership is None:
            return self.none()
        return self.filter(source=MANUAL_SOURCE, created_by_structure_id=membership.structure_id)


class PlaceMixin(models.Model):
    """Where a structure or a service receives people."""

    address = models.CharField(_("adresse"), max_length=255, blank=True)
    address_complement = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        "referentials.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The commune's name as given by the source, kept when the code is unknown to us.
    commune_label = models.CharField(_("commune (libellé)"), max_length=150, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.CharField(
        _("horaires d'accueil"),
        max_length=500,
        blank=True,
        help_text=_(
            "Les jours puis les heures, par exemple « lundi-vendredi 9h-12h 14h-17h » ou "
            "« lun, mer 9h30-12h ; sam 10h-12h » ; le format OpenStreetMap "
            "(« Mo-Fr 09:00-12:00 ») est aussi accepté."
        ),
    )

    class Meta:
        abstract = True

    @property
    def place_label(self) -> str:
        commune = self.commune.name if self.commune_id else self.commune_label
        return ", ".join(p for p in (self.address, f"{self.postal_code} {commune}".strip()) if p)


class PartnerStructure(PlaceMixin, TimeStampedModel):
    source = models.CharField(_("source"), max_length=100, default=MANUAL_SOURCE)
    source_id = models.CharField(_("identifiant à la source"), max_length=255)
    name = models.CharField(_("nom"), max_length=150)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("site ou fiche à la source"), max_length=500, blank=True)
    accessibility_url = models.URLField(_("accessibilité du lieu"), max_length=500, blank=True)
    networks = models.JSONField(_("réseaux porteurs"), default=list, blank=True)
    updated_at_source = models.DateField(_("mise à jour à la source"), null=True, blank=True)
    created_by_structure = models.ForeignKey(
        "accounts.Structure",
        verbose_name=_("ajoutée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tremplin_structure = models.ForeignKey(
        "accounts.Structure",
        verbose_name=_("structure utilisant Tremplin"),
        help_text=_("Les orientations arrivent alors directement dans son espace."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_entries",
    )
    is_active = models.BooleanField(_("active"), default=True)
    search_key = models.TextField(editable=False, default="")

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure partenaire")
        verbose_name_plural = _("structures partenaires")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], name="unique_partner_structure_source_id"
            ),
            models.CheckConstraint(
                condition=~Q(source=MANUAL_SOURCE) | Q(created_by_structure__isnull=False),
                name="manual_partner_has_author",
            ),
        ]
        indexes = [models.Index(fields=["siret"], name="partner_structure_siret")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = normalize(" ".join((self.name, self.description[:500])))
        super().save(*args, **kwargs)


class PartnerService(PlaceMixin, TimeStampedModel):
    class Fees(models.TextChoices):
        FREE = "gratuit", _("Gratuit")
        PAID = "payant", _("Payant")

    class Reception(models.TextChoices):
        IN_PERSON = "en-presentiel", _("En présentiel")
        REMOTE = "a-distance", _("À distance")

    structure = models.ForeignKey(
        PartnerStructure,
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    source = models.CharField(_("source"), max_length=100, default=MANUAL_SOURCE)
    source_id = models.CharField(_("identifiant à la source"), max_length=255)
    name = models.CharField(_("nom"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("fiche à la source"), max_length=500, blank=True)
    kind = models.CharField(_("type de service"), max_length=50, blank=True)
    thematiques = models.ManyToManyField(
        "referentials.Thematique", verbose_name=_("thématiques"), related_name="partner_services"
    )
    fees = models.CharField(_("frais"), max_length=20, choices=Fees.choices, blank=True)
    fees_details = models.TextField(_("précisions sur les frais"), blank=True)
    publics = models.JSONField(_("publics"), default=list, blank=True)
    publics_details = models.TextField(_("précisions sur les publics"), blank=True)
    access_conditions = models.TextField(_("conditions d'accès"), blank=True)
    reception_modes = models.JSONField(_("modes d'accueil"), default=list, blank=True)
    # Codes of communes, EPCI, departments or regions; ["france"] for the whole country.
    eligibility_zone = models.JSONField(_("zone d'éligibilité"), default=list, blank=True)
    mobilisation_modes = models.JSONField(_("modes de mobilisation"), default=list, blank=True)
    mobilisable_by = models.JSONField(_("mobilisable par"), default=list, blank=True)
    mobilisation_details = models.TextField(_("précisions sur la mobilisation"), blank=True)
    mobilisation_url = models.URLField(_("lien de mobilisation"), max_length=500, blank=True)
    weekly_hours = models.DecimalField(
        _("volume horaire hebdomadaire"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    weeks = models.PositiveSmallIntegerField(_("nombre de semaines"), null=True, blank=True)
    updated_at_source = models.DateField(_("mise à jour à la source"), null=True, blank=True)
    created_by_structure = models.ForeignKey(
        "accounts.Structure",
        verbose_name=_("ajouté par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("actif"), default=True)
    search_key = models.TextField(editable=False, default="")
    # Derived on save (see `refresh_derived`), for searching by distance in SQL: the place
    # retained for the service and whether it can be followed remotely.
    point_latitude = models.FloatField(null=True, editable=False)
    point_longitude = models.FloatField(null=True, editable=False)
    remote = models.BooleanField(default=False, editable=False)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("service partenaire")
        verbose_name_plural = _("services partenaires")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], name="unique_partner_service_source_id"
            ),
        ]
        indexes = [
            # Both include `id` and `is_active` (PostgreSQL; SQLite keeps the plain index) so
            # that the search finds the services of a box or the remote ones, crossed with a
            # thématique, by index-only scans and reads only those it keeps (`search.py`).
            models.Index(
                fields=["point_latitude", "point_longitude"],
                include=["id", "is_active"],
                name="partner_service_point",
            ),
            # The few services that can be followed remotely, wherever the person lives.
            models.Index(
                fields=["id"],
                include=["is_active"],
                condition=Q(remote=True),
                name="partner_service_remote",
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.structure.name}"

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        """Fill the derived columns; bulk imports call it before `bulk_create`."""
        self.search_key = normalize(
            " ".join((self.name, self.structure.name, self.description[:500]))
        )
        point = self.position()
        self.point_latitude, self.point_longitude = point if point else (None, None)
        self.remote = self.is_remote

    @property
    def is_remote(self) -> bool:
        return self.Reception.REMOTE in (self.reception_modes or [])

    @property
    def contact_email(self) -> str:
        """Where a referral is sent: the service's address, else its structure's."""
        return self.email or self.structure.email

    def position(self) -> tuple[float, float] | None:
        """The service's place, else its structure's, else its commune's centre."""
        for obj in (self, self.structure):
            if obj.latitude is not None and obj.longitude is not None:
                return obj.latitude, obj.longitude
        for obj in (self, self.structure):
            if obj.commune_id and obj.commune.latitude is not None:
                return obj.commune.latitude, obj.commune.longitude
        return None


class PartnerContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = membership_with(user, Perm.DIRECTORY_VIEW)
        if membership is None:
            return self.none()
        return self.filter(owner_structure_id=membership.structure_id)


class PartnerContact(TimeStampedModel):
    """A named person at a partner, in the address book of the structure that recorded it."""

    partner = models.ForeignKey(
        PartnerStructure,
        verbose_name=_("structure partenaire"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    owner_structure = models.ForeignKey(
        "accounts.Structure", on_delete=models.PROTECT, related_name="+"
    )
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100)
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = PartnerContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact chez un partenaire")
        verbose_name_plural = _("contacts chez les partenaires")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()


EARTH_RADIUS_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
