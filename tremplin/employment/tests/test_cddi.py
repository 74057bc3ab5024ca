"""A hire in an SIAE (CDDI): the law's minimums, check-ins within the contract, the
structure as the employer."""

import html
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.accounts.models import StructureKind
from tremplin.employment import actions, schedule
from tremplin.employment.models import CheckIn, Employment
from tremplin.employment.tests.test_follow_up import job_data, start

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def aci(structure_a):
    structure_a.kind = StructureKind.SIAE_ACI
    structure_a.name = "Chantier du Littoral"
    structure_a.save()
    return structure_a


@pytest.fixture
def counselor_client(client, login, counselor):
    return login(client, counselor)


def short_cddi(**overrides) -> dict:
    """The walkthrough's CDDI: two weeks, five hours a week."""
    starts = timezone.localdate() + timedelta(days=10)
    values = {
        "contract_type": "siae",
        "starts_on": starts.isoformat(),
        "contract_ends_on": (starts + timedelta(days=14)).isoformat(),
        "weekly_hours": "5",
    }
    values.update(overrides)
    return values


def test_a_cddi_of_two_weeks_at_five_hours_is_refused_in_an_aci(
    aci, counselor_client, counselor, person
):
    url = f"/personnes/{person.pk}/emploi/embauche/"
    response = counselor_client.post(url, job_data(referent=counselor.pk, **short_cddi()))
    page = text(response)
    assert response.status_code == 200
    assert "Un CDDI dure au moins quatre mois (code du travail, art. L5132-15-1)" in page
    assert "Un CDDI compte au moins 20 heures par semaine" in page
    # Under 20 hours when the contract provides for it, for the person's particularly
    # important difficulties (art. L5132-15-1): no préfet in it.
    assert (
        "sauf si le contrat le prévoit pour tenir compte des difficultés particulièrement "
        "importantes de la personne" in page
    )
    assert "préfet" not in page
    assert not Employment.objects.exists() and not CheckIn.objects.exists()
    # The derogation needs its reason.
    response = counselor_client.post(
        url, job_data(referent=counselor.pk, derogation="on", **short_cddi())
    )
    assert "Indiquez le motif de la dérogation." in text(response)
    assert not Employment.objects.exists()
    # A reason given without the box ticked is no derogation.
    response = counselor_client.post(
        url,
        job_data(
            referent=counselor.pk,
            derogation_reason="Difficultés de santé : 5 h prévues au contrat",
            **short_cddi(),
        ),
    )
    assert "Un CDDI dure au moins quatre mois" in text(response)
    assert not Employment.objects.exists()
    # Ticked and explained: recorded, and the reason shows on the job's page.
    response = counselor_client.post(
        url,
        job_data(
            referent=counselor.pk,
            derogation="on",
            derogation_reason="Aménagement de peine ; 5 h par semaine prévues au contrat (santé).",
            **short_cddi(),
        ),
    )
    employment = Employment.objects.get()
    assert response.url == f"/emplois/{employment.pk}/"
    assert (
        employment.derogation_reason
        == "Aménagement de peine ; 5 h par semaine prévues au contrat (santé)."
    )
    detail = text(counselor_client.get(response.url))
    assert "Dérogation pour ce CDDI : Aménagement de peine" in detail


def test_a_cddi_of_four_months_and_twenty_hours_needs_no_derogation(
    aci, counselor_client, counselor, person
):
    starts = date.fromisoformat(short_cddi()["starts_on"])
    ends = schedule.Step(0, 4, "months").due_on(starts) - timedelta(days=1)
    response = counselor_client.post(
        f"/personnes/{person.pk}/emploi/embauche/",
        job_data(
            referent=counselor.pk,
            **short_cddi(contract_ends_on=ends.isoformat(), weekly_hours="20"),
        ),
    )
    assert response.status_code == 302
    assert Employment.objects.get().derogation_reason == ""
    # One day shorter is refused.
    with pytest.raises(ValidationError, match="au plus tôt le"):
        actions.validate_job(
            Employment(
                structure=aci,
                contract_type="siae",
                starts_on=starts,
                contract_ends_on=ends - timedelta(days=1),
                weekly_hours=20,
            )
        )


def test_an_intermediate_association_cddi_has_no_twenty_hour_minimum(structure_a):
    structure_a.kind = StructureKind.SIAE_AI
    structure_a.save()
    starts = timezone.localdate()
    employment = Employment(
        structure=structure_a,
        contract_type="siae",
        starts_on=starts,
        contract_ends_on=starts + timedelta(days=200),
        weekly_hours=8,
    )
    actions.validate_job(employment)  # no error
    employment.contract_ends_on = starts + timedelta(days=30)
    with pytest.raises(ValidationError, match=r"art\. L5132-11-1"):
        actions.validate_job(employment)


def test_the_end_of_the_trial_period_must_come_before_the_end_of_the_contract():
    starts = timezone.localdate()
    employment = Employment(
        contract_type="cdd",
        starts_on=starts,
        contract_ends_on=starts + timedelta(days=60),
        trial_ends_on=starts + timedelta(days=90),
    )
    with pytest.raises(ValidationError) as error:
        actions.validate_job(employment)
    assert error.value.message_dict["trial_ends_on"] == [
        "La fin de la période d'essai doit précéder la fin du contrat."
    ]


def test_no_check_in_is_planned_after_the_end_of_a_fixed_term_contract():
    steps = schedule.parse(schedule.DEFAULT)
    # The walkthrough's contract: from 1 to 15 December, every step fell after its end.
    assert schedule.plan(steps, date(2026, 12, 1), date(2026, 12, 15)) == [
        ("une semaine de la fin du contrat", date(2026, 12, 8))
    ]
    # A six-month contract keeps the steps within it and ends with a last point.
    assert schedule.plan(steps, date(2027, 1, 1), date(2027, 6, 30)) == [
        ("15 jours", date(2027, 1, 16)),
        ("1 mois", date(2027, 2, 1)),
        ("3 mois", date(2027, 4, 1)),
        ("une semaine de la fin du contrat", date(2027, 6, 23)),
    ]
    # A CDI (no end) or a long contract keeps the whole schedule.
    whole = [(s.label, s.due_on(date(2027, 1, 1))) for s in steps]
    assert schedule.plan(steps, date(2027, 1, 1)) == whole
    assert schedule.plan(steps, date(2027, 1, 1), date(2027, 12, 31)) == whole
    # A contract of a few days: the last point is its first day, not before.
    assert schedule.plan(steps, date(2027, 1, 1), date(2027, 1, 3)) == [
        ("une semaine de la fin du contrat", date(2027, 1, 1))
    ]


def test_the_check_ins_of_a_cdd_stay_within_it_and_follow_its_first_day(counselor, person):
    starts = timezone.localdate()
    ends = starts + timedelta(days=35)  # « 1 mois » falls in its last week
    employment = start(person, counselor, contract_type="cdd", contract_ends_on=ends)
    points = list(employment.check_ins.values_list("step", "due_on"))
    assert points == [
        ("15 jours", starts + timedelta(days=15)),
        ("une semaine de la fin du contrat", ends - timedelta(days=7)),
    ]
    assert employment.schedule == "15 jours, une semaine de la fin du contrat"
    # The first day and the end move: the last point follows the end.
    old_start = employment.starts_on
    employment.starts_on = starts + timedelta(days=5)
    employment.contract_ends_on = ends + timedelta(days=20)
    employment.save()
    actions.replan(employment, old_start=old_start, old_referent_id=counselor.pk)
    assert dict(employment.check_ins.values_list("step", "due_on")) == {
        "15 jours": starts + timedelta(days=20),
        "une semaine de la fin du contrat": ends + timedelta(days=13),
    }


def test_a_contract_shortened_cancels_the_points_after_its_new_end(counselor, person):
    starts = timezone.localdate()
    employment = actions.start(
        employment=Employment(
            person=person,
            referent=counselor,
            employer_name="Boulangerie du Port",
            job_title="Boulangère",
            contract_type="cdd",
            starts_on=starts,
            contract_ends_on=starts + timedelta(days=365),
        ),
        membership=counselor.memberships.get(),
        steps="15 jours, 1 mois, 3 mois, 6 mois",
    )
    assert "une semaine de la fin du contrat" not in employment.schedule
    extra = actions.add_check_in(
        employment=employment, due_on=starts + timedelta(days=200), assignee=counselor
    )
    # The contract now ends after two months: « 3 mois » and « 6 mois » fall after it.
    ends = starts + timedelta(days=60)
    employment.contract_ends_on = ends
    employment.save()
    actions.replan(employment, old_start=employment.starts_on, old_referent_id=counselor.pk)
    pending = dict(employment.check_ins.pending().values_list("step", "due_on"))
    assert pending == {
        "15 jours": schedule.parse("15 jours")[0].due_on(starts),
        "1 mois": schedule.parse("1 mois")[0].due_on(starts),
        "une semaine de la fin du contrat": ends - timedelta(days=7),
        extra.step: extra.due_on,  # added by hand: kept
    }
    assert set(employment.check_ins.filter(cancelled=True).values_list("step", flat=True)) == {
        "3 mois",
        "6 mois",
    }
    # Editing again changes nothing more: one point before the end, not two.
    actions.replan(employment, old_start=employment.starts_on, old_referent_id=counselor.pk)
    assert employment.check_ins.pending().filter(step=schedule.END_STEP).count() == 1


def test_an_siae_is_offered_as_the_employer_of_a_cddi(aci, counselor_client, person):
    url = f"/personnes/{person.pk}/emploi/embauche/"
    response = counselor_client.get(url)
    form = response.context["form"]
    assert form["employer_name"].value() == "Chantier du Littoral"
    assert form["contract_type"].value() == "siae"
    page = text(response)
    assert "Tuteur ou tutrice dans la structure" in page
    assert "Tuteur ou tutrice dans l'entreprise" not in page
    assert "Ce plan est remis à l'employeur" not in page
    # Another contract (a job outside the structure): the company's wording is back.
    response = counselor_client.post(url, job_data(contract_type="cdi", starts_on="bad"))
    assert "Tuteur ou tutrice dans l'entreprise" in text(response)


def test_a_structure_other_than_an_siae_is_not_offered_as_the_employer(counselor_client, person):
    response = counselor_client.get(f"/personnes/{person.pk}/emploi/embauche/")
    form = response.context["form"]
    assert not form["employer_name"].value() and not form["contract_type"].value()
    page = text(response)
    assert "Tuteur ou tutrice dans l'entreprise" in page
    assert "Ce plan est remis à l'employeur" in page
