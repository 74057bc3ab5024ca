"""Import of people from a CSV: reading, checking, all-or-nothing writing, the pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from conftest import CANARY_B_LAST_NAME, CANARY_LAST_NAME
from tremplin.accounts.models import Membership
from tremplin.people import imports
from tremplin.people.models import Consent, Follow, PeopleImport, Person
from tremplin.people.nir import hash_nir

NIR_BODY = "2950475123456"
VALID_NIR = NIR_BODY + f"{97 - int(NIR_BODY) % 97:02d}"

HEADER = "Nom;Prénom;Date de naissance;E-mail;Téléphone;Code postal;Commune;NIR;RSA;Référent"


def csv_bytes(*lines, header=HEADER, encoding="utf-8"):
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)


def membership_of(user):
    return Membership.objects.get(user=user)


# --- reading ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf8", "utf8-bom", "windows-1252"],
)
def test_the_file_is_read_in_each_encoding_excel_writes(encoding, prefix):
    parsed = imports.parse(prefix + csv_bytes("Lefèvre;Maëlle;12/04/1995", encoding=encoding))
    assert parsed.header[:2] == ["Nom", "Prénom"]
    assert parsed.records == [(2, ["Lefèvre", "Maëlle", "12/04/1995"])]


def test_comma_separator_is_detected_and_quotes_are_understood():
    content = b'Nom,Prenom,Date de naissance,Adresse\nDupont,Jean,1990-01-31,"3, rue des Lilas"\n'
    parsed = imports.parse(content)
    assert parsed.delimiter == ","
    assert parsed.records[0][1][3] == "3, rue des Lilas"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12/04/1995", "1995-04-12"),
        ("1995-04-12", "1995-04-12"),
        ("2/4/1995", "1995-04-02"),
        ("12.04.1995", "1995-04-12"),
        ("12/04/1995 00:00", "1995-04-12"),
    ],
)
def test_dates_in_french_or_iso_form(value, expected):
    assert imports.parse_date(value).isoformat() == expected


@pytest.mark.parametrize("value", ["31/02/1995", "1995/13/01", "hier", "12-04-95"])
def test_unreadable_dates_are_refused(value):
    with pytest.raises(ValidationError):
        imports.parse_date(value)


def test_headers_are_matched_without_case_accents_or_spaces():
    report = imports.ImportReport()
    mapping = imports.map_header(
        ["NOM", "prenom", " Date  de Naissance ", "Email", "telephone", "Couleur préférée", ""],
        report,
    )
    assert mapping == {"last_name": 0, "first_name": 1, "birth_date": 2, "email": 3, "phone": 4}
    assert report.ignored_columns == ["Couleur préférée"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "vide"),
        (b"PK\x03\x04rest-of-a-zip", "classeur"),
        (b"%PDF-1.4 \x00\x00", "n'est pas un fichier CSV"),
        (b"Nom;Prenom;Date de naissance\r\n", "aucune ligne"),
        (b"Nom;Prenom\r\nDupont;Jean\r\n", "« Date de naissance »"),
    ],
)
def test_a_file_that_is_not_a_usable_csv_gets_a_clear_message(content, message, structure_a):
    report = imports.check(content, structure_id=structure_a.pk).report
    assert not report.ok and message in report.file_error


def test_too_big_a_file_is_refused(structure_a, monkeypatch):
    monkeypatch.setattr(imports.reading, "MAX_BYTES", 100)
    content = csv_bytes(*["Dupont;Jean;01/01/1990"] * 10)
    assert "dépasse" in imports.check(content, structure_id=structure_a.pk).report.file_error


def test_too_many_rows_are_refused(structure_a, monkeypatch):
    monkeypatch.setattr(imports.reading, "MAX_ROWS", 2)
    content = csv_bytes(
        *[f"Dupont;Jean{i};01/01/1990" for i in range(3)], header="Nom;Prénom;Date de naissance"
    )
    assert (
        "plus de 2 lignes" in imports.check(content, structure_id=structure_a.pk).report.file_error
    )


def test_the_template_is_a_valid_file_with_one_example_line(structure_a, counselor):
    result = imports.check(imports.template_csv(), structure_id=structure_a.pk)
    assert result.report.ok, result.report.errors
    assert result.report.rows_read == 1 and result.report.ignored_columns == []


# --- checking -----------------------------------------------------------------------------


def test_each_bad_cell_is_reported_with_its_line_and_column(structure_a, counselor):
    content = csv_bytes(
        f"Lefèvre;Maëlle;12/04/1995;maelle@example.org;06 12 34 56 78;44000;Nantes;{VALID_NIR};oui;{counselor.email}",
        ";Jean;31/02/1990;pas-un-mail;12;440;Nulle-Part;1234;peut-être;inconnu@example.org",
        f"Martin;Paul;01/01/{timezone.localdate().year + 1};;;75001;Nantes;;non;",
    )
    report = imports.check(content, structure_id=structure_a.pk).report
    assert not report.ok and report.invalid_rows == 2
    found = {(e["line"], e["column"]) for e in report.errors}
    assert {
        (3, "Nom"),
        (3, "Date de naissance"),
        (3, "E-mail"),
        (3, "Téléphone"),
        (3, "Code postal"),
        (3, "NIR"),
        (3, "RSA"),
        (3, "Référent"),
        (4, "Date de naissance"),
        (4, "Code postal"),
    } <= found
    messages = {(e["line"], e["column"]): e["message"] for e in report.errors}
    assert messages[(3, "Nom")] == "Obligatoire."
    assert "futur" in messages[(4, "Date de naissance")]
    assert "ne correspond pas à la commune" in messages[(4, "Code postal")]
    assert "5 chiffres" in messages[(3, "Code postal")]


def test_implausible_birth_dates_and_france_travail_ids_are_reported_by_line(structure_a):
    content = csv_bytes(
        "Lefèvre;Maëlle;12/04/1995;1234567 a",
        "Martin;Paul;12/05/1900;abc",
        f"Durand;Zoé;01/01/{timezone.localdate().year - 10};12345",
        header="Nom;Prénom;Date de naissance;Identifiant France Travail",
    )
    result = imports.check(content, structure_id=structure_a.pk)
    report = result.report
    messages = {(e["line"], e["column"]): e["message"] for e in report.errors}
    assert "plus de 100 ans" in messages[(3, "Date de naissance")]
    assert "moins de 14 ans" in messages[(4, "Date de naissance")]
    for line in (3, 4):
        assert (
            "Identifiant France Travail invalide" in messages[(line, "Identifiant France Travail")]
        )
    assert not any(e["line"] == 2 for e in report.errors)
    assert report.invalid_rows == 2


def test_a_valid_france_travail_id_is_imported_in_upper_case(structure_a):
    content = csv_bytes(
        "Lefèvre;Maëlle;12/04/1995;1234567 a",
        header="Nom;Prénom;Date de naissance;Identifiant France Travail",
    )
    result = imports.check(content, structure_id=structure_a.pk)
    assert result.report.ok
    assert result.rows[0].values["france_travail_id"] == "1234567A"


def test_nothing_is_written_when_one_row_is_bad(client, login, manager, structure_a):
    content = csv_bytes(
        "Lefèvre;Maëlle;12/04/1995;;;;;;;",
        "Durand;Léo;12/04/1899;;;;;;;",
    )
    login(client, manager)
    response = client.post(
        "/personnes/import/", {"file": SimpleUploadedFile("liste.csv", content)}, follow=True
    )
    record = PeopleImport.objects.get()
    assert record.status == "invalid" and record.content is None
    assert "Date de naissance invraisemblable" in response.content.decode()
    assert "Importer 1 dossier" not in response.content.decode()
    assert client.post(f"/personnes/import/{record.pk}/confirmer/").status_code == 302
    assert not Person.objects.filter(last_name="Lefèvre").exists()


def test_a_row_repeated_in_the_file_is_an_error_naming_both_lines(structure_a):
    content = csv_bytes(
        f"Lefèvre;Maëlle;12/04/1995;;;;;{VALID_NIR};;",
        "Dupont;Jean;01/01/1990;;;;;;;",
        "LEFEVRE;maelle;1995-04-12;;;;;;;",
        f"Autre;Nom;02/02/1992;;;;;{VALID_NIR};;",
    )
    report = imports.check(content, structure_id=structure_a.pk).report
    messages = [e["message"] for e in report.errors]
    assert any("lignes 2 et 4" in m and "mêmes nom, prénom" in m for m in messages)
    assert any("lignes 2 et 5" in m and "même NIR" in m for m in messages)


def test_the_commune_is_found_by_name_and_postal_code_or_by_insee_code(structure_a):
    content = csv_bytes(
        "A;Un;01/01/1990;;;44000;nantes;;;",
        "B;Deux;01/01/1990;;;;44109;;;",
        "C;Trois;01/01/1990;;;44000;;;;",
    )
    result = imports.check(content, structure_id=structure_a.pk)
    assert result.report.ok, result.report.errors
    assert [r.values.get("commune_id") for r in result.rows] == ["44109", "44109", "44109"]


def test_the_referent_is_a_counselor_of_the_structure(
    structure_a, counselor, other_counselor, reception
):
    content = csv_bytes(
        f"A;Un;01/01/1990;;;;;;;{counselor.email.upper()}",
        f"B;Deux;01/01/1990;;;;;;;{other_counselor.email}",
        f"C;Trois;01/01/1990;;;;;;;{reception.email}",
        "D;Quatre;01/01/1990;;;;;;;",
    )
    report = imports.check(content, structure_id=structure_a.pk).report
    assert [e["line"] for e in report.errors] == [3, 4]
    assert all(e["column"] == "Référent" for e in report.errors)


def test_people_the_structure_follows_are_already_present_and_others_are_not_revealed(
    structure_a, person, person_b
):
    # person: Zwyrtkowska Inès 12/04/1995 (structure A); person_b: structure B only.
    person.set_nir(VALID_NIR)
    person.save()
    content = csv_bytes(
        f"{CANARY_LAST_NAME.upper()};Ines;12/04/1995;;;;;;;",
        f"Autrement;Nommée;01/01/1980;;;;;{VALID_NIR};;",
        f"{CANARY_B_LAST_NAME};Bruno;12/04/1995;;;;;;;",
        "Zwyrtkowsky;Inès;12/04/1995;;;;;;;",
    )
    result = imports.check(content, structure_id=structure_a.pk)
    assert result.report.ok
    assert result.report.already_present == 2 and result.report.to_create == 2
    # The other structure's person is created anew here: nothing tells it exists.
    assert [r.line for r in result.rows] == [4, 5]
    assert [w["line"] for w in result.report.warnings] == [5]
    assert CANARY_B_LAST_NAME not in str(result.report.as_dict())


def test_checking_many_rows_takes_a_bounded_number_of_queries(
    structure_a, counselor, person, django_assert_max_num_queries
):
    lines = [
        f"Nom{i};Prénom{i};{1 + i % 28:02d}/{1 + i % 12:02d}/{1950 + i % 50};;;44000;Nantes;;oui;{counselor.email}"
        for i in range(600)
    ]
    with django_assert_max_num_queries(6):
        result = imports.check(csv_bytes(*lines), structure_id=structure_a.pk)
    assert result.report.ok and result.report.to_create == 600


# --- writing ------------------------------------------------------------------------------


def test_import_creates_files_follows_and_history_and_twice_creates_nothing(
    structure_a, manager, counselor
):
    content = csv_bytes(
        f"Lefèvre;Maëlle;12/04/1995;maelle@example.org;06 12 34 56 78;44000;Nantes;{VALID_NIR};oui;{counselor.email}",
        "Dupont;Jean;1990-01-31;;;;;;non;",
    )
    membership = membership_of(manager)
    report, record = imports.import_at_once(
        content=content, file_name="liste.csv", membership=membership
    )
    assert report.created == 2 and record.status == "imported" and record.content is None
    maelle = Person.objects.get(last_name="Lefèvre")
    assert maelle.search_key == "lefevre maelle" and maelle.commune_id == "44109"
    assert maelle.nir_hash == hash_nir(VALID_NIR) and maelle.is_rsa_beneficiary
    assert maelle.created_by == manager and maelle.version == 1
    assert maelle.history.count() == 1
    follow = Follow.objects.get(person=maelle)
    assert follow.structure == structure_a and follow.referent == counselor
    assert follow.history.count() == 1
    assert Follow.objects.get(person__last_name="Dupont").referent is None
    assert not Consent.objects.exists()

    again, _ = imports.import_at_once(content=content, file_name="liste.csv", membership=membership)
    assert again.ok and again.created == 0 and again.already_present == 2
    assert Person.objects.count() == 2


# --- the pages ----------------------------------------------------------------------------


def upload(client, content, name="liste.csv"):
    return client.post("/personnes/import/", {"file": SimpleUploadedFile(name, content)})


def test_manager_uploads_reads_the_report_and_confirms(client, login, manager, counselor):
    login(client, manager)
    assert "Importer des dossiers" in client.get("/personnes/").content.decode()
    content = csv_bytes(
        f"Lefèvre;Maëlle;12/04/1995;;;;;;oui;{counselor.email}",
        "Dupont;Jean;1990-01-31;;;;;;non;",
    ).replace(b"R\xc3\xa9f\xc3\xa9rent\r\n", b"R\xc3\xa9f\xc3\xa9rent;Couleur\r\n")
    response = upload(client, content)
    record = PeopleImport.objects.get()
    assert response.status_code == 302 and record.status == "ready" and record.content
    page = client.get(response["Location"]).content.decode()
    assert "Importer 2 dossiers" in page and "Couleur" in page
    assert not Person.objects.filter(last_name="Lefèvre").exists()

    response = client.post(f"/personnes/import/{record.pk}/confirmer/", follow=True)
    assert "Aucun consentement n'a été enregistré" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "imported" and record.created_count == 2 and record.content is None
    # A second click (or another tab) finds the import finished.
    client.post(f"/personnes/import/{record.pk}/confirmer/")
    assert Person.objects.filter(last_name__in=["Lefèvre", "Dupont"]).count() == 2
    history = client.get("/personnes/import/").content.decode()
    assert "liste.csv" in history and "Marc Responsable" in history


def test_abandoned_and_stale_imports_lose_their_content(client, login, manager):
    login(client, manager)
    upload(client, csv_bytes("Dupont;Jean;1990-01-31;;;;;;;"))
    first = PeopleImport.objects.get()
    client.post(f"/personnes/import/{first.pk}/abandonner/")
    first.refresh_from_db()
    assert first.status == "abandoned" and first.content is None
    upload(client, csv_bytes("Durand;Léa;1991-01-31;;;;;;;"))
    stale = PeopleImport.objects.get(status="ready")
    PeopleImport.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=25))
    client.get("/personnes/import/")
    stale.refresh_from_db()
    assert stale.status == "abandoned" and stale.content is None
    assert client.post(f"/personnes/import/{stale.pk}/confirmer/").status_code == 302
    assert not Person.objects.filter(last_name__in=["Dupont", "Durand"]).exists()


def test_a_non_csv_upload_gets_a_french_message(client, login, manager):
    login(client, manager)
    response = upload(client, b"PK\x03\x04...", name="liste.xlsx")
    assert "Envoyez un fichier .csv" in response.content.decode()
    assert not PeopleImport.objects.exists()


@pytest.mark.parametrize(
    "persona", ["counselor", "reception", "employer_liaison", "structure_admin"]
)
def test_only_the_manager_may_import(client, login, cast, persona):
    login(client, cast[persona])
    assert client.get("/personnes/import/").status_code == 403
    assert client.get("/personnes/import/modele.csv").status_code == 403
    assert upload(client, csv_bytes("Dupont;Jean;1990-01-31;;;;;;;")).status_code == 403
    assert not PeopleImport.objects.exists()
    if persona in {"counselor", "reception"}:
        assert "Importer des dossiers" not in client.get("/personnes/").content.decode()


def test_another_structures_import_is_invisible(client, login, manager, structure_b):
    from tremplin.core.permissions import Role
    from tremplin.testing.factories import MembershipFactory, UserFactory

    other_manager = MembershipFactory(
        structure=structure_b, role=Role.MANAGER, user=UserFactory()
    ).user
    login(client, other_manager)
    upload(client, csv_bytes("Secret;Personne;1990-01-31;;;;;;;"), name="autre-structure.csv")
    theirs = PeopleImport.objects.get()
    client.logout()
    login(client, manager)
    assert client.get(f"/personnes/import/{theirs.pk}/").status_code == 404
    assert client.post(f"/personnes/import/{theirs.pk}/confirmer/").status_code == 404
    assert "autre-structure.csv" not in client.get("/personnes/import/").content.decode()
    theirs.refresh_from_db()
    assert theirs.status == "ready"


def test_the_template_downloads_as_csv(client, login, manager):
    login(client, manager)
    response = client.get("/personnes/import/modele.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(
        b"\xef\xbb\xbfNom;Pr\xc3\xa9nom;Nom de naissance;Date de naissance"
    )


# --- the management command ---------------------------------------------------------------


def test_the_command_checks_imports_and_fails_on_errors(tmp_path, manager, structure_a, capsys):
    good = tmp_path / "bonne.csv"
    good.write_bytes(csv_bytes("Dupont;Jean;1990-01-31;;;;;;;"))
    call_command(
        "import_people", str(good), structure=structure_a.pk, user=manager.email, dry_run=True
    )
    assert "Dossiers à créer : 1" in capsys.readouterr().out
    assert not Person.objects.filter(last_name="Dupont").exists()
    call_command("import_people", str(good), structure=structure_a.pk, user=manager.email)
    assert Person.objects.filter(last_name="Dupont").count() == 1
    assert PeopleImport.objects.get().created_count == 1

    bad = tmp_path / "mauvaise.csv"
    bad.write_bytes(csv_bytes("Durand;;1990-01-31;;;;;;;"))
    with pytest.raises(CommandError):
        call_command("import_people", str(bad), structure=structure_a.pk, user=manager.email)
    assert "ligne 2, colonne « Prénom » : Obligatoire." in capsys.readouterr().out


def test_the_command_needs_a_member_who_may_import(tmp_path, counselor, structure_a):
    good = tmp_path / "bonne.csv"
    good.write_bytes(csv_bytes("Dupont;Jean;1990-01-31;;;;;;;"))
    with pytest.raises(CommandError, match="droit d'importer"):
        call_command("import_people", str(good), structure=structure_a.pk, user=counselor.email)


def test_the_list_of_past_imports_takes_a_bounded_number_of_queries(
    client, login, manager, counselor, structure_a, django_assert_max_num_queries
):
    for user in [manager, counselor] * 10:
        PeopleImport.objects.create(
            structure=structure_a,
            created_by=user,
            file_name="liste.csv",
            sha256="0" * 64,
            size=10,
            status=PeopleImport.Status.IMPORTED,
        )
    login(client, manager)
    with django_assert_max_num_queries(12):
        response = client.get("/personnes/import/")
    assert response.content.decode().count("liste.csv") == 20


def test_an_imported_file_has_the_same_rows_as_one_created_on_the_form(
    structure_a, manager, counselor
):
    from datetime import date

    from tremplin.people import actions

    membership = membership_of(manager)
    content = csv_bytes(
        f"Lefèvre;Maëlle;12/04/1995;maelle@example.org;06 12 34 56 78;44000;Nantes;{VALID_NIR};oui;{counselor.email}"
    )
    imports.import_at_once(content=content, file_name="liste.csv", membership=membership)
    imported = Person.objects.get()
    by_hand = Person(
        last_name="Lefèvre",
        first_name="Maëlle",
        birth_date=date(1995, 4, 12),
        email="maelle@example.org",
        phone="06 12 34 56 78",
        postal_code="44000",
        commune_id="44109",
        is_rsa_beneficiary=True,
    )
    by_hand.set_nir(VALID_NIR)
    actions.create_person(person=by_hand, membership=membership, referent=counselor)
    by_hand.refresh_from_db()
    for field in Person._meta.concrete_fields:
        if field.attname not in {"id", "public_id", "created_at", "updated_at"}:
            assert getattr(imported, field.attname) == getattr(by_hand, field.attname), field
    assert imported.public_id != by_hand.public_id
    assert imported.history.get().history_type == by_hand.history.get().history_type == "+"
    assert imported.history.get().last_name == "Lefèvre"
    mine, theirs = Follow.objects.get(person=imported), Follow.objects.get(person=by_hand)
    for name in ("structure_id", "referent_id", "started_on", "ended_on", "end_reason"):
        assert getattr(mine, name) == getattr(theirs, name)
    assert mine.history.get().history_type == "+"
