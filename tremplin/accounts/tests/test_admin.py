from django.forms.models import model_to_dict
from django.test import Client

from tremplin.accounts.forms import StructureAdminForm
from tremplin.core.validators import example_siret
from tremplin.testing.factories import UserFactory


def test_support_admin_manages_structures_but_has_no_page_for_people(db, login, structure_a):
    support = UserFactory(is_staff=True, is_superuser=True)
    client = login(Client(), support)
    for url in [
        "/admin/",
        "/admin/accounts/structure/",
        "/admin/accounts/user/",
        "/admin/referentials/commune/?q=brest",
        "/admin/audit/accesslog/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/people/person/").status_code == 404
    assert client.get("/admin/audit/accesslog/add/").status_code == 403


def test_admin_requires_the_second_factor_too(db):
    support = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(support)
    assert client.get("/admin/")["Location"] == "/compte/double-authentification/"


def test_support_pastes_a_structure_siret_with_spaces(db, login, structure_a):
    support = UserFactory(is_staff=True, is_superuser=True)
    client = login(Client(), support)
    page = client.get(f"/admin/accounts/structure/{structure_a.pk}/change/").content.decode()
    assert 'name="siret"' in page and 'maxlength="20"' in page
    siret = example_siret(404)
    data = {
        key: "" if value is None else value
        for key, value in model_to_dict(structure_a).items()
        if key != "id"
    }
    form = StructureAdminForm(
        {**data, "siret": f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"},
        instance=structure_a,
    )
    assert form.is_valid(), form.errors
    assert form.save().siret == siret
