"""Who may see and do what: the rights of each role, in one table.

A person's file is made of sections; each section has a sensitivity. A role sees a section
when the role's sensitivities include it (some only for the person's référent). A partner
structure sees only the sections the person agreed to share with it, within its role.
Every view and API endpoint asks this module; nothing else decides.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNSELOR = "counselor", _("Conseiller·ère en insertion")
    RECEPTION = "reception", _("Chargé·e d'accueil")
    EMPLOYER_LIAISON = "employer_liaison", _("Chargé·e de relations entreprises")
    MANAGER = "manager", _("Responsable de service")
    STRUCTURE_ADMIN = "structure_admin", _("Administrateur·rice de la structure")


class Sensitivity(models.TextChoices):
    GENERAL = "general", _("Générale")
    SOCIAL = "social", _("Sociale")
    HEALTH = "health", _("Santé")
    JUSTICE = "justice", _("Justice")


class Section(models.TextChoices):
    """The parts of a person's file. Later capabilities add theirs here."""

    IDENTITY = "identity", _("Identité et coordonnées")
    SITUATION = "situation", _("Situation administrative et sociale")
    HEALTH = "health", _("Santé")
    JUSTICE = "justice", _("Justice")
    DIAGNOSIS = "diagnosis", _("Diagnostic partagé")
    RECEPTION = "reception", _("Accueil et commandes")
    REFERRALS = "referrals", _("Orientations vers les partenaires")
    AGENDA = "agenda", _("Rendez-vous")
    PATHWAY = "pathway", _("Parcours et contrat d'engagement")
    PROJECT = "project", _("Projet professionnel, formations et candidatures")
    IMMERSION = "immersion", _("Immersions en milieu professionnel (PMSMP)")
    EMPLOYMENT = "employment", _("Emploi et suivi dans l'emploi")
    DOCUMENTS = "documents", _("Documents")
    CONSENTS = "consents", _("Consentements")
    HISTORY = "history", _("Historique des modifications")
    ACCESS_LOG = "access_log", _("Journal des consultations")


SECTION_SENSITIVITY: dict[Section, Sensitivity] = {
    Section.IDENTITY: Sensitivity.GENERAL,
    Section.SITUATION: Sensitivity.SOCIAL,
    Section.HEALTH: Sensitivity.HEALTH,
    Section.JUSTICE: Sensitivity.JUSTICE,
    Section.DIAGNOSIS: Sensitivity.SOCIAL,
    Section.RECEPTION: Sensitivity.GENERAL,
    # The motive of a referral tells the person's situation.
    Section.REFERRALS: Sensitivity.SOCIAL,
    # General: reception books first appointments and welcomes people at the desk, so it
    # must see when and where they are expected. What an appointment is about (`subject`)
    # stays a short factual title (the guide says so) and never leaves the structure: the
    # invitations, reminders and the iCal feed carry only date, time, place and structure.
    Section.AGENDA: Sensitivity.GENERAL,
    # Commitments, interviews and exit tell the person's situation.
    Section.PATHWAY: Sensitivity.SOCIAL,
    # Target jobs, experiences, trainings and applications tell the person's story; the
    # health restrictions of a target job stay in the HEALTH section.
    Section.PROJECT: Sensitivity.SOCIAL,
    # The convention states the person's status (RSA, RQTH…) and medical surveillance.
    Section.IMMERSION: Sensitivity.SOCIAL,
    # Mediation notes and the break-up risk tell how the person copes at work.
    Section.EMPLOYMENT: Sensitivity.SOCIAL,
    # Each document carries its own sensitivity; the list itself is general.
    Section.DOCUMENTS: Sensitivity.GENERAL,
    Section.CONSENTS: Sensitivity.GENERAL,
    Section.HISTORY: Sensitivity.SOCIAL,
    Section.ACCESS_LOG: Sensitivity.GENERAL,
}

# Sections a partner structure may be given by the person's consent.
SHAREABLE_SECTIONS = (
    Section.IDENTITY,
    Section.SITUATION,
    Section.HEALTH,
    Section.JUSTICE,
    Section.DIAGNOSIS,
    Section.PATHWAY,
    Section.DOCUMENTS,
)


class Perm(models.TextChoices):
    PERSON_VIEW = "person_view", _("Consulter les dossiers")
    PERSON_CREATE = "person_create", _("Créer un dossier")
    PERSON_EDIT = "person_edit", _("Modifier un dossier")
    PERSON_MERGE = "person_merge", _("Fusionner deux dossiers")
    PERSON_IMPORT = "person_import", _("Importer des dossiers depuis un fichier CSV")
    FOLLOW_MANAGE = "follow_manage", _("Changer de référent, clore un suivi")
    DOCUMENT_ADD = "document_add", _("Joindre un document")
    CONSENT_RECORD = "consent_record", _("Enregistrer un consentement")
    ACCESS_LOG_VIEW = "access_log_view", _("Voir qui a consulté un dossier")
    MEMBERS_MANAGE = "members_manage", _("Gérer les membres de la structure")
    STRUCTURE_SETTINGS = "structure_settings", _("Modifier les coordonnées de la structure")
    API_TOKEN = "api_token", _("Créer un jeton d'accès à l'API")
    DIAGNOSIS_EDIT = "diagnosis_edit", _("Mener le diagnostic partagé")
    URGENCY_RECORD = "urgency_record", _("Repérer les urgences et les signaler")
    ALERTS_VIEW = "alerts_view", _("Voir et traiter toutes les alertes de la structure")
    CONTACT_RECORD = (
        "contact_record",
        _("Tenir le registre de l'accueil et les informations collectives"),
    )
    # Reception receives the prescriptions; deciding whether they conform is a counselor's.
    ORDER_RECORD = (
        "order_record",
        _("Enregistrer les commandes reçues des prescripteurs et voir celles en attente"),
    )
    ORDER_MANAGE = (
        "order_manage",
        _("Vérifier la conformité des commandes des prescripteurs, les accepter ou les refuser"),
    )
    TEXT_REVIEW = "text_review", _("Faire relire un texte avant de le partager")
    DIRECTORY_VIEW = "directory_view", _("Consulter l'annuaire des partenaires")
    DIRECTORY_MANAGE = (
        "directory_manage",
        _("Ajouter des partenaires à l'annuaire, importer un export data·inclusion"),
    )
    REFERRAL_MANAGE = "referral_manage", _("Orienter une personne vers un partenaire")
    AGENDA_MANAGE = (
        "agenda_manage",
        _("Planifier des rendez-vous, prévenir les personnes, noter les présences"),
    )
    AGENDA_STATS = "agenda_stats", _("Voir les taux d'absence aux rendez-vous de la structure")
    PATHWAY_MANAGE = (
        "pathway_manage",
        _("Contractualiser et suivre un parcours (contrat, plan d'action, sortie)"),
    )
    IMMERSION_MANAGE = (
        "immersion_manage",
        _("Préparer, faire signer et valider les conventions d'immersion (PMSMP)"),
    )
    EMPLOYERS_VIEW = (
        "employers_view",
        _("Consulter le fichier entreprises, les campagnes et les offres de la structure"),
    )
    EMPLOYERS_MANAGE = (
        "employers_manage",
        _("Prospecter les entreprises, analyser leurs besoins, rédiger et publier les offres"),
    )
    EXCEPTIONAL_ACCESS_REVIEW = (
        "exceptional_access_review",
        _("Voir les accès exceptionnels aux parties réservées des dossiers"),
    )
    OFFER_REVIEW = (
        "offer_review",
        _("Relire les offres publiées malgré des formulations signalées, les retirer"),
    )
    PROJECT_MANAGE = (
        "project_manage",
        _("Construire le projet professionnel (métiers visés, CV, formations, candidatures)"),
    )
    PRACTICE_JOURNAL = "practice_journal", _("Tenir son journal d'analyse de pratique")
    WORKLOAD_VIEW = "workload_view", _("Voir sa charge de travail")
    WORKLOAD_TEAM = "workload_team", _("Voir la charge de travail de l'équipe")
    INCIDENT_REPORT = "incident_report", _("Déclarer un incident (menace, agression…)")
    INCIDENT_MANAGE = "incident_manage", _("Suivre les incidents déclarés dans la structure")
    EMPLOYMENT_FOLLOW = (
        "employment_follow",
        _("Suivre les personnes en emploi (plan d'intégration, points de suivi, médiation)"),
    )
    WORKSHOP_MANAGE = (
        "workshop_manage",
        _("Concevoir les ateliers, programmer les séances, inviter, évaluer"),
    )
    WORKSHOP_SIGN_IN = (
        "workshop_sign_in",
        _("Inscrire aux ateliers et faire émarger les participant·es"),
    )
    ACTIVITY_REPORT = (
        "activity_report",
        _("Voir et exporter le rapport d'activité mensuel de la structure"),
    )
    SPACE_INVITE = (
        "space_invite",
        _("Inviter une personne dans son espace personnel, lui retirer l'accès"),
    )
    RIGHTS_ESTIMATE = (
        "rights_estimate",
        _("Estimer les droits sociaux d'une personne (RSA, prime d'activité, aides au logement…)"),
    )
    FSE_INDICATORS = (
        "fse_indicators",
        _("Voir et exporter les indicateurs FSE+ des participant·es de la structure"),
    )
    TERRITORY_WATCH = (
        "territory_watch",
        _("Consulter la veille territoriale (besoins en main-d'œuvre) et y ajouter des notes"),
    )
    RETENTION_MANAGE = (
        "retention_manage",
        _("Gérer la conservation des dossiers (prolongation, anonymisation)"),
    )
    # Only the manager (every perm): the archive holds the whole file, health and justice too.
    DATA_EXPORT = (
        "data_export",
        _("Exporter les données d'une personne (droit d'accès, portabilité)"),
    )


@dataclass(frozen=True)
class RoleRights:
    sensitivities: frozenset[Sensitivity]
    # Extra sensitivities granted only on the files where the user is the référent.
    referent_sensitivities: frozenset[Sensitivity]
    perms: frozenset[Perm]
    # Sections hidden from the role whatever their sensitivity.
    hidden_sections: frozenset[Section] = frozenset()
    # Sees only the people who agreed to be proposed to employers.
    needs_employer_consent: bool = False


_ALL_LEVELS = frozenset(Sensitivity)
_NONE: frozenset = frozenset()

RIGHTS: dict[Role, RoleRights] = {
    Role.COUNSELOR: RoleRights(
        sensitivities=frozenset({Sensitivity.GENERAL, Sensitivity.SOCIAL}),
        referent_sensitivities=frozenset({Sensitivity.HEALTH, Sensitivity.JUSTICE}),
        perms=frozenset(
            {
                Perm.PERSON_VIEW,
                Perm.PERSON_CREATE,
                Perm.PERSON_EDIT,
                Perm.FOLLOW_MANAGE,
                Perm.DOCUMENT_ADD,
                Perm.CONSENT_RECORD,
                Perm.API_TOKEN,
                Perm.DIAGNOSIS_EDIT,
                Perm.URGENCY_RECORD,
                Perm.CONTACT_RECORD,
                Perm.ORDER_RECORD,
                Perm.ORDER_MANAGE,
                Perm.TEXT_REVIEW,
                Perm.DIRECTORY_VIEW,
                Perm.DIRECTORY_MANAGE,
                Perm.REFERRAL_MANAGE,
                Perm.AGENDA_MANAGE,
                Perm.PATHWAY_MANAGE,
                Perm.IMMERSION_MANAGE,
                Perm.EMPLOYERS_VIEW,
                Perm.EMPLOYERS_MANAGE,
                Perm.PROJECT_MANAGE,
                Perm.PRACTICE_JOURNAL,
                Perm.WORKLOAD_VIEW,
                Perm.INCIDENT_REPORT,
                Perm.WORKSHOP_MANAGE,
                Perm.WORKSHOP_SIGN_IN,
                Perm.EMPLOYMENT_FOLLOW,
                Perm.RIGHTS_ESTIMATE,
                Perm.TERRITORY_WATCH,
                # The space shows the plan, documents and who read the file: the roles that
                # see all of it may open it for the person (not reception, PRODUCT.md roles).
                Perm.SPACE_INVITE,
            }
        ),
        hidden_sections=frozenset({Section.ACCESS_LOG}),
    ),
    Role.RECEPTION: RoleRights(
        sensitivities=frozenset({Sensitivity.GENERAL}),
        referent_sensitivities=_NONE,
        perms=frozenset(
            {
                Perm.PERSON_VIEW,
                Perm.PERSON_CREATE,
                Perm.PERSON_EDIT,
                Perm.CONTACT_RECORD,
                # Reception receives the prescriptions and records them; counselors and
                # managers check their conformity and answer (ORDER_MANAGE).
                Perm.ORDER_RECORD,
                Perm.TEXT_REVIEW,
                Perm.DIRECTORY_VIEW,
                # Reception books first appointments and notes who came (PRODUCT.md roles).
                Perm.AGENDA_MANAGE,
                Perm.PRACTICE_JOURNAL,
                Perm.INCIDENT_REPORT,
                # Reception registers people to workshops and hands the tablet round to sign.
                Perm.WORKSHOP_SIGN_IN,
                # Reception informs about the local job market (REAC CP1 and CP3).
                Perm.TERRITORY_WATCH,
            }
        ),
        hidden_sections=frozenset({Section.DOCUMENTS, Section.ACCESS_LOG}),
    ),
    Role.EMPLOYER_LIAISON: RoleRights(
        sensitivities=frozenset({Sensitivity.GENERAL}),
        referent_sensitivities=_NONE,
        perms=frozenset(
            {
                Perm.PERSON_VIEW,
                Perm.API_TOKEN,
                Perm.TEXT_REVIEW,
                Perm.DIRECTORY_VIEW,
                Perm.EMPLOYERS_VIEW,
                Perm.EMPLOYERS_MANAGE,
                Perm.PRACTICE_JOURNAL,
                Perm.INCIDENT_REPORT,
                Perm.TERRITORY_WATCH,
            }
        ),
        hidden_sections=frozenset(
            {
                Section.DOCUMENTS,
                Section.CONSENTS,
                Section.ACCESS_LOG,
                Section.RECEPTION,
                # Employer relations have no need to know a person's appointments.
                Section.AGENDA,
            }
        ),
        needs_employer_consent=True,
    ),
    Role.MANAGER: RoleRights(
        sensitivities=_ALL_LEVELS,
        referent_sensitivities=_NONE,
        perms=frozenset(Perm),
    ),
    Role.STRUCTURE_ADMIN: RoleRights(
        # Administers members and settings; never reads people's files.
        sensitivities=_NONE,
        referent_sensitivities=_NONE,
        perms=frozenset(
            {
                Perm.MEMBERS_MANAGE,
                Perm.STRUCTURE_SETTINGS,
                # Retention is a setting of the structure (PRODUCT.md roles); without reading
                # files, the admin sees counts only and may anonymise what is due.
                Perm.RETENTION_MANAGE,
                Perm.TEXT_REVIEW,
                Perm.DIRECTORY_VIEW,
                Perm.DIRECTORY_MANAGE,
                Perm.INCIDENT_REPORT,
            }
        ),
    ),
}

# Roles of another structure that may read a file shared with their structure.
PARTNER_ROLES = frozenset({Role.COUNSELOR, Role.MANAGER})


def active_membership(user):
    """The membership the user acts through now, or None (anonymous, no structure)."""
    return getattr(user, "active_membership", None) if user.is_authenticated else None


def membership_with(user, perm: Perm):
    """The user's active membership if its role has `perm`, else None (QuerySet verbs)."""
    membership = active_membership(user)
    if membership is None or not membership.can(perm):
        return None
    return membership


def role_can(role: str | None, perm: Perm) -> bool:
    return role is not None and perm in RIGHTS[Role(role)].perms


def sections_for(
    role: str,
    *,
    is_referent: bool = False,
    shared_sections: frozenset[Section] | None = None,
) -> frozenset[Section]:
    """Sections of a file that `role` may see.

    `shared_sections` is None when the user's structure follows the person; otherwise it is
    the set of sections the person agreed to share with the user's structure.
    """
    rights = RIGHTS[Role(role)]
    levels = set(rights.sensitivities)
    # A partner reads what the person agreed to share with its structure: that consent is
    # the need to know, as being the référent is inside the structure that follows.
    if is_referent or shared_sections is not None:
        levels |= rights.referent_sensitivities
    visible = {s for s, level in SECTION_SENSITIVITY.items() if level in levels}
    visible -= rights.hidden_sections
    if shared_sections is not None:
        if Role(role) not in PARTNER_ROLES:
            return frozenset()
        visible &= set(shared_sections)
    return frozenset(visible)
