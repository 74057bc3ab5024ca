"""The manager's dashboard: what waits in the structure, the team, the month so far."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tremplin.core.validators import example_siret
from tremplin.dataexport.models import AccessRequest, due_date
from tremplin.employers.models import (
    Company,
    JobOffer,
    PublicationConfirmation,
    PublicationRequest,
)
from tremplin.network import referrals as workflow
from tremplin.network.models import PartnerService, PartnerStructure, Referral
from tremplin.people.enums import ConsentChannel
from tremplin.people.models import ExceptionalAccess, Follow
from tremplin.practice.models import Incident
from tremplin.reporting.tests.conftest import _contact, _order, _urgency
from tremplin.testing.factories import PersonFactory

URL = reverse("reporting:dashboard")


def _incident(structure, user, status="open"):
    return Incident.objects.create(
        structure=structure,
        reported_by=user,
        occurred_at=timezone.now() - timedelta(days=2),
        kind="verbal",
        severity="medium",
        place="reception",
        description="Insultes au guichet.",
        status=status,
        closed_at=timezone.now() if status == "closed" else None,
    )


def _company(structure, user, number):
    return Company.objects.create(
        structure=structure,
        name=f"Entreprise {number}",
        siret=example_siret(number),
        naf_id="47.24Z",
        size_bracket="01",
        address="1 rue du Port",
        postal_code="44000",
        commune_id="44109",
        created_by=user,
    )


def _submitted_to_the_manager(structure, user, number, *, closed=False):
    """A draft held by blocking findings, submitted by the liaison to the manager."""
    offer = JobOffer.objects.create(
        structure=structure,
        company=_company(structure, user, number),
        title="Vendeur",
        appellation_id="11573",
        contract_type="cdi",
        weekly_hours=35,
        commune_id="44109",
        description="Vente en boutique.",
        profile="Nationalité française exigée.",
        created_by=user,
    )
    PublicationRequest.objects.create(
        offer=offer,
        requested_by=user,
        reason="L'employeur insiste.",
        closed_at=timezone.now() if closed else None,
        outcome="returned" if closed else "",
    )


def _published_despite_findings(structure, user, number, *, reviewed=False):
    company = _company(structure, user, number)
    offer = JobOffer.objects.create(
        structure=structure,
        company=company,
        title="Vendeuse",
        appellation_id="11573",
        contract_type="cdi",
        weekly_hours=35,
        commune_id="44109",
        description="Vente en boutique.",
        created_by=user,
        status="published",
        published_at=timezone.now(),
    )
    PublicationConfirmation.objects.create(
        offer=offer,
        confirmed_by=user,
        reason="L'employeur insiste.",
        reviewed_at=timezone.now() if reviewed else None,
        reviewed_by=user if reviewed else None,
        review="kept" if reviewed else "",
    )


def _sent_referral(structure, person, user, days_ago, overdue=False):
    partner = PartnerStructure.objects.get_or_create(
        source="dora",
        source_id="dora--1",
        defaults={"name": "Auto-école", "email": "contact@auto-ecole.test"},
    )[0]
    service = PartnerService.objects.get_or_create(
        structure=partner, source="dora", source_id="dora--s1", defaults={"name": "Permis"}
    )[0]
    membership = user.memberships.get(structure=structure)
    referral = workflow.send(
        referral=workflow.create_draft(
            person=person, membership=membership, service=service, motive="Préparer le permis."
        ),
        membership=membership,
        sections=["identity"],
        consent_channel=ConsentChannel.ORAL,
    )
    sent_at = timezone.now() - timedelta(days=days_ago)
    # The structure's answer delay: past it, the referral is late.
    expires_at = (
        timezone.now() - timedelta(days=1) if overdue else timezone.now() + timedelta(days=5)
    )
    Referral.objects.filter(pk=referral.pk).update(sent_at=sent_at, expires_at=expires_at)


@pytest.fixture
def waiting(structure_a, structure_b, counselor, other_counselor, person, person_b):
    """What waits in structure A, and the same in structure B, which must never count."""
    today = timezone.localdate()
    now = timezone.now()
    for number, (structure, user, someone) in enumerate(
        ((structure_a, counselor, person), (structure_b, other_counselor, person_b)), start=301
    ):
        _published_despite_findings(structure, user, number)
        _submitted_to_the_manager(structure, user, number + 100)
        ExceptionalAccess.objects.create(
            person=someone,
            structure=structure,
            user=user,
            sections=["health"],
            reason="La référente est absente aujourd'hui.",
            expires_at=now,
        )
        _urgency(structure, someone, user, now, positive=True)
        _incident(structure, user)
        _order(structure, someone, user, today - timedelta(days=10))
        _order(structure, someone, user, today - timedelta(days=1))
        _sent_referral(structure, someone, user, days_ago=20, overdue=True)
        AccessRequest.objects.create(
            person=someone,
            structure=structure,
            kind="access",
            channel="email",
            received_on=today - timedelta(days=40),
            due_on=due_date(today - timedelta(days=40)),
        )
        # Files opened by reception, « référent·e à attribuer »: one for ten days.
        for days in (10, 0):
            Follow.objects.create(
                person=PersonFactory(), structure=structure, started_on=today - timedelta(days=days)
            )
    # Settled items of A never count.
    Follow.objects.create(
        person=PersonFactory(),
        structure=structure_a,
        started_on=today - timedelta(days=60),
        ended_on=today - timedelta(days=5),
    )
    _published_despite_findings(structure_a, counselor, 303, reviewed=True)
    _submitted_to_the_manager(structure_a, counselor, 403, closed=True)
    _incident(structure_a, counselor, status="closed")
    _order(structure_a, person, counselor, today - timedelta(days=30), status="refused")
    _contact(structure_a, counselor, "walk_in", now)
    _contact(structure_b, other_counselor, "walk_in", now)


def _pending(response):
    return {item.title: (item.count, item.late) for item in response.context["board"].pending}


def test_the_manager_lands_on_the_dashboard_and_sees_what_waits(client, login, manager, waiting):
    login(client, manager)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert _pending(response) == {
        "Alertes d'urgence à traiter": (1, 0),
        "Incidents non clos": (1, 1),
        "Commandes des prescripteurs sans réponse": (2, 1),
        "Orientations envoyées sans réponse du partenaire": (1, 1),
        "Demandes d'accès aux données à traiter": (1, 1),
        "Offres publiées malgré des constats, à relire": (1, 0),
        "Offres soumises à votre décision (points bloquants)": (1, 0),
        "Accès exceptionnels aux dossiers, à regarder": (1, 0),
        "Dossiers sans référent·e": (2, 1),
    }
    page = response.content.decode().replace("&#x27;", "'")
    assert "dont 1 depuis plus de 7 jours" in page and "dont 1 hors délai légal" in page
    assert "dont 1 hors délai" in page and "dont 1 encore à traiter" in page
    # Aggregates and names of the team only: no person's name on the dashboard.
    assert "Inès" not in page
    # The team's load and the month so far, with the report's definitions.
    assert [row.user for row in response.context["board"].team] == sorted(
        [row.user for row in response.context["board"].team],
        key=lambda u: (u.last_name, u.first_name),
    )
    assert "L'équipe cette semaine" in page and "Personnes suivies en référence" in page
    month = dict((label, value) for label, value, _year, _d in response.context["board"].month_rows)
    assert month["Contacts à l'accueil"] == "1"
    assert "Depuis janvier" in page
    # The month's block leads to this month's report, the last month's is one more link.
    this_month = response.context["board"].month
    assert f'href="/equipe/rapport-d-activite/?mois={this_month.key}"' in page
    assert f"Rapport d'activité de {this_month.label} (en cours)" in page


def test_nothing_waiting_is_said_plainly(client, login, manager):
    login(client, manager)
    page = client.get(URL).content.decode().replace("&#x27;", "'")
    assert "Rien n'attend de décision dans la structure." in page
    assert page.count("Rien en attente.") == 9


def test_the_files_without_referent_lead_to_the_caseload_filtered_on_them(
    client, login, manager, waiting, person
):
    login(client, manager)
    card = _pending_item(client.get(URL), "Dossiers sans référent·e")
    assert card.link == "Attribuer les référent·es"
    listed = client.get(card.url).context["page"].object_list
    assert len(listed) == 2 and person not in listed


def _pending_item(response, title):
    return next(item for item in response.context["board"].pending if item.title == title)


@pytest.mark.parametrize(
    "persona", ["counselor", "reception", "employer_liaison", "structure_admin"]
)
def test_other_roles_have_no_dashboard(client, login, cast, persona):
    login(client, cast[persona])
    assert client.get(URL).status_code == 403
    # … and no « Pilotage » menu in the top bar.
    assert "steering-menu" not in client.get("/", follow=True).content.decode()


def test_the_query_count_does_not_grow_with_what_waits(
    login, manager, waiting, structure_a, counselor, person, django_assert_max_num_queries
):
    client = login(Client(), manager)
    client.get(URL)
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL).status_code == 200
    for days in range(12):
        _order(structure_a, person, counselor, timezone.localdate() - timedelta(days=days))
        _incident(structure_a, counselor)
    for number in range(3):
        _submitted_to_the_manager(structure_a, counselor, 500 + number)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(URL)
    assert _pending(response)["Commandes des prescripteurs sans réponse"] == (14, 5)
    assert _pending(response)["Offres soumises à votre décision (points bloquants)"] == (4, 0)


def test_the_steering_menu_holds_the_manager_pages(client, login, manager):
    login(client, manager)
    page = client.get(URL).content.decode().replace("&#x27;", "'")
    menu = page[
        page.index('id="steering-menu"') : page.index("</ul>", page.index('id="steering-menu"'))
    ]
    for label, url in (
        ("Tableau de bord", URL),
        ("Rapport d'activité", reverse("reporting:activity")),
        ("Indicateurs FSE+", reverse("reporting:fse")),
        ("Charge de travail de l'équipe", reverse("practice:workload")),
        ("Incidents", reverse("practice:incidents")),
        ("Conservation des dossiers", reverse("privacy:retention")),
        ("Demandes d'accès aux données", reverse("dataexport:open")),
    ):
        assert f'href="{url}">{label}</a>' in menu, label
    assert 'aria-current="page" href="' + URL in menu
    # The orders are a tab of « Accueil », not an entry of their own in the top bar.
    orders = client.get(reverse("reception:orders")).content.decode()
    assert ">Commandes</a>" not in orders
    assert 'aria-current="page" href="/commandes/">Commandes des prescripteurs' in orders
    # The top bar's « Accueil » is the current section, the tab the current page: one page.
    assert orders.count('aria-current="page"') == 1


def test_referrals_expired_without_answer_still_count_as_waiting_for_an_answer(
    client, login, manager, counselor, structure_a, person
):
    """Those marked « sans réponse dans le délai » are the ones to act on: the card and the
    team table count them, as late."""
    _sent_referral(structure_a, person, counselor, days_ago=20, overdue=True)
    assert workflow.expire_overdue() == 1
    _sent_referral(structure_a, PersonFactory(), counselor, days_ago=2)
    login(client, manager)
    response = client.get(URL)
    assert _pending(response)["Orientations envoyées sans réponse du partenaire"] == (2, 1)
    team = {row.user: row for row in response.context["board"].team}
    assert team[counselor].pending_referrals == 2


def test_files_whose_referent_was_deactivated_count_as_without_referent(
    client, login, manager, colleague, structure_a, person
):
    for last_name in ("Un", "Deux"):
        Follow.objects.create(
            person=PersonFactory(last_name=last_name), structure=structure_a, referent=colleague
        )
    login(client, manager)
    assert _pending_item(client.get(URL), "Dossiers sans référent·e").count == 0
    colleague.memberships.update(is_active=False)
    assert _pending_item(client.get(URL), "Dossiers sans référent·e").count == 2
