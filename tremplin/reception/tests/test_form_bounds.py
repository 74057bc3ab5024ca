"""Reception forms refuse absurd dates and endless texts, in French, and save nothing."""

from datetime import timedelta

from django.utils import timezone

from tremplin.reception.forms import DecisionForm, OrderForm, ServiceOfferForm
from tremplin.reception.models import Contact, InfoSession, ServiceOffer
from tremplin.reception.tests.test_reception import contact_data

TOO_LONG = "a" * 200_000


def test_a_contact_dated_1850_is_refused(client, login, reception):
    login(client, reception)
    response = client.post("/accueil/nouveau/", contact_data(received_at="1850-01-01T10:00"))
    assert response.context["form"].errors["received_at"] == [
        "Date invraisemblable : elle ne peut pas être antérieure au 01/01/2000."
    ]
    assert not Contact.objects.exists()


def test_a_next_step_years_ahead_is_refused(client, login, reception):
    login(client, reception)
    response = client.post("/accueil/nouveau/", contact_data(next_step_on="2207-03-01"))
    assert (
        response.context["form"]
        .errors["next_step_on"][0]
        .startswith("Date trop lointaine : elle ne peut pas dépasser le ")
    )
    assert not Contact.objects.exists()


def test_a_next_step_before_the_contact_is_refused(client, login, reception):
    login(client, reception)
    day = timezone.localdate() - timedelta(days=1)
    received_at = f"{day:%Y-%m-%d}T10:00"
    response = client.post(
        "/accueil/nouveau/", contact_data(received_at=received_at, next_step_on="2020-01-01")
    )
    assert response.context["form"].errors["next_step_on"] == [
        f"La suite ne peut pas être prévue avant le contact (le {day:%d/%m/%Y})."
    ]
    assert not Contact.objects.exists()
    # The same day is fine (a counselor seen at once).
    response = client.post(
        "/accueil/nouveau/", contact_data(received_at=received_at, next_step_on=day.isoformat())
    )
    assert response.status_code == 302 and Contact.objects.count() == 1


def test_a_demand_of_200000_characters_is_refused(client, login, reception):
    login(client, reception)
    response = client.post("/accueil/nouveau/", contact_data(demand=TOO_LONG, answer=TOO_LONG))
    errors = response.context["form"].errors
    message = "Ce texte est trop long : 5\u202f000 caractères au plus (il en compte 200\u202f000)."
    assert errors["demand"] == [message] and errors["answer"] == [message]
    assert not Contact.objects.exists()


def test_a_demand_of_5000_characters_is_kept(client, login, reception):
    login(client, reception)
    client.post("/accueil/nouveau/", contact_data(demand="a" * 5000))
    assert len(Contact.objects.get().demand) == 5000


def test_editing_a_contact_checks_the_same_bounds(client, login, reception):
    login(client, reception)
    client.post("/accueil/nouveau/", contact_data())
    contact = Contact.objects.get()
    response = client.post(
        f"/accueil/{contact.pk}/", contact_data(received_at="1999-12-31T23:00", demand=TOO_LONG)
    )
    assert {"received_at", "demand"} <= response.context["form"].errors.keys()
    contact.refresh_from_db()
    assert contact.received_at.year == timezone.localdate().year and len(contact.demand) < 100


def _session(start, **overrides):
    data = {
        "theme": "Découvrir l'accompagnement",
        "starts_at": start,
        "duration_minutes": 90,
        "capacity": 10,
        "place": "Salle 2",
    }
    data.update(overrides)
    return data


def test_an_information_session_in_1900_is_refused(client, login, reception):
    login(client, reception)
    response = client.post(
        "/accueil/informations-collectives/nouvelle/", _session("1900-01-01T09:30")
    )
    assert response.context["form"].errors["starts_at"] == [
        "Date invraisemblable : elle ne peut pas être antérieure au 01/01/2000."
    ]
    assert not InfoSession.objects.exists()


def test_an_information_session_two_years_ahead_is_refused(client, login, reception):
    login(client, reception)
    later = (timezone.localtime() + timedelta(days=800)).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/accueil/informations-collectives/nouvelle/", _session(later))
    assert "Date trop lointaine" in response.context["form"].errors["starts_at"][0]
    assert not InfoSession.objects.exists()


def test_an_information_session_next_month_with_a_long_description_is_refused(
    client, login, reception
):
    login(client, reception)
    soon = (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/accueil/informations-collectives/nouvelle/", _session(soon, description=TOO_LONG)
    )
    assert "trop long" in response.context["form"].errors["description"][0]
    client.post("/accueil/informations-collectives/nouvelle/", _session(soon, description="Court"))
    assert InfoSession.objects.get().description == "Court"


def test_order_forms_bound_their_texts_and_dates(structure_a):
    order = OrderForm(
        {
            "prescriber_kind": "departement",
            "prescriber_name": "Conseil départemental",
            "received_on": "1850-01-01",
            "service_ordered": TOO_LONG,
            "expected_start": "2099-01-01",
        }
    )
    assert {"received_on", "service_ordered", "expected_start"} <= order.errors.keys()
    decision = DecisionForm(
        {"decision": "refused", "refusal_reason": "other", "decision_note": TOO_LONG},
        offers=ServiceOffer.objects.none(),
    )
    assert "trop long" in decision.errors["decision_note"][0]
    offer = ServiceOfferForm({"name": "Accompagnement", "description": TOO_LONG})
    assert "trop long" in offer.errors["description"][0]
