from django.db import models
from django.utils.translation import gettext_lazy as _


class SpaceStatus(models.TextChoices):
    """Where the person's access to their own space stands (no row: never invited)."""

    INVITED = "invited", _("Invitée, pas encore venue")
    ACTIVE = "active", _("Active")
    BLOCKED = "blocked", _("Lien bloqué (5 erreurs sur la date de naissance)")
    REVOKED = "revoked", _("Accès retiré")


class LinkKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation envoyée par le ou la conseiller·ère")
    RENEWAL = "renewal", _("Nouveau lien demandé par la personne")


class SendChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    CONSOLE = "console", _("Affiché par la commande space_link (démonstration)")


class SpaceEventKind(models.TextChoices):
    INVITED = "invited", _("Invitation envoyée")
    LINK_SENT = "link_sent", _("Nouveau lien envoyé à la demande de la personne")
    LOGIN = "login", _("Connexion à l'espace")
    WRONG_BIRTH_DATE = "wrong_birth_date", _("Date de naissance erronée")
    BLOCKED = "blocked", _("Lien bloqué après 5 erreurs")
    LOGOUT = "logout", _("Déconnexion")
    REVOKED = "revoked", _("Accès retiré")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consentement retiré depuis l'espace")
    CONSENT_GIVEN = "consent_given", _("Consentement donné depuis l'espace")
    SYNTHESIS_VALIDATED = "synthesis_validated", _("Synthèse du diagnostic validée depuis l'espace")
    SYNTHESIS_TALK = "synthesis_talk", _("Demande à reparler de la synthèse du diagnostic")
    SECTIONS_CHANGED = "sections_changed", _("Parties du dossier commun changées depuis l'espace")
