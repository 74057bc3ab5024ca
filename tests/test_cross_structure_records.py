# ruff: noqa: F811 (the fixtures imported from the network tests are named as arguments)
"""What a structure that took a person in from another's referral (C) sees of what the
referring structure (A) recorded for her, and the other way round.

Each structure is answerable for what it records itself; another structure's records reach it
only through the person's consent to share that part of the file with it. Here the referral
shares the identity only, and C is welcomed without opening any other common part: every
record of A carries a canary that must not reach C's pages, API or exports — while C still
sees its own records.
"""

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import CANARY_HEALTH_NOTE, CANARY_JUSTICE_NOTE, CANARY_LAST_NAME, _member
from tremplin.accounts.models import ApiToken
from tremplin.agenda.models import Appointment, Participant
from tremplin.core.permissions import Role
from tremplin.dataexport.models import AccessRequest, RequestChannel
from tremplin.employment.models import Employment
from tremplin.immersions.tests.helpers import appellation, make_immersion
from tremplin.network import referrals as workflow
from tremplin.network.tests.test_referrals import (  # noqa: F401 (fixtures)
    _sent,
    membership,
    service,
    tremplin_service,
)
from tremplin.pathways import actions as pathway_actions
from tremplin.pathways.enums import Framework
from tremplin.pathways.models import Interview, Pathway
from tremplin.people.access import file_access
from tremplin.people.models import Follow
from tremplin.projects.models import Experience, TargetJob
from tremplin.reception.models import Contact
from tremplin.workshops import actions as workshop_actions
from tremplin.workshops.models import WorkshopDesign
from tremplin.workshops.tests.conftest import make_session

pytestmark = pytest.mark.django_db

# One canary per kind of record A keeps; none may reach C.
A_CANARIES = {
    "appointment": "Canari-A-rdv : point dettes avec l'assistante sociale",
    "interview": "Canari-A-compte-rendu : rechute évoquée",
    "contact": "Canari-A-accueil : demande d'aide alimentaire",
    "target_job": "Canari-A-projet : veut quitter la restauration",
    "experience": "Canari-A-experience",
    "immersion": "Canari-A-immersion : façonner le pain",
    "employment": "Canari-A-emploi",
    "workshop": "Canari-A-atelier : gérer son stress",
}
C_OWN = "Propre-à-C : rendez-vous au chantier"


@pytest.fixture
def welcomed(person, membership, tremplin_service, partner):
    """A referred the person to C sharing her identity only; C welcomed her, opening no
    other common part."""
    referral = _sent(person, membership, tremplin_service, sections=("identity",))
    referral = workflow.answer(referral=referral, accepted=True, by=partner)
    workflow.welcome(referral=referral, membership=partner.memberships.get())
    follow = Follow.objects.get(person=person, structure=partner.memberships.get().structure)
    assert follow.opened_sections == []
    return follow


@pytest.fixture
def partner_manager(structure_c):
    return _member(structure_c, Role.MANAGER, first_name="Dora", last_name="Dirigeante")


def _appointment(structure, user, person, subject, *, days=3):
    starts = timezone.now() + timedelta(days=days)
    appointment = Appointment.objects.create(
        structure=structure,
        organizer=user,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        subject=subject,
        place="Bureau 2",
        created_by=user,
    )
    Participant.objects.create(appointment=appointment, person=person)
    return appointment


@pytest.fixture
def a_records(person, counselor, structure_a, membership):
    """One record of each kind, kept by A for the person."""
    appointment = _appointment(structure_a, counselor, person, A_CANARIES["appointment"])
    pathway = pathway_actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.NONE,
            started_on=date(2026, 1, 5),
            planned_end_on=date(2026, 12, 31),
            referent=counselor,
        ),
        membership=membership,
        funders=[],
    )
    Interview.objects.create(
        pathway=pathway,
        held_on=date(2026, 2, 2),
        facts=A_CANARIES["interview"],
        author=counselor,
    )
    Contact.objects.create(
        structure=structure_a,
        received_by=counselor,
        channel="walk_in",
        last_name=CANARY_LAST_NAME,
        first_name="Inès",
        demand=A_CANARIES["contact"],
        next_step="file",
        person=person,
    )
    TargetJob.objects.create(
        person=person,
        structure=structure_a,
        appellation=appellation(),
        why=A_CANARIES["target_job"],
        decided_on=date(2026, 2, 1),
    )
    Experience.objects.create(
        person=person,
        structure=structure_a,
        job_title=A_CANARIES["experience"],
        employer="Brasserie du Commerce",
        started_on=date(2023, 3, 1),
        ended_on=date(2024, 6, 30),
    )
    make_immersion(person=person, counselor=counselor, risks=A_CANARIES["immersion"])
    Employment.objects.create(
        person=person,
        structure=structure_a,
        referent=counselor,
        created_by=counselor,
        employer_name=A_CANARIES["employment"],
        job_title="Serveuse",
        contract_type="cdi",
        starts_on=date(2026, 3, 2),
        schedule=[],
    )
    design = workshop_actions.create_design(
        design=WorkshopDesign(
            title=A_CANARIES["workshop"],
            demand="Des personnes redoutent les entretiens.",
            public="Tout public",
            objectives=["Respirer"],
            satisfaction_questions=["Utile"],
        ),
        membership=membership,
    )
    session = make_session(design, membership, day=timezone.localdate() + timedelta(days=5))
    workshop_actions.register(session=session, person=person, by=counselor)
    return {"pathway": pathway, "appointment": appointment}


def _text(client, path):
    response = client.get(path)
    return response.status_code, response.content.decode()


def _leaks(text):
    canaries = [*A_CANARIES.values(), CANARY_HEALTH_NOTE, CANARY_JUSTICE_NOTE]
    return [c for c in canaries if c in text]


FILE_PAGES = (
    "",
    "rendez-vous/",
    "ateliers/",
    "parcours/",
    "projet/",
    "projet/cv/",
    "immersions/",
    "emploi/",
    "accueil/",
    "offres/",
    "orientations/",
    "documents/",
    "consentements/",
    "historique/",
    "consultations/",
    "diagnostic/",
)


@pytest.mark.parametrize("who", ["partner", "partner_manager"])
def test_the_welcoming_structure_sees_none_of_the_referring_ones_records(
    request, login, person, welcomed, a_records, structure_c, who
):
    user = request.getfixturevalue(who)
    _appointment(structure_c, user, person, C_OWN)
    client = login(Client(), user)
    seen = {}
    for page in FILE_PAGES:
        status, text = _text(client, f"/personnes/{person.pk}/{page}")
        if status == 200:
            seen[page] = _leaks(text)
    assert seen[""] == [] and seen["rendez-vous/"] == []  # the file opens to C
    assert {page: leaks for page, leaks in seen.items() if leaks} == {}
    # The appointments list names who the person meets: C's own, not A's.
    text = _text(client, f"/personnes/{person.pk}/rendez-vous/")[1]
    assert user.full_name in text and "Alice Conseil" not in text
    # A's objects, by their own addresses.
    assert client.get(f"/agenda/rendez-vous/{a_records['appointment'].pk}/").status_code == 404
    assert client.get(f"/parcours/{a_records['pathway'].pk}/").status_code == 404


@pytest.mark.parametrize("who", ["partner", "partner_manager"])
def test_the_welcoming_structures_api_shows_none_of_the_referring_ones_records(
    request, person, welcomed, a_records, who
):
    token, key = ApiToken.issue(membership=request.getfixturevalue(who).memberships.get(), name="t")
    client = Client(headers={"Authorization": f"Bearer {key}"})
    paths = (
        f"/api/v1/personnes/{person.pk}",
        f"/api/v1/rendez-vous?person_id={person.pk}",
        f"/api/v1/parcours?person_id={person.pk}",
        f"/api/v1/personnes/{person.pk}/projet",
        f"/api/v1/immersions?person_id={person.pk}",
        f"/api/v1/emplois?person_id={person.pk}",
        "/api/v1/accueil/contacts",
        f"/api/v1/personnes/{person.pk}/diagnostic",
    )
    leaks = {}
    for path in paths:
        status, text = _text(client, path)
        if status == 200:
            found = _leaks(text)
            if found:
                leaks[path] = found
    assert leaks == {}
    detail = json.loads(client.get(f"/api/v1/personnes/{person.pk}").content)
    assert detail["identity"]["last_name"] == CANARY_LAST_NAME
    assert detail["situation"] is None and detail["health"] is None


def _archive_texts(response) -> str:
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".json", ".txt", ".html", ".csv"))
        )


def _archive(client, user, person):
    access_request = AccessRequest.objects.create(
        person=person,
        structure=user.memberships.get().structure,
        kind="both",
        channel=RequestChannel.MAIL,
        received_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=30),
        recorded_by=user,
    )
    response = client.post(f"/personnes/{person.pk}/donnees/{access_request.pk}/archive/")
    assert response.status_code == 200
    if hasattr(response, "streaming_content"):
        return _archive_texts(response)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".json", ".txt", ".html", ".csv"))
        )


def test_the_welcoming_structures_data_archive_holds_neither_a_records_nor_closed_parts(
    login, person, welcomed, a_records, partner_manager, manager
):
    text = _archive(login(Client(), partner_manager), partner_manager, person)
    assert CANARY_LAST_NAME in text  # the identity is open to C
    assert _leaks(text) == []
    # The referring structure's archive holds its records and the whole common file.
    text = _archive(login(Client(), manager), manager, person)
    assert A_CANARIES["interview"] in text and CANARY_HEALTH_NOTE in text


def test_the_fse_form_of_the_welcoming_structure_does_not_prefill_closed_situation(
    person, welcomed, partner
):
    from tremplin.fse.views import _initial_from_file

    person.is_registered_jobseeker = True
    person.jobseeker_since = date(2024, 1, 15)
    person.save()
    partner.active_membership = partner.memberships.get()
    access = file_access(partner, person)
    initial = _initial_from_file(person, False, user=partner, access=access)
    assert "jobseeker_since" not in initial
    assert "labour_status" not in initial


def test_the_referring_structure_sees_none_of_the_welcoming_ones_records(
    login, person, welcomed, partner, structure_c, counselor, manager
):
    theirs = _appointment(structure_c, partner, person, C_OWN)
    for user in (counselor, manager):
        client = login(Client(), user)
        for page in ("rendez-vous/", "", "historique/"):
            status, text = _text(client, f"/personnes/{person.pk}/{page}")
            assert status == 200, page
            assert C_OWN not in text, page
        # The follows of the file name each structure's référent·e (intended); the
        # appointments list does not name C's.
        assert "Paula Partenaire" not in _text(client, f"/personnes/{person.pk}/rendez-vous/")[1]
        assert client.get(f"/agenda/rendez-vous/{theirs.pk}/").status_code == 404


RSA_BADGE = '<span class="badge badge-sensitivity-social">RSA</span>'


def test_the_caseload_shows_no_situation_badge_the_person_did_not_open(
    login, person, welcomed, partner, counselor
):
    # The referring structure sees the badge: the situation is its own.
    assert RSA_BADGE in _text(login(Client(), counselor), "/personnes/")[1]
    status, text = _text(login(Client(), partner), "/personnes/")
    assert status == 200 and CANARY_LAST_NAME.upper() in text.upper()
    assert RSA_BADGE not in text
    status, text = _text(login(Client(), partner), "/personnes/?rsa=1")
    assert CANARY_LAST_NAME.upper() not in text.upper()
