"""The 6-month survey: sent automatically, once, only with consent; answered once through a
signed link that expires, or by phone."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from tremplin.agenda.sms import MemorySmsBackend
from tremplin.fse import actions
from tremplin.fse.models import Survey
from tremplin.fse.tests.conftest import six_months_ago
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.TREMPLIN_SMS_BACKEND = "tremplin.agenda.sms.MemorySmsBackend"
    MemorySmsBackend.outbox = []
    return MemorySmsBackend.outbox


def _send(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return actions.send_surveys(**kwargs)


def _link(message_body: str) -> str:
    return re.search(r"http://\S+/enquete/\S+/", message_body).group(0)


def test_the_survey_leaves_once_by_email_to_a_consenting_person(
    make_exited, django_capture_on_commit_callbacks
):
    pathway = make_exited()
    counts = _send(django_capture_on_commit_callbacks)
    assert counts["sent"] == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["personne@example.org"]
    assert "six mois" in message.body.lower()
    # The message names neither the person nor what happened in the pathway.
    assert pathway.person.last_name not in message.body
    assert pathway.person.last_name not in message.subject
    survey = Survey.objects.get(pathway=pathway)
    assert survey.sent_at is not None and survey.expires_at > timezone.now()
    # Run again (cron the next day): nothing leaves twice.
    counts = _send(django_capture_on_commit_callbacks)
    assert counts["sent"] == 0 and len(mail.outbox) == 1
    assert Survey.objects.count() == 1


def test_people_who_did_not_consent_are_never_contacted(
    make_exited, django_capture_on_commit_callbacks
):
    make_exited(consent=False)
    counts = _send(django_capture_on_commit_callbacks)
    assert counts == {"due": 1, "sent": 0, "no_consent": 1, "no_channel": 0, "already": 0}
    assert mail.outbox == [] and MemorySmsBackend.outbox == []
    assert not Survey.objects.exists()


def test_a_withdrawn_consent_stops_the_survey(
    make_exited, django_capture_on_commit_callbacks, counselor
):
    pathway = make_exited()
    Consent.objects.filter(person=pathway.person).update(withdrawn_at=timezone.now())
    assert _send(django_capture_on_commit_callbacks)["no_consent"] == 1
    assert mail.outbox == []


def test_sms_only_with_the_sms_consent(
    make_exited, django_capture_on_commit_callbacks, structure_a, counselor, sms_outbox
):
    no_sms = make_exited(email="", phone="0612345678")
    with_sms = make_exited(email="", phone="0698765432")
    Consent.objects.create(
        person=with_sms.person,
        structure=structure_a,
        purpose=ConsentPurpose.SMS,
        channel=ConsentChannel.ORAL,
        recorded_by=counselor,
    )
    counts = _send(django_capture_on_commit_callbacks)
    assert counts["sent"] == 1 and counts["no_channel"] == 1
    assert [to for to, _text in sms_outbox] == ["0698765432"]
    assert "/enquete/" in sms_outbox[0][1]
    assert not Survey.objects.filter(pathway=no_sms).exists()


def test_only_fse_pathways_in_their_window_are_surveyed(
    make_exited, django_capture_on_commit_callbacks
):
    make_exited(funder=None)  # not financed by the FSE+
    make_exited(exit_on=six_months_ago(days_after=30))  # six months in a month: too early
    make_exited(exit_on=six_months_ago(days_after=-60))  # two months late: window closed
    due = make_exited()  # six months today
    late = make_exited(exit_on=six_months_ago(days_after=-10))  # ten days ago: still open
    counts = _send(django_capture_on_commit_callbacks)
    assert counts["sent"] == 2
    assert set(Survey.objects.values_list("pathway", flat=True)) == {due.pk, late.pk}


def test_dry_run_sends_nothing(make_exited, django_capture_on_commit_callbacks):
    make_exited()
    assert _send(django_capture_on_commit_callbacks, dry_run=True)["due"] == 1
    assert mail.outbox == [] and not Survey.objects.exists()


def test_the_command_reports_in_french(make_exited, capsys, django_capture_on_commit_callbacks):
    make_exited()
    make_exited(consent=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_fse_surveys")
    out = capsys.readouterr().out
    assert "2 enquête(s) due(s) : 1 envoyée(s), 1 sans accord" in out


# --- the link -----------------------------------------------------------------------------


@pytest.fixture
def sent(make_exited, django_capture_on_commit_callbacks):
    pathway = make_exited()
    _send(django_capture_on_commit_callbacks)
    return Survey.objects.get(pathway=pathway), _link(mail.outbox[0].body)


def _path(link):
    return link.split("8000", 1)[-1] if "8000" in link else link


def test_the_person_answers_without_an_account(client, sent):
    survey, link = sent
    page = client.get(_path(link))
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    body = page.content.decode()
    assert "Où en êtes-vous aujourd'hui ?" in body
    assert survey.pathway.person.last_name not in body
    response = client.post(_path(link), {"situation": "employed", "contract": "cdi"})
    assert response.status_code == 200
    assert "Merci, votre réponse est enregistrée" in response.content.decode()
    survey.refresh_from_db()
    assert (survey.situation, survey.contract, survey.answered_via) == ("employed", "cdi", "link")


def test_a_salaried_answer_needs_its_contract(client, sent):
    survey, link = sent
    response = client.post(_path(link), {"situation": "employed"})
    assert response.status_code == 400
    assert "Choisissez le type de votre contrat de travail." in response.content.decode()
    response = client.post(_path(link), {})
    assert "Choisissez votre situation aujourd&#x27;hui." in response.content.decode()
    survey.refresh_from_db()
    assert not survey.is_answered


def test_a_reused_link_says_so_and_saves_nothing(client, sent):
    survey, link = sent
    client.post(_path(link), {"situation": "training"})
    response = client.post(_path(link), {"situation": "employed", "contract": "cdi"})
    assert response.status_code == 410
    assert "Vous avez déjà répondu" in response.content.decode()
    survey.refresh_from_db()
    assert survey.situation == "training"


def test_an_expired_link_says_so_and_saves_nothing(client, sent):
    survey, link = sent
    Survey.objects.filter(pk=survey.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(_path(link), {"situation": "employed", "contract": "cdi"})
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()
    survey.refresh_from_db()
    assert not survey.is_answered


@pytest.mark.parametrize(
    "token",
    [
        "n-importe-quoi",
        # Signed with the right salt but for another nonce: a guessed or old link.
        signing.dumps({"s": 1, "n": "devine"}, salt=actions.LINK_SALT),
        # The right content signed for another purpose (another salt).
        signing.dumps({"s": 1, "n": ""}, salt="tremplin.tutor-feedback"),
    ],
)
def test_a_forged_link_says_so_and_saves_nothing(client, sent, token):
    survey, _link_ = sent
    response = client.post(f"/enquete/{token}/", {"situation": "employed", "contract": "cdi"})
    assert response.status_code == 410
    assert "Ce lien n&#x27;est pas valide" in response.content.decode()
    survey.refresh_from_db()
    assert not survey.is_answered


def test_a_link_of_another_survey_does_not_answer_this_one(client, sent, make_exited):
    survey, _link_ = sent
    other = Survey.objects.create(
        pathway=make_exited(), send_status="sent", nonce="autre", expires_at=survey.expires_at
    )
    token = signing.dumps({"s": other.pk, "n": survey.nonce}, salt=actions.LINK_SALT)
    assert client.get(f"/enquete/{token}/").status_code == 410


# --- by phone -----------------------------------------------------------------------------


def test_the_counselor_notes_an_answer_given_on_the_phone(client, login, counselor, make_exited):
    pathway = make_exited(email="")
    login(client, counselor)
    response = client.post(
        f"/parcours/{pathway.pk}/fse/reponse-par-telephone/",
        {"situation": "self_employed"},
    )
    assert response.status_code == 302
    survey = Survey.objects.get(pathway=pathway)
    assert (survey.situation, survey.answered_via, survey.recorded_by) == (
        "self_employed",
        "phone",
        counselor,
    )
    assert survey.send_status == "not_sent"
    # The command then never sends it.
    assert actions.send_surveys()["sent"] == 0


def test_no_phone_answer_without_consent(client, login, counselor, make_exited):
    pathway = make_exited(consent=False)
    login(client, counselor)
    response = client.post(
        f"/parcours/{pathway.pk}/fse/reponse-par-telephone/", {"situation": "job_seeking"}
    )
    assert response.status_code == 400
    assert "pas donné son accord pour les enquêtes" in response.content.decode()
    assert not Survey.objects.exists()


def test_no_phone_answer_before_the_window(client, login, counselor, make_exited):
    pathway = make_exited(exit_on=timezone.localdate() - timedelta(days=30))
    login(client, counselor)
    response = client.post(
        f"/parcours/{pathway.pk}/fse/reponse-par-telephone/", {"situation": "job_seeking"}
    )
    assert response.status_code == 400
    assert "L&#x27;enquête à 6 mois se fait à partir du" in response.content.decode()
    assert not Survey.objects.exists()


def test_a_phone_answer_does_not_overwrite_the_persons_own(client, login, counselor, sent):
    survey, link = sent
    client.post(_path(link), {"situation": "training"})
    login(client, counselor)
    response = client.post(
        f"/parcours/{survey.pathway_id}/fse/reponse-par-telephone/",
        {"situation": "employed", "contract": "cdd"},
    )
    assert response.status_code == 400
    survey.refresh_from_db()
    assert survey.situation == "training"


# --- what changed in the work of a person employed at entry (EECR06) ----------------------


def _employed_at_entry(pathway, counselor, contract="cdi"):
    from tremplin.fse.models import Participation

    Participation.objects.create(
        pathway=pathway, labour_status="employed", entry_contract=contract, recorded_by=counselor
    )


def test_the_question_on_what_changed_is_asked_only_of_people_employed_at_entry(
    client, sent, counselor
):
    survey, link = sent
    assert "qu&#x27;est-ce qui a changé" not in client.get(_path(link)).content.decode()
    _employed_at_entry(survey.pathway, counselor)
    page = client.get(_path(link)).content.decode()
    assert "qu&#x27;est-ce qui a changé ?" in page and "J&#x27;ai eu une promotion" in page

    response = client.post(_path(link), {"situation": "job_seeking", "improvements": ["promotion"]})
    assert response.status_code == 400
    assert "ne se coche que si vous travaillez" in response.content.decode()
    survey.refresh_from_db()
    assert not survey.is_answered

    response = client.post(
        _path(link),
        {"situation": "employed", "contract": "cdi", "improvements": ["more_hours", "promotion"]},
    )
    assert response.status_code == 200
    survey.refresh_from_db()
    assert survey.improvements == ["more_hours", "promotion"]


def test_a_phone_answer_notes_what_changed_and_the_page_shows_it(
    client, login, counselor, make_exited
):
    pathway = make_exited(email="")
    _employed_at_entry(pathway, counselor)
    login(client, counselor)
    page = client.get(f"/parcours/{pathway.pk}/fse/").content.decode()
    assert "Plus d&#x27;heures de travail, comme elle le souhaitait" in page
    response = client.post(
        f"/parcours/{pathway.pk}/fse/reponse-par-telephone/",
        {"situation": "employed", "contract": "cdi", "improvements": ["more_skilled"]},
    )
    assert response.status_code == 302
    assert Survey.objects.get(pathway=pathway).improvements == ["more_skilled"]
    page = client.get(f"/parcours/{pathway.pk}/fse/").content.decode()
    assert (
        "Ce qui a changé depuis l'entrée : un poste plus qualifié ou avec plus de "
        "responsabilités." in page
    )
    # EECR06 from what changed, though the contract stayed a CDI.
    row = re.search(r"EECR06</span>.*?</tr>", page, re.S).group(0)
    assert "<td>oui</td>" in row


def test_the_api_gives_the_indicators_and_notes_a_phone_answer(counselor, make_exited):
    from django.test import Client

    from tremplin.accounts.models import ApiToken

    pathway = make_exited(email="")
    _employed_at_entry(pathway, counselor, contract="cdd")
    _token, key = ApiToken.issue(membership=counselor.memberships.get(), name="test")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    url = f"/api/v1/parcours/{pathway.pk}/fse"
    data = api.get(url).json()
    assert data["is_fse"] and data["participation"]["entry_contract"] == "cdd"
    six = {i["code"]: i["value"] for i in data["six_months"]}
    assert six == {"EECR05": "non renseigné", "EECR06": "non renseigné"}
    assert data["survey"] is None

    response = api.post(
        f"{url}/reponse-par-telephone",
        {"situation": "job_seeking", "improvements": ["promotion"]},
        content_type="application/json",
    )
    assert response.status_code == 422 and "que si vous travaillez" in response.json()["detail"]
    response = api.post(
        f"{url}/reponse-par-telephone",
        {"situation": "employed", "contract": "cdi"},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert {i["code"]: i["value"] for i in data["six_months"]} == {
        "EECR05": "oui",
        "EECR06": "oui",  # from a CDD to a CDI
    }
    assert data["survey"]["answered_via"] == "phone" and data["survey"]["improvements"] == []


def test_what_changed_is_refused_for_a_person_not_employed_at_entry(counselor, make_exited):
    from django.core.exceptions import ValidationError

    pathway = make_exited(email="")
    with pytest.raises(ValidationError, match="en emploi à l'entrée"):
        actions.record_phone_answer(
            pathway=pathway,
            by=counselor,
            data={"situation": "employed", "contract": "cdi", "improvements": ["promotion"]},
        )
    assert not Survey.objects.filter(pathway=pathway).exists()
