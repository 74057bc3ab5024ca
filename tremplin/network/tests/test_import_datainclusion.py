"""Import of data·inclusion exports: validated first, reported by row, atomic, idempotent."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from tremplin.network.importer import import_datainclusion
from tremplin.network.models import PartnerService, PartnerStructure

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def structure(**extra) -> dict:
    return {
        "source": "exemple",
        "id": "exemple--s1",
        "nom": "Association Le Relais",
        "date_maj": "2025-06-01",
        "code_insee": "44184",
        **extra,
    }


def service(**extra) -> dict:
    return {
        "source": "exemple",
        "structure_id": "exemple--s1",
        "id": "exemple--sv1",
        "nom": "Permanence logement",
        "description": "Aide pour trouver un logement.",
        "date_maj": "2025-06-01",
        "thematiques": ["logement-hebergement--louer-un-logement"],
        **extra,
    }


def as_file(payload) -> bytes:
    return json.dumps(payload).encode()


def snapshot():
    return (
        list(PartnerStructure.objects.order_by("pk").values_list("pk", "updated_at", "name")),
        list(PartnerService.objects.order_by("pk").values_list("pk", "updated_at", "name")),
        list(
            PartnerService.thematiques.through.objects.order_by("pk").values_list(
                "pk", "partnerservice_id", "thematique_id"
            )
        ),
    )


def test_the_json_sample_imports_structures_services_communes_and_thematiques(db):
    report = import_datainclusion(sample("datainclusion-exemple.json"), "exemple.json")
    assert report.ok and report.written
    assert (report.structures_created, report.services_created) == (2, 3)
    workshop = PartnerService.objects.get(source_id="exemple--mde-pornichet--atelier-cv")
    assert workshop.structure.name == "Maison de l'emploi de Pornichet"
    assert workshop.structure.commune.name == "Pornichet"
    assert set(workshop.thematiques.values_list("code", flat=True)) == {
        "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
        "trouver-un-emploi--repondre-a-des-offres-demploi",
    }
    # Its place is the structure's coordinates; the bike loan falls back on its commune.
    assert workshop.point_latitude == pytest.approx(47.2619)
    bikes = PartnerService.objects.get(source_id="exemple--velo-guerande--pret")
    assert bikes.commune_id == "44069" and bikes.point_latitude == pytest.approx(47.33, abs=0.01)
    assert PartnerService.objects.get(source_id="exemple--mde-pornichet--visio").remote


def test_importing_the_same_file_again_changes_nothing(db):
    content = sample("datainclusion-exemple.json")
    import_datainclusion(content, "exemple.json")
    before = snapshot()
    report = import_datainclusion(content, "exemple.json")
    assert report.ok
    assert (report.structures_unchanged, report.services_unchanged) == (2, 3)
    assert (report.structures_created, report.structures_updated) == (0, 0)
    assert (report.services_created, report.services_updated) == (0, 0)
    assert snapshot() == before


def test_a_newer_file_updates_fields_and_thematiques(db):
    import_datainclusion(as_file({"structures": [structure()], "services": [service()]}), "a.json")
    changed = service(
        nom="Permanence logement et hébergement",
        thematiques=["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    )
    report = import_datainclusion(
        as_file({"structures": [structure()], "services": [changed]}), "a.json"
    )
    assert (report.services_updated, report.structures_unchanged) == (1, 1)
    updated = PartnerService.objects.get(source_id="exemple--sv1")
    assert updated.name == "Permanence logement et hébergement"
    assert list(updated.thematiques.values_list("code", flat=True)) == [
        "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"
    ]
    assert "hebergement" in updated.search_key


def test_csv_files_import_structures_then_services_with_lists(db):
    first = import_datainclusion(sample("datainclusion-exemple-structures.csv"), "s.csv")
    second = import_datainclusion(sample("datainclusion-exemple-services.csv"), "sv.csv")
    assert first.structures_created == 2 and second.services_created == 3
    groceries = PartnerService.objects.get(source_id="exemple--epicerie-donges--courses")
    assert groceries.publics == ["beneficiaires-des-minimas-sociaux", "familles"]
    assert groceries.thematiques.count() == 2
    violence = PartnerService.objects.get(source_id="exemple--cidff--violences")
    assert violence.reception_modes == ["a-distance", "en-presentiel"] and violence.remote
    assert PartnerStructure.objects.get(source_id="exemple--cidff-estuaire").networks == ["cidff"]


def test_bad_rows_are_all_reported_in_french_and_nothing_is_written(db):
    payload = {
        "structures": [structure(), structure(id="exemple--s2", nom="AB", courriel="pas-un-mail")],
        "services": [
            service(),
            service(id="exemple--sv2", thematiques=["logement--inconnu"], date_maj="2025-13-01"),
            service(id="exemple--sv3", structure_id="exemple--absente"),
        ],
    }
    report = import_datainclusion(as_file(payload), "bad.json")
    assert not report.ok and not report.written
    assert PartnerStructure.objects.count() == 0 and PartnerService.objects.count() == 0
    messages = [str(e) for e in report.errors]
    assert report.error_count == 3
    assert messages[0].startswith("structures, élément 2 :")
    assert "« nom » doit compter au moins 3 caractères" in messages[0]
    assert "« courriel » : adresse e-mail invalide" in messages[0]
    assert messages[1].startswith("services, élément 2 :")
    assert "« logement--inconnu » inconnue du référentiel data·inclusion" in messages[1]
    assert "date invalide" in messages[1]
    assert messages[2].startswith("services, élément 3 :")
    assert (
        "la structure « exemple--absente » n'est ni dans le fichier ni dans l'annuaire"
        in (messages[2])
    )
    assert "rien n'a été enregistré" in report.summary()


def test_a_bad_csv_row_is_reported_with_its_line_number(db):
    content = (
        b"source,id,nom,date_maj\n"
        b"exemple,exemple--a,Association A,2025-01-01\n"
        b"exemple,exemple--b,Association B,pas une date\n"
        b"exemple,exemple--c,,2025-01-01\n"
    )
    report = import_datainclusion(content, "structures.csv")
    assert [e.where for e in report.errors] == ["ligne 3", "ligne 4"]
    assert "« nom » est obligatoire" in report.errors[1].message
    assert PartnerStructure.objects.count() == 0


def test_duplicates_manual_source_and_unreadable_files_are_refused(db):
    payload = [structure(), structure(), structure(id="tremplin--x", source="tremplin")]
    report = import_datainclusion(as_file(payload), "dup.json")
    assert "identifiant « exemple--s1 » en double (déjà à élément 1)" in str(report.errors[0])
    assert "réservée aux fiches saisies dans Tremplin" in str(report.errors[1])
    assert "pas un JSON valide" in str(import_datainclusion(b"[{", "x.json").errors[0])
    assert "UTF-8" in str(import_datainclusion("nom;id\né".encode("latin-1"), "x.csv").errors[0])
    assert PartnerStructure.objects.count() == 0


def test_an_unknown_insee_code_keeps_the_commune_name_given(db):
    report = import_datainclusion(
        as_file([structure(code_insee="99999", commune="Ailleurs")]), "x.json"
    )
    assert report.ok and report.unknown_communes == 1
    partner = PartnerStructure.objects.get()
    assert partner.commune is None and partner.place_label == "Ailleurs"


def test_dry_run_validates_without_writing(db):
    report = import_datainclusion(sample("datainclusion-exemple.json"), "x.json", dry_run=True)
    assert report.ok and not report.written and report.services_created == 3
    assert PartnerService.objects.count() == 0


def test_the_command_prints_a_french_summary_or_the_errors(db, tmp_path):
    out = StringIO()
    call_command("import_datainclusion", str(SAMPLES / "datainclusion-exemple.json"), stdout=out)
    assert "Import réussi : structures — 2 ajoutée(s)" in out.getvalue()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([structure(nom="X")]))
    err = StringIO()
    with pytest.raises(CommandError, match="Import refusé : 1 ligne en erreur"):
        call_command("import_datainclusion", str(bad), stderr=err)
    assert "élément 1 : « nom » doit compter au moins 3 caractères" in err.getvalue()


def test_the_upload_page_imports_for_directory_managers_only(counselor, reception, login):
    upload = SimpleUploadedFile("exemple.json", sample("datainclusion-exemple.json"))
    response = login(Client(), counselor).post(
        "/partenaires/importer/", {"file": upload}, follow=True
    )
    assert "Import réussi" in response.content.decode()
    assert PartnerService.objects.count() == 3
    assert login(Client(), reception).get("/partenaires/importer/").status_code == 403


def test_the_upload_page_lists_the_errors_and_writes_nothing(counselor, login):
    upload = SimpleUploadedFile("bad.json", as_file([structure(), structure(nom="X")]))
    response = login(Client(), counselor).post("/partenaires/importer/", {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "élément 2 : « nom » doit compter au moins 3 caractères" in body
    assert PartnerStructure.objects.count() == 0
    wrong = SimpleUploadedFile("liste.xlsx", b"PK")
    response = login(Client(), counselor).post("/partenaires/importer/", {"file": wrong})
    assert "Envoyez un fichier .json ou .csv." in response.content.decode()


def test_a_complete_export_withdraws_what_its_sources_no_longer_have(db):
    other_source = {
        "structures": [structure(source="autre", id="autre--s9", nom="Autre réseau")],
        "services": [],
    }
    import_datainclusion(as_file(other_source), "autre.json")
    both = {
        "structures": [structure(), structure(id="exemple--s2", nom="Épicerie solidaire")],
        "services": [
            service(),
            service(id="exemple--sv2", structure_id="exemple--s2", nom="Colis alimentaires"),
        ],
    }
    import_datainclusion(as_file(both), "a.json")
    newer = {"structures": [structure()], "services": [service()]}
    # A partial export withdraws nothing.
    partial = import_datainclusion(as_file(newer), "a.json")
    assert (partial.structures_withdrawn, partial.services_withdrawn) == (0, 0)
    assert PartnerService.objects.filter(is_active=True).count() == 2
    # The dry run of a complete one says what would go, and changes nothing.
    checked = import_datainclusion(as_file(newer), "a.json", dry_run=True, complete=True)
    assert (checked.structures_withdrawn, checked.services_withdrawn) == (1, 1)
    assert PartnerService.objects.filter(is_active=True).count() == 2
    report = import_datainclusion(as_file(newer), "a.json", complete=True)
    assert "retirés de l'annuaire : 1 structure(s), 1 service(s)" in report.summary()
    gone = PartnerService.objects.get(source_id="exemple--sv2")
    assert not gone.is_active and not gone.structure.is_active
    # Another source, absent from the file, is left alone; the rows are kept, never deleted.
    assert PartnerStructure.objects.get(source_id="autre--s9").is_active
    assert PartnerService.objects.count() == 2
    # Back in a later export, the service is active again.
    import_datainclusion(as_file(both), "a.json", complete=True)
    assert PartnerService.objects.get(source_id="exemple--sv2").is_active


def test_impossible_or_lone_coordinates_are_line_errors_and_nothing_is_written(db):
    payload = {
        "structures": [structure(latitude=47.2, longitude=-2.2)],
        "services": [
            service(latitude=147.2, longitude=-400),
            service(id="exemple--sv2", latitude=47.2),
            service(id="exemple--sv3", latitude=47.2, longitude=-2.2),
        ],
    }
    report = import_datainclusion(as_file(payload), "coords.json")
    assert not report.ok and not report.written
    assert PartnerStructure.objects.count() == 0 and PartnerService.objects.count() == 0
    assert [e.where for e in report.errors] == ["services, élément 1", "services, élément 2"]
    assert report.errors[0].message == (
        "« latitude » : « 147,2 » hors des limites (entre −90 et 90) ; "
        "« longitude » : « −400 » hors des limites (entre −180 et 180)"
    )
    assert report.errors[1].message == (
        "« latitude » est donnée sans « longitude » : indiquez les deux coordonnées ou aucune"
    )
    # The bounds themselves are valid.
    edges = [
        structure(latitude=-90, longitude=180),
        structure(id="exemple--s2", latitude=90, longitude=-180),
    ]
    assert import_datainclusion(as_file(edges), "edges.json").ok


def test_json_syntax_errors_are_said_in_french_without_the_english_message(db):
    message = str(import_datainclusion(b'{"structures": [{"nom": }]}', "x.json").errors[0])
    assert message == (
        "fichier : Le fichier n'est pas un JSON valide (ligne 1, colonne 25) : "
        "une valeur est attendue."
    )
    for content in (b'[{"nom" "x"}]', b"[{nom: 1}]", b'[{"a": 1} {"b": 2}]', b'[{"a": "x\\q"}]'):
        text = str(import_datainclusion(content, "x.json").errors[0])
        assert "pas un JSON valide" in text
        assert "Expecting" not in text and "Invalid" not in text and "delimiter" not in text


def test_list_values_are_shown_in_french_quotes_and_frais_takes_a_single_value(db):
    # data·inclusion schema v1: « frais » is one value (gratuit or payant), not a list.
    payload = [
        service(frais=["gratuit"]),
        service(id="exemple--sv2", frais="offert"),
        service(id="exemple--sv3", frais="gratuit", lien_source=["a", "b"]),
    ]
    report = import_datainclusion(as_file([structure(), *payload]), "x.json")
    messages = [e.message for e in report.errors]
    assert messages[0] == "« frais » : une seule valeur est attendue, pas une liste (« gratuit »)"
    assert messages[1] == "« frais » : valeur « offert » inconnue du référentiel data·inclusion"
    assert "[" not in messages[2] and "'" not in messages[2]
    assert PartnerService.objects.count() == 0
