"""The team's activity hours: last week's hours of every running pathway with a target."""

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tremplin.accounts.actions import invite_member
from tremplin.accounts.models import Membership
from tremplin.pathways import actions as workflow
from tremplin.pathways.enums import ActionOwner, ActionStatus, Framework
from tremplin.pathways.hours import monday_of
from tremplin.pathways.models import Action, Pathway
from tremplin.people.models import Follow
from tremplin.testing.factories import PersonFactory

URL = "/equipe/heures-d-activite/"
LAST_MONDAY = monday_of(timezone.localdate()) - timedelta(weeks=1)


def _pathway(structure, counselor, framework, last_name, hours=None):
    person = PersonFactory(last_name=last_name, first_name="Test")
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    counselor.active_membership = Membership.objects.get(user=counselor, structure=structure)
    pathway = workflow.create_pathway(
        pathway=Pathway(
            person=person,
            framework=framework,
            started_on=LAST_MONDAY - timedelta(weeks=4),
            planned_end_on=LAST_MONDAY + timedelta(weeks=30),
            referent=counselor,
        ),
        membership=counselor.active_membership,
        funders=[],
    )
    if hours is not None:
        Action.objects.create(
            pathway=pathway,
            title="Chantier découverte",
            owner=ActionOwner.PERSON,
            starts_on=LAST_MONDAY,
            due_on=LAST_MONDAY + timedelta(days=4),
            hours=Decimal(hours),
            status=ActionStatus.DONE,
        )
    return pathway


@pytest.fixture
def team(structure_a, structure_b, counselor, other_counselor):
    _pathway(structure_a, counselor, Framework.CEJ, "Atteint", hours=16)
    _pathway(structure_a, counselor, Framework.CONTRAT_ENGAGEMENT, "Manque", hours=5)
    _pathway(structure_a, counselor, Framework.PLIE, "Sanscible")  # no weekly target
    _pathway(structure_b, other_counselor, Framework.CEJ, "Ailleurs", hours=1)


def _page(client, query=""):
    return html.unescape(client.get(URL + query).content.decode())


def test_the_manager_sees_who_was_under_the_target_last_week(client, login, manager, team):
    login(client, manager)
    page = _page(client)
    assert "<strong>1</strong> parcours sous l'objectif sur 2 parcours concernés" in page
    assert "MANQUE Test" in page and "10 h" in page  # 5 h of 15: 10 h missing
    assert "ATTEINT" not in page and "SANSCIBLE" not in page and "AILLEURS" not in page

    page = _page(client, "?tous=on")
    assert "ATTEINT Test" in page and "Atteint</span>" in page
    assert page.index("MANQUE") < page.index("ATTEINT")  # furthest from the target first

    page = _page(client, "?cadre=cej&tous=on")
    assert "<strong>0</strong> parcours sous l'objectif sur 1 parcours concerné" in page
    assert "MANQUE" not in page
    assert 'href="/equipe/heures-d-activite/"' in _page(client, "?cadre=cej")  # menu entry


def test_the_page_is_the_managers(client, login, counselor, team):
    login(client, counselor)
    assert client.get(URL).status_code == 403


def test_the_queries_do_not_grow_with_the_pathways(
    client, login, manager, team, structure_a, counselor, django_assert_max_num_queries
):
    login(client, manager)
    client.get(URL)
    with django_assert_max_num_queries(30) as before:
        client.get(URL + "?tous=on")
    for n in range(4):
        _pathway(structure_a, counselor, Framework.CEJ, f"Encore{n}", hours=n)
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = _page(client, "?tous=on")
    assert "ENCORE3" in page


def test_the_manager_chooses_the_week_among_the_last_twelve(client, login, manager, team):
    login(client, manager)
    page = _page(client)
    assert f"semaine du {LAST_MONDAY:%d/%m/%Y}" in page
    assert "Heures d'activité de la semaine dernière" in page
    earlier = LAST_MONDAY - timedelta(weeks=1)
    page = _page(client, f"?semaine={earlier.isoformat()}&tous=on")
    # The hours of the action were done last week: the week before, both are under 15 h.
    assert f"Heures d'activité de la semaine du {earlier:%d/%m/%Y}" in page
    assert "<strong>2</strong> parcours sous l'objectif sur 2 parcours concernés" in page
    options = client.get(URL).context["form"].fields["semaine"].choices
    assert len(options) == 12 and options[0][0] == LAST_MONDAY.isoformat()


@pytest.mark.parametrize("bad", ["2026-13-01", "demain", "2000-01-03"])
def test_a_wrong_week_says_why_and_shows_last_week(client, login, manager, team, bad):
    login(client, manager)
    response = client.get(URL, {"semaine": bad})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Choisissez une des 12 dernières semaines complètes dans la liste." in page
    assert "Heures d'activité de la semaine dernière" in page
    assert "<strong>1</strong> parcours sous l'objectif sur 2 parcours concernés" in page


def test_the_referent_filter_lists_only_those_who_can_follow_people(
    client,
    login,
    manager,
    counselor,
    reception,
    employer_liaison,
    structure_admin,
    other_counselor,
    structure_a,
):
    invite_member(
        structure=structure_a,
        email="nouvelle@example.org",
        first_name="Nina",
        last_name="Invitée",
        role="counselor",
        by=manager,
    )
    login(client, manager)
    choices = dict(client.get(URL).context["form"].fields["referent"].choices)
    names = set(choices.values())
    assert names == {"Toute l'équipe", counselor.full_name, manager.full_name}


def test_the_table_exports_as_csv_with_the_same_rules(client, login, manager, counselor, team):
    login(client, manager)
    response = client.get(URL + "export.csv", {"tous": "on"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"heures-activite-{LAST_MONDAY.isoformat()}.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "MANQUE Test;Contrat d'engagement" in text or "MANQUE Test;" in text
    assert "ATTEINT Test;" in text and "AILLEURS" not in text
    assert "Parcours concernés;2" in text
    client.logout()
    login(client, counselor)
    assert client.get(URL + "export.csv").status_code == 403


def test_the_csv_export_leaves_a_line_in_each_named_persons_access_log(
    client, login, manager, team
):
    from tremplin.audit.models import AccessLog
    from tremplin.reporting.views import HOURS_EXPORT_REASON

    login(client, manager)
    _page(client, "?tous=on")
    assert not AccessLog.objects.filter(user=manager).exists()  # the page lists, like the others

    assert client.get(URL + "export.csv", {"tous": "on"}).status_code == 200
    logged = AccessLog.objects.filter(user=manager)
    exported = Pathway.objects.filter(person__last_name__in=["Atteint", "Manque"]).values_list(
        "person_id", flat=True
    )
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(exported)
    assert set(logged.values_list("reason", "section")) == {(HOURS_EXPORT_REASON, "pathway")}

    # Under the target only: the one person named.
    client.get(URL + "export.csv")
    assert logged.count() == 3
    assert (
        logged.filter(person_id=Pathway.objects.get(person__last_name="Manque").person_id).count()
        == 2
    )
