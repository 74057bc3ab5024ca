"""The agenda (REAC CP6): appointments between professionals and the people they follow.

- Appointment: one meeting, individual or collective, on site or remote.
- Participant: one person expected at it, with their attendance.
- Notice: one invitation or reminder, sent or not (and why not), per participant and channel.
- CalendarFeed: a professional's private iCal subscription (only the key's hash is stored).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.agenda.enums import (
    AppointmentKind,
    Attendance,
    NoticeChannel,
    NoticeKind,
    NoticeStatus,
)
from tremplin.core.models import TimeStampedModel
from tremplin.core.permissions import Perm, membership_with
from tremplin.core.validators import validate_plausible_date
from tremplin.people.models import Person

MAX_DURATION = timedelta(hours=24)
# A new appointment may be written down after the fact (met in a corridor, noted the next
# days), not months later: that would be a typo in the year more often than a real meeting.
PAST_LIMIT = timedelta(days=31)
# Appointments are planned for the coming months: beyond this, a typo in the year.
PLANNED_YEARS = 2


class AppointmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Appointments of the structure the user acts for, if their role keeps an agenda."""
        membership = membership_with(user, Perm.AGENDA_MANAGE)
        if membership is None:
            return self.none()
        return self.filter(structure_id=membership.structure_id)

    def between(self, start, end):
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def with_person(self, person):
        return self.filter(participants__person=person)

    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)


class Appointment(TimeStampedModel):
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avec"),
        on_delete=models.PROTECT,
        related_name="appointments_organized",
    )
    kind = models.CharField(
        _("type de rendez-vous"),
        max_length=20,
        choices=AppointmentKind.choices,
        default=AppointmentKind.FOLLOW_UP,
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    remote_link = models.URLField(_("lien de visioconférence"), max_length=500, blank=True)
    subject = models.CharField(
        _("objet"),
        max_length=200,
        blank=True,
        help_text=_(
            "Pour l'équipe seulement : jamais envoyé à la personne ni dans le calendrier. "
            "Restez factuel, sans détail de santé ou de justice."
        ),
    )
    notify = models.BooleanField(
        _("prévenir les personnes (invitation et rappel la veille)"),
        default=True,
        help_text=_("Décochez si la personne a demandé à ne pas recevoir de message."),
    )
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    cancel_reason = models.CharField(_("motif de l'annulation"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = AppointmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="", remote_link=""), name="appointment_has_place_or_link"
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "starts_at"], name="appointment_structure_idx"),
            models.Index(fields=["organizer", "starts_at"], name="appointment_organizer_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def duration_minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_remote(self) -> bool:
        return bool(self.remote_link) and not self.place

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = _("La fin doit être après le début.")
            elif self.ends_at - self.starts_at > MAX_DURATION:
                errors["ends_at"] = _("Un rendez-vous ne peut pas durer plus de 24 heures.")
        if self.starts_at and self._state.adding and self.starts_at < timezone.now() - PAST_LIMIT:
            errors["starts_at"] = _(
                "Cette date est passée depuis plus d'un mois : vérifiez l'année et le jour."
            )
        if self.starts_at and "starts_at" not in errors:
            try:
                validate_plausible_date(self.starts_at, future_years=PLANNED_YEARS)
            except ValidationError as error:
                errors["starts_at"] = error.messages
        if not self.place and not self.remote_link:
            errors["place"] = _("Indiquez un lieu ou un lien de visioconférence.")
        if errors:
            raise ValidationError(errors)


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(appointment__in=Appointment.objects.visible_to(user))


class Participant(models.Model):
    """A person expected at an appointment, and whether they came."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("personne"), on_delete=models.PROTECT, related_name="appointments"
    )
    attendance = models.CharField(
        _("présence"), max_length=10, choices=Attendance.choices, default=Attendance.PLANNED
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant·e")
        verbose_name_plural = _("participant·es")
        ordering = ["appointment", "person__sort_key", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "person"], name="one_seat_per_person"),
        ]
        indexes = [models.Index(fields=["person", "attendance"], name="participant_person_idx")]

    def __str__(self):
        return f"{self.person} — {self.appointment}"


class Notice(models.Model):
    """One invitation or reminder to one participant through one channel.

    A row is written *before* the message leaves (status `sent` then means "handed to the
    back-end"): with the unique constraint, two runs of the reminder command can never send
    the same reminder twice. `skipped` rows keep the reason shown to the counselor.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=NoticeKind.choices)
    channel = models.CharField(max_length=5, choices=NoticeChannel.choices)
    status = models.CharField(max_length=8, choices=NoticeStatus.choices)
    reason = models.CharField(_("raison"), max_length=255, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("invitation ou rappel")
        verbose_name_plural = _("invitations et rappels")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind", "channel"], name="one_notice_per_channel"
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} {self.get_channel_display()} : {self.get_status_display()}"
        )


class CalendarFeedQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(
            revoked_at__isnull=True,
            membership__is_active=True,
            membership__user__is_active=True,
            membership__structure__is_active=True,
        )


class CalendarFeed(models.Model):
    """A private iCal subscription to one professional's appointments in one structure.

    The address holds a random key; only its SHA-256 is stored, so the address is shown
    once, at creation. Revoking makes the address answer 404 at once.
    """

    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière lecture"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement calendrier")
        verbose_name_plural = _("abonnements calendrier")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_calendar_feed",
            ),
        ]

    def __str__(self):
        return f"{self.prefix}…"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, membership) -> tuple["CalendarFeed", str]:
        """Revoke the live feed of `membership`, if any, and create a new one.

        The clear key is returned once and never stored."""
        now = timezone.now()
        cls.objects.filter(membership=membership, revoked_at__isnull=True).update(revoked_at=now)
        key = secrets.token_urlsafe(32)
        feed = cls.objects.create(membership=membership, key_hash=cls.hash_key(key), prefix=key[:8])
        return feed, key
