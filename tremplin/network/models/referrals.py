"""Referrals (orientations) of a person to a partner's service (REAC CP4).

A referral is prepared by the counselor (draft), sent with the person's consent to share
chosen sections of the file with that partner, then answered by the partner — in its own
space when it uses Tremplin, otherwise through a signed link valid for a limited time.
Without an answer in the structure's delay, it expires. Once accepted, it ends as done
(the person was received) or as a no-show. Every change of state is a dated event.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import Perm, membership_with
from tremplin.network.models.directory import PartnerService, PartnerStructure
from tremplin.people.models import Person


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SENT = "sent", _("Envoyée, en attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")
    DONE = "done", _("Réalisée")
    NO_SHOW = "no_show", _("Personne non venue")
    EXPIRED = "expired", _("Sans réponse dans le délai")
    CANCELLED = "cancelled", _("Annulée")


# Which state may follow which. An expired referral may be sent again (relance).
TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.DRAFT: frozenset({ReferralStatus.SENT, ReferralStatus.CANCELLED}),
    ReferralStatus.SENT: frozenset(
        {
            ReferralStatus.ACCEPTED,
            ReferralStatus.REFUSED,
            ReferralStatus.EXPIRED,
            ReferralStatus.CANCELLED,
        }
    ),
    ReferralStatus.ACCEPTED: frozenset(
        {ReferralStatus.DONE, ReferralStatus.NO_SHOW, ReferralStatus.CANCELLED}
    ),
    ReferralStatus.EXPIRED: frozenset({ReferralStatus.SENT, ReferralStatus.CANCELLED}),
    ReferralStatus.REFUSED: frozenset(),
    ReferralStatus.DONE: frozenset(),
    ReferralStatus.NO_SHOW: frozenset(),
    ReferralStatus.CANCELLED: frozenset(),
}

OPEN_STATUSES = (ReferralStatus.DRAFT, ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class RefusalReason(models.TextChoices):
    CRITERIA = "criteria", _("La personne ne remplit pas les conditions d'accès")
    FULL = "full", _("Plus de place disponible")
    ZONE = "zone", _("Hors de notre zone d'intervention")
    ALREADY = "already", _("La personne est déjà accompagnée chez nous")
    WRONG_SERVICE = "wrong_service", _("Le service ne répond pas à ce besoin")
    OTHER = "other", _("Autre raison")


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Referrals sent by the user's structure, or received by it as a partner."""
        membership = membership_with(user, Perm.REFERRAL_MANAGE)
        if membership is None:
            return self.none()
        return self.filter(
            Q(structure_id=membership.structure_id)
            | Q(
                partner__tremplin_structure_id=membership.structure_id,
                status__in=[s for s in ReferralStatus.values if s != ReferralStatus.DRAFT],
            )
        )

    def sent_by(self, structure_id):
        return self.filter(structure_id=structure_id)

    def received_by(self, structure_id):
        return self.filter(partner__tremplin_structure_id=structure_id).exclude(
            status=ReferralStatus.DRAFT
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        """Sent, unanswered, and past the answer delay."""
        return self.filter(status=ReferralStatus.SENT, expires_at__lte=now or timezone.now())


def new_link_nonce() -> str:
    return secrets.token_urlsafe(16)


class Referral(VersionedModel, TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    structure = models.ForeignKey(
        "accounts.Structure",
        verbose_name=_("structure qui oriente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("orientée par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        PartnerService,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    partner = models.ForeignKey(
        PartnerStructure,
        verbose_name=_("partenaire"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    thematique = models.ForeignKey(
        "referentials.Thematique",
        verbose_name=_("besoin auquel elle répond"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    diagnosis_version = models.ForeignKey(
        "diagnosis.DiagnosisVersion",
        verbose_name=_("diagnostic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    motive = models.TextField(
        _("motif de l'orientation"),
        help_text=_(
            "Ce que le partenaire doit savoir pour recevoir la personne : sa demande, ce qui "
            "a déjà été fait, ce qui est attendu. Il le lira dans la fiche de liaison."
        ),
    )
    recipient_email = models.EmailField(
        _("e-mail du destinataire"),
        blank=True,
        help_text=_("L'adresse du service par défaut ; un contact nommé si vous en avez un."),
    )
    consent = models.ForeignKey(
        "people.Consent",
        verbose_name=_("consentement au partage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    status = models.CharField(
        _("état"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("réponse attendue avant le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réponse de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who answered through the link (a partner without an account).
    answered_by_name = models.CharField(_("réponse de"), max_length=150, blank=True)
    refusal_reason = models.CharField(
        _("motif du refus"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    partner_comment = models.TextField(_("commentaire du partenaire"), blank=True)
    appointment_at = models.DateTimeField(_("rendez-vous proposé le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    outcome_note = models.TextField(_("ce qui s'est passé"), blank=True)
    # Changing it revokes every answer link sent before.
    link_nonce = models.CharField(max_length=40, default=new_link_nonce, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(status="cancelled") | Q(consent__isnull=False),
                name="sent_referral_has_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="refused_referral_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "status", "expires_at"], name="referral_queue_idx"),
            models.Index(fields=["person", "-created_at"], name="referral_person_idx"),
        ]

    def __str__(self):
        return f"Orientation vers {self.service.name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def partner_uses_tremplin(self) -> bool:
        return self.partner.tremplin_structure_id is not None

    @property
    def shared_sections(self) -> list[str]:
        return list(self.consent.sections) if self.consent_id else []

    @property
    def sharing_in_force(self) -> bool:
        """The person's agreement to share, given at sending, is still in force (neither
        withdrawn nor expired): only then does the partner read what was shared."""
        return self.consent_id is not None and self.consent.is_active

    @property
    def sharing_withdrawn_at(self):
        """When the person withdrew the agreement to share, else None."""
        return self.consent.withdrawn_at if self.consent_id else None

    @property
    def sharing_expired_at(self):
        """When the agreement to share expired (not withdrawn), else None."""
        if self.consent_id is None or self.consent.withdrawn_at is not None:
            return None
        expires_at = self.consent.expires_at
        return expires_at if expires_at is not None and expires_at <= timezone.now() else None

    @property
    def identity_shared(self) -> bool:
        return "identity" in self.shared_sections

    @property
    def reference(self) -> str:
        return f"ORI-{self.pk:06d}"

    def can_become(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    def age_days(self, now=None) -> int | None:
        if self.sent_at is None:
            return None
        return ((now or timezone.now()) - self.sent_at).days


class ReferralEvent(models.Model):
    """One change in a referral's life: who did what, when, and what was said."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("le"), default=timezone.now)
    status_from = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=ReferralStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # For answers through the link, and for the automatic expiry.
    by_label = models.CharField(max_length=150, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("étape d'une orientation")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y} {self.status_to}"

    @property
    def actor(self) -> str:
        if self.by_id:
            return self.by.full_name
        return self.by_label
