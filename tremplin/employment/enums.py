"""The choices of the in-job follow-up, with their French labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.employers.enums import ContractType


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("En poste, suivi en cours")
    ENDED = "ended", _("Contrat terminé ou rompu")
    CLOSED = "closed", _("Suivi clos")


class EndReason(models.TextChoices):
    """How a job ended. Which reasons a contract allows is the code du travail's: see
    `end_reasons_for`. The codes of records made before that check stay readable."""

    TERM = "term", _("Fin du contrat ou de la mission à son terme")
    TRIAL_EMPLOYER = (
        "trial_employer",
        _("Rupture de la période d'essai à l'initiative de l'employeur"),
    )
    TRIAL_PERSON = "trial_person", _("Rupture de la période d'essai à l'initiative de la personne")
    # A fixed-term contract (CDD, CDDI) before its term: art. L1243-1 and L1243-2.
    AGREED = "agreed", _("Rupture anticipée d'un commun accord")
    SERIOUS_MISCONDUCT = "serious_misconduct", _("Rupture anticipée pour faute grave")
    FORCE_MAJEURE = "force_majeure", _("Rupture anticipée pour force majeure")
    UNFITNESS = (
        "unfitness",
        _("Rupture anticipée pour inaptitude constatée par le médecin du travail"),
    )
    LEFT_FOR_CDI = "left_for_cdi", _("Rupture anticipée par la personne, embauchée en CDI")
    # An insertion contract (CDDI, CUI-CAE) also for these two (art. L1243-2, L5134-28).
    LEFT_FOR_FIXED_TERM = (
        "left_for_fixed_term",
        _("Rupture anticipée par la personne, embauchée en CDD d'au moins six mois"),
    )
    LEFT_FOR_TRAINING = (
        "left_for_training",
        _("Rupture anticipée par la personne pour suivre une formation qualifiante"),
    )
    # A temporary mission (intérim) before its term.
    MISSION_EARLY = "mission_early", _("Rupture anticipée de la mission")
    # A CDI.
    RESIGNATION = "resignation", _("Démission")
    CONVENTIONAL = "conventional", _("Rupture conventionnelle")
    DISMISSAL_PERSONAL = "dismissal_personal", _("Licenciement pour motif personnel")
    DISMISSAL_ECONOMIC = "dismissal_economic", _("Licenciement pour motif économique")
    # Recorded before the two kinds of dismissal were told apart: kept, no longer offered.
    DISMISSAL = "dismissal", _("Licenciement (motif non précisé)")
    OTHER = "other", _("Autre (précisé)")


_TRIAL = (EndReason.TRIAL_EMPLOYER, EndReason.TRIAL_PERSON)
_CDD = (
    EndReason.TERM,
    *_TRIAL,
    EndReason.AGREED,
    EndReason.SERIOUS_MISCONDUCT,
    EndReason.FORCE_MAJEURE,
    EndReason.UNFITNESS,
    EndReason.LEFT_FOR_CDI,
)
_INSERTION = (*_CDD, EndReason.LEFT_FOR_FIXED_TERM, EndReason.LEFT_FOR_TRAINING)
_CDI = (
    *_TRIAL,
    EndReason.RESIGNATION,
    EndReason.CONVENTIONAL,
    EndReason.DISMISSAL_PERSONAL,
    EndReason.DISMISSAL_ECONOMIC,
)
# The contract's own rules; the apprenticeship, the professionalisation contract and the
# contrat aidé may be fixed-term or open-ended (the record does not say which): the reasons
# of both. The CUI-CAE, like the CDDI, may also end for a CDD of six months or a training.
END_REASONS_BY_CONTRACT = {
    ContractType.CDI: _CDI,
    ContractType.CDD: _CDD,
    ContractType.SIAE: _INSERTION,
    ContractType.INTERIM: (EndReason.TERM, *_TRIAL, EndReason.MISSION_EARLY),
    ContractType.APPRENTICESHIP: (*_CDD, *_CDI),
    ContractType.PROFESSIONALISATION: (*_CDD, *_CDI),
    ContractType.SUBSIDISED: (*_INSERTION, *_CDI),
}
_OFFERED = frozenset(r for reasons in END_REASONS_BY_CONTRACT.values() for r in reasons)


def end_reasons_for(contract_type) -> list[EndReason]:
    """The reasons a job on this contract may end for, in the order of `EndReason`
    (« Autre » last): all those offered when the contract is unknown."""
    allowed = set(END_REASONS_BY_CONTRACT.get(contract_type, _OFFERED)) | {EndReason.OTHER}
    return [reason for reason in EndReason if reason in allowed]


# Why a reason does not apply, said in the words of the contract.
END_RULES = {
    ContractType.CDI: (
        "un CDI",
        "Un CDI n'a pas de terme : il prend fin par démission, rupture conventionnelle ou "
        "licenciement (pour motif personnel ou économique), ou pendant la période d'essai.",
    ),
    ContractType.CDD: (
        "un CDD",
        "Un CDD prend fin à son terme ; avant, seulement pendant la période d'essai, d'un "
        "commun accord, pour faute grave, force majeure ou inaptitude constatée par le "
        "médecin du travail, ou à l'initiative de la personne qui justifie d'une embauche en "
        "CDI (code du travail, art. L1243-1 et L1243-2).",
    ),
    ContractType.SIAE: (
        "un CDDI",
        "Un CDDI prend fin à son terme ; avant, seulement pendant la période d'essai, d'un "
        "commun accord, pour faute grave, force majeure ou inaptitude constatée par le "
        "médecin du travail, ou à l'initiative de la personne qui justifie d'une embauche en "
        "CDI ou en CDD d'au moins six mois, ou pour suivre une formation qualifiante (code "
        "du travail, art. L1243-1 et L1243-2).",
    ),
    ContractType.INTERIM: (
        "une mission d'intérim",
        "Une mission d'intérim prend fin à son terme, pendant la période d'essai, ou par une "
        "rupture anticipée de la mission.",
    ),
}


class Channel(models.TextChoices):
    WORKPLACE = "workplace", _("Visite sur le lieu de travail")
    PHONE = "phone", _("Téléphone")
    VIDEO = "video", _("Visioconférence")
    OFFICE = "office", _("Entretien dans nos locaux")


class Assessment(models.TextChoices):
    GOOD = "good", _("Bien")
    FAIR = "fair", _("À consolider")
    POOR = "poor", _("En difficulté")


class Risk(models.TextChoices):
    NONE = "none", _("Pas de risque de rupture repéré")
    WATCH = "watch", _("Points de vigilance")
    HIGH = "high", _("Risque de rupture")


class MediationTopic(models.TextChoices):
    SCHEDULE = "schedule", _("Horaires, plannings")
    TASKS = "tasks", _("Tâches, consignes, rythme de travail")
    RELATIONS = "relations", _("Relations avec l'équipe ou l'encadrement")
    ATTENDANCE = "attendance", _("Absences, retards")
    TRANSPORT = "transport", _("Transport, trajets")
    CONDITIONS = "conditions", _("Conditions de travail, sécurité")
    PAY = "pay", _("Salaire, contrat, droits")
    PERSONAL = "personal", _("Contraintes personnelles (garde d'enfants, logement…)")
    OTHER = "other", _("Autre")


class MediationParty(models.TextChoices):
    PERSON = "person", _("La personne")
    TUTOR = "tutor", _("Le tuteur ou la tutrice")
    EMPLOYER = "employer", _("L'employeur ou l'encadrement")


class Outcome(models.TextChoices):
    """Where the person stands six months after taking the job."""

    SAME_EMPLOYER = "same_employer", _("Toujours en poste chez cet employeur")
    OTHER_EMPLOYER = "other_employer", _("En emploi chez un autre employeur")
    TRAINING = "training", _("En formation")
    JOB_SEEKING = "job_seeking", _("En recherche d'emploi")
    OTHER = "other", _("Autre situation (précisée)")
    UNKNOWN = "unknown", _("Situation inconnue (personne injoignable)")


STILL_EMPLOYED = (Outcome.SAME_EMPLOYER, Outcome.OTHER_EMPLOYER)


class ReviewContinuation(models.TextChoices):
    CONFIRMED = "confirmed", _("L'emploi se poursuit, l'intégration est réussie")
    CONTINUES_WITH_SUPPORT = (
        "continues_with_support",
        _("L'emploi se poursuit, avec des points à consolider"),
    )
    ENDING = "ending", _("L'emploi s'arrête")


class ContactKind(models.TextChoices):
    """The people around the job: inside the company, and outside it."""

    MANAGER = "manager", _("Encadrant·e direct·e")
    HR = "hr", _("Ressources humaines")
    HEAD = "head", _("Dirigeant·e")
    COLLEAGUE = "colleague", _("Collègue référent·e")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Service de prévention et de santé au travail")
    DISABILITY = "disability", _("Cap emploi, appui au maintien dans l'emploi")
    TRAINING = "training", _("Organisme de formation, OPCO")
    OTHER = "other", _("Autre interlocuteur ou interlocutrice")
