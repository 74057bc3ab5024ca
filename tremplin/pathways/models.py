"""The pathway (parcours, REAC CP6): a contract with the person in a structure, its plan
(commitments, objectives, actions), the weekly activity hours, follow-up interviews,
reviews, suspensions and the exit.

A pathway belongs to one person and one structure. The plan is edited by several
counselors: pathway, objectives and actions are versioned (optimistic locking). What the
person signed is frozen in `ContractSignature` and never changes.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import Perm, Section, active_membership
from tremplin.core.text import french_hours
from tremplin.core.validators import EARLIEST_PLAUSIBLE_DATE
from tremplin.pathways import enums
from tremplin.pathways.exits import add_months
from tremplin.people.enums import ConsentPurpose
from tremplin.people.models import Consent, Person

# Dates typed with a wrong year (1900, 2300) are refused: nothing in Tremplin's field of
# work started before 2000, and no framework runs for more than five years without an
# amendment (CER: 6 to 12 months renewed; CEJ: up to 18 months; PLIE: a few years).
EARLIEST = EARLIEST_PLAUSIBLE_DATE
LONGEST = timedelta(days=5 * 366)


# No more than the legal maximum of a working week, on average over an action.
MAX_WEEKLY_HOURS = 48


class ImmutableError(Exception):
    pass


# --- funders and their nomenclatures (data) ---------------------------------------------------


class Nomenclature(models.Model):
    """A funder's nomenclature of exits (IAE sorties dynamiques, PLIE, FSE+…)."""

    code = models.CharField(max_length=30, primary_key=True)
    name = models.CharField(_("nom"), max_length=200)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("nomenclature de sorties")
        verbose_name_plural = _("nomenclatures de sorties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ExitMapping(models.Model):
    """One row of a nomenclature: the funder's category for one computed exit category."""

    nomenclature = models.ForeignKey(
        Nomenclature, on_delete=models.CASCADE, related_name="mappings"
    )
    category = models.CharField(max_length=30, choices=enums.ExitCategory.choices)
    code = models.CharField(_("code du financeur"), max_length=30, blank=True)
    label = models.CharField(_("catégorie du financeur"), max_length=200)
    is_positive = models.BooleanField(_("comptée comme sortie positive"), default=False)

    class Meta:
        verbose_name = _("correspondance de sortie")
        constraints = [
            models.UniqueConstraint(
                fields=["nomenclature", "category"], name="one_mapping_per_category"
            )
        ]

    def __str__(self):
        return f"{self.nomenclature_id} — {self.category} → {self.label}"


class FunderQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = active_membership(user)
        if membership is None:
            return self.none()
        return self.filter(structure_id=membership.structure_id)


class Funder(TimeStampedModel):
    """Who finances the structure's pathways (Département, État IAE, PLIE, FSE+…)."""

    structure = models.ForeignKey(
        "accounts.Structure", on_delete=models.CASCADE, related_name="funders"
    )
    name = models.CharField(_("financeur"), max_length=200)
    nomenclature = models.ForeignKey(
        Nomenclature,
        verbose_name=_("nomenclature de sorties"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funders",
    )
    is_active = models.BooleanField(_("actif"), default=True)

    objects = FunderQuerySet.as_manager()

    class Meta:
        verbose_name = _("financeur")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "name"], name="unique_funder_name")
        ]

    def __str__(self):
        return self.name


# --- the pathway ------------------------------------------------------------------------------


class PathwayQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Pathways of the user's structure, for the files the user may open. A pathway is
        the structure's own work: partners do not see it."""
        membership = active_membership(user)
        if membership is None or not membership.can(Perm.PERSON_VIEW):
            return self.none()
        # A partner reads a pathway only where the person agreed to share that section of
        # the file with its structure (a reorientation, say); it never changes it.
        shared = Consent.objects.active().filter(
            person_id=OuterRef("person_id"),
            structure_id=OuterRef("structure_id"),
            purpose=ConsentPurpose.SHARE_WITH_PARTNER,
            partner_id=membership.structure_id,
            sections__icontains=f'"{Section.PATHWAY.value}"',
        )
        return self.filter(
            Q(structure_id=membership.structure_id) | Q(Exists(shared)),
            person__in=Person.objects.visible_to(user),
        )

    def open(self):
        return self.exclude(status=enums.PathwayStatus.CLOSED)

    def of_structure(self, structure_id):
        return self.filter(structure_id=structure_id)


class Pathway(VersionedModel, TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pathways")
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    framework = models.CharField(
        _("cadre contractuel"), max_length=30, choices=enums.Framework.choices
    )
    started_on = models.DateField(_("début du parcours"))
    planned_end_on = models.DateField(_("fin prévue"))
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("référent·e du parcours"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    funders = models.ManyToManyField(
        Funder, verbose_name=_("financeurs"), blank=True, related_name="pathways"
    )
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=enums.PathwayStatus.choices,
        default=enums.PathwayStatus.IN_PROGRESS,
    )
    weekly_hours_target = models.DecimalField(
        _("objectif d'heures d'activité par semaine, adapté"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(35))],
        help_text=_("Laissez vide pour appliquer la règle du cadre contractuel."),
    )
    target_reason = models.CharField(
        _("motif de l'adaptation"), max_length=20, choices=enums.TargetReason.choices, blank=True
    )
    target_reason_detail = models.CharField(_("précision"), max_length=300, blank=True)
    # A framework with a legal length may be extended beyond it exceptionally (CEJ: up to
    # 18 months), the counselor saying why (enums.DURATION_RULES).
    extension_reason = models.CharField(
        _("motif de la prolongation exceptionnelle"),
        max_length=300,
        blank=True,
        help_text=_(
            "Seulement au-delà de la durée prévue par le cadre (CEJ : 12 mois, prolongeable "
            "à titre exceptionnel jusqu'à 18 mois)."
        ),
    )
    closed_on = models.DateField(_("clos le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = PathwayQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("parcours")
        verbose_name_plural = _("parcours")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__gt=models.F("started_on")),
                name="pathway_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours_target__isnull=True) | ~Q(target_reason=""),
                name="pathway_target_has_reason",
            ),
            models.UniqueConstraint(
                fields=["person", "structure"],
                condition=~Q(status="closed"),
                name="one_open_pathway_per_structure",
                violation_error_message=(
                    "Un parcours est déjà en cours pour cette personne dans la structure : "
                    "enregistrez d'abord sa sortie ou réorientez-le."
                ),
            ),
        ]
        indexes = [models.Index(fields=["structure", "status"], name="pathway_structure_idx")]

    def __str__(self):
        return f"{self.get_framework_display()} — depuis le {self.started_on:%d/%m/%Y}"

    def clean(self):
        errors = {}
        if self.started_on and self.started_on < EARLIEST:
            errors["started_on"] = (
                f"Vérifiez l'année : un parcours ne commence pas avant le {EARLIEST:%d/%m/%Y}."
            )
        elif self.started_on and self.started_on > timezone.localdate() + timedelta(days=366):
            errors["started_on"] = (
                "Un parcours s'ouvre au plus un an à l'avance : vérifiez la date de début."
            )
        elif self.started_on and self.person_id and self.person.birth_date:
            if self.started_on < self.person.birth_date:
                errors["started_on"] = "Le parcours ne peut pas commencer avant la naissance."
        if self.started_on and self.planned_end_on and self.planned_end_on <= self.started_on:
            errors["planned_end_on"] = "La fin prévue doit être après le début du parcours."
        elif self.started_on and self.planned_end_on:
            if self.planned_end_on > self.started_on + LONGEST:
                errors["planned_end_on"] = (
                    "Plus de cinq ans de parcours : vérifiez la date de fin prévue (elle se "
                    "prolonge au besoin, avec un avenant)."
                )
        if self.started_on and self.planned_end_on and "planned_end_on" not in errors:
            error = self.duration_error()
            if error:
                errors[error[0]] = error[1]
        if self.weekly_hours_target is not None and not self.target_reason:
            errors["target_reason"] = (
                "Indiquez pourquoi l'objectif d'heures est adapté pour cette personne."
            )
        if self.target_reason == enums.TargetReason.OTHER and not self.target_reason_detail:
            errors["target_reason_detail"] = "Précisez le motif."
        if errors:
            raise ValidationError(errors)

    def duration_error(self) -> tuple[str, str] | None:
        """(field, message) when the planned end goes beyond what the framework allows
        (enums.DURATION_RULES): the usual length, or with a stated reason the exceptional
        one."""
        rule = enums.duration_rule(self.framework)
        if rule.months is None:
            return None
        name = rule.name[:1].upper() + rule.name[1:]
        # Bounded at the same date N months later, as the pathways and contracts already
        # recorded (and signed) were.
        usual = add_months(self.started_on, rule.months)
        if self.planned_end_on <= usual:
            return None
        if rule.exceptional_months is None:
            return (
                "planned_end_on",
                f"{name} dure {rule.months} mois au plus ({rule.source}) : "
                f"la fin prévue ne peut pas dépasser le {usual:%d/%m/%Y}.",
            )
        longest = add_months(self.started_on, rule.exceptional_months)
        if self.planned_end_on > longest:
            return (
                "planned_end_on",
                f"{name} dure {rule.months} mois, prolongeable à titre "
                f"exceptionnel jusqu'à {rule.exceptional_months} mois au total "
                f"({rule.source}) : la fin prévue ne peut pas dépasser le {longest:%d/%m/%Y}.",
            )
        if not self.extension_reason.strip():
            return (
                "extension_reason",
                f"{name} dure {rule.months} mois au plus ({rule.source}), "
                f"soit jusqu'au {usual:%d/%m/%Y} : au-delà, la prolongation est exceptionnelle "
                f"(jusqu'à {rule.exceptional_months} mois) et son motif doit être indiqué.",
            )
        return None

    @property
    def target_reason_text(self) -> str:
        """Why the target is adapted, as a sentence goes on (« Autre motif »: its precision)."""
        from tremplin.pathways.documents import target_reason_text

        return target_reason_text(self)

    @property
    def hours_rule(self) -> enums.HoursRule:
        return enums.hours_rule(self.framework)

    @property
    def weekly_target(self) -> Decimal | None:
        """The hours expected each week: the adapted target, else the framework's minimum."""
        if self.weekly_hours_target is not None:
            return self.weekly_hours_target
        return self.hours_rule.minimum

    @property
    def is_closed(self) -> bool:
        return self.status == enums.PathwayStatus.CLOSED

    @property
    def is_suspended(self) -> bool:
        return self.status == enums.PathwayStatus.SUSPENDED

    @property
    def current_suspension(self):
        """The suspension in progress of a suspended pathway, else None."""
        if not self.is_suspended:
            return None
        return self.suspensions.filter(resumed_on__isnull=True).first()

    @property
    def status_text(self) -> str:
        """« En cours », « Clos », « Suspendu depuis le 02/03/2026 (raison de santé,
        maternité) »."""
        suspension = self.current_suspension
        if suspension is None:
            return self.get_status_display()
        return (
            f"{self.get_status_display()} depuis le {suspension.started_on:%d/%m/%Y} "
            f"({suspension.reason_text})"
        )


class Commitment(models.Model):
    """One reciprocal commitment of the contract: the structure's or the person's."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="commitments")
    party = models.CharField(
        _("qui s'engage"), max_length=10, choices=enums.CommitmentParty.choices
    )
    text = models.CharField(_("engagement"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("engagement")
        ordering = ["party", "pk"]

    def __str__(self):
        return self.text


class Objective(VersionedModel, TimeStampedModel):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="objectives")
    thematique = models.ForeignKey(
        "referentials.Thematique",
        verbose_name=_("thématique"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("objectif, dans les mots de la personne"), max_length=300)
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=enums.ObjectiveStatus.choices,
        default=enums.ObjectiveStatus.IN_PROGRESS,
    )
    # The diagnosis need it answers: the domain of the diagnosis version that named it.
    need = models.ForeignKey(
        "diagnosis.DomainAssessment",
        verbose_name=_("besoin du diagnostic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("objectif")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Action(VersionedModel, TimeStampedModel):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objectif"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("qui la mène"), max_length=10, choices=enums.ActionOwner.choices)
    partner_name = models.CharField(_("partenaire"), max_length=200, blank=True)
    starts_on = models.DateField(
        _("début"), null=True, blank=True, help_text=_("Pour une action sur plusieurs jours.")
    )
    due_on = models.DateField(_("échéance"))
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=enums.ActionStatus.choices,
        default=enums.ActionStatus.PLANNED,
    )
    hours = models.DecimalField(
        _("heures d'activité"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Comptées dans les heures d'activité de la semaine."),
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("action")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__lte=models.F("due_on")),
                name="action_starts_before_due",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def first_day(self):
        return self.starts_on or self.due_on

    @property
    def day_count(self) -> int:
        return (self.due_on - self.first_day).days + 1

    def clean(self):
        errors = {}
        pathway = self.pathway if self.pathway_id else None
        if pathway and self.due_on and self.due_on < pathway.started_on:
            errors["due_on"] = (
                f"L'échéance ne peut pas précéder le début du parcours "
                f"({pathway.started_on:%d/%m/%Y})."
            )
        if pathway and self.starts_on and self.starts_on < pathway.started_on:
            errors["starts_on"] = (
                f"L'action ne peut pas commencer avant le début du parcours "
                f"({pathway.started_on:%d/%m/%Y})."
            )
        if pathway and pathway.planned_end_on:
            latest = pathway.planned_end_on + timedelta(days=2 * 365)
            for name in ("starts_on", "due_on"):
                day = getattr(self, name)
                if day and day > latest and name not in errors:
                    errors[name] = (
                        "Plus de deux ans après la fin prévue du parcours : vérifiez l'année."
                    )
        if self.starts_on and self.due_on and self.starts_on > self.due_on:
            errors["starts_on"] = "Le début doit précéder l'échéance."
        elif self.hours is not None and self.due_on:
            days = (self.due_on - (self.starts_on or self.due_on)).days + 1
            if self.hours > 24 * days:
                errors["hours"] = (
                    f"{french_hours(self.hours)} sur {days} jour{'s' if days > 1 else ''} : "
                    "une journée ne compte pas plus de 24 heures."
                )
            elif days >= 7 and self.hours * 7 > MAX_WEEKLY_HOURS * days:
                # The legal maximum of a working week (Code du travail, L3121-20): an
                # activity plan above it on average is a typing error.
                errors["hours"] = (
                    f"{french_hours(self.hours)} sur {days} jours, soit plus de "
                    f"{MAX_WEEKLY_HOURS} heures par semaine en moyenne : vérifiez le nombre "
                    "d'heures (c'est le total de l'action, pas un horaire)."
                )
        if self.owner == enums.ActionOwner.PARTNER and not self.partner_name.strip():
            errors["partner_name"] = "Indiquez le partenaire qui mène l'action."
        if errors:
            raise ValidationError(errors)


def contract_drawing_path(instance, filename):
    return f"pathways/signatures/{uuid.uuid4().hex}.png"


class ContractSignature(models.Model):
    """What the person signed, when and how. Never changes: a new version of the contract
    is a new signature."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="signatures")
    number = models.PositiveIntegerField(_("version du contrat"))
    channel = models.CharField(
        _("signature"), max_length=10, choices=enums.SignatureChannel.choices
    )
    signed_at = models.DateTimeField(_("signé le"), default=timezone.now)
    signer_name = models.CharField(_("nom saisi par la personne"), max_length=300, blank=True)
    scan = models.ForeignKey(
        "people.Document",
        verbose_name=_("contrat signé (scan)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Signed on screen, the person may also draw their signature (tablet, phone, mouse).
    drawing = models.FileField(_("signature tracée"), upload_to=contract_drawing_path, blank=True)
    drawing_sha256 = models.CharField(max_length=64, blank=True)
    # The contract exactly as shown and signed: its blocks, and their SHA-256.
    snapshot = models.JSONField()
    content_sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("signature du contrat")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "number"], name="unique_contract_version"),
            models.CheckConstraint(
                condition=(Q(channel="screen") & ~Q(signer_name=""))
                | (Q(channel="paper") & Q(scan__isnull=False)),
                name="signature_says_how",
            ),
        ]

    def __str__(self):
        return (
            f"Contrat version {self.number} signé le {timezone.localtime(self.signed_at):%d/%m/%Y}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("a signature never changes; sign a new version")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("a signature is evidence and is never deleted")


class Suspension(models.Model):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="suspensions")
    started_on = models.DateField(_("suspendu le"))
    reason = models.CharField(_("motif"), max_length=20, choices=enums.SuspensionReason.choices)
    detail = models.CharField(_("précision"), max_length=300, blank=True)
    resumed_on = models.DateField(_("repris le"), null=True, blank=True)
    resumption_note = models.CharField(_("à la reprise"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("suspension")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resumed_on__isnull=True) | Q(resumed_on__gte=models.F("started_on")),
                name="suspension_resumes_after_start",
            )
        ]

    def __str__(self):
        return f"Suspension du {self.started_on:%d/%m/%Y}"

    @property
    def reason_text(self) -> str:
        """« raison familiale (précision) »; « Autre motif »: its precision alone."""
        detail = self.detail.strip()
        if self.reason == enums.SuspensionReason.OTHER and detail:
            return detail
        return self.get_reason_display().lower() + (f", {detail}" if detail else "")

    def covers(self, day) -> bool:
        return self.started_on <= day and (self.resumed_on is None or day < self.resumed_on)


class Interview(TimeStampedModel):
    """A follow-up interview, with its structured note."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="interviews")
    held_on = models.DateField(_("date de l'entretien"))
    facts = models.TextField(_("faits"), blank=True)
    person_words = models.TextField(_("les mots de la personne"), blank=True)
    decisions = models.TextField(_("décisions"), blank=True)
    next_steps = models.TextField(_("prochaines étapes"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Written from an agenda appointment: one compte rendu per appointment and pathway.
    appointment = models.ForeignKey(
        "agenda.Appointment",
        verbose_name=_("rendez-vous"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
    )

    class Meta:
        verbose_name = _("entretien de suivi")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "pathway"],
                name="one_interview_per_appointment",
                violation_error_message=(
                    "Le compte rendu de ce rendez-vous est déjà rédigé dans ce parcours."
                ),
            )
        ]

    def __str__(self):
        return f"Entretien du {self.held_on:%d/%m/%Y}"


class Review(TimeStampedModel):
    """An intermediate or final review (bilan), which re-reads the diagnosis, objectives
    and actions."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("bilan"), max_length=20, choices=enums.ReviewKind.choices)
    held_on = models.DateField(_("date du bilan"))
    diagnosis_version = models.ForeignKey(
        "diagnosis.DiagnosisVersion",
        verbose_name=_("diagnostic relu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    progress = models.TextField(_("ce qui a avancé"), blank=True)
    difficulties = models.TextField(_("les difficultés"), blank=True)
    person_opinion = models.TextField(_("l'avis de la personne"), blank=True)
    next_steps = models.TextField(_("la suite"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("bilan")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.held_on:%d/%m/%Y}"


class Exit(TimeStampedModel):
    """The exit: the facts as recorded, and the category computed from them."""

    pathway = models.OneToOneField(Pathway, on_delete=models.CASCADE, related_name="exit")
    exit_on = models.DateField(_("date de sortie"))
    situation = models.CharField(
        _("situation à la sortie"), max_length=30, choices=enums.ExitSituation.choices
    )
    employer = models.CharField(_("employeur ou entreprise"), max_length=200, blank=True)
    contract_start = models.DateField(
        _("début du contrat ou de la formation"), null=True, blank=True
    )
    contract_end = models.DateField(_("fin du contrat ou de la mission"), null=True, blank=True)
    weekly_hours = models.DecimalField(
        _("heures par semaine"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    training_title = models.CharField(_("intitulé de la formation"), max_length=200, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    category = models.CharField(
        _("catégorie de sortie"), max_length=30, choices=enums.ExitCategory.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sortie")

    def __str__(self):
        return f"Sortie du {self.exit_on:%d/%m/%Y} — {self.get_category_display()}"

    @property
    def facts(self):
        from tremplin.pathways.exits import ExitFacts

        return ExitFacts(
            situation=self.situation,
            exit_on=self.exit_on,
            contract_start=self.contract_start,
            contract_end=self.contract_end,
            employer=self.employer,
            weekly_hours=self.weekly_hours,
            training_title=self.training_title,
        )

    def funder_categories(self) -> list[tuple[Funder, ExitMapping | None]]:
        """Each funder of the pathway, with the category of its nomenclature."""
        funders = list(self.pathway.funders.all())
        codes = {f.nomenclature_id for f in funders if f.nomenclature_id}
        mappings = {
            m.nomenclature_id: m
            for m in ExitMapping.objects.filter(nomenclature__in=codes, category=self.category)
        }
        return [(f, mappings.get(f.nomenclature_id)) for f in funders]


class Reorientation(models.Model):
    """Why and where a pathway was left for another accompaniment.

    Towards another framework in the structure: the pathway closes and a new one opens,
    taking over the objectives chosen and the actions the counselor carries over. Towards
    another structure: the referral carries the person's consent to share the chosen
    sections of the file, and the pathway closes. Either way, each action still to do is
    decided: carried over (to another framework only), done or cancelled.
    """

    pathway = models.OneToOneField(Pathway, on_delete=models.CASCADE, related_name="reorientation")
    kind = models.CharField(
        _("réorientation"), max_length=20, choices=enums.ReorientationKind.choices
    )
    decided_on = models.DateField(_("décidée le"))
    reason = models.TextField(_("motif"))
    new_framework = models.CharField(
        _("nouveau cadre"), max_length=30, choices=enums.Framework.choices, blank=True
    )
    new_pathway = models.OneToOneField(
        Pathway,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reoriented_from",
    )
    referral = models.ForeignKey(
        "network.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objectives_carried = models.PositiveSmallIntegerField(_("objectifs repris"), default=0)
    actions_carried = models.PositiveSmallIntegerField(_("actions reprises"), default=0)
    follow_ended = models.BooleanField(_("suivi de la structure clos"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("réorientation")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="framework", new_pathway__isnull=False)
                | Q(kind="structure", referral__isnull=False),
                name="reorientation_has_destination",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.decided_on:%d/%m/%Y}"


# --- the PASS IAE (agrément IAE) --------------------------------------------------------------

# The PASS IAE runs for 24 months and, prolonged, never beyond 60 months from its start
# (enums.DURATION_RULES[Framework.IAE]).
IAE_APPROVAL_MONTHS = 24
IAE_APPROVAL_LONGEST_MONTHS = 60
# « Expire bientôt »: three months ahead, the time to ask for a prolongation or to prepare
# the exit.
IAE_EXPIRING_MONTHS = 3
# A suspension of the PASS IAE lasts 36 months at most (rule of the plateforme de l'inclusion).
IAE_SUSPENSION_LONGEST_MONTHS = 36
PASS_NUMBER_LENGTH = 12


def normalize_pass_number(value: str) -> str:
    """The PASS IAE number without its spaces, or a French ValidationError: 12 digits."""
    number = "".join((value or "").split())
    if len(number) != PASS_NUMBER_LENGTH or not number.isascii() or not number.isdigit():
        raise ValidationError(
            "Le numéro de PASS IAE compte 12 chiffres, sans lettre (les espaces sont "
            "acceptés) : vérifiez-le sur l'attestation."
        )
    return number


def default_iae_ends_on(starts_on):
    """24 months less a day: a PASS starting on 5 January 2026 ends on 4 January 2028."""
    return add_months(starts_on, IAE_APPROVAL_MONTHS) - timedelta(days=1)


def longest_iae_ends_on(starts_on):
    return add_months(starts_on, IAE_APPROVAL_LONGEST_MONTHS) - timedelta(days=1)


class IaeApprovalQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(pathway__in=Pathway.objects.visible_to(user))


class IaeApproval(TimeStampedModel):
    """The person's PASS IAE (agrément IAE), as recorded on the IAE pathway: one current PASS
    per pathway; recording it again corrects it (the history keeps what it said)."""

    pathway = models.OneToOneField(Pathway, on_delete=models.CASCADE, related_name="iae_approval")
    number = models.CharField(_("numéro de PASS IAE"), max_length=PASS_NUMBER_LENGTH)
    starts_on = models.DateField(_("début du PASS IAE"))
    ends_on = models.DateField(_("fin du PASS IAE"))
    delivered_by = models.CharField(_("délivré par"), max_length=200)
    delivered_on = models.DateField(_("délivré le"))
    scan = models.ForeignKey(
        "people.Document",
        verbose_name=_("PASS IAE (scan)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = IaeApprovalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PASS IAE")
        verbose_name_plural = _("PASS IAE")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="iae_approval_ends_after_start"
            )
        ]

    def __str__(self):
        return f"PASS IAE du {self.starts_on:%d/%m/%Y} au {self.ends_on:%d/%m/%Y}"

    def clean(self):
        errors = {}
        try:
            self.number = normalize_pass_number(self.number)
        except ValidationError as error:
            errors["number"] = error.messages
        for name in ("starts_on", "delivered_on"):
            day = getattr(self, name)
            if day and day < EARLIEST:
                errors[name] = f"Vérifiez l'année : pas avant le {EARLIEST:%d/%m/%Y}."
        if self.delivered_on and self.delivered_on > timezone.localdate():
            errors["delivered_on"] = "La date de délivrance est dans le futur : vérifiez-la."
        if self.starts_on and self.ends_on and "starts_on" not in errors:
            longest = longest_iae_ends_on(self.starts_on)
            if self.ends_on <= self.starts_on:
                errors["ends_on"] = "La fin du PASS IAE doit être après son début."
            elif self.ends_on > longest:
                errors["ends_on"] = (
                    f"Un PASS IAE dure {IAE_APPROVAL_MONTHS} mois ; avec ses prolongations, "
                    f"{IAE_APPROVAL_LONGEST_MONTHS} mois au plus : la fin ne peut pas dépasser "
                    f"le {longest:%d/%m/%Y}."
                )
        if self.pathway_id and self.pathway.framework != enums.Framework.IAE:
            errors[NON_FIELD_ERRORS] = "Le PASS IAE s'enregistre sur un parcours IAE."
        if errors:
            raise ValidationError(errors)

    @property
    def number_display(self) -> str:
        """« 99999 26 12345 », as printed on the attestation."""
        n = self.number
        return f"{n[:5]} {n[5:7]} {n[7:]}" if len(n) == PASS_NUMBER_LENGTH else n

    # Read through .all() so that a prefetch serves the lists; a withdrawn entry (recorded by
    # mistake) no longer counts but stays on record.
    @property
    def current_suspensions(self) -> list:
        return [s for s in self.suspensions.all() if s.withdrawn_at is None]

    @property
    def current_prolongations(self) -> list:
        return [p for p in self.prolongations.all() if p.withdrawn_at is None]

    @property
    def withdrawn_entries(self) -> list:
        """The suspensions and prolongations withdrawn, the latest withdrawal first."""
        entries = [
            e for e in [*self.suspensions.all(), *self.prolongations.all()] if e.withdrawn_at
        ]
        return sorted(entries, key=lambda e: e.withdrawn_at, reverse=True)

    @property
    def longer_than_initial(self) -> bool:
        """Its end goes beyond the first 24 months with no prolongation recorded here: true of
        a PASS prolonged elsewhere, or a typing error — the page asks to check."""
        return self.ends_on > default_iae_ends_on(self.starts_on) and not self.current_prolongations

    @property
    def suspended_days(self) -> int:
        return sum(s.day_count for s in self.current_suspensions)

    @property
    def effective_ends_on(self):
        """The end pushed back by the days the PASS was suspended (règles de la plateforme de
        l'inclusion: a suspension postpones the end of the PASS by its length)."""
        return self.ends_on + timedelta(days=self.suspended_days)

    def suspension_on(self, day):
        return next((s for s in self.current_suspensions if s.starts_on <= day <= s.ends_on), None)

    def days_remaining(self, today) -> int:
        """Days left, today and the last day included (0 once expired)."""
        return max((self.effective_ends_on - today).days + 1, 0)

    def state(self, today) -> str:
        end = self.effective_ends_on
        if today > end:
            return enums.IaeApprovalState.EXPIRED
        if self.suspension_on(today):
            return enums.IaeApprovalState.SUSPENDED
        if end <= add_months(today, IAE_EXPIRING_MONTHS):
            return enums.IaeApprovalState.EXPIRING
        return enums.IaeApprovalState.VALID


# An entry recorded by mistake is withdrawn, not deleted: who withdrew it, when and why are
# kept together, all three or none.
WITHDRAWAL_WHOLE = Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True, withdrawal_reason="") | (
    Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False) & ~Q(withdrawal_reason="")
)


class WithdrawableEntry(models.Model):
    """An entry of the PASS IAE that can be withdrawn (WITHDRAWAL_WHOLE)."""

    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retirée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_reason = models.CharField(_("motif du retrait"), max_length=300, blank=True)

    class Meta:
        abstract = True

    # reason -> the section of the file that motif belongs to (health, justice).
    SENSITIVE_REASONS: dict[str, str] = {}

    def reason_reserved_for(self, access) -> bool:
        """A health or justice motif is for those who see that section of the file
        (`access`: people.access.FileAccess)."""
        section = self.SENSITIVE_REASONS.get(self.reason)
        return section is not None and not access.can_see(section)

    def reason_for(self, access) -> tuple[str, str]:
        """(motif, précision) as `access` may read them."""
        if self.reason_reserved_for(access):
            label = {"health": "Santé", "justice": "Justice"}[self.SENSITIVE_REASONS[self.reason]]
            return f"motif réservé (partie « {label} » du dossier)", ""
        return self.get_reason_display(), self.detail

    def mark_withdrawn(self, *, by, reason: str) -> None:
        self.withdrawn_at = timezone.now()
        self.withdrawn_by = by
        self.withdrawal_reason = reason
        self.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])


class IaeSuspension(WithdrawableEntry):
    """A period during which the PASS IAE is suspended, first and last day included."""

    SENSITIVE_REASONS = enums.SENSITIVE_SUSPENSION_REASONS

    approval = models.ForeignKey(IaeApproval, on_delete=models.CASCADE, related_name="suspensions")
    starts_on = models.DateField(_("suspendu du"))
    ends_on = models.DateField(_("au"))
    reason = models.CharField(_("motif"), max_length=20, choices=enums.IaeSuspensionReason.choices)
    detail = models.CharField(_("précision"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suspension du PASS IAE")
        verbose_name_plural = _("suspensions du PASS IAE")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="iae_suspension_ends_after_start",
            ),
            models.CheckConstraint(
                condition=WITHDRAWAL_WHOLE, name="iae_suspension_withdrawal_whole"
            ),
        ]

    def __str__(self):
        return f"Suspension du {self.starts_on:%d/%m/%Y} au {self.ends_on:%d/%m/%Y}"

    @property
    def day_count(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class IaeProlongation(WithdrawableEntry):
    """A prolongation of the PASS IAE: its new end, why, and when it was asked."""

    SENSITIVE_REASONS = enums.SENSITIVE_PROLONGATION_REASONS

    approval = models.ForeignKey(
        IaeApproval, on_delete=models.CASCADE, related_name="prolongations"
    )
    previous_ends_on = models.DateField(_("fin avant la prolongation"))
    ends_on = models.DateField(_("nouvelle fin"))
    reason = models.CharField(
        _("motif"), max_length=20, choices=enums.IaeProlongationReason.choices
    )
    detail = models.CharField(_("précision"), max_length=300, blank=True)
    requested_on = models.DateField(_("demandée le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prolongation du PASS IAE")
        verbose_name_plural = _("prolongations du PASS IAE")
        ordering = ["ends_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("previous_ends_on")),
                name="iae_prolongation_moves_end_later",
            ),
            models.CheckConstraint(
                condition=WITHDRAWAL_WHOLE, name="iae_prolongation_withdrawal_whole"
            ),
        ]

    def __str__(self):
        return f"Prolongation jusqu'au {self.ends_on:%d/%m/%Y}"
