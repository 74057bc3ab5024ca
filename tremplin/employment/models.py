"""In-job follow-up (suivi dans l'emploi): once a person is hired, the integration plan
agreed with the employer and the tutor, the check-ins scheduled from the first day that
become the counselor's tasks, the mediation notes, the break-up risk flag, the integration
review (bilan d'intégration) and where the person stands six months later.

An employment belongs to one person and the structure that follows them in the job. It may
come from a proposal (mise en relation) marked as hired, or from a job the person found.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.accounts.models import StructureKind
from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import Perm, Section, active_membership, sections_for
from tremplin.employers.enums import ContractType
from tremplin.employment import enums, schedule
from tremplin.people.models import Person

# The structures whose insertion contract (CDDI) is a job in the structure itself.
SIAE_KINDS = frozenset(
    {
        StructureKind.SIAE_ACI,
        StructureKind.SIAE_AI,
        StructureKind.SIAE_EI,
        StructureKind.SIAE_ETTI,
        StructureKind.SIAE_EITI,
    }
)


class ScheduleSetting(models.Model):
    """A structure's usual check-in schedule (its own practice, or its funder's)."""

    structure = models.OneToOneField(
        "accounts.Structure", on_delete=models.CASCADE, related_name="employment_schedule"
    )
    steps = models.CharField(
        _("points de suivi après la prise de poste"), max_length=200, default=schedule.DEFAULT
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    def __str__(self):
        return self.steps


def schedule_for(structure_id) -> str:
    row = ScheduleSetting.objects.filter(structure_id=structure_id).first()
    return row.steps if row else schedule.DEFAULT


class EmploymentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Employments followed by the user's structure, for the files the user may open,
        when the user's role may read the employment section."""
        membership = active_membership(user)
        if membership is None or not membership.can(Perm.PERSON_VIEW):
            return self.none()
        if Section.EMPLOYMENT not in sections_for(membership.role):
            return self.none()
        return self.filter(
            structure_id=membership.structure_id,
            person__in=Person.objects.visible_to(user),
        )

    def active(self):
        return self.filter(status=enums.EmploymentStatus.ACTIVE)


class Employment(VersionedModel, TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professionnel·le qui assure le suivi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposal = models.OneToOneField(
        "matching.Proposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employment",
    )
    # The job. The employer's details are kept here even when the company is in the file.
    company = models.ForeignKey(
        "employers.Company",
        verbose_name=_("entreprise du fichier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employments",
    )
    employer_name = models.CharField(_("employeur"), max_length=200)
    job_title = models.CharField(_("intitulé du poste"), max_length=200)
    appellation = models.ForeignKey(
        "referentials.RomeAppellation",
        verbose_name=_("métier (appellation ROME)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contract_type = models.CharField(_("contrat"), max_length=20, choices=ContractType.choices)
    starts_on = models.DateField(_("prise de poste le"))
    contract_ends_on = models.DateField(_("fin prévue du contrat"), null=True, blank=True)
    trial_ends_on = models.DateField(_("fin de la période d'essai"), null=True, blank=True)
    weekly_hours = models.DecimalField(
        _("heures par semaine"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    # A CDDI shorter than four months or under 20 hours a week needs a derogation (code du
    # travail, art. L5132-15-1 for the ACI): its reason is kept with the job.
    derogation_reason = models.TextField(_("motif de la dérogation"), blank=True)
    tutor_name = models.CharField(
        _("tuteur ou tutrice dans l'entreprise"), max_length=150, blank=True
    )
    tutor_role = models.CharField(_("sa fonction"), max_length=150, blank=True)
    tutor_phone = models.CharField(_("son téléphone"), max_length=30, blank=True)
    tutor_email = models.EmailField(_("son e-mail"), blank=True)
    # The integration plan, agreed with the employer, the tutor and the person.
    plan_welcome = models.TextField(
        _("accueil et premiers jours"),
        blank=True,
        help_text=_("Qui accueille, présentation de l'équipe et des consignes, équipements."),
    )
    plan_training = models.TextField(
        _("adaptation au poste et formation"),
        blank=True,
        help_text=_("Ce que l'employeur prévoit pour que la personne maîtrise le poste."),
    )
    plan_support = models.TextField(
        _("accompagnement par la structure"),
        blank=True,
        help_text=_(
            "Le rythme des points de suivi, qui joindre, les démarches que la structure "
            "appuie. Ce plan est remis à l'employeur : rien sur la vie personnelle."
        ),
    )
    plan_vigilance = models.TextField(
        _("points de vigilance partagés"),
        blank=True,
        help_text=_("Ce que la personne, l'employeur et la structure surveilleront ensemble."),
    )
    plan_agreed_on = models.DateField(_("plan convenu le"), null=True, blank=True)
    plan_agreed_with = models.CharField(
        _("plan convenu avec"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : la personne, Mme Durand (tutrice), M. Petit (gérant)."),
    )
    schedule = models.CharField(_("points de suivi"), max_length=200)
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=enums.EmploymentStatus.choices,
        default=enums.EmploymentStatus.ACTIVE,
    )
    # Break-up risk (risque de rupture): raised by whoever sees it, alerts the référent.
    at_risk = models.BooleanField(_("risque de rupture"), default=False)
    risk_reason = models.TextField(_("ce qui fait craindre une rupture"), blank=True)
    risk_raised_at = models.DateTimeField(null=True, blank=True)
    risk_raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    risk_cleared_at = models.DateTimeField(null=True, blank=True)
    risk_cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    risk_cleared_note = models.TextField(_("ce qui a levé le risque"), blank=True)
    # End of the job, whenever it happens.
    ended_on = models.DateField(_("fin de l'emploi le"), null=True, blank=True)
    end_reason = models.CharField(
        _("motif de fin"), max_length=20, choices=enums.EndReason.choices, blank=True
    )
    end_note = models.TextField(_("précisions"), blank=True)
    # Six months after the first day.
    outcome = models.CharField(
        _("situation à 6 mois"), max_length=20, choices=enums.Outcome.choices, blank=True
    )
    outcome_note = models.TextField(_("précisions sur la situation à 6 mois"), blank=True)
    outcome_recorded_on = models.DateField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EmploymentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("emploi suivi")
        verbose_name_plural = _("emplois suivis")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["structure", "status"], name="employment_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_ends_on__isnull=True)
                | Q(contract_ends_on__gte=models.F("starts_on")),
                name="employment_contract_ends_after_start",
                violation_error_message=_("La fin du contrat ne peut précéder la prise de poste."),
            )
        ]

    def __str__(self):
        return f"{self.job_title} — {self.employer_name}"

    @property
    def is_own_insertion_contract(self) -> bool:
        """A CDDI recorded by an SIAE: the person works in the structure itself (the
        insertion contract is the IAE pathway, not a job found after it)."""
        return (
            self.contract_type == ContractType.SIAE
            and self.structure_id is not None
            and self.structure.kind in SIAE_KINDS
        )

    @property
    def six_months_on(self):
        return schedule.Step(180, 6, "months").due_on(self.starts_on)

    @property
    def outcome_due(self) -> bool:
        return not self.outcome and timezone.localdate() >= self.six_months_on

    @property
    def is_outcome_overdue(self) -> bool:
        """Six months have passed and the situation is still to be recorded."""
        return not self.outcome and timezone.localdate() > self.six_months_on


class CheckInQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(done_on__isnull=True, cancelled=False)


class CheckIn(TimeStampedModel):
    """A point de suivi: planned from the first day, done by the counselor it is assigned to."""

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="check_ins")
    step = models.CharField(_("échéance"), max_length=40)  # « 1 mois », as planned
    due_on = models.DateField(_("à faire le"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("à faire par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled = models.BooleanField(default=False)
    # What was done.
    done_on = models.DateField(_("fait le"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(
        _("comment"), max_length=20, choices=enums.Channel.choices, blank=True
    )
    with_person = models.BooleanField(_("avec la personne"), default=True)
    with_employer = models.BooleanField(_("avec le tuteur ou l'employeur"), default=False)
    integration = models.CharField(
        _("intégration dans l'équipe"), max_length=10, choices=enums.Assessment.choices, blank=True
    )
    tasks = models.CharField(
        _("maîtrise des tâches"), max_length=10, choices=enums.Assessment.choices, blank=True
    )
    person_view = models.TextField(_("ce qu'en dit la personne"), blank=True)
    employer_view = models.TextField(_("ce qu'en dit l'employeur ou le tuteur"), blank=True)
    next_steps = models.TextField(_("suites convenues"), blank=True)
    risk = models.CharField(
        _("risque de rupture"), max_length=10, choices=enums.Risk.choices, blank=True
    )

    objects = CheckInQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("point de suivi")
        verbose_name_plural = _("points de suivi")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["assignee", "done_on", "due_on"], name="checkin_todo_idx")]

    def __str__(self):
        return f"Point de suivi à {self.step}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and not self.cancelled and self.due_on < timezone.localdate()


def _nonce() -> str:
    return secrets.token_urlsafe(12)


class TutorFeedback(models.Model):
    """The tutor's view before a check-in, given through a signed link without an account.

    One request per check-in; asking again renews the link (the old one stops working). The
    tutor answers once."""

    check_in = models.OneToOneField(
        CheckIn, on_delete=models.CASCADE, related_name="tutor_feedback"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_to = models.EmailField()
    sent_at = models.DateTimeField()
    nonce = models.CharField(max_length=32, default=_nonce, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    by_name = models.CharField(_("votre nom"), max_length=150, blank=True)
    integration = models.CharField(
        _("intégration dans l'équipe"), max_length=10, choices=enums.Assessment.choices, blank=True
    )
    tasks = models.CharField(
        _("maîtrise des tâches"), max_length=10, choices=enums.Assessment.choices, blank=True
    )
    comment = models.TextField(_("votre appréciation"), blank=True)

    class Meta:
        verbose_name = _("avis du tuteur ou de la tutrice")

    def __str__(self):
        return f"Avis demandé le {timezone.localtime(self.sent_at):%d/%m/%Y}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class MediationNote(models.Model):
    """A mediation between the person and the employer: what happened, what was agreed."""

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="mediations")
    held_on = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(_("sujet"), max_length=20, choices=enums.MediationTopic.choices)
    parties = models.JSONField(_("avec"), default=list)  # MediationParty values
    facts = models.TextField(_("les faits, tels que chacun les rapporte"))
    agreed = models.TextField(_("ce qui a été convenu"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note de médiation")
        verbose_name_plural = _("notes de médiation")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Médiation du {self.held_on:%d/%m/%Y}"

    def get_parties_display(self) -> str:
        labels = dict(enums.MediationParty.choices)
        return ", ".join(str(labels[p]) for p in self.parties if p in labels)


class EmploymentContact(models.Model):
    """Who plays a part in the integration besides the tutor: their role, how to reach them."""

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("rôle"), max_length=30, choices=enums.ContactKind.choices)
    name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction, organisme"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.CharField(_("ce qu'on attend de son intervention"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interlocuteur ou interlocutrice")
        verbose_name_plural = _("interlocuteurs et interlocutrices")
        ordering = ["kind", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class IntegrationReview(VersionedModel, TimeStampedModel):
    """The bilan d'intégration, with the person and the employer."""

    employment = models.OneToOneField(
        Employment, on_delete=models.CASCADE, related_name="integration_review"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("bilan fait le"))
    with_person = models.BooleanField(_("avec la personne"), default=True)
    with_employer = models.BooleanField(_("avec le tuteur ou l'employeur"), default=True)
    skills_acquired = models.TextField(_("compétences acquises dans le poste"))
    employer_assessment = models.TextField(_("l'appréciation de l'employeur"), blank=True)
    person_assessment = models.TextField(_("l'avis de la personne"), blank=True)
    to_consolidate = models.TextField(_("ce qui reste à consolider"), blank=True)
    training_needs = models.TextField(_("besoins de formation"), blank=True)
    continuation = models.CharField(
        _("la suite"), max_length=30, choices=enums.ReviewContinuation.choices
    )

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("bilan d'intégration")
        verbose_name_plural = _("bilans d'intégration")

    def __str__(self):
        return f"Bilan d'intégration du {self.held_on:%d/%m/%Y}"
