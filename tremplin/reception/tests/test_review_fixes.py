"""Fixes after the review of the demo: attendance before the session, refusal « Autre
raison », cancelling a registration, prescriber's name, one read logged per order page,
agreed attendance labels."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.reception.models import InfoSession, Order, Registration


@pytest.fixture
def order(structure_a, counselor, person):
    return Order.objects.create(
        structure=structure_a,
        person=person,
        prescriber_kind="france_travail",
        prescriber_name="France Travail — agence de Saint-Nazaire",
        received_on=timezone.localdate() - timedelta(days=2),
        service_ordered="Accompagnement renforcé",
        recorded_by=counselor,
    )


def test_opening_an_order_logs_one_read(client, login, counselor, order):
    login(client, counselor)
    before = AccessLog.objects.filter(person_id=order.person_id).count()
    assert client.get(f"/commandes/{order.pk}/").status_code == 200
    assert AccessLog.objects.filter(person_id=order.person_id).count() == before + 1


@pytest.fixture
def session(structure_a):
    return InfoSession.objects.create(
        structure=structure_a,
        theme="Découvrir l'accompagnement",
        starts_at=timezone.now() + timedelta(days=9),
        place="Salle 2",
        capacity=1,
    )


@pytest.fixture
def registration(session, person, reception):
    return Registration.objects.create(session=session, person=person, registered_by=reception)


def page_of(client, session):
    return f"/accueil/informations-collectives/{session.pk}/"


# --- 1. attendance before the session ---------------------------------------------------------


@pytest.mark.parametrize("attendance", ["present", "absent"])
def test_present_or_absent_is_refused_before_the_session(
    client, login, reception, session, registration, attendance
):
    login(client, reception)
    response = client.post(
        page_of(client, session),
        {"action": "attendance", f"r{registration.pk}": attendance},
        follow=True,
    )
    registration.refresh_from_db()
    assert registration.attendance == "registered"
    assert "pas encore commencé" in response.content.decode()
    assert "Présences enregistrées" not in response.content.decode()


def test_excused_is_possible_before_the_session(client, login, reception, session, registration):
    login(client, reception)
    client.post(
        page_of(client, session), {"action": "attendance", f"r{registration.pk}": "excused"}
    )
    registration.refresh_from_db()
    assert registration.attendance == "excused"


def test_present_is_recorded_once_the_session_has_started(
    client, login, reception, session, registration
):
    InfoSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=10)
    )
    login(client, reception)
    client.post(
        page_of(client, session), {"action": "attendance", f"r{registration.pk}": "present"}
    )
    registration.refresh_from_db()
    assert registration.attendance == "present"


# --- 2. refusal « Autre raison » ----------------------------------------------------------------


def test_other_reason_needs_a_written_reason(client, login, counselor, order):
    login(client, counselor)
    response = client.post(
        f"/commandes/{order.pk}/",
        {"decision": "refused", "refusal_reason": "other", "decision_note": "  "},
    )
    assert "Autre raison" in response.context["form"].errors["decision_note"][0]
    order.refresh_from_db()
    assert order.status == "received"
    client.post(
        f"/commandes/{order.pk}/",
        {
            "decision": "refused",
            "refusal_reason": "other",
            "decision_note": "La personne a déjà commencé un accompagnement chez nous.",
        },
    )
    order.refresh_from_db()
    assert order.status == "refused" and order.refusal_reason == "other"


# --- 3. cancelling a registration ----------------------------------------------------------------


def test_cancelling_a_registration_frees_the_place_and_keeps_a_trace(
    client, login, reception, session, registration
):
    login(client, reception)
    page = client.get(page_of(client, session)).content.decode()
    assert "Oui, annuler l'inscription" in page and "Complet" in page
    response = client.post(
        page_of(client, session),
        {"action": "cancel", "registration": registration.pk},
        follow=True,
    )
    content = response.content.decode()
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert "annulée : la place est libérée" in content and "Complet" not in content
    trace = Registration.history.filter(id=registration.pk).latest("history_date")
    assert trace.history_type == "-" and trace.history_user == reception
    assert trace.history_change_reason == "inscription annulée"


def test_a_person_noted_present_keeps_the_registration(
    client, login, reception, session, registration
):
    InfoSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(days=1))
    Registration.objects.filter(pk=registration.pk).update(attendance="present")
    login(client, reception)
    assert "Oui, annuler l'inscription" not in client.get(page_of(client, session)).content.decode()
    response = client.post(
        page_of(client, session),
        {"action": "cancel", "registration": registration.pk},
        follow=True,
    )
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert "inscription est conservée" in response.content.decode()


def test_a_registration_of_another_session_cannot_be_cancelled_from_here(
    client, login, reception, session, registration, structure_a
):
    other = InfoSession.objects.create(
        structure=structure_a,
        theme="Autre",
        starts_at=session.starts_at,
        place="Salle 1",
        capacity=3,
    )
    login(client, reception)
    response = client.post(
        page_of(client, other), {"action": "cancel", "registration": registration.pk}
    )
    assert response.status_code == 404 and Registration.objects.filter(pk=registration.pk).exists()


# --- 4. the prescriber's name --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "label"),
    [
        (
            "france_travail",
            "France Travail — agence de Saint-Nazaire",
            "France Travail — agence de Saint-Nazaire",
        ),
        ("spip", "SPIP 44", "SPIP 44"),
        (
            "departement",
            "conseil departemental de Loire-Atlantique",
            "conseil departemental de Loire-Atlantique",
        ),
        ("ccas", "CCAS de Nantes", "CCAS de Nantes"),
        ("departement", "Espace solidarités", "Conseil départemental — Espace solidarités"),
        ("spip", "Antenne de Spipville", "SPIP — Antenne de Spipville"),
    ],
)
def test_the_prescriber_kind_is_not_repeated(kind, name, label):
    assert Order(prescriber_kind=kind, prescriber_name=name).prescriber_label == label


def test_order_pages_do_not_double_the_prescriber(client, login, counselor, order):
    login(client, counselor)
    detail = client.get(f"/commandes/{order.pk}/").content.decode()
    assert "France Travail — France Travail" not in detail
    assert "France Travail — agence de Saint-Nazaire" in detail
    queue = client.get("/commandes/").content.decode()
    assert "(France Travail)" not in queue and "France Travail — agence de Saint-Nazaire" in queue


# --- 6. one read logged per page view -------------------------------------------------------------


def test_answering_an_order_logs_one_read(client, login, counselor, order):
    login(client, counselor)
    before = AccessLog.objects.filter(person_id=order.person_id).count()
    response = client.post(
        f"/commandes/{order.pk}/",
        {"decision": "refused", "refusal_reason": "outside_offer"},
        follow=True,
    )
    assert response.status_code == 200 and response.redirect_chain
    assert AccessLog.objects.filter(person_id=order.person_id).count() == before + 1


def test_recording_an_order_logs_one_read(client, login, counselor, person):
    login(client, counselor)
    before = AccessLog.objects.filter(person_id=person.pk).count()
    response = client.post(
        f"/personnes/{person.pk}/commandes/nouvelle/",
        {
            "prescriber_kind": "spip",
            "prescriber_name": "SPIP 44",
            "received_on": timezone.localdate().isoformat(),
            "service_ordered": "Accompagnement vers l'emploi",
        },
        follow=True,
    )
    assert response.redirect_chain and Order.objects.filter(person=person).exists()
    assert AccessLog.objects.filter(person_id=person.pk).count() == before + 1


# --- 7. attendance labels agreed with the person -------------------------------------------------


def test_attendance_labels_agree_with_the_person(
    client, login, reception, session, registration, person
):
    person.sex = "M"
    person.save()
    login(client, reception)
    page = client.get(page_of(client, session)).content.decode()
    for label in ("Inscrit", "Présent", "Excusé", "Absent"):
        assert f">{label}</label>" in page
    assert "Présent·e</label>" not in page


def test_attendance_labels_stay_inclusive_without_a_known_sex(
    client, login, reception, session, structure_a
):
    from tremplin.reception.models import Contact

    contact = Contact.objects.create(
        structure=structure_a,
        channel="phone",
        received_by=reception,
        last_name="Camille",
        demand="x",
        next_step="information",
    )
    Registration.objects.create(session=session, contact=contact, registered_by=reception)
    login(client, reception)
    assert ">Présent·e</label>" in client.get(page_of(client, session)).content.decode()
