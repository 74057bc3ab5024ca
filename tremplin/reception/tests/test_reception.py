from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.utils import timezone

from tremplin.people.models import Person
from tremplin.reception.models import Contact, InfoSession, Order, Registration, ServiceOffer


def contact_data(**overrides):
    data = {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "walk_in",
        "last_name": "Benamar",
        "first_name": "Yasmine",
        "phone": "06 12 34 56 78",
        "demand": "Je cherche un travail dans la vente, j'ai fini mon CAP en juin.",
        "answer": "Présentation de l'accompagnement, invitée à l'information collective.",
        "next_step": "info_session",
    }
    data.update(overrides)
    return data


@pytest.fixture
def session(structure_a):
    return InfoSession.objects.create(
        structure=structure_a,
        theme="Découvrir l'accompagnement",
        starts_at=timezone.now() + timedelta(days=3),
        place="Salle 2, 12 avenue de la République",
        capacity=2,
    )


def test_reception_notes_a_contact_before_any_file_exists(client, login, reception, structure_a):
    login(client, reception)
    response = client.post("/accueil/nouveau/", contact_data())
    contact = Contact.objects.get()
    assert (
        response.status_code == 302
        and contact.structure == structure_a
        and contact.received_by == reception
    )
    assert contact.person is None and contact.search_key == "benamar yasmine"
    log = client.get("/accueil/").content.decode()
    assert "BENAMAR Yasmine" in log and "sans dossier" in log


def test_a_contact_becomes_a_file_in_one_click(client, login, reception):
    login(client, reception)
    client.post("/accueil/nouveau/", contact_data(next_step="file"))
    contact = Contact.objects.get()
    page = client.get(f"/accueil/{contact.pk}/dossier/")
    assert page.context["form"]["last_name"].value() == "Benamar"
    response = client.post(
        f"/accueil/{contact.pk}/dossier/",
        {
            "last_name": "Benamar",
            "first_name": "Yasmine",
            "birth_date": "2004-06-02",
            "sex": "F",
            "phone": "06 12 34 56 78",
            "lives_in_qpv": "unknown",
            "lives_in_zrr": "unknown",
        },
    )
    person = Person.objects.get()
    assert response["Location"] == f"/personnes/{person.pk}/"
    contact.refresh_from_db()
    assert contact.person == person
    assert "Je cherche un travail dans la vente" in client.get(
        f"/personnes/{person.pk}/accueil/"
    ).content.decode().replace("&#x27;", "'")


def test_a_contact_in_the_future_is_refused(client, login, reception):
    login(client, reception)
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/accueil/nouveau/", contact_data(received_at=later))
    assert "received_at" in response.context["form"].errors and not Contact.objects.exists()


def test_contacts_of_another_structure_are_invisible(client, login, reception, other_counselor):
    login(client, reception)
    client.post("/accueil/nouveau/", contact_data())
    contact = Contact.objects.get()
    other = login(Client(), other_counselor)
    assert other.get(f"/accueil/{contact.pk}/").status_code == 404
    assert other.get("/accueil/").context["page"].paginator.count == 0


def test_registration_capacity_attendance_and_follow_up(client, login, reception, person, session):
    login(client, reception)
    client.post("/accueil/nouveau/", contact_data())
    contact = Contact.objects.get()
    client.post(f"/accueil/{contact.pk}/inscription/", {"session": session.pk})
    client.post(
        f"/accueil/informations-collectives/{session.pk}/inscription/", {"person": person.pk}
    )
    assert Registration.objects.count() == 2
    # Full: the third is refused with a French message.
    third = Contact.objects.create(
        structure=session.structure,
        channel="phone",
        received_by=reception,
        last_name="Tiers",
        demand="x",
        next_step="information",
    )
    response = client.post(
        f"/accueil/{third.pk}/inscription/", {"session": session.pk}, follow=True
    )
    assert "Complet" in response.content.decode() and Registration.objects.count() == 2
    # Attendance once the session has begun, then who needs a next step.
    InfoSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5)
    )
    of_contact = Registration.objects.get(contact=contact)
    of_person = Registration.objects.get(person=person)
    client.post(
        f"/accueil/informations-collectives/{session.pk}/",
        {
            "action": "attendance",
            f"r{of_contact.pk}": "present",
            f"r{of_person.pk}": "absent",
        },
    )
    page = client.get(f"/accueil/informations-collectives/{session.pk}/")
    follow_up = page.context["follow_up"]
    assert [r.contact for r in follow_up["present_without_file"]] == [contact]
    assert [r.person for r in follow_up["absent"]] == [person]


def test_a_person_cannot_be_registered_twice(client, login, reception, person, session):
    login(client, reception)
    client.post(
        f"/accueil/informations-collectives/{session.pk}/inscription/", {"person": person.pk}
    )
    response = client.post(
        f"/accueil/informations-collectives/{session.pk}/inscription/",
        {"person": person.pk},
        follow=True,
    )
    assert "déjà inscrite" in response.content.decode() and Registration.objects.count() == 1


def test_session_needs_a_place_or_a_link(client, login, reception):
    login(client, reception)
    start = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/accueil/informations-collectives/nouvelle/",
        {"theme": "Atelier", "starts_at": start, "duration_minutes": 90, "capacity": 10},
    )
    assert (
        "Indiquez un lieu ou un lien" in response.content.decode()
        and not InfoSession.objects.exists()
    )


def test_a_session_without_places_nor_duration_says_why_in_plain_french(client, login, reception):
    login(client, reception)
    start = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/accueil/informations-collectives/nouvelle/",
        {"theme": "Atelier", "starts_at": start, "duration_minutes": 0, "capacity": 0},
    )
    errors = response.context["form"].errors
    assert errors["capacity"] == ["Prévoyez au moins une place."]
    assert errors["duration_minutes"] == ["La durée doit être d'au moins une minute."]
    assert errors["place"] == ["Indiquez un lieu ou un lien de visioconférence."]
    page = response.content.decode()
    assert "contrainte" not in page and "info_session" not in page
    assert not InfoSession.objects.exists()


def test_every_reception_constraint_has_a_french_message():
    for model in apps.get_app_config("reception").get_models():
        for constraint in model._meta.constraints:
            message = constraint.get_violation_error_message()
            assert constraint.name not in message, (model, constraint.name)


class TestOrders:
    @pytest.fixture
    def offer(self, structure_a):
        return ServiceOffer.objects.create(
            structure=structure_a, name="Accompagnement renforcé vers l'emploi (6 mois)"
        )

    def order_data(self, **overrides):
        data = {
            "prescriber_kind": "departement",
            "prescriber_name": "Conseil départemental — espace solidarités de Saint-Nazaire",
            "prescriber_contact": "Mme Leclerc",
            "prescriber_email": "solidarites@example.org",
            "prescriber_reference": "CD44-2026-118",
            "received_on": (timezone.localdate() - timedelta(days=9)).isoformat(),
            "service_ordered": "Accompagnement socio-professionnel renforcé, bénéficiaire du RSA",
            "expected_start": timezone.localdate().isoformat(),
        }
        data.update(overrides)
        return data

    def test_order_is_queued_with_its_age_then_accepted_and_answered(
        self, client, login, counselor, person, offer, django_capture_on_commit_callbacks
    ):
        login(client, counselor)
        response = client.post(f"/personnes/{person.pk}/commandes/nouvelle/", self.order_data())
        order = Order.objects.get()
        assert response["Location"] == f"/commandes/{order.pk}/"
        queue = client.get("/commandes/")
        assert (
            list(queue.context["page"].object_list) == [order]
            and queue.context["stats"]["late"] == 1
        )
        assert order.age_days == 9
        refused = client.post(f"/commandes/{order.pk}/", {"decision": "accepted"})
        assert "offer" in refused.context["form"].errors
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/commandes/{order.pk}/",
                {
                    "decision": "accepted",
                    "offer": offer.pk,
                    "conformity_note": "Public RSA, dates possibles.",
                },
            )
        order.refresh_from_db()
        assert order.status == "accepted" and order.offer == offer and order.answer_sent_at
        assert mail.outbox[0].to == ["solidarites@example.org"]
        body = mail.outbox[0].body
        assert "accepté" in body and "CD44-2026-118" in body and person.last_name not in body
        assert list(client.get("/commandes/").context["page"].object_list) == []

    def test_refusal_needs_a_reason(self, client, login, counselor, person):
        login(client, counselor)
        client.post(
            f"/personnes/{person.pk}/commandes/nouvelle/", self.order_data(prescriber_email="")
        )
        order = Order.objects.get()
        response = client.post(f"/commandes/{order.pk}/", {"decision": "refused"})
        assert "refusal_reason" in response.context["form"].errors
        client.post(
            f"/commandes/{order.pk}/", {"decision": "refused", "refusal_reason": "outside_offer"}
        )
        order.refresh_from_db()
        assert order.status == "refused" and order.answer_sent_at is None and not mail.outbox

    def test_bad_dates_are_refused(self, client, login, counselor, person):
        login(client, counselor)
        response = client.post(
            f"/personnes/{person.pk}/commandes/nouvelle/",
            self.order_data(expected_start="2026-12-10", expected_end="2026-12-01"),
        )
        assert "expected_end" in response.context["form"].errors and not Order.objects.exists()

    def test_reception_records_orders_but_does_not_answer(
        self, client, login, reception, counselor, person, offer
    ):
        login(client, reception)
        form = client.get(f"/personnes/{person.pk}/commandes/nouvelle/")
        assert form.status_code == 200 and "attachment" not in form.context["form"].fields
        response = client.post(f"/personnes/{person.pk}/commandes/nouvelle/", self.order_data())
        order = Order.objects.get()
        assert response["Location"] == f"/commandes/{order.pk}/" and order.recorded_by == reception
        assert list(client.get("/commandes/").context["page"].object_list) == [order]
        page = client.get(f"/commandes/{order.pk}/")
        assert (
            "Vérifier et répondre" not in page.content.decode() and not page.context["can_decide"]
        )
        denied = client.post(f"/commandes/{order.pk}/", {"decision": "accepted", "offer": offer.pk})
        order.refresh_from_db()
        assert denied.status_code == 403 and order.status == "received"
        counselor_page = login(Client(), counselor).get(f"/commandes/{order.pk}/")
        assert "Vérifier et répondre" in counselor_page.content.decode()

    def test_offers_are_managed_by_the_manager(self, client, login, manager, counselor):
        login(client, manager)
        client.post(
            "/commandes/offre-de-services/",
            {"name": "Diagnostic socio-professionnel", "is_active": "on"},
        )
        assert ServiceOffer.objects.get().name == "Diagnostic socio-professionnel"
        assert login(Client(), counselor).get("/commandes/offre-de-services/").status_code == 403
