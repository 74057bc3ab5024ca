"""A counselor files dozens of contracts: each download is named after its pathway, never
after the person (downloads end up in shared folders)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _filename(response) -> str:
    assert response.status_code == 200
    return re.search(r'filename="([^"]+)"', response["Content-Disposition"]).group(1)


def test_each_contract_downloads_under_its_own_name(client, login, counselor, pathway, person):
    login(client, counselor)
    pdf = _filename(client.get(f"/parcours/{pathway.pk}/contrat.pdf"))
    docx = _filename(client.get(f"/parcours/{pathway.pk}/contrat.docx"))
    assert pdf == f"contrat-parcours-{pathway.pk}.pdf"
    assert docx == f"contrat-parcours-{pathway.pk}.docx"
    for name in (pdf, docx):
        assert person.last_name.lower() not in name.lower()
        assert person.first_name.lower() not in name.lower()
