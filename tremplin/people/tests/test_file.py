"""The person's file: sections by role, access log, edits and conflicts, history."""

import pytest
from django.test import Client

from conftest import CANARY_HEALTH_NOTE, CANARY_JUSTICE_NOTE, CANARY_LAST_NAME
from tremplin.audit.models import AccessLog
from tremplin.people.models import Person


def tabs(response):
    return [t["key"] for t in response.context["tabs"]]


def test_referent_sees_every_section(client, login, counselor, person):
    login(client, counselor)
    response = client.get(f"/personnes/{person.pk}/")
    assert tabs(response) == [
        "file",
        "diagnosis",
        "pathway",
        "project",
        "immersions",
        "employment",
        "rights",
        "agenda",
        "workshops",
        "referrals",
        "reception",
        "health",
        "justice",
        "documents",
        "consents",
        "history",
    ]
    assert CANARY_HEALTH_NOTE in client.get(f"/personnes/{person.pk}/sante/").content.decode()
    assert CANARY_JUSTICE_NOTE in client.get(f"/personnes/{person.pk}/justice/").content.decode()


def test_colleague_who_is_not_referent_does_not_see_health_or_justice(
    client, login, colleague, person
):
    login(client, colleague)
    response = client.get(f"/personnes/{person.pk}/")
    assert "health" not in tabs(response) and "justice" not in tabs(response)
    assert client.get(f"/personnes/{person.pk}/sante/").status_code == 404
    assert client.get(f"/personnes/{person.pk}/justice/").status_code == 404


def test_reception_sees_identity_only(client, login, reception, person):
    login(client, reception)
    response = client.get(f"/personnes/{person.pk}/")
    body = response.content.decode()
    assert tabs(response) == ["file", "agenda", "workshops", "reception", "consents"]
    assert CANARY_LAST_NAME.upper() in body
    assert "Situation administrative et sociale" not in body


def test_manager_sees_everything_including_who_read_the_file(
    client, login, manager, counselor, person
):
    login(Client(), counselor).get(f"/personnes/{person.pk}/sante/")
    login(client, manager)
    assert "access_log" in tabs(client.get(f"/personnes/{person.pk}/"))
    response = client.get(f"/personnes/{person.pk}/consultations/")
    logs = list(response.context["page"].object_list)
    assert any(log.user == counselor and log.section == "health" for log in logs)
    assert "Alice Conseil" in response.content.decode()


def test_the_access_log_pages_through(client, login, manager, counselor, person):
    for _ in range(26):
        login(Client(), counselor).get(f"/personnes/{person.pk}/")
    login(client, manager)
    url = f"/personnes/{person.pk}/consultations/"
    page = client.get(url).content.decode()
    assert '<a class="page-link" href="?page=2">Suivante</a>' in page
    second = client.get(f"{url}?page=2")
    assert second.context["page"].number == 2
    assert 'href="?page=1">Précédente</a>' in second.content.decode()


def test_every_read_writes_one_access_log_row_per_section_shown(
    client, login, counselor, person, structure_a
):
    login(client, counselor)
    client.get(f"/personnes/{person.pk}/")
    client.get(f"/personnes/{person.pk}/sante/")
    client.get(f"/personnes/{person.pk}/consentements/")
    rows = list(
        AccessLog.objects.filter(person_id=person.pk)
        .order_by("pk")
        .values_list("user", "structure", "section")
    )
    assert rows == [
        (counselor.pk, structure_a.pk, "identity"),
        (counselor.pk, structure_a.pk, "situation"),
        (counselor.pk, structure_a.pk, "health"),
        (counselor.pk, structure_a.pk, "consents"),
    ]


def test_a_refused_read_is_not_logged_as_a_read(client, login, other_counselor, person):
    login(client, other_counselor)
    client.get(f"/personnes/{person.pk}/")
    assert not AccessLog.objects.filter(person_id=person.pk).exists()


def test_unknown_or_malformed_ids_are_404_never_500(client, login, counselor):
    login(client, counselor)
    assert client.get("/personnes/999999/").status_code == 404
    assert client.get("/personnes/documents/999999/").status_code == 404
    assert client.get("/personnes/abc/").status_code == 404
    assert client.get("/personnes/1/modifier/inconnu/").status_code == 404


class TestEdit:
    def _data(self, person, **overrides):
        response_form = self.client.get(f"/personnes/{person.pk}/modifier/").context["form"]
        data = {
            name: (bound.value() if bound.value() is not None else "")
            for name, bound in ((n, response_form[n]) for n in response_form.fields)
        }
        data = {k: v for k, v in data.items() if v is not False}
        if person.commune:
            data["commune"] = person.commune.label
        data.update(overrides)
        return data

    @pytest.fixture(autouse=True)
    def _client(self, client, login, counselor):
        self.client = login(client, counselor)

    def test_edit_saves_and_bumps_the_version(self, person):
        data = self._data(person, phone="06 11 22 33 44")
        response = self.client.post(f"/personnes/{person.pk}/modifier/", data)
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.phone == "06 11 22 33 44" and person.version == 2

    def test_a_refused_edit_leaves_the_header_on_the_saved_values(self, person):
        Person.objects.filter(pk=person.pk).update(sex="F")
        person.refresh_from_db()
        data = self._data(person, last_name="", birth_date="1900-05-12")
        response = self.client.post(f"/personnes/{person.pk}/modifier/", data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "plus de 100 ans" in " ".join(errors["birth_date"])
        page = response.content.decode()
        header = page.split('class="page-header"', 1)[1].split("</div>", 1)[0]
        assert f"Née le {person.birth_date:%d/%m/%Y} ({person.age} ans)" in header
        assert "1900" not in header and person.last_name.upper() in header
        refreshed = Person.objects.get(pk=person.pk)
        assert refreshed.birth_date == person.birth_date and refreshed.version == 1

    @pytest.mark.parametrize("typed", ["abc", "ABCDEFGH", "123456", "1234567-A", "12345678901234"])
    def test_a_france_travail_id_that_cannot_be_one_is_refused(self, person, typed):
        data = self._data(person, france_travail_id=typed)
        response = self.client.post(f"/personnes/{person.pk}/modifier/", data)
        assert response.status_code == 200
        assert "Identifiant France Travail invalide" in " ".join(
            response.context["form"].errors["france_travail_id"]
        )
        assert Person.objects.get(pk=person.pk).france_travail_id == ""

    @pytest.mark.parametrize(
        ("typed", "saved"),
        [("1234567 a", "1234567A"), ("12345678", "12345678"), ("035 1234567 b", "0351234567B")],
    )
    def test_a_france_travail_id_is_saved_without_spaces_in_upper_case(self, person, typed, saved):
        data = self._data(person, france_travail_id=typed)
        assert self.client.post(f"/personnes/{person.pk}/modifier/", data).status_code == 302
        assert Person.objects.get(pk=person.pk).france_travail_id == saved

    def test_concurrent_edit_is_refused_with_what_changed(self, person, colleague, login):
        mine = self._data(person, phone="06 11 22 33 44")
        theirs_client = login(Client(), colleague)
        theirs = self._data(person, email="nouvelle@example.org")
        assert theirs_client.post(f"/personnes/{person.pk}/modifier/", theirs).status_code == 302
        response = self.client.post(f"/personnes/{person.pk}/modifier/", mine)
        assert response.status_code == 200
        conflicts = response.context["form"].conflicts
        assert ("E-mail", "", "nouvelle@example.org", False) in conflicts
        assert "modifié par quelqu'un d'autre" in response.content.decode()
        person.refresh_from_db()
        assert person.email == "nouvelle@example.org" and person.phone == ""
        # Submitting again keeps both changes: theirs was taken into the form.
        resubmit = response.context["form"].data.copy()
        assert self.client.post(f"/personnes/{person.pk}/modifier/", resubmit).status_code == 302
        person.refresh_from_db()
        assert person.phone == "06 11 22 33 44" and person.email == "nouvelle@example.org"

    def test_same_field_changed_by_both_keeps_mine_after_review(self, person, colleague, login):
        mine = self._data(person, phone="06 11 22 33 44")
        theirs = self._data(person, phone="07 99 99 99 99")
        login(Client(), colleague).post(f"/personnes/{person.pk}/modifier/", theirs)
        response = self.client.post(f"/personnes/{person.pk}/modifier/", mine)
        assert ("Téléphone", "", "07 99 99 99 99", True) in response.context["form"].conflicts
        person.refresh_from_db()
        assert person.phone == "07 99 99 99 99"
        self.client.post(f"/personnes/{person.pk}/modifier/", response.context["form"].data.copy())
        person.refresh_from_db()
        assert person.phone == "06 11 22 33 44"

    def test_health_section_is_edited_only_by_who_may_see_it(self, person, colleague, login):
        response = self.client.post(
            f"/personnes/{person.pk}/modifier/sante/",
            {"health_notes": "Port de charges limité", "version": person.version, "rqth_until": ""},
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.health_notes == "Port de charges limité" and person.has_rqth is False
        other = login(Client(), colleague)
        assert other.get(f"/personnes/{person.pk}/modifier/sante/").status_code == 404

    def test_the_main_form_never_carries_health_fields(self, person):
        form = self.client.get(f"/personnes/{person.pk}/modifier/").context["form"]
        assert "health_notes" not in form.fields and "justice_notes" not in form.fields
        assert (
            CANARY_HEALTH_NOTE
            not in self.client.get(f"/personnes/{person.pk}/modifier/").content.decode()
        )

    def test_history_lists_changes_of_visible_fields_only(self, person, colleague, login):
        self.client.post(
            f"/personnes/{person.pk}/modifier/", self._data(person, phone="06 11 22 33 44")
        )
        self.client.post(
            f"/personnes/{person.pk}/modifier/sante/",
            {
                "health_notes": "Nouvelle note santé",
                "version": Person.objects.get(pk=person.pk).version,
            },
        )
        mine = self.client.get(f"/personnes/{person.pk}/historique/").content.decode()
        assert "06 11 22 33 44" in mine and "Nouvelle note santé" in mine
        theirs = (
            login(Client(), colleague).get(f"/personnes/{person.pk}/historique/").content.decode()
        )
        assert "06 11 22 33 44" in theirs and "Nouvelle note santé" not in theirs

    def test_history_shows_list_fields_in_french(self, person):
        person.mobility_means = []
        person.driving_licences = []
        person.save()
        person.mobility_means = ["public_transport", "bike"]
        person.driving_licences = ["B"]
        person.save()
        page = self.client.get(f"/personnes/{person.pk}/historique/").content.decode()
        assert "Transports en commun, Vélo" in page
        assert "B (voiture)" in page
        assert "public_transport" not in page and "[]" not in page


@pytest.mark.parametrize(("sex", "born"), [("F", "Née le"), ("M", "Né le"), ("X", "Né·e le")])
def test_the_file_header_agrees_with_the_persons_sex(client, login, counselor, person, sex, born):
    Person.objects.filter(pk=person.pk).update(sex=sex)
    login(client, counselor)
    page = client.get(f"/personnes/{person.pk}/").content.decode()
    person.refresh_from_db()
    assert f"{born} {person.birth_date:%d/%m/%Y}" in page
    assert f"suivi par {counselor.full_name}" in page


def test_the_phone_reads_in_pairs_and_dials_from_the_file(client, login, counselor, person):
    Person.objects.filter(pk=person.pk).update(phone="0612345678")
    page = login(client, counselor).get(f"/personnes/{person.pk}/").content.decode()
    assert '<a href="tel:0612345678">06 12 34 56 78</a>' in page


def test_the_file_names_the_driving_licences_in_french(client, login, counselor, person):
    Person.objects.filter(pk=person.pk).update(driving_licences=["B"])
    page = login(client, counselor).get(f"/personnes/{person.pk}/").content.decode()
    assert "B (voiture)" in page


def test_each_label_of_the_file_keeps_a_gap_above_the_next_when_it_wraps(
    client, login, counselor, person
):
    """« Identifiant France Travail » on two lines must not sit on « Téléphone »: beside
    their values (from the sm breakpoint), the labels keep the values' bottom margin."""
    import re

    login(client, counselor)
    content = client.get(f"/personnes/{person.pk}/").content.decode()
    labels = re.findall(r'<dt class="([^"]*)">([^<]*)</dt>', content)
    names = [name for _, name in labels]
    assert "Identifiant France Travail" in names and "N° allocataire CAF/MSA" in names
    for classes, name in labels:
        assert "mb-sm-2" in classes.split(), name
