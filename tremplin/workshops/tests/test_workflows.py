"""Workshops through the test client: design, session, invitations, waiting list, sign-in,
closing, evaluation and the documents."""

import html
import re
import subprocess
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Section
from tremplin.diagnosis import actions as diagnosis_actions
from tremplin.diagnosis.actions import DomainData
from tremplin.people import enums
from tremplin.people.models import Consent
from tremplin.workshops import actions
from tremplin.workshops.enums import PresenceSource, RegistrationStatus
from tremplin.workshops.models import (
    Evaluation,
    HalfDay,
    Invitation,
    Presence,
    Registration,
    Signature,
    WorkshopDesign,
    WorkshopSession,
)
from tremplin.workshops.tests.conftest import data_url, followed, make_session, png

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


# --- design -------------------------------------------------------------------------------------


def test_counselor_designs_a_workshop_and_its_scenario_totals_the_sequences(
    client, login, counselor, membership, tmp_path
):
    login(client, counselor)
    response = client.post(
        "/ateliers/conceptions/nouvelle/",
        {
            "title": "Réussir ses démarches en ligne",
            "demand": "Des personnes bloquées par les démarches dématérialisées.",
            "thematiques": ["numerique--acceder-a-des-services-en-ligne"],
            "public": "Adultes peu à l'aise avec le numérique",
            "prerequisites": "",
            "objectives": "Créer son compte France Travail\n\nActualiser sa situation\n",
            "satisfaction_questions": "J'ai appris des choses utiles",
        },
    )
    design = WorkshopDesign.objects.get()
    assert response.status_code == 302
    assert design.objectives == ["Créer son compte France Travail", "Actualiser sa situation"]
    assert [t.pk for t in design.thematiques.all()] == [
        "numerique--acceder-a-des-services-en-ligne"
    ]
    for title, minutes in (("Accueil", "20"), ("Pratique sur poste", "100")):
        client.post(
            f"/ateliers/conceptions/{design.pk}/",
            {"title": title, "duration_minutes": minutes, "method": "Atelier pratique"},
        )
    assert [s.position for s in design.sequences.all()] == [1, 2]
    assert design.total_duration == "2 h"
    text = pdf_text(client.get(f"/ateliers/conceptions/{design.pk}/fiche.pdf").content, tmp_path)
    assert "Fiche de conception d'atelier" in text
    assert "Pratique sur poste" in text and "Actualiser sa situation" in text
    docx = client.get(f"/ateliers/conceptions/{design.pk}/fiche.docx")
    assert docx.content[:2] == b"PK"


def test_a_design_without_objectives_is_refused_in_french(client, login, counselor):
    login(client, counselor)
    # A new design starts from the usual satisfaction questions.
    assert "L'atelier a répondu à mes attentes" in page_text(
        client.get("/ateliers/conceptions/nouvelle/")
    )
    response = client.post(
        "/ateliers/conceptions/nouvelle/",
        {
            "title": "Atelier",
            "demand": "x",
            "public": "y",
            "objectives": "  \n ",
            "satisfaction_questions": "Q",
        },
    )
    assert response.status_code == 200
    assert page_text(response).count("Indiquez au moins un objectif pédagogique.") == 1
    assert not WorkshopDesign.objects.exists()
    # Nothing filled at all: each message once.
    response = client.post("/ateliers/conceptions/nouvelle/", {})
    text = page_text(response)
    assert text.count("Indiquez au moins un objectif pédagogique.") == 1
    assert text.count("Indiquez au moins une question de satisfaction.") == 1
    assert not WorkshopDesign.objects.exists()


def test_a_sequence_of_zero_minutes_is_refused(client, login, counselor, design):
    login(client, counselor)
    response = client.post(
        f"/ateliers/conceptions/{design.pk}/",
        {"title": "Pause", "duration_minutes": "0", "method": "—"},
    )
    assert "Une séquence dure de 5 minutes à 8 heures." in page_text(response)
    assert design.sequences.count() == 3


# --- sessions -----------------------------------------------------------------------------------


def _session_post(counselor, tomorrow, **overrides):
    data = {
        "place": "Salle Jules Verne",
        "remote_link": "",
        "capacity": "8",
        "facilitators": [str(counselor.pk)],
        "funder_mention": "Action cofinancée par le FSE+",
        "demi-TOTAL_FORMS": "4",
        "demi-INITIAL_FORMS": "0",
        "demi-MIN_NUM_FORMS": "0",
        "demi-MAX_NUM_FORMS": "20",
        "demi-0-date": tomorrow.isoformat(),
        "demi-0-slot": "morning",
        "demi-0-starts_at": "09:00",
        "demi-0-ends_at": "12:00",
        "demi-1-date": tomorrow.isoformat(),
        "demi-1-slot": "afternoon",
        "demi-1-starts_at": "13:30",
        "demi-1-ends_at": "16:30",
    }
    data.update(overrides)
    return data


def test_counselor_opens_a_session_over_two_half_days(client, login, counselor, design, tomorrow):
    login(client, counselor)
    response = client.post(
        f"/ateliers/conceptions/{design.pk}/seances/nouvelle/", _session_post(counselor, tomorrow)
    )
    session = WorkshopSession.objects.get()
    assert response.status_code == 302
    assert [(h.slot, h.minutes) for h in session.half_days.all()] == [
        ("morning", 180),
        ("afternoon", 180),
    ]
    assert list(session.facilitators.all()) == [counselor]
    # Nothing to evaluate before the session took place.
    page = client.get(f"/ateliers/seances/{session.pk}/").content.decode()
    assert "Inviter depuis les portefeuilles" in page and "Évaluations et bilan" not in page
    session.half_days.update(date=timezone.localdate())
    page = client.get(f"/ateliers/seances/{session.pk}/").content.decode()
    assert "Évaluations et bilan" in page


def test_half_days_that_do_not_match_the_scenario_are_flagged_not_refused(
    client, login, counselor, membership, design, tomorrow
):
    def programme(*hours):
        return actions.create_session(
            session=WorkshopSession(design=design, place="Salle Jules Verne", capacity=8),
            half_days=[
                HalfDay(date=tomorrow + timedelta(days=i), slot="morning", starts_at=a, ends_at=b)
                for i, (a, b) in enumerate(hours)
            ],
            facilitators=[counselor],
            membership=membership,
        )

    assert design.total_duration == "2 h"
    login(client, counselor)
    # A 2 h scenario over two 3 h half-days: said on the session page.
    twice = programme((time(9, 0), time(12, 0)), (time(9, 0), time(12, 0)))
    page = page_text(client.get(f"/ateliers/seances/{twice.pk}/"))
    assert (
        "La durée prévue de l'atelier (2 h, total des séquences) ne correspond pas aux "
        "horaires des demi-journées programmées (6 h)."
    ) in page
    # A quarter of an hour for the welcome is no mismatch.
    once = programme((time(9, 0), time(11, 15)))
    page = page_text(client.get(f"/ateliers/seances/{once.pk}/"))
    assert "ne correspond pas aux horaires" not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"demi-1-ends_at": "13:00"}, "L'heure de fin doit être après l'heure de début."),
        ({"capacity": "0"}, "Prévoyez au moins une place."),
        ({"place": ""}, "Indiquez un lieu ou un lien de visioconférence."),
        ({"demi-1-slot": "morning", "demi-1-starts_at": "09:00"}, "indiquée deux fois"),
        ({"demi-0-starts_at": "14:00", "demi-0-ends_at": "15:00"}, "Une demi-journée du matin"),
        ({"facilitators": []}, "Choisissez au moins un·e animateur·rice."),
        ({"demi-0-date": "2025-11-03"}, "passée depuis plus d'un mois : vérifiez l'année"),
        ({"demi-0-date": "2090-11-24"}, "Date trop lointaine : elle ne peut pas dépasser le"),
    ],
)
def test_a_bad_session_is_refused_in_french_and_nothing_is_saved(
    client, login, counselor, design, tomorrow, overrides, message
):
    login(client, counselor)
    response = client.post(
        f"/ateliers/conceptions/{design.pk}/seances/nouvelle/",
        _session_post(counselor, tomorrow, **overrides),
    )
    assert response.status_code == 200
    assert page_text(response).count(message) == 1  # said once, not by the form and the model
    assert not WorkshopSession.objects.exists() and not HalfDay.objects.exists()


# --- invitations and waiting list ---------------------------------------------------------------


def test_invitations_from_the_caseload_filtered_by_need(
    client,
    login,
    counselor,
    membership,
    structure_a,
    design,
    tomorrow,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    session = make_session(design, membership, day=tomorrow, capacity=3)
    with_email, with_sms, unreachable, other_need = followed(structure_a, counselor, 4)
    with_email.email = "a@exemple.test"
    with_email.save()
    with_sms.phone = "06 11 22 33 44"
    with_sms.save()
    Consent.objects.create(
        person=with_sms,
        structure=structure_a,
        purpose=enums.ConsentPurpose.SMS,
        channel=enums.ConsentChannel.ORAL,
        recorded_by=counselor,
    )
    unreachable.phone = "02 40 00 00 00"
    unreachable.save()
    # Their diagnoses: three need to prepare job interviews, one needs housing.
    for person, need in (
        (with_email, "trouver-un-emploi--convaincre-un-recruteur-en-entretien"),
        (with_sms, "trouver-un-emploi--convaincre-un-recruteur-en-entretien"),
        (unreachable, "trouver-un-emploi--convaincre-un-recruteur-en-entretien"),
        (other_need, "logement-hebergement--louer-un-logement"),
    ):
        domain = need.split("--")[0]
        diagnosis_actions.save_version(
            person=person,
            membership=membership,
            base_number=0,
            interview_date=timezone.localdate(),
            demand="",
            synthesis="",
            domains={domain: DomainData({}, "", "", [], [need])},
            editable={domain},
        )
    login(client, counselor)
    url = f"/ateliers/seances/{session.pk}/inviter/"
    page = client.get(url, {"need": "trouver-un-emploi--convaincre-un-recruteur-en-entretien"})
    shown = {p.pk for p in page.context["candidates"]}
    assert shown == {with_email.pk, with_sms.pk, unreachable.pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url + "?need=trouver-un-emploi--convaincre-un-recruteur-en-entretien",
            {"people": [str(with_email.pk), str(with_sms.pk), str(unreachable.pk)]},
        )
    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("person_id", "status"))
    assert statuses == {
        with_email.pk: RegistrationStatus.REGISTERED,
        with_sms.pk: RegistrationStatus.REGISTERED,
        unreachable.pk: RegistrationStatus.REGISTERED,
    }
    assert [m.to for m in mail.outbox] == [["a@exemple.test"]]
    assert "Préparer un entretien d'embauche" in mail.outbox[0].body
    assert [to for to, _text in sms_outbox] == ["0611223344"]
    assert "entretien" not in sms_outbox[0][1]  # no title in an SMS
    skipped = Invitation.objects.get(registration__person=unreachable)
    assert skipped.status == "skipped" and "pas un portable" in skipped.reason
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert "pas un portable" in page
    # Already registered: no longer offered.
    assert not client.get(url).context["candidates"] or all(
        p.pk == other_need.pk for p in client.get(url).context["candidates"]
    )


def test_a_freed_place_waits_for_the_first_of_the_waiting_list_to_be_confirmed(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=2)
    first, second, third, fourth = followed(structure_a, counselor, 4)
    for person in (first, second, third, fourth):
        actions.register(session=session, person=person, by=counselor, waiting_list=True)
    assert list(session.registrations.waiting_in_order().values_list("person", flat=True)) == [
        third.pk,
        fourth.pk,
    ]
    login(client, counselor)
    registration = Registration.objects.get(person=first)
    response = client.post(f"/ateliers/inscriptions/{registration.pk}/annuler/", follow=True)
    assert "Une place s'est libérée : joignez" in page_text(response)
    statuses = dict(Registration.objects.values_list("person_id", "status"))
    assert statuses[first.pk] == RegistrationStatus.CANCELLED
    assert statuses[third.pk] == RegistrationStatus.WAITING
    assert statuses[fourth.pk] == RegistrationStatus.WAITING
    assert session.registered().count() == 1
    actions.promote(registration=Registration.objects.get(person=third), by=counselor)
    assert session.registered().count() == 2
    # Leaving the waiting list frees no place: nobody moves.
    actions.cancel_registration(registration=Registration.objects.get(person=fourth))
    assert session.registered().count() == 2


def test_unregistering_asks_for_confirmation_first(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    anna, ben = followed(structure_a, counselor, 2)
    registration = actions.register(session=session, person=anna, by=counselor)
    waiting = actions.register(session=session, person=ben, by=counselor, waiting_list=True)
    url = f"/ateliers/inscriptions/{registration.pk}/annuler/"
    login(client, counselor)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    # A plain link to the confirmation page, not a button that cancels at once.
    assert f'<a class="btn btn-sm btn-link text-danger" href="{url}">Désinscrire' in page
    assert f'action="{url}"' not in page
    reads = AccessLog.objects.filter(person_id=anna.pk).count()
    confirm = page_text(client.get(url))
    assert AccessLog.objects.filter(person_id=anna.pk).count() == reads + 1
    assert f"Désinscrire {anna.first_name} {anna.last_name.upper()} ?" in confirm
    assert f"Séance « {design.title} »" in confirm and f"{tomorrow:%d/%m/%Y}" in confirm
    assert "Confirmer la désinscription" in confirm
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.REGISTERED
    client.post(url)
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED
    # Not given silently: the place waits for the counselor to confirm it.
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.WAITING


def test_leaving_the_waiting_list_asks_for_confirmation_first(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    anna, ben = followed(structure_a, counselor, 2)
    actions.register(session=session, person=anna, by=counselor)
    waiting = actions.register(session=session, person=ben, by=counselor, waiting_list=True)
    url = f"/ateliers/inscriptions/{waiting.pk}/annuler/"
    login(client, counselor)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert f'href="{url}">Retirer' in page and f'action="{url}"' not in page
    confirm = page_text(client.get(url))
    assert f"Retirer {ben.first_name} {ben.last_name.upper()} de la liste d'attente ?" in confirm
    assert "Confirmer le retrait" in confirm
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.WAITING


def test_a_registration_kept_as_evidence_is_not_offered_for_cancellation(
    client, login, counselor, structure_a, session
):
    (anna,) = followed(structure_a, counselor, 1)
    registration = actions.register(session=session, person=anna, by=counselor)
    url = f"/ateliers/inscriptions/{registration.pk}/annuler/"
    login(client, counselor)
    assert f'href="{url}"' in page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    actions.sign(
        half_day=session.half_days.first(), registration=registration, by=counselor, drawing=png()
    )
    assert f'href="{url}"' not in page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    confirm = page_text(client.get(url))
    assert "l'inscription est conservée" in confirm and "Confirmer" not in confirm
    client.post(url)
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.REGISTERED


def test_capacity_is_never_exceeded_by_registrations_one_after_another(
    counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow, capacity=1)
    people = followed(structure_a, counselor, 3)
    results = [
        actions.register(session=session, person=p, by=counselor, waiting_list=True).status
        for p in people
    ]
    assert results == ["registered", "waiting", "waiting"]


def test_a_person_not_followed_cannot_be_registered(
    counselor, membership, design, tomorrow, person_b
):
    session = make_session(design, membership, day=tomorrow)
    with pytest.raises(Exception, match="suivies par la structure"):
        actions.register(session=session, person=person_b, by=counselor)
    assert not Registration.objects.exists()


# --- sign-in ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "opening"),
    [
        ("F", "Je soussignée Inès {name} atteste avoir été présente à l'atelier"),
        ("M", "Je soussigné Inès {name} atteste avoir été présent à l'atelier"),
        ("X", "Je, Inès {name}, atteste avoir assisté à l'atelier"),
    ],
)
def test_the_signed_statement_agrees_with_the_participant(counselor, session, person, sex, opening):
    person.sex = sex
    person.save()
    registration = actions.register(session=session, person=person, by=counselor)
    statement = actions.statement_for(session.half_days.first(), registration)
    assert statement.startswith(opening.format(name=person.last_name.upper()))
    assert "·" not in statement


@pytest.mark.parametrize(("sex", "born"), [("F", "née le"), ("M", "né le"), ("X", "né·e le")])
def test_the_registration_search_agrees_with_the_sex(
    client, login, counselor, structure_a, session, sex, born
):
    (found,) = followed(structure_a, counselor, 1, sex=sex)
    login(client, counselor)
    page = page_text(client.post(f"/ateliers/seances/{session.pk}/", {"q": found.last_name}))
    assert f"({born} {found.birth_date:%d/%m/%Y})" in page


@pytest.mark.parametrize(
    ("present", "absent", "message"),
    [
        (1, 0, "Feuille close : 1 personne présente, aucune absente."),
        (2, 1, "Feuille close : 2 personnes présentes, 1 personne absente."),
        (0, 3, "Feuille close : aucune personne présente, 3 personnes absentes."),
    ],
)
def test_the_closing_message_is_agreed(present, absent, message):
    from tremplin.workshops.views import closed_sheet_message

    assert closed_sheet_message(present, absent) == message


@pytest.mark.parametrize(
    ("sex", "attest"),
    [
        ("F", "avoir été présente à cette demi-journée"),
        ("M", "avoir été présent à cette demi-journée"),
        ("X", "avoir assisté à cette demi-journée"),
    ],
)
def test_the_keyboard_attestation_agrees_with_the_participant(
    client, login, counselor, session, person, sex, attest
):
    person.sex = sex
    person.save()
    registration = actions.register(session=session, person=person, by=counselor)
    login(client, counselor)
    url = f"/ateliers/demi-journees/{session.half_days.first().pk}/emargement/"
    page = page_text(client.get(url, {"inscription": registration.pk}))
    assert f"J'atteste sur l'honneur {attest}." in page
    assert "présent·e" not in page


def test_participants_sign_on_the_tablet_and_the_evidence_is_hashed(
    client, login, reception, counselor, session, person
):
    registration = actions.register(session=session, person=person, by=counselor)
    morning = session.half_days.first()
    login(client, reception)
    url = f"/ateliers/demi-journees/{morning.pk}/emargement/"
    page = page_text(client.get(url, {"inscription": registration.pk}))
    assert f"Je, Inès {person.last_name.upper()}, atteste avoir assisté à l'atelier" in page
    drawing = png()
    response = client.post(url, {"registration": registration.pk, "drawing": data_url(drawing)})
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.method == "drawn" and signature.recorded_by == reception
    assert signature.image.read() == drawing
    assert signature.is_intact()
    assert person.last_name.upper() in signature.statement
    # A second signature for the same half-day is refused, and nothing changes.
    response = client.post(url, {"registration": registration.pk, "drawing": data_url(png(50))})
    assert "a déjà signé pour cette demi-journée" in page_text(response)
    assert Signature.objects.count() == 1


def test_the_keyboard_signature_needs_the_name_and_the_attestation(
    client, login, counselor, session, person
):
    registration = actions.register(session=session, person=person, by=counselor)
    morning = session.half_days.first()
    login(client, counselor)
    url = f"/ateliers/demi-journees/{morning.pk}/emargement/"
    response = client.post(url, {"registration": registration.pk, "typed_name": "Inès"})
    assert "Cochez l'attestation pour signer avec votre nom." in page_text(response)
    response = client.post(
        url, {"registration": registration.pk, "drawing": "data:image/gif;base64,R0lG"}
    )
    assert "illisible" in page_text(response)
    assert not Signature.objects.exists()
    client.post(url, {"registration": registration.pk, "typed_name": " Inès  X ", "attest": "on"})
    signature = Signature.objects.get()
    assert signature.method == "typed" and signature.typed_name == "Inès X"
    assert signature.is_intact()


def test_sign_in_on_a_closed_half_day_is_refused_in_french(
    client, login, counselor, session, person
):
    registration = actions.register(session=session, person=person, by=counselor)
    morning = session.half_days.first()
    actions.close_half_day(half_day=morning, by=counselor)
    login(client, counselor)
    response = client.post(
        f"/ateliers/demi-journees/{morning.pk}/emargement/",
        {"registration": registration.pk, "drawing": data_url(png())},
    )
    assert "Cette demi-journée est close : l'émargement n'est plus possible." in (
        page_text(response)
    )
    assert not Signature.objects.exists()


def test_sign_in_is_not_open_before_the_day(counselor, membership, design, person, tomorrow):
    session = make_session(design, membership, day=tomorrow)
    registration = actions.register(session=session, person=person, by=counselor)
    with pytest.raises(ValidationError, match="n'est pas encore ouvert"):
        actions.sign(
            half_day=session.half_days.get(), registration=registration, by=counselor, drawing=png()
        )
    assert not Signature.objects.exists()


def _local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.mark.parametrize(
    ("hour", "minute", "accepted"),
    [
        (12, 59, False),  # 31 minutes before the start
        (13, 0, True),  # 30 minutes before the start: people arrive early
        (15, 0, True),
        (17, 30, True),  # 1 hour after the end: the last ones sign on their way out
        (17, 31, False),
        (22, 48, False),  # the same evening: too late
    ],
)
def test_on_screen_sign_in_is_open_only_around_the_half_day_hours(
    counselor, membership, design, person, hour, minute, accepted
):
    day = timezone.localdate() - timedelta(days=1)
    session = actions.create_session(
        session=WorkshopSession(design=design, place="Salle Jules Verne", capacity=5),
        half_days=[
            HalfDay(date=day, slot="afternoon", starts_at=time(13, 30), ends_at=time(16, 30))
        ],
        facilitators=[counselor],
        membership=membership,
    )
    registration = Registration.objects.create(
        session=session, person=person, registered_by=counselor
    )
    half_day = session.half_days.get()
    now = _local(day, hour, minute)
    if accepted:
        actions.sign(
            half_day=half_day, registration=registration, by=counselor, drawing=png(), now=now
        )
        assert Signature.objects.get().signed_at == now
        return
    with pytest.raises(ValidationError) as refused:
        actions.sign(
            half_day=half_day, registration=registration, by=counselor, drawing=png(), now=now
        )
    expected = (
        f"L'émargement sur l'écran n'est pas encore ouvert : il ouvre le {day:%d/%m/%Y} à "
        "13:00, 30 minutes avant le début de la demi-journée."
        if hour < 13
        else f"L'émargement sur l'écran est fermé depuis le {day:%d/%m/%Y} à 17:30, 1 heure "
        "après la fin de la demi-journée : aucune signature ne peut être ajoutée après coup."
    )
    assert refused.value.messages == [expected]
    assert not Signature.objects.exists()


def test_the_tablet_refuses_a_signature_after_the_half_day_ended(
    client, login, counselor, membership, design, person
):
    """The walkthrough: an afternoon of 13:30 to 16:30 signed hours later (yesterday's, so
    that the test does not depend on the hour it runs at; the same day at 22:48 is covered
    above with `now`). The paper route stays: the sheet is closed with the printed sheet's
    signatures."""
    session = actions.create_session(
        session=WorkshopSession(design=design, place="Salle Jules Verne", capacity=5),
        half_days=[
            HalfDay(
                date=timezone.localdate() + timedelta(days=1),
                slot="afternoon",
                starts_at=time(13, 30),
                ends_at=time(16, 30),
            )
        ],
        facilitators=[counselor],
        membership=membership,
    )
    registration = actions.register(session=session, person=person, by=counselor)
    # Two days go by: the half-day was yesterday afternoon.
    HalfDay.objects.filter(session=session).update(date=timezone.localdate() - timedelta(days=1))
    half_day = session.half_days.get()
    login(client, counselor)
    url = f"/ateliers/demi-journees/{half_day.pk}/emargement/"
    page = page_text(client.get(url))
    assert "L'émargement sur l'écran n'est ouvert que du" in page
    assert f"?inscription={registration.pk}" not in page
    response = client.post(url, {"registration": registration.pk, "drawing": data_url(png())})
    assert response.status_code == 200
    assert "aucune signature ne peut être ajoutée après coup" in page_text(response)
    assert not Signature.objects.exists()
    actions.close_half_day(half_day=half_day, by=counselor, paper_signed=[registration.pk])
    assert Presence.objects.get().source == PresenceSource.PAPER


def test_signatures_and_presences_cannot_be_altered_after_signing(counselor, session, person):
    registration = actions.register(session=session, person=person, by=counselor)
    morning = session.half_days.first()
    signature = actions.sign(
        half_day=morning, registration=registration, by=counselor, drawing=png()
    )
    signature.typed_name = "Quelqu'un d'autre"
    with pytest.raises(actions_immutable()):
        signature.save()
    with pytest.raises(actions_immutable()):
        signature.delete()
    with pytest.raises(actions_immutable()):
        Signature.objects.filter(pk=signature.pk).update(sha256="0" * 64)
    with pytest.raises(actions_immutable()):
        Signature.objects.all().delete()
    actions.close_half_day(half_day=morning, by=counselor)
    presence = Presence.objects.get()
    with pytest.raises(actions_immutable()):
        Presence.objects.filter(pk=presence.pk).update(is_present=False)
    with pytest.raises(actions_immutable()):
        presence.delete()
    # A signed registration cannot be cancelled either (its evidence would be orphaned).
    with pytest.raises(Exception, match="déjà émargé"):
        actions.cancel_registration(registration=registration)
    signature = Signature.objects.get()
    assert signature.typed_name == "" and signature.is_intact()


def actions_immutable():
    from tremplin.workshops.models import ImmutableError

    return ImmutableError


def test_closing_marks_absent_whoever_did_not_sign(
    client, login, counselor, structure_a, session, tmp_path
):
    tablet, paper, absent = followed(structure_a, counselor, 3)
    registrations = [
        actions.register(session=session, person=p, by=counselor) for p in (tablet, paper, absent)
    ]
    morning = session.half_days.first()
    actions.sign(half_day=morning, registration=registrations[0], by=counselor, drawing=png())
    login(client, counselor)
    url = f"/ateliers/demi-journees/{morning.pk}/cloture/"
    response = client.post(url, {"action": "close", "paper_signed": [str(registrations[1].pk)]})
    assert "Cochez la confirmation" in page_text(response)
    assert not Presence.objects.exists()
    client.post(
        url, {"action": "close", "paper_signed": [str(registrations[1].pk)], "confirm": "on"}
    )
    assert dict(Presence.objects.values_list("registration__person", "source")) == {
        tablet.pk: PresenceSource.TABLET,
        paper.pk: PresenceSource.PAPER,
        absent.pk: PresenceSource.NONE,
    }
    assert HalfDay.objects.get(pk=morning.pk).is_closed
    closed = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    # The message is agreed whatever the counts.
    assert "présent·es" not in closed and "absent·es" not in closed
    # The printed sheet: one row per participant, the drawn signature with its time.
    text = pdf_text(
        client.get(f"/ateliers/demi-journees/{morning.pk}/feuille.pdf").content, tmp_path
    )
    assert "Feuille d'émargement" in text
    for person in (tablet, paper, absent):
        assert person.last_name.upper() in text
    assert (
        "a signé la feuille papier" in text and "Absent·e (feuille close le" in text
    )  # sex unknown
    assert "Signé sur écran le" in text and "financeurs" in text
    # The scanned sheet: attached once, never replaced; only real documents.
    bad = client.post(
        url,
        {"action": "scan", "scan": SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")},
    )
    assert "Joignez un PDF, un JPEG ou un PNG." in page_text(bad)
    client.post(
        url,
        {"action": "scan", "scan": SimpleUploadedFile("s.pdf", b"%PDF-1.4 a", "application/pdf")},
    )
    again = client.post(
        url,
        {"action": "scan", "scan": SimpleUploadedFile("t.pdf", b"%PDF-1.4 b", "application/pdf")},
    )
    assert "ne peut pas être remplacée" in page_text(again)
    download = client.get(f"/ateliers/demi-journees/{morning.pk}/feuille-scannee/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 a"


def test_the_session_page_counts_what_the_closing_sheet_counts_and_the_missing_scan(
    client, login, counselor, structure_a, session, tmp_path
):
    """Once closed, the session page counts the presences (screen and paper), as the
    closing sheet does, and says when the paper ones still wait for the scan; each
    person's presence is agreed with their sex."""
    aicha, sarah, karim = followed(structure_a, counselor, 3)
    for person, sex, first_name in (
        (aicha, enums.Sex.FEMALE, "Aïcha"),
        (sarah, enums.Sex.FEMALE, "Sarah"),
        (karim, enums.Sex.MALE, "Karim"),
    ):
        person.sex, person.first_name = sex, first_name
        person.save()
    on_screen, on_paper, absent = (
        actions.register(session=session, person=p, by=counselor) for p in (aicha, karim, sarah)
    )
    morning = session.half_days.first()
    actions.sign(half_day=morning, registration=on_screen, by=counselor, drawing=png())
    login(client, counselor)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert "1 / 3 signée à l'écran" in page
    actions.close_half_day(half_day=morning, by=counselor, paper_signed=[on_paper.pk])
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert "2 / 3 présences (1 à l'écran, 1 sur papier" in page and "sans scan" in page
    url = f"/ateliers/demi-journees/{morning.pk}/cloture/"
    sheet = page_text(client.get(url))
    assert "2 présences sur 3 : 1 à l'écran, 1 sur la feuille papier, <strong>sans scan" in sheet
    assert "scan à joindre" in sheet
    rows = {
        name: sheet.split(name, 1)[1].split("</tr>", 1)[0]
        for name in ("PARTICIPANT0 Aïcha", "PARTICIPANT1 Sarah", "PARTICIPANT2 Karim")
    }
    assert ">Présente<" in rows["PARTICIPANT0 Aïcha"]
    assert ">Absente<" in rows["PARTICIPANT1 Sarah"]
    assert ">Présent<" in rows["PARTICIPANT2 Karim"]
    assert "Présent·e" not in sheet and "Absent·e" not in sheet
    client.post(
        url,
        {"action": "scan", "scan": SimpleUploadedFile("s.pdf", b"%PDF-1.4 a", "application/pdf")},
    )
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert "1 sur papier)" in page and "sans scan" not in page
    assert "scan à joindre" not in page_text(client.get(url))
    text = pdf_text(
        client.get(f"/ateliers/demi-journees/{morning.pk}/feuille.pdf").content, tmp_path
    )
    assert "Présent : a signé la feuille papier" in text and "Absente (feuille close le" in text


def test_a_future_half_day_cannot_be_closed(counselor, membership, design, tomorrow):
    session = make_session(design, membership, day=tomorrow)
    with pytest.raises(Exception, match="pas encore eu lieu"):
        actions.close_half_day(half_day=session.half_days.get(), by=counselor)


def test_closing_a_sheet_is_offered_only_when_the_action_accepts_it(
    client, login, counselor, session
):
    today, tomorrow = session.half_days.all()
    close_today = f"/ateliers/demi-journees/{today.pk}/cloture/"
    close_tomorrow = f"/ateliers/demi-journees/{tomorrow.pk}/cloture/"
    login(client, counselor)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    assert f'href="{close_today}"' in page
    # Tomorrow's sheet cannot be closed yet: no link, the date from which it can.
    assert f'href="{close_tomorrow}"' not in page
    assert f"Clôture possible à partir du {tomorrow.date:%d/%m/%Y}" in page
    sign_in = page_text(client.get(f"/ateliers/demi-journees/{tomorrow.pk}/emargement/"))
    assert f'href="{close_tomorrow}"' not in sign_in and "Clore la feuille" not in sign_in
    assert f"La feuille pourra être close à partir du {tomorrow.date:%d/%m/%Y}." in sign_in
    early = page_text(client.get(close_tomorrow))
    assert "pourra être close à partir du" in early and 'value="close"' not in early
    # Today's sheet closes; it then leads to its presences and scan, not to closing again.
    sign_in = page_text(client.get(f"/ateliers/demi-journees/{today.pk}/emargement/"))
    assert f'<a href="{close_today}">Clore la feuille</a>' in sign_in
    actions.close_half_day(half_day=today, by=counselor)
    page = page_text(client.get(f"/ateliers/seances/{session.pk}/"))
    row = page.split(f'href="{close_today}"', 1)[1].split("</a>", 1)[0]
    assert "Présences et scan" in row and "Clore la feuille" not in row
    sign_in = page_text(client.get(f"/ateliers/demi-journees/{today.pk}/emargement/"))
    assert f'<a href="{close_today}">Présences et scan</a>' in sign_in
    assert "Clore la feuille" not in sign_in


# --- evaluation and review ----------------------------------------------------------------------


def _as_past(session, days=2):
    """The session took place `days` days earlier: it has ended, it may be evaluated."""
    for half_day in session.half_days.order_by("date"):
        HalfDay.objects.filter(pk=half_day.pk).update(date=half_day.date - timedelta(days=days))


def test_evaluation_and_the_session_review(
    client, login, counselor, structure_a, session, tmp_path
):
    anna, ben = followed(structure_a, counselor, 2)
    r1 = actions.register(session=session, person=anna, by=counselor)
    r2 = actions.register(session=session, person=ben, by=counselor)
    morning = session.half_days.first()
    actions.sign(half_day=morning, registration=r1, by=counselor, drawing=png())
    # Ben signed the printed sheet.
    actions.close_half_day(half_day=morning, by=counselor, paper_signed=[r2.pk])
    _as_past(session)
    login(client, counselor)
    url = f"/ateliers/inscriptions/{r1.pk}/evaluation/"
    response = client.post(url, {"objective_0": "reached"})
    assert "Indiquez si cet objectif est atteint." in page_text(response)
    assert not hasattr(r1, "evaluation") or r1.evaluation is None
    client.post(
        url,
        {
            "objective_0": "reached",
            "objective_1": "partly",
            "question_0": "4",
            "question_1": "3",
            "comment": "Plus à l'aise pour se présenter.",
        },
    )
    client.post(
        f"/ateliers/inscriptions/{r2.pk}/evaluation/",
        {"objective_0": "not", "objective_1": "partly", "question_0": "2"},
    )
    client.post(
        f"/ateliers/seances/{session.pk}/bilan/",
        {"review_comments": "Groupe dynamique ; prévoir plus de simulations."},
    )
    page = client.get(f"/ateliers/seances/{session.pk}/bilan/")
    summary = page.context["summary"]
    assert summary["objectives"][0] == ("Présenter son parcours en deux minutes", 1, 0, 1)
    assert summary["questions"][0] == ("L'atelier a répondu à mes attentes", 3.0, 2)
    # The default questions are statements: answered on an agreement scale.
    form = client.get(url).content.decode()
    assert "Tout à fait d&#x27;accord" in form and "Plutôt pas d&#x27;accord" in form
    assert "satisfait" not in form
    text = pdf_text(client.get(f"/ateliers/seances/{session.pk}/bilan.pdf").content, tmp_path)
    assert "Bilan de séance d'atelier" in text
    assert "Répondre aux questions pièges" in text
    assert "prévoir plus de simulations" in text
    assert "3,0" in text
    assert client.get(f"/ateliers/seances/{session.pk}/bilan.docx").content[:2] == b"PK"


def test_a_participant_absent_on_every_half_day_is_neither_evaluated_nor_counted(
    client, login, counselor, structure_a, session, tmp_path
):
    present, absent = followed(structure_a, counselor, 2)
    r_present = actions.register(session=session, person=present, by=counselor)
    r_absent = actions.register(session=session, person=absent, by=counselor)
    first, second = session.half_days.all()
    actions.sign(half_day=first, registration=r_present, by=counselor, drawing=png())
    actions.close_half_day(half_day=first, by=counselor)
    # The second half-day was held on paper: she was absent there too.
    Presence.objects.create(
        half_day=second, registration=r_present, is_present=True, source=PresenceSource.PAPER
    )
    Presence.objects.create(
        half_day=second, registration=r_absent, is_present=False, source=PresenceSource.NONE
    )
    assert r_present.attended and not r_absent.attended
    _as_past(session)
    login(client, counselor)
    review_url = f"/ateliers/seances/{session.pk}/bilan/"
    page = page_text(client.get(review_url))
    assert f"/ateliers/inscriptions/{r_present.pk}/evaluation/" in page
    assert f"/ateliers/inscriptions/{r_absent.pk}/evaluation/" not in page
    assert "Aucune présence : pas d'évaluation" in page
    url = f"/ateliers/inscriptions/{r_absent.pk}/evaluation/"
    refused = (
        "Cette personne n'a assisté à aucune demi-journée de la séance : elle ne peut pas être "
        "évaluée."
    )
    assert refused in page_text(client.get(url))
    response = client.post(
        url, {"objective_0": "not", "objective_1": "not", "question_0": "1"}, follow=True
    )
    text = page_text(response)
    assert refused in text and "Évaluation enregistrée." not in text
    assert not Evaluation.objects.exists()
    with pytest.raises(ValidationError, match="aucune demi-journée"):
        actions.evaluate(
            registration=r_absent,
            objectives={o: "not" for o in session.design.objectives},
            answers={},
            comment="",
            by=counselor,
        )
    assert not Evaluation.objects.exists()
    client.post(
        f"/ateliers/inscriptions/{r_present.pk}/evaluation/",
        {"objective_0": "reached", "objective_1": "reached", "question_0": "4"},
    )
    # An evaluation written before this rule is left out of the review's figures.
    Evaluation.objects.create(
        registration=r_absent,
        objectives={o: "not" for o in session.design.objectives},
        answers={q: 1 for q in session.design.satisfaction_questions},
        comment="Jamais venue.",
        evaluated_by=counselor,
    )
    response = client.get(review_url)
    summary = response.context["summary"]
    assert summary["evaluated"] == 1 and summary["attended"] == 1
    assert summary["objectives"][0] == ("Présenter son parcours en deux minutes", 1, 0, 0)
    assert summary["questions"][0] == ("L'atelier a répondu à mes attentes", 4.0, 1)
    assert summary["comments"] == []
    assert "Évaluations (1 / 1)" in page_text(response)
    text = pdf_text(client.get(f"/ateliers/seances/{session.pk}/bilan.pdf").content, tmp_path)
    assert "Jamais venue." not in text
    assert re.search(r"Évalué·es\s+1\b", text)
    assert re.search(r"Venu·es à la séance\s+1\b", text)


def test_wide_tables_scroll_inside_their_box_on_a_phone(
    client, login, counselor, structure_a, session
):
    """On a 390 px wide phone the attendance table must not make the page scroll sideways."""
    registration = actions.register(
        session=session, person=followed(structure_a, counselor, 1)[0], by=counselor
    )
    actions.sign(
        half_day=session.half_days.first(), registration=registration, by=counselor, drawing=png()
    )
    login(client, counselor)
    for url in (
        f"/ateliers/seances/{session.pk}/bilan/",
        f"/ateliers/seances/{session.pk}/",
        "/ateliers/",
    ):
        page = client.get(url).content.decode()
        assert "<table" in page, url
        assert page.count("<table") == page.count('<div class="table-responsive"><table'), url


# --- the person's file --------------------------------------------------------------------------


def test_the_file_shows_the_workshops_and_the_read_is_logged(
    client, login, reception, counselor, session, person
):
    registration = actions.register(session=session, person=person, by=counselor)
    actions.sign(
        half_day=session.half_days.first(), registration=registration, by=counselor, drawing=png()
    )
    actions.close_half_day(half_day=session.half_days.first(), by=counselor)
    login(client, reception)
    before = AccessLog.objects.filter(section=Section.AGENDA).count()
    page = page_text(client.get(f"/personnes/{person.pk}/ateliers/"))
    assert "Préparer un entretien d'embauche" in page
    assert "présent·e" in page
    assert AccessLog.objects.filter(section=Section.AGENDA).count() == before + 1


# --- API ----------------------------------------------------------------------------------------


def test_api_registers_to_a_full_session_on_the_waiting_list(
    client, counselor, membership, structure_a, design, tomorrow
):
    from tremplin.accounts.models import ApiToken

    session = make_session(design, membership, day=tomorrow, capacity=1)
    first, second = followed(structure_a, counselor, 2)
    _token, key = ApiToken.issue(membership=membership, name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = f"/api/v1/ateliers/seances/{session.pk}/inscriptions"
    for person, expected in ((first, "registered"), (second, "waiting")):
        response = client.post(
            url, {"person_id": person.pk}, content_type="application/json", **headers
        )
        assert response.status_code == 201 and response.json()["status"] == expected
    again = client.post(url, {"person_id": first.pk}, content_type="application/json", **headers)
    assert again.status_code == 422 and "déjà inscrite" in again.json()["detail"]
    listed = client.get(url, **headers).json()
    assert [r["person_id"] for r in listed] == [first.pk, second.pk]
    detail = client.get(f"/api/v1/ateliers/seances/{session.pk}", **headers).json()
    assert detail["registered"] == 1 and detail["waiting"] == 1
    sessions = client.get("/api/v1/ateliers/seances", {"design_id": design.pk}, **headers).json()
    assert [s["id"] for s in sessions["items"]] == [session.pk]
    design_out = client.get(f"/api/v1/ateliers/{design.pk}", **headers).json()
    assert design_out["total_minutes"] == 120
    assert client.get(f"/api/v1/ateliers/seances/{session.pk}/presences", **headers).json() == []


def test_past_sessions_take_no_new_registration(counselor, membership, design, person):
    session = make_session(design, membership, day=timezone.localdate() - timedelta(days=3))
    with pytest.raises(Exception, match="déjà eu lieu"):
        actions.register(session=session, person=person, by=counselor)


def test_the_workshops_page_takes_a_bounded_number_of_queries(
    client,
    login,
    counselor,
    membership,
    structure_a,
    design,
    tomorrow,
    django_assert_max_num_queries,
):
    for offset in range(6):
        session = make_session(design, membership, day=tomorrow + timedelta(days=offset))
        for person in followed(structure_a, counselor, 2, first_name=f"P{offset}"):
            actions.register(session=session, person=person, by=counselor)
    login(client, counselor)
    with django_assert_max_num_queries(15):
        response = client.get("/ateliers/")
    assert len(response.context["upcoming"]) == 6


def test_two_counselors_editing_a_design_never_overwrite_each_other(
    client, login, counselor, colleague, design
):
    url = f"/ateliers/conceptions/{design.pk}/modifier/"
    login(client, counselor)
    form = client.get(url).context["form"]
    base = {
        "title": design.title,
        "demand": design.demand,
        "public": design.public,
        "prerequisites": "",
        "objectives": "\n".join(design.objectives),
        "satisfaction_questions": "\n".join(design.satisfaction_questions),
        "version": form["version"].value(),
        "loaded_state": form["loaded_state"].value(),
    }
    other = login(Client(), colleague)
    assert other.post(url, {**base, "public": "Jeunes de 18 à 25 ans"}).status_code == 302
    response = client.post(url, {**base, "prerequisites": "Savoir lire"})
    assert response.status_code == 200
    assert "Quelqu'un d'autre a modifié" in page_text(response)
    design.refresh_from_db()
    assert design.public == "Jeunes de 18 à 25 ans" and design.prerequisites == ""


def test_merging_two_files_moves_the_workshop_registrations(
    counselor, manager, structure_a, session, person
):
    from tremplin.people.actions import merge_people

    twin = followed(structure_a, counselor, 1)[0]
    registration = actions.register(session=session, person=twin, by=counselor)
    merge_people(kept=person, merged=twin, by=manager, structure_id=structure_a.pk)
    registration.refresh_from_db()
    assert registration.person == person
