"""The person reads the synthesis of their diagnosis in their space, validates it or asks to
talk it over; the counselors see how it was validated."""

import html
import io
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.db.models import F
from django.test import Client

from conftest import CANARY_B_LAST_NAME, CANARY_HEALTH_NOTE
from tremplin.audit.models import AccessLog
from tremplin.diagnosis import actions as diagnosis_actions
from tremplin.diagnosis.actions import DomainData
from tremplin.diagnosis.models import DiagnosisVersion
from tremplin.portal.enums import SpaceEventKind
from tremplin.portal.models import SpaceEvent
from tremplin.testing.factories import space_login

pytestmark = pytest.mark.django_db

SYNTHESIS = "Inès cherche un emploi en cuisine ; le permis B est la première étape."
DOMAIN_NOTE = "Note de domaine : dettes auprès du bailleur"
TICKED = {"read": "on"}


def text(response) -> str:
    return html.unescape(response.content.decode())


def save(person, user, *, base=0, synthesis=SYNTHESIS, health=""):
    domains = {
        "logement-hebergement": DomainData(
            facts={}, situation=DOMAIN_NOTE, strengths="", obstacles=[], needs=[]
        ),
    }
    editable = {"logement-hebergement"}
    if health:
        domains["sante"] = DomainData(
            facts={}, situation=health, strengths="", obstacles=[], needs=[]
        )
        editable.add("sante")
    return diagnosis_actions.save_version(
        person=person,
        membership=user.memberships.get(),
        base_number=base,
        interview_date=date(2026, 11, 20),
        demand="Trouver du travail",
        synthesis=synthesis,
        domains=domains,
        editable=editable,
    )


@pytest.fixture
def base_url(settings):
    settings.TREMPLIN_BASE_URL = "http://testserver"


@pytest.fixture
def space(client, person):
    return space_login(client, person)


@pytest.fixture
def version(person, counselor):
    return save(person, counselor, health=CANARY_HEALTH_NOTE)


def test_the_page_shows_only_the_synthesis_of_the_latest_version(
    space, person, counselor, version, django_assert_max_num_queries
):
    before = AccessLog.objects.filter(person_id=person.pk, section="diagnosis").count()
    with django_assert_max_num_queries(8):
        response = space.get("/espace/diagnostic/")
    page = text(response)
    assert response.status_code == 200
    assert "INVALID_TEMPLATE_VARIABLE" not in page
    assert SYNTHESIS in page and "Mission Locale Test A" in page
    assert "Alice Conseil" in page and "20 novembre 2026" in page
    assert "J'ai lu cette synthèse et elle correspond à ce que nous avons dit" in page
    # Never the domains' notes, the health section, nor the demand.
    assert DOMAIN_NOTE not in page and CANARY_HEALTH_NOTE not in page
    assert "Trouver du travail" not in page
    assert (
        AccessLog.objects.filter(
            person_id=person.pk, section="diagnosis", channel="space", user__isnull=True
        ).count()
        == before + 1
    )
    # A newer version replaces the older one on the page.
    save(person, counselor, base=1, synthesis="Nouvelle synthèse après le deuxième entretien.")
    page = text(space.get("/espace/diagnostic/"))
    assert "Nouvelle synthèse" in page and SYNTHESIS not in page


def test_the_person_validates_from_the_space(space, person, version):
    response = space.post(f"/espace/diagnostic/{version.pk}/valider/", TICKED)
    assert response.status_code == 302 and response["Location"] == "/espace/diagnostic/"
    version.refresh_from_db()
    assert version.is_validated and version.validation_channel == "person_space"
    assert version.validation_recorded_by is None and version.validated_at is not None
    event = SpaceEvent.objects.get(kind=SpaceEventKind.SYNTHESIS_VALIDATED)
    assert event.access.person_id == person.pk and event.by is None
    page = text(space.get("/espace/diagnostic/"))
    assert "Vous avez validé cette synthèse le" in page and "Je valide" not in page


def test_the_box_must_be_ticked(space, version):
    response = space.post(f"/espace/diagnostic/{version.pk}/valider/", {})
    assert response.status_code == 200
    page = text(response)
    assert "Cochez la case" in page and "INVALID_TEMPLATE_VARIABLE" not in page
    version.refresh_from_db()
    assert not version.is_validated


def test_a_second_validation_is_refused_and_changes_nothing(space, version):
    space.post(f"/espace/diagnostic/{version.pk}/valider/", TICKED)
    version.refresh_from_db()
    first = version.validated_at
    response = space.post(f"/espace/diagnostic/{version.pk}/valider/", TICKED, follow=True)
    assert "déjà validée" in text(response)
    version.refresh_from_db()
    assert version.validated_at == first
    assert SpaceEvent.objects.filter(kind=SpaceEventKind.SYNTHESIS_VALIDATED).count() == 1


def test_a_version_validated_with_the_counselor_says_how(space, login, person, counselor, version):
    version.record_validation(channel="paper", by=counselor)
    page = text(space.get("/espace/diagnostic/"))
    assert "sur papier, avec votre conseiller·ère" in page and "Je valide" not in page
    assert space.post(f"/espace/diagnostic/{version.pk}/valider/", TICKED).status_code == 302
    version.refresh_from_db()
    assert version.validation_channel == "paper"
    staff = text(login(Client(), counselor).get(f"/personnes/{person.pk}/diagnostic/"))
    assert "(synthèse imprimée et signée par la personne, enregistrée par Alice Conseil)" in staff


def test_a_superseded_version_is_refused_and_the_person_is_told(space, person, counselor, version):
    # The page was read, then the counselor saved a new version before the person clicked.
    newer = save(person, counselor, base=1, synthesis="Une synthèse revue.")
    response = space.post(f"/espace/diagnostic/{version.pk}/valider/", TICKED, follow=True)
    page = text(response)
    assert "nouvelle version de cette synthèse" in page and "Une synthèse revue." in page
    version.refresh_from_db()
    newer.refresh_from_db()
    assert not version.is_validated and not newer.is_validated
    assert not SpaceEvent.objects.filter(kind=SpaceEventKind.SYNTHESIS_VALIDATED).exists()


def test_asking_to_talk_tells_the_referent_without_a_name(
    space, login, person, counselor, version, base_url, django_capture_on_commit_callbacks
):
    counselor.email = "alice@structure-a.test"
    counselor.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = space.post(f"/espace/diagnostic/{version.pk}/reparler/", follow=True)
    assert "votre conseiller·ère est prévenu·e" in text(response)
    message = mail.outbox[-1]
    assert message.to == ["alice@structure-a.test"]
    assert f"http://testserver/personnes/{person.pk}/diagnostic/" in message.body
    for word in (person.first_name, person.last_name, SYNTHESIS, "Mission Locale"):
        assert word not in message.body and word not in message.subject
    version.refresh_from_db()
    assert not version.is_validated
    assert SpaceEvent.objects.filter(kind=SpaceEventKind.SYNTHESIS_TALK).count() == 1
    # Asking again sends nothing more.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = space.post(f"/espace/diagnostic/{version.pk}/reparler/", follow=True)
    assert "déjà prévenu·e" in text(again) and len(mail.outbox) == sent
    assert SpaceEvent.objects.filter(kind=SpaceEventKind.SYNTHESIS_TALK).count() == 1
    # The counselors see it on the file's space page and on the diagnosis.
    staff = login(Client(), counselor)
    manage = staff.get(f"/personnes/{person.pk}/espace-personnel/")
    assert "Demande à reparler de la synthèse" in text(manage)
    diagnosis = text(staff.get(f"/personnes/{person.pk}/diagnostic/"))
    assert "La personne a demandé depuis son espace à en reparler, le" in diagnosis


def test_a_referent_who_left_the_structure_is_not_told(
    space, person, counselor, version, django_capture_on_commit_callbacks
):
    counselor.email = "alice@structure-a.test"
    counselor.save()
    counselor.memberships.update(is_active=False)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        space.post(f"/espace/diagnostic/{version.pk}/reparler/", follow=True)
    assert "alice@structure-a.test" not in [to for m in mail.outbox[sent:] for to in m.to]


def test_another_persons_diagnosis_is_never_shown_nor_touched(
    client, person, person_b, other_counselor, counselor, version
):
    theirs = save(person_b, other_counselor, synthesis=f"Synthèse de {CANARY_B_LAST_NAME}")
    space_login(client, person)
    assert CANARY_B_LAST_NAME not in text(client.get("/espace/diagnostic/"))
    assert client.post(f"/espace/diagnostic/{theirs.pk}/valider/", TICKED).status_code == 404
    assert client.post(f"/espace/diagnostic/{theirs.pk}/reparler/").status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_validated
    assert not SpaceEvent.objects.filter(
        kind__in=[SpaceEventKind.SYNTHESIS_VALIDATED, SpaceEventKind.SYNTHESIS_TALK]
    ).exists()
    # Only POST: a GET on the forms' addresses opens nothing.
    assert client.get(f"/espace/diagnostic/{version.pk}/valider/").status_code == 405


def test_a_structure_that_no_longer_follows_is_left_out(space, person, version):
    person.follows.update(ended_on=F("started_on"))
    assert SYNTHESIS not in text(space.get("/espace/diagnostic/"))
    assert space.post(f"/espace/diagnostic/{version.pk}/valider/", TICKED).status_code == 404


def test_the_home_page_shows_a_card_while_a_synthesis_waits(space, person, version):
    home = text(space.get("/espace/accueil/"))
    assert "Une synthèse attend votre avis" in home and "/espace/diagnostic/" in home
    assert AccessLog.objects.filter(
        person_id=person.pk, section="diagnosis", channel="space"
    ).exists()
    space.post(f"/espace/diagnostic/{version.pk}/valider/", TICKED)
    assert "Une synthèse attend votre avis" not in text(space.get("/espace/accueil/"))


def test_no_card_for_a_version_without_synthesis(space, person, counselor):
    save(person, counselor, synthesis="")
    assert "Une synthèse attend votre avis" not in text(space.get("/espace/accueil/"))
    page = text(space.get("/espace/diagnostic/"))
    assert "La synthèse n'est pas encore écrite." in page and "Je valide" not in page


def test_the_counselor_sees_a_validation_from_the_space(client, login, counselor, person, version):
    space_login(Client(), person).post(f"/espace/diagnostic/{version.pk}/valider/", TICKED)
    login(client, counselor)
    for url in (f"/personnes/{person.pk}/diagnostic/", f"/diagnostics/versions/{version.pk}/"):
        page = text(client.get(url))
        assert "alidée par la personne depuis son espace le" in page, url
        assert "None" not in page and "INVALID_TEMPLATE_VARIABLE" not in page, url
    docx = client.get(f"/diagnostics/versions/{version.pk}/synthese.docx")
    body = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "validée par la personne depuis son espace le" in body
    # Nothing left to sign: no signature boxes.
    assert "relu cette synthèse et je la valide" not in body


def test_a_counselor_never_records_a_validation_from_the_space(
    client, login, counselor, person, version
):
    login(client, counselor)
    response = client.post(
        f"/diagnostics/versions/{version.pk}/validation/",
        {"channel": "person_space", "confirm": "on"},
    )
    assert response.status_code == 200
    version.refresh_from_db()
    assert not version.is_validated
    with pytest.raises(Exception, match="Seule la personne"):
        DiagnosisVersion.objects.get(pk=version.pk).record_validation(
            channel="person_space", by=counselor
        )
