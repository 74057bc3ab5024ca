import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent, Follow, Person
from tremplin.projects.models import TargetJob
from tremplin.referentials.models import RomeAppellation
from tremplin.testing.factories import PersonFactory


def follow(person, structure, referent=None):
    Follow.objects.create(person=person, structure=structure, referent=referent)
    return person


@pytest.fixture
def named(structure_a, counselor):
    people = {
        name: follow(
            PersonFactory(last_name=last, first_name=first, birth_date=date(1990, 1, 1)),
            structure_a,
            counselor,
        )
        for name, (last, first) in {
            "lefevre": ("Lefèvre", "Élodie"),
            "dupont": ("Dupont", "Marie"),
            "nguyen": ("Nguyen", "Thanh"),
            "fontaine": ("de La Fontaine", "Jean"),
            "martin": ("Martin", "Paul"),
        }.items()
    }
    return people


@pytest.mark.parametrize(
    "query, expected",
    [
        ("lefevre", "lefevre"),  # accents missing
        ("LEFÈVRE élodie", "lefevre"),
        ("Dupond", "dupont"),  # one letter wrong
        ("dupnt", "dupont"),  # one letter missing
        ("fontane", "fontaine"),  # compound name, one letter missing
        ("Marie Dupond", "dupont"),  # first name + misspelt last name
        ("ngyen", "nguyen"),
    ],
)
def test_search_tolerates_accents_case_and_typos(client, login, counselor, named, query, expected):
    login(client, counselor)
    response = client.post("/personnes/", {"q": query})
    found = list(response.context["page"].object_list)
    assert found and found[0] == named[expected], [str(p) for p in found]


def test_search_does_not_return_unrelated_people(client, login, counselor, named):
    login(client, counselor)
    response = client.post("/personnes/", {"q": "Dupond"})
    assert named["martin"] not in response.context["page"].object_list


def test_mine_shows_only_my_people_and_structure_shows_all(
    client, login, counselor, colleague, structure_a, named
):
    theirs = follow(PersonFactory(last_name="Autre"), structure_a, colleague)
    login(client, counselor)
    mine = list(client.get("/personnes/", {"perimetre": "mine"}).context["page"].object_list)
    everyone = list(
        client.get("/personnes/", {"perimetre": "structure"}).context["page"].object_list
    )
    assert theirs not in mine and theirs in everyone
    assert set(named.values()) <= set(mine)


def test_the_caseload_sorts_names_as_a_french_reader_expects(client, login, counselor, structure_a):
    for last, first in [
        ("Dupont", "Yasmine"),
        ("Dupont", "Éric"),
        ("Édouard", "Anne"),
        ("Dupontel", "Anne"),
        ("Dupont-Aignan", "Anne"),
        ("Dupont", "Alain"),
    ]:
        follow(PersonFactory(last_name=last, first_name=first), structure_a, counselor)
    follow(PersonFactory(last_name="Zola", first_name="Émile"), structure_a, counselor)
    login(client, counselor)
    page = client.get("/personnes/", {"perimetre": "mine"}).context["page"].object_list
    # Accented capitals sort with their letter, not after Z (SQLite, C collation); a name
    # comes before a longer one starting the same (spaces and hyphens are ignored by the
    # usual PostgreSQL collations, the key does not depend on them).
    assert [(p.last_name, p.first_name) for p in page] == [
        ("Dupont", "Alain"),
        ("Dupont", "Éric"),
        ("Dupont", "Yasmine"),
        ("Dupont-Aignan", "Anne"),
        ("Dupontel", "Anne"),
        ("Édouard", "Anne"),
        ("Zola", "Émile"),
    ]


def test_closed_follows_leave_the_caseload_but_stay_in_the_archives(
    client, login, counselor, named
):
    Follow.objects.filter(person=named["martin"]).update(ended_on=timezone.localdate())
    login(client, counselor)
    current = client.get("/personnes/", {"perimetre": "structure"}).context["page"].object_list
    archived = (
        client.get("/personnes/", {"perimetre": "structure", "suivi": "tous"})
        .context["page"]
        .object_list
    )
    assert named["martin"] not in current and named["martin"] in archived


def test_situation_filters_are_hidden_from_reception_and_ignored(client, login, reception, named):
    Person.objects.filter(pk=named["dupont"].pk).update(is_rsa_beneficiary=True)
    login(client, reception)
    response = client.get("/personnes/", {"perimetre": "structure", "rsa": "1"})
    assert response.context["page"].paginator.count == len(named)
    assert b'name="rsa"' not in response.content


def test_rsa_filter(client, login, counselor, named):
    Person.objects.filter(pk=named["dupont"].pk).update(is_rsa_beneficiary=True)
    login(client, counselor)
    response = client.get("/personnes/", {"rsa": "1"})
    assert list(response.context["page"].object_list) == [named["dupont"]]


def test_htmx_search_renders_only_the_results(client, login, counselor, named):
    login(client, counselor)
    response = client.post("/personnes/", {"q": "martin"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="caseload-results"' in body and "<html" not in body


def test_caseload_query_count_does_not_grow_with_the_page(
    client, login, counselor, structure_a, django_assert_max_num_queries
):
    login(client, counselor)
    client.get("/personnes/")  # the first request of a session also writes the session
    for i in range(5):
        follow(PersonFactory(last_name=f"Petit{i}"), structure_a, counselor)
    with django_assert_max_num_queries(12) as small:
        client.get("/personnes/")
    for i in range(60):
        follow(PersonFactory(last_name=f"Grand{i}"), structure_a, counselor)
    with django_assert_max_num_queries(12) as large:
        response = client.get("/personnes/", {"page": 2})
    assert len(response.context["page"].object_list) == 25
    # The same queries, plus the COUNT(*) that a list shorter than a page does without.
    assert len(large.captured_queries) == len(small.captured_queries) + 1


def test_a_name_searched_never_goes_in_the_url(client, login, counselor, named):
    login(client, counselor)
    # In the query string the name is ignored: it is only read from a POST body.
    response = client.get("/personnes/", {"q": "Dupont", "perimetre": "structure"})
    assert response.context["query"] == "" and response.context["page"].paginator.count == len(
        named
    )
    for i in range(30):
        follow(
            PersonFactory(last_name=f"Dupont{i}"),
            named["dupont"].follows.get().structure,
            counselor,
        )
    page = client.post("/personnes/", {"q": "dupont", "perimetre": "structure"}).content.decode()
    assert "?q=" not in page and "q=dupont" not in page
    assert 'name="page" value="2"' in page  # the next page is asked for by POST


def test_filters_stay_in_the_page_links(client, login, counselor, structure_a):
    for i in range(30):
        person = follow(PersonFactory(last_name=f"Rsa{i:02d}"), structure_a, counselor)
        Person.objects.filter(pk=person.pk).update(is_rsa_beneficiary=True)
    login(client, counselor)
    page = client.get("/personnes/", {"rsa": "1"}).content.decode()
    assert "rsa=1" in page and "page=2" in page


def test_a_search_with_few_results_runs_once(client, login, counselor, named):
    """Fewer people than a page: no COUNT(*), which would run the fuzzy search twice."""
    login(client, counselor)
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/personnes/", {"q": "Dupond"})
    assert response.context["page"].paginator.count == len(response.context["page"].object_list)
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]


def _agreed(person, structure, user):
    Consent.objects.create(
        person=person,
        structure=structure,
        purpose=ConsentPurpose.EMPLOYER_PROPOSAL,
        channel=ConsentChannel.PAPER,
        given_at=timezone.now(),
        recorded_by=user,
    )
    return person


def test_the_employer_liaison_lists_the_people_to_propose_with_jobs_and_mobility(
    client, login, counselor, employer_liaison, structure_a, django_assert_max_num_queries
):
    """Only the people who agreed to be proposed; the jobs aimed at (the project's, else the
    wishes of the first contact) and the mobility; never the birth date or the age."""
    carine = follow(
        PersonFactory(
            last_name="Aubry",
            first_name="Carine",
            birth_date=date(1971, 3, 2),
            mobility_means=["car"],
            mobility_radius_km=25,
        ),
        structure_a,
        counselor,
    )
    _agreed(carine, structure_a, counselor)
    TargetJob.objects.create(
        person=carine,
        structure=structure_a,
        appellation=RomeAppellation.objects.get(pk="17993"),
        decision="confirm",
        decided_on=date(2026, 10, 1),
        why="Elle a aimé l'entrepôt.",
    )
    wished = _agreed(
        follow(PersonFactory(last_name="Bonnet"), structure_a, counselor), structure_a, counselor
    )
    wished.sought_appellations.set([RomeAppellation.objects.get(pk="17993")])
    follow(PersonFactory(last_name="Sansaccord"), structure_a, counselor)
    login(client, employer_liaison)

    with django_assert_max_num_queries(14):
        response = client.get("/personnes/")

    page = response.content.decode().replace("&#x27;", "'")
    assert [p.last_name for p in response.context["page"].object_list] == ["Aubry", "Bonnet"]
    assert "Personnes à proposer aux employeurs" in page and "SANSACCORD" not in page
    rows = {p.last_name: p for p in response.context["page"].object_list}
    assert rows["Aubry"].jobs == ["Préparateur / Préparatrice de commandes"]
    assert rows["Bonnet"].jobs == ["Préparateur / Préparatrice de commandes (souhaité)"]
    assert "Voiture personnelle · 25 km" in page
    assert "02/03/1971" not in page and " ans)" not in page
    assert "Les personnes dont je suis référent·e" not in page
    assert "Dossiers partagés avec nous" not in page  # they only see files of their structure
    # A job the person dropped does not come back through the wishes of the first contact.
    TargetJob.objects.create(
        person=wished,
        structure=structure_a,
        appellation=RomeAppellation.objects.get(pk="17993"),
        decision="drop",
        decided_on=date(2026, 10, 1),
        why="Trop physique.",
    )
    response = client.get("/personnes/")
    rows = {p.last_name: p for p in response.context["page"].object_list}
    assert rows["Bonnet"].jobs == []
    assert "aucun métier retenu dans le projet" in response.content.decode()


@pytest.fixture
def to_assign(structure_a, structure_b, counselor):
    """Files of A waiting for a référent·e, and files that must not be listed with them."""
    waiting = [follow(PersonFactory(last_name=f"Attente{i}"), structure_a) for i in range(2)]
    follow(PersonFactory(last_name="Suivie"), structure_a, counselor)
    ended = PersonFactory(last_name="Close")
    Follow.objects.create(person=ended, structure=structure_a, ended_on=timezone.localdate())
    follow(PersonFactory(last_name="Ailleurs"), structure_b)
    return waiting


@pytest.mark.parametrize("scope", ["structure", "mine", "partages"])
def test_a_manager_lists_the_files_without_referent(client, login, manager, to_assign, scope):
    login(client, manager)
    response = client.get("/personnes/", {"perimetre": scope, "sans_referent": "1"})
    assert sorted(response.context["page"].object_list, key=lambda p: p.pk) == to_assign
    # Whatever the scope asked, the files to assign are the structure's.
    assert response.context["scope"] == "structure"
    page = response.content.decode()
    assert re.search(r'id="f-sans-referent"[^>]* checked>', page)
    assert "à attribuer" in page


def test_a_counselor_may_filter_and_searches_by_post(client, login, counselor, to_assign):
    login(client, counselor)
    response = client.post("/personnes/", {"q": "attente", "sans_referent": "1"})
    assert sorted(response.context["page"].object_list, key=lambda p: p.pk) == to_assign
    response = client.post("/personnes/", {"q": "suivie", "sans_referent": "1"})
    assert response.context["page"].paginator.count == 0


def test_the_filter_is_kept_from_page_to_page(client, login, manager, structure_a):
    login(client, manager)
    for i in range(30):
        follow(PersonFactory(last_name=f"Nouveau{i}"), structure_a)
    response = client.get("/personnes/", {"sans_referent": "1"})
    assert "sans_referent=1" in response.context["filter_params"]


def test_reception_has_no_referent_filter(client, login, reception, to_assign):
    """Reception opens the files; assigning a référent·e is the counselors' and manager's."""
    login(client, reception)
    response = client.get("/personnes/", {"perimetre": "structure", "sans_referent": "1"})
    assert response.context["page"].paginator.count == 3
    assert "f-sans-referent" not in response.content.decode()


def test_all_files_assigned_says_so(client, login, manager, named):
    login(client, manager)
    page = client.get("/personnes/", {"sans_referent": "1"}).content.decode()
    assert "Tous les dossiers suivis par la structure ont un·e référent·e." in page


def test_the_filter_keeps_the_query_count_bounded(
    client, login, manager, structure_a, django_assert_max_num_queries
):
    login(client, manager)
    client.get("/personnes/")
    for i in range(40):
        follow(PersonFactory(last_name=f"Attente{i}"), structure_a)
    with django_assert_max_num_queries(12):
        response = client.get("/personnes/", {"sans_referent": "1", "page": 2})
    assert len(response.context["page"].object_list) == 15


def test_the_page_is_my_caseload_for_a_counselor_the_structures_people_for_the_others(
    client, login, counselor, reception, manager
):
    login(client, counselor)
    page = client.get("/personnes/").content.decode()
    assert "<title>Mon portefeuille" in page and "Personnes accompagnées" not in page
    for user in (reception, manager):
        login(client, user)
        page = client.get("/personnes/").content.decode()
        assert "<title>Personnes accompagnées" in page and "Mon portefeuille" not in page


@pytest.fixture
def left_behind(structure_a, colleague):
    """Files of A whose référent·e's access to A was deactivated."""
    people = [
        follow(PersonFactory(last_name=f"Delaisse{i}"), structure_a, colleague) for i in range(2)
    ]
    colleague.memberships.update(is_active=False, deactivated_at=timezone.now())
    return people


def test_files_of_a_deactivated_referent_are_to_assign_and_marked(
    client, login, manager, to_assign, left_behind
):
    login(client, manager)
    response = client.get("/personnes/", {"sans_referent": "1"})
    listed = sorted(response.context["page"].object_list, key=lambda p: p.pk)
    assert listed == sorted(to_assign + left_behind, key=lambda p: p.pk)
    page = response.content.decode()
    assert page.count('Chloé Collègue <span class="text-muted">(compte désactivé)</span>') == 2
    # The counselor still active is not marked.
    page = client.get("/personnes/", {"perimetre": "structure"}).content.decode()
    assert "Alice Conseil (compte désactivé)" not in page and "Alice Conseil" in page


def test_the_deactivated_mark_keeps_the_query_count_bounded(
    client, login, manager, structure_a, colleague, django_assert_max_num_queries
):
    login(client, manager)
    client.get("/personnes/")
    for i in range(40):
        follow(PersonFactory(last_name=f"Delaisse{i}"), structure_a, colleague)
    colleague.memberships.update(is_active=False)
    with django_assert_max_num_queries(12):
        response = client.get("/personnes/", {"perimetre": "structure", "page": 2})
    assert response.content.decode().count("(compte désactivé)") == 15
