"""The export of a person's data (art. 15 and 20 RGPD) on the richest file the tests build:
the authorization matrix's world, where structure A holds one row of nearly every kind.

Structure B follows the same person too, with its own document, consent and reads: none of
it may reach structure A's archive.
"""

import io
import json
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from test_authorization_matrix import world  # noqa: F401  (the fixture)

from conftest import CANARY_HEALTH_NOTE, CANARY_JUSTICE_NOTE, CANARY_LAST_NAME
from tremplin.accounts.models import Membership
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Section
from tremplin.dataexport.actions import READ_REASON
from tremplin.dataexport.builder import section_of
from tremplin.dataexport.models import AccessRequest
from tremplin.people import actions, enums
from tremplin.people.models import Consent, Follow
from tremplin.privacy.inventory import holders


@pytest.fixture
def rich(request):
    """The matrix's world: one row of nearly every kind in structure A's file."""
    return request.getfixturevalue("world")


B_DOCUMENT = b"%PDF-1.4\n% Bilan de la structure B, a ne jamais exporter pour A\n"


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "synthese.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _structure_b_too(person, structure_b, other_counselor):
    """Structure B follows the person as well, and holds its own things about them."""
    Follow.objects.create(person=person, structure=structure_b, referent=other_counselor)
    membership = Membership.objects.get(user=other_counselor, structure=structure_b)
    actions.add_document(
        person=person,
        membership=membership,
        uploaded=SimpleUploadedFile("bilan-b.pdf", B_DOCUMENT, content_type="application/pdf"),
        kind=enums.DocumentKind.CV,
        title="Bilan B",
    )
    Consent.objects.create(
        person=person,
        structure=structure_b,
        purpose=enums.ConsentPurpose.SURVEYS,
        channel=enums.ConsentChannel.PAPER,
        recorded_by=other_counselor,
    )
    other_counselor.active_membership = membership
    log_read(user=other_counselor, person=person, section=Section.IDENTITY)


def test_the_archive_holds_every_row_of_the_structure_and_nothing_of_another(
    rich, login, manager, structure_a, structure_b, other_counselor, tmp_path
):
    person = rich["person"]
    _structure_b_too(person, structure_b, other_counselor)
    client = login(Client(), manager)
    assert client.get(f"/personnes/{person.pk}/").status_code == 200  # a read in structure A
    url = f"/personnes/{person.pk}/donnees/{rich['access_request_id']}/archive/"
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert CANARY_LAST_NAME not in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"LISEZMOI.txt", "donnees.json", "synthese.pdf"} <= names
    data = json.loads(archive.read("donnees.json"))

    # Every holder with rows of structure A for this person is there, with all its rows.
    parts = {part["modele"]: part for part in data["parties"]}
    expected = {}
    for holder in holders():
        count = holder.rows_of([person.pk]).filter(**{holder.structure_lookup: structure_a}).count()
        if count:
            expected[holder.label] = count
    assert {label: len(parts[label]["lignes"]) for label in parts} == expected
    assert len(expected) >= 35, sorted(expected)
    for label in (
        "people.Follow",
        "people.Consent",
        "people.Document",
        "diagnosis.DiagnosisVersion",
        "pathways.Interview",
        "employment.CheckIn",
        "workshops.Signature",
        "rights.RightsEstimate",
        "immersions.Immersion",
        "projects.TargetJobHealth",
        "dataexport.AccessRequest",
    ):
        assert label in parts, label
    assert parts["projects.TargetJobHealth"]["partie_du_dossier"]["code"] == "health"

    # Fields by name, with their French label and the label of a choice.
    follow = parts["people.Follow"]["lignes"][0]["champs"]
    assert follow["referent"] == {"libelle": "référent·e", "valeur": "Alice Conseil"}
    assert (
        follow["started_on"]["valeur"]
        == person.follows.get(structure=structure_a).started_on.isoformat()
    )
    consent = next(
        row["champs"]
        for row in parts["people.Consent"]["lignes"]
        if row["champs"]["purpose"]["valeur"] == enums.ConsentPurpose.SURVEYS
    )
    assert consent["purpose"]["libelle_valeur"] == enums.ConsentPurpose.SURVEYS.label
    assert "T" in consent["given_at"]["valeur"]  # ISO 8601 date and time
    identity = data["identite"]
    assert identity["last_name"]["valeur"] == CANARY_LAST_NAME
    assert identity["commune"]["valeur"] == {"code": "44109", "libelle": "Nantes"}
    assert identity["health_notes"]["valeur"] == CANARY_HEALTH_NOTE
    assert identity["justice_notes"]["valeur"] == CANARY_JUSTICE_NOTE

    # The document's exact bytes; the other structure's document is not there.
    document_path = parts["people.Document"]["lignes"][0]["fichier"]
    assert document_path.startswith("documents/")
    assert archive.read(document_path) == b"%PDF-1.4\n% CV\n"
    everything = b"".join(archive.read(name) for name in names)
    assert B_DOCUMENT not in everything

    text = archive.read("donnees.json").decode()
    assert structure_b.name not in text
    assert "Bilan B" not in text
    assert "Bob Ailleurs" not in text  # structure B's counselor: no row, no read
    assert "nir_hash" not in text and "link_nonce" not in text and '"nonce"' not in text

    # The reads of the file in structure A only.
    readers = {r["qui"] for r in data["consultations"]}
    assert "Marc Responsable" in readers and "Bob Ailleurs" not in readers

    # A real PDF, in French, with the person's name and no trace of structure B.
    pdf = archive.read("synthese.pdf")
    assert pdf.startswith(b"%PDF")
    pdf_text = _pdf_text(pdf, tmp_path)
    assert CANARY_LAST_NAME in pdf_text
    assert "Vos données personnelles" in pdf_text
    assert "Qui a consulté votre dossier" in pdf_text
    assert structure_b.name not in pdf_text

    # Every part exported is logged as read by the manager, health and justice included.
    logged = set(
        AccessLog.objects.filter(person_id=person.pk, user=manager, reason=READ_REASON).values_list(
            "section", flat=True
        )
    )
    assert {section_of(h) for h in holders() if h.label in expected} <= logged
    assert {Section.HEALTH, Section.JUSTICE, Section.ACCESS_LOG} <= logged
    # The register keeps the archive's fingerprint.
    access_request = AccessRequest.objects.get(pk=rich["access_request_id"])
    assert access_request.archive_size == len(response.content)
    import hashlib

    assert access_request.archive_sha256 == hashlib.sha256(response.content).hexdigest()


def test_the_other_structure_exports_only_its_own(rich, login, structure_b, other_counselor):
    from tremplin.dataexport.builder import build_archive

    person = rich["person"]
    _structure_b_too(person, structure_b, other_counselor)
    archive = zipfile.ZipFile(io.BytesIO(build_archive(person, structure_b).content))
    data = json.loads(archive.read("donnees.json"))
    assert {p["modele"] for p in data["parties"]} == {
        "people.Follow",
        "people.Consent",
        "people.Document",
    }
    parts = {p["modele"]: p for p in data["parties"]}
    document = parts["people.Document"]["lignes"][0]
    assert archive.read(document["fichier"]) == B_DOCUMENT
    assert [r["qui"] for r in data["consultations"]] == ["Bob Ailleurs"]


def test_the_space_download_leaves_health_justice_and_third_parties_out(rich, structure_a):
    from tremplin.dataexport.actions import SPACE_EXCLUDED
    from tremplin.dataexport.builder import as_json, collect
    from tremplin.diagnosis.models import DiagnosisVersion, DomainAssessment, UrgencyCheck

    person = rich["person"]
    version = DiagnosisVersion.objects.filter(
        diagnosis__person=person, diagnosis__structure=structure_a
    ).first()
    DomainAssessment.objects.create(version=version, domain="sante", situation=CANARY_HEALTH_NOTE)
    DomainAssessment.objects.create(
        version=version, domain="justice", situation=CANARY_JUSTICE_NOTE
    )
    assert UrgencyCheck.objects.filter(person=person, structure=structure_a).exists()
    # A suspension of the PASS IAE whose detail tells of an illness.
    from datetime import date

    from tremplin.pathways.models import IaeApproval, IaeSuspension, Pathway

    approval = IaeApproval.objects.create(
        pathway=Pathway.objects.filter(person=person, structure=structure_a).first(),
        number="999992612345",
        starts_on=date(2026, 1, 5),
        ends_on=date(2028, 1, 4),
        delivered_by="France Travail",
        delivered_on=date(2026, 1, 2),
        recorded_by=rich["cast"]["counselor"],
    )
    IaeSuspension.objects.create(
        approval=approval,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 20),
        reason="sick_leave",
        detail=CANARY_HEALTH_NOTE,
        recorded_by=rich["cast"]["counselor"],
    )

    full = json.dumps(as_json(collect(person, structure_a)), ensure_ascii=False)
    assert CANARY_HEALTH_NOTE in full and CANARY_JUSTICE_NOTE in full  # the manager's copy

    export = collect(person, structure_a, exclude=SPACE_EXCLUDED)
    text = json.dumps(as_json(export), ensure_ascii=False)
    assert CANARY_HEALTH_NOTE not in text and CANARY_JUSTICE_NOTE not in text
    labels = {part.holder.label for part in export.parts}
    assert labels.isdisjoint({"diagnosis.UrgencyCheck", "diagnosis.Alert", "people.PersonMerge"})
    assert not export.sections & SPACE_EXCLUDED
