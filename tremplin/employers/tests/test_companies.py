"""The company file through the test client: create, search, contacts, the timeline."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tremplin.core.validators import example_siret
from tremplin.employers.models import Company, CompanyContact, Interaction
from tremplin.employers.tests.utils import text

pytestmark = pytest.mark.django_db


def _company_data(**overrides):
    data = {
        "name": "Transports Guérin",
        "siret": example_siret(202),
        "naf": "49.41A",
        "size_bracket": "12",
        "sector": "private",
        "address": "ZI de Cheviré",
        "postal_code": "",
        "commune": "Nantes (44109)",
        "phone": "02 40 11 22 33",
        "email": "rh@guerin.example",
        "website": "guerin.example",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_liaison_creates_a_company_with_siret_naf_and_commune(liaison_client, structure_a):
    response = liaison_client.post("/entreprises/nouvelle/", _company_data())
    company = Company.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/entreprises/{company.pk}/"
    assert company.structure == structure_a
    assert company.naf_id == "49.41A" and company.commune_id == "44109"
    assert company.postal_code in company.commune.postal_code_list
    assert company.website == "https://guerin.example"
    page = text(liaison_client.get(response["Location"]))
    assert "Transports Guérin" in page and "Transports routiers de fret interurbains" in page
    assert company.sector == "private" and "Marchand (entreprise)" in page


def test_the_sector_is_asked_and_may_stay_unknown_until_filled(liaison_client):
    form = text(liaison_client.get("/entreprises/nouvelle/"))
    assert "Secteur" in form and "Non marchand : association, fondation" in form
    liaison_client.post("/entreprises/nouvelle/", _company_data(sector=""))
    company = Company.objects.get()
    assert company.sector == ""
    page = text(liaison_client.get(f"/entreprises/{company.pk}/"))
    assert "à indiquer pour savoir si le PEC ou le CIE peut s'appliquer" in page
    response = liaison_client.post("/entreprises/nouvelle/", _company_data(sector="ngo"))
    assert "sector" in response.context["form"].errors


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("siret", "12345678901234", "clé de contrôle incorrecte"),
        ("siret", "1234", "Le SIRET doit comporter 14 chiffres"),
        ("naf", "99.99Z", "Code NAF inconnu"),
        ("naf", "49", "Choisissez une sous-classe NAF"),
        ("postal_code", "29600", "Ce code postal ne correspond pas à la commune choisie"),
        ("phone", "12", "Numéro de téléphone invalide"),
    ],
)
def test_bad_company_input_is_refused_in_french_and_nothing_saved(
    liaison_client, field, value, message
):
    response = liaison_client.post("/entreprises/nouvelle/", _company_data(**{field: value}))
    assert response.status_code == 200
    assert message in text(response)
    assert field in response.context["form"].errors
    assert not Company.objects.exists()


def test_naf_code_is_accepted_without_its_dot(liaison_client):
    liaison_client.post("/entreprises/nouvelle/", _company_data(naf="4941a"))
    assert Company.objects.get().naf_id == "49.41A"


def test_the_same_establishment_is_refused_twice_in_a_structure_not_in_another(
    liaison_client, company, login, other_counselor
):
    response = liaison_client.post("/entreprises/nouvelle/", _company_data(siret=company.siret))
    assert "déjà dans le fichier entreprises" in text(response)
    other = login(Client(), other_counselor)
    assert (
        other.post("/entreprises/nouvelle/", _company_data(siret=company.siret)).status_code == 302
    )
    assert Company.objects.filter(siret=company.siret).count() == 2


def test_search_by_name_naf_and_commune(liaison_client, company, structure_a):
    Company.objects.create(
        structure=structure_a,
        name="Garage Central",
        siret=example_siret(303),
        naf_id="45.20A",
        commune_id="44184",
        postal_code="44600",
    )

    def names(**query):
        response = liaison_client.get("/entreprises/", query)
        return [c.name for c in response.context["page"].object_list]

    assert names() == ["Boulangerie du Port", "Garage Central"]
    assert names(q="boulangerie port") == ["Boulangerie du Port"]
    assert names(q="GARAGE") == ["Garage Central"]
    assert names(naf="45") == ["Garage Central"]
    assert names(naf="10.71C") == ["Boulangerie du Port"]
    assert names(commune="Saint-Nazaire (44184)") == ["Garage Central"]
    assert names(naf="abc") == []
    assert "Saisissez un code NAF" in text(liaison_client.get("/entreprises/", {"naf": "abc"}))


def test_company_list_query_count_does_not_grow_with_companies(
    liaison_client, structure_a, django_assert_max_num_queries
):
    for n in range(30):
        Company.objects.create(
            structure=structure_a,
            name=f"Entreprise {n}",
            siret=example_siret(400 + n),
            naf_id="47.11F",
            commune_id="44109",
        )
    with django_assert_max_num_queries(12):
        response = liaison_client.get("/entreprises/")
    assert len(response.context["page"].object_list) == 25


def test_another_structure_does_not_see_the_company(company, login, other_counselor):
    other = login(Client(), other_counselor)
    assert other.get(f"/entreprises/{company.pk}/").status_code == 404
    assert "Boulangerie du Port" not in text(other.get("/entreprises/"))


def test_reception_has_no_employer_file(company, login, reception):
    assert login(Client(), reception).get("/entreprises/").status_code == 403


def test_contacts_and_the_timeline_of_exchanges(liaison_client, company, employer_liaison):
    response = liaison_client.post(
        f"/entreprises/{company.pk}/contacts/nouveau/",
        {
            "first_name": "Yvonne",
            "last_name": "Le Floch",
            "role": "Gérante",
            "phone": "0240000000",
            "email": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    contact = CompanyContact.objects.get()
    today = timezone.localdate()
    response = liaison_client.post(
        f"/entreprises/{company.pk}/echanges/nouveau/",
        {
            "kind": "call",
            "occurred_on": today - timedelta(days=10),
            "contact": contact.pk,
            "summary": "Premier appel : besoin d'un boulanger en janvier.",
            "next_step": "Visiter le fournil",
            "next_step_due_on": today - timedelta(days=1),
            "next_step_owner": employer_liaison.pk,
        },
    )
    assert response.status_code == 302
    liaison_client.post(
        f"/entreprises/{company.pk}/echanges/nouveau/",
        {
            "kind": "visit",
            "occurred_on": today,
            "contact": contact.pk,
            "summary": "Visite du fournil.",
            "next_step": "",
            "next_step_due_on": "",
        },
    )
    page = text(liaison_client.get(f"/entreprises/{company.pk}/"))
    # Newest first, with the contact, the next step and its owner.
    assert page.index("Visite du fournil.") < page.index("Premier appel")
    assert "Yvonne Le Floch (Gérante)" in page
    assert "Visiter le fournil" in page and "en retard" in page
    # The overdue next step is listed on the companies page.
    assert "Visiter le fournil" in text(liaison_client.get("/entreprises/"))
    # Marking it done takes it off the list.
    call = Interaction.objects.get(kind="call")
    response = liaison_client.post(
        f"/entreprises/echanges/{call.pk}/modifier/",
        {
            "kind": "call",
            "occurred_on": call.occurred_on,
            "contact": contact.pk,
            "summary": call.summary,
            "next_step": call.next_step,
            "next_step_due_on": call.next_step_due_on,
            "next_step_owner": employer_liaison.pk,
            "next_step_done_on": today,
        },
    )
    assert response.status_code == 302
    assert "Prochaines étapes à faire" not in text(liaison_client.get("/entreprises/"))


def test_a_next_step_needs_its_text_and_due_date(liaison_client, company):
    response = liaison_client.post(
        f"/entreprises/{company.pk}/echanges/nouveau/",
        {
            "kind": "email",
            "occurred_on": date(2026, 11, 2),
            "summary": "Envoi de la plaquette.",
            "next_step": "Relancer",
            "next_step_due_on": "",
        },
    )
    assert "Donnez une échéance à la prochaine étape." in text(response)
    response = liaison_client.post(
        f"/entreprises/{company.pk}/echanges/nouveau/",
        {
            "kind": "email",
            "occurred_on": date(2026, 11, 2),
            "summary": "Envoi de la plaquette.",
            "next_step": "",
            "next_step_due_on": date(2026, 11, 9),
        },
    )
    assert "Décrivez la prochaine étape." in text(response)
    assert not Interaction.objects.exists()


def test_an_exchange_is_not_in_the_future_and_its_next_step_not_before_it(liaison_client, company):
    today = timezone.localdate()
    data = {"kind": "call", "summary": "Appel.", "next_step": "Rappeler"}
    response = liaison_client.post(
        f"/entreprises/{company.pk}/echanges/nouveau/",
        {**data, "occurred_on": today + timedelta(days=27), "next_step_due_on": today},
    )
    assert "Un échange se note une fois qu'il a eu lieu" in text(response)
    response = liaison_client.post(
        f"/entreprises/{company.pk}/echanges/nouveau/",
        {**data, "occurred_on": today, "next_step_due_on": today - timedelta(days=1)},
    )
    assert "ne peut pas précéder la date de l'échange" in text(response)
    assert not Interaction.objects.exists()


def test_concurrent_edits_of_a_company_do_not_overwrite(liaison_client, company, login, manager):
    form = liaison_client.get(f"/entreprises/{company.pk}/modifier/").context["form"]
    loaded = {
        "version": company.version,
        "loaded_state": form["loaded_state"].value(),
    }
    other = login(Client(), manager)
    base = _company_data(siret=company.siret, naf="10.71C", commune="Nantes (44109)")
    assert (
        other.post(
            f"/entreprises/{company.pk}/modifier/",
            {**base, **loaded, "name": "Boulangerie du Port (Manager)"},
        ).status_code
        == 302
    )
    response = liaison_client.post(
        f"/entreprises/{company.pk}/modifier/", {**base, **loaded, "name": "Boulangerie Liaison"}
    )
    assert response.status_code == 200 and "Quelqu'un d'autre a modifié" in text(response)
    company.refresh_from_db()
    assert company.name == "Boulangerie du Port (Manager)"


def test_an_exchange_without_next_step_keeps_no_owner(liaison_client, company, employer_liaison):
    form = liaison_client.get(f"/entreprises/{company.pk}/echanges/nouveau/").context["form"]
    assert form["next_step_owner"].value() == employer_liaison.pk  # proposed by default
    response = liaison_client.post(
        f"/entreprises/{company.pk}/echanges/nouveau/",
        {
            "kind": "visit",
            "occurred_on": date(2026, 11, 3),
            "summary": "Visite.",
            "next_step_owner": employer_liaison.pk,
        },
    )
    assert response.status_code == 302
    assert Interaction.objects.get().next_step_owner is None


def test_the_main_menu_shows_entreprises_to_the_roles_that_work_with_employers(
    login, employer_liaison, counselor, manager, reception, structure_admin
):
    link = 'href="/entreprises/">Entreprises</a>'
    for user, shown in (
        (employer_liaison, True),
        (counselor, True),
        (manager, True),
        (reception, False),
        (structure_admin, False),
    ):
        page = login(Client(), user).get("/", follow=True).content.decode()
        assert (link in page) is shown, user


def test_only_members_who_work_with_employers_own_a_next_step(
    liaison_client, company, employer_liaison, counselor, manager, reception, structure_admin
):
    form = liaison_client.get(f"/entreprises/{company.pk}/echanges/nouveau/").context["form"]
    owners = set(form.fields["next_step_owner"].queryset)
    assert {employer_liaison, counselor, manager} <= owners
    assert reception not in owners and structure_admin not in owners


def test_a_siret_pasted_with_spaces_is_accepted_and_kept_as_digits(liaison_client):
    siret = example_siret(203)
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"  # as on an avis Sirene
    assert 'maxlength="20"' in text(liaison_client.get("/entreprises/nouvelle/"))
    response = liaison_client.post("/entreprises/nouvelle/", _company_data(siret=spaced))
    assert response.status_code == 302
    assert Company.objects.get().siret == siret
