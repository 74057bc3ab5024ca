"""« Ma journée »: what the counselor has to do today, and nothing of anyone else's."""

import html
from datetime import time, timedelta

import pytest
from django.utils import timezone

from tremplin.agenda.models import Appointment, Participant
from tremplin.diagnosis.models import Alert, UrgencyCheck
from tremplin.employment.models import CheckIn
from tremplin.employment.tests.test_follow_up import start as start_employment
from tremplin.network.models import PartnerService, PartnerStructure, Referral, ReferralStatus
from tremplin.pathways.models import Action
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent, Follow
from tremplin.practice.tests.test_practice import _pathway
from tremplin.practice.today import LIMIT, day_for
from tremplin.testing.factories import PersonFactory
from tremplin.workshops.models import HalfDay, WorkshopDesign, WorkshopSession

URL = "/ma-journee/"


def text(response) -> str:
    return html.unescape(response.content.decode())


def _at(day, hour, minute=0):
    return timezone.make_aware(timezone.datetime.combine(day, time(hour, minute)))


def _appointment(structure, organizer, person, starts_at, **fields):
    appointment = Appointment.objects.create(
        structure=structure,
        organizer=organizer,
        created_by=organizer,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=45),
        place="Bureau 3",
        **fields,
    )
    Participant.objects.create(appointment=appointment, person=person)
    return appointment


def _half_day(structure, facilitator, day, title="Préparer un entretien d'embauche"):
    design = WorkshopDesign.objects.create(structure=structure, title=title, created_by=facilitator)
    session = WorkshopSession.objects.create(
        structure=structure, design=design, place="Salle 1", capacity=8, created_by=facilitator
    )
    session.facilitators.add(facilitator)
    return HalfDay.objects.create(
        session=session, date=day, slot="afternoon", starts_at=time(14), ends_at=time(16, 30)
    )


def _referral(structure, person, user):
    partner = PartnerStructure.objects.create(
        source="dora", source_id=f"dora--{person.pk}", name="Auto-école solidaire"
    )
    service = PartnerService.objects.create(
        structure=partner, source="dora", source_id=f"dora--s{person.pk}", name="Permis accompagné"
    )
    consent = Consent.objects.create(
        person=person,
        structure=structure,
        purpose=ConsentPurpose.SHARE_WITH_PARTNER,
        partner_directory=partner,
        channel=ConsentChannel.ORAL,
        recorded_by=user,
    )
    return Referral.objects.create(
        person=person,
        structure=structure,
        created_by=user,
        service=service,
        partner=partner,
        consent=consent,
        motive="Préparer le permis.",
        status=ReferralStatus.SENT,
        sent_at=timezone.now() - timedelta(days=9),
    )


def _alert(structure, person, user):
    check = UrgencyCheck.objects.create(
        person=person,
        structure=structure,
        asked_by=user,
        asked_at=timezone.now(),
        positives=["no_shelter"],
    )
    return Alert.objects.create(
        person=person, structure=structure, urgency_check=check, raised_by=user
    )


@pytest.fixture
def busy_day(structure_a, counselor, colleague, person):
    """The counselor's day, and a colleague's beside it that must not show."""
    today = timezone.localdate()
    other = PersonFactory(last_name="Colombe", first_name="Sabrina")
    Follow.objects.create(person=other, structure=structure_a, referent=colleague)
    _appointment(structure_a, counselor, person, _at(today, 9, 30))
    _appointment(structure_a, counselor, person, _at(today + timedelta(days=1), 10))
    _appointment(structure_a, colleague, other, _at(today, 11))
    cancelled = _appointment(structure_a, counselor, person, _at(today, 15))
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    # Three days ago, the person's attendance was never noted.
    _appointment(structure_a, counselor, person, timezone.now() - timedelta(days=3))
    _half_day(structure_a, counselor, today)
    _half_day(structure_a, colleague, today, title="Atelier de la collègue")
    pathway = _pathway(person, counselor)
    Action.objects.create(
        pathway=pathway,
        title="Envoyer le CV à la boulangerie",
        owner="person",
        due_on=today - timedelta(days=4),
    )
    Action.objects.create(
        pathway=pathway, title="Action à venir", owner="person", due_on=today + timedelta(days=4)
    )
    _referral(structure_a, person, counselor)
    _referral(structure_a, other, colleague)
    employment = start_employment(person, counselor, starts_on=today - timedelta(days=20))
    _alert(structure_a, person, counselor)
    _alert(structure_a, other, colleague)
    return employment


def test_the_day_gathers_what_the_counselor_has_to_do(client, login, counselor, busy_day):
    login(client, counselor)
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    # The figures as at 8 o'clock this morning, whatever the hour the test runs.
    counselor.active_membership = counselor.memberships.get()
    day = day_for(counselor, now=_at(timezone.localdate(), 8))
    assert [timezone.localtime(a.starts_at).hour for a in day.appointments] == [9]
    assert day.tomorrow_count == 1
    assert [h.session.design.title for h in day.half_days] == ["Préparer un entretien d'embauche"]
    assert "Atelier « Préparer un entretien d'embauche »" in page
    assert "Atelier de la collègue" not in page
    assert day.attendance.total == 1
    assert [a.title for a in day.overdue_actions.rows] == ["Envoyer le CV à la boulangerie"]
    assert [r.person.first_name for r in day.referrals.rows] == ["Inès"]
    # The 15-day check-in of a job started 20 days ago is due; the 1-month one is not.
    assert [c.step for c in day.check_ins.rows] == ["15 jours"]
    assert '<span class="badge text-bg-warning">en retard</span>' in page  # due 5 days ago
    assert [a.person.first_name for a in day.alerts.rows] == ["Inès"]
    # Nothing of the colleague's caseload.
    assert "COLOMBE" not in page and "Sabrina" not in page
    assert 'aria-current="page" href="/ma-journee/"' in page


def test_the_checkins_done_and_the_attendance_noted_leave_the_day(
    client, login, counselor, busy_day
):
    CheckIn.objects.filter(employment=busy_day).update(done_on=timezone.localdate())
    Participant.objects.filter(
        attendance="planned", appointment__starts_at__lt=timezone.now()
    ).update(attendance="seen")
    login(client, counselor)
    assert client.get(URL).status_code == 200
    counselor.active_membership = counselor.memberships.get()
    day = day_for(counselor, now=_at(timezone.localdate(), 8))
    assert day.check_ins.total == 0 and day.attendance.total == 0


def test_long_lists_are_cut_and_say_how_many_more(client, login, counselor, person):
    pathway = _pathway(person, counselor)
    overdue = timezone.localdate() - timedelta(days=2)
    for n in range(LIMIT + 3):
        Action.objects.create(
            pathway=pathway, title=f"Relance {n}", owner="counselor", due_on=overdue
        )
    login(client, counselor)
    response = client.get(URL)
    cut = response.context["day"].overdue_actions
    assert (len(cut.rows), cut.total, cut.more) == (LIMIT, LIMIT + 3, 3)
    assert "et 3 de plus." in text(response)


def test_a_quiet_day_says_so(client, login, counselor):
    login(client, counselor)
    page = text(client.get(URL))
    assert "Aucun rendez-vous ni atelier aujourd'hui." in page
    assert "Toutes les présences sont notées." in page
    assert "Aucune action en retard" in page


def test_a_manager_reaches_her_day_from_her_menu_not_the_top_bar(client, login, manager):
    login(client, manager)
    page = text(client.get(URL))
    assert '<a class="nav-link active" aria-current="page" href="/ma-journee/">' not in page
    assert 'href="/ma-journee/">Ma journée</a></li>' in page  # in the account menu
    assert 'class="dropdown-item active" aria-current="page" href="/ma-journee/"' in page


@pytest.mark.parametrize("persona", ["reception", "employer_liaison", "structure_admin"])
def test_roles_without_a_caseload_have_no_day_page(client, login, cast, persona):
    login(client, cast[persona])
    assert client.get(URL).status_code == 403


def test_the_queries_do_not_grow_with_the_day(
    client, login, counselor, structure_a, person, busy_day, django_assert_max_num_queries
):
    login(client, counselor)
    with django_assert_max_num_queries(30) as first:
        client.get(URL)
    today = timezone.localdate()
    for hour in (8, 13, 16, 17):
        extra = PersonFactory()
        Follow.objects.create(person=extra, structure=structure_a, referent=counselor)
        _appointment(structure_a, counselor, extra, _at(today, hour))
        _appointment(structure_a, counselor, extra, _at(today - timedelta(days=2), hour))
        _referral(structure_a, extra, counselor)
        _alert(structure_a, extra, counselor)
    _half_day(structure_a, counselor, today, title="Deuxième atelier")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(URL)
    day = response.context["day"]
    # Today's appointments already over (it depends on the hour) are asked for too.
    assert len(day.appointments) == 5 and day.attendance.total >= 5 and day.alerts.total == 5


def test_appointments_and_workshops_are_in_time_order_and_a_closed_sheet_says_so(
    client, login, structure_a, counselor, person
):
    today = timezone.localdate()
    _appointment(structure_a, counselor, person, _at(today, 10, 30))
    _appointment(structure_a, counselor, person, _at(today, 15))
    morning = _half_day(structure_a, counselor, today, title="Atelier du matin")
    HalfDay.objects.filter(pk=morning.pk).update(
        slot="morning", starts_at=time(8, 30), ends_at=time(10, 30)
    )
    _half_day(structure_a, counselor, today, title="Atelier de l'après-midi")
    counselor.active_membership = counselor.memberships.get()
    day = day_for(counselor, now=_at(today, 8))
    order = [
        timezone.localtime(item.starts_at).strftime("%H:%M")
        if kind == "appointment"
        else f"{item.starts_at:%H:%M} {item.session.design.title}"
        for kind, item in day.agenda
    ]
    assert order == ["08:30 Atelier du matin", "10:30", "14:00 Atelier de l'après-midi", "15:00"]

    HalfDay.objects.filter(pk=morning.pk).update(closed_at=timezone.now())
    login(client, counselor)
    page = text(client.get(URL))
    assert page.count("feuille d'émargement close") == 1
    assert page.count("pensez à la feuille d'émargement") == 1
    assert page.index("Atelier du matin") < page.index("10:30–11:15")


# --- PASS IAE coming to their end --------------------------------------------------------------


def test_the_pass_iae_of_her_pathways_coming_to_their_end_are_on_her_day(
    client, login, counselor, colleague, structure_a, person
):
    from tremplin.accounts.models import Membership, StructureKind
    from tremplin.pathways.tests.test_pass_iae import open_iae, record

    login(client, counselor)
    # Not an SIAE, no PASS: the day says nothing of the PASS IAE.
    assert "PASS IAE" not in text(client.get(URL))
    structure_a.kind = StructureKind.SIAE_ACI
    structure_a.save()
    assert "Aucun PASS IAE de vos parcours ne se termine dans les trois mois." in text(
        client.get(URL)
    )
    mine = Membership.objects.get(user=counselor, structure=structure_a)
    today = timezone.localdate()
    soon = record(
        open_iae(person, mine),
        mine,
        starts_on=today - timedelta(days=700),
        ends_on=today + timedelta(days=30),
        delivered_on=today - timedelta(days=702),
    )
    # A PASS far from its end, and a colleague's PASS ending soon: not on her day.
    later = PersonFactory(last_name="Lointain")
    Follow.objects.create(person=later, structure=structure_a, referent=counselor)
    record(open_iae(later, mine), mine, starts_on=today, delivered_on=today)
    theirs = PersonFactory(last_name="Collegue")
    Follow.objects.create(person=theirs, structure=structure_a, referent=colleague)
    colleague = Membership.objects.get(user=colleague, structure=structure_a)
    record(
        open_iae(theirs, colleague),
        colleague,
        starts_on=today - timedelta(days=700),
        ends_on=today + timedelta(days=10),
        delivered_on=today - timedelta(days=702),
    )
    page = text(client.get(URL))
    assert (
        f"{person.last_name.upper()} {person.first_name}</a> — se termine le "
        f"{soon.ends_on:%d/%m/%Y}" in page
    )
    assert "LOINTAIN" not in page and "COLLEGUE" not in page
    assert 'href="/parcours/pass-iae-a-echeance/">Tous les PASS IAE à échéance' in page
