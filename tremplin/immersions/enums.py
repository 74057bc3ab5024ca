from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmersionStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    TO_SIGN = "to_sign", _("En signature")
    SIGNED = "signed", _("Signée par les trois parties")
    VALIDATED = "validated", _("Validée par la structure")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Terminée")
    CANCELLED = "cancelled", _("Annulée")
    REFUSED = "refused", _("Refusée")


# Immersions that hold the person's days (no other immersion may overlap them).
ACTIVE_STATUSES = (
    ImmersionStatus.TO_SIGN,
    ImmersionStatus.SIGNED,
    ImmersionStatus.VALIDATED,
    ImmersionStatus.IN_PROGRESS,
    ImmersionStatus.DONE,
)
# Immersions whose days count in the weekly activity hours.
COUNTED_STATUSES = (
    ImmersionStatus.VALIDATED,
    ImmersionStatus.IN_PROGRESS,
    ImmersionStatus.DONE,
)
EDITABLE_STATUSES = (ImmersionStatus.DRAFT, ImmersionStatus.TO_SIGN)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    ImmersionStatus.DRAFT: (ImmersionStatus.TO_SIGN, ImmersionStatus.CANCELLED),
    ImmersionStatus.TO_SIGN: (
        ImmersionStatus.DRAFT,
        ImmersionStatus.SIGNED,
        ImmersionStatus.CANCELLED,
        ImmersionStatus.REFUSED,
    ),
    ImmersionStatus.SIGNED: (
        ImmersionStatus.VALIDATED,
        ImmersionStatus.CANCELLED,
        ImmersionStatus.REFUSED,
    ),
    ImmersionStatus.VALIDATED: (ImmersionStatus.IN_PROGRESS, ImmersionStatus.CANCELLED),
    ImmersionStatus.IN_PROGRESS: (ImmersionStatus.DONE, ImmersionStatus.CANCELLED),
    ImmersionStatus.DONE: (),
    ImmersionStatus.CANCELLED: (),
    ImmersionStatus.REFUSED: (),
}


class Objective(models.TextChoices):
    """The three objects of a PMSMP (Code du travail, L5135-1)."""

    DISCOVER = "discover", _("Découvrir un métier ou un secteur d'activité")
    CONFIRM = "confirm", _("Confirmer un projet professionnel")
    HIRING = "hiring", _("Initier une démarche de recrutement")


class BeneficiaryStatus(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("Demandeur·euse d'emploi inscrit·e à France Travail")
    RSA = "rsa", _("Allocataire du RSA")
    YOUTH = "youth", _("Jeune accompagné·e (CEJ, PACEA)")
    SIAE = "siae", _("Salarié·e en parcours d'insertion (SIAE)")
    DISABILITY = "disability", _("Personne en situation de handicap accompagnée (RQTH)")
    EMPLOYEE = "employee", _("Salarié·e en reconversion ou menacé·e de licenciement")
    OTHER = "other", _("Autre personne accompagnée")


class Party(models.TextChoices):
    PERSON = "person", _("La personne")
    TUTOR = "tutor", _("La structure d'accueil (tuteur ou tutrice)")
    PRESCRIBER = "prescriber", _("La structure prescriptrice")


# The parties who sign through a link sent by e-mail (the prescriber signs in Tremplin).
LINK_PARTIES = (Party.PERSON, Party.TUTOR)


class SignatureChannel(models.TextChoices):
    """How a party signed. The person or the tutor without a link (no e-mail, no computer)
    signs on the counselor's screen during an interview, or on paper (the scan is kept)."""

    ELECTRONIC = "electronic", _("Signature électronique (lien personnel ou Tremplin)")
    SCREEN = "screen", _("Signé à l'écran pendant l'entretien")
    PAPER = "paper", _("Signé sur papier (scan joint)")


# The channels a counselor records for the person or the tutor, in Tremplin.
IN_PERSON_CHANNELS = (SignatureChannel.SCREEN, SignatureChannel.PAPER)


class Outcome(models.TextChoices):
    CONFIRMS = "confirms", _("L'immersion confirme le projet")
    NOT_FOR_ME = "not_for_me", _("La personne découvre que ce métier n'est pas pour elle")
    TO_DEEPEN = "to_deepen", _("Le projet est à approfondir (formation, autre immersion)")
    HIRING_CONSIDERED = "hiring_considered", _("Une embauche est envisagée")
    HIRING_PROPOSED = "hiring_proposed", _("Une embauche est proposée")
    HIRED = "hired", _("La personne est embauchée")


WEEKDAYS = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
