# ruff: noqa: F811 (the fixtures imported from test_referrals are named as arguments)
"""Taking a referred person in (« Suivre la personne ») opens what the person agreed to,
not the sending structure's whole file."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import CANARY_HEALTH_NOTE, CANARY_JUSTICE_NOTE, CANARY_LAST_NAME, _member
from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Role, Section
from tremplin.network import referrals as workflow
from tremplin.network.tests.test_referrals import (  # noqa: F401 (fixtures)
    _sent,
    membership,
    service,
    tremplin_service,
)
from tremplin.people import actions
from tremplin.people.enums import ConsentChannel, ConsentPurpose, DocumentKind
from tremplin.people.models import Consent, Follow

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _accepted(person, membership, service, partner, sections):
    referral = _sent(person, membership, service, sections=sections)
    return workflow.answer(referral=referral, accepted=True, by=partner)


def _page(client, path):
    response = client.get(path)
    return response.status_code, response.content.decode()


def test_the_welcome_asks_the_persons_agreement_and_opens_what_she_chose(
    client, login, person, membership, tremplin_service, partner, structure_c
):
    referral = _accepted(person, membership, tremplin_service, partner, ("identity", "health"))
    login(client, partner)
    page = client.get(f"/orientations/{referral.pk}/").content.decode()
    assert "Ce que la personne accepte de vous ouvrir de son dossier commun" in page
    # What she agreed to share for the referral is ticked beforehand, nothing else.
    boxes = {
        value: "checked" in tag
        for tag, value in re.findall(
            r'(<input[^>]*name="opened_sections" value="(\w+)"[^>]*>)', page
        )
    }
    assert boxes == {"situation": False, "health": True, "justice": False}

    refused = client.post(f"/orientations/{referral.pk}/", {"action": "welcome"})
    assert refused.status_code == 200
    assert "Indiquez comment la personne a accepté d&#x27;être accompagnée chez vous." in (
        refused.content.decode()
    )
    assert not Follow.objects.filter(structure=structure_c).exists()

    response = client.post(
        f"/orientations/{referral.pk}/",
        {
            "action": "welcome",
            "accompaniment_channel": ConsentChannel.PAPER,
            "opened_sections": ["situation"],
        },
    )
    assert response.status_code == 302
    follow = Follow.objects.get(structure=structure_c, person=person)
    assert follow.opened_sections == ["situation"] and follow.referent == partner
    assert Consent.objects.active().get(
        person=person, structure=structure_c, purpose=ConsentPurpose.ACCOMPANIMENT
    ).channel == (ConsentChannel.PAPER)

    status, text = _page(client, f"/personnes/{person.pk}/")
    assert status == 200 and CANARY_LAST_NAME.upper() in text
    assert "Bénéficiaire du RSA" in text or "RSA" in text  # the situation she opened
    assert CANARY_HEALTH_NOTE not in text
    # Health and justice stay closed to the receiving référent, even by the edit form.
    assert client.get(f"/personnes/{person.pk}/sante/").status_code == 404
    assert client.get(f"/personnes/{person.pk}/justice/").status_code == 404
    assert client.get(f"/personnes/{person.pk}/modifier/sante/").status_code == 404
    status, text = _page(client, f"/personnes/{person.pk}/modifier/")
    assert status == 200 and 'name="is_rsa_beneficiary"' in text
    assert CANARY_HEALTH_NOTE not in text and CANARY_JUSTICE_NOTE not in text


def test_without_a_choice_the_welcome_opens_what_the_referral_shared(
    client, login, person, membership, tremplin_service, partner, structure_c
):
    referral = _accepted(person, membership, tremplin_service, partner, ("identity", "health"))
    workflow.welcome(referral=referral, membership=partner.memberships.get())
    follow = Follow.objects.get(structure=structure_c, person=person)
    assert follow.opened_sections == ["health"]
    login(client, partner)
    status, text = _page(client, f"/personnes/{person.pk}/sante/")
    assert status == 200 and CANARY_HEALTH_NOTE in text
    assert client.get(f"/personnes/{person.pk}/justice/").status_code == 404
    # The situation was not shared: its fields are not in the file's page.
    status, text = _page(client, f"/personnes/{person.pk}/modifier/")
    assert status == 200 and 'name="is_rsa_beneficiary"' not in text


def test_the_opening_structure_keeps_the_whole_file(
    client, login, person, membership, tremplin_service, partner, counselor
):
    referral = _accepted(person, membership, tremplin_service, partner, ("identity",))
    workflow.welcome(referral=referral, membership=partner.memberships.get())
    login(client, counselor)
    status, text = _page(client, f"/personnes/{person.pk}/sante/")
    assert status == 200 and CANARY_HEALTH_NOTE in text
    assert client.get(f"/personnes/{person.pk}/justice/").status_code == 200


def _document(person, user, title):
    return actions.add_document(
        person=person,
        membership=user.memberships.get(),
        uploaded=SimpleUploadedFile(f"{title}.pdf", PDF, content_type="application/pdf"),
        kind=DocumentKind.CV,
        title=title,
    )


def test_each_structure_sees_its_own_documents_and_those_shared_with_it(
    client, login, person, membership, tremplin_service, partner, counselor
):
    referral = _accepted(person, membership, tremplin_service, partner, ("identity",))
    workflow.welcome(referral=referral, membership=partner.memberships.get())
    theirs = _document(person, counselor, "CV rédigé à la Mission Locale")
    ours = _document(person, partner, "CV refait au chantier")

    partner_client = login(Client(), partner)
    status, text = _page(partner_client, f"/personnes/{person.pk}/documents/")
    assert status == 200 and ours.title in text and theirs.title not in text
    assert partner_client.get(f"/personnes/documents/{theirs.pk}/").status_code == 404
    assert partner_client.get(f"/personnes/documents/{ours.pk}/").status_code == 200

    # Nor does the sending structure read the receiving one's documents.
    sender = login(Client(), counselor)
    status, text = _page(sender, f"/personnes/{person.pk}/documents/")
    assert theirs.title in text and ours.title not in text
    assert sender.get(f"/personnes/documents/{ours.pk}/").status_code == 404

    # The person agrees that the Mission Locale share its documents: they open to the chantier.
    Consent.objects.create(
        person=person,
        structure=counselor.memberships.get().structure,
        purpose=ConsentPurpose.SHARE_WITH_PARTNER,
        partner=partner.memberships.get().structure,
        sections=[Section.IDENTITY.value, Section.DOCUMENTS.value],
        channel=ConsentChannel.ORAL,
        recorded_by=counselor,
    )
    status, text = _page(partner_client, f"/personnes/{person.pk}/documents/")
    assert theirs.title in text and ours.title in text
    assert partner_client.get(f"/personnes/documents/{theirs.pk}/").status_code == 200


def test_consents_to_third_structures_and_others_reads_stay_with_their_structure(
    client,
    login,
    person,
    membership,
    tremplin_service,
    partner,
    counselor,
    structure_b,
    structure_c,
    manager,
):
    referral = _accepted(person, membership, tremplin_service, partner, ("identity",))
    workflow.welcome(
        referral=referral,
        membership=partner.memberships.get(),
        accompaniment_channel=ConsentChannel.SCREEN,
    )
    # The Mission Locale shares the file with a third structure, B.
    third = Consent.objects.create(
        person=person,
        structure=counselor.memberships.get().structure,
        purpose=ConsentPurpose.SHARE_WITH_PARTNER,
        partner=structure_b,
        sections=[Section.IDENTITY.value],
        channel=ConsentChannel.ORAL,
        recorded_by=counselor,
    )
    AccessLog.objects.create(
        user=counselor,
        structure=counselor.memberships.get().structure,
        person_id=person.pk,
        section=Section.JUSTICE,
        reason="Accès exceptionnel : vérification de la mesure",
    )

    partner_client = login(Client(), partner)
    status, text = _page(partner_client, f"/personnes/{person.pk}/consentements/")
    assert status == 200
    assert structure_b.name not in text  # the consent to B is the Mission Locale's affair
    assert "Accompagnement par la structure" in text  # its own, recorded at the welcome
    assert "Partage d&#x27;informations avec un partenaire" in text  # the one to itself
    assert partner_client.get(f"/personnes/consentements/{third.pk}/retrait/").status_code == 404
    status, text = _page(partner_client, f"/personnes/{person.pk}/historique/")
    assert structure_b.name not in text

    # The chantier's log (its manager reads it) shows its own reads, not the Mission Locale's.
    partner_manager = login(Client(), _member(structure_c, Role.MANAGER, last_name="Dirigeante"))
    status, text = _page(partner_manager, f"/personnes/{person.pk}/consultations/")
    assert status == 200 and "Paula Partenaire" in text and "Alice Conseil" not in text
    assert "vérification de la mesure" not in text
    # And the other way round.
    sender = login(Client(), manager)
    status, text = _page(sender, f"/personnes/{person.pk}/consultations/")
    assert status == 200 and "Alice Conseil" in text and "Paula Partenaire" not in text
    assert AccessLog.objects.filter(person_id=person.pk, user=partner).exists()


def test_the_receiving_structure_opens_more_only_with_the_persons_agreement(
    client, login, person, membership, tremplin_service, partner, structure_c
):
    referral = _accepted(person, membership, tremplin_service, partner, ("identity",))
    workflow.welcome(referral=referral, membership=partner.memberships.get())
    follow = Follow.objects.get(structure=structure_c, person=person)
    assert follow.opened_sections == []
    partner_manager = login(Client(), _member(structure_c, Role.MANAGER, last_name="Dirigeante"))
    detail = partner_manager.get(f"/personnes/{person.pk}/").content.decode()
    assert "parties du dossier commun ouvertes : identité." in detail

    refused = partner_manager.post(
        f"/personnes/suivis/{follow.pk}/", {"action": "opened", "opened_sections": ["situation"]}
    )
    assert refused.status_code == 200
    assert "demande l&#x27;accord de la personne" in refused.content.decode()
    follow.refresh_from_db()
    assert follow.opened_sections == []

    partner_manager.post(
        f"/personnes/suivis/{follow.pk}/",
        {
            "action": "opened",
            "opened_sections": ["situation", "justice"],
            "agreement_channel": "oral",
        },
    )
    follow.refresh_from_db()
    assert follow.opened_sections == ["situation", "justice"]
    assert "Accord oral" in follow.history.first().history_change_reason
    status, text = _page(partner_manager, f"/personnes/{person.pk}/justice/")
    assert status == 200 and CANARY_JUSTICE_NOTE in text

    # Closing needs nothing.
    partner_manager.post(
        f"/personnes/suivis/{follow.pk}/", {"action": "opened", "opened_sections": ["situation"]}
    )
    follow.refresh_from_db()
    assert follow.opened_sections == ["situation"]
    assert partner_manager.get(f"/personnes/{person.pk}/justice/").status_code == 404


def test_the_opening_structure_has_no_such_choice(client, login, person, manager):
    follow = Follow.objects.get(person=person)
    page = login(client, manager).get(f"/personnes/suivis/{follow.pk}/").content.decode()
    assert "Dossier commun" not in page
    with pytest.raises(ValidationError, match="ouvert en entier"):
        actions.change_opened_sections(follow=follow, sections=[], by=manager)


def test_the_migration_gates_the_follows_that_came_after_another_structures(
    person, counselor, structure_c, partner
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("tremplin.people.migrations.0010_follow_opened_sections")
    Consent.objects.create(
        person=person,
        structure=counselor.memberships.get().structure,
        purpose=ConsentPurpose.SHARE_WITH_PARTNER,
        partner=structure_c,
        sections=[Section.IDENTITY.value, Section.HEALTH.value],
        channel=ConsentChannel.ORAL,
        recorded_by=counselor,
    )
    later = Follow.objects.create(person=person, structure=structure_c, referent=partner)
    migration.gate_later_follows(apps, None)
    later.refresh_from_db()
    assert later.opened_sections == ["health"]
    assert (
        Follow.objects.get(
            person=person, structure=counselor.memberships.get().structure
        ).opened_sections
        is None
    )


def test_the_caseload_does_not_read_a_situation_the_person_did_not_open(
    client, login, person, membership, tremplin_service, partner, structure_c, counselor
):
    referral = _accepted(person, membership, tremplin_service, partner, ("identity",))
    workflow.welcome(referral=referral, membership=partner.memberships.get())
    login(client, partner)
    page = client.get("/personnes/").content.decode()
    assert CANARY_LAST_NAME.upper() in page
    assert "Situation non ouverte à votre structure" in page
    assert (
        'sensitivity-social">RSA<' not in page
    )  # she is on the RSA, but did not open her situation
    # Filtering by the RSA would tell it just as well: she is not in the filtered list.
    assert CANARY_LAST_NAME.upper() not in client.get("/personnes/?rsa=1").content.decode()

    # Once she opens it, the structure reads it.
    follow = Follow.objects.get(structure=structure_c, person=person)
    actions.change_opened_sections(
        follow=follow, sections=["situation"], by=partner, channel=ConsentChannel.ORAL
    )
    assert CANARY_LAST_NAME.upper() in client.get("/personnes/?rsa=1").content.decode()
    assert 'sensitivity-social">RSA<' in client.get("/personnes/").content.decode()
    # The structure that opened the file always did.
    sender = login(Client(), counselor)
    assert CANARY_LAST_NAME.upper() in sender.get("/personnes/?rsa=1").content.decode()


def test_a_file_shared_without_its_situation_shows_no_situation_in_the_list(
    client, login, person, membership, tremplin_service, partner
):
    _sent(person, membership, tremplin_service, sections=("identity",))
    login(client, partner)
    page = client.get("/personnes/?perimetre=partages").content.decode()
    assert CANARY_LAST_NAME.upper() in page and 'sensitivity-social">RSA<' not in page
    filtered = client.get("/personnes/?perimetre=partages&rsa=1").content.decode()
    assert CANARY_LAST_NAME.upper() not in filtered


def test_a_diagnosis_shared_for_the_referral_stays_readable_once_the_person_is_taken_in(
    client, login, person, membership, tremplin_service, partner
):
    from django.utils import timezone

    from tremplin.diagnosis import actions as diagnosis_actions

    version = diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=0,
        interview_date=timezone.localdate(),
        demand="Trouver un emploi en extérieur.",
        synthesis="Synthèse de la Mission Locale : projet clair, mobilité à travailler.",
        domains={},
        editable=set(),
    )
    referral = _accepted(person, membership, tremplin_service, partner, ("identity", "diagnosis"))
    workflow.welcome(referral=referral, membership=partner.memberships.get())
    login(client, partner)
    status, text = _page(client, f"/personnes/{person.pk}/diagnostic/")
    assert status == 200 and "Diagnostic partagé par Mission Locale Test A" in text
    status, text = _page(client, f"/diagnostics/versions/{version.pk}/")
    assert status == 200 and "projet clair, mobilité à travailler" in text
