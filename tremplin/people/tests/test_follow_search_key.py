"""The copy of the person's search key on each follow stays in step with the file.

A structure's name search goes through its follows (PersonQuerySet.search(followed_by=…)),
so a name changed, a follow added or a file merged must show in that copy at once.
"""

from datetime import date

from tremplin.people import actions
from tremplin.people.models import Follow, Person
from tremplin.testing.factories import PersonFactory


def names_found(client, query, scope="structure"):
    response = client.post("/personnes/", {"q": query, "perimetre": scope})
    return [p.last_name for p in response.context["page"].object_list]


def test_a_new_follow_carries_the_persons_key(structure_a, structure_b, counselor):
    person = PersonFactory(last_name="Lefèvre", first_name="Élodie")
    follow = Follow.objects.create(person=person, structure=structure_a, referent=counselor)
    other = Follow.objects.create(person_id=person.pk, structure=structure_b)  # id only
    assert follow.search_key == other.search_key == "lefevre elodie"


def test_a_renamed_person_is_found_under_the_new_name_only(client, login, counselor, structure_a):
    person = PersonFactory(last_name="Dupont", first_name="Marie")
    Follow.objects.create(person=person, structure=structure_a, referent=counselor)
    login(client, counselor)
    assert names_found(client, "dupond") == ["Dupont"]

    person = Person.objects.get(pk=person.pk)
    person.last_name = "Garnier"
    person.save()

    assert Follow.objects.get(person=person).search_key == "garnier marie"
    assert names_found(client, "dupond") == []
    assert names_found(client, "garnie marie") == ["Garnier"]
    assert names_found(client, "garnie marie", scope="mine") == ["Garnier"]


def test_a_save_that_keeps_the_name_leaves_the_follows_alone(structure_a, counselor):
    person = PersonFactory(last_name="Martin", first_name="Paul")
    follow = Follow.objects.create(person=person, structure=structure_a, referent=counselor)
    Follow.objects.filter(pk=follow.pk).update(search_key="marker")
    person = Person.objects.get(pk=person.pk)
    person.phone = "06 12 34 56 78"
    person.save()
    assert Follow.objects.get(pk=follow.pk).search_key == "marker"  # no needless write
    person.first_name = "Pierre"
    person.save()
    assert Follow.objects.get(pk=follow.pk).search_key == "martin pierre"


def test_follows_moved_by_a_merge_carry_the_kept_name(
    client, login, manager, structure_a, structure_b
):
    kept = PersonFactory(last_name="Nguyen", first_name="Thanh", birth_date=date(1990, 1, 1))
    merged = PersonFactory(last_name="Ngyuen", first_name="Tanh", birth_date=date(1990, 1, 1))
    Follow.objects.create(person=kept, structure=structure_a)
    Follow.objects.create(
        person=merged, structure=structure_a, started_on=date(2020, 1, 1), ended_on=date(2021, 1, 1)
    )
    actions.merge_people(kept=kept, merged=merged, by=manager, structure_id=structure_a.pk)

    assert set(Follow.objects.filter(person=kept).values_list("search_key", flat=True)) == {
        "nguyen thanh"
    }
    login(client, manager)
    response = client.post("/personnes/", {"q": "nguyen", "suivi": "tous"})
    assert [p.pk for p in response.context["page"].object_list] == [kept.pk]
