"""The choices of the pathway, with their French labels."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.core.text import french_hours, french_number


class Framework(models.TextChoices):
    """The legal frame of the accompaniment, which sets the weekly activity hours."""

    CONTRAT_ENGAGEMENT = (
        "contrat_engagement",
        _("Contrat d'engagement (loi pour le plein emploi, 2023)"),
    )
    CER = "cer", _("Contrat d'engagement réciproque (CER)")
    PPAE = "ppae", _("Projet personnalisé d'accès à l'emploi (PPAE)")
    CEJ = "cej", _("Contrat d'engagement jeune (CEJ)")
    PACEA = "pacea", _("PACEA")
    IAE = "iae", _("Parcours IAE")
    PLIE = "plie", _("Parcours PLIE")
    GLOBAL = "global", _("Accompagnement global")
    NONE = "none", _("Sans cadre contractuel")


@dataclass(frozen=True)
class HoursRule:
    """Weekly activity hours a framework requires (None: no requirement)."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    source: str = ""

    @property
    def label(self) -> str:
        if self.minimum is None:
            return "Pas d'heures d'activité imposées"
        if self.maximum and self.maximum != self.minimum:
            return f"{french_number(self.minimum)} à {french_hours(self.maximum)} par semaine"
        return f"{french_hours(self.minimum)} par semaine au moins"


HOURS_RULES: dict[str, HoursRule] = {
    # Code du travail, art. L5411-6 as amended by loi n° 2023-1196 du 18 décembre 2023:
    # at least 15 hours of activity a week, unless the person's situation justifies less.
    Framework.CONTRAT_ENGAGEMENT: HoursRule(
        Decimal(15), None, "Art. L5411-6 du code du travail (loi n° 2023-1196)"
    ),
    # Décret n° 2022-199 du 18 février 2022: 15 to 20 hours a week.
    Framework.CEJ: HoursRule(Decimal(15), Decimal(20), "Art. R5131-16 du code du travail"),
}


def hours_rule(framework: str) -> HoursRule:
    return HOURS_RULES.get(framework, HoursRule())


@dataclass(frozen=True)
class DurationRule:
    """How long a framework's contract may run, in months (None: no limit set by law), and
    how far it may be extended exceptionally, with a reason the counselor states."""

    months: int | None = None
    exceptional_months: int | None = None
    source: str = ""
    name: str = ""


DURATION_RULES: dict[str, DurationRule] = {
    # Code du travail, art. R5131-16 (décret n° 2022-199 du 18 février 2022): the action
    # plan lasts twelve months at most; the counselor may exceptionally extend the contract
    # to eighteen months in all, with a stated reason.
    Framework.CEJ: DurationRule(
        12,
        18,
        "art. R5131-16 du code du travail, décret n° 2022-199 du 18 février 2022",
        "le contrat d'engagement jeune",
    ),
    # Code du travail, art. R5131-6 (décret n° 2016-1855 du 23 décembre 2016): the PACEA
    # runs for twenty-four consecutive months at most.
    Framework.PACEA: DurationRule(
        24,
        None,
        "art. R5131-6 du code du travail, décret n° 2016-1855 du 23 décembre 2016",
        "le PACEA",
    ),
    # The PASS IAE (agrément) runs for twenty-four months; it may be prolonged, with a stated
    # reason, in the cases the law sets (person aged 50 or more, RQTH, training to finish,
    # particular difficulties), up to sixty months in all.
    Framework.IAE: DurationRule(
        24,
        60,
        "PASS IAE, art. R5132-1-8 et suivants du code du travail",
        "le parcours IAE",
    ),
}


def duration_rule(framework: str) -> DurationRule:
    return DURATION_RULES.get(framework, DurationRule())


class PathwayStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("En cours")
    SUSPENDED = "suspended", _("Suspendu")
    CLOSED = "closed", _("Clos")


class TargetReason(models.TextChoices):
    """Why the weekly target is lowered for this person (art. L5411-6: « situation »)."""

    HEALTH = "health", _("Raison de santé")
    DISABILITY = "disability", _("Situation de handicap")
    ISOLATED_PARENT = "isolated_parent", _("Parent isolé sans solution de garde")
    CARER = "carer", _("Aidant·e d'un proche")
    HOUSING = "housing", _("Difficulté de logement en cours de résolution")
    WORK = "work", _("Activité professionnelle en parallèle")
    OTHER = "other", _("Autre motif, précisé")


class CommitmentParty(models.TextChoices):
    STRUCTURE = "structure", _("La structure s'engage à")
    PERSON = "person", _("La personne s'engage à")


class ObjectiveStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("En cours")
    REACHED = "reached", _("Atteint")
    ABANDONED = "abandoned", _("Abandonné")
    # Closed by the exit without being reached: said as the counselor chose it.
    NOT_REACHED = "not_reached", _("Non atteint")
    # Left by a reorientation: taken up in the next pathway, or by the partner.
    CARRIED = "carried", _("Repris ailleurs (réorientation)")


class ActionOwner(models.TextChoices):
    PERSON = "person", _("La personne")
    COUNSELOR = "counselor", _("Le ou la conseiller·ère")
    PARTNER = "partner", _("Un partenaire")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    CANCELLED = "cancelled", _("Annulée")
    ON_HOLD = "on_hold", _("En attente")
    # Left by a reorientation to another framework: a copy goes on in the new pathway.
    CARRIED = "carried", _("Reprise dans le nouveau parcours")


# Statuses whose hours count in the week (done, or still expected to happen).
COUNTED_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE)


class SignatureChannel(models.TextChoices):
    SCREEN = "screen", _("Signé à l'écran par la personne")
    PAPER = "paper", _("Signé sur papier (scan joint)")


class ReviewKind(models.TextChoices):
    INTERMEDIATE = "intermediate", _("Bilan intermédiaire")
    FINAL = "final", _("Bilan final")


class SuspensionReason(models.TextChoices):
    HEALTH = "health", _("Raison de santé, maternité")
    TRAINING = "training", _("Formation ou emploi temporaire")
    FAMILY = "family", _("Raison familiale")
    JUSTICE = "justice", _("Incarcération")
    NO_CONTACT = "no_contact", _("Personne injoignable")
    OTHER = "other", _("Autre motif, précisé")


class ExitSituation(models.TextChoices):
    """The person's situation at the exit: the facts, as told."""

    CDI = "cdi", _("Emploi en CDI")
    CDD = "cdd", _("Emploi en CDD")
    INTERIM = "interim", _("Mission d'intérim")
    SUBSIDISED = "subsidised", _("Contrat aidé (PEC, CIE…) chez un employeur")
    CIVIL_SERVICE = "civil_service", _("Titularisation dans la fonction publique")
    BUSINESS = "business", _("Création ou reprise d'entreprise")
    QUALIFYING_TRAINING = "qualifying_training", _("Formation qualifiante")
    PREQUALIFYING_TRAINING = "prequalifying_training", _("Formation pré-qualifiante")
    SIAE_HIRE = "siae_hire", _("Embauche dans une autre structure de l'IAE")
    JOB_SEEKING = "job_seeking", _("En recherche d'emploi")
    MOVE = "move", _("Déménagement")
    HEALTH = "health", _("Raisons de santé")
    DROPOUT = "dropout", _("Abandon, sans nouvelles")
    REORIENTED = "reoriented", _("Réorientation vers un autre accompagnement")
    OTHER = "other", _("Autre situation")


EMPLOYMENT_SITUATIONS = frozenset(
    {
        ExitSituation.CDI,
        ExitSituation.CDD,
        ExitSituation.INTERIM,
        ExitSituation.SUBSIDISED,
        ExitSituation.CIVIL_SERVICE,
        ExitSituation.SIAE_HIRE,
    }
)
TRAINING_SITUATIONS = frozenset(
    {ExitSituation.QUALIFYING_TRAINING, ExitSituation.PREQUALIFYING_TRAINING}
)


class ExitCategory(models.TextChoices):
    """The exit as computed from the facts (see pathways.exits); funders' categories map
    from these codes through the data tables."""

    CDI = "cdi", _("CDI")
    CDD_6_MONTHS_OR_MORE = "cdd_6m_plus", _("CDD de 6 mois ou plus")
    CDD_UNDER_6_MONTHS = "cdd_under_6m", _("CDD de moins de 6 mois")
    INTERIM_6_MONTHS_OR_MORE = "interim_6m_plus", _("Intérim de 6 mois ou plus")
    INTERIM = "interim", _("Intérim de moins de 6 mois")
    SUBSIDISED = "subsidised", _("Contrat aidé chez un employeur")
    CIVIL_SERVICE = "civil_service", _("Titularisation dans la fonction publique")
    BUSINESS = "business", _("Création ou reprise d'entreprise")
    QUALIFYING_TRAINING = "qualifying_training", _("Formation qualifiante")
    PREQUALIFYING_TRAINING = "prequalifying_training", _("Formation pré-qualifiante")
    SIAE_HIRE = "siae_hire", _("Embauche dans une autre SIAE")
    JOB_SEEKING = "job_seeking", _("Recherche d'emploi")
    MOVE = "move", _("Déménagement")
    HEALTH = "health", _("Santé")
    DROPOUT = "dropout", _("Abandon")
    REORIENTED = "reoriented", _("Réorientation")
    OTHER = "other", _("Autre")


class ReorientationKind(models.TextChoices):
    FRAMEWORK = "framework", _("Vers un autre cadre, dans notre structure")
    STRUCTURE = "structure", _("Vers une autre structure")


# --- the PASS IAE (agrément IAE) of an IAE pathway ------------------------------------------


class IaeApprovalState(models.TextChoices):
    VALID = "valid", _("Valide")
    SUSPENDED = "suspended", _("Suspendu")
    EXPIRING = "expiring", _("Expire bientôt")
    EXPIRED = "expired", _("Expiré")


class IaeSuspensionReason(models.TextChoices):
    """Why the PASS IAE is suspended: the cases the plateforme de l'inclusion accepts, in our
    words. Health and justice reasons are sensitive: SENSITIVE_SUSPENSION_REASONS."""

    SICK_LEAVE = "sick_leave", _("Arrêt maladie de longue durée, accident du travail")
    PARENTAL_LEAVE = "parental_leave", _("Congé de maternité")
    DETOX = "detox", _("Cure de désintoxication")
    INCARCERATION = "incarceration", _("Incarcération")
    TRIAL_PERIOD = "trial_period", _("Période d'essai chez un employeur hors IAE")
    CONTRACT_SUSPENDED = (
        "contract_suspended",
        _("Contrat de travail suspendu depuis plus de 15 jours"),
    )
    CONTRACT_ENDED = "contract_ended", _("Contrat de travail rompu ou arrivé à son terme")
    CTA_AGREEMENT = (
        "cta_agreement",
        _("Force majeure, ou situation validée par le comité technique d'animation (CTA)"),
    )


class IaeProlongationReason(models.TextChoices):
    """The cases of DURATION_RULES[Framework.IAE] in which the PASS IAE may be prolonged."""

    SENIOR = "senior", _("Personne de 50 ans et plus")
    RQTH = "rqth", _("Reconnaissance de la qualité de travailleur handicapé (RQTH)")
    TRAINING = "training", _("Formation à terminer")
    DIFFICULTIES = "difficulties", _("Difficultés particulières")


# The motifs that tell of the person's health (the RQTH too) or of a sentence: shown to those
# who see that section of the file only (core.permissions.Section).
SENSITIVE_SUSPENSION_REASONS = {
    IaeSuspensionReason.SICK_LEAVE: "health",
    IaeSuspensionReason.DETOX: "health",
    IaeSuspensionReason.INCARCERATION: "justice",
}
SENSITIVE_PROLONGATION_REASONS = {IaeProlongationReason.RQTH: "health"}
