"""The professional project (projet professionnel, REAC CP7) and its realisation (CP8).

For a person followed by a structure: the target jobs (ROME appellations) with their skills,
constraints and the history of decisions; the inventory that feeds the CV (experiences,
education, skills); the reality checks (enquêtes métier); the trainings and the job
applications. Everything belongs to one person *and* one structure: it is the structure's
work with the person, read through `visible_to(user)` and the `projects.access` helpers.

A matching engine reads, per person: `TargetJob.objects.for_matching()` (appellation, fiche,
skills held and to acquire, wished contract types, weekly hours, availability date) and, on
`Person`, `mobility_radius_km`, `mobility_means`, `driving_licences` — not duplicated here.
The health restrictions of a target job are in `TargetJobHealth` (Section.HEALTH).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import Perm, active_membership
from tremplin.people.enums import EducationLevel
from tremplin.people.models import Person
from tremplin.projects import enums


def _visible(queryset, user, *, person_field="person", structure_field="structure"):
    """Rows of the user's structure about the files the user may open. The project is the
    structure's own work with the person: it is not shared with partners."""
    membership = active_membership(user)
    if membership is None or not membership.can(Perm.PERSON_VIEW):
        return queryset.none()
    return queryset.filter(
        **{
            f"{structure_field}_id": membership.structure_id,
            f"{person_field}__in": Person.objects.visible_to(user),
        }
    )


class OwnedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _visible(self, user)


class Owned(TimeStampedModel):
    """A part of the project: one person, in one structure."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    structure = models.ForeignKey("accounts.Structure", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


def _check_dates(first, last, *, first_field, last_field, message):
    if first and last and last < first:
        raise ValidationError({last_field: message})


# --- target jobs ------------------------------------------------------------------------------


class TargetJobQuerySet(OwnedQuerySet):
    def active(self):
        return self.filter(decision__in=enums.ACTIVE_DECISIONS)

    def for_matching(self):
        """What a matching engine reads: confirmed and explored jobs, with their ROME."""
        return (
            self.active()
            .select_related("appellation__fiche", "person")
            .prefetch_related("skills_held", "skills_to_acquire")
        )


class TargetJob(VersionedModel, Owned):
    """A job the person considers (métier visé), from the ROME appellations."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="target_jobs")
    appellation = models.ForeignKey(
        "referentials.RomeAppellation",
        verbose_name=_("métier visé"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    why = models.TextField(
        _("pourquoi ce métier"),
        blank=True,
        help_text=_("Avec les mots de la personne : ce qui l'attire, ce qu'elle en sait."),
    )
    skills_held = models.ManyToManyField(
        "referentials.RomeSkill",
        verbose_name=_("compétences acquises"),
        blank=True,
        related_name="+",
    )
    skills_to_acquire = models.ManyToManyField(
        "referentials.RomeSkill",
        verbose_name=_("compétences à acquérir"),
        blank=True,
        related_name="+",
    )
    contract_types = models.JSONField(_("contrats souhaités"), default=list, blank=True)
    weekly_hours = models.PositiveSmallIntegerField(
        _("heures par semaine souhaitées"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(48)],
    )
    available_on = models.DateField(_("disponible à partir du"), null=True, blank=True)
    hours_constraints = models.CharField(
        _("contraintes d'horaires"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : pas de travail de nuit, garde d'enfants le mercredi."),
    )
    mobility_constraints = models.CharField(
        _("contraintes de mobilité"),
        max_length=300,
        blank=True,
        help_text=_(
            "Le rayon, les moyens de déplacement et les permis sont ceux du dossier ; "
            "précisez ici ce qui tient à ce métier."
        ),
    )
    decision = models.CharField(
        _("décision"), max_length=10, choices=enums.Decision.choices, default=enums.Decision.EXPLORE
    )
    decided_on = models.DateField(_("décidé le"))
    # The occupation of the BMO survey (a FAP family) the counselor confirmed for this job:
    # the words of the labels propose it (territory.matching), the counselor decides.
    bmo_occupation_code = models.CharField(
        _("métier de l'enquête BMO"), max_length=6, blank=True, default=""
    )

    objects = TargetJobQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("métier visé")
        verbose_name_plural = _("métiers visés")
        ordering = ["decision", "-decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "structure", "appellation"], name="one_target_per_appellation"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=enums.Decision.values), name="target_decision_known"
            ),
        ]

    def __str__(self):
        return str(self.appellation)

    def clean(self):
        unknown = set(self.contract_types or []) - set(enums.ContractType.values)
        if unknown:
            raise ValidationError({"contract_types": "Type de contrat inconnu."})

    @property
    def contract_type_labels(self) -> list[str]:
        labels = dict(enums.ContractType.choices)
        return [str(labels[c]) for c in self.contract_types if c in labels]


class TargetJobDecision(models.Model):
    """One decision on a target job, kept for ever: the project's history."""

    target_job = models.ForeignKey(TargetJob, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("décision"), max_length=10, choices=enums.Decision.choices)
    decided_on = models.DateField(_("date de la décision"))
    note = models.TextField(_("motif"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("décision sur un métier visé")
        ordering = ["-decided_on", "-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=enums.Decision.values), name="decision_known"
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} le {self.decided_on:%d/%m/%Y}"


class TargetJobHealth(TimeStampedModel):
    """Health restrictions for one target job. Section.HEALTH: only those who may read the
    health part of the file load this row (never through the target job's own pages)."""

    target_job = models.OneToOneField(TargetJob, on_delete=models.CASCADE, related_name="health")
    restrictions = models.TextField(
        _("restrictions de santé pour ce métier"),
        blank=True,
        help_text=_(
            "Seulement ce qui est utile au projet (port de charges, station debout…), "
            "avec l'accord de la personne."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("restrictions de santé d'un métier visé")

    def __str__(self):
        return f"Santé — {self.target_job}"


class RealityCheckQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(target_job__in=TargetJob.objects.visible_to(user))


class RealityCheck(TimeStampedModel):
    """An enquête métier: the person meets someone who does the job."""

    target_job = models.ForeignKey(
        TargetJob, on_delete=models.CASCADE, related_name="reality_checks"
    )
    met_on = models.DateField(_("date de la rencontre"))
    met_name = models.CharField(_("personne rencontrée"), max_length=200)
    met_role = models.CharField(_("sa fonction"), max_length=200, blank=True)
    company = models.CharField(_("entreprise ou structure"), max_length=200, blank=True)
    learnt = models.TextField(_("ce que la personne a appris"))
    conclusion = models.CharField(
        _("conclusion pour le projet"), max_length=10, choices=enums.CheckConclusion.choices
    )
    conclusion_note = models.TextField(_("précisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = RealityCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("enquête métier")
        verbose_name_plural = _("enquêtes métier")
        ordering = ["-met_on", "-pk"]

    def __str__(self):
        return f"Enquête métier du {self.met_on:%d/%m/%Y}"

    def clean(self):
        if self.met_on and self.met_on > timezone.localdate():
            raise ValidationError(
                {"met_on": "La rencontre ne peut pas être datée dans le futur : notez-la après."}
            )


# --- the inventory (feeds the CV) -------------------------------------------------------------


class Experience(Owned):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="experiences")
    kind = models.CharField(
        _("type d'expérience"),
        max_length=15,
        choices=enums.ExperienceKind.choices,
        default=enums.ExperienceKind.JOB,
    )
    job_title = models.CharField(_("poste occupé"), max_length=200)
    appellation = models.ForeignKey(
        "referentials.RomeAppellation",
        verbose_name=_("métier ROME correspondant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    employer = models.CharField(_("employeur"), max_length=200, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    started_on = models.DateField(_("début"))
    ended_on = models.DateField(
        _("fin"), null=True, blank=True, help_text=_("Laissez vide si l'expérience continue.")
    )
    tasks = models.TextField(_("missions et tâches"), blank=True)

    class Meta:
        verbose_name = _("expérience")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="experience_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.job_title

    def clean(self):
        _check_dates(
            self.started_on,
            self.ended_on,
            first_field="started_on",
            last_field="ended_on",
            message="La fin de l'expérience ne peut pas précéder son début.",
        )
        if self.started_on and self.started_on > timezone.localdate():
            raise ValidationError(
                {"started_on": "Une expérience commence au plus tard aujourd'hui."}
            )


class Education(Owned):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="educations")
    title = models.CharField(_("diplôme, titre ou formation"), max_length=200)
    level = models.CharField(_("niveau"), max_length=8, choices=EducationLevel.choices, blank=True)
    school = models.CharField(_("établissement"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    is_obtained = models.BooleanField(_("diplôme obtenu"), default=True)

    class Meta:
        verbose_name = _("diplôme ou formation suivie")
        verbose_name_plural = _("diplômes et formations suivies")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.title


class PersonSkill(Owned):
    """A skill or quality of the person: a ROME skill or their own words."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    kind = models.CharField(
        _("nature"), max_length=10, choices=enums.SkillKind.choices, default=enums.SkillKind.SKILL
    )
    rome_skill = models.ForeignKey(
        "referentials.RomeSkill",
        verbose_name=_("compétence du ROME"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField(_("en quelques mots"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("compétence ou qualité")
        verbose_name_plural = _("compétences et qualités")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rome_skill__isnull=False) | ~Q(label=""), name="skill_has_a_label"
            ),
        ]

    def __str__(self):
        return self.label or str(self.rome_skill)

    @property
    def text(self) -> str:
        return self.label or (self.rome_skill.label if self.rome_skill_id else "")


# --- realising the project (CP8) --------------------------------------------------------------


class Training(VersionedModel, Owned):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings")
    target_job = models.ForeignKey(
        TargetJob,
        verbose_name=_("métier visé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
    )
    organisation = models.CharField(_("organisme de formation"), max_length=200)
    title = models.CharField(_("intitulé de la formation"), max_length=200)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    hours_per_day = models.DecimalField(
        _("heures par jour de formation"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.5), MaxValueValidator(10)],
        help_text=_(
            "Compte dans les heures d'activité de la semaine (du lundi au vendredi) "
            "quand la personne est en formation."
        ),
    )
    funding = models.CharField(
        _("financement"), max_length=10, choices=enums.Funding.choices, blank=True
    )
    status = models.CharField(
        _("état"),
        max_length=12,
        choices=enums.TrainingStatus.choices,
        default=enums.TrainingStatus.TO_EXPLORE,
    )
    steps = models.TextField(
        _("démarches de candidature"),
        blank=True,
        help_text=_("Dossier, tests, entretien de sélection, devis, accord du financeur…"),
    )

    objects = OwnedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("formation")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="training_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=enums.TrainingStatus.values), name="training_status_known"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        _check_dates(
            self.starts_on,
            self.ends_on,
            first_field="starts_on",
            last_field="ends_on",
            message="La fin de la formation ne peut pas précéder son début.",
        )
        if self.status in enums.COUNTED_TRAINING_STATUSES and not (self.starts_on and self.ends_on):
            raise ValidationError(
                {"starts_on": "Une formation en cours ou terminée a une date de début et de fin."}
            )
        if self.target_job_id and self.target_job.person_id != self.person_id:
            raise ValidationError({"target_job": "Ce métier visé n'est pas celui de la personne."})


class Application(VersionedModel, Owned):
    """A job application the person makes (candidature)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="applications")
    target_job = models.ForeignKey(
        TargetJob,
        verbose_name=_("métier visé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    offer_title = models.CharField(_("offre ou poste"), max_length=200)
    offer_text = models.TextField(
        _("texte de l'offre"), blank=True, help_text=_("Collez l'offre ou ses points clés.")
    )
    offer_url = models.URLField(_("adresse de l'offre"), max_length=500, blank=True)
    company = models.CharField(_("entreprise"), max_length=200)
    applied_on = models.DateField(_("date de la candidature"))
    channel = models.CharField(_("canal"), max_length=15, choices=enums.ApplicationChannel.choices)
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=enums.ApplicationStatus.choices,
        default=enums.ApplicationStatus.SENT,
    )
    next_step = models.CharField(_("prochaine étape"), max_length=300, blank=True)
    next_step_on = models.DateField(_("date de la prochaine étape"), null=True, blank=True)
    outcome = models.TextField(_("résultat"), blank=True)

    objects = OwnedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("candidature")
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_step_on__isnull=True)
                | Q(next_step_on__gte=models.F("applied_on")),
                name="application_next_step_after_sending",
            ),
            models.CheckConstraint(
                condition=Q(status__in=enums.ApplicationStatus.values),
                name="application_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.offer_title} — {self.company}"

    def clean(self):
        if self.applied_on and self.applied_on > timezone.localdate():
            raise ValidationError(
                {
                    "applied_on": "La date d'envoi ne peut pas être dans le futur : enregistrez "
                    "la candidature une fois envoyée."
                }
            )
        _check_dates(
            self.applied_on,
            self.next_step_on,
            first_field="applied_on",
            last_field="next_step_on",
            message="La prochaine étape ne peut pas précéder l'envoi de la candidature.",
        )
        if self.next_step_on and not self.next_step:
            raise ValidationError({"next_step": "Dites quelle est la prochaine étape."})
        if self.target_job_id and self.target_job.person_id != self.person_id:
            raise ValidationError({"target_job": "Ce métier visé n'est pas celui de la personne."})
