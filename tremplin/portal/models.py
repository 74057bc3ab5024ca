"""The person's own space (« Mon espace »): who may enter, and what happened at the door.

- SpaceAccess: one per person; the state of their access (status, wrong birth dates,
  session epoch).
- SpaceLink: a link that may still open the access. A link is a signed token carrying only
  the access's id and the link's nonce: a few may be pending at once (asking for a new one
  never cancels the one the person just received); using one, a new invitation, revoking
  the access or blocking it deletes them all.
- SpaceEvent: the door's journal (invited, logged in, wrong birth date, blocked, revoked,
  consents changed from the space), shown to the counselors on the file.

The person is not a staff `User`: their session holds a separate key (portal.session).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.models import TimeStampedModel
from tremplin.portal.enums import LinkKind, SendChannel, SpaceEventKind, SpaceStatus

# Wrong birth dates accepted on one access (all its links together) before it is blocked.
MAX_ATTEMPTS = 5
# Links that may be pending at once for one access (docs/security.md, 14 quater).
MAX_PENDING_LINKS = 3


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class SpaceAccess(TimeStampedModel):
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="space_access"
    )
    # The structure that invited the person: the person's own reads are traced under it.
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("état"), max_length=10, choices=SpaceStatus.choices)
    failed_attempts = models.PositiveSmallIntegerField(_("erreurs sur le lien en cours"), default=0)
    # Raised on revocation: every open session of the person ends at its next request.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    invited_at = models.DateTimeField(_("invitée le"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activated_at = models.DateTimeField(_("première connexion le"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("dernière visite le"), null=True, blank=True)
    blocked_at = models.DateTimeField(_("lien bloqué le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("accès retiré le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_link_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("accès à l'espace personnel")
        verbose_name_plural = _("accès aux espaces personnels")
        constraints = [
            models.CheckConstraint(
                condition=Q(failed_attempts__lte=MAX_ATTEMPTS), name="space_attempts_bounded"
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False),
                name="space_revoked_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="blocked") | Q(blocked_at__isnull=False),
                name="space_blocked_has_date",
            ),
        ]

    def __str__(self):
        return f"Espace du dossier {self.person_id} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        """The person may be in the space (a session may run)."""
        return self.status in {SpaceStatus.INVITED, SpaceStatus.ACTIVE}

    def pending_links(self):
        """The links that may still open the access (none while it is blocked or revoked)."""
        if not self.is_open:
            return SpaceLink.objects.none()
        return self.links.filter(expires_at__gt=timezone.now())

    @property
    def link_valid_until(self):
        """When the last pending link expires, or None."""
        link = self.pending_links().order_by("-expires_at").first()
        return link.expires_at if link else None

    @property
    def attempts_left(self) -> int:
        return MAX_ATTEMPTS - self.failed_attempts


class SpaceLink(models.Model):
    """A link sent and not yet used. Used, replaced or expired links are deleted (the
    SpaceEvent rows keep the journal); the nonce is never shown, only signed."""

    access = models.ForeignKey(SpaceAccess, on_delete=models.CASCADE, related_name="links")
    nonce = models.CharField(max_length=32, default=new_nonce, unique=True, editable=False)
    kind = models.CharField(_("type de lien"), max_length=12, choices=LinkKind.choices)
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    expires_at = models.DateTimeField(_("valable jusqu'au"))

    class Meta:
        verbose_name = _("lien vers l'espace personnel")
        verbose_name_plural = _("liens vers les espaces personnels")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["access", "expires_at"], name="spacelink_access_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} — jusqu'au {self.expires_at:%d/%m/%Y %H:%M}"


class SpaceEvent(models.Model):
    access = models.ForeignKey(SpaceAccess, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("événement"), max_length=20, choices=SpaceEventKind.choices)
    at = models.DateTimeField(_("le"), default=timezone.now)
    # The professional who acted; empty when the person acted from their space.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(
        _("envoyé par"), max_length=10, choices=SendChannel.choices, blank=True
    )
    note = models.CharField(_("précision"), max_length=255, blank=True)
    # The structure a consent or a synthesis concerned: only it reads the event. Empty for
    # the life of the space itself (invitations, visits, blocks), read by every structure
    # that follows the person.
    concerns = models.ForeignKey(
        "accounts.Structure",
        verbose_name=_("structure concernée"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("événement de l'espace personnel")
        verbose_name_plural = _("événements des espaces personnels")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["access", "-at"], name="spaceevent_access_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.at:%d/%m/%Y %H:%M}"
