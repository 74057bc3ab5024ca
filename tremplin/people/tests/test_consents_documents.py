"""Consent per purpose and partner; documents; merge; follow management."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from conftest import CANARY_HEALTH_NOTE, CANARY_LAST_NAME
from tremplin.audit.models import AccessLog
from tremplin.people import enums
from tremplin.people.models import Consent, Document, Follow, Person, PersonMerge
from tremplin.testing.factories import PersonFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def share(client, person, partner, sections):
    return client.post(
        f"/personnes/{person.pk}/consentements/",
        {
            "purpose": "share_partner",
            "partner": partner.pk,
            "sections": sections,
            "channel": "paper",
            "given_at": "2026-01-15T10:30",
        },
    )


class TestSharing:
    def test_partner_reads_only_the_shared_sections_and_cannot_change_anything(
        self, client, login, counselor, other_counselor, person, structure_b
    ):
        login(client, counselor)
        assert share(client, person, structure_b, ["identity"]).status_code == 302
        partner = login(Client(), other_counselor)
        response = partner.get(f"/personnes/{person.pk}/")
        assert response.status_code == 200
        assert CANARY_LAST_NAME.upper() in response.content.decode()
        assert "Dossier partagé avec votre structure" in response.content.decode()
        assert "Situation administrative et sociale" not in response.content.decode()
        assert partner.get(f"/personnes/{person.pk}/sante/").status_code == 404
        assert partner.get(f"/personnes/{person.pk}/modifier/").status_code == 404
        assert partner.post(f"/personnes/{person.pk}/documents/", {}).status_code == 404
        # The read is traced, with the partner's structure.
        assert AccessLog.objects.filter(
            person_id=person.pk, user=other_counselor, structure=structure_b
        ).exists()

    def test_health_is_shared_only_when_the_person_agreed(
        self, client, login, counselor, other_counselor, person, structure_b
    ):
        login(client, counselor)
        share(client, person, structure_b, ["identity", "health"])
        response = login(Client(), other_counselor).get(f"/personnes/{person.pk}/sante/")
        assert CANARY_HEALTH_NOTE in response.content.decode()

    def test_withdrawal_ends_the_partner_access_at_once(
        self, client, login, counselor, other_counselor, person, structure_b
    ):
        login(client, counselor)
        share(client, person, structure_b, ["identity", "situation"])
        consent = Consent.objects.get(purpose="share_partner")
        partner = login(Client(), other_counselor)
        assert partner.get(f"/personnes/{person.pk}/").status_code == 200
        response = client.post(
            f"/personnes/consentements/{consent.pk}/retrait/", {"channel": "oral"}
        )
        assert response.status_code == 302
        consent.refresh_from_db()
        assert consent.withdrawn_at is not None and consent.withdrawn_by == counselor
        assert partner.get(f"/personnes/{person.pk}/").status_code == 404
        # Nothing is deleted: the consent and its withdrawal stay in the file.
        page = client.get(f"/personnes/{person.pk}/consentements/").content.decode()
        assert "Retiré le" in page

    def test_employer_liaison_sees_only_people_who_agreed_to_be_proposed(
        self, client, login, counselor, employer_liaison, person
    ):
        liaison = login(Client(), employer_liaison)
        assert liaison.get(f"/personnes/{person.pk}/").status_code == 404
        login(client, counselor)
        client.post(
            f"/personnes/{person.pk}/consentements/",
            {"purpose": "employer_proposal", "channel": "screen", "given_at": "2026-01-15T10:30"},
        )
        response = liaison.get(f"/personnes/{person.pk}/")
        assert response.status_code == 200
        assert [t["key"] for t in response.context["tabs"]] == ["file"]

    @pytest.mark.parametrize(
        "data, field",
        [
            ({"purpose": "share_partner", "channel": "paper", "sections": ["identity"]}, "partner"),
            ({"purpose": "share_partner", "channel": "paper", "partner": "SELF"}, "partner"),
            ({"purpose": "share_partner", "channel": "paper", "partner": "B"}, "sections"),
            ({"purpose": "surveys", "channel": "paper", "partner": "B"}, "partner"),
            (
                {"purpose": "surveys", "channel": "paper", "given_at": "2099-01-01T10:00"},
                "given_at",
            ),
            ({"purpose": "surveys"}, "channel"),
        ],
    )
    def test_bad_consent_input_is_refused_and_nothing_saved(
        self, client, login, counselor, person, structure_a, structure_b, data, field
    ):
        data = {"given_at": "2026-01-15T10:30", **data}
        if data.get("partner") == "SELF":
            data["partner"] = structure_a.pk
        elif data.get("partner") == "B":
            data["partner"] = structure_b.pk
        login(client, counselor)
        response = client.post(f"/personnes/{person.pk}/consentements/", data)
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert not Consent.objects.exists()

    def test_a_signed_scan_is_attached_to_the_consent(self, client, login, counselor, person):
        login(client, counselor)
        response = client.post(
            f"/personnes/{person.pk}/consentements/",
            {
                "purpose": "surveys",
                "channel": "paper",
                "given_at": "2026-01-15T10:30",
                "scan": SimpleUploadedFile("accord.pdf", PDF),
            },
        )
        assert response.status_code == 302
        consent = Consent.objects.get()
        assert (
            consent.document.kind == "consent"
            and consent.document.content_type == "application/pdf"
        )


class TestDocuments:
    def upload(self, client, person, name, content, kind="cv"):
        return client.post(
            f"/personnes/{person.pk}/documents/",
            {"kind": kind, "title": "Pièce", "file": SimpleUploadedFile(name, content)},
        )

    def test_upload_and_download_with_an_access_log_row(self, client, login, counselor, person):
        login(client, counselor)
        assert self.upload(client, person, "cv.pdf", PDF).status_code == 302
        document = Document.objects.get()
        assert document.content_type == "application/pdf" and document.size == len(PDF)
        # Stored under a random name: nothing of the person or of the original file name.
        assert re.fullmatch(rf"people/{person.public_id}/[0-9a-f]{{32}}", document.file.name)
        response = client.get(f"/personnes/documents/{document.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert AccessLog.objects.filter(person_id=person.pk, section="documents").exists()

    @pytest.mark.parametrize(
        "name, content, message",
        [
            ("cv.exe", b"MZ\x90\x00binary", "Type de fichier non accepté"),
            ("cv.pdf", PNG, "extension du fichier ne correspond pas"),
            ("vide.pdf", b"", "vide"),
            ("faux.docx", b"PK\x03\x04not a zip", "Type de fichier non accepté"),
        ],
    )
    def test_bad_files_are_refused(self, client, login, counselor, person, name, content, message):
        login(client, counselor)
        response = self.upload(client, person, name, content)
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["file"])
        assert not Document.objects.exists()

    def test_too_big_files_are_refused(self, client, login, counselor, person, settings):
        settings.DOCUMENT_MAX_SIZE = 1000
        login(client, counselor)
        response = self.upload(client, person, "cv.pdf", PDF + b"0" * 2000)
        assert "dépasse la taille autorisée" in " ".join(response.context["form"].errors["file"])

    def test_a_real_docx_is_accepted(self, client, login, counselor, person):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        login(client, counselor)
        assert self.upload(client, person, "cv.docx", buffer.getvalue()).status_code == 302

    def test_medical_documents_are_hidden_from_colleagues(
        self, client, login, counselor, colleague, person
    ):
        login(client, counselor)
        self.upload(client, person, "certificat.pdf", PDF, kind="medical")
        document = Document.objects.get()
        assert document.sensitivity == "health"
        other = login(Client(), colleague)
        assert other.get(f"/personnes/documents/{document.pk}/").status_code == 404
        assert (
            "certificat.pdf" not in other.get(f"/personnes/{person.pk}/documents/").content.decode()
        )

    def test_removed_documents_are_hidden_but_kept(self, client, login, counselor, person):
        login(client, counselor)
        self.upload(client, person, "cv.pdf", PDF)
        document = Document.objects.get()
        assert client.post(f"/personnes/documents/{document.pk}/retirer/").status_code == 302
        document.refresh_from_db()
        assert document.deleted_at is not None and document.file.storage.exists(document.file.name)
        assert client.get(f"/personnes/documents/{document.pk}/").status_code == 404


class TestMerge:
    @pytest.fixture
    def twin(self, structure_a, person, counselor):
        twin = PersonFactory(
            last_name=person.last_name.lower(),
            first_name=person.first_name,
            birth_date=person.birth_date,
            phone="06 99 88 77 66",
            email="ines@example.org",
        )
        Follow.objects.create(person=twin, structure=structure_a, referent=None)
        Consent.objects.create(
            person=twin,
            structure=structure_a,
            purpose="surveys",
            channel="paper",
            recorded_by=counselor,
        )
        return twin

    def test_manager_merges_without_losing_anything(
        self, client, login, manager, person, twin, counselor
    ):
        login(client, manager)
        client.get(f"/personnes/{twin.pk}/")  # a read of the twin, to be kept in the log
        page = client.get(f"/personnes/{person.pk}/fusion/")
        assert twin in page.context["candidates"]
        response = client.post(
            f"/personnes/{person.pk}/fusion/{twin.pk}/", {"keep": "this", "confirm": "on"}
        )
        assert response.status_code == 302
        person.refresh_from_db()
        twin.refresh_from_db()
        assert twin.merged_into == person
        assert person.phone == "06 99 88 77 66" and person.email == "ines@example.org"  # filled in
        assert Consent.objects.filter(person=person, purpose="surveys").exists()
        follows = Follow.objects.filter(person=person)
        assert follows.filter(ended_on__isnull=True).count() == 1  # one active follow per structure
        assert follows.filter(end_reason="merged").count() == 1
        merge = PersonMerge.objects.get()
        assert (
            merge.snapshot["email"] == "ines@example.org"
            and "phone" in merge.snapshot["filled_fields"]
        )
        # The merged file disappears from lists; its reads show on the kept file.
        assert client.get(f"/personnes/{twin.pk}/").status_code == 404
        assert AccessLog.objects.for_person(person).filter(person_id=twin.pk).exists()

    def test_merge_needs_confirmation(self, client, login, manager, person, twin):
        login(client, manager)
        response = client.post(f"/personnes/{person.pk}/fusion/{twin.pk}/", {"keep": "this"})
        assert response.status_code == 200 and "confirm" in response.context["form"].errors
        assert not PersonMerge.objects.exists()

    def test_merge_refused_when_another_structure_follows_the_other_file(
        self, client, login, manager, person, twin, structure_b
    ):
        Follow.objects.create(person=twin, structure=structure_b)
        login(client, manager)
        response = client.post(
            f"/personnes/{person.pk}/fusion/{twin.pk}/", {"keep": "this", "confirm": "on"}
        )
        assert response.status_code == 200
        assert structure_b.name in " ".join(response.context["blockers"])
        assert Person.objects.get(pk=twin.pk).merged_into is None


class TestFollow:
    def test_change_referent_and_close_the_follow(
        self, client, login, counselor, colleague, person, structure_a
    ):
        follow = Follow.objects.get(person=person, structure=structure_a)
        login(client, counselor)
        page = client.get(f"/personnes/suivis/{follow.pk}/").content.decode()
        assert "Nouveau ou nouvelle référent·e" in page
        client.post(
            f"/personnes/suivis/{follow.pk}/", {"action": "referent", "referent": colleague.pk}
        )
        follow.refresh_from_db()
        assert follow.referent == colleague
        response = client.post(
            f"/personnes/suivis/{follow.pk}/",
            {"action": "end", "end_reason": "moved", "ended_on": timezone.localdate().isoformat()},
        )
        assert response.status_code == 302
        follow.refresh_from_db()
        assert (
            follow.ended_on == timezone.localdate()
            and follow.end_reason == enums.FollowEndReason.MOVED
        )

    def test_referent_must_belong_to_the_structure(
        self, client, login, counselor, other_counselor, person, structure_a
    ):
        follow = Follow.objects.get(person=person, structure=structure_a)
        login(client, counselor)
        response = client.post(
            f"/personnes/suivis/{follow.pk}/",
            {"action": "referent", "referent": other_counselor.pk},
        )
        assert "referent" in response.context["referent_form"].errors
        follow.refresh_from_db()
        assert follow.referent == counselor

    def test_end_date_before_start_is_refused(self, client, login, counselor, person, structure_a):
        follow = Follow.objects.get(person=person, structure=structure_a)
        login(client, counselor)
        response = client.post(
            f"/personnes/suivis/{follow.pk}/",
            {"action": "end", "end_reason": "moved", "ended_on": "2000-01-01"},
        )
        assert "ended_on" in response.context["end_form"].errors
        follow.refresh_from_db()
        assert follow.ended_on is None


def test_the_file_asks_for_the_agreement_to_be_accompanied_until_it_is_noted(
    client, login, counselor, person, structure_a
):
    login(client, counselor)
    banner = "Accord pour l'accompagnement non recueilli."
    page = client.get(f"/personnes/{person.pk}/").content.decode().replace("&#x27;", "'")
    assert (
        banner in page and f'href="/personnes/{person.pk}/consentements/">Noter son accord' in page
    )
    # Another purpose does not count.
    Consent.objects.create(
        person=person,
        structure=structure_a,
        purpose=enums.ConsentPurpose.SMS,
        channel=enums.ConsentChannel.ORAL,
        recorded_by=counselor,
    )
    page = client.get(f"/personnes/{person.pk}/").content.decode().replace("&#x27;", "'")
    assert banner in page
    consent = Consent.objects.create(
        person=person,
        structure=structure_a,
        purpose=enums.ConsentPurpose.ACCOMPANIMENT,
        channel=enums.ConsentChannel.ORAL,
        recorded_by=counselor,
    )
    page = client.get(f"/personnes/{person.pk}/").content.decode().replace("&#x27;", "'")
    assert banner not in page
    # Withdrawn: the file says when, and what to do.
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    page = client.get(f"/personnes/{person.pk}/").content.decode().replace("&#x27;", "'")
    page = re.sub(r"<[^>]+>", "", page)
    assert (
        "La personne a retiré son accord pour l'accompagnement le "
        f"{timezone.localdate():%d/%m/%Y}." in page
    )
    assert "mettez fin au suivi" in page and banner not in page
