"""A constructed month of activity: October 2026 for structure A, with data before (the
year to date), after, the year before, and in structure B, which must never count for A."""

from datetime import date, datetime
from datetime import time as dtime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tremplin.agenda.models import Appointment, Participant
from tremplin.diagnosis.models import Alert, Diagnosis, DiagnosisVersion, UrgencyCheck
from tremplin.employers.models import Company, Interaction, JobOffer
from tremplin.employment.models import CheckIn, Employment
from tremplin.immersions.models import Immersion, ImmersionEvent
from tremplin.matching.models import Proposal, ProposalEvent
from tremplin.network.models import PartnerService, PartnerStructure, Referral, ReferralEvent
from tremplin.pathways.loaders import load_nomenclatures
from tremplin.pathways.models import ContractSignature, Exit, Funder, Pathway
from tremplin.people import enums
from tremplin.people.models import Consent, Follow
from tremplin.reception.models import Contact, InfoSession, Order, ServiceOffer
from tremplin.reception.models import Registration as InfoRegistration
from tremplin.referentials.models import RomeAppellation
from tremplin.testing.factories import PersonFactory
from tremplin.workshops.models import HalfDay, Presence, WorkshopDesign, WorkshopSession
from tremplin.workshops.models import Registration as WorkshopRegistration

PARIS = ZoneInfo("Europe/Paris")


def paris(y, m, d, h=12, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=PARIS)


def _contact(structure, user, channel, at):
    return Contact.objects.create(
        structure=structure,
        channel=channel,
        received_at=at,
        received_by=user,
        last_name="Anonyme",
        demand="Un emploi",
        next_step="information",
    )


def _person(structure, user, *, started, ended=None, **fields):
    person = PersonFactory(**fields)
    Follow.objects.create(
        person=person, structure=structure, referent=user, started_on=started, ended_on=ended
    )
    return person


def _info_session(structure, user, at, attendances, cancelled=False):
    session = InfoSession.objects.create(
        structure=structure,
        theme="Présentation",
        starts_at=at,
        capacity=10,
        place="Salle 1",
        is_cancelled=cancelled,
    )
    for attendance in attendances:
        InfoRegistration.objects.create(
            session=session, person=PersonFactory(), attendance=attendance, registered_by=user
        )
    return session


def _version(diagnosis, number, interview, user, validated=None):
    return DiagnosisVersion.objects.create(
        diagnosis=diagnosis,
        number=number,
        created_by=user,
        interview_date=interview,
        validated_at=validated,
        validation_channel="oral" if validated else "",
    )


def _urgency(structure, person, user, at, positive):
    check = UrgencyCheck.objects.create(
        person=person,
        structure=structure,
        asked_by=user,
        asked_at=at,
        positives=["no_shelter"] if positive else [],
    )
    if positive:
        Alert.objects.create(
            person=person, structure=structure, urgency_check=check, raised_by=user
        )


def _order(structure, person, user, received, status="received", decided=None):
    return Order.objects.create(
        structure=structure,
        person=person,
        prescriber_kind="departement",
        prescriber_name="Département",
        service_ordered="Accompagnement",
        recorded_by=user,
        received_on=received,
        status=status,
        decided_at=decided,
        refusal_reason="full" if status == "refused" else "",
        offer=ServiceOffer.objects.get_or_create(structure=structure, name="Accompagnement")[0]
        if status == "accepted"
        else None,
    )


def _referral(structure, person, user, service, events):
    referral = Referral.objects.create(
        person=person,
        structure=structure,
        created_by=user,
        service=service,
        partner=service.structure,
        motive="Préparer le permis.",
    )
    # Where it stands today: its last step (a sent referral has the person's consent).
    status = events[-1][0]
    Referral.objects.filter(pk=referral.pk).update(
        status=status,
        refusal_reason="full" if status == "refused" else "",
        consent=Consent.objects.create(
            person=person,
            structure=structure,
            purpose=enums.ConsentPurpose.SHARE_WITH_PARTNER,
            channel=enums.ConsentChannel.ORAL,
            recorded_by=user,
            partner_directory=service.structure,
        ),
    )
    for status, at in events:
        ReferralEvent.objects.create(referral=referral, status_to=status, at=at)


def _pathway(structure, person, user, framework, started, closed=None):
    return Pathway.objects.create(
        person=person,
        structure=structure,
        framework=framework,
        started_on=started,
        planned_end_on=date(2027, 12, 31),
        referent=user,
        created_by=user,
        status="closed" if closed else "in_progress",
        closed_on=closed,
    )


def _exit(pathway, user, on, situation, category):
    return Exit.objects.create(
        pathway=pathway,
        exit_on=on,
        situation=situation,
        category=category,
        employer="Boulangerie",
        contract_start=on,
        contract_end=date(2027, 1, 31) if situation == "cdd" else None,
        recorded_by=user,
    )


def _signature(pathway, user, number, at):
    return ContractSignature.objects.create(
        pathway=pathway,
        number=number,
        channel="screen",
        signer_name="Signé à l'écran",
        signed_at=at,
        snapshot={},
        content_sha256="0" * 64,
        recorded_by=user,
    )


def _appointment(structure, user, at, attendances, cancelled=False):
    appointment = Appointment.objects.create(
        structure=structure,
        organizer=user,
        created_by=user,
        starts_at=at,
        ends_at=at + (paris(2026, 1, 1, 13) - paris(2026, 1, 1, 12)),
        cancelled_at=at if cancelled else None,
        place="Bureau 1",
    )
    for attendance in attendances:
        Participant.objects.create(
            appointment=appointment, person=PersonFactory(), attendance=attendance
        )


def _half_day(session, day, start, end, closed=True):
    return HalfDay.objects.create(
        session=session,
        date=day,
        slot="morning" if start.hour < 12 else "afternoon",
        starts_at=start,
        ends_at=end,
        closed_at=timezone.now() if closed else None,
    )


def _presence(half_day, registration, present):
    Presence.objects.create(
        half_day=half_day,
        registration=registration,
        is_present=present,
        source="tablet" if present else "none",
    )


def _employment(structure, person, user, starts, outcome="", outcome_on=None):
    return Employment.objects.create(
        person=person,
        structure=structure,
        referent=user,
        created_by=user,
        employer_name="Boulangerie du Port",
        job_title="Boulangère",
        contract_type="cdi",
        starts_on=starts,
        schedule=[],
        outcome=outcome,
        outcome_recorded_on=outcome_on,
    )


def _immersion(structure, person, user, nantes):
    return Immersion.objects.create(
        person=person,
        structure=structure,
        referent=user,
        created_by=user,
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
        starts_on=date(2026, 10, 12),
        ends_on=date(2026, 10, 23),
        schedule=["7", "7", "7", "7", "7", "0", "0"],
        tasks="Façonner le pain.",
        accident_cover="France Travail",
        status="done",
    )


def _fill_other_structure(structure, user, person, service, nantes):
    """Structure B: activity in October 2026 in every table; never counted for A."""
    _contact(structure, user, "walk_in", paris(2026, 10, 15))
    _info_session(structure, user, paris(2026, 10, 5, 10), ["present", "present"])
    diagnosis = Diagnosis.objects.create(person=person, structure=structure)
    _version(diagnosis, 1, date(2026, 10, 6), user, validated=paris(2026, 10, 7))
    _urgency(structure, person, user, paris(2026, 10, 6), positive=True)
    _order(structure, person, user, date(2026, 10, 2), "accepted", paris(2026, 10, 3))
    _referral(structure, person, user, service, [("sent", paris(2026, 10, 2))])
    pathway = _pathway(structure, person, user, "iae", date(2026, 10, 1), date(2026, 10, 30))
    _signature(pathway, user, 1, paris(2026, 10, 1))
    _exit(pathway, user, date(2026, 10, 30), "cdi", "cdi")
    Participant.objects.create(
        appointment=Appointment.objects.create(
            structure=structure,
            organizer=user,
            created_by=user,
            starts_at=paris(2026, 10, 10),
            ends_at=paris(2026, 10, 10, 13),
            place="Bureau 1",
        ),
        person=person,
        attendance="no_show",
    )
    company = Company.objects.create(
        structure=structure, name="Garage", siret="73282932000074", naf_id="10.71C"
    )
    Interaction.objects.create(
        company=company, kind="visit", occurred_on=date(2026, 10, 10), summary="Visite", author=user
    )
    employment = _employment(
        structure, person, user, date(2026, 10, 3), "training", date(2026, 10, 4)
    )
    CheckIn.objects.create(
        employment=employment,
        step="1 mois",
        due_on=date(2026, 10, 5),
        assignee=user,
        done_on=date(2026, 10, 5),
    )
    immersion = _immersion(structure, person, user, nantes)
    ImmersionEvent.objects.create(immersion=immersion, status_to="signed", at=paris(2026, 10, 8))


@pytest.fixture
def activity(structure_a, structure_b, counselor, manager, other_counselor, nantes):
    """The constructed data set; returns the people and objects the tests name."""
    a, b, user = structure_a, structure_b, counselor
    # --- reception: the Paris month boundary (UTC+2 on 1 October, UTC+1 on 31 October).
    _contact(a, user, "walk_in", paris(2026, 10, 1, 0, 30))  # 30 September 22:30 UTC: October
    _contact(a, user, "phone", paris(2026, 10, 31, 23, 30))  # October
    _contact(a, user, "walk_in", paris(2026, 11, 1, 0, 30))  # 31 October 23:30 UTC: November
    _contact(a, user, "phone", paris(2026, 2, 10))  # year to date
    _contact(a, user, "walk_in", paris(2025, 12, 31))  # last year
    _info_session(a, user, paris(2026, 10, 5, 10), ["present", "absent"])
    _info_session(a, user, paris(2026, 10, 6, 10), ["present"], cancelled=True)
    _info_session(a, user, paris(2026, 3, 5, 10), ["present", "excused"])

    # --- people followed by A (P1 is also followed by B; P5 only by B).
    p1 = _person(
        a,
        user,
        started=date(2026, 10, 5),
        sex="F",
        birth_date=date(2001, 11, 15),
        is_rsa_beneficiary=True,
        education_level="3",
    )
    Follow.objects.create(
        person=p1, structure=b, referent=other_counselor, started_on=date(2025, 1, 1)
    )
    p2 = _person(
        a,
        user,
        started=date(2025, 6, 1),
        sex="M",
        birth_date=date(1980, 1, 1),
        has_rqth=True,
        lives_in_qpv=enums.Residence.YES,
        education_level="",
    )
    p3 = _person(
        a,
        user,
        started=date(2025, 1, 1),
        ended=date(2026, 10, 20),
        sex="F",
        birth_date=date(1970, 5, 1),
        education_level="infra3",
    )
    # 26 years old exactly on 31 October 2026.
    p4 = _person(
        a,
        user,
        started=date(2026, 3, 1),
        ended=date(2026, 4, 30),
        sex="M",
        birth_date=date(2000, 10, 31),
        education_level="",
    )
    p5 = _person(b, other_counselor, started=date(2026, 10, 1), sex="F", education_level="4")
    _person(a, user, started=date(2024, 1, 1), ended=date(2025, 12, 31), sex="F")  # last year
    _person(a, user, started=date(2026, 11, 5), sex="F")  # after the month

    # --- diagnosis
    d1 = Diagnosis.objects.create(person=p1, structure=a)
    _version(d1, 1, date(2026, 10, 6), user, validated=paris(2026, 10, 7))
    _version(d1, 2, date(2026, 10, 20), user)
    d2 = Diagnosis.objects.create(person=p2, structure=a)
    _version(d2, 1, date(2026, 2, 3), user, validated=paris(2026, 2, 4))
    _urgency(a, p1, user, paris(2026, 10, 6), positive=True)
    _urgency(a, p2, user, paris(2026, 2, 3), positive=False)

    # --- orders and referrals
    _order(a, p1, user, date(2026, 10, 2), "accepted", paris(2026, 10, 3))
    _order(a, p2, user, date(2026, 9, 28), "refused", paris(2026, 10, 1, 0, 30))
    _order(a, p3, user, date(2026, 3, 1), "accepted", paris(2026, 3, 2))
    partner = PartnerStructure.objects.create(source="dora", source_id="dora--1", name="Auto-école")
    service = PartnerService.objects.create(
        structure=partner, source="dora", source_id="dora--s1", name="Permis"
    )
    _referral(
        a,
        p1,
        user,
        service,
        [
            ("sent", paris(2026, 10, 2)),
            ("accepted", paris(2026, 10, 5)),
            ("done", paris(2026, 10, 20)),
        ],
    )
    _referral(a, p2, user, service, [("sent", paris(2026, 9, 10)), ("refused", paris(2026, 10, 1))])
    _referral(a, p3, user, service, [("sent", paris(2026, 3, 1)), ("no_show", paris(2026, 3, 20))])
    # Sent in October, no answer in the delay; sent in October and still waiting.
    _referral(
        a, p4, user, service, [("sent", paris(2026, 10, 6)), ("expired", paris(2026, 10, 16))]
    )
    _referral(a, p1, user, service, [("sent", paris(2026, 10, 28))])

    # --- pathways, contracts, exits
    pw1 = _pathway(a, p1, user, "cej", date(2026, 10, 5))
    pw2 = _pathway(a, p2, user, "iae", date(2026, 2, 1), closed=date(2026, 10, 15))
    pw3 = _pathway(a, p3, user, "iae", date(2025, 6, 1), closed=date(2026, 3, 31))
    _pathway(a, p4, user, "plie", date(2026, 11, 2))
    _signature(pw1, user, 1, paris(2026, 10, 6))
    _signature(pw1, user, 2, paris(2026, 10, 25))
    _signature(pw2, user, 1, paris(2026, 2, 2))
    _exit(pw2, user, date(2026, 10, 15), "cdi", "cdi")
    _exit(pw3, user, date(2026, 3, 31), "cdd", "cdd_under_6m")
    load_nomenclatures()  # emptied by an earlier transactional (browser) test
    funder = Funder.objects.create(structure=a, name="PLIE de la métropole", nomenclature_id="plie")
    pw2.funders.add(funder)
    Funder.objects.create(structure=a, name="Sans nomenclature")

    # --- appointments
    _appointment(a, user, paris(2026, 10, 10, 9), ["seen", "excused", "no_show"])
    _appointment(a, user, paris(2026, 10, 12, 9), ["seen"], cancelled=True)
    _appointment(a, user, paris(2026, 2, 5, 9), ["no_show"])

    # --- workshops: 3 h + 3 h + 2 h 30 in October, 3 h in March
    design = WorkshopDesign.objects.create(
        structure=a, title="Atelier CV", demand="CV", public="Tous", created_by=user
    )
    october = WorkshopSession.objects.create(
        structure=a, design=design, capacity=8, created_by=user, place="Salle 2"
    )
    morning = _half_day(october, date(2026, 10, 14), dtime(9), dtime(12))
    afternoon = _half_day(october, date(2026, 10, 14), dtime(14), dtime(16, 30))
    _half_day(october, date(2026, 10, 20), dtime(9), dtime(12), closed=False)
    r1 = WorkshopRegistration.objects.create(session=october, person=p1, registered_by=user)
    r2 = WorkshopRegistration.objects.create(session=october, person=p2, registered_by=user)
    _presence(morning, r1, True)
    _presence(morning, r2, True)
    _presence(afternoon, r1, True)
    _presence(afternoon, r2, False)
    march = WorkshopSession.objects.create(
        structure=a, design=design, capacity=8, created_by=user, place="Salle 2"
    )
    march_day = _half_day(march, date(2026, 3, 3), dtime(9), dtime(12))
    _presence(
        march_day,
        WorkshopRegistration.objects.create(session=march, person=p1, registered_by=user),
        True,
    )

    # --- employers and employment
    company = Company.objects.create(
        structure=a,
        name="Boulangerie du Port",
        siret="73282932000074",
        naf_id="10.71C",
        commune=nantes,
        postal_code="44000",
    )
    for day in (date(2026, 10, 10), date(2026, 2, 1)):
        Interaction.objects.create(
            company=company, kind="visit", occurred_on=day, summary="Visite", author=user
        )
    offer_fields = {
        "structure": a,
        "company": company,
        "title": "Boulanger",
        "appellation_id": "11573",
        "contract_type": "cdi",
        "weekly_hours": 35,
        "commune": nantes,
        "description": "Fabrication du pain.",
        "created_by": user,
    }
    offer = JobOffer.objects.create(
        **offer_fields, status="published", published_at=paris(2026, 10, 3)
    )
    JobOffer.objects.create(**offer_fields)  # a draft
    consent = Consent.objects.create(
        person=p2,
        structure=a,
        purpose=enums.ConsentPurpose.EMPLOYER_PROPOSAL,
        channel=enums.ConsentChannel.PAPER,
        recorded_by=user,
    )
    proposal = Proposal.objects.create(
        structure=a, offer=offer, person=p2, consent=consent, proposed_by=user, status="hired"
    )
    for status, at in (("proposed", paris(2026, 10, 4)), ("hired", paris(2026, 10, 20))):
        event = ProposalEvent.objects.create(proposal=proposal, status_to=status)
        ProposalEvent.objects.filter(pk=event.pk).update(at=at)
    _employment(a, p2, user, date(2026, 10, 25))
    earlier = _employment(a, p3, user, date(2026, 3, 1), "same_employer", date(2026, 10, 30))
    for done in (date(2026, 10, 2), date(2026, 4, 1), None):
        CheckIn.objects.create(
            employment=earlier, step="1 mois", due_on=date(2026, 4, 1), assignee=user, done_on=done
        )
    immersion = _immersion(a, p1, user, nantes)
    ImmersionEvent.objects.create(immersion=immersion, status_to="signed", at=paris(2026, 10, 8))
    ImmersionEvent.objects.create(immersion=immersion, status_to="done", at=paris(2026, 10, 30))

    _fill_other_structure(b, other_counselor, p5, service, nantes)
    return {"p1": p1, "p5": p5, "funder": funder}
