"""The « Insertion par l'activité économique » section of the activity report: only for an
SIAE, on a constructed October 2026 (IAE pathways, PASS IAE, CDDI), with a fixed number of
queries."""

import csv
import html
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tremplin.accounts.models import ApiToken, Membership, StructureKind
from tremplin.employment import actions as employment_actions
from tremplin.employment.models import Employment
from tremplin.pathways import actions as pathway_actions
from tremplin.pathways.enums import Framework
from tremplin.pathways.models import IaeApproval, IaeProlongation, Pathway
from tremplin.pathways.tests.conftest import open_iae
from tremplin.pathways.tests.test_pass_iae import prolong, record, suspend
from tremplin.reporting.activity import Month, build_report, display
from tremplin.reporting.tests.conftest import _person, paris

pytestmark = pytest.mark.django_db

URL = reverse("reporting:activity")
CSV_URL = reverse("reporting:activity-csv")
PDF_URL = reverse("reporting:activity-pdf")
OCTOBER = Month(2026, 10)
NOW = paris(2026, 11, 23)
IAE_KEYS = {
    "iae_employees",
    "iae_entries",
    "iae_exits",
    "iae_without_pass",
    "pass_recorded",
    "pass_prolongations",
    "pass_suspensions",
    "cddi_in_force",
    "cddi_under_20_hours",
    "cddi_weekly_hours",
    "cddi_started",
}


def _membership(user, structure):
    membership = Membership.objects.get(user=user, structure=structure)
    user.active_membership = membership
    return membership


def _recorded_at(approval, at):
    IaeApproval.objects.filter(pk=approval.pk).update(created_at=at)


def _close(pathway, on):
    Pathway.objects.filter(pk=pathway.pk).update(status="closed", closed_on=on)


def _cddi(person, user, starts, ends, hours, derogation=""):
    return employment_actions.start(
        employment=Employment(
            person=person,
            referent=user,
            employer_name="Chantier du Littoral",
            job_title="Agent·e d'entretien des espaces verts",
            contract_type="siae",
            starts_on=starts,
            contract_ends_on=ends,
            weekly_hours=Decimal(hours),
            derogation_reason=derogation,
        ),
        membership=user.active_membership,
        steps="1 mois",
    )


@pytest.fixture
def aci(structure_a):
    structure_a.kind = StructureKind.SIAE_ACI
    structure_a.save()
    return structure_a


@pytest.fixture
def iae(aci, structure_b, counselor, other_counselor):
    """October 2026 in an ACI: four people in IAE pathways, their PASS, their CDDI."""
    user, membership = counselor, _membership(counselor, aci)
    a = aci
    people = {
        name: _person(a, user, started=date(2025, 6, 1), sex="F") for name in ("A", "B", "C", "D")
    }
    # A: since January, PASS recorded in February, suspended in October (and a suspension in
    # March recorded by mistake, withdrawn), prolonged in October (then a second
    # prolongation, withdrawn).
    pa = open_iae(people["A"], membership, date(2026, 1, 5))
    pass_a = record(pa, membership)
    _recorded_at(pass_a, paris(2026, 2, 10))
    mistake = suspend(pass_a, membership, date(2026, 3, 2), date(2026, 3, 5))
    pathway_actions.withdraw_iae_suspension(suspension=mistake, by=user, reason="Erreur de saisie")
    suspend(pass_a, membership, date(2026, 10, 5), date(2026, 10, 10))
    kept = prolong(pass_a, membership, date(2028, 6, 30))
    second = prolong(pass_a, membership, date(2028, 12, 31))
    pathway_actions.withdraw_iae_prolongation(
        prolongation=second, by=user, reason="Saisie en double"
    )
    IaeProlongation.objects.filter(pk__in=[kept.pk, second.pk]).update(
        created_at=paris(2026, 10, 12)
    )
    # B: entered in October, no PASS recorded yet: to act on.
    people["pathway_B"] = open_iae(people["B"], membership, date(2026, 10, 6))
    # C: entered on 1 October, PASS recorded on 20 October, suspended, left on 28 October.
    pc = open_iae(people["C"], membership, date(2026, 10, 1))
    pass_c = record(pc, membership, starts_on=date(2026, 10, 1), delivered_on=date(2026, 9, 28))
    _recorded_at(pass_c, paris(2026, 10, 20))
    suspend(pass_c, membership, date(2026, 10, 15), date(2026, 10, 16))
    # D: since June 2025 (PASS recorded then), suspended and prolonged in February, left in
    # March.
    pd = Pathway.objects.create(
        person=people["D"],
        structure=a,
        framework=Framework.IAE,
        started_on=date(2025, 6, 1),
        planned_end_on=date(2027, 5, 31),
        referent=user,
        created_by=user,
    )
    pass_d = record(pd, membership, starts_on=date(2025, 6, 2), delivered_on=date(2025, 6, 1))
    _recorded_at(pass_d, paris(2025, 6, 10))
    suspend(pass_d, membership, date(2026, 2, 2), date(2026, 2, 10))
    prolongation_d = prolong(pass_d, membership, date(2027, 12, 31))
    IaeProlongation.objects.filter(pk=prolongation_d.pk).update(created_at=paris(2026, 2, 15))
    _close(pd, date(2026, 3, 31))
    _close(pc, date(2026, 10, 28))
    # E: another framework, never counted here; F: an IAE pathway opened after the month.
    people["E"] = _person(a, user, started=date(2026, 10, 1), sex="M")
    Pathway.objects.create(
        person=people["E"],
        structure=a,
        framework=Framework.CEJ,
        started_on=date(2026, 10, 2),
        planned_end_on=date(2027, 10, 1),
        referent=user,
        created_by=user,
    )
    people["F"] = _person(a, user, started=date(2026, 11, 1), sex="M")
    open_iae(people["F"], membership, date(2026, 11, 2))

    # CDDI: A since February (26 h), B since October (15 h, with a derogation), C from
    # 1 October, ended on 28 October; E on a CDI (not a CDDI).
    _cddi(people["A"], user, date(2026, 2, 1), date(2026, 12, 31), "26")
    _cddi(
        people["B"],
        user,
        date(2026, 10, 6),
        date(2027, 4, 5),
        "15",
        derogation="Difficultés de santé : 15 h prévues au contrat",
    )
    ended = _cddi(people["C"], user, date(2026, 10, 1), date(2027, 1, 31), "35")
    employment_actions.end(employment=ended, ended_on=date(2026, 10, 28), reason="agreed", note="")
    employment_actions.start(
        employment=Employment(
            person=people["E"],
            referent=user,
            employer_name="Boulangerie du Port",
            job_title="Boulangère",
            contract_type="cdi",
            starts_on=date(2026, 10, 12),
            weekly_hours=Decimal("35"),
        ),
        membership=membership,
        steps="1 mois",
    )

    # Structure B (another tenant): an IAE pathway with its PASS and a CDDI in October.
    structure_b.kind = StructureKind.SIAE_EI
    structure_b.save()
    other = _membership(other_counselor, structure_b)
    someone = _person(structure_b, other_counselor, started=date(2026, 10, 1), sex="F")
    pathway_b = open_iae(someone, other, date(2026, 10, 1))
    pass_b = record(pathway_b, other, starts_on=date(2026, 10, 1))
    _recorded_at(pass_b, paris(2026, 10, 2))
    suspend(pass_b, other, date(2026, 10, 5), date(2026, 10, 6))
    _cddi(someone, other_counselor, date(2026, 10, 1), date(2027, 1, 31), "30")
    return people


def figures(structure, month=OCTOBER):
    report = build_report(structure, month, now=NOW)
    return {f.key: (f.month, f.year) for _s, f in report.rows()}


def test_iae_pathways_entries_and_exits(iae, aci):
    f = figures(aci)
    assert f["iae_employees"] == (2, 4)  # A and B at the month's end; C and D in the year
    assert f["iae_entries"] == (2, 3)  # B and C; A in January
    assert f["iae_exits"] == (1, 2)  # C; D in March
    assert f["iae_without_pass"] == (1, None)  # B


def test_a_pass_recorded_after_the_month_leaves_it_without_pass(iae, aci, counselor):
    membership = _membership(counselor, aci)
    late = record(iae["pathway_B"], membership, starts_on=date(2026, 10, 6))
    _recorded_at(late, paris(2026, 11, 1, 0, 30))  # 31 October 23:30 UTC: November in Paris
    assert figures(aci)["iae_without_pass"] == (1, None)
    november = figures(aci, Month(2026, 11))
    assert november["iae_employees"][0] == 3  # A, B and F
    assert november["iae_without_pass"] == (1, None)  # F, opened on 2 November; not B
    _recorded_at(late, paris(2026, 10, 31, 23, 30))
    assert figures(aci)["iae_without_pass"] == (0, None)


def test_pass_iae_withdrawn_suspensions_and_prolongations_do_not_count(iae, aci):
    f = figures(aci)
    assert f["pass_recorded"] == (1, 2)  # C in October, A in February (D: last year)
    assert f["pass_prolongations"] == (1, 2)  # A's kept one; D's in February
    assert f["pass_suspensions"] == (2, 3)  # A and C in October, D in February


def test_cddi_in_force_started_and_weekly_hours(iae, aci):
    f = figures(aci)
    assert f["cddi_in_force"] == (2, 3)  # A and B at the month's end; C in October
    assert f["cddi_started"] == (2, 3)  # B and C; A in February; not E's CDI
    assert f["cddi_weekly_hours"] == (41.0, None)  # 26 h + 15 h
    assert f["cddi_under_20_hours"] == (1, 1)  # B


def test_the_month_before_and_the_figures_kinds(iae, aci):
    f = figures(aci, Month(2026, 9))
    assert f["iae_employees"] == (1, 2)  # A; D until March
    assert f["iae_without_pass"] == (0, None)
    assert f["cddi_in_force"] == (1, 1)
    assert f["cddi_weekly_hours"] == (26.0, None)
    report = build_report(aci, OCTOBER, now=NOW)
    [section] = [s for s in report.sections if s.key == "iae"]
    assert section.title == "Insertion par l'activité économique"
    kinds = {f.key: f.kind for f in section.figures}
    assert kinds["iae_employees"] == kinds["cddi_in_force"] == "stock"
    assert kinds["cddi_weekly_hours"] == "hours"
    assert all(f.label and f.definition for f in section.figures)
    hours = next(f for f in section.figures if f.key == "cddi_weekly_hours")
    assert display(hours, hours.month) == "41,0" and display(hours, hours.year) == "—"


def test_small_counts_are_masked_in_the_section(iae, aci):
    report = build_report(aci, OCTOBER, now=NOW)
    hidden = report.hidden_cells()
    by_key = {f.key: f for _s, f in report.rows()}
    assert (id(by_key["iae_without_pass"]), "month") in hidden
    assert (id(by_key["pass_suspensions"]), "month") in hidden
    # Hours are never masked, nor a column without a figure.
    assert (id(by_key["cddi_weekly_hours"]), "month") not in hidden
    assert (id(by_key["iae_without_pass"]), "year") not in hidden


def test_the_section_is_absent_for_a_structure_outside_the_iae(iae, aci):
    aci.kind = StructureKind.MISSION_LOCALE
    aci.save()
    report = build_report(aci, OCTOBER, now=NOW)
    assert "iae" not in [s.key for s in report.sections]
    assert not IAE_KEYS & {f.key for _s, f in report.rows()}


def test_the_section_is_only_for_an_siae(structure_a, aci):
    assert "iae" in [s.key for s in build_report(aci, OCTOBER, now=NOW).sections]


def _queries(structure):
    with CaptureQueriesContext(connection) as captured:
        build_report(structure, OCTOBER, now=NOW)
    return len(captured.captured_queries)


def test_the_number_of_queries_is_fixed_whatever_the_data(aci, structure_c):
    empty = _queries(aci)
    other = _queries(structure_c)  # not an SIAE: the section's queries are not made
    assert empty == other + 3


def test_the_number_of_queries_does_not_grow_with_the_data(iae, aci, structure_c):
    with_data = _queries(aci)
    assert with_data == _queries(structure_c) + 3
    assert with_data <= 50


def test_the_manager_of_the_aci_sees_the_section_on_screen_and_in_the_exports(
    client, login, manager, iae
):
    login(client, manager)
    page = html.unescape(client.get(URL, {"mois": "2026-10"}).content.decode())
    assert "Insertion par l'activité économique" in page
    assert "dont sans PASS IAE enregistré" in page and "Heures hebdomadaires des CDDI" in page
    response = client.get(CSV_URL, {"mois": "2026-10", "masquer": "1"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_label = {row[1]: row for row in rows[2:]}
    section = "Insertion par l'activité économique"
    assert by_label["dont sans PASS IAE enregistré"][0] == section
    assert by_label["dont sans PASS IAE enregistré"][2:4] == ["< 5", ""]
    assert by_label["Heures hebdomadaires des CDDI en cours"][2:4] == ["41,0", ""]
    full = client.get(CSV_URL, {"mois": "2026-10"})
    rows = list(csv.reader(io.StringIO(full.content.decode("utf-8-sig")), delimiter=";"))
    by_label = {row[1]: row for row in rows[2:]}
    assert by_label["Salarié·es en parcours IAE"][2:4] == ["2", "4"]
    assert client.get(PDF_URL, {"mois": "2026-10"}).status_code == 200


def test_the_page_of_another_structure_has_no_iae_section(client, login, manager, activity):
    login(client, manager)
    page = html.unescape(client.get(URL, {"mois": "2026-10"}).content.decode())
    assert "Salarié·es en parcours IAE" not in page
    assert "Insertion par l'activité économique" not in page


def test_the_api_gives_the_section_to_the_manager_of_the_aci(manager, iae):
    key = ApiToken.issue(membership=manager.memberships.get(), name="rapport")[1]
    api = Client(headers={"Authorization": f"Bearer {key}"})
    body = api.get("/api/v1/reports/activity", {"month": "2026-10"}).json()
    figures = {f["key"]: f for s in body["sections"] for f in s["figures"]}
    assert (figures["iae_employees"]["month"], figures["iae_employees"]["year_to_date"]) == (2, 4)
    assert figures["iae_without_pass"]["year_to_date"] is None
    assert figures["cddi_weekly_hours"]["month"] == 41.0
