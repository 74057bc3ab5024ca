from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.core.permissions import Sensitivity


class Sex(models.TextChoices):
    FEMALE = "F", _("Femme")
    MALE = "M", _("Homme")
    UNSPECIFIED = "X", _("Non précisé")


class EducationLevel(models.TextChoices):
    """Nomenclature des niveaux de diplôme (décret n° 2019-14 du 8 janvier 2019)."""

    NONE = "infra3", _("Aucun diplôme (infra niveau 3)")
    LEVEL_3 = "3", _("Niveau 3 — CAP, BEP")
    LEVEL_4 = "4", _("Niveau 4 — baccalauréat, brevet professionnel")
    LEVEL_5 = "5", _("Niveau 5 — bac + 2 (BTS, DUT)")
    LEVEL_6 = "6", _("Niveau 6 — bac + 3 ou 4 (licence, BUT)")
    LEVEL_7 = "7", _("Niveau 7 — bac + 5 (master)")
    LEVEL_8 = "8", _("Niveau 8 — doctorat")


class DrivingLicence(models.TextChoices):
    AM = "AM", _("AM (cyclomoteur)")
    A1 = "A1", _("A1")
    A2 = "A2", _("A2")
    A = "A", _("A (moto)")
    B = "B", _("B (voiture)")
    BE = "BE", _("BE")
    C1 = "C1", _("C1")
    C = "C", _("C (poids lourd)")
    CE = "CE", _("CE")
    D1 = "D1", _("D1")
    D = "D", _("D (transport en commun)")
    DE = "DE", _("DE")
    CACES = "CACES", _("CACES (un ou plusieurs)")


class MobilityMeans(models.TextChoices):
    WALK = "walk", _("À pied")
    BIKE = "bike", _("Vélo")
    PUBLIC_TRANSPORT = "public_transport", _("Transports en commun")
    CAR = "car", _("Voiture personnelle")
    TWO_WHEELER = "two_wheeler", _("Deux-roues motorisé")
    CARPOOL = "carpool", _("Covoiturage ou proches")


class Residence(models.TextChoices):
    UNKNOWN = "unknown", _("Non vérifié")
    YES = "yes", _("Oui")
    NO = "no", _("Non")


class JusticeMeasure(models.TextChoices):
    NONE = "", _("Aucune mesure connue")
    SPIP = "spip", _("Suivi SPIP (milieu ouvert)")
    PJJ = "pjj", _("Suivi PJJ (mineur ou jeune majeur)")
    CUSTODY_RELEASE = "release", _("Sortie de détention récente")
    OTHER = "other", _("Autre mesure judiciaire")


class FollowEndReason(models.TextChoices):
    PATHWAY_END = "pathway_end", _("Fin de l'accompagnement")
    REORIENTATION = "reorientation", _("Réorientation vers une autre structure")
    MOVED = "moved", _("Déménagement")
    NO_CONTACT = "no_contact", _("Perte de contact")
    PERSON_REQUEST = "person_request", _("À la demande de la personne")
    MERGED = "merged", _("Dossier fusionné")


class ConsentPurpose(models.TextChoices):
    ACCOMPANIMENT = "accompaniment", _("Accompagnement par la structure")
    SHARE_WITH_PARTNER = "share_partner", _("Partage d'informations avec un partenaire")
    EMPLOYER_PROPOSAL = "employer_proposal", _("Proposition de candidature à des employeurs")
    SURVEYS = "surveys", _("Enquêtes de suivi (par exemple à 6 mois)")
    SMS = "sms", _("Rappels et informations par SMS")


class ConsentChannel(models.TextChoices):
    PAPER = "paper", _("Formulaire papier signé")
    SCREEN = "screen", _("Signé à l'écran pendant l'entretien")
    ORAL = "oral", _("Accord oral, consigné par le professionnel")
    PERSON_SPACE = "person_space", _("Depuis l'espace personnel de la personne")


# The ways a professional records an agreement (the person's own space records its own).
RECORDED_CHANNELS = [c for c in ConsentChannel.choices if c[0] != ConsentChannel.PERSON_SPACE]


class DocumentKind(models.TextChoices):
    ID = "id", _("Pièce d'identité ou titre de séjour")
    ADDRESS_PROOF = "address_proof", _("Justificatif de domicile ou de domiciliation")
    CV = "cv", _("CV")
    DIPLOMA = "diploma", _("Diplôme, attestation de formation")
    FT_CERTIFICATE = "ft_certificate", _("Attestation France Travail")
    BENEFITS = "benefits", _("Notification CAF / RSA / ASS")
    CONTRACT = "contract", _("Contrat, convention")
    CONSENT = "consent", _("Formulaire de consentement signé")
    DISABILITY = "disability", _("Notification MDPH / RQTH")
    MEDICAL = "medical", _("Certificat ou document médical")
    JUSTICE = "justice", _("Décision de justice, document SPIP")
    OTHER = "other", _("Autre document")


DOCUMENT_KIND_SENSITIVITY = {
    DocumentKind.BENEFITS: Sensitivity.SOCIAL,
    DocumentKind.DISABILITY: Sensitivity.HEALTH,
    DocumentKind.MEDICAL: Sensitivity.HEALTH,
    DocumentKind.JUSTICE: Sensitivity.JUSTICE,
}
