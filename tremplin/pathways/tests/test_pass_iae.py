"""The PASS IAE (agrément IAE) on an IAE pathway: its number, its end, its suspensions and
prolongations, who may see it, and the structure's list of PASS coming to their end."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tremplin.pathways import actions
from tremplin.pathways.enums import (
    Framework,
    IaeApprovalState,
    IaeProlongationReason,
    IaeSuspensionReason,
    PathwayStatus,
)
from tremplin.pathways.models import (
    IaeApproval,
    IaeProlongation,
    IaeSuspension,
    Pathway,
    default_iae_ends_on,
    normalize_pass_number,
)
from tremplin.pathways.tests.conftest import open_iae
from tremplin.people.models import Follow
from tremplin.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

NUMBER = "999992612345"


def record(pathway, membership, **extra):
    values = {
        "number": NUMBER,
        "starts_on": date(2026, 1, 5),
        "ends_on": None,
        "delivered_by": "France Travail",
        "delivered_on": date(2026, 1, 2),
    }
    values.update(extra)
    return actions.record_iae_approval(pathway=pathway, membership=membership, **values)


# --- the number -------------------------------------------------------------------------------


def test_a_pass_number_of_twelve_digits_is_accepted():
    assert normalize_pass_number(NUMBER) == NUMBER


def test_the_spaces_of_a_pass_number_are_removed():
    assert normalize_pass_number(" 99999 26 12345 ") == NUMBER


@pytest.mark.parametrize("typed", ["99999261234", "9999926123456", "99999ab12345", ""])
def test_a_pass_number_other_than_twelve_digits_is_refused(typed):
    with pytest.raises(ValidationError) as refused:
        normalize_pass_number(typed)
    assert "12 chiffres" in refused.value.messages[0]


def test_a_bad_number_saves_nothing(iae_pathway, membership):
    with pytest.raises(ValidationError) as refused:
        record(iae_pathway, membership, number="99999 26 1234")
    assert "number" in refused.value.message_dict
    assert not IaeApproval.objects.exists()


# --- the dates --------------------------------------------------------------------------------


def test_the_end_defaults_to_24_months_less_a_day(iae_pathway, membership):
    assert default_iae_ends_on(date(2026, 1, 5)) == date(2028, 1, 4)
    approval = record(iae_pathway, membership, number="99999 26 12345")
    assert approval.number == NUMBER
    assert approval.ends_on == date(2028, 1, 4)
    assert approval.effective_ends_on == date(2028, 1, 4)


def test_the_end_may_be_typed(iae_pathway, membership):
    approval = record(iae_pathway, membership, ends_on=date(2027, 6, 30))
    assert approval.ends_on == date(2027, 6, 30)


def test_the_end_must_come_after_the_start(iae_pathway, membership):
    with pytest.raises(ValidationError) as refused:
        record(iae_pathway, membership, ends_on=date(2026, 1, 5))
    assert "ends_on" in refused.value.message_dict
    assert not IaeApproval.objects.exists()


def test_one_pass_per_pathway_recording_again_corrects_it(iae_pathway, membership):
    record(iae_pathway, membership)
    record(iae_pathway, membership, delivered_by="Mission Locale de Nantes")
    assert IaeApproval.objects.get().delivered_by == "Mission Locale de Nantes"
    assert IaeApproval.history.count() == 2


def test_a_pass_belongs_to_an_iae_pathway_only(person, membership):
    pathway = actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.CEJ,
            started_on=date(2026, 1, 5),
            planned_end_on=date(2026, 12, 31),
        ),
        membership=membership,
    )
    with pytest.raises(ValidationError):
        record(pathway, membership)
    assert not IaeApproval.objects.exists()


# --- suspensions ------------------------------------------------------------------------------


def suspend(approval, membership, starts_on, ends_on, reason=IaeSuspensionReason.SICK_LEAVE):
    return actions.suspend_iae_approval(
        approval=approval, by=membership.user, starts_on=starts_on, ends_on=ends_on, reason=reason
    )


def test_a_suspension_pushes_the_end_back_by_its_length(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))  # 10 days
    suspend(approval, membership, date(2026, 6, 1), date(2026, 6, 1))  # 1 day
    approval.refresh_from_db()
    assert approval.ends_on == date(2028, 1, 4)
    assert approval.suspended_days == 11
    assert approval.effective_ends_on == date(2028, 1, 15)


def test_overlapping_suspensions_are_refused(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    with pytest.raises(ValidationError) as refused:
        suspend(approval, membership, date(2026, 3, 11), date(2026, 4, 1))
    assert "02/03/2026" in str(refused.value)
    assert IaeSuspension.objects.count() == 1


def test_a_suspension_outside_the_pass_is_refused(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    with pytest.raises(ValidationError):
        suspend(approval, membership, date(2025, 12, 1), date(2026, 1, 10))
    with pytest.raises(ValidationError):
        suspend(approval, membership, date(2028, 2, 1), date(2028, 2, 10))
    with pytest.raises(ValidationError):
        suspend(approval, membership, date(2026, 3, 11), date(2026, 3, 2))
    assert not IaeSuspension.objects.exists()


def test_moving_the_start_after_a_suspension_is_refused(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    with pytest.raises(ValidationError):
        record(iae_pathway, membership, starts_on=date(2026, 4, 1))
    assert IaeApproval.objects.get().starts_on == date(2026, 1, 5)


# --- prolongations ----------------------------------------------------------------------------


def prolong(approval, membership, ends_on, reason=IaeProlongationReason.RQTH):
    return actions.prolong_iae_approval(
        approval=approval,
        by=membership.user,
        ends_on=ends_on,
        reason=reason,
        requested_on=date(2026, 6, 1),
    )


def test_a_prolongation_moves_the_end(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    prolong(approval, membership, date(2029, 1, 4))
    approval.refresh_from_db()
    assert approval.ends_on == date(2029, 1, 4)
    assert approval.prolongations.get().previous_ends_on == date(2028, 1, 4)


def test_a_prolongation_beyond_60_months_is_refused(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    prolong(approval, membership, date(2031, 1, 4))  # 60 months less a day: the longest
    with pytest.raises(ValidationError) as refused:
        prolong(approval, membership, date(2031, 1, 5))
    [message] = refused.value.message_dict["ends_on"]
    assert "60 mois" in message and "04/01/2031" in message
    approval.refresh_from_db()
    assert approval.ends_on == date(2031, 1, 4)
    assert IaeProlongation.objects.count() == 1


def test_a_prolongation_must_move_the_end_later(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    with pytest.raises(ValidationError):
        prolong(approval, membership, date(2027, 12, 31))
    assert not IaeProlongation.objects.exists()


# --- the state --------------------------------------------------------------------------------


def test_the_state_of_the_pass(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    assert approval.state(date(2026, 2, 1)) == IaeApprovalState.VALID
    assert approval.state(date(2027, 10, 5)) == IaeApprovalState.EXPIRING
    assert approval.state(date(2028, 1, 4)) == IaeApprovalState.EXPIRING
    assert approval.days_remaining(date(2028, 1, 4)) == 1
    assert approval.state(date(2028, 1, 5)) == IaeApprovalState.EXPIRED
    assert approval.days_remaining(date(2028, 1, 5)) == 0
    suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    approval = IaeApproval.objects.get()
    assert approval.state(date(2026, 3, 5)) == IaeApprovalState.SUSPENDED
    assert approval.state(date(2028, 1, 5)) == IaeApprovalState.EXPIRING


# --- screens and access -----------------------------------------------------------------------


def test_the_counselor_records_the_pass_from_the_pathway_page(
    client, login, counselor, iae_pathway
):
    login(client, counselor)
    page = client.get(reverse("pathways:detail", args=[iae_pathway.pk]))
    assert "PASS IAE" in page.content.decode()
    url = reverse("pathways:pass-iae", args=[iae_pathway.pk])
    response = client.post(
        url,
        {
            "number": "99999 26 12345",
            "starts_on": "2026-01-05",
            "ends_on": "",
            "delivered_by": "France Travail",
            "delivered_on": "2026-01-02",
        },
    )
    assert response.status_code == 302
    assert IaeApproval.objects.get().ends_on == date(2028, 1, 4)
    page = client.get(reverse("pathways:detail", args=[iae_pathway.pk])).content.decode()
    assert "99999 26 12345" in page and "04/01/2028" in page


def test_a_pathway_planned_beyond_its_pass_says_so(
    client, login, counselor, iae_pathway, membership
):
    # The pathway is planned until 05/12/2027 (700 days); the PASS ends on 04/01/2028.
    approval = record(iae_pathway, membership)
    login(client, counselor)
    url = reverse("pathways:detail", args=[iae_pathway.pk])
    warning = "dépasse la fin du PASS IAE : demandez sa prolongation au prescripteur"
    assert warning not in client.get(url).content.decode()
    iae_pathway.planned_end_on = approval.ends_on + timedelta(days=1)
    iae_pathway.save()
    page = client.get(url).content.decode()
    assert f"La fin prévue du parcours, le {iae_pathway.planned_end_on:%d/%m/%Y}, {warning}" in (
        page
    )


def test_a_bad_form_shows_a_french_error_and_saves_nothing(client, login, counselor, iae_pathway):
    login(client, counselor)
    response = client.post(
        reverse("pathways:pass-iae", args=[iae_pathway.pk]),
        {
            "number": "99999A2612345",
            "starts_on": "2026-01-05",
            "ends_on": "2025-01-05",
            "delivered_by": "France Travail",
            "delivered_on": "2026-01-02",
        },
    )
    assert response.status_code == 200
    assert "12 chiffres" in response.content.decode()
    assert not IaeApproval.objects.exists()


def test_the_counselor_of_another_structure_gets_404(
    client, login, other_counselor, iae_pathway, membership
):
    record(iae_pathway, membership)
    login(client, other_counselor)
    for name in ("pathways:pass-iae", "pathways:pass-iae-suspend", "pathways:pass-iae-prolong"):
        url = reverse(name, args=[iae_pathway.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"number": "999990000000"}).status_code == 404
    assert IaeApproval.objects.get().number == NUMBER
    response = client.get(reverse("pathways:pass-iae-due"))
    assert NUMBER not in response.content.decode()


def test_suspending_from_the_screen(client, login, counselor, iae_pathway, membership):
    record(iae_pathway, membership)
    login(client, counselor)
    url = reverse("pathways:pass-iae-suspend", args=[iae_pathway.pk])
    response = client.post(
        url,
        {"starts_on": "2026-03-02", "ends_on": "2026-03-11", "reason": "sick_leave"},
    )
    assert response.status_code == 302
    assert IaeApproval.objects.get().effective_ends_on == date(2028, 1, 14)
    response = client.post(
        url, {"starts_on": "2026-03-05", "ends_on": "2026-03-20", "reason": "incarceration"}
    )
    assert response.status_code == 200
    assert "chevauche" in response.content.decode()
    assert IaeSuspension.objects.count() == 1


# --- the list of PASS coming to their end -----------------------------------------------------


def another_person(structure, last_name):
    person = PersonFactory(last_name=last_name, first_name="Sam")
    Follow.objects.create(person=person, structure=structure)
    return person


def test_the_due_list_shows_the_pass_ending_soon_by_end_date(
    client, login, counselor, structure_a, membership, django_assert_max_num_queries
):
    today = timezone.localdate()
    ends = {
        "Expiré": today - timedelta(days=10),
        "Bientôt": today + timedelta(days=80),
        "Demain": today + timedelta(days=1),
        "Tranquille": today + timedelta(days=200),
        "Clos": today + timedelta(days=5),
    }
    for last_name, ends_on in ends.items():
        pathway = open_iae(
            another_person(structure_a, last_name), membership, started_on=today - timedelta(400)
        )
        record(
            pathway,
            membership,
            starts_on=today - timedelta(days=400),
            ends_on=ends_on,
            delivered_on=today - timedelta(days=400),
        )
        if last_name == "Clos":
            Pathway.objects.filter(pk=pathway.pk).update(
                status=PathwayStatus.CLOSED, closed_on=today
            )
    login(client, counselor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pathways:pass-iae-due"))
    names = [a.pathway.person.last_name for a in response.context["approvals"]]
    assert names == ["Expiré", "Demain", "Bientôt"]
    page = response.content.decode()
    assert "expiré" in page.lower() and "TRANQUILLE" not in page


def test_the_due_list_query_count_does_not_grow_with_the_list(
    client, login, counselor, structure_a, membership, django_assert_max_num_queries
):
    today = timezone.localdate()
    for n in range(8):
        pathway = open_iae(
            another_person(structure_a, f"Personne{n}"),
            membership,
            started_on=today - timedelta(400),
        )
        approval = record(
            pathway,
            membership,
            starts_on=today - timedelta(days=400),
            ends_on=today + timedelta(days=n),
            delivered_on=today - timedelta(days=400),
        )
        suspend(approval, membership, today - timedelta(days=300), today - timedelta(days=299))
    login(client, counselor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pathways:pass-iae-due"))
    assert len(response.context["approvals"]) == 8


def test_the_due_list_shows_the_cddi_the_pass_must_cover(
    client, login, counselor, structure_a, membership, person
):
    from decimal import Decimal

    from tremplin.employment.tests.test_follow_up import start

    structure_a.kind = "siae_aci"
    structure_a.save(update_fields=["kind"])
    today = timezone.localdate()
    pathway = open_iae(person, membership, started_on=today - timedelta(days=700))
    record(
        pathway,
        membership,
        starts_on=today - timedelta(days=700),
        ends_on=today + timedelta(days=30),
        delivered_on=today - timedelta(days=701),
    )
    start(
        person,
        counselor,
        contract_type="siae",
        employer_name=structure_a.name,
        job_title="Ouvrier maraîcher",
        starts_on=today - timedelta(days=100),
        contract_ends_on=today + timedelta(days=60),
        weekly_hours=Decimal(26),
    )
    login(client, counselor)
    page = client.get(reverse("pathways:pass-iae-due")).content.decode()
    end = today + timedelta(days=60)
    assert (
        f'jusqu\'au {end:%d/%m/%Y} <span class="badge text-bg-danger">au-delà du PASS</span>'
        in page
    )
    assert reverse("pathways:pass-iae-prolong", args=[pathway.pk]) in page


def test_reception_does_not_get_the_due_list(client, login, reception):
    login(client, reception)
    assert client.get(reverse("pathways:pass-iae-due")).status_code in (403, 404)


def test_the_demo_shows_a_pass_coming_to_its_end_once(structure_a, counselor, person):
    from tremplin.demo.pathways import create_pass_iae

    create_pass_iae(structure=structure_a, counselor=counselor)
    create_pass_iae(structure=structure_a, counselor=counselor)
    approval = IaeApproval.objects.get()
    today = timezone.localdate()
    assert approval.suspended_days == 21
    assert approval.state(today) == IaeApprovalState.EXPIRING
    assert actions.due_iae_approvals(counselor, today=today) == [approval]


def test_a_partner_reading_a_shared_pathway_sees_the_dates_not_the_number(
    client, login, partner, structure_a, structure_c, counselor, iae_pathway, membership
):
    from tremplin.people.enums import ConsentChannel, ConsentPurpose
    from tremplin.people.models import Consent

    record(iae_pathway, membership)
    Consent.objects.create(
        person=iae_pathway.person,
        structure=structure_a,
        purpose=ConsentPurpose.SHARE_WITH_PARTNER,
        partner=structure_c,
        sections=["identity", "pathway"],
        channel=ConsentChannel.PAPER,
        recorded_by=counselor,
    )
    login(client, partner)
    response = client.get(reverse("pathways:detail", args=[iae_pathway.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "04/01/2028" in page and "99999 26 12345" not in page and NUMBER not in page
    assert "Suspendre le PASS IAE" not in page
