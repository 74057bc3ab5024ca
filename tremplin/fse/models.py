"""What the FSE+ indicators need beyond the file: the situation on the day of entry, the
qualification gained by the exit, and the 6-month follow-up survey.

Everything else (age, exit situation and dates, consent) is read from the file itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.core.models import TimeStampedModel, VersionedModel
from tremplin.fse import enums
from tremplin.people.enums import EducationLevel


class Participation(VersionedModel, TimeStampedModel):
    """The FSE+ facts of one pathway that the file does not keep as they were on the day of
    entry. Part of the pathway section; `disability` is health data, shown and changed
    only by those who see the health section."""

    pathway = models.OneToOneField(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="fse_participation"
    )
    labour_status = models.CharField(
        _("situation sur le marché du travail à l'entrée"),
        max_length=12,
        choices=enums.LabourStatus.choices,
        blank=True,
    )
    jobseeker_since = models.DateField(
        _("inscrit·e à France Travail depuis le"),
        null=True,
        blank=True,
        help_text=_("Pour savoir si la personne est chômeuse de longue durée (12 mois ou plus)."),
    )
    entry_contract = models.CharField(
        _("emploi occupé à l'entrée"), max_length=16, choices=enums.Contract.choices, blank=True
    )
    education_level = models.CharField(
        _("niveau de diplôme à l'entrée"),
        max_length=8,
        choices=EducationLevel.choices,
        blank=True,
    )
    housing_exclusion = models.CharField(
        _("sans domicile ou exclu·e du logement à l'entrée"),
        max_length=10,
        choices=enums.Reply.choices,
        blank=True,
        help_text=_(
            "À la rue, en hébergement d'urgence ou d'insertion, en logement précaire ou inadapté."
        ),
    )
    rural = models.CharField(
        _("vit en zone rurale"),
        max_length=10,
        choices=enums.Reply.choices,
        blank=True,
        help_text=_(
            "Commune peu dense ou très peu dense dans la grille de densité de l'Insee "
            "(ce n'est pas la même chose qu'une ZRR)."
        ),
    )
    disability = models.CharField(
        _("situation de handicap à l'entrée"),
        max_length=10,
        choices=enums.Reply.choices,
        blank=True,
        help_text=_("RQTH, AAH ou handicap déclaré par la personne."),
    )
    qualification = models.CharField(
        _("qualification obtenue pendant le parcours"),
        max_length=10,
        choices=enums.Reply.choices,
        blank=True,
        help_text=_("Diplôme, titre professionnel ou certificat obtenu, noté à la sortie."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("données FSE+ du parcours")
        verbose_name_plural = _("données FSE+ des parcours")
        constraints = [
            models.CheckConstraint(
                condition=Q(entry_contract="") | Q(labour_status="employed"),
                name="fse_entry_contract_only_if_employed",
            ),
        ]

    def __str__(self):
        return f"Données FSE+ du parcours {self.pathway_id}"


class Survey(TimeStampedModel):
    """The 6-month follow-up survey of one pathway: claimed once (the row exists before any
    message leaves, so it is never sent twice), answered once, by the link or by phone."""

    pathway = models.OneToOneField(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="fse_survey"
    )
    send_status = models.CharField(_("envoi"), max_length=10, choices=enums.SendStatus.choices)
    channels = models.CharField(_("canaux"), max_length=20, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("lien valable jusqu'au"), null=True, blank=True)
    nonce = models.CharField(max_length=32, blank=True)
    situation = models.CharField(
        _("situation aujourd'hui"),
        max_length=16,
        choices=enums.SurveySituation.choices,
        blank=True,
    )
    contract = models.CharField(
        _("type de contrat"), max_length=16, choices=enums.Contract.choices, blank=True
    )
    # Asked only of people employed at entry who work again at six months.
    improvements = models.JSONField(_("ce qui a changé dans le travail"), default=list, blank=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    answered_via = models.CharField(
        _("réponse"), max_length=8, choices=enums.AnswerChannel.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("enquête à 6 mois")
        verbose_name_plural = _("enquêtes à 6 mois")
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, situation="")
                | (Q(answered_at__isnull=False) & ~Q(situation="") & ~Q(answered_via="")),
                name="fse_survey_answer_complete",
            ),
            models.CheckConstraint(
                condition=Q(contract="") | Q(situation="employed"),
                name="fse_survey_contract_only_if_employed",
            ),
        ]

    def __str__(self):
        return f"Enquête à 6 mois du parcours {self.pathway_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is None or self.expires_at <= timezone.now()
