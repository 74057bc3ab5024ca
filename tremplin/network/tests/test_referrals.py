"""The referral workflow: draft, consent and sending, the partner's answer, the outcome."""

import re
import subprocess
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from conftest import CANARY_HEALTH_NOTE, CANARY_LAST_NAME
from tremplin.audit.models import AccessLog
from tremplin.network import referrals as workflow
from tremplin.network.documents import liaison_blocks
from tremplin.network.models import (
    PartnerService,
    PartnerStructure,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent
from tremplin.referentials.models import Commune, Thematique

pytestmark = pytest.mark.django_db

PERMIS = "mobilite--preparer-un-permis"


@pytest.fixture
def membership(counselor):
    return counselor.memberships.get()


@pytest.fixture
def service(nantes):
    partner = PartnerStructure.objects.create(
        source="dora",
        source_id="dora--ae",
        name="Auto-école solidaire de Rezé",
        email="contact@ae-solidaire.test",
        commune=Commune.objects.get(pk="44143"),  # Rezé, next to Nantes
    )
    service = PartnerService.objects.create(
        structure=partner, source="dora", source_id="dora--ae-permis", name="Permis B accompagné"
    )
    service.thematiques.add(Thematique.objects.get(pk=PERMIS))
    service.save()  # the derived point comes from the structure's commune
    return service


def _sent(person, membership, service, sections=("identity",)):
    referral = workflow.create_draft(
        person=person,
        membership=membership,
        service=service,
        motive="Elle a besoin du permis pour un poste d'aide à domicile.",
    )
    return workflow.send(
        referral=referral,
        membership=membership,
        sections=list(sections),
        consent_channel=ConsentChannel.ORAL,
    )


def _link_path(referral):
    return "/orientation/reponse/" + workflow.answer_token(referral) + "/"


def test_sending_records_the_consent_and_mails_a_link_without_personal_data(
    person, membership, service, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = _sent(person, membership, service)
    assert referral.status == ReferralStatus.SENT
    consent = referral.consent
    assert consent.purpose == ConsentPurpose.SHARE_WITH_PARTNER
    assert consent.partner_directory == service.structure and consent.partner is None
    assert consent.sections == ["identity"] and consent.recorded_by == membership.user
    days = membership.structure.referral_answer_days
    assert referral.expires_at - referral.sent_at == timedelta(days=days)
    assert [e.status_to for e in referral.events.all()] == ["draft", "sent"]
    [message] = mail.outbox
    assert message.to == ["contact@ae-solidaire.test"]
    assert CANARY_LAST_NAME not in message.body and "Inès" not in message.body
    assert "Permis B accompagné" in message.subject
    link = re.search(r"https?://\S+/orientation/reponse/\S+/", message.body).group(0)
    assert workflow.referral_from_token(link.rstrip("/").rsplit("/", 1)[1]) == referral


def test_sending_without_any_section_changes_nothing(person, membership, service):
    referral = workflow.create_draft(
        person=person, membership=membership, service=service, motive="Permis."
    )
    with pytest.raises(Exception, match="au moins une partie"):
        workflow.send(referral=referral, membership=membership, sections=[], consent_channel="oral")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT
    assert not Consent.objects.filter(purpose=ConsentPurpose.SHARE_WITH_PARTNER).exists()


def test_the_partner_reads_only_what_was_consented_and_each_read_is_logged(
    client, person, membership, service
):
    referral = _sent(person, membership, service, sections=["identity"])
    response = client.get(_link_path(referral))
    body = response.content.decode()
    assert response.status_code == 200
    assert CANARY_LAST_NAME.upper() in body.upper()  # identity was shared
    assert "aide à domicile" in body
    assert CANARY_HEALTH_NOTE not in body
    assert "Situation administrative" not in body  # not shared
    assert response["Referrer-Policy"] == "same-origin"
    logs = AccessLog.objects.filter(person_id=person.pk, channel=AccessLog.Channel.LINK)
    assert {log.section for log in logs} == {"referrals", "identity"}
    assert all(log.user_id is None and service.structure.name in log.reason for log in logs)


def test_the_fiche_shows_mobility_and_licences_in_french(client, person, membership, service):
    person.mobility_means = ["public_transport", "walk"]
    person.driving_licences = ["B", "CACES"]
    person.save()
    referral = _sent(person, membership, service, sections=["identity"])
    page = client.get(_link_path(referral)).content.decode()
    pdf = client.get(_link_path(referral) + "fiche-de-liaison.pdf").content
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    for shown in (page, " ".join(text.split())):
        assert "Transports en commun, À pied" in shown and "public_transport" not in shown
        assert "B (voiture), CACES (un ou plusieurs)" in shown


def test_without_identity_the_fiche_names_no_one(person, membership, service):
    referral = _sent(person, membership, service, sections=["situation"])
    text = " ".join(
        str(getattr(b, "text", "")) + str(getattr(b, "rows", "")) for b in liaison_blocks(referral)
    )
    assert CANARY_LAST_NAME not in text and f"ORI-{referral.pk:06d}" in text
    assert "Bénéficiaire du RSA" in text


def test_the_partner_accepts_then_records_that_the_person_came(
    client, person, membership, service, counselor, django_capture_on_commit_callbacks
):
    referral = _sent(person, membership, service)
    path = _link_path(referral)
    when = (timezone.localtime() + timedelta(days=3)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path,
            {
                "decision": "accept",
                "appointment_at": when.strftime("%Y-%m-%dT%H:%M"),
                "comment": "Elle peut venir avec une pièce d'identité.",
                "by_name": "Marc Volant, moniteur",
            },
        )
    assert response.status_code == 200 and "Merci" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.answered_by_name == "Marc Volant, moniteur"
    assert referral.appointment_at == when
    assert mail.outbox[-1].to == [counselor.email]
    assert CANARY_LAST_NAME not in mail.outbox[-1].body

    # The same link now asks whether the person came.
    page = client.get(path).content.decode()
    assert page.count("La personne a-t-elle été reçue") == 1  # the question, not also a title
    client.post(path, {"came": "1", "note": "Inscrite au code.", "by_name": "Marc Volant"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DONE and referral.closed_at is not None
    assert client.get(path).status_code == 410


def test_a_service_name_in_guillemets_is_not_quoted_twice(
    client, person, membership, service, django_capture_on_commit_callbacks
):
    service.name = "Atelier « Louer son premier logement »"
    service.save()
    with django_capture_on_commit_callbacks(execute=True):
        referral = _sent(person, membership, service)
    inner = "« Atelier “Louer son premier logement” »"
    [message] = mail.outbox
    assert inner in message.subject and inner in message.body
    path = _link_path(referral)
    assert inner in client.get(path).content.decode()
    done = client.post(path, {"decision": "accept", "by_name": "Marc Volant, moniteur"})
    assert inner in done.content.decode() and "» »" not in done.content.decode()


def test_the_sender_reads_the_consent_and_the_outcome_question_once(
    client, login, person, membership, service, counselor
):
    referral = _sent(person, membership, service)
    link_page = client.get(_link_path(referral)).content.decode()
    assert not re.search(r"<h2[^>]*>Votre réponse", link_page)  # the field's label says it
    workflow.answer(
        referral=referral, accepted=True, by_name="Marc Volant", version=referral.version
    )
    login(client, counselor)
    page = client.get(f"/orientations/{referral.pk}/").content.decode()
    assert "accord accord" not in page.lower()
    assert (
        "Consentement recueilli le" in page and "accord oral, consigné par le professionnel" in page
    )
    assert page.count("La personne a-t-elle été reçue") == 1


def test_a_refusal_needs_a_reason_and_changes_nothing_without_it(
    client, person, membership, service
):
    referral = _sent(person, membership, service)
    response = client.post(_link_path(referral), {"decision": "refuse", "by_name": "Marc"})
    assert response.status_code == 200
    assert "Choisissez le motif du refus." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    client.post(
        _link_path(referral), {"decision": "refuse", "refusal_reason": "full", "by_name": "Marc"}
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFUSED and referral.refusal_reason == "full"


def test_tampered_resent_and_expired_links_stop_working(client, person, membership, service):
    referral = _sent(person, membership, service)
    token = workflow.answer_token(referral)
    assert client.get(f"/orientation/reponse/{token[:-2]}xx/").status_code == 410
    forged = signing.dumps({"r": referral.pk, "n": "guess"}, salt=workflow.LINK_SALT)
    assert client.get(f"/orientation/reponse/{forged}/").status_code == 410

    # Past the delay: the link is dead and the referral is marked « sans réponse ».
    later = referral.expires_at + timedelta(minutes=1)
    assert workflow.expire_overdue(now=later) == 1
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.EXPIRED
    assert client.get(f"/orientation/reponse/{token}/").status_code == 410

    # Sent again (relance): a new link; the old one stays dead.
    workflow.send(
        referral=referral, membership=membership, sections=["identity"], consent_channel="oral"
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert client.get(f"/orientation/reponse/{token}/").status_code == 410
    assert client.get(_link_path(referral)).status_code == 200
    assert ReferralEvent.objects.filter(referral=referral, note__contains="Relance").exists()


def test_a_stale_form_does_not_overwrite_a_newer_state(person, membership, service, counselor):
    referral = _sent(person, membership, service)
    stale_version = referral.version
    workflow.cancel(referral=referral, by=counselor, reason="La personne a trouvé un emploi.")
    with pytest.raises(Exception, match="modifiée par quelqu'un d'autre"):
        workflow.record_outcome(referral=referral, came=True, by=counselor, version=stale_version)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CANCELLED


def test_a_closed_referral_cannot_change_state(person, membership, service, counselor):
    referral = _sent(person, membership, service)
    workflow.cancel(referral=referral, by=counselor, reason="Erreur de service.")
    with pytest.raises(Exception, match="plus en attente"):
        workflow.answer(referral=referral, accepted=True, by_name="X")
    with pytest.raises(Exception, match="ne peut plus passer"):
        workflow.record_outcome(referral=referral, came=True, by=counselor)


def test_a_partner_on_tremplin_answers_in_its_space_and_reads_the_shared_identity(
    client, login, person, membership, service, structure_c, partner
):
    partner_structure = service.structure
    partner_structure.tremplin_structure = structure_c
    partner_structure.save()
    referral = _sent(person, membership, service)
    assert referral.consent.partner == structure_c
    # No answer link for a partner on Tremplin: it answers in its space.
    assert client.get(_link_path(referral)).status_code == 410
    login(client, partner)
    dashboard = client.get("/orientations/").content.decode()
    assert "Reçues de partenaires" in dashboard and "Permis B accompagné" in dashboard
    page = client.get(f"/orientations/{referral.pk}/")
    assert page.status_code == 200 and "Fiche de liaison" in page.content.decode()
    client.post(
        f"/orientations/{referral.pk}/",
        {"action": "answer", "decision": "accept", "version": referral.version},
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.answered_by == partner
    # The consent opens the identity of the file to the partner structure, nothing more.
    assert client.get(f"/personnes/{person.pk}/").status_code == 200
    assert client.get(f"/personnes/{person.pk}/sante/").status_code == 404


def test_counselor_creates_and_sends_from_the_file(client, login, person, counselor, service):
    login(client, counselor)
    url = f"/personnes/{person.pk}/orientations/nouvelle/?service={service.pk}"
    form = client.get(url)
    assert form.status_code == 200 and "contact@ae-solidaire.test" in form.content.decode()
    refused = client.post(url, {"motive": "Permis.", "action": "send", "sections": ["identity"]})
    assert "L&#x27;accord de la personne est nécessaire" in refused.content.decode()
    assert not Referral.objects.exists()
    response = client.post(
        url,
        {
            "motive": "Permis pour un poste d'aide à domicile.",
            "recipient_email": "marc@ae-solidaire.test",
            "action": "send",
            "sections": ["identity", "diagnosis"],
            "consent_channel": "screen",
            "confirm": "on",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{referral.pk}/")
    assert referral.status == ReferralStatus.SENT
    assert referral.recipient_email == "marc@ae-solidaire.test"
    assert sorted(referral.consent.sections) == ["diagnosis", "identity"]


def test_the_need_searched_in_the_directory_is_kept_on_the_referral(
    client, login, person, counselor, service
):
    """Without a diagnosis, the service's own needs can tag the referral."""
    login(client, counselor)
    url = f"/personnes/{person.pk}/orientations/nouvelle/?service={service.pk}"
    form = client.get(f"{url}&besoin={PERMIS}").context["form"]
    assert form["thematique"].value() == PERMIS
    assert PERMIS in dict(form.fields["thematique"].choices[1][1])
    assert client.get(f"{url}&besoin=sante--inconnu").context["form"]["thematique"].value() == ""
    client.post(
        f"{url}&besoin={PERMIS}", {"thematique": PERMIS, "motive": "Permis.", "action": "draft"}
    )
    assert Referral.objects.get().thematique_id == PERMIS


def test_the_file_suggests_the_nearest_services_for_the_diagnosis_needs(
    client, login, person, counselor, membership, service
):
    from datetime import date

    from tremplin.diagnosis import actions as diagnosis_actions

    far = PartnerStructure.objects.create(
        source="dora",
        source_id="dora--far",
        name="Auto-école de Strasbourg",
        commune=Commune.objects.get(pk="67482"),
    )
    far_service = PartnerService.objects.create(
        structure=far, source="dora", source_id="dora--far-s", name="Permis à Strasbourg"
    )
    far_service.thematiques.add(Thematique.objects.get(pk=PERMIS))
    far_service.save()
    diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=0,
        interview_date=date(2026, 11, 9),
        demand="Travailler dans l'aide à domicile.",
        synthesis="",
        domains={
            "mobilite": diagnosis_actions.DomainData(
                facts={}, situation="", strengths="", obstacles=[], needs=[PERMIS]
            )
        },
        editable={"mobilite"},
    )
    login(client, counselor)
    page = client.get(f"/personnes/{person.pk}/orientations/").content.decode()
    assert "Permis B accompagné" in page and "Permis à Strasbourg" not in page
    assert f"service={service.pk}" in page


def test_a_diagnosis_without_needs_says_so_rather_than_that_each_need_is_answered(
    client, login, person, counselor, membership
):
    from datetime import date

    from tremplin.diagnosis import actions as diagnosis_actions

    diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=0,
        interview_date=date(2026, 11, 9),
        demand="Trouver un emploi.",
        synthesis="",
        domains={
            "mobilite": diagnosis_actions.DomainData(
                facts={}, situation="", strengths="", obstacles=[], needs=[]
            )
        },
        editable={"mobilite"},
    )
    login(client, counselor)
    page = client.get(f"/personnes/{person.pk}/orientations/").content.decode()
    assert "Le diagnostic en vigueur ne relève aucun besoin" in page
    assert "Chaque besoin du diagnostic a déjà une orientation en cours" not in page


def test_the_queue_lists_what_waits_with_its_age(
    client, login, person, counselor, membership, service
):
    _sent(person, membership, service)
    login(client, counselor)
    page = client.get("/orientations/").content.decode()
    assert "En attente de réponse (1)" in page and "Permis B accompagné" in page


def test_the_daily_command_expires_overdue_referrals(person, membership, service):
    from io import StringIO

    from django.core.management import call_command

    referral = _sent(person, membership, service)
    Referral.objects.filter(pk=referral.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    out = StringIO()
    call_command("expire_referrals", stdout=out)
    assert "1 orientation passée « sans réponse »." in out.getvalue()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.EXPIRED
    assert referral.events.last().by_label == "Délai de réponse dépassé"


def test_a_withdrawn_consent_closes_the_link(client, person, membership, service, counselor):
    from tremplin.people.actions import withdraw_consent

    referral = _sent(person, membership, service)
    withdraw_consent(consent=referral.consent, by=counselor, channel="oral")
    assert client.get(_link_path(referral)).status_code == 410


def test_only_shareable_sections_can_be_sent(person, membership, service):
    referral = workflow.create_draft(
        person=person, membership=membership, service=service, motive="Permis."
    )
    with pytest.raises(Exception, match="ne peut pas être transmise"):
        workflow.send(
            referral=referral,
            membership=membership,
            sections=["identity", "access_log"],
            consent_channel="oral",
        )
    # The fiche de liaison carries no document: a partner reached by a link cannot get them.
    with pytest.raises(Exception, match="ne peut pas être transmise"):
        workflow.send(
            referral=referral,
            membership=membership,
            sections=["identity", "documents"],
            consent_channel="oral",
        )


def test_another_structure_cannot_cancel(person, membership, service, other_counselor):
    referral = _sent(person, membership, service)
    with pytest.raises(Exception, match="ne peut pas modifier"):
        workflow.cancel(referral=referral, by=other_counselor, reason="Non.")


def test_nothing_near_the_person_offers_the_structures_commune_and_shows_the_centre(
    client, login, person, counselor, membership, nantes
):
    from datetime import date

    from tremplin.diagnosis import actions as diagnosis_actions

    strasbourg = Commune.objects.get(pk="67482")
    structure = membership.structure
    structure.commune = strasbourg
    structure.postal_code = ""
    structure.save()
    far = PartnerStructure.objects.create(
        source="dora", source_id="dora--far", name="Auto-école de Strasbourg", commune=strasbourg
    )
    far_service = PartnerService.objects.create(
        structure=far, source="dora", source_id="dora--far-s", name="Permis à Strasbourg"
    )
    far_service.thematiques.add(Thematique.objects.get(pk=PERMIS))
    far_service.save()
    diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=0,
        interview_date=date(2026, 11, 9),
        demand="Passer le permis.",
        synthesis="",
        domains={
            "mobilite": diagnosis_actions.DomainData(
                facts={}, situation="", strengths="", obstacles=[], needs=[PERMIS]
            )
        },
        editable={"mobilite"},
    )
    login(client, counselor)
    page = client.get(f"/personnes/{person.pk}/orientations/").content.decode()
    assert "Permis à Strasbourg" not in page
    assert "Élargir la recherche à 50 km de Nantes" in page
    assert "chercher autour de la structure (Strasbourg)" in page
    create = f"/personnes/{person.pk}/orientations/nouvelle/"
    # « Élargir » keeps the person's commune as the centre, and shows it in the form.
    wider = client.get(create, {"thematique": PERMIS, "rayon": "50"})
    assert wider.context["search"]["commune"].value() == nantes.label
    assert wider.context["hits"] == []
    text = wider.content.decode()
    assert "À moins de 50 km de Nantes" in text
    assert "autour=structure" in text and "Chercher autour de la structure (Strasbourg)" in text
    # One click: around the structure, the service is found and the centre shown.
    around = client.get(create, {"thematique": PERMIS, "rayon": "30", "autour": "structure"})
    assert around.context["search"]["commune"].value() == strasbourg.label
    assert [hit.service for hit in around.context["hits"]] == [far_service]
    assert "À moins de 30 km de Strasbourg" in around.content.decode()
    assert "vérifiez que la commune de la personne est dans la zone" in around.content.decode()
    assert "vérifiez que la commune" not in text
    # The URL never carries the person's commune.
    assert nantes.code not in page.split("autour=structure")[0].rsplit("href=", 1)[-1]


SENSITIVE_MOTIVE = "Aïcha est enceinte et sort de prison avec un bracelet électronique."


def _send_data(motive, **extra):
    return {
        "motive": motive,
        "recipient_email": "marc@ae-solidaire.test",
        "action": "send",
        "sections": ["identity"],
        "consent_channel": "screen",
        "confirm": "on",
        **extra,
    }


def test_sensitive_details_in_the_motive_are_sent_only_once_confirmed(
    client, login, person, counselor, service
):
    login(client, counselor)
    url = f"/personnes/{person.pk}/orientations/nouvelle/?service={service.pk}"
    stopped = client.post(url, _send_data(SENSITIVE_MOTIVE))
    assert stopped.status_code == 200 and not Referral.objects.exists()
    page = stopped.content.decode()
    assert "le motif contient des informations sensibles" in page
    assert "« enceinte »" in page and "« prison »" in page
    assert "J&#x27;ai relu : la personne est d&#x27;accord" in page
    form = stopped.context["form"]
    assert form.errors["sensitive_confirmed"]
    digest = form["sensitive_reviewed"].value()
    assert digest and form["sensitive_confirmed"].value() is False

    # A new sensitive detail added after the confirmation asks again.
    more = client.post(
        url,
        _send_data(
            SENSITIVE_MOTIVE + " Elle suit un traitement psychiatrique.",
            sensitive_confirmed="on",
            sensitive_reviewed=digest,
        ),
    )
    assert more.status_code == 200 and not Referral.objects.exists()
    assert more.context["form"]["sensitive_confirmed"].value() is False

    sent = client.post(
        url, _send_data(SENSITIVE_MOTIVE, sensitive_confirmed="on", sensitive_reviewed=digest)
    )
    referral = Referral.objects.get()
    assert sent.status_code == 302 and referral.status == ReferralStatus.SENT
    note = referral.events.get(status_to=ReferralStatus.SENT).note
    assert note == (
        "Motif relu à l'envoi : la personne est d'accord pour que ces informations sensibles "
        "soient transmises (santé, justice)."
    )


def test_a_factual_motive_or_a_draft_goes_without_any_confirmation(
    client, login, person, counselor, service
):
    login(client, counselor)
    url = f"/personnes/{person.pk}/orientations/nouvelle/?service={service.pk}"
    factual = "Mme A. cherche un emploi d'aide à domicile et a besoin du permis B pour y aller."
    response = client.post(url, _send_data(factual))
    assert response.status_code == 302
    assert Referral.objects.get().events.get(status_to=ReferralStatus.SENT).note == ""
    draft = client.post(url, {"motive": SENSITIVE_MOTIVE, "action": "draft"})
    assert draft.status_code == 302 and Referral.objects.count() == 2


def test_a_draft_sent_later_asks_the_same_confirmation_for_sensitive_details(
    client, login, person, counselor, service
):
    login(client, counselor)
    url = f"/personnes/{person.pk}/orientations/nouvelle/?service={service.pk}"
    client.post(
        url,
        {
            "motive": SENSITIVE_MOTIVE,
            "recipient_email": "marc@ae-solidaire.test",
            "action": "draft",
        },
    )
    referral = Referral.objects.get()
    detail = f"/orientations/{referral.pk}/"
    send = {
        "action": "send",
        "version": referral.version,
        "sections": ["identity"],
        "consent_channel": "screen",
        "confirm": "on",
    }
    stopped = client.post(detail, send)
    referral.refresh_from_db()
    assert stopped.status_code == 200 and referral.status == ReferralStatus.DRAFT
    page = stopped.content.decode()
    assert "le motif contient des informations sensibles" in page
    assert "« enceinte »" in page and "« prison »" in page
    form = stopped.context["forms"]["send"]
    assert form.errors["sensitive_confirmed"]
    digest = form["sensitive_reviewed"].value()
    assert digest and form["sensitive_confirmed"].value() is False

    sent = client.post(detail, {**send, "sensitive_confirmed": "on", "sensitive_reviewed": digest})
    referral.refresh_from_db()
    assert sent.status_code == 302 and referral.status == ReferralStatus.SENT
    assert referral.events.get(status_to=ReferralStatus.SENT).note == (
        "Motif relu à l'envoi : la personne est d'accord pour que ces informations sensibles "
        "soient transmises (santé, justice)."
    )


# --- the person's agreement to share ends: the partner reads nothing more --------------------


@pytest.fixture
def tremplin_service(service, structure_c):
    """The service of a partner structure that uses Tremplin (structure C)."""
    service.structure.tremplin_structure = structure_c
    service.structure.save()
    return service


def _accepted_by_partner(person, membership, service, partner, sections=("identity", "health")):
    referral = _sent(person, membership, service, sections=sections)
    return workflow.answer(referral=referral, accepted=True, by=partner)


def _reads(person, user):
    return list(
        AccessLog.objects.filter(person_id=person.pk, user=user).values_list("section", flat=True)
    )


def test_after_withdrawal_the_receiver_sees_only_that_the_referral_exists(
    client, login, person, membership, tremplin_service, partner, counselor
):
    from tremplin.people.actions import withdraw_consent

    referral = _accepted_by_partner(person, membership, tremplin_service, partner)
    withdraw_consent(consent=referral.consent, by=counselor, channel=ConsentChannel.ORAL)
    login(client, partner)
    page = client.get(f"/orientations/{referral.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert CANARY_LAST_NAME not in text and CANARY_HEALTH_NOTE not in text
    assert referral.motive not in text
    assert (
        f"La personne a retiré son accord au partage le {timezone.localdate():%d/%m/%Y} : "
        "les informations partagées ne sont plus visibles." in text
    )
    assert "Acceptée" in text  # its status stays
    assert "fiche-de-liaison" not in text and "/pdf/" not in text
    assert "Suivre la personne dans notre structure" not in text
    for fmt in ("pdf", "docx"):
        assert client.get(f"/orientations/{referral.pk}/fiche-de-liaison.{fmt}").status_code == 404
    assert _reads(person, partner) == []


def test_after_withdrawal_the_receiver_cannot_take_the_person_in(
    client, login, person, membership, tremplin_service, partner, counselor
):
    from django.core.exceptions import ValidationError

    from tremplin.people.actions import withdraw_consent
    from tremplin.people.models import Follow

    referral = _accepted_by_partner(person, membership, tremplin_service, partner)
    withdraw_consent(consent=referral.consent, by=counselor, channel=ConsentChannel.ORAL)
    login(client, partner)
    response = client.post(f"/orientations/{referral.pk}/", {"action": "welcome"})
    assert response.status_code == 302
    assert not Follow.objects.filter(person=person, structure=partner.memberships.get().structure)
    with pytest.raises(ValidationError, match="retiré son accord au partage"):
        workflow.welcome(referral=referral, membership=partner.memberships.get())
    assert not Follow.objects.filter(person=person, structure=partner.memberships.get().structure)
    assert client.get(f"/personnes/{person.pk}/").status_code == 404


def test_an_expired_agreement_also_closes_the_shared_sections_and_the_welcome(
    client, login, person, membership, tremplin_service, partner
):
    referral = _accepted_by_partner(person, membership, tremplin_service, partner)
    Consent.objects.filter(pk=referral.consent_id).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    login(client, partner)
    text = client.get(f"/orientations/{referral.pk}/").content.decode()
    assert CANARY_LAST_NAME not in text
    assert "L'accord de la personne au partage a expiré le" in text
    assert "Suivre la personne dans notre structure" not in text
    assert client.get(f"/orientations/{referral.pk}/fiche-de-liaison.pdf").status_code == 404
    assert _reads(person, partner) == []


def test_the_sender_reads_that_the_person_withdrew_the_agreement(
    client, login, person, membership, tremplin_service, partner, counselor
):
    from tremplin.people.actions import withdraw_consent

    referral = _accepted_by_partner(person, membership, tremplin_service, partner)
    withdraw_consent(consent=referral.consent, by=counselor, channel=ConsentChannel.ORAL)
    login(client, counselor)
    text = client.get(f"/orientations/{referral.pk}/").content.decode()
    assert f"Accord retiré par la personne le {timezone.localdate():%d/%m/%Y}" in text


def test_one_page_view_logs_each_shared_section_once(
    client, login, person, membership, tremplin_service, partner
):
    referral = _sent(person, membership, tremplin_service, sections=("identity", "health"))
    login(client, partner)
    client.get(f"/orientations/{referral.pk}/")
    assert sorted(_reads(person, partner)) == ["health", "identity"]
    # Answering redirects to the page, shown once: one more line per section, not two.
    client.post(
        f"/orientations/{referral.pk}/",
        {"action": "answer", "decision": "accept", "version": referral.version},
        follow=True,
    )
    assert sorted(_reads(person, partner)) == ["health", "health", "identity", "identity"]


def test_the_link_logs_once_per_view_and_nothing_after_withdrawal(
    client, person, membership, service, counselor
):
    from tremplin.people.actions import withdraw_consent

    referral = _sent(person, membership, service, sections=("identity", "situation"))
    path = _link_path(referral)
    client.post(path, {"by_name": "Marc Volant", "decision": "accept"})
    logs = AccessLog.objects.filter(person_id=person.pk, channel=AccessLog.Channel.LINK)
    assert logs.count() == 0  # the confirmation shows nothing of the file
    client.get(path)
    assert sorted(logs.values_list("section", flat=True)) == ["identity", "referrals", "situation"]
    withdraw_consent(consent=referral.consent, by=counselor, channel=ConsentChannel.ORAL)
    assert client.get(path).status_code == 410
    assert client.get(path + "fiche-de-liaison.pdf").status_code == 410
    assert logs.count() == 3


def test_after_withdrawal_the_api_gives_the_partner_no_motive_and_logs_no_read(
    person, membership, tremplin_service, partner, counselor
):
    from django.test import Client

    from tremplin.accounts.models import ApiToken
    from tremplin.people.actions import withdraw_consent

    referral = _accepted_by_partner(person, membership, tremplin_service, partner)
    _token, key = ApiToken.issue(membership=partner.memberships.get(), name="test")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    before = api.get(f"/api/v1/orientations/{referral.pk}").json()
    assert before["motive"] == referral.motive
    withdraw_consent(consent=referral.consent, by=counselor, channel=ConsentChannel.ORAL)
    reads = len(_reads(person, partner))
    after = api.get(f"/api/v1/orientations/{referral.pk}")
    assert after.status_code == 200 and after.json()["motive"] == ""
    assert len(_reads(person, partner)) == reads
