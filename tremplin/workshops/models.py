"""Collective workshops (REAC CP9, CP10).

- WorkshopDesign: the *conception d'atelier*, reusable for many sessions, with its Sequences.
- WorkshopSession: one run of a design: half-days, place, capacity, facilitators.
- HalfDay: a morning or an afternoon of a session, with its sign-in sheet.
- Registration: a person registered (or on the waiting list) for a session.
- Invitation: one message sent (or not, and why) to a registered person.
- Signature: a participant's signature on a half-day's sheet, on the screen. Evidence for the
  funder: never changed nor deleted once written.
- Presence: who was present at a half-day, written once when the half-day is closed.
- Evaluation: objectives reached and satisfaction answers of one participant.
"""

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.agenda.enums import NoticeChannel, NoticeStatus
from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import Perm, membership_with
from tremplin.core.validators import validate_plausible_date
from tremplin.people.models import Person
from tremplin.workshops.enums import (
    DEFAULT_QUESTIONS,
    PresenceSource,
    RegistrationStatus,
    SignatureMethod,
    Slot,
)

# On-screen sign-in is open from a little before the half-day starts (people arrive early)
# until a short while after it ends (the last ones sign on their way out); never later: the
# sheet attests presence at the time, nothing is added afterwards.
SIGN_IN_OPENS_BEFORE_START = timedelta(minutes=30)
SIGN_IN_CLOSES_AFTER_END = timedelta(hours=1)
# Welcome and breaks are not sequences of the scenario: up to this much difference between
# the half-days' hours and the scenario's length is expected, beyond it is worth a look.
DURATION_SLACK_MINUTES = 30
# Sessions are programmed for the coming months: beyond this, a typo in the year.
PLANNED_YEARS = 2


class ImmutableError(Exception):
    """Sign-in evidence is written once and never changed: funders rely on it."""


def _default_questions():
    return list(DEFAULT_QUESTIONS)


class DesignQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = membership_with(user, Perm.WORKSHOP_SIGN_IN)
        if membership is None:
            return self.none()
        return self.filter(structure_id=membership.structure_id)


class WorkshopDesign(VersionedModel, TimeStampedModel):
    """A workshop as designed once, run as many sessions."""

    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("intitulé de l'atelier"), max_length=200)
    demand = models.TextField(
        _("demande ou besoin auquel l'atelier répond"),
        help_text=_("Ce qui a été repéré chez les personnes ou demandé par un prescripteur."),
    )
    thematiques = models.ManyToManyField(
        "referentials.Thematique",
        verbose_name=_("besoins visés (thématiques data·inclusion)"),
        blank=True,
        related_name="+",
    )
    public = models.TextField(_("public visé"))
    prerequisites = models.TextField(_("prérequis"), blank=True)
    objectives = models.JSONField(
        _("objectifs pédagogiques"),
        default=list,
        # Required all the same: clean() says so in words a counselor understands.
        blank=True,
        help_text=_("Un objectif par ligne, formulé comme ce que la personne saura faire."),
    )
    satisfaction_questions = models.JSONField(
        _("questions du questionnaire de satisfaction"), default=_default_questions
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = DesignQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("conception d'atelier")
        verbose_name_plural = _("conceptions d'ateliers")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    @property
    def total_minutes(self) -> int:
        return sum(s.duration_minutes for s in self.sequences.all())

    @property
    def total_duration(self) -> str:
        return format_minutes(self.total_minutes)

    def clean(self):
        if not self.objectives:
            raise ValidationError({"objectives": _("Indiquez au moins un objectif pédagogique.")})


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


class Sequence(models.Model):
    """One step of the workshop's scenario."""

    design = models.ForeignKey(WorkshopDesign, on_delete=models.CASCADE, related_name="sequences")
    position = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("séquence"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    method = models.CharField(
        _("méthode pédagogique"),
        max_length=255,
        help_text=_("Par exemple : tour de table, mise en situation, apport théorique."),
    )
    resources = models.CharField(_("ressources et supports"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("séquence")
        ordering = ["design", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="sequence_duration_sensible",
            ),
        ]

    def __str__(self):
        return self.title


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = membership_with(user, Perm.WORKSHOP_SIGN_IN)
        if membership is None:
            return self.none()
        return self.filter(structure_id=membership.structure_id)


class WorkshopSession(TimeStampedModel):
    """One run of a workshop: one or more half-days."""

    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    design = models.ForeignKey(
        WorkshopDesign,
        verbose_name=_("atelier"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    remote_link = models.URLField(_("lien de visioconférence"), max_length=500, blank=True)
    capacity = models.PositiveSmallIntegerField(_("nombre de places"))
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("animé par"), related_name="+"
    )
    funder_mention = models.CharField(
        _("mention du financeur"),
        max_length=300,
        blank=True,
        help_text=_(
            "Imprimée sur la feuille d'émargement, par ex. « Action cofinancée par le FSE+ »."
        ),
    )
    review_comments = models.TextField(_("commentaires de l'animateur·rice"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("séance d'atelier")
        verbose_name_plural = _("séances d'ateliers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="workshop_session_has_places"
            ),
            models.CheckConstraint(
                condition=~Q(place="", remote_link=""), name="workshop_session_has_place_or_link"
            ),
        ]

    def __str__(self):
        first = self.half_days.first()
        return f"{self.design.title} — {first.date:%d/%m/%Y}" if first else self.design.title

    def clean(self):
        errors = {}
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("Prévoyez au moins une place.")
        if not self.place and not self.remote_link:
            errors["place"] = _("Indiquez un lieu ou un lien de visioconférence.")
        if errors:
            raise ValidationError(errors)

    @property
    def first_day(self):
        days = [h.date for h in self.half_days.all()]
        return min(days) if days else None

    @property
    def last_day(self):
        days = [h.date for h in self.half_days.all()]
        return max(days) if days else None

    @property
    def has_started(self) -> bool:
        first = self.first_day
        return first is not None and first <= timezone.localdate()

    @property
    def is_past(self) -> bool:
        last = self.last_day
        return last is not None and last < timezone.localdate()

    def _last_half_day(self):
        return max(self.half_days.all(), key=lambda h: (h.date, h.ends_at), default=None)

    @property
    def ends_at(self) -> datetime | None:
        """When its last half-day ends (aware), None without half-days."""
        last = self._last_half_day()
        if last is None:
            return None
        return timezone.make_aware(datetime.combine(last.date, last.ends_at))

    def has_ended(self, now=None) -> bool:
        """Its last half-day is over: its end has passed, or it has started and its sheet
        is closed (the group left a little early). Participants are evaluated only then."""
        last = self._last_half_day()
        if last is None:
            return False
        now = now or timezone.now()
        start = timezone.make_aware(datetime.combine(last.date, last.starts_at))
        end = timezone.make_aware(datetime.combine(last.date, last.ends_at))
        return end <= now or (last.is_closed and start <= now)

    def registered(self):
        """Who holds a place: only they are invited, sign, are noted present or absent and
        counted. Never the waiting list."""
        return self.registrations.filter(status=RegistrationStatus.REGISTERED)

    def waiting(self):
        return self.registrations.waiting_in_order()

    @property
    def scheduled_minutes(self) -> int:
        return sum(h.minutes for h in self.half_days.all())

    def duration_mismatch(self) -> tuple[str, str] | None:
        """(the scenario's length, the half-days' hours) when they differ by more than the
        welcome and breaks explain (a 3 h workshop over two 3 h half-days): a warning for
        whoever programmes the session, never a refusal."""
        planned, scheduled = self.design.total_minutes, self.scheduled_minutes
        if abs(planned - scheduled) <= DURATION_SLACK_MINUTES:
            return None
        return format_minutes(planned), format_minutes(scheduled)


class HalfDayQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(session__in=WorkshopSession.objects.visible_to(user))


def scan_path(instance, filename):
    # Random name: no personal data in paths.
    return f"workshops/sheets/{uuid.uuid4().hex}"


class HalfDay(models.Model):
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="half_days")
    date = models.DateField(_("date"))
    slot = models.CharField(_("demi-journée"), max_length=10, choices=Slot.choices)
    starts_at = models.TimeField(_("début"))
    ends_at = models.TimeField(_("fin"))
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the sheet said of the session when it was closed (title, place, facilitators,
    # funding): a closed sheet is the funder's proof and never changes afterwards, even if
    # the session's place or funding is edited for the half-days still to come.
    sheet_header = models.JSONField(null=True, blank=True, editable=False)
    scan = models.FileField(_("feuille papier signée (scan)"), upload_to=scan_path, blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    scan_content_type = models.CharField(max_length=100, blank=True)
    scan_attached_at = models.DateTimeField(null=True, blank=True)
    scan_attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = HalfDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("demi-journée")
        verbose_name_plural = _("demi-journées")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="half_day_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["session", "date", "slot"], name="one_half_day_per_slot"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} ({self.get_slot_display().lower()})"

    @property
    def label(self) -> str:
        return (
            f"{self.date:%d/%m/%Y}, {self.get_slot_display().lower()}, "
            f"de {self.starts_at:%H:%M} à {self.ends_at:%H:%M}"
        )

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def has_come(self) -> bool:
        """Its day has come: before, nobody can have attended, so the sheet is not closed."""
        return self.date <= timezone.localdate()

    @property
    def can_be_closed(self) -> bool:
        """What `actions.close_half_day` accepts: a sheet still open, on or after its day."""
        return not self.is_closed and self.has_come

    @property
    def sign_in_opens_at(self) -> datetime:
        start = timezone.make_aware(datetime.combine(self.date, self.starts_at))
        return start - SIGN_IN_OPENS_BEFORE_START

    @property
    def sign_in_closes_at(self) -> datetime:
        end = timezone.make_aware(datetime.combine(self.date, self.ends_at))
        return end + SIGN_IN_CLOSES_AFTER_END

    def is_sign_in_open(self, now=None) -> bool:
        """Whether a participant may sign on the screen at `now` (the sheet still open)."""
        now = now or timezone.now()
        return not self.is_closed and self.sign_in_opens_at <= now <= self.sign_in_closes_at

    @property
    def minutes(self) -> int:
        start = datetime.combine(self.date, self.starts_at)
        end = datetime.combine(self.date, self.ends_at)
        return int((end - start).total_seconds() // 60)

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("L'heure de fin doit être après l'heure de début.")
        if self.starts_at and self.slot:
            noon = self.starts_at.hour < 13
            if self.slot == Slot.MORNING and not noon:
                errors["starts_at"] = _("Une demi-journée du matin commence avant 13 h.")
            if self.slot == Slot.AFTERNOON and self.starts_at.hour < 12:
                errors["starts_at"] = _("Une demi-journée de l'après-midi commence après midi.")
        if self.date:
            try:
                validate_plausible_date(self.date, future_years=PLANNED_YEARS)
            except ValidationError as error:
                errors["date"] = error.messages
        if errors:
            raise ValidationError(errors)


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(session__in=WorkshopSession.objects.visible_to(user))

    def waiting_in_order(self):
        """The waiting list, in order of arrival: the first is offered the next free place."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("registered_at", "pk")

    def with_waiting_rank(self):
        """`waiting_rank` (1 for the first of the waiting list) without a query per row;
        None for whoever is not on the waiting list."""
        ahead = (
            Registration.objects.filter(
                session=models.OuterRef("session"), status=RegistrationStatus.WAITING
            )
            .filter(
                Q(registered_at__lt=models.OuterRef("registered_at"))
                | Q(registered_at=models.OuterRef("registered_at"), pk__lt=models.OuterRef("pk"))
            )
            .order_by()
            .values("session")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            _waiting_rank=models.Case(
                models.When(
                    status=RegistrationStatus.WAITING,
                    then=Coalesce(models.Subquery(ahead), 0) + 1,
                ),
                default=None,
                output_field=models.IntegerField(),
            )
        )

    def with_evidence(self):
        """`is_kept_as_evidence` without a query per registration."""
        return self.annotate(
            _evidence=models.Exists(Presence.objects.filter(registration=models.OuterRef("pk")))
            | models.Exists(Signature.objects.filter(registration=models.OuterRef("pk")))
        )

    def with_attendance(self):
        """`attended`: present at one half-day at least, or signed on the screen for one (a
        sheet not closed yet). Only they are evaluated and counted in the review."""
        return self.annotate(
            _present=models.Exists(
                Presence.objects.filter(registration=models.OuterRef("pk"), is_present=True)
            ),
            _signed=models.Exists(Signature.objects.filter(registration=models.OuterRef("pk"))),
        )


class Registration(models.Model):
    session = models.ForeignKey(
        WorkshopSession, on_delete=models.CASCADE, related_name="registrations"
    )
    # A named relation: merging two files moves the registrations (people.actions.merge_people
    # moves every visible relation).
    person = models.ForeignKey(
        Person,
        verbose_name=_("personne"),
        on_delete=models.PROTECT,
        related_name="workshop_registrations",
    )
    status = models.CharField(
        _("inscription"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Taken off the waiting list by someone who reached the person first (never silently).
    promoted_at = models.DateTimeField(_("passé·e de la liste d'attente le"), null=True, blank=True)
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("place confirmée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inscription à un atelier")
        verbose_name_plural = _("inscriptions aux ateliers")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="one_workshop_registration_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.session}"

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITING

    @property
    def waiting_rank(self) -> int | None:
        """Rank on the waiting list (1 for the first), None when not on it."""
        if hasattr(self, "_waiting_rank"):
            return self._waiting_rank
        if not self.is_waiting:
            return None
        ahead = Registration.objects.filter(
            session_id=self.session_id, status=RegistrationStatus.WAITING
        ).filter(
            Q(registered_at__lt=self.registered_at)
            | Q(registered_at=self.registered_at, pk__lt=self.pk)
        )
        return ahead.count() + 1

    @property
    def attended(self) -> bool:
        """Present at one half-day of the session at least (see `with_attendance`)."""
        if hasattr(self, "_present"):
            return self._present or self._signed
        return self.presences.filter(is_present=True).exists() or self.signatures.exists()

    @property
    def is_kept_as_evidence(self) -> bool:
        """Signed on the screen, or noted present or absent on a closed sheet: the
        registration is evidence of the action and can no longer be cancelled."""
        if hasattr(self, "_evidence"):
            return self._evidence
        return self.presences.exists() or self.signatures.exists()


class Invitation(models.Model):
    """One invitation to one registered person through one channel (or why none left)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="invitations"
    )
    channel = models.CharField(_("canal"), max_length=5, choices=NoticeChannel.choices)
    status = models.CharField(_("statut"), max_length=8, choices=NoticeStatus.choices)
    reason = models.CharField(_("raison"), max_length=255, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("invitation à un atelier")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "channel"], name="one_workshop_invitation_per_channel"
            ),
        ]

    def __str__(self):
        return f"{self.channel} : {self.status}"


class EvidenceQuerySet(models.QuerySet):
    """No bulk path around the guard: evidence is never updated nor deleted."""

    def update(self, **kwargs):
        raise ImmutableError("sign-in evidence is never changed")

    def delete(self):
        raise ImmutableError("sign-in evidence is never deleted")


class SignatureQuerySet(EvidenceQuerySet):
    def visible_to(self, user):
        return self.filter(half_day__in=HalfDay.objects.visible_to(user))


def signature_path(instance, filename):
    return f"workshops/signatures/{uuid.uuid4().hex}.png"


class Signature(models.Model):
    """A participant's signature on a half-day's sheet, on the tablet or phone in the room.

    `statement` is the sentence the participant signed; `sha256` is the digest of the
    statement, the time and the drawing (or the typed name): recomputing it proves that
    nothing changed since. Written once; a second signature for the same half-day is refused.
    """

    half_day = models.ForeignKey(HalfDay, on_delete=models.PROTECT, related_name="signatures")
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="signatures"
    )
    method = models.CharField(_("mode de signature"), max_length=6, choices=SignatureMethod.choices)
    signed_at = models.DateTimeField(_("signé le"))
    statement = models.TextField(_("attestation signée"))
    image = models.FileField(_("tracé de la signature"), upload_to=signature_path, blank=True)
    typed_name = models.CharField(_("nom saisi"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("émargement ouvert par"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature d'émargement")
        verbose_name_plural = _("signatures d'émargement")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["half_day", "registration"], name="one_signature_per_half_day"
            ),
            models.CheckConstraint(
                condition=(Q(method="drawn") & ~Q(image=""))
                | (Q(method="typed") & ~Q(typed_name="")),
                name="signature_has_its_mark",
            ),
        ]

    def __str__(self):
        return f"{self.registration.person} — {self.half_day}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("a signature is never changed once written")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("a signature is never deleted")

    @staticmethod
    def digest(statement: str, signed_at, mark: bytes) -> str:
        # The time in UTC: the same instant always gives the same text.
        moment = signed_at.astimezone(UTC).isoformat()
        content = statement.encode() + b"\n" + moment.encode() + b"\n" + mark
        return hashlib.sha256(content).hexdigest()

    def mark_bytes(self) -> bytes:
        if self.method == SignatureMethod.DRAWN:
            with self.image.open("rb") as handle:
                return handle.read()
        return self.typed_name.encode()

    def is_intact(self) -> bool:
        return self.digest(self.statement, self.signed_at, self.mark_bytes()) == self.sha256


class PresenceQuerySet(EvidenceQuerySet):
    def visible_to(self, user):
        return self.filter(half_day__in=HalfDay.objects.visible_to(user))

    def present(self):
        return self.filter(is_present=True)


class Presence(models.Model):
    """Present or absent at one half-day, written when the half-day is closed."""

    half_day = models.ForeignKey(HalfDay, on_delete=models.PROTECT, related_name="presences")
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="presences"
    )
    is_present = models.BooleanField(_("présent·e"))
    source = models.CharField(_("preuve"), max_length=6, choices=PresenceSource.choices)
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = PresenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("présence à une demi-journée")
        ordering = ["half_day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["half_day", "registration"], name="one_presence_per_half_day"
            ),
            models.CheckConstraint(
                condition=Q(is_present=True, source__in=["tablet", "paper"])
                | Q(is_present=False, source="none"),
                name="presence_has_its_proof",
            ),
        ]

    def __str__(self):
        return f"{self.registration.person} — {self.half_day}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("a presence is never changed once the half-day is closed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("a presence is never deleted")


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = membership_with(user, Perm.WORKSHOP_MANAGE)
        if membership is None:
            return self.none()
        return self.filter(registration__session__structure_id=membership.structure_id)


class Evaluation(TimeStampedModel):
    """The participant's evaluation: each objective reached or not, satisfaction answers."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="evaluation"
    )
    # {objective text: "reached" | "partly" | "not"}: the text, not a position, so that a
    # design edited later never shifts the answers given.
    objectives = models.JSONField(_("objectifs"), default=dict)
    # {question text: 1..4}
    answers = models.JSONField(_("réponses au questionnaire"), default=dict)
    comment = models.TextField(_("ce que la personne en dit"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("évaluation d'un·e participant·e")

    def __str__(self):
        return f"Évaluation — {self.registration}"
