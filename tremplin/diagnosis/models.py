"""The shared diagnosis (REAC CP2): versions over life domains, validated by the person;
the urgency checklist and the alerts it raises.

A diagnosis belongs to one person and one structure. It is never edited in place: every
update is a new numbered version, and a version validated by the person never changes.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.diagnosis.domains import DOMAIN_CHOICES, DOMAINS_BY_CODE, SEVERITY_LABELS
from tremplin.people.models import Person


class ImmutableError(Exception):
    pass


class DiagnosisQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(person__in=Person.objects.visible_to(user))


class Diagnosis(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="diagnoses")
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DiagnosisQuerySet.as_manager()

    class Meta:
        verbose_name = _("diagnostic partagé")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "structure"], name="one_diagnosis_per_structure"
            ),
        ]

    def __str__(self):
        return f"Diagnostic de {self.person} — {self.structure}"

    @property
    def current(self) -> "DiagnosisVersion | None":
        return self.versions.order_by("-number").first()


class ValidationChannel(models.TextChoices):
    PAPER = "paper", _("Synthèse imprimée et signée par la personne")
    SCREEN = "screen", _("Relue et validée à l'écran avec la personne")
    PERSON_SPACE = "person_space", _("Validée plus tard depuis l'espace de la personne")


class DiagnosisVersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(diagnosis__person__in=Person.objects.visible_to(user))


class DiagnosisVersion(models.Model):
    """One dated state of the diagnosis. Immutable once created, except its validation,
    which can be recorded once."""

    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    interview_date = models.DateField(_("date de l'entretien"))
    demand = models.TextField(_("la demande, dans les mots de la personne"), blank=True)
    order = models.ForeignKey(
        "reception.Order",
        verbose_name=_("commande du prescripteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    synthesis = models.TextField(_("synthèse rédigée avec la personne"), blank=True)
    validated_at = models.DateTimeField(_("validée par la personne le"), null=True, blank=True)
    validation_channel = models.CharField(
        _("validée"), max_length=20, choices=ValidationChannel.choices, blank=True
    )
    validation_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    validation_document = models.ForeignKey(
        "people.Document",
        verbose_name=_("synthèse signée (scan)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DiagnosisVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version du diagnostic")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["diagnosis", "number"], name="unique_diagnosis_version"
            ),
            models.CheckConstraint(
                condition=models.Q(validated_at__isnull=True) | ~models.Q(validation_channel=""),
                name="validation_says_how",
            ),
        ]

    def __str__(self):
        return f"Version {self.number} du {timezone.localtime(self.created_at):%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("validation", False):
            raise ImmutableError("a diagnosis version never changes; save a new one")
        super().save(*args, **kwargs)

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None

    @property
    def validation_how(self) -> str:
        """How the person validated: « depuis son espace » (no professional recorded that
        one), or the channel and who recorded it."""
        if not self.is_validated:
            return ""
        if self.validation_channel == ValidationChannel.PERSON_SPACE:
            return "depuis son espace"
        how = self.get_validation_channel_display().lower()
        if self.validation_recorded_by_id:
            how += f", enregistrée par {self.validation_recorded_by.full_name}"
        return how

    @property
    def validation_summary(self) -> str:
        """« validée par la personne depuis son espace le 03/12/2026 », « validée par la
        personne le 03/12/2026 (synthèse imprimée et signée…) », for the staff pages and the
        documents."""
        if not self.is_validated:
            return ""
        day = f"{timezone.localtime(self.validated_at):%d/%m/%Y}"
        if self.validation_channel == ValidationChannel.PERSON_SPACE:
            return f"validée par la personne depuis son espace le {day}"
        return f"validée par la personne le {day} ({self.validation_how})"

    def record_validation(self, *, channel: str, by, at=None, document=None) -> None:
        """Record once how the person validated. From the space (`PERSON_SPACE`) no
        professional records it (`by` is None); every other channel needs one."""
        if self.is_validated:
            raise ValidationError("Cette version a déjà été validée par la personne.")
        if channel not in ValidationChannel.values:
            raise ValidationError({"validation_channel": "Précisez comment la personne a validé."})
        if (channel == ValidationChannel.PERSON_SPACE) != (by is None):
            raise ValidationError(
                {"validation_channel": "Seule la personne valide depuis son espace."}
            )
        self.validated_at = at or timezone.now()
        self.validation_channel = channel
        self.validation_recorded_by = by
        self.validation_document = document
        self.save(
            validation=True,
            update_fields=[
                "validated_at",
                "validation_channel",
                "validation_recorded_by",
                "validation_document",
            ],
        )


class DomainAssessment(models.Model):
    """One life domain in one version: situation, strengths, obstacles, needs."""

    version = models.ForeignKey(DiagnosisVersion, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("domaine"), max_length=60, choices=DOMAIN_CHOICES)
    facts = models.JSONField(_("situation"), default=dict, blank=True)
    situation = models.TextField(_("situation (en quelques mots)"), blank=True)
    strengths = models.TextField(_("atouts"), blank=True)
    # [{"label": "...", "severity": "light|strong|blocking"}]
    obstacles = models.JSONField(_("freins"), default=list, blank=True)
    needs = models.ManyToManyField(
        "referentials.Thematique", verbose_name=_("besoins"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("domaine du diagnostic")
        constraints = [
            models.UniqueConstraint(fields=["version", "domain"], name="unique_domain_per_version"),
        ]

    def __str__(self):
        return self.definition.label

    @property
    def definition(self):
        return DOMAINS_BY_CODE[self.domain]

    @property
    def fact_rows(self) -> list[tuple[str, str]]:
        return [
            (fact.label, fact.display(self.facts.get(fact.key)))
            for fact in self.definition.facts
            if self.facts.get(fact.key) not in (None, "")
        ]

    @property
    def obstacle_rows(self) -> list[tuple[str, str, str]]:
        return [
            (o["label"], o["severity"], SEVERITY_LABELS.get(o["severity"], ""))
            for o in self.obstacles
        ]

    @property
    def is_empty(self) -> bool:
        return (
            not (self.facts or self.situation or self.strengths or self.obstacles)
            and not self.needs.exists()
        )


# --- urgencies --------------------------------------------------------------------------------


class UrgencyItem(models.TextChoices):
    NO_SHELTER = "no_shelter", _("Pas d'hébergement pour ce soir")
    NO_RESOURCES = "no_resources", _("Aucune ressource, rien pour se nourrir")
    VIOLENCE = "violence", _("Violences subies (conjugales, familiales ou autres)")
    HEALTH_EMERGENCY = "health_emergency", _("Urgence de santé")
    CHILD_DANGER = "child_danger", _("Un enfant en danger")
    SUICIDAL_RISK = "suicidal_risk", _("Idées suicidaires exprimées")


class UrgencyCheckQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(person__in=Person.objects.visible_to(user))


class UrgencyCheck(models.Model):
    """The short checklist asked at every first interview. Kept as it was answered."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="urgency_checks")
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    positives = models.JSONField(_("situations d'urgence repérées"), default=list, blank=True)
    note = models.TextField(_("ce qui a été fait"), blank=True)

    objects = UrgencyCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("repérage des urgences")
        ordering = ["-asked_at"]

    def __str__(self):
        return f"Repérage du {timezone.localtime(self.asked_at):%d/%m/%Y}"

    @property
    def is_positive(self) -> bool:
        return bool(self.positives)

    @property
    def positive_labels(self) -> list[str]:
        return [UrgencyItem(p).label for p in self.positives if p in UrgencyItem.values]


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def visible_to(self, user):
        """Alerts of the user's structure: all of them for a manager, else those of the
        files the user may open."""
        from tremplin.core.permissions import Perm, active_membership

        membership = active_membership(user)
        if membership is None:
            return self.none()
        mine = self.filter(structure_id=membership.structure_id)
        if membership.can(Perm.ALERTS_VIEW):
            return mine
        # An alert tells a social or health situation: only those who record urgencies.
        if not membership.can(Perm.URGENCY_RECORD):
            return self.none()
        return mine.filter(person__in=Person.objects.visible_to(user))


class Alert(models.Model):
    """An urgency raised on a file, open until someone records what was done."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="alerts")
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    urgency_check = models.OneToOneField(
        UrgencyCheck, on_delete=models.CASCADE, related_name="alert"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(_("ce qui a été fait"), blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alerte")
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["structure", "resolved_at"], name="alert_open_idx")]

    def __str__(self):
        return f"Alerte du {timezone.localtime(self.raised_at):%d/%m/%Y}"
