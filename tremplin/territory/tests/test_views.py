"""The territory watch page and the team's notes: who may, what they see, bad input."""

import pytest
from django.urls import reverse

from tremplin.referentials.models import Commune
from tremplin.territory.models import WatchNote

URL = reverse("territory:watch")
NOTES_URL = reverse("territory:notes")
CREATE_URL = reverse("territory:note-create")


@pytest.fixture
def in_saint_nazaire(structure_a):
    structure_a.commune = Commune.objects.get(pk="44184")
    structure_a.save(update_fields=["commune"])
    return structure_a


@pytest.fixture
def note(structure_a, counselor):
    return WatchNote.objects.create(
        structure=structure_a,
        author=counselor,
        topic="hiring",
        title="Chantiers navals : 300 soudeurs",
        body="Annonce en réunion du service public de l'emploi.",
        source="Réunion SPE",
    )


def test_the_page_opens_on_the_structure_s_basin(client, login, counselor, in_saint_nazaire):
    login(client, counselor)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bassin d'emploi Saint-Nazaire" in page
    assert "7\u202f130" in page  # projects of the basin, French thousands
    assert "Aides de cuisine et employés polyvalents de la restauration" in page
    assert "Les métiers en tension" in page
    assert "Source : France Travail, enquête « Besoins en main-d'œuvre » 2024" in page
    assert 'aria-current="page" href="/territoire/"' in page


def test_another_basin_and_one_family(client, login, counselor):
    login(client, counselor)
    response = client.get(URL, {"bassin": "1119", "famille": ""})
    page = response.content.decode()
    assert "Bassin d'emploi Grand Roissy - Le Bourget" in page
    assert "départements 77, 93, 95" in page
    family = client.get(URL, {"bassin": "5225", "famille": "S"}).content.decode()
    assert "Par famille de métiers" not in family  # one family: no breakdown by family


def test_a_basin_or_family_that_does_not_exist_is_refused_in_french(client, login, counselor):
    login(client, counselor)
    response = client.get(URL, {"bassin": "00000"})
    assert response.status_code == 400
    assert "Ce bassin d&#x27;emploi n&#x27;existe pas" in response.content.decode()
    response = client.get(URL, {"bassin": "5225", "famille": "ZZ"})
    assert response.status_code == 400
    assert "Cette famille de métiers n&#x27;existe pas" in response.content.decode()


@pytest.mark.parametrize("persona", ["reception", "employer_liaison", "manager", "colleague"])
def test_the_roles_that_keep_the_watch_open_it(client, login, cast, persona):
    login(client, cast[persona])
    assert client.get(URL).status_code == 200


def test_the_structure_admin_does_not(client, login, structure_admin):
    login(client, structure_admin)
    assert client.get(URL).status_code == 403


def test_a_note_is_written_then_read_by_the_team(client, login, structure_a, counselor, colleague):
    login(client, counselor)
    response = client.post(
        CREATE_URL,
        {
            "observed_on": "18/11/2026",
            "topic": "training",
            "title": "Titre professionnel APH en janvier",
            "body": "12 places financées par la Région.",
            "source": "https://exemple.fr/formation",
        },
    )
    assert response.status_code == 302
    note = WatchNote.objects.get()
    assert (note.author, note.structure) == (counselor, structure_a)
    login(client, colleague)
    page = client.get(reverse("territory:note", args=[note.pk])).content.decode()
    assert "12 places financées par la Région." in page
    assert 'href="https://exemple.fr/formation"' in page
    assert "Modifier" not in page  # not the author
    assert client.get(reverse("territory:note-edit", args=[note.pk])).status_code == 403
    listed = client.get(NOTES_URL, {"theme": "training", "q": "région"}).content.decode()
    assert "Titre professionnel APH en janvier" in listed
    other = client.get(NOTES_URL, {"theme": "housing"}).content.decode()
    assert "Titre professionnel APH en janvier" not in other


def test_bad_input_changes_nothing(client, login, counselor):
    login(client, counselor)
    response = client.post(
        CREATE_URL, {"observed_on": "01/01/2999", "topic": "nope", "title": "", "body": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "La date de l&#x27;information ne peut pas être dans le futur." in page
    assert "Sélectionnez un choix valide" in page
    assert not WatchNote.objects.exists()


def test_a_source_that_is_not_a_web_address_is_shown_as_text(client, login, counselor, note):
    login(client, counselor)
    page = client.get(reverse("territory:note", args=[note.pk])).content.decode()
    assert "Réunion SPE" in page and 'href="Réunion SPE"' not in page


def test_two_edits_of_one_note_never_overwrite_each_other(client, login, counselor, manager, note):
    url = reverse("territory:note-edit", args=[note.pk])
    login(client, counselor)
    form = client.get(url).context["form"]
    loaded = {"version": form["version"].value(), "loaded_state": form["loaded_state"].value()}
    login(client, manager)
    data = {
        "observed_on": "15/11/2026",
        "topic": "hiring",
        "title": note.title,
        "body": "Complété par la responsable.",
        "source": note.source,
        **loaded,
    }
    assert client.post(url, data).status_code == 302
    login(client, counselor)
    response = client.post(url, {**data, "body": "Ma version du texte.", **loaded})
    assert response.status_code == 200
    assert "Quelqu'un d'autre a modifié cette fiche" in response.content.decode()
    note.refresh_from_db()
    assert note.body == "Complété par la responsable."


def test_the_author_or_the_manager_deletes_a_note(client, login, colleague, manager, note):
    url = reverse("territory:note-delete", args=[note.pk])
    login(client, colleague)
    assert client.post(url).status_code == 403
    assert WatchNote.objects.filter(pk=note.pk).exists()
    login(client, manager)
    assert client.post(url).status_code == 302
    assert not WatchNote.objects.filter(pk=note.pk).exists()


def test_another_structure_never_sees_the_notes(client, login, other_counselor, note):
    login(client, other_counselor)
    assert client.get(reverse("territory:note", args=[note.pk])).status_code == 404
    assert note.title not in client.get(NOTES_URL).content.decode()
    assert note.title not in client.get(URL).content.decode()


def test_the_page_query_count_does_not_grow_with_notes(
    client, login, counselor, structure_a, django_assert_max_num_queries
):
    login(client, counselor)
    for n in range(30):
        WatchNote.objects.create(
            structure=structure_a, author=counselor, topic="other", title=f"Note {n}", body="x"
        )
    with django_assert_max_num_queries(25):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(NOTES_URL).status_code == 200
