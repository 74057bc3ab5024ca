from django.test import Client

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
