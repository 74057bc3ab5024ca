"""Proposals (mises en relation): a person proposed to an employer for an offer.

The person's consent to be proposed to employers is required and kept with the proposal.
The employer sees a minimal profile — first name and initial, the job aimed at, the skills
for this job, availability and commune — through a signed link without an account, and
answers there (interview, hired, refused with a reason), or the counselor records the answer.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import Perm, membership_with


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Candidature proposée, en attente de l'employeur")
    INTERVIEW = "interview", _("Entretien prévu")
    HIRED = "hired", _("Embauche")
    REFUSED = "refused", _("Candidature non retenue")
    WITHDRAWN = "withdrawn", _("Candidature retirée")


TRANSITIONS = {
    ProposalStatus.PROPOSED: {
        ProposalStatus.INTERVIEW,
        ProposalStatus.HIRED,
        ProposalStatus.REFUSED,
        ProposalStatus.WITHDRAWN,
    },
    ProposalStatus.INTERVIEW: {
        ProposalStatus.INTERVIEW,  # the interview moved to another date
        ProposalStatus.HIRED,
        ProposalStatus.REFUSED,
        ProposalStatus.WITHDRAWN,
    },
    ProposalStatus.HIRED: set(),
    ProposalStatus.REFUSED: set(),
    ProposalStatus.WITHDRAWN: set(),
}
OPEN_STATUSES = (ProposalStatus.PROPOSED, ProposalStatus.INTERVIEW)


class RefusalReason(models.TextChoices):
    PROFILE = "profile", _("Le profil ne correspond pas au poste")
    EXPERIENCE = "experience", _("Expérience insuffisante pour ce poste")
    FILLED = "filled", _("Le poste est déjà pourvu")
    UNREACHABLE = "unreachable", _("La personne n'a pas donné suite")
    INTERVIEW = "interview", _("Non retenue après l'entretien")
    OTHER = "other", _("Autre motif (précisé)")


def _nonce() -> str:
    return secrets.token_urlsafe(12)


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = membership_with(user, Perm.EMPLOYERS_VIEW)
        if membership is None:
            return self.none()
        return self.filter(structure_id=membership.structure_id)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Proposal(VersionedModel, TimeStampedModel):
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    offer = models.ForeignKey(
        "employers.JobOffer", on_delete=models.PROTECT, related_name="proposals"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="proposals")
    consent = models.ForeignKey("people.Consent", on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message à l'employeur"), blank=True)
    recipient_email = models.EmailField(_("e-mail de l'employeur"), blank=True)
    score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    interview_at = models.DateTimeField(_("date de l'entretien"), null=True, blank=True)
    hire_starts_on = models.DateField(_("date de prise de poste"), null=True, blank=True)
    refusal_reason = models.CharField(
        _("motif"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    answer_comment = models.TextField(_("commentaire de l'employeur"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    link_nonce = models.CharField(max_length=32, default=_nonce, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("mise en relation")
        verbose_name_plural = _("mises en relation")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "person"],
                condition=~Q(status="withdrawn"),
                name="one_live_proposal_per_offer_and_person",
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()} — {self.offer}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ProposalEvent(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    status_to = models.CharField(max_length=20, choices=ProposalStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_label = models.CharField(max_length=150, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_status_to_display()} — {self.at:%d/%m/%Y}"

    @property
    def actor(self) -> str:
        if self.by_id:
            return self.by.full_name
        return f"{self.by_label} (employeur, par le lien)" if self.by_label else ""
