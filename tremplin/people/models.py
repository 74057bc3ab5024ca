"""The person accompanied (bénéficiaire): the file, who follows it, consents, documents.

Every query for people starts from `Person.objects.visible_to(user)`; every view that
loads one goes through `people.access.get_person_for_user`.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.accounts.models import Membership
from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import RIGHTS, Perm, Role, Section, Sensitivity, active_membership
from tremplin.core.search import StrictWordSimilarity, tolerant_match
from tremplin.core.text import normalize
from tremplin.core.validators import (
    validate_birth_date,
    validate_france_travail_id,
    validate_french_phone,
    validate_not_future,
)
from tremplin.people import enums
from tremplin.people.nir import hash_nir, nir_tail, validate_nir
from tremplin.referentials.models import PostalAddress

# Beyond it, a « rayon de mobilité » is no daily journey to work but a typing error.
MAX_MOBILITY_KM = 300


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The people whose file `user` may open, in the structure they are acting for."""
        membership = active_membership(user)
        if membership is None or not membership.can(Perm.PERSON_VIEW):
            return self.none()
        structure_id = membership.structure_id
        followed = Follow.objects.filter(person=OuterRef("pk"), structure_id=structure_id)
        rights = RIGHTS[Role(membership.role)]
        if rights.needs_employer_consent:
            proposal = Consent.objects.active().filter(
                person=OuterRef("pk"),
                structure_id=structure_id,
                purpose=enums.ConsentPurpose.EMPLOYER_PROPOSAL,
            )
            condition = Exists(followed) & Exists(proposal)
        else:
            condition = Exists(followed)
            if membership.role in {Role.COUNSELOR, Role.MANAGER}:
                shared = Consent.objects.active().filter(
                    person=OuterRef("pk"),
                    purpose=enums.ConsentPurpose.SHARE_WITH_PARTNER,
                    partner_id=structure_id,
                )
                condition |= Exists(shared)
        return self.filter(condition, merged_into__isnull=True)

    def followed_by_structure(self, structure_id, *, active=True):
        follows = Follow.objects.filter(person=OuterRef("pk"), structure_id=structure_id)
        if active:
            follows = follows.filter(ended_on__isnull=True)
        return self.filter(Exists(follows))

    def without_referent(self, structure_id):
        """Followed by the structure, and no référent·e who is still an active member of it
        (none named yet, or one whose access was deactivated): to assign."""
        return self.filter(
            Exists(
                Follow.objects.filter(
                    person=OuterRef("pk"),
                    structure_id=structure_id,
                    ended_on__isnull=True,
                ).without_active_referent()
            )
        )

    def with_referent(self, user, structure_id):
        return self.filter(
            Exists(
                Follow.objects.filter(
                    person=OuterRef("pk"),
                    structure_id=structure_id,
                    referent=user,
                    ended_on__isnull=True,
                )
            )
        )

    def search(self, query: str):
        """Accent-, case- and typo-tolerant search on names; ranked best first."""
        condition = tolerant_match("search_key", query)
        if condition is None:
            return self
        return (
            self.filter(condition)
            .annotate(score=StrictWordSimilarity(models.Value(normalize(query)), "search_key"))
            .order_by("-score", "sort_key", "pk")
        )


class Person(PostalAddress, VersionedModel, TimeStampedModel):
    """A person accompanied towards work. One file, followed by one or more structures."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    # --- identity and contact (general) ---
    sex = models.CharField(
        _("sexe"), max_length=1, choices=enums.Sex.choices, default=enums.Sex.UNSPECIFIED
    )
    last_name = models.CharField(_("nom d'usage"), max_length=150)
    birth_name = models.CharField(_("nom de naissance"), max_length=150, blank=True)
    first_name = models.CharField(_("prénom"), max_length=150)
    birth_date = models.DateField(_("date de naissance"), validators=[validate_birth_date])
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True, validators=[validate_french_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address_complement = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    is_domiciled = models.BooleanField(
        _("domiciliation administrative"),
        default=False,
        help_text=_("Sans domicile stable : l'adresse est celle de l'organisme de domiciliation."),
    )
    nir_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    nir_tail = models.CharField(max_length=5, blank=True, editable=False)
    france_travail_id = models.CharField(
        _("identifiant France Travail"),
        max_length=11,
        blank=True,
        validators=[validate_france_travail_id],
    )
    education_level = models.CharField(
        _("niveau de diplôme"), max_length=8, choices=enums.EducationLevel.choices, blank=True
    )
    languages = models.CharField(
        _("langues parlées"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : français courant, arabe, anglais notions."),
    )
    driving_licences = models.JSONField(_("permis de conduire"), default=list, blank=True)
    mobility_means = models.JSONField(_("moyens de déplacement"), default=list, blank=True)
    mobility_radius_km = models.PositiveSmallIntegerField(
        _("rayon de mobilité (km)"), null=True, blank=True
    )
    sought_appellations = models.ManyToManyField(
        "referentials.RomeAppellation",
        verbose_name=_("métiers souhaités"),
        blank=True,
        related_name="+",
    )

    # --- administrative and social situation (social) ---
    is_rsa_beneficiary = models.BooleanField(_("bénéficiaire du RSA"), default=False)
    rsa_since = models.DateField(
        _("au RSA depuis"), null=True, blank=True, validators=[validate_not_future]
    )
    caf_number = models.CharField(_("numéro d'allocataire CAF / MSA"), max_length=20, blank=True)
    is_ass_beneficiary = models.BooleanField(_("bénéficiaire de l'ASS"), default=False)
    is_registered_jobseeker = models.BooleanField(_("inscrit·e à France Travail"), default=False)
    jobseeker_since = models.DateField(
        _("inscrit·e depuis"), null=True, blank=True, validators=[validate_not_future]
    )
    lives_in_qpv = models.CharField(
        _("réside en QPV"),
        max_length=8,
        choices=enums.Residence.choices,
        default=enums.Residence.UNKNOWN,
    )
    lives_in_zrr = models.CharField(
        _("réside en ZRR"),
        max_length=8,
        choices=enums.Residence.choices,
        default=enums.Residence.UNKNOWN,
    )
    residence_checked_on = models.DateField(
        _("QPV/ZRR vérifié le"), null=True, blank=True, validators=[validate_not_future]
    )

    # --- health and disability (health) ---
    has_rqth = models.BooleanField(
        _("RQTH (reconnaissance de travailleur handicapé)"), default=False
    )
    rqth_until = models.DateField(_("RQTH valable jusqu'au"), null=True, blank=True)
    is_aah_beneficiary = models.BooleanField(_("bénéficiaire de l'AAH"), default=False)
    health_notes = models.TextField(
        _("restrictions et points d'attention santé"),
        blank=True,
        help_text=_(
            "Seulement ce qui est utile à l'accompagnement vers l'emploi, avec l'accord de la personne."
        ),
    )

    # --- justice (justice) ---
    justice_measure = models.CharField(
        _("mesure judiciaire"), max_length=10, choices=enums.JusticeMeasure.choices, blank=True
    )
    justice_notes = models.TextField(
        _("informations justice utiles à l'accompagnement"), blank=True
    )

    # --- file management ---
    search_key = models.CharField(max_length=400, editable=False, default="")
    # Lists sort on this: « DUPONT Éric » before « DUPONT Yasmine » whatever the database's
    # collation (SQLite and PostgreSQL's C collation put accented letters after z).
    sort_key = models.CharField(max_length=320, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        editable=False,
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_key", "sort_key", "version", "updated_at"])

    # Which fields make up which section of the file: forms, the API and the access rules
    # all read this one table.
    # Fields stored as a JSON list of codes: a JSONField cannot carry choices, so the
    # form and every display (file, fiche de liaison) take their labels from here.
    LIST_CHOICES: dict[str, type[models.TextChoices]] = {
        "driving_licences": enums.DrivingLicence,
        "mobility_means": enums.MobilityMeans,
    }

    SECTION_FIELDS: dict[Section, tuple[str, ...]] = {
        Section.IDENTITY: (
            "sex",
            "last_name",
            "birth_name",
            "first_name",
            "birth_date",
            "phone",
            "email",
            "address",
            "address_complement",
            "postal_code",
            "commune",
            "is_domiciled",
            "france_travail_id",
            "education_level",
            "languages",
            "driving_licences",
            "mobility_means",
            "mobility_radius_km",
            "sought_appellations",
        ),
        Section.SITUATION: (
            "is_rsa_beneficiary",
            "rsa_since",
            "caf_number",
            "is_ass_beneficiary",
            "is_registered_jobseeker",
            "jobseeker_since",
            "lives_in_qpv",
            "lives_in_zrr",
            "residence_checked_on",
        ),
        Section.HEALTH: ("has_rqth", "rqth_until", "is_aah_beneficiary", "health_notes"),
        Section.JUSTICE: ("justice_measure", "justice_notes"),
    }

    class Meta:
        verbose_name = _("personne accompagnée")
        verbose_name_plural = _("personnes accompagnées")
        ordering = ["sort_key", "pk"]
        indexes = [
            models.Index(fields=["sort_key"], name="person_sort_idx"),
            models.Index(fields=["birth_date"], name="person_birth_date_idx"),
            models.Index(fields=["last_name", "first_name"], name="person_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(last_name="") & ~Q(first_name=""), name="person_names_required"
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}"

    def choice_labels(self, field_name: str) -> list[str]:
        """The French labels of a field stored as a list of codes (unknown codes kept as is)."""
        labels = dict(self.LIST_CHOICES[field_name].choices)
        return [str(labels.get(code, code)) for code in getattr(self, field_name)]

    @property
    def mobility_labels(self) -> list[str]:
        """« Voiture », « Transports en commun »…: the means of travel, in French."""
        return self.choice_labels("mobility_means")

    @property
    def driving_licence_labels(self) -> list[str]:
        """« B (voiture) », « CACES (un ou plusieurs) »…: the driving licences, in French."""
        return self.choice_labels("driving_licences")

    @property
    def born_on_word(self) -> str:
        """« Née le », « Né le », or « Né·e le » when the sex is not known."""
        born = {enums.Sex.FEMALE: "Née", enums.Sex.MALE: "Né"}.get(self.sex, "Né·e")
        return f"{born} le"

    @property
    def born_on_label(self) -> str:
        """« Née le 04/12/2008 », agreed with the sex when it is known."""
        return f"{self.born_on_word} {self.birth_date:%d/%m/%Y}"

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    def age_on(self, day) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def has_nir(self) -> bool:
        return bool(self.nir_hash)

    def set_nir(self, value: str) -> None:
        """Check and record the NIR (raises ValidationError); empty clears it."""
        if not value:
            self.nir_hash = self.nir_tail = ""
            return
        nir = validate_nir(value)
        self.nir_hash = hash_nir(nir)
        self.nir_tail = nir_tail(nir)

    def clean(self):
        errors = self.address_errors()
        if self.rqth_until and not self.has_rqth:
            errors["rqth_until"] = _("Indiquez d'abord que la personne a une RQTH.")
        if self.rsa_since and not self.is_rsa_beneficiary:
            errors["rsa_since"] = _("Indiquez d'abord que la personne est au RSA.")
        errors.update(self._dates_against_birth())
        if self.mobility_radius_km is not None and self.mobility_radius_km > MAX_MOBILITY_KM:
            errors["mobility_radius_km"] = (
                f"{self.mobility_radius_km} km : au-delà de {MAX_MOBILITY_KM} km, ce n'est "
                "plus un trajet quotidien. Indiquez la distance que la personne peut faire "
                "pour aller travailler."
            )
        if errors:
            raise ValidationError(errors)

    def _dates_against_birth(self) -> dict[str, str]:
        """Dates of the situation that cannot come before the age that allows them."""
        if not self.birth_date:
            return {}
        errors = {}
        for name, years, why in (
            ("rsa_since", 18, "le RSA n'est ouvert qu'à partir de 18 ans"),
            ("jobseeker_since", 16, "l'inscription à France Travail commence à 16 ans"),
            ("residence_checked_on", 0, ""),
        ):
            day = getattr(self, name)
            if day is None or name in errors:
                continue
            if day <= self.birth_date:
                errors[name] = (
                    f"Cette date précède la naissance ({self.birth_date:%d/%m/%Y}) : "
                    "vérifiez l'année."
                )
            elif years and self.age_on(day) < years:
                errors[name] = (
                    f"La personne avait moins de {years} ans à cette date ; {why}. "
                    "Vérifiez l'année."
                )
        return errors

    @staticmethod
    def name_keys(last_name: str, birth_name: str, first_name: str) -> dict[str, str]:
        """The columns save() derives from the names (bulk writes, which skip save(), too)."""
        return {
            "search_key": normalize(" ".join([last_name, birth_name, first_name])),
            "sort_key": person_sort_key(last_name, first_name),
        }

    def save(self, *args, **kwargs):
        for column, value in self.name_keys(
            self.last_name, self.birth_name, self.first_name
        ).items():
            setattr(self, column, value)
        super().save(*args, **kwargs)


def person_sort_key(last_name: str, first_name: str) -> str:
    """The unaccented, lower-case name in an order every collation keeps: « dupont00eric ».

    Spaces inside a name become « 0 » and the name is followed by « 00 »: digits rank before
    letters everywhere, whereas spaces and hyphens are ignored by the usual PostgreSQL
    collations. So « DUPONT Éric » comes before « DUPONTEL Anne » and « DUPONT Alain » before
    « DUPONT-AIGNAN Anne », on SQLite as on PostgreSQL.
    """
    return f"{normalize(last_name).replace(' ', '0')}00{normalize(first_name).replace(' ', '0')}"


def active_referent_membership():
    """For a follow (the outer query): its référent·e is an active member of its structure."""
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef("referent_id"),
            structure_id=OuterRef("structure_id"),
            is_active=True,
            user__is_active=True,
        )
    )


# The parts of the common file (the person's row) that a structure taking the person in from
# a referral reads only with the person's agreement. The identity is always open to it.
COMMON_GATED_SECTIONS = (Section.SITUATION, Section.HEALTH, Section.JUSTICE)


class FollowQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)

    def without_active_referent(self):
        """No référent·e, or one who is no longer an active member of the structure (access
        deactivated): the file waits for someone to take it up."""
        return self.filter(Q(referent__isnull=True) | ~active_referent_membership())

    def with_referent_state(self):
        """Annotate `referent_is_active`, read by `Follow.referent_left` (no query per row)."""
        return self.annotate(referent_is_active=active_referent_membership())

    def visible_to(self, user):
        return self.filter(person__in=Person.objects.visible_to(user))

    def people_closing(self, structure_id, section: Section) -> set[int]:
        """Ids of the people whose file the structure follows with `section` closed to it
        (taken in from a referral, the person not having opened that part): its lists and
        counts must not read that part of their row. The current follow wins over older."""
        seen: set[int] = set()
        closed: set[int] = set()
        for person_id, opened in (
            self.filter(structure_id=structure_id, opened_sections__isnull=False)
            .order_by("person_id", F("ended_on").desc(nulls_first=True), "-pk")
            .values_list("person_id", "opened_sections")
        ):
            if person_id in seen:
                continue
            seen.add(person_id)
            if section.value not in (opened or []):
                closed.add(person_id)
        return closed


class Follow(TimeStampedModel):
    """A structure follows a person, with one référent professional."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follows")
    structure = models.ForeignKey(
        "accounts.Structure", on_delete=models.PROTECT, related_name="follows"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("référent·e"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referent_of",
    )
    started_on = models.DateField(_("suivi depuis le"), default=timezone.localdate)
    ended_on = models.DateField(_("suivi clos le"), null=True, blank=True)
    end_reason = models.CharField(
        _("motif de fin"), max_length=20, choices=enums.FollowEndReason.choices, blank=True
    )
    # Empty (None) for the structure that opened the file: the common parts are its own.
    # A structure that took the person in from another's referral reads and writes, of the
    # common parts beyond the identity, only those the person agreed to open to it
    # (`COMMON_GATED_SECTIONS` values). What each structure records itself (diagnosis,
    # pathway, documents, consents) stays its own either way.
    opened_sections = models.JSONField(
        _("parties du dossier commun ouvertes"), null=True, blank=True, default=None
    )

    objects = FollowQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suivi")
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "structure"],
                condition=Q(ended_on__isnull=True),
                name="one_active_follow_per_structure",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="follow_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "referent", "ended_on"], name="follow_caseload_idx"),
            models.Index(fields=["person", "structure"], name="follow_person_structure_idx"),
        ]

    def __str__(self):
        return f"{self.person} — {self.structure}"

    @property
    def closed_sections(self) -> frozenset:
        """The common parts this structure may not read (none for the file's own structure)."""
        if self.opened_sections is None:
            return frozenset()
        opened = set(self.opened_sections)
        return frozenset(s for s in COMMON_GATED_SECTIONS if s.value not in opened)

    @property
    def opened_labels(self) -> list[str]:
        if self.opened_sections is None:
            return []
        return [str(s.label) for s in COMMON_GATED_SECTIONS if s.value in self.opened_sections]

    @property
    def referent_left(self) -> bool:
        """A référent·e is named but is no longer an active member of the structure."""
        if self.referent_id is None:
            return False
        active = getattr(self, "referent_is_active", None)
        if active is None:
            active = Membership.objects.filter(
                user_id=self.referent_id,
                structure_id=self.structure_id,
                is_active=True,
                user__is_active=True,
            ).exists()
            self.referent_is_active = active
        return not active


class ConsentQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(withdrawn_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def visible_to(self, user):
        return self.filter(person__in=Person.objects.visible_to(user))


class Consent(TimeStampedModel):
    """The person's consent for one purpose (and, for sharing, one partner and some sections).

    Never deleted: a withdrawal is recorded on the row, with when, how and by whom.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    structure = models.ForeignKey(
        "accounts.Structure",
        verbose_name=_("structure qui recueille le consentement"),
        on_delete=models.PROTECT,
        related_name="consents_recorded",
    )
    purpose = models.CharField(_("finalité"), max_length=30, choices=enums.ConsentPurpose.choices)
    partner = models.ForeignKey(
        "accounts.Structure",
        verbose_name=_("partenaire destinataire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_received",
    )
    # A partner of the directory that does not use Tremplin: what is shared reaches it
    # through a referral's fiche de liaison and answer link, never through an account.
    partner_directory = models.ForeignKey(
        "network.PartnerStructure",
        verbose_name=_("partenaire de l'annuaire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
    )
    sections = models.JSONField(_("parties du dossier partagées"), default=list, blank=True)
    given_at = models.DateTimeField(_("donné le"), default=timezone.now)
    channel = models.CharField(_("recueilli"), max_length=20, choices=enums.ConsentChannel.choices)
    # Empty only when the person gave it themself from their space (channel person_space).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    expires_at = models.DateTimeField(_("valable jusqu'au"), null=True, blank=True)
    document = models.ForeignKey(
        "people.Document",
        verbose_name=_("formulaire signé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_channel = models.CharField(
        _("retrait recueilli"), max_length=20, choices=enums.ConsentChannel.choices, blank=True
    )

    objects = ConsentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consentement")
        ordering = ["-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(purpose="share_partner")
                | Q(partner__isnull=False)
                | Q(partner_directory__isnull=False),
                name="share_consent_names_partner",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(recorded_by__isnull=False) | Q(channel="person_space"),
                name="consent_recorded_by_someone",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "purpose", "partner"], name="consent_lookup_idx"),
            models.Index(fields=["partner", "purpose"], name="consent_partner_idx"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} — {self.person}"

    @property
    def recipient(self):
        """The partner the information goes to: a structure on Tremplin or of the directory."""
        return self.partner or self.partner_directory

    @property
    def is_active(self) -> bool:
        if self.withdrawn_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    @property
    def section_labels(self) -> list[str]:
        return [str(Section(s).label) for s in self.sections if s in Section.values]

    def clean(self):
        errors = {}
        if self.purpose == enums.ConsentPurpose.SHARE_WITH_PARTNER:
            if not self.partner_id and not self.partner_directory_id:
                errors["partner"] = _("Choisissez la structure partenaire destinataire.")
            elif self.partner_id == self.structure_id:
                errors["partner"] = _("Le partenaire doit être une autre structure.")
            if not self.sections:
                errors["sections"] = _("Choisissez au moins une partie du dossier à partager.")
        elif self.partner_id or self.partner_directory_id:
            errors["partner"] = _("Un partenaire ne se précise que pour un partage d'informations.")
        if errors:
            raise ValidationError(errors)


def document_path(instance, filename):
    # Random name: no personal data in paths; the original name is kept in the database.
    return f"people/{instance.person.public_id}/{uuid.uuid4().hex}"


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(person__in=Person.objects.visible_to(user), deleted_at__isnull=True)


class Document(TimeStampedModel):
    """A file attached to a person's file. Served only by a view that checks access first."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    structure = models.ForeignKey(
        "accounts.Structure",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("déposé par la structure"),
    )
    kind = models.CharField(
        _("type de document"), max_length=20, choices=enums.DocumentKind.choices
    )
    title = models.CharField(_("titre"), max_length=200)
    sensitivity = models.CharField(_("sensibilité"), max_length=10, choices=Sensitivity.choices)
    file = models.FileField(upload_to=document_path, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def section(self) -> Section:
        return {
            Sensitivity.GENERAL: Section.DOCUMENTS,
            Sensitivity.SOCIAL: Section.SITUATION,
            Sensitivity.HEALTH: Section.HEALTH,
            Sensitivity.JUSTICE: Section.JUSTICE,
        }[Sensitivity(self.sensitivity)]


class PersonMerge(models.Model):
    """Trace of a merge: the file kept, the file merged into it, and its values at the time."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges")
    merged = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="merge_record")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(_("valeurs du dossier fusionné"))
    moved = models.JSONField(_("éléments rattachés au dossier conservé"), default=dict)

    class Meta:
        verbose_name = _("fusion de dossiers")
        verbose_name_plural = _("fusions de dossiers")
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{self.merged_id} → {self.kept_id}"


class PeopleImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The imports of the structure the user acts for, if the user may import."""
        membership = active_membership(user)
        if membership is None or not membership.can(Perm.PERSON_IMPORT):
            return self.none()
        return self.filter(structure_id=membership.structure_id)


class PeopleImport(models.Model):
    """One CSV of people sent for import: its check report, then what was created.

    The file's content is kept only between the check and the confirmation; it is deleted
    once imported or abandoned, and after 24 hours at most (`purge_stale`).
    """

    class Status(models.TextChoices):
        INVALID = "invalid", _("Refusé (erreurs)")
        READY = "ready", _("Vérifié, en attente de confirmation")
        IMPORTED = "imported", _("Importé")
        ABANDONED = "abandoned", _("Abandonné")

    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("taille (octets)"))
    content = models.BinaryField(null=True, blank=True, editable=False)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices)
    rows_read = models.PositiveIntegerField(_("lignes lues"), default=0)
    to_create = models.PositiveIntegerField(_("dossiers à créer"), default=0)
    already_present = models.PositiveIntegerField(_("déjà présents"), default=0)
    error_count = models.PositiveIntegerField(_("erreurs"), default=0)
    warning_count = models.PositiveIntegerField(_("avertissements"), default=0)
    created_count = models.PositiveIntegerField(_("dossiers créés"), default=0)
    report = models.JSONField(_("rapport de vérification"), default=dict)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = PeopleImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import de personnes")
        verbose_name_plural = _("imports de personnes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["structure", "-created_at"], name="peopleimport_list_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(content__isnull=True) | Q(status="ready"),
                name="peopleimport_content_only_while_ready",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"


class ExceptionalAccessQuerySet(models.QuerySet):
    def active(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())

    def awaiting_review(self):
        return self.filter(reviewed_at__isnull=True)


class ExceptionalAccess(models.Model):
    """A counselor who is not the référent opens the restricted parts of a file (health,
    justice) for a stated reason — the référent away, an urgency — until the end of the
    day. Each read is logged with the reason; the manager reviews each access."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sections = models.JSONField(_("parties ouvertes"))
    reason = models.TextField(_("motif"))
    granted_at = models.DateTimeField(_("ouvert le"), default=timezone.now)
    expires_at = models.DateTimeField(_("jusqu'au"))
    reviewed_at = models.DateTimeField(_("vu par la direction le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = ExceptionalAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("accès exceptionnel")
        verbose_name_plural = _("accès exceptionnels")
        ordering = ["-granted_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "person", "-expires_at"], name="exceptional_user_idx"),
            models.Index(fields=["structure", "-granted_at"], name="exceptional_structure_idx"),
        ]

    def __str__(self):
        return f"{self.user} {self.granted_at:%d/%m/%Y %H:%M}"

    @property
    def section_labels(self) -> list[str]:
        return [Section(s).label for s in self.sections if s in Section.values]
