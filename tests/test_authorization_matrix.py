"""The authorization matrix: every URL that takes an object id, requested by every persona.

URL patterns are discovered from the URL configuration: a new URL with an object id is
tested here without editing this file. For every such URL:
- anonymous visitors are sent to the login page (401 on the API);
- the counselor of another structure, and every role the rights table does not allow,
  get 403 or 404, never a 500 and never the file's content;
- a denied POST changes nothing in the database;
- the personas declared in EXPECTED below (when the URL is declared) get the page.
An id parameter without a known way to build its object fails the test, so that nobody
adds an unchecked URL.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as datetime_time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from conftest import (
    CANARY_B_LAST_NAME,
    CANARY_HEALTH_NOTE,
    CANARY_JUSTICE_NOTE,
    CANARY_LAST_NAME,
)
from tremplin.accounts.models import ApiToken, Membership
from tremplin.agenda.models import Appointment, CalendarFeed, Notice, Participant
from tremplin.dataexport.models import AccessRequest
from tremplin.diagnosis import actions as diagnosis_actions
from tremplin.diagnosis.models import Alert, DiagnosisVersion, UrgencyCheck
from tremplin.employers.models import (
    Campaign,
    CampaignAction,
    Company,
    CompanyContact,
    Interaction,
    JobOffer,
    PublicationConfirmation,
    RecruitmentNeed,
)
from tremplin.employment import actions as employment_actions
from tremplin.employment.models import (
    CheckIn,
    Employment,
    EmploymentContact,
    IntegrationReview,
    MediationNote,
    ScheduleSetting,
    TutorFeedback,
)
from tremplin.fse.models import Participation, Survey
from tremplin.immersions import actions as immersion_actions
from tremplin.immersions.models import (
    Immersion,
    ImmersionEvent,
    ImmersionReview,
    ImmersionSignature,
)
from tremplin.matching.models import Proposal
from tremplin.network import referrals
from tremplin.network.models import (
    MANUAL_SOURCE,
    PartnerContact,
    PartnerService,
    PartnerStructure,
    Referral,
    ReferralEvent,
)
from tremplin.pathways import actions as pathway_actions
from tremplin.pathways.models import (
    Action,
    Commitment,
    ContractSignature,
    Exit,
    Funder,
    IaeApproval,
    IaeProlongation,
    IaeSuspension,
    Interview,
    Objective,
    Pathway,
    Reorientation,
    Review,
)
from tremplin.people import actions, enums
from tremplin.people.models import (
    Consent,
    Document,
    ExceptionalAccess,
    Follow,
    PeopleImport,
    Person,
    PersonMerge,
)
from tremplin.portal.models import SpaceAccess, SpaceEvent, SpaceLink
from tremplin.practice.models import Incident, IncidentFollowUp, JournalEntry, PracticeSession
from tremplin.privacy.models import RetentionHold
from tremplin.projects import actions as project_actions
from tremplin.projects.models import (
    Application,
    Education,
    Experience,
    PersonSkill,
    RealityCheck,
    TargetJob,
    TargetJobDecision,
    TargetJobHealth,
    Training,
)
from tremplin.reception.models import Contact, InfoSession, Order, Registration, ServiceOffer
from tremplin.referentials.models import RomeAppellation
from tremplin.rights import engine as rights_engine
from tremplin.rights.models import RightsEstimate
from tremplin.territory.models import WatchNote
from tremplin.testing.factories import PersonFactory, space_login
from tremplin.workshops import actions as workshop_actions
from tremplin.workshops.models import (
    Evaluation,
    HalfDay,
    Invitation,
    Presence,
    Sequence,
    Signature,
    WorkshopDesign,
    WorkshopSession,
)
from tremplin.workshops.models import Registration as WorkshopRegistration

PERSONAS = [
    "anonymous",
    "other_counselor",
    "partner",
    "structure_admin",
    "employer_liaison",
    "reception",
    "colleague",
    "counselor",
    "manager",
]

# The person's own space (namespace `portal`) is also walked as the person of the file
# (`person`, in their space) and as another person in theirs (`other_person`); every staff
# persona, having no person session, is sent to the space's start page there.
SPACE_PERSONAS = ["person", "other_person"]
SPACE_START = "/espace/"

# Who may open (GET) and who may submit (POST) each URL. Everyone else is denied.
FILE_READERS = {"counselor", "colleague", "manager", "reception"}
COUNSELORS = {"counselor", "colleague", "manager"}
DIRECTORY_READERS = set(PERSONAS) - {"anonymous"}
DIRECTORY_MANAGERS = {"counselor", "colleague", "manager", "structure_admin"}
# Employer relations are the structure's own work: its counselors, managers and chargés de
# relations entreprises.
EMPLOYER_STAFF = {"counselor", "colleague", "manager", "employer_liaison"}
# The partner structure was given the identity part only, by the person's consent.
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    "people:person-detail": (FILE_READERS | {"partner"}, set()),
    # FSE+ data of a pathway and the 6-month survey answered by phone: the pathway's team.
    "fse:participation": (COUNSELORS, COUNSELORS),
    "fse:phone-answer": (set(), COUNSELORS),
    "people:person-edit": (FILE_READERS, {"counselor", "colleague", "manager", "reception"}),
    "people:person-edit-section": ({"counselor", "manager"}, {"counselor", "manager"}),
    "people:person-health": ({"counselor", "manager"}, set()),
    # The référent's colleague opens health and justice for the day, with a reason.
    "people:exceptional-access": ({"colleague"}, {"colleague"}),
    "people:exceptional-access-seen": (set(), {"manager"}),
    "people:person-justice": ({"counselor", "manager"}, set()),
    "people:documents": (
        {"counselor", "colleague", "manager"},
        {"counselor", "colleague", "manager"},
    ),
    "people:document-download": ({"counselor", "colleague", "manager"}, set()),
    "people:document-delete": (
        {"counselor", "colleague", "manager"},
        {"counselor", "colleague", "manager"},
    ),
    "people:consents": (FILE_READERS, {"counselor", "colleague", "manager"}),
    "people:consent-withdraw": (
        {"counselor", "colleague", "manager"},
        {"counselor", "colleague", "manager"},
    ),
    "people:history": ({"counselor", "colleague", "manager"}, set()),
    "people:access-log": ({"manager"}, set()),
    "people:follow-manage": (
        {"counselor", "colleague", "manager"},
        {"counselor", "colleague", "manager"},
    ),
    "people:merge-search": ({"manager"}, {"manager"}),  # POST carries the name searched
    "people:merge-confirm": ({"manager"}, {"manager"}),
    # Importing people's files is the manager's (a checked file waits for its confirmation).
    "people:import-detail": ({"manager"}, set()),
    "people:import-confirm": (set(), {"manager"}),
    "people:import-abandon": (set(), {"manager"}),
    "accounts:member-edit": ({"manager", "structure_admin"}, {"manager", "structure_admin"}),
    "accounts:member-deactivate": ({"manager", "structure_admin"}, {"manager", "structure_admin"}),
    "accounts:member-invitation": ({"manager", "structure_admin"}, {"manager", "structure_admin"}),
    # A token belongs to one user: only its owner (the counselor here) may revoke it.
    "accounts:api-token-revoke": (set(), {"counselor"}),
    "api-1.0.0:get_person": (FILE_READERS | {"partner"}, set()),
    "reception:contact": (FILE_READERS, FILE_READERS),
    "reception:contact-file": (FILE_READERS, FILE_READERS),
    "reception:contact-register": (set(), FILE_READERS),
    "reception:contact-link": (set(), FILE_READERS),
    "reception:session": (FILE_READERS, FILE_READERS),
    "reception:session-edit": (FILE_READERS, FILE_READERS),
    "reception:session-register": (set(), FILE_READERS),
    "reception:person-contacts": (FILE_READERS, set()),
    "reception:person-register": (set(), FILE_READERS),
    # Reception receives and records the orders; counselors and managers answer them.
    "reception:order-create": (FILE_READERS, FILE_READERS),
    "reception:order": (FILE_READERS, COUNSELORS),
    "reception:offer-edit": ({"manager", "structure_admin"}, {"manager", "structure_admin"}),
    "api-1.0.0:get_order": (COUNSELORS, set()),
    "api-1.0.0:get_diagnosis": (COUNSELORS, set()),
    "diagnosis:detail": (COUNSELORS, set()),
    "diagnosis:version-document": (COUNSELORS, set()),
    "diagnosis:version-report": (COUNSELORS, set()),
    "diagnosis:edit": (COUNSELORS, COUNSELORS),
    "diagnosis:compare": (COUNSELORS, set()),
    "diagnosis:urgency-check": (COUNSELORS, COUNSELORS),
    "diagnosis:version": (COUNSELORS, set()),
    "diagnosis:version-validate": (COUNSELORS, COUNSELORS),
    "diagnosis:alert-resolve": (COUNSELORS, COUNSELORS),
    "referrals:detail": (COUNSELORS, COUNSELORS),
    "referrals:liaison": (COUNSELORS, set()),
    "referrals:person": (COUNSELORS, set()),
    "referrals:create": (COUNSELORS, COUNSELORS),
    # The partner directory is shared by every structure of the instance: any member may
    # read it (the other structure's counselor too); a manual entry is changed only by the
    # structure that created it, and named contacts belong to the structure that wrote them.
    "directory:structure": (DIRECTORY_READERS, set()),
    "directory:service": (DIRECTORY_READERS, set()),
    "directory:structure-edit": (DIRECTORY_MANAGERS, DIRECTORY_MANAGERS),
    "directory:service-create": (DIRECTORY_MANAGERS, DIRECTORY_MANAGERS),
    "directory:service-edit": (DIRECTORY_MANAGERS, DIRECTORY_MANAGERS),
    "directory:contact-create": (
        DIRECTORY_MANAGERS | {"partner", "other_counselor"},
        DIRECTORY_MANAGERS | {"partner", "other_counselor"},
    ),
    "directory:contact-edit": (DIRECTORY_MANAGERS, DIRECTORY_MANAGERS),
    "directory:contact-delete": (DIRECTORY_MANAGERS, DIRECTORY_MANAGERS),
    "api-1.0.0:get_partner_service": (DIRECTORY_READERS, set()),
    "api-1.0.0:get_partner_structure": (DIRECTORY_READERS, set()),
    "agenda:appointment": (FILE_READERS, FILE_READERS),
    "agenda:appointment-edit": (FILE_READERS, FILE_READERS),
    "agenda:appointment-cancel": (set(), FILE_READERS),
    "agenda:person": (FILE_READERS, set()),
    "agenda:person-create": (FILE_READERS, FILE_READERS),
    "api-1.0.0:get_appointment": (FILE_READERS, set()),
    "api-1.0.0:record_attendance": (set(), FILE_READERS),
    "pathways:person": (COUNSELORS, set()),
    "pathways:create": (COUNSELORS, COUNSELORS),
    "pathways:detail": (COUNSELORS, set()),
    "pathways:edit": (COUNSELORS, COUNSELORS),
    "pathways:commitment-add": (COUNSELORS, COUNSELORS),
    "pathways:commitment-delete": (COUNSELORS, COUNSELORS),
    "pathways:objective-create": (COUNSELORS, COUNSELORS),
    "pathways:objectives-from-diagnosis": (COUNSELORS, COUNSELORS),
    "pathways:objective-edit": (COUNSELORS, COUNSELORS),
    "pathways:action-create": (COUNSELORS, COUNSELORS),
    "pathways:action-edit": (COUNSELORS, COUNSELORS),
    "pathways:contract": (COUNSELORS, set()),
    "pathways:contract-sign": (COUNSELORS, COUNSELORS),
    "pathways:signed-contract": (COUNSELORS, set()),
    "pathways:interview-create": (COUNSELORS, COUNSELORS),
    "pathways:interview-report": (COUNSELORS, set()),
    "pathways:review-create": (COUNSELORS, COUNSELORS),
    "pathways:review-report": (COUNSELORS, set()),
    "pathways:suspension": (COUNSELORS, COUNSELORS),
    "pathways:exit": (COUNSELORS, COUNSELORS),
    "pathways:reorient": (COUNSELORS, COUNSELORS),
    "pathways:pass-iae": (COUNSELORS, COUNSELORS),
    "pathways:pass-iae-suspend": (COUNSELORS, COUNSELORS),
    "pathways:pass-iae-prolong": (COUNSELORS, COUNSELORS),
    "pathways:pass-iae-withdraw": (COUNSELORS, COUNSELORS),
    # Matching: the offer's ranking for the employer staff; a person's offers read their
    # professional project (social), so the counselors and the manager only.
    "matching:people-for-offer": (EMPLOYER_STAFF, set()),
    "matching:offers-for-person": (COUNSELORS, set()),
    # The file under test gave no consent to be proposed: the employer liaison, who sees
    # only people who did, is refused; the counselors get the form (and its refusal).
    "matching:propose": (COUNSELORS, COUNSELORS),
    "matching:proposal": (EMPLOYER_STAFF, EMPLOYER_STAFF),
    # The journal is its author's alone: the manager, who has every right, is refused.
    "practice:entry": ({"counselor"}, {"counselor"}),
    "practice:entry-share": ({"counselor"}, {"counselor"}),
    "practice:session": (
        {"counselor", "colleague", "manager", "reception", "employer_liaison"},
        set(),
    ),
    # A reporter reads their report; the managers read and follow it up.
    "practice:incident": ({"reception", "manager"}, {"manager"}),
    # The team's watch notes: every role that keeps the watch reads them; their author (the
    # counselor) and the head of service change them.
    "territory:note": (
        {"counselor", "colleague", "manager", "reception", "employer_liaison"},
        set(),
    ),
    "territory:note-edit": ({"counselor", "manager"}, {"counselor", "manager"}),
    "territory:note-delete": (set(), {"counselor", "manager"}),
    "pathways:funder-edit": ({"structure_admin", "manager"}, {"structure_admin", "manager"}),
    "api-1.0.0:get_pathway": (COUNSELORS, set()),
    "api-1.0.0:list_objectives": (COUNSELORS, set()),
    "api-1.0.0:list_actions": (COUNSELORS, set()),
    # The PASS IAE, as on the pathway's page: read and changed by the structure's counselors
    # and the manager. Same path as the read: PUT records it (the matrix sends GET and POST).
    "api-1.0.0:get_pass_iae": (COUNSELORS, set()),
    "api-1.0.0:record_pass_iae": (COUNSELORS, set()),
    "api-1.0.0:suspend_pass_iae": (set(), COUNSELORS),
    "api-1.0.0:prolong_pass_iae": (set(), COUNSELORS),
    "api-1.0.0:withdraw_pass_iae_suspension": (set(), COUNSELORS),
    "api-1.0.0:withdraw_pass_iae_prolongation": (set(), COUNSELORS),
    # Immersions (PMSMP): the structure's counselors and managers; the steps are POST only.
    "immersions:person": (COUNSELORS, set()),
    "immersions:create": (COUNSELORS, COUNSELORS),
    "immersions:detail": (COUNSELORS, set()),
    "immersions:edit": (COUNSELORS, COUNSELORS),
    "immersions:send": (set(), COUNSELORS),
    # Reviewing an offer published despite the checker's findings: the manager's.
    "employers:offer-review": (set(), {"manager"}),
    "immersions:sign": (COUNSELORS, COUNSELORS),
    "immersions:sign-in-person": (COUNSELORS, COUNSELORS),
    "immersions:validate": (set(), COUNSELORS),
    "immersions:start": (set(), COUNSELORS),
    "immersions:refuse": (COUNSELORS, COUNSELORS),
    "immersions:cancel": (COUNSELORS, COUNSELORS),
    "immersions:renew": (COUNSELORS, COUNSELORS),
    "immersions:review": (COUNSELORS, COUNSELORS),
    "immersions:convention": (COUNSELORS, set()),
    "immersions:review-report": (COUNSELORS, set()),
    "api-1.0.0:get_immersion": (COUNSELORS, set()),
    # Proposals: the employer staff read them and record the steps (POST only).
    "api-1.0.0:get_proposal": (EMPLOYER_STAFF, set()),
    "api-1.0.0:answer_proposal": (set(), EMPLOYER_STAFF),
    "api-1.0.0:withdraw_proposal": (set(), EMPLOYER_STAFF),
    # The in-job follow-up through the API: as the screens, counselors and managers.
    "api-1.0.0:get_employment": (COUNSELORS, set()),
    "api-1.0.0:complete_check_in": (set(), COUNSELORS),
    "api-1.0.0:flag_employment_risk": (set(), COUNSELORS),
    "api-1.0.0:clear_employment_risk": (set(), COUNSELORS),
    "api-1.0.0:end_employment": (set(), COUNSELORS),
    "api-1.0.0:record_employment_outcome": (set(), COUNSELORS),
    # In-job follow-up: the employment section is social — counselors and managers.
    "employment:person": (COUNSELORS, set()),
    "employment:create": (COUNSELORS, COUNSELORS),
    "employment:detail": (COUNSELORS, COUNSELORS),
    "employment:edit": (COUNSELORS, COUNSELORS),
    "employment:check-in": (COUNSELORS, COUNSELORS),
    "employment:request-feedback": (set(), COUNSELORS),
    "employment:mediation": (COUNSELORS, COUNSELORS),
    "employment:review": (COUNSELORS, COUNSELORS),
    "employment:plan-report": (COUNSELORS, set()),
    "employment:review-report": (COUNSELORS, set()),
    # Social-rights estimates: the social situation — counselors and managers.
    "rights:person": (COUNSELORS, COUNSELORS),
    "rights:detail": (COUNSELORS, COUNSELORS),
    "rights:document": (COUNSELORS, set()),
    # Retention: a manager holds a file longer or lifts the hold; the structure admin, who
    # reads no file, sees counts only (hold pages need the file).
    "privacy:hold-create": ({"manager"}, {"manager"}),
    "privacy:hold-lift": (set(), {"manager"}),
    # Workshops: counselors and managers design, invite and evaluate; reception registers
    # people and hands the tablet round for the sign-in.
    "workshops:design": (FILE_READERS, COUNSELORS),
    "workshops:design-edit": (COUNSELORS, COUNSELORS),
    "workshops:design-sheet": (FILE_READERS, set()),
    "workshops:session-create": (COUNSELORS, COUNSELORS),
    "workshops:sequence-delete": (set(), COUNSELORS),
    "workshops:session": (FILE_READERS, FILE_READERS),
    "workshops:session-edit": (COUNSELORS, COUNSELORS),
    "workshops:session-register": (set(), FILE_READERS),
    "workshops:session-invite": (COUNSELORS, COUNSELORS),
    "workshops:review": (COUNSELORS, COUNSELORS),
    "workshops:review-report": (COUNSELORS, set()),
    "workshops:registration-cancel": (FILE_READERS, FILE_READERS),
    "workshops:registration-promote": (set(), FILE_READERS),
    "workshops:evaluation": (COUNSELORS, COUNSELORS),
    "workshops:sign-in": (FILE_READERS, FILE_READERS),
    "workshops:tablet-enter": (set(), FILE_READERS),
    "workshops:sheet": (FILE_READERS, set()),
    "workshops:close": (FILE_READERS, FILE_READERS),
    "workshops:scan": (FILE_READERS, set()),
    "workshops:signature-image": (FILE_READERS, set()),
    "workshops:person": (FILE_READERS, set()),
    "api-1.0.0:get_workshop_design": (FILE_READERS, set()),
    "api-1.0.0:get_workshop_session": (FILE_READERS, set()),
    "api-1.0.0:list_workshop_registrations": (FILE_READERS, set()),
    "api-1.0.0:list_workshop_attendance": (FILE_READERS, set()),
    # Same path as the list: GET lists, POST registers.
    "api-1.0.0:create_workshop_registration": (FILE_READERS, FILE_READERS),
    **{
        f"employers:{name}": (EMPLOYER_STAFF, EMPLOYER_STAFF)
        for name in (
            "company-edit",
            "contact-create",
            "contact-edit",
            "interaction-create",
            "interaction-edit",
            "need-create",
            "need-edit",
            "offer-create",
            "offer-edit",
            "offer-publish",
            "offer-status",
            "campaign-edit",
            "campaign-action-create",
            "campaign-action-edit",
        )
    },
    "api-1.0.0:get_company": (EMPLOYER_STAFF, set()),
    "api-1.0.0:get_campaign": (EMPLOYER_STAFF, set()),
    "api-1.0.0:get_job_offer": (EMPLOYER_STAFF, set()),
    "api-1.0.0:publish_job_offer": (set(), EMPLOYER_STAFF),
    **{
        f"employers:{name}": (EMPLOYER_STAFF, set())
        for name in ("company", "need", "need-document", "offer", "offer-document", "campaign")
    },
    # The professional project is social: the structure's counselors and the manager. Its
    # health restrictions are the HEALTH section: the référent and the manager only.
    "projects:person": (COUNSELORS, set()),
    "projects:cv": (COUNSELORS, set()),
    "projects:target-create": (COUNSELORS, COUNSELORS),
    "projects:target": (COUNSELORS, set()),
    "projects:target-edit": (COUNSELORS, COUNSELORS),
    "projects:target-skills": (COUNSELORS, COUNSELORS),
    "projects:target-decide": (COUNSELORS, COUNSELORS),
    "projects:target-health": ({"counselor", "manager"}, {"counselor", "manager"}),
    # « C'est ce métier » on the hiring outlook: a POST only, by those who edit the job.
    "projects:target-bmo": (set(), COUNSELORS),
    "projects:check-create": (COUNSELORS, COUNSELORS),
    "projects:check-edit": (COUNSELORS, COUNSELORS),
    "projects:experience-create": (COUNSELORS, COUNSELORS),
    "projects:experience-edit": (COUNSELORS, COUNSELORS),
    "projects:experience-delete": (COUNSELORS, COUNSELORS),
    "projects:education-create": (COUNSELORS, COUNSELORS),
    "projects:education-edit": (COUNSELORS, COUNSELORS),
    "projects:education-delete": (COUNSELORS, COUNSELORS),
    "projects:skill-create": (COUNSELORS, COUNSELORS),
    "projects:skill-delete": (COUNSELORS, COUNSELORS),
    "projects:training-create": (COUNSELORS, COUNSELORS),
    "projects:training-edit": (COUNSELORS, COUNSELORS),
    "projects:application-create": (COUNSELORS, COUNSELORS),
    "projects:application-edit": (COUNSELORS, COUNSELORS),
    "api-1.0.0:list_target_jobs": (COUNSELORS, set()),
    "api-1.0.0:get_target_job": (COUNSELORS, set()),
    "api-1.0.0:decide_target_job": (set(), set()),
    "api-1.0.0:list_trainings": (COUNSELORS, set()),
    "api-1.0.0:list_applications": (COUNSELORS, set()),
    # The person's space, seen from the file: whoever may edit the file invites or revokes.
    # Inviting opens the plan, documents and who read the file: not reception.
    "space:manage": (COUNSELORS, COUNSELORS),
    # In the space: the person, on their own things only (the world's consent is in force:
    # it may be withdrawn, not given again; the document is a CV, of general sensitivity).
    "portal:consent-withdraw": ({"person"}, {"person"}),
    "portal:consent-renew": (set(), set()),
    # The world's follow is the one of the structure that opened the file: it sees the file
    # whole, the person has nothing to choose there (tested in test_space_common_file).
    "portal:common-file": (set(), set()),
    "portal:document-download": ({"person"}, set()),
    # The synthesis of the person's own diagnosis: validated or talked over by POST only.
    "portal:synthesis-validate": (set(), {"person"}),
    "portal:synthesis-talk": (set(), {"person"}),
    # The whole file goes into the archive, health and justice too: the manager only. The
    # archive and the « traitée » mark are POST only.
    "dataexport:person": ({"manager"}, {"manager"}),
    "dataexport:archive": (set(), {"manager"}),
    "dataexport:answer": (set(), {"manager"}),
}

# Text that must never reach a persona who may not read the file.
CANARIES = [CANARY_LAST_NAME, CANARY_HEALTH_NOTE, CANARY_JUSTICE_NOTE]
DENIED = {403, 404, 405}
# Allowed, but the world's state sends the reader on: the file already has an open pathway,
# so « new pathway » leads to it.
LEADS_ELSEWHERE = {"pathways:create"}


@dataclass
class Route:
    name: str
    route: str
    params: list[str]
    is_api: bool

    def __str__(self):
        return self.name


def _walk(resolver, prefix="", namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), list(entry.pattern.converters)


def object_routes() -> list[Route]:
    routes = []
    for namespace, name, route, params in _walk(get_resolver()):
        if namespace == "admin":
            continue  # Django's admin: staff only, tested in test_admin_is_staff_only
        # Ninja declares path parameters in the route itself.
        if not params and "<" in route:
            params = [p.split(":")[-1].strip(">") for p in route.split("<")[1:]]
        if not any(p.endswith("_id") for p in params):
            continue
        full = f"{namespace}:{name}" if namespace else name
        routes.append(Route(full, route, params, namespace == "api-1.0.0"))
    return routes


ROUTES = object_routes()


@pytest.fixture
def world(
    cast,
    person,
    person_b,
    structure_a,
    structure_b,
    structure_c,
    counselor,
    manager,
    colleague,
    nantes,
):
    """One object of every kind, all belonging to structure A (and one of B for merges)."""
    membership = Membership.objects.get(user=counselor, structure=structure_a)
    general = actions.add_document(
        person=person,
        membership=membership,
        uploaded=SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n% CV\n", content_type="application/pdf"),
        kind=enums.DocumentKind.CV,
        title="CV",
    )
    consent = Consent.objects.create(
        person=person,
        structure=structure_a,
        purpose=enums.ConsentPurpose.SURVEYS,
        channel=enums.ConsentChannel.PAPER,
        recorded_by=counselor,
    )
    Consent.objects.create(
        person=person,
        structure=structure_a,
        purpose=enums.ConsentPurpose.SHARE_WITH_PARTNER,
        partner=structure_c,
        sections=["identity"],
        channel=enums.ConsentChannel.PAPER,
        recorded_by=counselor,
    )
    twin = PersonFactory(
        last_name=CANARY_LAST_NAME, first_name="Ines", birth_date=person.birth_date
    )
    Follow.objects.create(person=twin, structure=structure_a)
    diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=0,
        interview_date=date(2026, 11, 2),
        demand="",
        synthesis="",
        domains={},
        editable=set(),
    )
    version = diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=1,
        interview_date=date(2026, 11, 9),
        demand="",
        synthesis="",
        domains={},
        editable=set(),
    )
    check = diagnosis_actions.record_urgency_check(
        person=person, membership=membership, positives=["no_shelter"]
    )
    contact = Contact.objects.create(
        structure=structure_a,
        channel="walk_in",
        received_by=counselor,
        last_name=CANARY_LAST_NAME,
        demand="Trouver un emploi",
        next_step="information",
    )
    session = InfoSession.objects.create(
        structure=structure_a,
        theme="Information collective",
        starts_at=timezone.now() + timedelta(days=2),
        place="Salle 1",
        capacity=10,
    )
    offer = ServiceOffer.objects.create(structure=structure_a, name="Accompagnement renforcé")
    order = Order.objects.create(
        structure=structure_a,
        person=person,
        prescriber_kind="departement",
        prescriber_name="Département",
        service_ordered="Accompagnement",
        recorded_by=counselor,
    )
    partner = PartnerStructure.objects.create(
        source="dora", source_id="dora--1", name="Auto-école solidaire", email="ae@exemple.test"
    )
    service = PartnerService.objects.create(
        structure=partner, source="dora", source_id="dora--s1", name="Permis accompagné"
    )
    referral = referrals.create_draft(
        person=person, membership=membership, service=service, motive="Préparer le permis B."
    )
    referrals.send(
        referral=referral,
        membership=membership,
        sections=["identity"],
        consent_channel=enums.ConsentChannel.ORAL,
    )
    # A partner entered by hand by structure A, with a service and a named contact of A.
    local_partner = PartnerStructure.objects.create(
        source=MANUAL_SOURCE,
        source_id="tremplin--local",
        name="Boutique de l'emploi",
        created_by_structure=structure_a,
    )
    local_service = PartnerService.objects.create(
        structure=local_partner,
        source=MANUAL_SOURCE,
        source_id="tremplin--local--permanence",
        name="Permanence emploi",
        created_by_structure=structure_a,
    )
    partner_contact = PartnerContact.objects.create(
        partner=local_partner, owner_structure=structure_a, last_name="Morvan"
    )
    appointment = Appointment.objects.create(
        structure=structure_a,
        organizer=counselor,
        created_by=counselor,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
        place="Bureau 3",
        subject=CANARY_HEALTH_NOTE,
    )
    Participant.objects.create(appointment=appointment, person=person)
    pathway = pathway_actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework="cej",
            started_on=date(2026, 11, 2),
            planned_end_on=date(2027, 5, 1),
            referent=counselor,
        ),
        membership=membership,
    )
    objective = Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    pathway_action = Action.objects.create(
        pathway=pathway, title="Code de la route", owner="person", due_on=date(2026, 12, 1)
    )
    signature = pathway_actions.sign_contract(
        pathway=pathway, membership=membership, channel="screen", signer_name="Inès Zwyrtkowska"
    )
    interview = Interview.objects.create(
        pathway=pathway, held_on=date(2026, 11, 9), facts="Point d'étape.", author=counselor
    )
    review = Review.objects.create(
        pathway=pathway, kind="intermediate", held_on=date(2026, 11, 16), author=counselor
    )
    # The PASS IAE is recorded on an IAE pathway: another person of the structure has one.
    iae_person = PersonFactory(last_name=f"{CANARY_LAST_NAME}-Pass", first_name="Ilan")
    Follow.objects.create(person=iae_person, structure=structure_a, referent=counselor)
    iae_pathway = pathway_actions.create_pathway(
        pathway=Pathway(
            person=iae_person,
            framework="iae",
            started_on=date(2026, 9, 1),
            planned_end_on=date(2028, 8, 31),
            referent=counselor,
        ),
        membership=membership,
    )
    iae_approval = pathway_actions.record_iae_approval(
        pathway=iae_pathway,
        membership=membership,
        number="999992612345",
        starts_on=date(2026, 9, 1),
        delivered_by="France Travail",
        delivered_on=date(2026, 8, 28),
    )
    iae_suspension = pathway_actions.suspend_iae_approval(
        approval=iae_approval,
        by=counselor,
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 10, 9),
        reason="sick_leave",
    )
    iae_prolongation = pathway_actions.prolong_iae_approval(
        approval=iae_approval,
        by=counselor,
        ends_on=date(2029, 8, 31),
        reason="rqth",
        requested_on=date(2026, 9, 15),
    )
    employment = employment_actions.start(
        employment=Employment(
            person=person,
            referent=counselor,
            employer_name="Boulangerie du Port",
            job_title="Boulangère",
            contract_type="cdi",
            starts_on=timezone.localdate() - timedelta(days=20),
        ),
        membership=membership,
        steps="15 jours, 1 mois",
    )
    IntegrationReview.objects.create(
        employment=employment,
        author=counselor,
        held_on=timezone.localdate(),
        skills_acquired="Cuisson.",
        continuation="confirmed",
    )
    immersion = immersion_actions.create_draft(
        immersion=Immersion(
            person=person,
            referent=counselor,
            beneficiary_status="rsa",
            company_name="Boulangerie du Port",
            siret="73282932000074",
            company_address="3 quai de la Fosse",
            company_commune=nantes,
            tutor_name="Hervé Le Goff",
            tutor_function="Boulanger",
            tutor_phone="0240000000",
            tutor_email="tuteur@boulangerie.test",
            objective="discover",
            appellation=RomeAppellation.objects.order_by("code").first(),
            starts_on=date(2026, 12, 7),
            ends_on=date(2026, 12, 18),
            schedule=["7", "7", "7", "7", "7", "0", "0"],
            tasks="Façonner le pain.",
            accident_cover="France Travail",
        ),
        membership=membership,
    )
    design = workshop_actions.create_design(
        design=WorkshopDesign(
            title="Atelier CV",
            demand="Des CV à reprendre",
            public="Tout public",
            objectives=["Rédiger son CV"],
        ),
        membership=membership,
    )
    sequence = workshop_actions.add_sequence(
        design=design,
        sequence=Sequence(title="Accueil", duration_minutes=15, method="Tour de table"),
    )
    workshop_session = workshop_actions.create_session(
        session=WorkshopSession(design=design, place="Salle 2", capacity=8),
        half_days=[
            HalfDay(
                date=timezone.localdate(),
                slot="morning",
                starts_at=datetime_time(9, 0),
                ends_at=datetime_time(12, 0),
            ),
            HalfDay(
                date=timezone.localdate(),
                slot="afternoon",
                starts_at=datetime_time(14, 0),
                ends_at=datetime_time(17, 0),
            ),
        ],
        facilitators=[counselor],
        membership=membership,
    )
    half_day, afternoon = workshop_session.half_days.all()
    workshop_registration = workshop_actions.register(
        session=workshop_session, person=person, by=counselor
    )
    workshop_signature = workshop_actions.sign(
        half_day=half_day,
        registration=workshop_registration,
        by=counselor,
        drawing=workshop_actions.PNG_MAGIC + b"trace",
        # Signed in the room, during the morning (on-screen sign-in is open around it only).
        now=timezone.make_aware(datetime.combine(timezone.localdate(), datetime_time(9, 5))),
    )
    workshop_actions.attach_scan(
        half_day=afternoon,
        uploaded=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan", content_type="application/pdf"),
        by=counselor,
    )
    company = Company.objects.create(
        structure=structure_a,
        name="Boulangerie du Port",
        siret="73282932000074",
        naf_id="10.71C",
        commune=nantes,
        postal_code="44000",
    )
    company_contact = CompanyContact.objects.create(
        company=company, last_name="Le Floch", role="Gérant"
    )
    campaign = Campaign.objects.create(
        structure=structure_a,
        name="Métiers de bouche",
        objectives="Ouvrir dix postes",
        starts_on=date(2026, 11, 1),
        ends_on=date(2027, 1, 31),
        owner=counselor,
        created_by=counselor,
    )
    campaign_action = CampaignAction.objects.create(
        campaign=campaign,
        title="Visiter les boulangeries",
        owner=counselor,
        due_on=date(2026, 12, 1),
    )
    interaction = Interaction.objects.create(
        company=company,
        kind="visit",
        occurred_on=date(2026, 11, 10),
        summary="Première visite",
        campaign=campaign,
        author=counselor,
    )
    need = RecruitmentNeed.objects.create(
        company=company,
        collected_on=date(2026, 11, 10),
        appellation_id="11573",
        created_by=counselor,
    )
    job_offer = JobOffer.objects.create(
        structure=structure_a,
        company=company,
        title="Boulanger / Boulangère",
        appellation_id="11573",
        contract_type="cdi",
        weekly_hours=35,
        commune=nantes,
        description="Fabrication du pain.",
        created_by=counselor,
    )
    target = project_actions.add_target_job(
        target_job=TargetJob(person=person, appellation_id="10891", decided_on=date(2026, 11, 2)),
        membership=membership,
    )
    # The health restriction is the canary: only the référent and the manager may read it.
    TargetJobHealth.objects.create(target_job=target, restrictions=CANARY_HEALTH_NOTE)
    project_rows = {"person": person, "structure": structure_a}
    experience = Experience.objects.create(
        **project_rows, job_title="Agent de service", started_on=date(2024, 1, 8)
    )
    education = Education.objects.create(**project_rows, title="CAP AEPE", year=2019)
    skill = PersonSkill.objects.create(**project_rows, label="Ponctuelle", kind="quality")
    training = Training.objects.create(
        **project_rows, target_job=target, organisation="IFAS", title="DEAS"
    )
    application = Application.objects.create(
        **project_rows,
        offer_title="ASH",
        company="EHPAD",
        applied_on=date(2026, 11, 3),
        channel="offer",
    )
    reality_check = RealityCheck.objects.create(
        target_job=target,
        met_on=date(2026, 11, 4),
        met_name="Mme Le Goff",
        learnt="Le travail de nuit.",
        conclusion="confirms",
    )
    # Someone who agreed to be proposed to employers (not the file under test: that consent
    # opens a file to the employer liaison).
    proposed = PersonFactory(last_name="Proposée")
    Follow.objects.create(person=proposed, structure=structure_a, referent=counselor)
    token, key = ApiToken.issue(membership=membership, name="test")
    keys = {}
    for persona, user in cast.items():
        m = user.memberships.get()
        keys[persona] = ApiToken.issue(membership=m, name="matrix")[1]
    return {
        "person_id": person.pk,
        "other_id": twin.pk,
        "document_id": general.pk,
        "consent_id": consent.pk,
        "follow_id": Follow.objects.get(person=person, structure=structure_a).pk,
        "membership_id": Membership.objects.get(user=colleague).pk,
        "token_id": token.pk,
        "version_id": version.pk,
        "contact_id": contact.pk,
        "session_id": session.pk,
        "order_id": order.pk,
        "offer_id": offer.pk,
        "alert_id": check.alert.pk,
        "referral_id": referral.pk,
        "partner_id": local_partner.pk,
        "partner_service_id": local_service.pk,
        "partner_contact_id": partner_contact.pk,
        "appointment_id": appointment.pk,
        "pathway_id": pathway.pk,
        "iae_pathway_id": iae_pathway.pk,
        "suspension_id": iae_suspension.pk,
        "prolongation_id": iae_prolongation.pk,
        "objective_id": objective.pk,
        "action_id": pathway_action.pk,
        "commitment_id": pathway.commitments.first().pk,
        "signature_id": signature.pk,
        "interview_id": interview.pk,
        "review_id": review.pk,
        "company_id": company.pk,
        "company_contact_id": company_contact.pk,
        "interaction_id": interaction.pk,
        "campaign_id": campaign.pk,
        "campaign_action_id": campaign_action.pk,
        "recruitment_need_id": need.pk,
        "job_offer_id": job_offer.pk,
        "funder_id": Funder.objects.create(structure=structure_a, name="Département").pk,
        "proposal_id": Proposal.objects.create(
            structure=structure_a,
            offer=job_offer,
            person=proposed,
            consent=Consent.objects.create(
                person=proposed,
                structure=structure_a,
                purpose=enums.ConsentPurpose.EMPLOYER_PROPOSAL,
                channel=enums.ConsentChannel.PAPER,
                recorded_by=counselor,
            ),
            proposed_by=counselor,
        ).pk,
        "target_id": target.pk,
        "check_id": reality_check.pk,
        "experience_id": experience.pk,
        "education_id": education.pk,
        "skill_id": skill.pk,
        "training_id": training.pk,
        "application_id": application.pk,
        "entry_id": JournalEntry.objects.create(
            author=counselor, title="Un entretien difficile", facts="Il a crié."
        ).pk,
        "practice_session_id": PracticeSession.objects.create(
            structure=structure_a, held_on=date(2026, 11, 20), theme="Refus", created_by=manager
        ).pk,
        "note_id": WatchNote.objects.create(
            structure=structure_a,
            author=counselor,
            topic="hiring",
            title="Un atelier de soudure recrute",
            body="Dix postes en CDI à Montoir.",
        ).pk,
        "incident_id": Incident.objects.create(
            structure=structure_a,
            reported_by=cast["reception"],
            occurred_at=timezone.now(),
            kind="verbal",
            severity="low",
            place="reception",
            description="Insultes au guichet.",
        ).pk,
        "immersion_id": immersion.pk,
        "employment_id": employment.pk,
        "check_in_id": employment.check_ins.first().pk,
        "design_id": design.pk,
        "sequence_id": sequence.pk,
        "workshop_session_id": workshop_session.pk,
        "half_day_id": afternoon.pk,
        "workshop_registration_id": workshop_registration.pk,
        "workshop_signature_id": workshop_signature.pk,
        "import_id": PeopleImport.objects.create(
            structure=structure_a,
            created_by=manager,
            file_name="liste.csv",
            sha256="0" * 64,
            size=40,
            status=PeopleImport.Status.READY,
            content=b"Nom;Pr\xc3\xa9nom;Date de naissance\r\nNouveau;Venu;01/01/1990\r\n",
            to_create=1,
        ).pk,
        "estimate_id": RightsEstimate.objects.create(
            person=person,
            structure=structure_a,
            month=date(2026, 11, 1),
            household=rights_engine.Household(
                person=rights_engine.Member(birth_date=person.birth_date), rent=400
            ).as_json(),
            result={
                "month": "2026-11-01",
                "amounts": {"rsa": 580.0},
                "housing_kind": "",
                "css": "free",
                "css_participation": 0.0,
                "engine_version": "OpenFisca-France (matrice)",
            },
            total=580,
            engine_version="OpenFisca-France (matrice)",
            created_by=counselor,
        ).pk,
        "exceptional_access_id": ExceptionalAccess.objects.create(
            person=person,
            structure=structure_a,
            user=cast["colleague"],
            sections=["health"],
            reason="La référente est absente ; la personne est à l'accueil.",
            expires_at=timezone.now() - timedelta(hours=1),
        ).pk,
        "hold_id": RetentionHold.objects.create(
            person=person,
            structure=structure_a,
            reason="funder_audit",
            until=timezone.localdate() + timedelta(days=400),
            created_by=manager,
        ).pk,
        "access_request_id": AccessRequest.objects.create(
            person=person,
            structure=structure_a,
            kind="access",
            received_on=date(2026, 11, 2),
            due_on=date(2026, 12, 2),
            channel="mail",
            recorded_by=manager,
        ).pk,
        "section": "sante",
        "party": "person",
        "fmt": "pdf",
        "cast": cast,
        "keys": keys,
        "person": person,
        "person_b": person_b,
    }


def fingerprint() -> tuple:
    """A summary of everything a request could change."""
    return (
        Person.objects.count(),
        tuple(Person.objects.order_by("pk").values_list("pk", "version", "merged_into")),
        tuple(Follow.objects.order_by("pk").values_list("pk", "referent", "ended_on")),
        tuple(Consent.objects.order_by("pk").values_list("pk", "withdrawn_at")),
        tuple(Document.objects.order_by("pk").values_list("pk", "deleted_at")),
        tuple(Membership.objects.order_by("pk").values_list("pk", "role", "is_active")),
        tuple(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        PersonMerge.objects.count(),
        RightsEstimate.objects.count(),
        tuple(RetentionHold.objects.order_by("pk").values_list("pk", "until", "lifted_at")),
        tuple(ExceptionalAccess.objects.order_by("pk").values_list("pk", "reviewed_at")),
        tuple(PeopleImport.objects.order_by("pk").values_list("pk", "status")),
        tuple(DiagnosisVersion.objects.order_by("pk").values_list("pk", "validated_at")),
        tuple(Alert.objects.order_by("pk").values_list("pk", "resolved_at")),
        UrgencyCheck.objects.count(),
        tuple(Contact.objects.order_by("pk").values_list("pk", "person", "demand", "updated_at")),
        tuple(InfoSession.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(Registration.objects.order_by("pk").values_list("pk", "attendance")),
        tuple(Order.objects.order_by("pk").values_list("pk", "status")),
        tuple(ServiceOffer.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(Referral.objects.order_by("pk").values_list("pk", "status", "version")),
        ReferralEvent.objects.count(),
        tuple(PartnerStructure.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(PartnerService.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(PartnerContact.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(Appointment.objects.order_by("pk").values_list("pk", "updated_at", "cancelled_at")),
        tuple(Participant.objects.order_by("pk").values_list("pk", "attendance")),
        Notice.objects.count(),
        tuple(CalendarFeed.objects.order_by("pk").values_list("pk", "revoked_at")),
        tuple(Pathway.objects.order_by("pk").values_list("pk", "version", "status", "updated_at")),
        tuple(Objective.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        tuple(Action.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        tuple(Commitment.objects.order_by("pk").values_list("pk", "text")),
        ContractSignature.objects.count(),
        Interview.objects.count(),
        Review.objects.count(),
        Exit.objects.count(),
        tuple(Company.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        tuple(CompanyContact.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(Interaction.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(Campaign.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        tuple(CampaignAction.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(RecruitmentNeed.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        tuple(JobOffer.objects.order_by("pk").values_list("pk", "version", "status")),
        tuple(PublicationConfirmation.objects.order_by("pk").values_list("pk", "reviewed_at")),
        Reorientation.objects.count(),
        tuple(IaeApproval.objects.order_by("pk").values_list("pk", "number", "ends_on")),
        tuple(IaeSuspension.objects.order_by("pk").values_list("pk", "withdrawn_at")),
        tuple(IaeProlongation.objects.order_by("pk").values_list("pk", "withdrawn_at")),
        tuple(Proposal.objects.order_by("pk").values_list("pk", "status", "version")),
        tuple(JournalEntry.objects.order_by("pk").values_list("pk", "version", "shared_session")),
        PracticeSession.objects.count(),
        tuple(Incident.objects.order_by("pk").values_list("pk", "version", "status")),
        IncidentFollowUp.objects.count(),
        tuple(Funder.objects.order_by("pk").values_list("pk", "name", "is_active")),
        tuple(
            Immersion.objects.order_by("pk").values_list(
                "pk", "version", "status", "revision", "updated_at"
            )
        ),
        ImmersionSignature.objects.count(),
        ImmersionEvent.objects.count(),
        ImmersionReview.objects.count(),
        tuple(WorkshopDesign.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        Sequence.objects.count(),
        tuple(WorkshopSession.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(HalfDay.objects.order_by("pk").values_list("pk", "closed_at", "scan")),
        tuple(WorkshopRegistration.objects.order_by("pk").values_list("pk", "status")),
        Invitation.objects.count(),
        Signature.objects.count(),
        Presence.objects.count(),
        tuple(Evaluation.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(TargetJob.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        TargetJobDecision.objects.count(),
        tuple(TargetJobHealth.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(RealityCheck.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(Experience.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(Education.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(PersonSkill.objects.order_by("pk").values_list("pk", "updated_at")),
        tuple(Training.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        tuple(Application.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        tuple(
            Employment.objects.order_by("pk").values_list(
                "pk", "version", "status", "at_risk", "updated_at"
            )
        ),
        tuple(CheckIn.objects.order_by("pk").values_list("pk", "done_on", "cancelled")),
        MediationNote.objects.count(),
        EmploymentContact.objects.count(),
        tuple(TutorFeedback.objects.order_by("pk").values_list("pk", "nonce", "answered_at")),
        tuple(IntegrationReview.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        tuple(ScheduleSetting.objects.order_by("pk").values_list("pk", "steps")),
        tuple(SpaceAccess.objects.order_by("pk").values_list("pk", "status", "failed_attempts")),
        tuple(SpaceLink.objects.order_by("pk").values_list("pk", "nonce", "expires_at")),
        SpaceEvent.objects.count(),
        tuple(Participation.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        tuple(Survey.objects.order_by("pk").values_list("pk", "answered_at", "situation")),
        tuple(
            AccessRequest.objects.order_by("pk").values_list("pk", "answered_at", "archive_sha256")
        ),
    )


def _url(route: Route, world) -> str:
    path = route.route
    for param in route.params:
        if param not in world:
            pytest.fail(
                f"{route.name}: no object for URL parameter '{param}'. "
                "Add it to the `world` fixture of the authorization matrix."
            )
        path = re.sub(rf"<(?:\w+:)?{param}>", str(world[param]), path)
    return "/" + path


def _client(persona, world, login, route) -> Client:
    client = Client()
    if persona == "anonymous":
        return client
    if persona in SPACE_PERSONAS:
        return space_login(client, world["person" if persona == "person" else "person_b"])
    if route.is_api:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {world['keys'][persona]}"
        return client
    return login(client, world["cast"][persona])


def _is_space(route: Route) -> bool:
    return route.name.startswith("portal:")


def _assert_denied(response, persona, route, method):
    if _is_space(route) and persona not in SPACE_PERSONAS:
        # No person session: the space's start page, whoever the staff member is.
        assert response.status_code == 302, f"{method} {route} as {persona}: {response.status_code}"
        assert response["Location"] == SPACE_START
    elif persona == "anonymous":
        # An API path answers a method it does not take with 405 before asking who calls.
        expected = {401, 405} if route.is_api else {302}
        assert response.status_code in expected, (
            f"{method} {route} as anonymous: {response.status_code}"
        )
        if not route.is_api:
            assert "/compte/connexion/" in response["Location"]
    else:
        # The API checks the body's shape (422) before the view looks the object up: the
        # request is refused all the same, and the body says nothing of the object.
        denied = DENIED | {422} if route.is_api and method == "POST" else DENIED
        assert response.status_code in denied, (
            f"{method} {route} as {persona}: {response.status_code}"
        )
    body = b"".join(response) if response.streaming else response.content
    for canary in CANARIES:
        assert canary.encode() not in body, f"{route} leaks '{canary}' to {persona}"


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_nobody_sees_or_changes_what_they_should_not(route, world, login):
    readers, writers = EXPECTED.get(route.name, (None, None))
    url = _url(route, world)
    # The other structure's counselor is an outsider, unless the route is declared readable
    # (or writable) by every structure, like the shared partner directory.
    outsiders = {"anonymous", "other_counselor", "other_person"}
    personas = PERSONAS + SPACE_PERSONAS if _is_space(route) else PERSONAS
    for persona in personas:
        client = _client(persona, world, login, route)
        response = client.get(url)
        may_read = readers is not None and persona in readers
        if (persona in outsiders and not may_read) or (readers is not None and not may_read):
            _assert_denied(response, persona, route, "GET")
        elif may_read and route.name in LEADS_ELSEWHERE:
            assert response.status_code == 302, f"GET {route} as {persona}: {response.status_code}"
            assert "/compte/connexion/" not in response["Location"]
        elif may_read:
            assert response.status_code == 200, f"GET {route} as {persona}: {response.status_code}"
        else:
            assert response.status_code < 500, f"GET {route} as {persona}: {response.status_code}"
        may_write = writers is not None and persona in writers
        if (persona in outsiders and not may_write) or (writers is not None and not may_write):
            before = fingerprint()
            if route.is_api:
                response = client.post(url, {}, content_type="application/json")
            else:
                response = client.post(url, {})
            _assert_denied(response, persona, route, "POST")
            assert fingerprint() == before, f"POST {route} as {persona} changed the database"


def test_every_declared_route_exists():
    names = {route.name for route in ROUTES}
    assert set(EXPECTED) <= names


def test_someone_in_the_cast_can_use_each_undeclared_route(world, login):
    """An undeclared URL must still work for someone (else its checks above prove nothing)."""
    for route in ROUTES:
        if route.name in EXPECTED or route.is_api or _is_space(route):
            continue
        url = _url(route, world)
        statuses = {
            persona: _client(persona, world, login, route).get(url).status_code
            for persona in ("counselor", "manager")
        }
        assert 200 in statuses.values(), f"{route}: {statuses}"


def test_admin_is_staff_only(cast, login):
    for user in cast.values():
        response = login(Client(), user).get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_another_structure_never_sees_the_file_even_by_search(world, login, other_counselor):
    client = login(Client(), other_counselor)
    for scope in ("structure", "mine", "partages"):
        response = client.post("/personnes/", {"q": CANARY_LAST_NAME, "perimetre": scope})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 0
        assert f"/personnes/{world['person_id']}/".encode() not in response.content
    assert (
        CANARY_B_LAST_NAME.upper().encode()
        in client.get("/personnes/", {"perimetre": "structure"}).content
    )


def test_the_ical_feed_answers_only_its_secret_address(world, counselor, other_counselor, login):
    """The feed URL takes a key, not an object id: the walk above does not reach it."""
    _feed, key = CalendarFeed.issue(membership=counselor.memberships.get())
    response = Client().get(f"/agenda/calendrier/{key}.ics")
    assert response.status_code == 200
    assert CANARY_LAST_NAME not in response.content.decode()
    assert CANARY_HEALTH_NOTE not in response.content.decode()
    _other, other_key = CalendarFeed.issue(membership=other_counselor.memberships.get())
    assert b"BEGIN:VEVENT" not in Client().get(f"/agenda/calendrier/{other_key}.ics").content
    assert Client().get(f"/agenda/calendrier/{key[:-1]}.ics").status_code == 404


def test_a_person_in_their_space_opens_nothing_of_the_staff_application(world):
    """The person's session is not a staff login: every staff URL sends to the login page."""
    client = space_login(Client(), world["person"])
    before = fingerprint()
    for route in ROUTES:
        if route.is_api or _is_space(route):
            continue
        url = _url(route, world)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, f"{method} {route}: {response.status_code}"
            assert "/compte/connexion/" in response["Location"]
    assert fingerprint() == before
    # …and the space still works for the person afterwards.
    assert client.get("/espace/accueil/").status_code == 200
