"""The PMSMP convention (période de mise en situation en milieu professionnel, code du
travail L5135-1 to L5135-8, D5135-1 to D5135-8), its signatures, its events and its review.

A convention belongs to one person and the prescribing structure. Its content carries a
`revision`: every change of content makes a new revision, and only the signatures of the
current revision count (each keeps the SHA-256 of the exact content signed).
"""

import secrets
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import Perm, Section, active_membership, sections_for
from tremplin.core.validators import validate_siret
from tremplin.immersions import enums
from tremplin.people.models import Person


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class ImmersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Immersions of the user's structure, for the files the user may open, when the
        user's role may read the immersion section (not reception, not employer relations:
        the convention states the person's status)."""
        membership = active_membership(user)
        if membership is None or not membership.can(Perm.PERSON_VIEW):
            return self.none()
        if Section.IMMERSION not in sections_for(membership.role):
            return self.none()
        return self.filter(
            structure_id=membership.structure_id,
            person__in=Person.objects.visible_to(user),
        )

    def active(self):
        return self.filter(status__in=enums.ACTIVE_STATUSES)


class Immersion(VersionedModel, TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="immersions")
    structure = models.ForeignKey(
        "accounts.Structure",
        verbose_name=_("structure prescriptrice"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("référent·e de la structure prescriptrice"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renouvellement de l'immersion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
    )
    beneficiary_status = models.CharField(
        _("statut de la personne"), max_length=20, choices=enums.BeneficiaryStatus.choices
    )
    # The host company (structure d'accueil). Its details are copied into the convention
    # (what was signed stays as it was); the link to the employers' file is optional.
    company = models.ForeignKey(
        "employers.Company",
        verbose_name=_("entreprise du fichier entreprises"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="immersions",
    )
    company_name = models.CharField(_("raison sociale de la structure d'accueil"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    naf_code = models.CharField(
        _("code NAF"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{2}\.?\d{2}[A-Z]$", _("Code NAF attendu : 88.99B."))],
    )
    company_address = models.CharField(_("adresse du lieu de l'immersion"), max_length=250)
    company_postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    company_commune = models.ForeignKey(
        "referentials.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    company_weekly_hours = models.DecimalField(
        _("horaire collectif hebdomadaire de la structure d'accueil"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(48))],
        help_text=_("Laissez vide s'il n'est pas connu : les maxima légaux s'appliquent."),
    )
    tutor_name = models.CharField(_("nom du tuteur ou de la tutrice"), max_length=150)
    tutor_function = models.CharField(_("fonction"), max_length=150)
    tutor_phone = models.CharField(_("téléphone"), max_length=20)
    tutor_email = models.EmailField(_("e-mail du tuteur ou de la tutrice"))
    # When and how long.
    starts_on = models.DateField(_("premier jour"))
    ends_on = models.DateField(_("dernier jour"))
    # Hours of presence for each weekday, Monday first (seven decimals as text).
    schedule = models.JSONField(_("heures par jour de la semaine"), default=list)
    schedule_note = models.CharField(
        _("horaires"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : 9 h – 12 h 30 et 13 h 30 – 17 h, du lundi au vendredi."),
    )
    # What for.
    objective = models.CharField(
        _("objet de l'immersion"), max_length=20, choices=enums.Objective.choices
    )
    appellation = models.ForeignKey(
        "referentials.RomeAppellation",
        verbose_name=_("métier observé (appellation ROME)"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    tasks = models.TextField(_("activités et tâches confiées"))
    skills_to_observe = models.TextField(_("compétences à observer"), blank=True)
    # Prevention (the host company's duty of safety applies to the person in immersion).
    risks = models.TextField(_("risques du poste"), blank=True)
    protective_equipment = models.TextField(_("équipements de protection fournis"), blank=True)
    needs_medical_surveillance = models.BooleanField(
        _("le poste demande une surveillance médicale renforcée"), default=False
    )
    accident_cover = models.CharField(
        _("couverture accidents du travail"),
        max_length=200,
        help_text=_(
            "Qui déclare un accident survenu pendant l'immersion (prescripteur, France Travail…)."
        ),
    )
    liability_insurance = models.CharField(
        _("assurance responsabilité civile de la structure d'accueil"), max_length=200, blank=True
    )
    # Where it stands.
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=enums.ImmersionStatus.choices,
        default=enums.ImmersionStatus.DRAFT,
    )
    closing_reason = models.TextField(_("motif"), blank=True)
    revision = models.PositiveIntegerField(_("version du contenu"), default=1, editable=False)
    link_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    sent_at = models.DateTimeField(_("envoyée en signature le"), null=True, blank=True)
    links_expire_at = models.DateTimeField(
        _("liens de signature valables jusqu'au"), null=True, blank=True
    )
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    @property
    def links_valid_until(self):
        """The last minute a signature link works (it stops at `links_expire_at`): what the
        pages and e-mails say, « jusqu'au 06/12/2026 à 23 h 59 » for links stopping as a
        07/12 immersion begins."""
        if self.links_expire_at is None:
            return None
        return timezone.localtime(self.links_expire_at - timedelta(minutes=1))

    @property
    def links_stop_at_start(self) -> bool:
        """The links stop as the immersion begins (not LINK_DAYS after sending)."""
        if self.links_expire_at is None or self.starts_on is None:
            return False
        stop = timezone.localtime(self.links_expire_at)
        return stop.date() == self.starts_on and (stop.hour, stop.minute) == (0, 0)

    objects = ImmersionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "link_nonce"])

    class Meta:
        verbose_name = _("immersion (PMSMP)")
        verbose_name_plural = _("immersions (PMSMP)")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="immersion_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["cancelled", "refused"]) | Q(closing_reason=""),
                name="immersion_reason_only_when_closed",
            ),
        ]

    def __str__(self):
        return f"Immersion chez {self.company_name} du {self.starts_on:%d/%m/%Y}"

    def fill_postal_code(self) -> None:
        """The workplace's postal code when none was typed: the linked company's (same
        commune), or the commune's when it has only one."""
        commune = self.company_commune
        if self.company_postal_code or commune is None:
            return
        company = self.company
        if company is not None and company.commune_id == commune.pk and company.postal_code:
            self.company_postal_code = company.postal_code
        elif len(commune.postal_code_list) == 1:
            self.company_postal_code = commune.postal_code_list[0]

    @property
    def daily_hours(self) -> list[Decimal]:
        values = list(self.schedule or [])
        values += ["0"] * (7 - len(values))
        return [Decimal(str(v or 0)) for v in values[:7]]

    @property
    def weekly_hours(self) -> Decimal:
        return sum(self.daily_hours, Decimal(0))

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def is_editable(self) -> bool:
        return self.status in enums.EDITABLE_STATUSES

    def can_become(self, status: str) -> bool:
        return status in enums.TRANSITIONS[self.status]

    @property
    def has_begun(self) -> bool:
        """Its first day has come: not before may it be marked in progress."""
        return self.starts_on <= timezone.localdate()

    @property
    def can_be_started(self) -> bool:
        """What `actions.start` accepts: a validated convention whose first day has come."""
        return self.can_become(enums.ImmersionStatus.IN_PROGRESS) and self.has_begun

    def current_signatures(self):
        return [s for s in self.signatures.all() if s.revision == self.revision]

    def signature_of(self, party: str):
        return next((s for s in self.current_signatures() if s.party == party), None)


def signature_drawing_path(instance, filename):
    return f"immersions/signatures/{uuid.uuid4().hex}.png"


class ImmutableError(Exception):
    pass


class ImmersionSignature(models.Model):
    """One party's signature of one revision of the convention. Never changed.

    The person and the tutor sign through their link; without one (no e-mail address, no
    computer) the counselor records their signature in Tremplin: on screen during an
    interview (the name they type, and the drawing they may trace, with its SHA-256) or on
    paper (the scan of the signed convention, kept in the person's documents). Either way the
    SHA-256 of the content signed, who recorded it and when are kept."""

    immersion = models.ForeignKey(Immersion, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("partie"), max_length=20, choices=enums.Party.choices)
    revision = models.PositiveIntegerField(_("version du contenu signée"))
    signer_name = models.CharField(_("nom saisi par le ou la signataire"), max_length=150)
    signed_at = models.DateTimeField(_("signée le"))
    content_sha256 = models.CharField(_("empreinte SHA-256 du contenu signé"), max_length=64)
    # The prescriber signs in Tremplin; the person and the tutor through their link, or in
    # Tremplin before the counselor (on screen, on paper): then recorded_by is the counselor.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(
        _("façon de signer"),
        max_length=12,
        choices=enums.SignatureChannel.choices,
        default=enums.SignatureChannel.ELECTRONIC,
    )
    scan = models.ForeignKey(
        "people.Document",
        verbose_name=_("convention signée sur papier (scan)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    drawing = models.FileField(_("signature tracée"), upload_to=signature_drawing_path, blank=True)
    drawing_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("signature de convention d'immersion")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["immersion", "party", "revision"], name="one_signature_per_party_revision"
            ),
            models.CheckConstraint(
                condition=Q(channel="electronic", scan__isnull=True)
                | Q(channel="screen", scan__isnull=True, recorded_by__isnull=False)
                | Q(channel="paper", scan__isnull=False, recorded_by__isnull=False),
                name="immersion_signature_says_how",
            ),
        ]

    def __str__(self):
        return f"{self.get_party_display()} — {self.signer_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("a signature never changes; sign the new revision")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("a signature is evidence and is never deleted")

    @property
    def how(self) -> str:
        """How it was signed, as the convention and the page say it."""
        if self.channel == enums.SignatureChannel.SCREEN:
            return "à l'écran pendant l'entretien" + (
                " (signature tracée)" if self.drawing_sha256 else ""
            )
        if self.channel == enums.SignatureChannel.PAPER:
            return "sur papier (scan conservé)"
        if self.party == enums.Party.PRESCRIBER:
            return "dans Tremplin"
        return "par son lien personnel"


class ImmersionEvent(models.Model):
    """A dated step of the convention's life (who moved it, from what to what, why)."""

    immersion = models.ForeignKey(Immersion, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("le"))
    status_from = models.CharField(max_length=20, choices=enums.ImmersionStatus.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=enums.ImmersionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_label = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("étape de l'immersion")
        verbose_name_plural = _("étapes de l'immersion")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y} → {self.status_to}"


class ImmersionReview(TimeStampedModel):
    """The end-of-immersion review (bilan), written with the tutor and the person."""

    immersion = models.OneToOneField(Immersion, on_delete=models.CASCADE, related_name="review")
    held_on = models.DateField(_("bilan fait le"))
    tasks_done = models.TextField(_("tâches réellement effectuées"))
    skills_observed = models.ManyToManyField(
        "referentials.RomeSkill",
        verbose_name=_("compétences observées (ROME)"),
        blank=True,
        related_name="+",
    )
    skills_other = models.TextField(_("autres compétences et qualités observées"), blank=True)
    tutor_assessment = models.TextField(_("appréciation du tuteur ou de la tutrice"))
    person_opinion = models.TextField(_("avis de la personne"))
    outcome = models.CharField(_("suite donnée"), max_length=30, choices=enums.Outcome.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("bilan d'immersion")

    def __str__(self):
        return f"Bilan du {self.held_on:%d/%m/%Y}"
