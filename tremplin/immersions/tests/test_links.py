"""The signature links of the person and the tutor (no account)."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from conftest import CANARY_HEALTH_NOTE, CANARY_JUSTICE_NOTE
from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Section
from tremplin.immersions import actions
from tremplin.immersions.documents import convention_hash
from tremplin.immersions.enums import ImmersionStatus, Party
from tremplin.immersions.models import Immersion, ImmersionSignature
from tremplin.immersions.tests.helpers import form_data, make_immersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(person, counselor):
    person.email = "ines@exemple.test"
    person.save()
    immersion = make_immersion(person=person, counselor=counselor)
    return actions.send_for_signature(immersion=immersion, membership=counselor.memberships.get())


def _sign(client, token, name="Inès Zwyrtkowska"):
    page = client.get(f"/immersion/signature/{token}/")
    return client.post(
        f"/immersion/signature/{token}/",
        {
            "signer_name": name,
            "accept": "on",
            "content_sha256": page.context["form"].initial["content_sha256"],
        },
    )


def test_the_person_signs_once_and_the_link_then_stops_working(client, sent):
    token = actions.sign_token(sent, Party.PERSON)
    response = _sign(client, token)
    assert response.status_code == 200
    assert "la convention est signée" in response.content.decode()
    signature = ImmersionSignature.objects.get()
    assert signature.party == Party.PERSON and signature.signer_name == "Inès Zwyrtkowska"
    assert signature.content_sha256 == convention_hash(sent)
    assert signature.recorded_by is None
    reused = client.get(f"/immersion/signature/{token}/")
    assert reused.status_code == 410
    assert "plus valide" in reused.content.decode()
    client.post(
        f"/immersion/signature/{token}/",
        {"signer_name": "Quelqu'un", "accept": "on", "content_sha256": signature.content_sha256},
    )
    assert ImmersionSignature.objects.count() == 1


def test_the_signature_needs_the_name_and_the_tick(client, sent):
    token = actions.sign_token(sent, Party.TUTOR)
    response = client.post(
        f"/immersion/signature/{token}/",
        {"signer_name": "", "content_sha256": convention_hash(sent)},
    )
    errors = response.context["form"].errors
    assert errors["signer_name"] == ["Saisissez votre nom et votre prénom."]
    assert errors["accept"] == ["Cochez la case pour signer la convention."]
    assert ImmersionSignature.objects.count() == 0


def test_a_tampered_link_shows_a_french_page_and_changes_nothing(client, sent):
    token = actions.sign_token(sent, Party.PERSON)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(f"/immersion/signature/{tampered}/")
    assert response.status_code == 410
    assert "Ce lien de signature n'est plus valide" in response.content.decode().replace(
        "&#x27;", "'"
    )
    # A token signed with the right salt for a party that signs in Tremplin is refused too.
    forged = signing.dumps(
        {"i": sent.pk, "p": Party.PRESCRIBER, "r": sent.revision, "n": sent.link_nonce},
        salt=actions.LINK_SALT,
    )
    assert client.get(f"/immersion/signature/{forged}/").status_code == 410
    client.post(f"/immersion/signature/{tampered}/", {"signer_name": "X", "accept": "on"})
    assert ImmersionSignature.objects.count() == 0


def test_an_expired_link_is_refused(client, sent):
    token = actions.sign_token(sent, Party.PERSON)
    Immersion.objects.filter(pk=sent.pk).update(
        links_expire_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(f"/immersion/signature/{token}/").status_code == 410
    assert ImmersionSignature.objects.count() == 0


def test_a_changed_convention_voids_the_signatures_and_the_links(client, login, counselor, sent):
    person_token = actions.sign_token(sent, Party.PERSON)
    tutor_token = actions.sign_token(sent, Party.TUTOR)
    anonymous = Client()
    _sign(anonymous, person_token)
    sent.refresh_from_db()
    assert sent.signature_of(Party.PERSON) is not None
    login(client, counselor)
    page = client.get(f"/immersions/{sent.pk}/modifier/")
    form = page.context["form"]
    client.post(
        f"/immersions/{sent.pk}/modifier/",
        form_data(
            tasks="Façonner et cuire ; tenir la caisse.",
            version=form["version"].value(),
            loaded_state=form["loaded_state"].value(),
        ),
    )
    sent.refresh_from_db()
    assert sent.tasks == "Façonner et cuire ; tenir la caisse."
    assert sent.status == ImmersionStatus.DRAFT and sent.revision == 2
    assert sent.current_signatures() == []
    # The first signature stays recorded, for its revision only.
    assert ImmersionSignature.objects.get().revision == 1
    assert anonymous.get(f"/immersion/signature/{tutor_token}/").status_code == 410
    # Sent again, new links; the new content needs the person's signature again.
    sent = actions.send_for_signature(immersion=sent, membership=counselor.memberships.get())
    response = _sign(anonymous, actions.sign_token(sent, Party.PERSON))
    assert response.status_code == 200
    assert ImmersionSignature.objects.filter(revision=2).count() == 1


def test_a_signature_of_content_that_changed_meanwhile_is_refused(client, sent):
    token = actions.sign_token(sent, Party.PERSON)
    response = client.post(
        f"/immersion/signature/{token}/",
        {"signer_name": "Inès", "accept": "on", "content_sha256": "0" * 64},
    )
    assert "relisez-la avant de signer" in response.content.decode()
    assert ImmersionSignature.objects.count() == 0


def test_the_link_shows_only_the_convention_and_its_reads_are_logged(client, sent, person):
    token = actions.sign_token(sent, Party.TUTOR)
    before = AccessLog.objects.filter(channel=AccessLog.Channel.LINK).count()
    body = client.get(f"/immersion/signature/{token}/").content.decode()
    assert "Boulangerie du Port" in body and person.first_name in body
    assert CANARY_HEALTH_NOTE not in body and CANARY_JUSTICE_NOTE not in body
    assert person.email not in body  # the person's contact details are not the tutor's business
    pdf = client.get(f"/immersion/signature/{token}/convention.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Referrer-Policy"] == "same-origin"
    logs = AccessLog.objects.filter(channel=AccessLog.Channel.LINK).order_by("pk")[before:]
    assert len(logs) == 2
    assert all(log.section == Section.IMMERSION and log.user is None for log in logs)
    assert logs[0].reason.startswith("Lien de signature d'immersion")


def test_saving_the_form_unchanged_keeps_the_signatures(client, login, counselor, sent):
    anonymous = Client()
    _sign(anonymous, actions.sign_token(sent, Party.PERSON))
    login(client, counselor)
    page = client.get(f"/immersions/{sent.pk}/modifier/")
    form = page.context["form"]
    data = {f.name: f.value() for f in form if f.value() is not None}
    data["company_commune"] = "Nantes (44109)"
    data["appellation"] = sent.appellation.display_with_code
    data.pop("needs_medical_surveillance", None)
    response = client.post(f"/immersions/{sent.pk}/modifier/", data)
    assert response.status_code == 302, response.context["form"].errors
    sent.refresh_from_db()
    assert sent.status == ImmersionStatus.TO_SIGN and sent.revision == 1
    assert sent.version == int(form["version"].value()) + 1  # saved indeed
    assert sent.signature_of(Party.PERSON) is not None
    assert (
        anonymous.get(f"/immersion/signature/{actions.sign_token(sent, Party.TUTOR)}/").status_code
        == 200
    )


def test_the_person_link_refuses_another_name(client, sent):
    token = actions.sign_token(sent, Party.PERSON)
    response = _sign(client, token, name="Mickey Mouse")
    content = response.content.decode()
    assert "n&#x27;est pas celui de la personne en immersion : Inès ZWYRTKOWSKA" in content
    assert not ImmersionSignature.objects.exists()
    # Accents, case and order do not matter.
    _sign(client, token, name="zwyrtkowska ines")
    assert ImmersionSignature.objects.get().signer_name == "zwyrtkowska ines"


def test_the_tutor_link_refuses_another_name_than_the_tutor_s(client, sent):
    token = actions.sign_token(sent, Party.TUTOR)
    response = _sign(client, token, name="Inès Zwyrtkowska")
    assert "tuteur ou de la tutrice désigné·e sur la convention : Hervé Le Goff" in (
        response.content.decode()
    )
    assert not ImmersionSignature.objects.exists()
    _sign(client, token, name="LE GOFF Herve")
    assert ImmersionSignature.objects.get().party == Party.TUTOR


def test_in_person_signature_checks_the_name_before_keeping_the_scan(counselor, sent):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="personne en immersion"):
        actions.sign_in_person(
            immersion=sent,
            membership=counselor.memberships.get(),
            party=Party.PERSON,
            channel="screen",
            signer_name="Mickey Mouse",
            content_sha256=convention_hash(sent),
        )
    assert not ImmersionSignature.objects.exists()
