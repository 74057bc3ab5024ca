"""Practice analysis and prevention (REAC CP11 and the transversal competence).

- The practice journal belongs to its author alone: no manager, no colleague reads an
  entry unless its author shares it with a team session (optionally without their name).
  It names no person accompanied: it is about the professional's practice.
- Incident reports (threats, aggressions, distressing situations) go to the managers of
  the structure, who record the follow-up.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.core.permissions import Perm, active_membership, membership_with

# --- practice journal -------------------------------------------------------------------------


class PracticeSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = membership_with(user, Perm.PRACTICE_JOURNAL)
        if membership is None:
            return self.none()
        return self.filter(structure_id=membership.structure_id)


class PracticeSession(TimeStampedModel):
    """A team's practice-analysis session (analyse de la pratique professionnelle)."""

    structure = models.ForeignKey("accounts.Structure", on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("date de la séance"))
    theme = models.CharField(_("thème"), max_length=200)
    facilitator = models.CharField(
        _("animée par"),
        max_length=200,
        blank=True,
        help_text=_("Souvent un ou une intervenante extérieure (psychologue, superviseur)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = PracticeSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance d'analyse de pratique")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.theme} — {self.held_on:%d/%m/%Y}"


class JournalEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The user's own entries only: a journal is private to its author."""
        membership = membership_with(user, Perm.PRACTICE_JOURNAL)
        if membership is None:
            return self.none()
        return self.filter(author=user)

    def shared_with(self, user):
        """Entries their authors shared with a session of the user's structure."""
        membership = membership_with(user, Perm.PRACTICE_JOURNAL)
        if membership is None:
            return self.none()
        return self.filter(
            shared_session__isnull=False, shared_session__structure_id=membership.structure_id
        )


class JournalEntry(VersionedModel, TimeStampedModel):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    occurred_on = models.DateField(_("date de la situation"), default=timezone.localdate)
    title = models.CharField(
        _("la situation en une ligne"),
        max_length=200,
        help_text=_("Sans nom ni détail qui permettrait de reconnaître la personne."),
    )
    situation = models.TextField(_("le contexte"), blank=True)
    facts = models.TextField(_("les faits"), help_text=_("Ce qui s'est passé, observable."))
    opinions = models.TextField(
        _("mes opinions, mes interprétations"), blank=True, help_text=_("Ce que j'en pense.")
    )
    emotions = models.TextField(
        _("mes émotions"), blank=True, help_text=_("Ce que j'ai ressenti, sur le moment et après.")
    )
    strengths = models.TextField(_("ce qui a marché, mes appuis"), blank=True)
    adjustments = models.TextField(_("ce que je veux ajuster"), blank=True)
    shared_session = models.ForeignKey(
        PracticeSession,
        verbose_name=_("partagée avec la séance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
    )
    shared_anonymously = models.BooleanField(_("partagée sans mon nom"), default=True)
    shared_at = models.DateTimeField(null=True, blank=True)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal de pratique")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self):
        return self.title


# --- incidents --------------------------------------------------------------------------------


class IncidentKind(models.TextChoices):
    THREAT = "threat", _("Menace")
    VERBAL = "verbal", _("Agression verbale, insultes")
    PHYSICAL = "physical", _("Agression physique")
    DAMAGE = "damage", _("Dégradation des locaux ou du matériel")
    DISTRESS = "distress", _("Situation éprouvante (détresse, annonce difficile…)")
    OTHER = "other", _("Autre")


class IncidentSeverity(models.TextChoices):
    LOW = "low", _("Faible — sans suite immédiate")
    MEDIUM = "medium", _("Moyenne — a perturbé l'activité")
    HIGH = "high", _("Élevée — atteinte aux personnes, intervention nécessaire")
    CRITICAL = "critical", _("Critique — blessure, secours ou forces de l'ordre appelés")


class IncidentPlace(models.TextChoices):
    RECEPTION = "reception", _("À l'accueil")
    INTERVIEW = "interview", _("En entretien")
    WORKSHOP = "workshop", _("En atelier")
    PHONE = "phone", _("Au téléphone")
    WRITING = "writing", _("Par écrit (courriel, courrier, message)")
    OUTSIDE = "outside", _("À l'extérieur (visite, domicile, entreprise)")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("À traiter")
    FOLLOW_UP = "follow_up", _("Suivi en cours")
    CLOSED = "closed", _("Clos")


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Managers see the structure's incidents; a reporter sees the ones they reported."""
        membership = active_membership(user)
        if membership is None:
            return self.none()
        own = self.filter(structure_id=membership.structure_id)
        if membership.can(Perm.INCIDENT_MANAGE):
            return own
        if membership.can(Perm.INCIDENT_REPORT):
            return own.filter(reported_by=user)
        return self.none()

    def open(self):
        return self.exclude(status=IncidentStatus.CLOSED)


class Incident(VersionedModel, TimeStampedModel):
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("date et heure"))
    kind = models.CharField(_("type"), max_length=20, choices=IncidentKind.choices)
    severity = models.CharField(_("gravité"), max_length=20, choices=IncidentSeverity.choices)
    place = models.CharField(_("où"), max_length=20, choices=IncidentPlace.choices)
    description = models.TextField(
        _("ce qui s'est passé"),
        help_text=_("Les faits, dans l'ordre, avec les mots prononcés s'il y en a eu."),
    )
    involved = models.CharField(
        _("personnes présentes ou concernées"),
        max_length=500,
        blank=True,
        help_text=_("Collègues, témoins ; la personne accompagnée seulement si c'est utile."),
    )
    immediate_measures = models.TextField(_("ce qui a été fait sur le moment"), blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="closed_incident_has_date",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {timezone.localtime(self.occurred_at):%d/%m/%Y}"


class FollowUpKind(models.TextChoices):
    DEBRIEFING = "debriefing", _("Échange, débriefing avec la personne qui l'a vécu")
    SUPPORT = "support", _("Soutien proposé (médecine du travail, psychologue…)")
    MEASURE = "measure", _("Mesure d'organisation ou de sécurité")
    COMPLAINT = "complaint", _("Dépôt de plainte, main courante")
    LETTER = "letter", _("Courrier de rappel au cadre à l'auteur")
    NOTE = "note", _("Autre suite")


class IncidentFollowUp(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="follow_ups")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(_("suite donnée"), max_length=20, choices=FollowUpKind.choices)
    note = models.TextField(_("précisions"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("suite d'un incident")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {timezone.localtime(self.at):%d/%m/%Y}"
