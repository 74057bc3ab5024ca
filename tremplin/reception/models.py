"""Reception (REAC CP1) and orders from prescribers (CP2).

- Contact: every contact at reception, before or after a file exists.
- InfoSession / Registration: the « informations collectives ».
- ServiceOffer: the structure's own offer of services, against which orders are checked.
- Order: a prescription received from a prescriber, accepted or refused with a reason.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.core.models import TimeStampedModel
from tremplin.core.permissions import Perm, active_membership, membership_with
from tremplin.core.text import normalize
from tremplin.core.validators import validate_french_phone
from tremplin.people.models import Person


class ContactChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Accueil physique")
    PHONE = "phone", _("Téléphone")
    MAIL = "mail", _("Courrier ou e-mail")
    ONLINE = "online", _("Formulaire en ligne")
    PRESCRIPTION = "prescription", _("Prescription d'un partenaire")


class NextStep(models.TextChoices):
    APPOINTMENT = "appointment", _("Rendez-vous proposé")
    INFO_SESSION = "info_session", _("Inscription à une information collective")
    REFERRAL = "referral", _("Orientation vers un partenaire")
    FILE = "file", _("Ouverture d'un dossier")
    INFORMATION = "information", _("Information donnée, pas de suite")


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = membership_with(user, Perm.CONTACT_RECORD)
        if membership is None:
            return self.none()
        return self.filter(structure_id=membership.structure_id)

    def search(self, query: str):
        from tremplin.core.search import tolerant_match

        condition = tolerant_match("search_key", query)
        return self.filter(condition) if condition is not None else self


class Contact(TimeStampedModel):
    """A contact at reception: who, how, what was asked, what was answered, what next."""

    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("date et heure"), default=timezone.now)
    channel = models.CharField(_("canal"), max_length=20, choices=ContactChannel.choices)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reçu par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("dossier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reception_contacts",
    )
    last_name = models.CharField(_("nom"), max_length=150)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True, validators=[validate_french_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    demand = models.TextField(_("demande, dans les mots de la personne"))
    answer = models.TextField(_("réponse apportée"), blank=True)
    next_step = models.CharField(_("suite donnée"), max_length=20, choices=NextStep.choices)
    next_step_on = models.DateField(_("date de la suite"), null=True, blank=True)
    search_key = models.CharField(max_length=310, editable=False, default="")

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_key", "updated_at"])

    class Meta:
        verbose_name = _("contact d'accueil")
        verbose_name_plural = _("contacts d'accueil")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["structure", "-received_at"], name="contact_log_idx")]

    def __str__(self):
        return f"{self.first_name} {self.last_name.upper()} — {timezone.localtime(self.received_at):%d/%m/%Y}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}".strip()

    def save(self, *args, **kwargs):
        self.search_key = normalize(f"{self.last_name} {self.first_name}")
        super().save(*args, **kwargs)


class Attendance(models.TextChoices):
    REGISTERED = "registered", _("Inscrit·e")
    PRESENT = "present", _("Présent·e")
    EXCUSED = "excused", _("Excusé·e")
    ABSENT = "absent", _("Absent·e")


class InfoSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = membership_with(user, Perm.CONTACT_RECORD)
        if membership is None:
            return self.none()
        return self.filter(structure_id=membership.structure_id)

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now() - timedelta(hours=12))

    def with_registered_count(self):
        """``registered``: the people holding a place, each counted once (a file once,
        however many of its contacts were registered); ``waiting``: the people on the
        waiting list, who hold no place."""
        holding = Q(registrations__on_waiting_list=False)
        return self.annotate(
            registered=Count("registrations__person", filter=holding, distinct=True)
            + Count("registrations", filter=holding & Q(registrations__person__isnull=True)),
            waiting=Count(
                "registrations", filter=Q(registrations__on_waiting_list=True), distinct=True
            ),
        )


class InfoSession(TimeStampedModel):
    """An « information collective »: a group presentation of the structure's services."""

    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    theme = models.CharField(_("thème"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=90)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    remote_link = models.URLField(_("lien de visioconférence"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("nombre de places"))
    description = models.TextField(_("présentation"), blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("animé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_cancelled = models.BooleanField(_("annulée"), default=False)

    objects = InfoSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("information collective")
        verbose_name_plural = _("informations collectives")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="info_session_has_places",
                violation_error_message=_("Prévoyez au moins une place."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1),
                name="info_session_has_duration",
                violation_error_message=_("La durée doit être d'au moins une minute."),
            ),
            models.CheckConstraint(
                condition=~Q(place="", remote_link=""),
                name="info_session_has_place_or_link",
                violation_error_message=_("Indiquez un lieu ou un lien de visioconférence."),
            ),
        ]

    def __str__(self):
        return f"{self.theme} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class RegistrationQuerySet(models.QuerySet):
    def holding_a_place(self):
        """The registrations that take one of the session's places (not the waiting list)."""
        return self.filter(on_waiting_list=False)

    def waiting(self):
        """The waiting list, in order of arrival."""
        return self.filter(on_waiting_list=True).order_by("registered_at", "pk")

    def with_waiting_rank(self):
        """``waiting_rank``: the rank on the session's waiting list (1 for the first), None
        for a registration that holds a place."""
        ahead = (
            Registration.objects.filter(session=OuterRef("session"), on_waiting_list=True)
            .filter(
                Q(registered_at__lt=OuterRef("registered_at"))
                | Q(registered_at=OuterRef("registered_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            waiting_rank=models.Case(
                models.When(
                    on_waiting_list=True,
                    then=Coalesce(Subquery(ahead), Value(0)) + Value(1),
                ),
                default=None,
                output_field=models.IntegerField(),
            )
        )


class Registration(models.Model):
    session = models.ForeignKey(InfoSession, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="registrations"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attendance = models.CharField(
        _("présence"), max_length=12, choices=Attendance.choices, default=Attendance.REGISTERED
    )
    # On the waiting list: no place taken yet. The list's order is that of arrival
    # (``registered_at``); a freed place is confirmed by reception (actions.promote).
    on_waiting_list = models.BooleanField(_("en liste d'attente"), default=False)

    objects = RegistrationQuerySet.as_manager()
    # A cancelled registration is deleted to free the place; its history keeps who was
    # registered, by whom, and who cancelled it when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inscription")
        ordering = ["registered_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(contact__isnull=False),
                name="registration_names_someone",
                violation_error_message=_("Une inscription désigne un dossier ou un contact."),
            ),
            models.CheckConstraint(
                condition=Q(on_waiting_list=False) | Q(attendance="registered"),
                name="waiting_list_has_no_attendance",
                violation_error_message=_(
                    "Une personne en liste d'attente n'a pas de présence : confirmez d'abord "
                    "sa place."
                ),
            ),
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(person__isnull=False),
                name="one_registration_per_person",
                violation_error_message=_(
                    "Cette personne est déjà inscrite à cette information collective."
                ),
            ),
            models.UniqueConstraint(
                fields=["session", "contact"],
                condition=Q(contact__isnull=False),
                name="one_registration_per_contact",
                violation_error_message=_(
                    "Cette personne est déjà inscrite à cette information collective."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.display_name} — {self.session}"

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.full_name
        return self.contact.full_name


class ServiceOfferQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = active_membership(user)
        if membership is None:
            return self.none()
        return self.filter(structure_id=membership.structure_id)


class ServiceOffer(TimeStampedModel):
    """One service of the structure's own offer (« offre de services »)."""

    structure = models.ForeignKey(
        "accounts.Structure", on_delete=models.PROTECT, related_name="service_offers"
    )
    name = models.CharField(_("prestation"), max_length=200)
    public = models.CharField(_("public visé"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("proposée actuellement"), default=True)

    objects = ServiceOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("prestation de l'offre de services")
        verbose_name_plural = _("offre de services")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PrescriberKind(models.TextChoices):
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    DEPARTMENT = "departement", _("Conseil départemental")
    MISSION_LOCALE = "mission_locale", _("Mission Locale")
    CAP_EMPLOI = "cap_emploi", _("Cap emploi")
    SPIP = "spip", _("SPIP")
    CCAS = "ccas", _("CCAS / CIAS")
    PLIE = "plie", _("PLIE")
    OTHER = "other", _("Autre prescripteur")


class OrderStatus(models.TextChoices):
    RECEIVED = "received", _("En attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")


class RefusalReason(models.TextChoices):
    OUTSIDE_OFFER = "outside_offer", _("Hors de notre offre de services")
    NOT_ELIGIBLE = "not_eligible", _("Public non éligible à la prestation")
    FULL = "full", _("Plus de place disponible aux dates demandées")
    INCOMPLETE = "incomplete", _("Prescription incomplète")
    OTHER = "other", _("Autre raison")


OTHER_REASON_NEEDS_NOTE = _(
    "Pour « Autre raison », écrivez le motif du refus dans le message au prescripteur : "
    "il doit savoir pourquoi la commande est refusée."
)


class OrderQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = membership_with(user, Perm.ORDER_RECORD)
        if membership is None:
            return self.none()
        return self.filter(
            structure_id=membership.structure_id, person__in=Person.objects.visible_to(user)
        )

    def waiting(self):
        return self.filter(status=OrderStatus.RECEIVED)


class Order(TimeStampedModel):
    """A prescription (« commande ») received from a prescriber for a person."""

    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="orders")
    prescriber_kind = models.CharField(
        _("type de prescripteur"), max_length=20, choices=PrescriberKind.choices
    )
    prescriber_name = models.CharField(_("organisme prescripteur"), max_length=200)
    prescriber_contact = models.CharField(_("interlocuteur"), max_length=200, blank=True)
    prescriber_email = models.EmailField(_("e-mail pour la réponse"), blank=True)
    prescriber_reference = models.CharField(
        _("référence chez le prescripteur"), max_length=60, blank=True
    )
    received_on = models.DateField(_("reçue le"), default=timezone.localdate)
    service_ordered = models.TextField(_("prestation commandée"))
    expected_start = models.DateField(_("début attendu"), null=True, blank=True)
    expected_end = models.DateField(_("fin attendue"), null=True, blank=True)
    documents = models.ManyToManyField(
        "people.Document", verbose_name=_("pièces jointes"), blank=True, related_name="+"
    )
    offer = models.ForeignKey(
        ServiceOffer,
        verbose_name=_("prestation de notre offre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    conformity_note = models.TextField(_("vérification de la conformité"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.RECEIVED
    )
    refusal_reason = models.CharField(
        _("motif du refus"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    decision_note = models.TextField(_("précisions sur la réponse"), blank=True)
    decided_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer_sent_at = models.DateTimeField(_("réponse envoyée le"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = OrderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commande d'un prescripteur")
        verbose_name_plural = _("commandes des prescripteurs")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="refusal_has_reason",
                violation_error_message=_("Un refus doit être motivé : choisissez un motif."),
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(offer__isnull=False),
                name="accepted_order_names_offer",
                violation_error_message=_(
                    "Une commande acceptée doit indiquer la prestation de notre offre."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expected_end__isnull=True)
                | Q(expected_start__isnull=True)
                | Q(expected_end__gte=models.F("expected_start")),
                name="order_dates_in_order",
                violation_error_message=_("La fin attendue ne peut pas précéder le début attendu."),
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "status", "received_on"], name="order_queue_idx")
        ]

    def __str__(self):
        return f"Commande {self.prescriber_name} du {self.received_on:%d/%m/%Y}"

    @property
    def prescriber_kind_is_named(self) -> bool:
        """Whether the prescriber's name already says its kind (« France Travail — agence de
        Saint-Nazaire », « SPIP 44 »), accents and case ignored: the kind is then not repeated."""
        name = f" {normalize(self.prescriber_name)} "
        alternatives = str(self.get_prescriber_kind_display()).split("/")
        return any(f" {normalize(kind)} " in name for kind in alternatives if normalize(kind))

    @property
    def prescriber_label(self) -> str:
        """« Conseil départemental — espace solidarités », but « SPIP 44 » (not « SPIP — SPIP 44 »)."""
        if self.prescriber_kind_is_named:
            return self.prescriber_name
        return f"{self.get_prescriber_kind_display()} — {self.prescriber_name}"

    @property
    def age_days(self) -> int:
        return (timezone.localdate() - self.received_on).days

    def clean(self):
        if self.expected_start and self.expected_end and self.expected_end < self.expected_start:
            raise ValidationError({"expected_end": _("La fin attendue précède le début.")})
        if self.received_on and self.received_on > timezone.localdate():
            raise ValidationError(
                {"received_on": _("La date de réception ne peut pas être dans le futur.")}
            )
        if (
            self.status == OrderStatus.REFUSED
            and self.refusal_reason == RefusalReason.OTHER
            and not self.decision_note.strip()
        ):
            raise ValidationError({"decision_note": OTHER_REASON_NEEDS_NOTE})
