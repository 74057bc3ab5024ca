"""The choices of employer relations, with their French labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeBracket(models.TextChoices):
    """INSEE « tranches d'effectif salarié » (codes of the Sirene register)."""

    NONE = "00", _("0 salarié")
    S_1_2 = "01", _("1 ou 2 salariés")
    S_3_5 = "02", _("3 à 5 salariés")
    S_6_9 = "03", _("6 à 9 salariés")
    S_10_19 = "11", _("10 à 19 salariés")
    S_20_49 = "12", _("20 à 49 salariés")
    S_50_99 = "21", _("50 à 99 salariés")
    S_100_199 = "22", _("100 à 199 salariés")
    S_200_249 = "31", _("200 à 249 salariés")
    S_250_499 = "32", _("250 à 499 salariés")
    S_500_999 = "41", _("500 à 999 salariés")
    S_1000_1999 = "42", _("1 000 à 1 999 salariés")
    S_2000_4999 = "51", _("2 000 à 4 999 salariés")
    S_5000_9999 = "52", _("5 000 à 9 999 salariés")
    S_10000 = "53", _("10 000 salariés et plus")
    UNKNOWN = "NN", _("Effectif inconnu")


class EmployerSector(models.TextChoices):
    """Market or non-market sector: it decides the aid to a hiring (PEC in the non-market
    sector, CIE in the market one). The codes are the employer kinds of
    `employers.measures.EMPLOYER_KINDS`."""

    UNKNOWN = "", _("Non renseigné")
    PRIVATE = "private", _("Marchand (entreprise)")
    ASSOCIATION = "association", _("Non marchand : association, fondation")
    PUBLIC = "public", _("Non marchand : collectivité, établissement public")
    SIAE = "siae", _("Structure d'insertion par l'activité économique (SIAE)")


class InteractionKind(models.TextChoices):
    VISIT = "visit", _("Visite")
    CALL = "call", _("Appel")
    EMAIL = "email", _("E-mail")
    EVENT = "event", _("Événement (forum, job dating…)")


class CampaignStatus(models.TextChoices):
    PREPARING = "preparing", _("En préparation")
    RUNNING = "running", _("En cours")
    FINISHED = "finished", _("Terminée")


class CampaignActionStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    DONE = "done", _("Réalisée")
    CANCELLED = "cancelled", _("Annulée")


class NeedStatus(models.TextChoices):
    COLLECTED = "collected", _("Besoin recueilli")
    ANALYSED = "analysed", _("Poste analysé")
    OFFER = "offer", _("Offre rédigée")
    ABANDONED = "abandoned", _("Abandonné")


class ContractType(models.TextChoices):
    """The codes are those of the matching engine (`matching.engine.CONTRACTS`)."""

    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    INTERIM = "interim", _("Intérim")
    APPRENTICESHIP = "apprenticeship", _("Contrat d'apprentissage")
    PROFESSIONALISATION = "professionalisation", _("Contrat de professionnalisation")
    SUBSIDISED = "subsidised", _("Contrat aidé (PEC, CUI-CAE)")
    SIAE = "siae", _("CDDI, contrat d'insertion en SIAE")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    FILLED = "filled", _("Pourvue")
    CLOSED = "closed", _("Close sans recrutement")


class PublicationReview(models.TextChoices):
    KEPT = "kept", _("Publication maintenue")
    WITHDRAWN = "withdrawn", _("Offre retirée, à corriger")
    SUPERSEDED = "superseded", _("Remplacée par une publication plus récente")


class PublicationRequestOutcome(models.TextChoices):
    PUBLISHED = "published", _("Publiée par le ou la responsable")
    RETURNED = "returned", _("Renvoyée pour correction")
    CORRECTED = "corrected", _("Offre corrigée puis publiée")


class PayPeriod(models.TextChoices):
    HOUR = "hour", _("de l'heure")
    MONTH = "month", _("par mois")
    YEAR = "year", _("par an")
