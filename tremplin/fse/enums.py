"""The choices of the FSE+ participant data, with their French labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The nomenclature of pathways/data/exit_nomenclatures.json that marks a funder as FSE+.
FSE_NOMENCLATURE = "fse_plus"


class LabourStatus(models.TextChoices):
    """Situation on the labour market on the day of entry (règlement (UE) 2021/1057,
    annexe I). Blank: not known."""

    UNEMPLOYED = "unemployed", _("Sans emploi et en recherche d'emploi (inscrit·e ou non)")
    INACTIVE = "inactive", _("Inactif·ve : ni en emploi ni en recherche (études, santé, famille…)")
    EMPLOYED = "employed", _("En emploi, y compris à son compte")


class Contract(models.TextChoices):
    """The kind of work, at entry for people in employment and in the 6-month survey."""

    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    INTERIM = "interim", _("Intérim")
    SUBSIDISED = "subsidised", _("Contrat aidé ou contrat d'insertion")
    APPRENTICESHIP = "apprenticeship", _("Alternance (apprentissage, professionnalisation)")
    CIVIL_SERVICE = "civil_service", _("Fonctionnaire")
    SELF_EMPLOYED = "self_employed", _("À son compte (indépendant, micro-entrepreneur)")
    OTHER = "other", _("Autre, ou ne sait pas")


# Lasting jobs; the others are precarious (Eurostat: temporary employment).
STABLE_CONTRACTS = frozenset({Contract.CDI, Contract.CIVIL_SERVICE})
PRECARIOUS_CONTRACTS = frozenset(
    {Contract.CDD, Contract.INTERIM, Contract.SUBSIDISED, Contract.APPRENTICESHIP}
)


class Reply(models.TextChoices):
    """A yes/no fact the counselor confirms with the person. Blank: not asked."""

    YES = "yes", _("Oui")
    NO = "no", _("Non")
    DECLINED = "declined", _("La personne ne souhaite pas répondre")


class SurveySituation(models.TextChoices):
    """The person's situation six months after the exit, in their own words."""

    EMPLOYED = "employed", _("Je travaille comme salarié·e")
    SELF_EMPLOYED = "self_employed", _("Je travaille à mon compte")
    TRAINING = "training", _("Je suis en formation ou en études")
    JOB_SEEKING = "job_seeking", _("Je cherche un emploi")
    OTHER = "other", _("Autre situation")


class Improvement(models.TextChoices):
    """What changed in the work of a person employed at entry (Commission's definition of
    an improved labour market situation, besides a precarious job turned lasting)."""

    MORE_HOURS = "more_hours", _("Je travaille plus d'heures, comme je le souhaitais")
    MORE_SKILLED = (
        "more_skilled",
        _("Mon poste demande plus de compétences ou me donne plus de responsabilités"),
    )
    PROMOTION = "promotion", _("J'ai eu une promotion")


class AnswerChannel(models.TextChoices):
    LINK = "link", _("Par le lien reçu")
    PHONE = "phone", _("Par téléphone, noté par la structure")


class SendStatus(models.TextChoices):
    SENT = "sent", _("Envoyée")
    FAILED = "failed", _("Échec de l'envoi")
    NOT_SENT = "not_sent", _("Pas envoyée (réponse notée avant)")
