"""The header and tabs shown on every page of a person's file."""

from django.urls import reverse

from tremplin.core.permissions import Perm, Section
from tremplin.people.access import FileAccess
from tremplin.people.enums import ConsentPurpose
from tremplin.people.models import Consent

TABS = [
    ("file", "Dossier", Section.IDENTITY, "people:person-detail"),
    ("diagnosis", "Diagnostic", Section.DIAGNOSIS, "diagnosis:detail"),
    ("pathway", "Parcours", Section.PATHWAY, "pathways:person"),
    ("project", "Projet", Section.PROJECT, "projects:person"),
    ("immersions", "Immersions", Section.IMMERSION, "immersions:person"),
    ("employment", "Emploi", Section.EMPLOYMENT, "employment:person"),
    ("rights", "Droits", Section.SITUATION, "rights:person"),
    ("agenda", "Rendez-vous", Section.AGENDA, "agenda:person"),
    # Workshop attendance belongs to the agenda section: when and where the person is expected.
    ("workshops", "Ateliers", Section.AGENDA, "workshops:person"),
    ("referrals", "Orientations", Section.REFERRALS, "referrals:person"),
    ("reception", "Accueil", Section.RECEPTION, "reception:person-contacts"),
    ("health", "Santé", Section.HEALTH, "people:person-health"),
    ("justice", "Justice", Section.JUSTICE, "people:person-justice"),
    ("documents", "Documents", Section.DOCUMENTS, "people:documents"),
    ("consents", "Consentements", Section.CONSENTS, "people:consents"),
    ("history", "Historique", Section.HISTORY, "people:history"),
    ("access_log", "Consultations", Section.ACCESS_LOG, "people:access-log"),
]


def file_context(request, access: FileAccess, *, tab: str) -> dict:
    person = access.person
    membership = request.user.active_membership
    my_follow = next(
        (
            f
            for f in person.follows.all()
            if f.structure_id == membership.structure_id and f.ended_on is None
        ),
        None,
    )
    return {
        "person": person,
        "access": access,
        "tab": tab,
        "tabs": [
            {"key": key, "label": label, "url": reverse(url, kwargs={"person_id": person.pk})}
            for key, label, section, url in TABS
            if access.can_see(section) or section in access.exceptional
        ],
        "my_follow": my_follow,
        # An urgency raised and not yet dealt with marks the file (diagnosis app).
        "has_open_alert": person.alerts.filter(
            resolved_at__isnull=True, structure_id=membership.structure_id
        ).exists()
        if access.can_see(Section.DIAGNOSIS)
        else False,
        # Followed here without the person's agreement to be accompanied on record: the
        # file says so until it is recorded (or the follow ends).
        "lacks_accompaniment_consent": my_follow is not None
        and access.can_see(Section.CONSENTS)
        and not Consent.objects.active()
        .filter(
            person=person,
            structure_id=membership.structure_id,
            purpose=ConsentPurpose.ACCOMPANIMENT,
        )
        .exists(),
        # When the person withdrew it (from the space or with a professional): the latest
        # withdrawal of the structure's accompaniment consent, shown instead.
        "accompaniment_withdrawal": Consent.objects.filter(
            person=person,
            structure_id=membership.structure_id,
            purpose=ConsentPurpose.ACCOMPANIMENT,
            withdrawn_at__isnull=False,
        )
        .order_by("-withdrawn_at", "-pk")
        .first()
        if my_follow is not None and access.can_see(Section.CONSENTS)
        else None,
        "can_record_consent": access.can(Perm.CONSENT_RECORD),
        "is_partner": not access.follows,
        "can_edit": access.can(Perm.PERSON_EDIT),
        "can_merge": access.can(Perm.PERSON_MERGE),
        "can_manage_follow": access.can(Perm.FOLLOW_MANAGE),
        "nav": "caseload",
    }
