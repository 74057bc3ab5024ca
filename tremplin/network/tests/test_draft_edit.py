# ruff: noqa: F811 (the fixtures imported from test_referrals are named as arguments)
"""A referral not yet sent can be corrected from its page: its motive, its address."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tremplin.network import referrals as workflow
from tremplin.network.models import ReferralStatus
from tremplin.network.tests.test_referrals import (  # noqa: F401 (fixtures)
    membership,
    service,
)

pytestmark = pytest.mark.django_db


def _draft(person, membership, service, motive):
    return workflow.create_draft(
        person=person, membership=membership, service=service, motive=motive
    )


def test_the_sender_corrects_the_motive_of_a_draft_then_sends_it_without_the_detail(
    client, login, person, membership, service, counselor
):
    referral = _draft(
        person, membership, service, "Elle est enceinte ; elle a besoin du permis pour travailler."
    )
    login(client, counselor)
    page = client.get(f"/orientations/{referral.pk}/").content.decode()
    assert "Modifier le motif avant l'envoi" in page

    empty = client.post(
        f"/orientations/{referral.pk}/",
        {"action": "edit", "motive": "  ", "version": referral.version},
    )
    assert "Écrivez le motif de l&#x27;orientation." in empty.content.decode()
    referral.refresh_from_db()
    assert "enceinte" in referral.motive

    response = client.post(
        f"/orientations/{referral.pk}/",
        {
            "action": "edit",
            "motive": "Elle a besoin du permis pour travailler en horaires décalés.",
            "recipient_email": "permis@ae-solidaire.test",
            "version": referral.version,
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.motive == "Elle a besoin du permis pour travailler en horaires décalés."
    assert referral.recipient_email == "permis@ae-solidaire.test"
    # Sent now: no sensitive detail left, no confirmation asked.
    sent = client.post(
        f"/orientations/{referral.pk}/",
        {
            "action": "send",
            "sections": ["identity"],
            "consent_channel": "oral",
            "confirm": "on",
            "version": referral.version,
        },
    )
    assert sent.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_sent_referral_no_longer_changes_and_a_stale_edit_is_refused(
    person, membership, service, counselor, other_counselor
):
    referral = _draft(person, membership, service, "Besoin du permis B.")
    stale = referral.version
    workflow.edit_draft(referral=referral, by=counselor, motive="Besoin du permis B, urgent.")
    with pytest.raises(ValidationError, match="modifiée par quelqu'un d'autre"):
        workflow.edit_draft(referral=referral, by=counselor, motive="Autre.", version=stale)
    with pytest.raises(ValidationError, match="ne peut pas modifier"):
        workflow.edit_draft(referral=referral, by=other_counselor, motive="Autre.")
    workflow.send(
        referral=referral, membership=membership, sections=["identity"], consent_channel="oral"
    )
    with pytest.raises(ValidationError, match="ne se modifie plus"):
        workflow.edit_draft(referral=referral, by=counselor, motive="Autre.")
    referral.refresh_from_db()
    assert referral.motive == "Besoin du permis B, urgent."


def test_the_edit_form_is_for_the_sender_only(
    client, login, person, membership, service, other_counselor
):
    referral = _draft(person, membership, service, "Besoin du permis B.")
    response = login(Client(), other_counselor).post(
        f"/orientations/{referral.pk}/", {"action": "edit", "motive": "Pirate."}
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.motive == "Besoin du permis B."
