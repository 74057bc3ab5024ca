"""The pathway's FSE+ page (counselor) and the « Indicateurs FSE+ » page (manager): who
may, what they get, the exports and the API."""

import csv
import io
import subprocess
from datetime import date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tremplin.accounts.models import ApiToken
from tremplin.core.permissions import RIGHTS, Perm, Role
from tremplin.fse.actions import pseudonym
from tremplin.fse.models import Participation, Survey
from tremplin.people.enums import Sex

URL = reverse("reporting:fse")
CSV_URL = reverse("reporting:fse-csv")
PDF_URL = reverse("reporting:fse-pdf")
XLSX_URL = reverse("reporting:fse-xlsx")


def fse_url(pathway):
    return reverse("fse:participation", kwargs={"pathway_id": pathway.pk})


# --- the pathway's FSE+ data ----------------------------------------------------------------


def test_the_pathway_page_links_to_its_fse_data(client, login, counselor, open_fse_pathway):
    login(client, counselor)
    page = client.get(reverse("pathways:detail", args=[open_fse_pathway.pk])).content.decode()
    assert fse_url(open_fse_pathway) in page


def test_the_form_offers_what_the_file_knows_then_records_the_entry(
    client, login, counselor, person, open_fse_pathway
):
    person.education_level = "3"
    person.is_registered_jobseeker = True
    person.jobseeker_since = date(2024, 9, 1)
    person.save()
    login(client, counselor)
    page = client.get(fse_url(open_fse_pathway)).content.decode()
    assert 'value="2024-09-01"' in page
    # The référent sees the health question, offered from the RQTH of the file.
    assert "situation de handicap" in page.lower()
    response = client.post(
        fse_url(open_fse_pathway),
        {
            "labour_status": "unemployed",
            "jobseeker_since": "2024-09-01",
            "education_level": "3",
            "disability": "yes",
            "housing_exclusion": "no",
            "rural": "",
        },
    )
    assert response.status_code == 302
    data = Participation.objects.get(pathway=open_fse_pathway)
    assert (data.labour_status, data.disability, data.rural, data.recorded_by) == (
        "unemployed",
        "yes",
        "",
        counselor,
    )
    page = client.get(fse_url(open_fse_pathway)).content.decode()
    # Registered since September 2024, entered January 2026: long-term unemployed.
    assert "Chômeurs de longue durée</td><td>oui" in page
    assert "zone rurale</td><td>non renseigné" in page


def _diagnosis(person, structure, counselor, **facts):
    from tremplin.diagnosis.models import Diagnosis, DiagnosisVersion, DomainAssessment

    diagnosis = Diagnosis.objects.create(person=person, structure=structure)
    version = DiagnosisVersion.objects.create(
        diagnosis=diagnosis, number=1, created_by=counselor, interview_date="2026-01-05"
    )
    for domain, domain_facts in facts.items():
        DomainAssessment.objects.create(
            version=version, domain=domain.replace("_", "-"), facts=domain_facts
        )


def _proposed(client, pathway):
    form = client.get(fse_url(pathway)).context["form"]
    return {
        name: form[name].value() or None for name in ("labour_status", "housing_exclusion", "rural")
    }


@pytest.mark.parametrize(
    ("jobseeker", "employment", "housing", "expected"),
    [
        # Never worked, available now: without work and seeking.
        (
            False,
            {"work_situation": "never", "availability": "now"},
            {"housing": "family"},
            {"labour_status": "unemployed", "housing_exclusion": "yes", "rural": None},
        ),
        # Without work, available later: inactive.
        (
            False,
            {"work_situation": "more_2y", "availability": "later"},
            {"housing": "own"},
            {"labour_status": "inactive", "housing_exclusion": "no", "rural": None},
        ),
        # Registered at France Travail: unemployed, even with no diagnosis fact.
        (
            True,
            {},
            {"housing": "street"},
            {"labour_status": "unemployed", "housing_exclusion": "yes", "rural": None},
        ),
        # In work, says the diagnosis.
        (
            True,
            {"work_situation": "precarious"},
            {},
            {"labour_status": "employed", "housing_exclusion": None, "rural": None},
        ),
        # Without work, availability unknown: nothing proposed.
        (
            False,
            {"work_situation": "never"},
            {},
            {"labour_status": None, "housing_exclusion": None, "rural": None},
        ),
    ],
)
def test_the_form_proposes_the_situation_from_the_file_and_diagnosis(
    client,
    login,
    counselor,
    structure_a,
    person,
    open_fse_pathway,
    jobseeker,
    employment,
    housing,
    expected,
):
    person.is_registered_jobseeker = jobseeker
    person.is_domiciled = False
    person.save()
    _diagnosis(
        person, structure_a, counselor, trouver_un_emploi=employment, logement_hebergement=housing
    )
    login(client, counselor)
    assert _proposed(client, open_fse_pathway) == expected
    # Only proposed: nothing is recorded until the counselor confirms.
    assert not Participation.objects.filter(pathway=open_fse_pathway).exists()


def test_a_diagnosis_of_another_structure_proposes_nothing(
    client, login, counselor, structure_b, other_counselor, person, open_fse_pathway
):
    person.is_registered_jobseeker = False
    person.is_domiciled = False
    person.save()
    _diagnosis(
        person,
        structure_b,
        other_counselor,
        trouver_un_emploi={"work_situation": "employed"},
        logement_hebergement={"housing": "street"},
    )
    login(client, counselor)
    assert _proposed(client, open_fse_pathway)["labour_status"] is None
    assert _proposed(client, open_fse_pathway)["housing_exclusion"] is None


def test_bad_entry_facts_are_refused_on_their_field(client, login, counselor, open_fse_pathway):
    login(client, counselor)
    response = client.post(
        fse_url(open_fse_pathway),
        {"labour_status": "inactive", "entry_contract": "cdd", "jobseeker_since": "2026-02-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ne se note que pour une personne en emploi" in page
    assert "elle ne peut pas être postérieure" in page
    assert not Participation.objects.exists()


def test_a_colleague_who_is_not_referent_never_sees_nor_sets_the_disability(
    client, login, colleague, open_fse_pathway
):
    login(client, colleague)
    page = client.get(fse_url(open_fse_pathway)).content.decode()
    assert "handicap" not in page.lower()
    client.post(fse_url(open_fse_pathway), {"labour_status": "unemployed", "disability": "yes"})
    assert Participation.objects.get(pathway=open_fse_pathway).disability == ""


def test_concurrent_edits_do_not_overwrite(client, login, counselor, open_fse_pathway):
    login(client, counselor)
    client.post(fse_url(open_fse_pathway), {"labour_status": "unemployed"})
    data = Participation.objects.get()
    stale = {"labour_status": "inactive", "version": data.version}
    Participation.objects.filter(pk=data.pk).update(version=data.version + 1, rural="yes")
    response = client.post(fse_url(open_fse_pathway), stale)
    assert response.status_code == 400
    assert Participation.objects.get().labour_status == "unemployed"


def test_the_survey_block_tells_when_and_why(client, login, counselor, make_exited):
    pathway = make_exited(consent=False)
    login(client, counselor)
    page = client.get(fse_url(pathway)).content.decode()
    assert "Enquête à 6 mois" in page
    assert "elle ne sera pas contactée" in page


# --- the manager's page -----------------------------------------------------------------------


def test_only_the_manager_has_the_indicators():
    allowed = {role for role, rights in RIGHTS.items() if Perm.FSE_INDICATORS in rights.perms}
    assert allowed == {Role.MANAGER}


@pytest.mark.parametrize("persona", ["counselor", "reception", "structure_admin", "partner"])
@pytest.mark.parametrize("url", [URL, CSV_URL, XLSX_URL, PDF_URL])
def test_other_roles_are_refused(client, login, cast, persona, url):
    login(client, cast[persona])
    assert client.get(url).status_code == 403


@pytest.fixture
def cohort(make_exited, counselor, structure_b, other_counselor):
    """Exits of this year, six months ago, with entry data and survey answers."""
    today = timezone.localdate()
    start = date(today.year, 1, 1)
    answered = make_exited(sex=Sex.FEMALE, last_name="Répondante")
    Participation.objects.create(
        pathway=answered,
        labour_status="employed",
        entry_contract="cdd",
        recorded_by=counselor,
        education_level="infra3",
        disability="yes",
    )
    Survey.objects.create(
        pathway=answered,
        send_status="sent",
        nonce="x",
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=30),
        situation="employed",
        contract="cdi",
        answered_at=timezone.now(),
        answered_via="link",
    )
    waiting = make_exited(sex=Sex.MALE, last_name="Attendu", situation="cdi")
    Survey.objects.create(
        pathway=waiting,
        send_status="sent",
        nonce="y",
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=30),
    )
    refused = make_exited(consent=False, last_name="Sansaccord")
    recent = make_exited(
        exit_on=max(start, today - timedelta(days=3)), last_name="Récent", situation="cdd"
    )
    return {"answered": answered, "waiting": waiting, "refused": refused, "recent": recent}


def test_the_manager_sees_the_indicators_and_whom_to_survey(client, login, manager, cohort):
    login(client, manager)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Indicateurs FSE+ — année {timezone.localdate().year}" in page
    assert "Chômeurs de longue durée" in page
    assert "EECR04" in page and "EECR05" in page
    assert "Taux de réponse" in page
    # Still to survey: the one waiting, named for the phone call; not the one who refused
    # the surveys nor the one who answered.
    to_survey = page.split('id="to-survey"')[1]
    assert "ATTENDU" in to_survey
    assert "SANSACCORD" not in to_survey
    assert "RÉPONDANTE" not in to_survey
    # The aggregated tables above never name anyone.
    tables = page.split('id="to-survey"')[0]
    for pathway in cohort.values():
        assert pathway.person.last_name.upper() not in tables


def test_figures_are_counted_from_the_file(manager, cohort, structure_a):
    from tremplin.reporting.fse import Period, build_fse_report

    report = build_fse_report(structure_a, Period.programme_year(timezone.localdate().year))
    rows = {row.key: row for block in report.blocks for row in block.rows}
    six = report.blocks[2]
    six_rows = {row.key: row for row in six.rows}
    assert six_rows["six_month_cohort"].yes == 3
    assert six_rows["surveyed"].yes == 2
    assert six_rows["answered"].yes == 1
    assert six_rows["response_rate"].yes == 50.0
    assert six_rows["not_surveyed"].yes == 1
    assert six_rows["employed_6_months"].yes == 1
    assert six_rows["employed_6_months"].women == 1
    assert six_rows["employed_6_months"].unknown == 2
    assert six_rows["improved_6_months"].yes == 1
    assert rows["in_employment"].yes >= 1  # the recent CDD, and the CDI six months ago


def test_a_bad_period_is_refused_in_french(client, login, manager):
    login(client, manager)
    response = client.get(URL, {"du": "2026-06-01", "au": "2026-01-01"})
    assert response.status_code == 400
    assert "La fin de la période doit suivre son début." in response.content.decode()
    response = client.get(URL, {"annee": "1999"})
    assert "Choisissez une année de programmation entre 2021" in response.content.decode()


def test_an_empty_period_says_what_to_do(client, login, manager):
    login(client, manager)
    page = client.get(URL, {"annee": "2022"}).content.decode()
    assert "Aucun parcours FSE+" in page
    assert "Financeurs des parcours" in page


def test_csv_per_participant_is_pseudonymous_and_without_health_data(
    client, login, manager, cohort, structure_a
):
    login(client, manager)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    for pathway in cohort.values():
        assert pathway.person.last_name not in text
        assert pathway.person.first_name not in text
    assert "handicap" not in text.lower()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    ids = {row[0] for row in rows[2:]}
    expected = pseudonym(structure_a.pk, cohort["answered"].person.public_id)
    assert expected in ids
    assert len(ids) == 4
    # Stable from one export to the next.
    again = client.get(CSV_URL).content.decode("utf-8-sig")
    assert expected in again


def test_excel_workbook_holds_the_tables_and_the_participants(
    client, login, manager, cohort, structure_a
):
    login(client, manager)
    response = client.get(XLSX_URL)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    year = timezone.localdate().year
    assert f'filename="indicateurs-fse-{year}.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Indicateurs", "Participants"]

    tables = workbook["Indicateurs"]
    by_label = {row[0].value.strip(): row for row in tables.iter_rows() if row[0].value}
    answered = by_label["Réponses reçues"]
    assert answered[2].value == 1  # a number, as counted in the file
    rate = by_label["Taux de réponse"]
    assert rate[2].value == pytest.approx(0.5)
    assert rate[2].number_format == "0.0%"
    employed = next(row for row in tables.iter_rows() if row[1].value == "EECR05")
    assert [employed[i].value for i in (2, 3, 5)] == [1, 1, 2]

    people = workbook["Participants"]
    rows = list(people.iter_rows(values_only=True))
    assert rows[1][:3] == ("Identifiant", "Sexe", "Entrée")
    assert people.auto_filter.ref.startswith("A2:") and people.auto_filter.ref.endswith(
        str(len(rows))
    )
    ids = {row[0] for row in rows[2:]}
    assert pseudonym(structure_a.pk, cohort["answered"].person.public_id) in ids
    assert len(ids) == 4
    assert all(isinstance(row[2], datetime) for row in rows[2:])  # dates, not text
    text = " ".join(
        str(v)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    for pathway in cohort.values():
        assert pathway.person.last_name not in text
        assert pathway.person.first_name not in text
    # Disability is health data: totals only, never in the file per participant.
    assert rows[1] and not any("handicap" in str(title).lower() for title in rows[1])
    assert not any("handicap" in str(v).lower() for row in rows[2:] for v in row if v)


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "fse.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_pdf_masks_small_counts(client, login, manager, cohort, tmp_path):
    login(client, manager)
    response = client.get(PDF_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    assert "Indicateurs FSE+" in text
    assert "< 5" in text
    assert "Répondante" not in text
    unmasked = _pdf_text(client.get(PDF_URL, {"masquer": "0"}).content, tmp_path)
    assert "< 5" not in unmasked


def test_the_page_query_count_does_not_grow(
    client, login, manager, make_exited, django_assert_max_num_queries
):
    for _ in range(6):
        make_exited()
    login(client, manager)
    with django_assert_max_num_queries(30):
        assert client.get(URL).status_code == 200


def _api(user):
    membership = user.memberships.get()
    key = ApiToken.issue(membership=membership, name="fse")[1]
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_api_gives_the_aggregated_table(manager, counselor, cohort):
    response = _api(manager).get("/api/v1/reports/fse")
    assert response.status_code == 200, response.content
    blocks = {b["key"]: b for b in response.json()["blocks"]}
    rows = {r["key"]: r for r in blocks["six-mois"]["rows"]}
    assert rows["answered"]["yes"] == 1
    assert {r["code"] for r in blocks["entree"]["rows"]} >= {"EECO01", "EECO12", "EECO17"}
    assert "Répondante" not in response.content.decode()
    assert _api(manager).get("/api/v1/reports/fse", {"start": "2026-05-01"}).status_code == 422
    assert _api(counselor).get("/api/v1/reports/fse").status_code == 403
    assert Client().get("/api/v1/reports/fse").status_code == 401
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/reports/fse" in schema["paths"]
