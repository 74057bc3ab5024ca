"""Employer relations (REAC CP12–CP13): companies, their contacts and the timeline of
exchanges, prospection campaigns, recruitment needs analysed with the employer, and the
job offers drafted from them.

Every row belongs to one structure (a tenant): each structure keeps its own employer file,
even when two structures prospect the same company. These are structure data, not a
person's file: no access log, but the same `visible_to(user)` verbs as everywhere.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.accounts.models import Membership, User
from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import Perm, Role, membership_with, role_can
from tremplin.core.text import normalize
from tremplin.core.validators import clean_siret, validate_french_phone, validate_siret
from tremplin.employers import enums
from tremplin.referentials.models import NafCode, PostalAddress


class StructureQuerySet(models.QuerySet):
    """Rows that carry their structure: visible to the members who may see employers."""

    structure_path = "structure_id"

    def visible_to(self, user):
        membership = membership_with(user, Perm.EMPLOYERS_VIEW)
        if membership is None:
            return self.none()
        return self.filter(**{self.structure_path: membership.structure_id})


class CompanyPartQuerySet(StructureQuerySet):
    structure_path = "company__structure_id"


class CampaignPartQuerySet(StructureQuerySet):
    structure_path = "campaign__structure_id"


class CompanyQuerySet(StructureQuerySet):
    def search(self, text: str):
        words = normalize(text or "").split()
        qs = self
        for word in words:
            qs = qs.filter(search_key__contains=word)
        return qs

    def in_segment(self, campaign):
        """Companies of the campaign's target segment: any of its NAF codes (a code takes
        its sub-codes), communes or department, size brackets; an empty criterion is all."""
        qs = self
        naf = [n.code for n in campaign.target_naf.all()]
        if naf:
            condition = Q()
            for code in naf:
                condition |= Q(naf__code__startswith=code)
            qs = qs.filter(condition)
        communes = [c.code for c in campaign.target_communes.all()]
        place = Q()
        if communes:
            place |= Q(commune_id__in=communes)
        if campaign.target_department_id:
            place |= Q(commune__department_id=campaign.target_department_id)
        if place:
            qs = qs.filter(place)
        if campaign.target_size_brackets:
            qs = qs.filter(size_bracket__in=campaign.target_size_brackets)
        return qs

    def in_naf(self, code: str):
        """Companies whose NAF sous-classe is `code` or under it (« 56 », « 56.1 », « 56.10A »)."""
        return self.filter(naf__code__startswith=code.strip().upper())


class Company(VersionedModel, PostalAddress, TimeStampedModel):
    """An establishment (SIRET) the structure works with."""

    structure = models.ForeignKey(
        "accounts.Structure", on_delete=models.PROTECT, related_name="companies"
    )
    name = models.CharField(_("raison sociale ou enseigne"), max_length=200)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        validators=[validate_siret],
        help_text=_("14 chiffres : SIREN de l'entreprise puis numéro de l'établissement."),
    )
    naf = models.ForeignKey(
        NafCode,
        verbose_name=_("activité (code NAF rév. 2)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    size_bracket = models.CharField(
        _("tranche d'effectif salarié"),
        max_length=2,
        choices=enums.SizeBracket.choices,
        default=enums.SizeBracket.UNKNOWN,
    )
    sector = models.CharField(
        _("secteur"),
        max_length=20,
        choices=enums.EmployerSector.choices,
        blank=True,
        default=enums.EmployerSector.UNKNOWN,
        help_text=_(
            "Décide des aides à l'embauche : PEC dans le secteur non marchand, CIE dans le "
            "secteur marchand."
        ),
    )
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True, validators=[validate_french_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site internet"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    search_key = models.CharField(max_length=400, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = CompanyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "search_key", "updated_at"])

    class Meta:
        verbose_name = _("entreprise")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "siret"], name="one_company_per_siret_per_structure"
            ),
        ]
        indexes = [models.Index(fields=["structure", "search_key"], name="company_search_idx")]

    def __str__(self):
        return self.name

    def clean(self):
        errors = self.address_errors()
        self.siret = clean_siret(self.siret)
        if self.naf_id and self.naf.level != NafCode.Level.SUBCLASS:
            errors["naf"] = _(
                "Choisissez une sous-classe NAF (5 caractères, par exemple 56.10A), "
                "pas une section ou une division."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.siret = clean_siret(self.siret)
        self.search_key = normalize(f"{self.name} {self.siret}")
        super().save(*args, **kwargs)

    @property
    def siren(self) -> str:
        return self.siret[:9]


class CompanyContact(TimeStampedModel):
    """A named person at the company (recruiter, manager, tutor)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100)
    role = models.CharField(_("fonction"), max_length=150, blank=True)
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True, validators=[validate_french_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("toujours dans l'entreprise"), default=True)

    objects = CompanyPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact en entreprise")
        verbose_name_plural = _("contacts en entreprise")
        ordering = ["-is_active", "last_name", "first_name"]

    def __str__(self):
        name = f"{self.first_name} {self.last_name}".strip()
        return f"{name} ({self.role})" if self.role else name


class Campaign(VersionedModel, TimeStampedModel):
    """A prospection campaign, run as a project: objectives, a target segment, planned
    actions and indicators counted from the exchanges, needs and offers linked to it."""

    structure = models.ForeignKey(
        "accounts.Structure", on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField(_("intitulé"), max_length=200)
    objectives = models.TextField(_("objectifs"))
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=enums.CampaignStatus.choices,
        default=enums.CampaignStatus.PREPARING,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pilote"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_naf = models.ManyToManyField(
        NafCode, verbose_name=_("secteurs visés (NAF)"), blank=True, related_name="+"
    )
    target_fiches = models.ManyToManyField(
        "referentials.RomeFiche",
        verbose_name=_("métiers visés (fiches ROME)"),
        blank=True,
        related_name="+",
    )
    target_communes = models.ManyToManyField(
        "referentials.Commune", verbose_name=_("communes visées"), blank=True, related_name="+"
    )
    target_department = models.ForeignKey(
        "referentials.Department",
        verbose_name=_("département visé"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_size_brackets = models.JSONField(
        _("tailles d'entreprise visées"), default=list, blank=True
    )
    planned_contacts = models.PositiveIntegerField(_("entreprises à contacter"), default=0)
    planned_visits = models.PositiveIntegerField(_("visites à réaliser"), default=0)
    planned_needs = models.PositiveIntegerField(_("besoins à recueillir"), default=0)
    planned_offers = models.PositiveIntegerField(_("offres à rédiger"), default=0)
    planned_hires = models.PositiveIntegerField(_("recrutements visés"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne de prospection")
        verbose_name_plural = _("campagnes de prospection")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("La fin doit suivre le début de la campagne.")})
        unknown = set(self.target_size_brackets or []) - set(enums.SizeBracket.values)
        if unknown:
            raise ValidationError({"target_size_brackets": _("Tranche d'effectif inconnue.")})


class CampaignAction(TimeStampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("qui"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("date prévue"))
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=enums.CampaignActionStatus.choices,
        default=enums.CampaignActionStatus.PLANNED,
    )

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("action de prospection")
        verbose_name_plural = _("actions de prospection")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class Interaction(TimeStampedModel):
    """One exchange with a company (visit, call, e-mail, event) and the next step agreed."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(
        _("type d'échange"), max_length=10, choices=enums.InteractionKind.choices
    )
    occurred_on = models.DateField(_("date"))
    contact = models.ForeignKey(
        CompanyContact,
        verbose_name=_("interlocuteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campagne de prospection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    summary = models.TextField(_("résumé"))
    next_step = models.CharField(_("prochaine étape"), max_length=300, blank=True)
    next_step_due_on = models.DateField(_("échéance de la prochaine étape"), null=True, blank=True)
    next_step_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("qui s'en charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    next_step_done_on = models.DateField(_("prochaine étape faite le"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CompanyPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("échange avec une entreprise")
        verbose_name_plural = _("échanges avec les entreprises")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_step__gt="")
                | Q(next_step_due_on__isnull=True, next_step_owner__isnull=True),
                name="interaction_next_step_has_text",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.occurred_on:%d/%m/%Y}"

    def clean(self):
        if (self.next_step_due_on or self.next_step_owner_id) and not self.next_step.strip():
            raise ValidationError({"next_step": _("Décrivez la prochaine étape.")})
        if self.next_step.strip() and not self.next_step_due_on:
            raise ValidationError(
                {"next_step_due_on": _("Donnez une échéance à la prochaine étape.")}
            )
        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError(
                {
                    "occurred_on": _(
                        "Un échange se note une fois qu'il a eu lieu : pour un rendez-vous à "
                        "venir, notez-le comme prochaine étape d'un échange."
                    )
                }
            )
        if self.occurred_on and self.next_step_due_on and self.next_step_due_on < self.occurred_on:
            raise ValidationError(
                {
                    "next_step_due_on": _(
                        "L'échéance de la prochaine étape ne peut pas précéder la date de "
                        "l'échange."
                    )
                }
            )


class RecruitmentNeed(VersionedModel, TimeStampedModel):
    """A recruitment need analysed with the employer, then the job analysis that becomes
    the fiche de poste: tasks, working conditions, skills from ROME, requirements."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="needs")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campagne de prospection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    contact = models.ForeignKey(
        CompanyContact,
        verbose_name=_("interlocuteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    collected_on = models.DateField(_("recueilli le"))
    appellation = models.ForeignKey(
        "referentials.RomeAppellation",
        verbose_name=_("métier (appellation ROME)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    positions = models.PositiveSmallIntegerField(
        _("nombre de postes"), default=1, validators=[MinValueValidator(1)]
    )
    wished_start_on = models.DateField(_("prise de poste souhaitée"), null=True, blank=True)
    context = models.TextField(
        _("contexte du recrutement"),
        blank=True,
        help_text=_(
            "Création de poste, remplacement, surcroît d'activité, difficultés rencontrées…"
        ),
    )
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=enums.NeedStatus.choices,
        default=enums.NeedStatus.COLLECTED,
    )
    # The job analysis (analyse de poste), which the fiche de poste presents.
    mission = models.TextField(_("mission principale"), blank=True)
    tasks = models.TextField(_("activités et tâches"), blank=True, help_text=_("Une par ligne."))
    working_conditions = models.TextField(
        _("conditions de travail"),
        blank=True,
        help_text=_("Horaires, lieu, environnement, efforts physiques, équipements de protection…"),
    )
    skills = models.ManyToManyField(
        "referentials.RomeSkill",
        verbose_name=_("compétences attendues"),
        blank=True,
        related_name="+",
    )
    qualifications = models.TextField(
        _("diplômes, habilitations ou certificats exigés"),
        blank=True,
        help_text=_("Seulement ce que la loi ou le poste impose vraiment."),
    )
    driving_licences = models.JSONField(_("permis exigés"), default=list, blank=True)
    tutor = models.CharField(_("tuteur ou tutrice dans l'entreprise"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = CompanyPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("besoin de recrutement")
        verbose_name_plural = _("besoins de recrutement")
        ordering = ["-collected_on", "-pk"]

    def __str__(self):
        return f"{self.appellation} — {self.company}"

    @property
    def task_list(self) -> list[str]:
        return [t.strip(" -•") for t in self.tasks.splitlines() if t.strip(" -•")]


def _euros(amount) -> str:
    """1900.00 -> '1 900', 12.5 -> '12,50': French thousands separator (a no-break space,
    so that an amount is never cut at the end of a line) and decimal comma."""
    whole, cents = f"{amount:,.2f}".replace(",", "\u00a0").split(".")
    return whole if cents == "00" else f"{whole},{cents}"


class JobOfferQuerySet(StructureQuerySet):
    def open(self):
        return self.filter(status=enums.OfferStatus.PUBLISHED)


class JobOffer(VersionedModel, TimeStampedModel):
    """A job offer. Built for matching: the appellation and its ROME fiche, the skills,
    the place (commune with coordinates), contract, hours, licences and start date."""

    # The fields the non-discrimination checker reads before publication.
    CHECKED_FIELDS = ("title", "description", "profile", "working_conditions", "qualifications")

    structure = models.ForeignKey(
        "accounts.Structure", on_delete=models.PROTECT, related_name="job_offers"
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="offers")
    need = models.ForeignKey(
        RecruitmentNeed,
        verbose_name=_("besoin de recrutement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campagne de prospection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
    )
    title = models.CharField(_("intitulé de l'offre"), max_length=200)
    appellation = models.ForeignKey(
        "referentials.RomeAppellation",
        verbose_name=_("métier (appellation ROME)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copied from the appellation on save, for matching by fiche in SQL.
    fiche = models.ForeignKey(
        "referentials.RomeFiche", on_delete=models.PROTECT, editable=False, related_name="+"
    )
    contract_type = models.CharField(
        _("type de contrat"), max_length=30, choices=enums.ContractType.choices
    )
    contract_months = models.PositiveSmallIntegerField(
        _("durée du contrat (mois)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Pour un contrat à durée déterminée."),
    )
    weekly_hours = models.DecimalField(
        _("durée hebdomadaire (heures)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(48)],
    )
    pay_min = models.DecimalField(
        _("salaire brut minimum (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    pay_max = models.DecimalField(
        _("salaire brut maximum (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    pay_period = models.CharField(
        _("période du salaire"),
        max_length=10,
        choices=enums.PayPeriod.choices,
        default=enums.PayPeriod.MONTH,
    )
    commune = models.ForeignKey(
        "referentials.Commune",
        verbose_name=_("lieu de travail (commune)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("adresse du lieu de travail"), max_length=255, blank=True)
    description = models.TextField(_("missions"))
    profile = models.TextField(_("profil recherché"), blank=True)
    working_conditions = models.TextField(_("conditions de travail"), blank=True)
    required_skills = models.ManyToManyField(
        "referentials.RomeSkill",
        verbose_name=_("compétences requises"),
        blank=True,
        related_name="+",
    )
    driving_licences = models.JSONField(_("permis exigés"), default=list, blank=True)
    qualifications = models.TextField(_("diplômes ou habilitations exigés"), blank=True)
    start_on = models.DateField(_("date de prise de poste"), null=True, blank=True)
    positions = models.PositiveSmallIntegerField(
        _("nombre de postes"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("état"), max_length=20, choices=enums.OfferStatus.choices, default=enums.OfferStatus.DRAFT
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    hired_count = models.PositiveSmallIntegerField(_("personnes recrutées"), default=0)
    ended_on = models.DateField(_("pourvue ou close le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = JobOfferQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("offre d'emploi")
        verbose_name_plural = _("offres d'emploi")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_min__isnull=True)
                | Q(pay_max__isnull=True)
                | Q(pay_max__gte=models.F("pay_min")),
                name="offer_pay_range",
            ),
            models.CheckConstraint(condition=Q(positions__gte=1), name="offer_has_positions"),
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0) & Q(weekly_hours__lte=48),
                name="offer_weekly_hours_legal",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_offer_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "status"], name="offer_structure_status_idx"),
            models.Index(fields=["fiche", "status"], name="offer_fiche_status_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.pay_min is not None and self.pay_max is not None and self.pay_max < self.pay_min:
            errors["pay_max"] = _("Le maximum doit être supérieur ou égal au minimum.")
        fixed_term = {
            enums.ContractType.CDD,
            enums.ContractType.SIAE,
            enums.ContractType.SUBSIDISED,
        }
        if self.contract_type in fixed_term and not self.contract_months:
            errors["contract_months"] = _("Indiquez la durée de ce contrat à durée déterminée.")
        # Only the CDI is always open-ended: apprenticeship, professionalisation and aided
        # contracts may be fixed-term or not, and their duration (of the contract or of the
        # training period) is then kept.
        if self.contract_type == enums.ContractType.CDI and self.contract_months:
            errors["contract_months"] = _("Un CDI n'a pas de durée : laissez ce champ vide.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.appellation_id:
            self.fiche_id = self.appellation.fiche_id
        super().save(*args, **kwargs)

    def checked_texts(self) -> list[tuple[str, str, str]]:
        """(field name, French label, text) of every text the checker reads."""
        return [
            (name, str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in self.CHECKED_FIELDS
            if getattr(self, name)
        ]

    @property
    def is_editable(self) -> bool:
        return self.status in (enums.OfferStatus.DRAFT, enums.OfferStatus.PUBLISHED)

    @property
    def contract_label(self) -> str:
        """« CDD, 6 mois »; a CDI has no duration, even one recorded before it was refused."""
        label = self.get_contract_type_display()
        if self.contract_months and self.contract_type != enums.ContractType.CDI:
            label += f", {self.contract_months} mois"
        return label

    @property
    def pay_label(self) -> str:
        if self.pay_min is None and self.pay_max is None:
            return ""
        period = self.get_pay_period_display()
        if self.pay_min is not None and self.pay_max is not None and self.pay_min != self.pay_max:
            return f"{_euros(self.pay_min)} à {_euros(self.pay_max)}\u00a0€ brut {period}"
        amount = self.pay_min if self.pay_min is not None else self.pay_max
        return f"{_euros(amount)}\u00a0€ brut {period}"


class PublicationConfirmationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(offer__in=JobOffer.objects.visible_to(user))

    def awaiting_review(self):
        return self.filter(reviewed_at__isnull=True)

    def reviewable_by(self, user):
        """Awaiting a review `user` may give: never one of their own confirmations (four
        eyes: who decided to publish despite the findings is not who reads it again)."""
        return self.awaiting_review().exclude(confirmed_by=user)


class PublicationConfirmation(models.Model):
    """An offer published although the checker still found wording to review: who decided,
    when, why, and which findings they saw (kept as shown, never changed afterwards). The
    manager then reads it again: keeps the publication or withdraws the offer (back to
    draft, to be corrected); that review is recorded beside it, once."""

    offer = models.ForeignKey(JobOffer, on_delete=models.CASCADE, related_name="confirmations")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmée le"), auto_now_add=True)
    reason = models.TextField(_("motif"))
    findings = models.JSONField(_("constats maintenus"), default=list)
    reviewed_at = models.DateTimeField(_("relue le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("relue par"),
    )
    review = models.CharField(
        _("décision"), max_length=10, choices=enums.PublicationReview.choices, blank=True
    )
    review_note = models.TextField(_("commentaire de la relecture"), blank=True)

    objects = PublicationConfirmationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication confirmée malgré des constats")
        verbose_name_plural = _("publications confirmées malgré des constats")
        ordering = ["-confirmed_at", "-pk"]

    def __str__(self):
        return f"{self.offer} — {timezone.localtime(self.confirmed_at):%d/%m/%Y}"

    def other_reviewers(self):
        """The active members of the offer's structure who may review this confirmation:
        those whose role has the right to review offers, except who confirmed.

        With a single manager who confirmed, this is empty, and the review waits until
        another person of the structure holds that right (another manager is named). The
        right is not widened to the structure admin for that: the review is a legal reading
        of the offer, outside an administrator's role. Meanwhile the offer stays published
        on the confirmer's recorded responsibility, and they may still correct it."""
        roles = [role for role in Role if role_can(role, Perm.OFFER_REVIEW)]
        return (
            User.objects.filter(
                memberships__in=Membership.objects.active().filter(
                    structure_id=self.offer.structure_id, role__in=roles
                )
            )
            .exclude(pk=self.confirmed_by_id)
            .distinct()
            .order_by("last_name", "first_name")
        )


class PublicationRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(offer__in=JobOffer.objects.visible_to(user))

    def pending(self):
        return self.filter(closed_at__isnull=True)


class PublicationRequest(models.Model):
    """An offer the employer liaison could not publish alone, for the checker found wording
    or a pay plainly unlawful (checker.BLOCKING_RULES, pay.BLOCKING_PAY_RULES): she asks the
    manager to decide, with her reason and the findings she saw. The offer stays a draft
    until the manager publishes it despite them (a PublicationConfirmation is then
    recorded), sends it back for correction, or it is corrected and published."""

    offer = models.ForeignKey(
        JobOffer, on_delete=models.CASCADE, related_name="publication_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    reason = models.TextField(_("motif de la demande"))
    findings = models.JSONField(_("constats bloquants"), default=list)
    closed_at = models.DateTimeField(_("tranchée le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("tranchée par"),
    )
    outcome = models.CharField(
        _("suite donnée"),
        max_length=10,
        choices=enums.PublicationRequestOutcome.choices,
        blank=True,
    )
    note = models.TextField(_("commentaire du ou de la responsable"), blank=True)

    objects = PublicationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de publication au ou à la responsable")
        verbose_name_plural = _("demandes de publication au ou à la responsable")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.offer} — {timezone.localtime(self.requested_at):%d/%m/%Y}"
