"""Choices of the professional project (REAC CP7) and of its realisation (CP8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    EXPLORE = "explore", _("À explorer")
    CONFIRM = "confirm", _("Confirmé")
    DROP = "drop", _("Abandonné")


# What a matching engine may read: the jobs still in the project.
ACTIVE_DECISIONS = (Decision.EXPLORE, Decision.CONFIRM)


class ContractType(models.TextChoices):
    """The codes of the matching engine (`matching.engine.CONTRACTS`), and two more it
    does not rank on (seasonal counts as a CDD; self-employment has no offer)."""

    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    INTERIM = "interim", _("Intérim")
    APPRENTICESHIP = "apprenticeship", _("Contrat d'apprentissage")
    PROFESSIONALISATION = "professionalisation", _("Contrat de professionnalisation")
    SUBSIDISED = "subsidised", _("Contrat aidé (PEC)")
    SIAE = "siae", _("CDDI, contrat d'insertion (SIAE)")
    SEASONAL = "seasonal", _("Saisonnier")
    SELF_EMPLOYED = "self_employed", _("Création d'activité, indépendant")


class CheckConclusion(models.TextChoices):
    CONFIRMS = "confirms", _("Conforte le projet")
    ADJUSTS = "adjusts", _("Amène à ajuster le projet")
    RULES_OUT = "rules_out", _("Remet en cause le projet")


class SkillKind(models.TextChoices):
    SKILL = "skill", _("Compétence")
    QUALITY = "quality", _("Qualité")


class ExperienceKind(models.TextChoices):
    JOB = "job", _("Emploi")
    INTERNSHIP = "internship", _("Stage ou immersion")
    VOLUNTEERING = "volunteering", _("Bénévolat")
    OTHER = "other", _("Autre expérience")


class Funding(models.TextChoices):
    CPF = "cpf", _("Compte personnel de formation (CPF)")
    REGION = "region", _("Région")
    AIF = "aif", _("France Travail — aide individuelle à la formation (AIF)")
    OPCO = "opco", _("OPCO")
    EMPLOYER = "employer", _("Employeur")
    OTHER = "other", _("Autre financement")


class TrainingStatus(models.TextChoices):
    TO_EXPLORE = "to_explore", _("À explorer")
    APPLIED = "applied", _("Candidature envoyée")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")
    IN_TRAINING = "in_training", _("En formation")
    COMPLETED = "completed", _("Terminée")
    ABANDONED = "abandoned", _("Abandonnée")


# The trainings whose days count in the weekly activity hours.
COUNTED_TRAINING_STATUSES = (TrainingStatus.IN_TRAINING, TrainingStatus.COMPLETED)


class ApplicationStatus(models.TextChoices):
    SENT = "sent", _("Envoyée")
    INTERVIEW = "interview", _("Entretien")
    REFUSED = "refused", _("Refusée")
    HIRED = "hired", _("Embauche")
    NO_ANSWER = "no_answer", _("Sans réponse")


class ApplicationChannel(models.TextChoices):
    OFFER = "offer", _("Réponse à une offre")
    SPONTANEOUS = "spontaneous", _("Candidature spontanée")
    FRANCE_TRAVAIL = "france_travail", _("Offre France Travail")
    NETWORK = "network", _("Réseau, bouche-à-oreille")
    STRUCTURE = "structure", _("Mise en relation par la structure")
    TEMPING = "temping", _("Agence d'intérim")
    JOB_FAIR = "job_fair", _("Forum, job dating")
    OTHER = "other", _("Autre canal")
