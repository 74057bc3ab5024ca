"""Social-rights estimates kept in a person's file.

An estimate is a record of what was computed, with what, on which day: it is never edited.
Another household or another month is another estimate.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.permissions import Perm, Section, active_membership, sections_for
from tremplin.people.models import Person
from tremplin.rights import engine


class EstimateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The estimates of the user's structure, for the files the user may open, when the
        user's role may read the social situation (resources are social data)."""
        membership = active_membership(user)
        if membership is None or not membership.can(Perm.PERSON_VIEW):
            return self.none()
        if Section.SITUATION not in sections_for(membership.role):
            return self.none()
        return self.filter(
            structure_id=membership.structure_id,
            person__in=Person.objects.visible_to(user),
        )


class RightsEstimate(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rights_estimates")
    structure = models.ForeignKey("accounts.Structure", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("mois estimé"), help_text=_("Le premier jour du mois."))
    household = models.JSONField(_("foyer et ressources déclarés"))
    result = models.JSONField(_("montants estimés"))
    total = models.DecimalField(_("total mensuel estimé"), max_digits=8, decimal_places=2)
    engine_version = models.CharField(_("moteur de calcul"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("estimé par"),
    )
    created_at = models.DateTimeField(_("estimé le"), auto_now_add=True)

    objects = EstimateQuerySet.as_manager()

    class Meta:
        verbose_name = _("estimation des droits sociaux")
        verbose_name_plural = _("estimations des droits sociaux")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="rights_estimate_month_first_day"
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="rights_estimate_total"),
        ]

    def __str__(self):
        return f"Estimation du {timezone.localtime(self.created_at):%d/%m/%Y}"

    def get_household(self) -> engine.Household:
        return engine.Household.from_json(self.household)

    def lines(self) -> list[dict]:
        """The benefits in display order: label, amount, what it needs."""
        amounts = self.result.get("amounts", {})
        lines = []
        for key, _variable, label in engine.BENEFITS:
            if key not in amounts:
                continue
            if key == "housing" and self.result.get("housing_kind"):
                kind = dict(engine.HOUSING_KINDS)[self.result["housing_kind"]]
                label = f"{label} — {kind}"
            lines.append(
                {
                    "key": key,
                    "label": label,
                    "amount": amounts[key],
                    "conditions": engine.CONDITIONS[key],
                }
            )
        return lines

    def not_found(self) -> list[str]:
        amounts = self.result.get("amounts", {})
        return [label for key, _variable, label in engine.BENEFITS if key not in amounts]
