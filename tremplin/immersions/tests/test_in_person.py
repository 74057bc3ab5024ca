"""Signing without a link: the person (or the tutor) signs on the counselor's screen during
an interview, or on paper with the scan kept; and the new convention prefilled from the file."""

import hashlib
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from tremplin.accounts.models import Membership
from tremplin.immersions import actions
from tremplin.immersions.documents import convention_hash
from tremplin.immersions.enums import ImmersionStatus, Party, SignatureChannel
from tremplin.immersions.models import ImmersionSignature, ImmutableError
from tremplin.immersions.tests.helpers import appellation, make_immersion
from tremplin.pathways.enums import Framework
from tremplin.pathways.models import Pathway
from tremplin.people.models import Document
from tremplin.workshops.tests.conftest import data_url, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(client, login, counselor, person, django_capture_on_commit_callbacks):
    """A convention sent in signature for a person without an e-mail address."""
    person.email = ""
    person.save()
    immersion = make_immersion(person=person, counselor=counselor)
    login(client, counselor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/immersions/{immersion.pk}/envoyer/", {"version": immersion.version}, follow=True
        )
    immersion.refresh_from_db()
    return immersion, response.content.decode()


def test_a_person_without_e_mail_can_be_sent_in_signature_the_tutor_gets_the_link(sent):
    immersion, page = sent
    assert immersion.status == ImmersionStatus.TO_SIGN
    assert [m.to[0] for m in mail.outbox] == ["tuteur@boulangerie.test"]
    assert "La personne n&#x27;a pas d&#x27;adresse e-mail" in page
    assert "Faire signer la personne (écran ou papier)" in page


def test_the_person_signs_on_screen_with_her_drawing_and_the_hash(client, sent):
    immersion, _page = sent
    url = f"/immersions/{immersion.pk}/signer/person/"
    form = client.get(url).content.decode()
    assert "Signé à l&#x27;écran pendant l&#x27;entretien" in form
    base = {
        "channel": "screen",
        "signer_name": "Inès Zwyrtkowska",
        "content_sha256": convention_hash(immersion),
    }
    refused = client.post(url, base).content.decode()
    assert "La personne coche la case pour signer la convention." in refused
    assert not ImmersionSignature.objects.exists()
    drawn = png(120, 40)
    response = client.post(url, {**base, "accept": "on", "drawing": data_url(drawn)})
    assert response.status_code == 302
    signature = ImmersionSignature.objects.get()
    assert signature.party == Party.PERSON and signature.channel == SignatureChannel.SCREEN
    assert signature.signer_name == "Inès Zwyrtkowska"
    assert signature.content_sha256 == convention_hash(immersion)
    assert signature.revision == immersion.revision
    assert signature.recorded_by is not None
    assert signature.drawing_sha256 == hashlib.sha256(drawn).hexdigest()
    page = client.get(f"/immersions/{immersion.pk}/").content.decode()
    assert "à l&#x27;écran pendant l&#x27;entretien (signature tracée)" in page
    assert "Faire signer la personne" not in page
    # Evidence never changes afterwards, and a second signature is refused.
    with pytest.raises(ImmutableError):
        signature.save()
    assert client.get(url).status_code == 200
    assert "une fois par partie" in client.get(url).content.decode()


def test_the_person_signs_on_paper_with_the_scan_kept_in_her_documents(client, sent, person):
    immersion, _page = sent
    url = f"/immersions/{immersion.pk}/signer/person/"
    base = {
        "channel": "paper",
        "signer_name": "Inès Zwyrtkowska",
        "content_sha256": convention_hash(immersion),
    }
    refused = client.post(url, base).content.decode()
    assert "Joignez le scan de la convention signée." in refused
    scan = SimpleUploadedFile("convention.pdf", b"%PDF-1.4\n% signed\n", "application/pdf")
    assert client.post(url, {**base, "scan": scan}).status_code == 302
    signature = ImmersionSignature.objects.get()
    assert signature.channel == SignatureChannel.PAPER
    assert signature.scan.person_id == person.pk
    assert Document.objects.filter(person=person, pk=signature.scan_id).exists()
    assert signature.content_sha256 == convention_hash(immersion)


def test_a_convention_changed_since_it_was_opened_is_not_signed(client, sent):
    immersion, _page = sent
    response = client.post(
        f"/immersions/{immersion.pk}/signer/person/",
        {"channel": "screen", "signer_name": "Inès", "accept": "on", "content_sha256": "0" * 64},
    )
    assert "La convention a changé depuis" in response.content.decode()
    assert not ImmersionSignature.objects.exists()


def test_three_signatures_without_any_link_make_the_convention_signed(counselor, sent):
    immersion, _page = sent
    membership = counselor.memberships.get()
    counselor.active_membership = membership
    scan = SimpleUploadedFile("convention.pdf", b"%PDF-1.4\n% signed\n", "application/pdf")
    actions.sign_in_person(
        immersion=immersion,
        membership=membership,
        party=Party.PERSON,
        channel=SignatureChannel.SCREEN,
        signer_name="Inès Zwyrtkowska",
        content_sha256=convention_hash(immersion),
    )
    immersion.refresh_from_db()
    actions.sign_in_person(
        immersion=immersion,
        membership=membership,
        party=Party.TUTOR,
        channel=SignatureChannel.PAPER,
        signer_name="Hervé Le Goff",
        content_sha256=convention_hash(immersion),
        scan=scan,
    )
    immersion.refresh_from_db()
    actions.sign_as_prescriber(
        immersion=immersion,
        membership=membership,
        signer_name=counselor.full_name,
        content_sha256=convention_hash(immersion),
    )
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.SIGNED
    validated = actions.validate(immersion=immersion, membership=membership)
    assert validated.status == ImmersionStatus.VALIDATED


def test_a_new_convention_starts_from_the_pathway_and_the_target_job(
    client, login, counselor, person
):
    from tremplin.pathways import actions as pathway_actions
    from tremplin.projects import actions as project_actions
    from tremplin.projects.models import TargetJob

    membership = Membership.objects.get(user=counselor)
    counselor.active_membership = membership
    pathway_actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.CEJ,
            started_on=date(2026, 1, 5),
            planned_end_on=date(2026, 12, 31),
            referent=counselor,
        ),
        membership=membership,
    )
    job = appellation()
    project_actions.add_target_job(
        target_job=TargetJob(person=person, appellation=job, decided_on=date(2026, 10, 1)),
        membership=membership,
    )
    login(client, counselor)
    form = client.get(f"/personnes/{person.pk}/immersions/nouvelle/").context["form"]
    assert form["beneficiary_status"].value() == "youth"
    assert form["appellation"].value() == job.display_with_code


def test_the_workplace_postal_code_is_checked_and_printed(client, login, counselor, person):
    from tremplin.immersions.documents import convention_blocks
    from tremplin.immersions.models import Immersion
    from tremplin.immersions.tests.helpers import form_data

    login(client, counselor)
    url = f"/personnes/{person.pk}/immersions/nouvelle/"
    refused = client.post(url, form_data(company_postal_code="75001")).content.decode()
    assert "Ce code postal ne correspond pas à la commune choisie" in refused
    assert not Immersion.objects.exists()
    client.post(url, form_data(company_postal_code="44000"))
    immersion = Immersion.objects.get()
    places = dict(convention_blocks(immersion)[5].rows)
    assert places["Lieu de l'immersion"] == "3 quai de la Fosse, 44000 Nantes"
    assert places["Tuteur ou tutrice"] == "Hervé Le Goff — Artisan boulanger"
    assert "Contact du tuteur ou de la tutrice" in places


def test_signatures_given_before_the_tutor_wording_still_count(counselor, person):
    from tremplin.immersions.documents import (
        content_hash,
        convention_content,
        signed_hashes,
        snapshot_of,
    )
    from tremplin.immersions.tests.helpers import signed_immersion

    immersion = signed_immersion(person=person, counselor=counselor)
    before = content_hash(snapshot_of(convention_content(immersion, before_tutor_wording=True)))
    assert before != convention_hash(immersion) and before in signed_hashes(immersion)
    # Evidence is never rewritten through the model: the test plays an older signature.
    ImmersionSignature.objects.filter(immersion=immersion).update(content_sha256=before)
    immersion.refresh_from_db()
    validated = actions.validate(immersion=immersion, membership=counselor.memberships.get())
    assert validated.status == ImmersionStatus.VALIDATED


def test_the_daily_hours_table_is_kept_on_one_page_in_the_pdf(counselor, person):
    from django.template.loader import render_to_string

    from tremplin.documents.rendering import typeset
    from tremplin.immersions.documents import convention_document, snapshot_of

    immersion = make_immersion(person=person, counselor=counselor)
    document = typeset(convention_document(immersion))
    html = render_to_string("documents/pdf.html", {"document": document})
    assert html.count('class="data keep"') == 1
    assert "table.keep { break-inside: avoid; page-break-inside: avoid; }" in html
    # The kept table is the same content as a table: nothing changes in what is signed.
    blocks = snapshot_of(convention_document(immersion))["blocks"]
    assert {"headers": ["Jour", "Heures de présence"], "kind": "table"}.items() <= next(
        b for b in blocks if b["kind"] == "table"
    ).items()
    assert "·rice" not in str(blocks)


def test_the_drawn_signature_is_printed_in_the_persons_box_of_the_convention(client, sent):
    import io
    import re
    import zipfile

    from tremplin.immersions.documents import convention_document

    immersion, _page = sent
    drawn = png(120, 40)
    client.post(
        f"/immersions/{immersion.pk}/signer/person/",
        {
            "channel": "screen",
            "signer_name": "Inès Zwyrtkowska",
            "content_sha256": convention_hash(immersion),
            "accept": "on",
            "drawing": data_url(drawn),
        },
    )
    immersion.refresh_from_db()
    (boxes,) = [b for b in convention_document(immersion).blocks if b.kind == "signed"]
    person_box, tutor_box, prescriber_box = boxes.boxes
    assert person_box.png == drawn
    assert person_box.signature == (
        "Signé par Inès Zwyrtkowska, à l'écran pendant l'entretien (signature tracée)."
    )
    assert tutor_box.png is None and tutor_box.signature == "Pas encore signé."
    assert prescriber_box.signature == "Pas encore signé."
    docx = client.get(f"/immersions/{immersion.pk}/convention.docx").content
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    (drawn_cell,) = [
        c for c in re.findall(r"<w:tc>.*?</w:tc>", xml, flags=re.S) if "<w:drawing>" in c
    ]
    assert "Inès Zwyrtkowska" in drawn_cell
    pdf = client.get(f"/immersions/{immersion.pk}/convention.pdf").content
    assert b"/Subtype /Image" in pdf
