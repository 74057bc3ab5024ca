from datetime import date, timedelta

import pytest
from django.utils import timezone

from tremplin.people.models import Consent, Follow, Person
from tremplin.people.nir import hash_nir
from tremplin.testing.factories import PersonFactory

# A valid NIR: 13 digits and the key 97 - (n mod 97).
NIR_BODY = "2950475123456"
VALID_NIR = NIR_BODY + f"{97 - int(NIR_BODY) % 97:02d}"


def form_data(**overrides):
    data = {
        "sex": "F",
        "last_name": "Lefèvre",
        "first_name": "Maëlle",
        "birth_date": "1995-04-12",
        "phone": "06 12 34 56 78",
        "email": "maelle@example.org",
        "postal_code": "44000",
        "commune": "Nantes — 44000 (44109)",
        "lives_in_qpv": "unknown",
        "lives_in_zrr": "unknown",
        "driving_licences": ["B"],
        "mobility_means": ["bike", "public_transport"],
        "add_appellation": "Maçon / Maçonne",
        "accompaniment_consent": "paper",
    }
    data.update(overrides)
    return data


def test_counselor_creates_a_file_followed_by_their_structure(
    client, login, counselor, structure_a
):
    login(client, counselor)
    response = client.post("/personnes/nouvelle/", form_data(nir=VALID_NIR, referent=counselor.pk))
    person = Person.objects.get(last_name="Lefèvre")
    assert response.status_code == 302 and response["Location"] == f"/personnes/{person.pk}/"
    assert person.commune_id == "44109"
    assert person.search_key == "lefevre maelle"
    assert person.nir_hash == hash_nir(VALID_NIR) and person.nir_tail == VALID_NIR[-5:]
    assert [a.label for a in person.sought_appellations.all()] == ["Maçon / Maçonne"]
    follow = Follow.objects.get(person=person)
    assert follow.structure == structure_a and follow.referent == counselor
    consent = Consent.objects.get(person=person)
    assert consent.purpose == "accompaniment" and consent.recorded_by == counselor


def test_the_nir_is_never_shown_in_full(client, login, counselor):
    login(client, counselor)
    response = client.post("/personnes/nouvelle/", form_data(nir=VALID_NIR), follow=True)
    body = response.content.decode()
    assert VALID_NIR not in body and VALID_NIR[:13] not in body
    assert f"se termine par {VALID_NIR[-5:]}" in body
    edit = client.get(f"/personnes/{Person.objects.get().pk}/modifier/").content.decode()
    assert VALID_NIR not in edit


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("nir", "295047512345699", "clé du NIR"),
        ("nir", "12345", "15 caractères"),
        ("postal_code", "4400", "5 chiffres"),
        ("postal_code", "75001", "ne correspond pas à la commune"),
        ("birth_date", (timezone.localdate() + timedelta(days=2)).isoformat(), "futur"),
        ("birth_date", "1900-05-12", "plus de 100 ans"),
        ("birth_date", (timezone.localdate() - timedelta(days=13 * 365)).isoformat(), "14 ans"),
        ("france_travail_id", "abc", "Identifiant France Travail invalide"),
        ("email", "pas-un-email", "adresse de courriel valide"),
        ("phone", "12", "Numéro de téléphone invalide"),
        ("commune", "Xqzwkj", "Commune introuvable"),
        ("last_name", "", "obligatoire"),
    ],
)
def test_bad_input_gets_a_french_message_and_saves_nothing(
    client, login, counselor, field, value, message
):
    login(client, counselor)
    response = client.post("/personnes/nouvelle/", form_data(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert (
        Person.objects.count() == 0 and Follow.objects.count() == 0 and Consent.objects.count() == 0
    )


def test_ambiguous_commune_asks_to_choose(client, login, counselor):
    login(client, counselor)
    response = client.post("/personnes/nouvelle/", form_data(commune="Saint-Denis", postal_code=""))
    assert "Plusieurs communes correspondent" in " ".join(
        response.context["form"].errors["commune"]
    )


def test_a_shared_commune_name_is_resolved_by_the_postal_code_beside_it(client, login, counselor):
    login(client, counselor)
    response = client.post(
        "/personnes/nouvelle/", form_data(commune="Saint-Nazaire", postal_code="44600")
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.get().commune_id == "44184"
    # A postal code that is not the commune's is refused, with the commune's own.
    response = client.post(
        "/personnes/nouvelle/",
        form_data(last_name="Autre", commune="Saint-Nazaire", postal_code="75011"),
    )
    assert "Plusieurs communes correspondent" in " ".join(
        response.context["form"].errors["commune"]
    )
    response = client.post(
        "/personnes/nouvelle/",
        form_data(last_name="Autre", commune="Nantes (44109)", postal_code="75011"),
    )
    assert "ne correspond pas à la commune choisie (44000, 44100, 44200, 44300)" in " ".join(
        response.context["form"].errors["postal_code"]
    )
    assert Person.objects.count() == 1


def test_commune_typed_by_postal_code_alone_is_resolved(client, login, counselor):
    login(client, counselor)
    client.post("/personnes/nouvelle/", form_data(commune="35000", postal_code="35000"))
    assert Person.objects.get().commune.name == "Rennes"
    response = client.post("/personnes/nouvelle/", form_data(commune="29600", postal_code="29600"))
    assert "Plusieurs communes" in " ".join(response.context["form"].errors["commune"])


class TestDuplicates:
    @pytest.fixture
    def existing(self, structure_a, counselor):
        person = PersonFactory(
            last_name="Lefèvre", first_name="Maëlle", birth_date=date(1995, 4, 12)
        )
        Follow.objects.create(person=person, structure=structure_a, referent=counselor)
        return person

    @pytest.mark.parametrize(
        "last_name, first_name",
        [
            ("LEFEVRE", "maelle"),  # no accents, other case
            ("Lefebvre", "Maëlle"),  # one letter different
            ("Lefèvre", "Maëlle-Rose"),  # compound first name
            ("Maëlle", "Lefèvre"),  # first and last names swapped
        ],
    )
    def test_likely_duplicate_is_shown_and_nothing_created(
        self, client, login, counselor, existing, last_name, first_name
    ):
        login(client, counselor)
        response = client.post(
            "/personnes/nouvelle/", form_data(last_name=last_name, first_name=first_name)
        )
        assert response.status_code == 200
        assert [m.person for m in response.context["duplicates"]] == [existing]
        assert "Ce dossier existe peut-être déjà" in response.content.decode()
        assert Person.objects.count() == 1

    @pytest.mark.parametrize(
        ("sex", "born"), [("F", "née le 12/04/1995"), ("M", "né le 12/04/1995"), ("X", "né·e le")]
    )
    def test_the_warning_agrees_born_with_the_sex_of_the_file_found(
        self, client, login, counselor, existing, sex, born
    ):
        existing.sex = sex
        existing.save()
        login(client, counselor)
        response = client.post("/personnes/nouvelle/", form_data(last_name="Lefevre"))
        warning = response.content.decode().split('id="duplicates"')[1].split("</div>")[0]
        assert born in warning

    def test_confirmation_creates_the_second_file(self, client, login, counselor, existing):
        login(client, counselor)
        response = client.post(
            "/personnes/nouvelle/", form_data(last_name="Lefevre", confirm_not_duplicate="on")
        )
        assert response.status_code == 302
        assert Person.objects.count() == 2

    def test_same_nir_is_a_duplicate_whatever_the_name(self, client, login, counselor, existing):
        existing.set_nir(VALID_NIR)
        existing.save()
        login(client, counselor)
        response = client.post(
            "/personnes/nouvelle/",
            form_data(last_name="Durand", first_name="Zoé", birth_date="1990-01-01", nir=VALID_NIR),
        )
        assert [m.reasons for m in response.context["duplicates"]] == [["même NIR"]]

    def test_birth_name_matches(self, client, login, counselor, existing):
        login(client, counselor)
        response = client.post(
            "/personnes/nouvelle/", form_data(last_name="Martin", birth_name="Lefèvre")
        )
        assert len(response.context["duplicates"]) == 1

    def test_other_birth_date_is_not_a_duplicate(self, client, login, counselor, existing):
        login(client, counselor)
        response = client.post("/personnes/nouvelle/", form_data(birth_date="1995-04-13"))
        assert response.status_code == 302

    def test_files_of_another_structure_are_never_revealed(
        self, client, login, other_counselor, existing
    ):
        login(client, other_counselor)
        response = client.post("/personnes/nouvelle/", form_data())
        assert response.status_code == 302  # created, without learning the other file exists
        assert Person.objects.count() == 2


def test_reception_creates_a_file_without_social_fields(client, login, reception):
    login(client, reception)
    form = client.get("/personnes/nouvelle/").context["form"]
    assert "last_name" in form.fields and "is_rsa_beneficiary" not in form.fields
    response = client.post("/personnes/nouvelle/", form_data(is_rsa_beneficiary="on"))
    assert response.status_code == 302
    assert Person.objects.get().is_rsa_beneficiary is False


def test_a_malformed_postal_code_gets_one_message_not_two(client, login, counselor):
    login(client, counselor)
    response = client.post(
        "/personnes/nouvelle/", form_data(commune="Saint-Nazaire (44184)", postal_code="4")
    )
    errors = response.context["form"].errors
    assert errors["postal_code"] == ["Le code postal doit comporter 5 chiffres."]
    assert "commune" not in errors


def test_a_postal_code_without_commune_takes_its_commune_or_asks_for_it(client, login, counselor):
    login(client, counselor)
    response = client.post("/personnes/nouvelle/", form_data(commune="", postal_code="44600"))
    assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.get().commune_id == "44184"
    # 29600 serves several communes: the counselor says which.
    response = client.post(
        "/personnes/nouvelle/", form_data(last_name="Autre", commune="", postal_code="29600")
    )
    assert response.context["form"].errors["commune"] == ["Indiquez la commune de ce code postal."]
    assert Person.objects.count() == 1


def test_the_address_never_ends_on_a_dangling_dash(client, login, counselor, structure_a):
    person = PersonFactory(postal_code="44600", commune=None, address="")
    Follow.objects.create(person=person, structure=structure_a, referent=counselor)
    login(client, counselor)
    page = client.get(f"/personnes/{person.pk}/").content.decode()
    address = page.split(">Adresse</dt>", 1)[1].split("</dd>", 1)[0]
    assert "44600" in address and "—" not in address
