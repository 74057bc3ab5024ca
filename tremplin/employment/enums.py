"""The choices of the in-job follow-up, with their French labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("En poste, suivi en cours")
    ENDED = "ended", _("Contrat terminé ou rompu")
    CLOSED = "closed", _("Suivi clos")


class EndReason(models.TextChoices):
    TERM = "term", _("Fin du contrat à son terme")
    TRIAL_EMPLOYER = (
        "trial_employer",
        _("Rupture de la période d'essai à l'initiative de l'employeur"),
    )
    TRIAL_PERSON = "trial_person", _("Rupture de la période d'essai à l'initiative de la personne")
    RESIGNATION = "resignation", _("Démission")
    AGREED = "agreed", _("Rupture conventionnelle ou rupture d'un commun accord")
    DISMISSAL = "dismissal", _("Licenciement")
    OTHER = "other", _("Autre (précisé)")


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
