from django.db import models
from django.utils.translation import gettext_lazy as _


class Slot(models.TextChoices):
    MORNING = "morning", _("Matin")
    AFTERNOON = "afternoon", _("Après-midi")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Inscrit·e")
    WAITING = "waiting", _("En liste d'attente")
    CANCELLED = "cancelled", _("Désinscrit·e")


class SignatureMethod(models.TextChoices):
    DRAWN = "drawn", _("Signature tracée sur l'écran")
    TYPED = "typed", _("Nom saisi et attestation cochée (sans tracé)")


class PresenceSource(models.TextChoices):
    TABLET = "tablet", _("Émargement sur l'écran")
    PAPER = "paper", _("Feuille papier signée")
    NONE = "none", _("Pas de signature")


class Reached(models.TextChoices):
    REACHED = "reached", _("Atteint")
    PARTLY = "partly", _("Partiellement atteint")
    NOT_REACHED = "not", _("Non atteint")


class Satisfaction(models.IntegerChoices):
    """For a question that asks about satisfaction (« Êtes-vous satisfait·e… »)."""

    VERY_UNSATISFIED = 1, _("Pas du tout satisfait·e")
    UNSATISFIED = 2, _("Peu satisfait·e")
    SATISFIED = 3, _("Satisfait·e")
    VERY_SATISFIED = 4, _("Très satisfait·e")


class Agreement(models.IntegerChoices):
    """For a statement (« Les explications étaient claires »): the same stored values 1 to 4
    as the satisfaction scale, so that the averages of both read the same way."""

    DISAGREE = 1, _("Pas du tout d'accord")
    RATHER_DISAGREE = 2, _("Plutôt pas d'accord")
    RATHER_AGREE = 3, _("Plutôt d'accord")
    AGREE = 4, _("Tout à fait d'accord")


def scale_for(question: str) -> type[models.IntegerChoices]:
    """The answer scale that fits the question: satisfaction when it asks about it,
    agreement for a statement (the default questions are all statements)."""
    return Satisfaction if "satisfait" in question.lower() else Agreement


DEFAULT_QUESTIONS = [
    "L'atelier a répondu à mes attentes",
    "Les explications étaient claires",
    "Je peux réutiliser ce que j'ai appris",
    "L'organisation (horaires, lieu) me convenait",
]
