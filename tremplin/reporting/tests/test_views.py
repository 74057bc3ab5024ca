"""The report's screen, exports, command and API: who may, what they get."""

import csv
import io
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tremplin.accounts.models import ApiToken
from tremplin.core.permissions import RIGHTS, Perm, Role

URL = reverse("reporting:activity")
CSV_URL = reverse("reporting:activity-csv")
PDF_URL = reverse("reporting:activity-pdf")
XLSX_URL = reverse("reporting:activity-xlsx")


def test_only_the_manager_has_the_report():
    # The report shows the social and health profile of the public (RSA, RQTH) and the
    # whole team's activity: the head of service's tool. Counselors, reception, employer
    # relations and the structure's administrator (who never reads people's data) do not.
    allowed = {role for role, rights in RIGHTS.items() if Perm.ACTIVITY_REPORT in rights.perms}
    assert allowed == {Role.MANAGER}


@pytest.mark.parametrize(
    "persona", ["counselor", "reception", "employer_liaison", "structure_admin"]
)
@pytest.mark.parametrize("url", [URL, CSV_URL, XLSX_URL, PDF_URL])
def test_other_roles_are_refused(client, login, cast, persona, url):
    login(client, cast[persona])
    assert client.get(url, {"mois": "2026-10"}).status_code == 403


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/compte/" in response["Location"]


def test_the_manager_sees_the_figures_and_their_definitions(client, login, manager, activity):
    login(client, manager)
    response = client.get(URL, {"mois": "2026-10"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rapport d'activité — octobre 2026" in page
    assert "Contacts à l&#x27;accueil" in page
    assert "Cumul 2026" in page
    assert "Comment ces chiffres sont calculés" in page
    assert "heure de Paris" in page
    # Aggregates only: no one's name.
    assert activity["p1"].last_name not in page
    # Links to the neighbouring months and the exports of the month shown.
    assert "?mois=2026-09" in page
    assert f"{CSV_URL}?mois=2026-10" in page
    assert f"{XLSX_URL}?mois=2026-10" in page
    assert "Aucune activité enregistrée" not in page


def test_the_manager_of_another_structure_sees_only_its_own(client, login, structure_b, activity):
    from tremplin.testing.factories import MembershipFactory, UserFactory

    boss_b = MembershipFactory(structure=structure_b, role=Role.MANAGER, user=UserFactory()).user
    login(client, boss_b)
    response = client.get(CSV_URL, {"mois": "2026-10"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_label = {row[1]: row for row in rows[2:]}
    assert rows[0][1] == structure_b.name
    assert by_label["Contacts à l'accueil"][2:4] == ["1", "1"]
    assert by_label["Personnes suivies"][2:4] == ["2", "2"]


def test_default_month_and_bad_months(client, login, manager, structure_c):
    login(client, manager)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["month"] == response.context["current_month"].previous()
    bad = client.get(URL, {"mois": "2026-13"})
    assert bad.status_code == 400
    assert "Indiquez un mois au format AAAA-MM" in bad.content.decode()
    future = client.get(URL, {"mois": "2999-01"})
    assert "pas encore commencé" in future.content.decode()
    assert client.get(CSV_URL, {"mois": "n'importe quoi"}).status_code == 400
    assert client.post(URL, {"mois": "2026-10"}).status_code == 405


def test_empty_state(client, login, structure_c):
    from tremplin.testing.factories import MembershipFactory, UserFactory

    boss_c = MembershipFactory(structure=structure_c, role=Role.MANAGER, user=UserFactory()).user
    login(client, boss_c)
    response = client.get(URL, {"mois": "2026-10"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aucune activité enregistrée en octobre 2026" in page
    assert "Comment ces chiffres sont calculés" not in page


def test_csv_for_a_spreadsheet(client, login, manager, activity):
    login(client, manager)
    response = client.get(CSV_URL, {"mois": "2026-10"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="rapport-activite-2026-10.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["Rubrique", "Indicateur", "Mois", "Cumul depuis janvier", "Mode de calcul"]
    by_label = {row[1]: row for row in rows[2:]}
    assert by_label["Contacts à l'accueil"][:4] == ["Accueil", "Contacts à l'accueil", "2", "3"]
    assert by_label["Taux d'absence sans prévenir (%)"][2:4] == ["33,3", "50,0"]
    assert by_label["Heures de présence émargées"][2:4] == ["8,5", "11,5"]
    assert by_label["Personnes suivies"][2:4] == ["2", "4"]
    assert all(len(row) == 5 for row in rows[1:])
    masked = client.get(CSV_URL, {"mois": "2026-10", "masquer": "1"})
    rows = list(csv.reader(io.StringIO(masked.content.decode("utf-8-sig")), delimiter=";"))
    by_label = {row[1]: row for row in rows[2:]}
    assert by_label["Contacts à l'accueil"][2:4] == ["< 5", "< 5"]
    assert by_label["Heures de présence émargées"][2:4] == ["8,5", "11,5"]  # not a head count
    assert by_label["dont formulaire en ligne"][2:4] == ["0", "0"]


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_excel_workbook_keeps_numbers_as_numbers(client, login, manager, structure_a, activity):
    login(client, manager)
    response = client.get(XLSX_URL, {"mois": "2026-10"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="rapport-activite-2026-10.xlsx"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    sheet = _sheet(response.content)
    assert sheet.title == "Rapport d'activité"
    assert sheet["A1"].value == f"Rapport d'activité — {structure_a.name}"
    rows = {row[0].value.strip(): row for row in sheet.iter_rows() if row[0].value}
    assert [c.value for c in rows["Indicateur"]] == [
        "Indicateur",
        "Octobre 2026",
        "Cumul 2026",
        "Mode de calcul",
    ]
    reception = rows["Contacts à l'accueil"]
    assert [reception[1].value, reception[2].value] == [2, 3]
    assert reception[1].number_format == "#,##0"
    assert "contact" in reception[3].value.lower()
    rate = rows["Taux d'absence sans prévenir (%)"]
    assert rate[1].value == pytest.approx(1 / 3, abs=1e-3)
    assert rate[2].value == pytest.approx(0.5)
    assert rate[1].number_format == "0.0%"
    hours = rows["Heures de présence émargées"]
    assert [hours[1].value, hours[2].value] == [8.5, 11.5]
    # The sections are rows of their own, the figures under them.
    assert "Accueil" in rows
    assert rows["Accueil"][1].value is None

    masked = _sheet(client.get(XLSX_URL, {"mois": "2026-10", "masquer": "1"}).content)
    rows = {row[0].value.strip(): row for row in masked.iter_rows() if row[0].value}
    assert [rows["Contacts à l'accueil"][i].value for i in (1, 2)] == ["< 5", "< 5"]
    assert [rows["Heures de présence émargées"][i].value for i in (1, 2)] == [8.5, 11.5]
    assert any("< 5" in (row[0].value or "") for row in masked.iter_rows(max_row=4))


def test_excel_never_turns_a_name_into_a_formula(client, login, manager, structure_a, activity):
    structure_a.name = '=HYPERLINK("http://example.invalid","x")'
    structure_a.save(update_fields=["name"])
    login(client, manager)
    sheet = _sheet(client.get(XLSX_URL, {"mois": "2026-10"}).content)
    assert sheet["A1"].data_type == "s"
    assert sheet["A1"].value.endswith('=HYPERLINK("http://example.invalid","x")')
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row if cell.value)


def test_csv_never_starts_a_cell_with_a_formula(client, login, manager, structure_a, activity):
    structure_a.name = "=1+1 Mission Locale"
    structure_a.save(update_fields=["name"])
    login(client, manager)
    text = client.get(CSV_URL, {"mois": "2026-10"}).content.decode("utf-8-sig")
    first = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert first[1] == "'=1+1 Mission Locale"


def test_excel_refuses_a_bad_month(client, login, manager):
    login(client, manager)
    response = client.get(XLSX_URL, {"mois": "2026-13"})
    assert response.status_code == 400
    assert "Mois invalide" in response.content.decode()


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_pdf_for_the_funders(client, login, manager, structure_a, activity, tmp_path):
    login(client, manager)
    response = client.get(PDF_URL, {"mois": "2026-10", "masquer": "0"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    assert "Rapport d'activité mensuel" in text
    assert structure_a.name in text
    assert "octobre 2026" in text
    assert "édition du" in text
    assert "Comment ces chiffres sont calculés" in text
    line = next(line for line in text.splitlines() if "Heures de présence émargées" in line)
    assert line.split()[-2:] == ["8,5", "11,5"]
    line = next(line for line in text.splitlines() if "Contacts à l'accueil" in line)
    assert line.split()[-2:] == ["2", "3"]
    # By default the PDF masks the counts from 1 to 4.
    masked = _pdf_text(client.get(PDF_URL, {"mois": "2026-10"}).content, tmp_path)
    line = next(line for line in masked.splitlines() if "Contacts à l'accueil" in line)
    assert line.replace(" ", "").endswith("<5<5")
    assert "« < 5 » : un effectif de 1 à 4." in " ".join(masked.split())
    assert "par soustraction d'un total" in " ".join(masked.split())


def test_the_command_prints_or_writes_the_csv(structure_a, activity, tmp_path, capsys):
    call_command("activity_report", structure=structure_a.pk, month="2026-10")
    out = capsys.readouterr().out
    assert "octobre 2026" in out
    assert "Contacts à l'accueil : 2 (cumul 3)" in out
    path = tmp_path / "rapport.csv"
    call_command(
        "activity_report",
        "--structure",
        str(structure_a.pk),
        "--month",
        "2026-10",
        "--csv",
        str(path),
    )
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
    assert ["Accueil", "Contacts à l'accueil", "2", "3"] == rows[2][:4]
    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command("activity_report", structure=structure_a.pk, month="10/2026")
    with pytest.raises(CommandError, match="Aucune structure"):
        call_command("activity_report", structure=99999, month="2026-10")


def _api(user):
    membership = user.memberships.get()
    key = ApiToken.issue(membership=membership, name="rapport")[1]
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_api_same_figures_same_permission(manager, counselor, activity):
    response = _api(manager).get("/api/v1/reports/activity", {"month": "2026-10"})
    assert response.status_code == 200
    body = response.json()
    assert body["month"] == "2026-10"
    figures = {f["key"]: f for s in body["sections"] for f in s["figures"]}
    assert (figures["contacts"]["month"], figures["contacts"]["year_to_date"]) == (2, 3)
    assert isinstance(figures["contacts"]["month"], int)
    assert figures["workshop_hours"]["month"] == 8.5
    assert figures["no_show_rate"]["kind"] == "rate"
    assert figures["contacts"]["definition"]
    assert _api(manager).get("/api/v1/reports/activity", {"month": "2026-13"}).status_code == 422
    assert _api(manager).get("/api/v1/reports/activity").status_code == 422
    assert _api(counselor).get("/api/v1/reports/activity", {"month": "2026-10"}).status_code == 403
    assert Client().get("/api/v1/reports/activity", {"month": "2026-10"}).status_code == 401


def test_api_in_the_openapi_schema(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/reports/activity"]


def test_the_page_query_count_does_not_grow(
    client, login, manager, activity, django_assert_max_num_queries
):
    login(client, manager)
    with django_assert_max_num_queries(55):
        assert client.get(URL, {"mois": "2026-10"}).status_code == 200


def test_the_team_page_links_to_the_report(client, login, manager):
    login(client, manager)
    page = client.get(reverse("accounts:members")).content.decode()
    assert URL in page
