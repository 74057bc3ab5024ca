"""« Relire un texte »: the page, the htmx partial used by other forms, and privacy."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tremplin.testing.factories import UserFactory

URL = "/documents/relecture/"
TEXT = "Monsieur Zorglubien est paresseux et suivi au CMP."
HTMX = {"HX-Request": "true"}


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for response in (client.get(URL), client.post(URL, {"texte": TEXT})):
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_a_user_without_a_structure_is_refused(client, login, db):
    login(client, UserFactory())
    assert client.post(URL, {"texte": TEXT}).status_code == 403


@pytest.mark.parametrize(
    "persona", ["counselor", "reception", "employer_liaison", "manager", "structure_admin"]
)
def test_every_staff_role_may_have_a_text_reread(client, login, cast, persona):
    login(client, cast[persona])
    page = client.get(URL)
    assert page.status_code == 200
    assert '<label class="form-label fw-semibold" for="id_texte">Texte à relire' in page.text
    assert client.post(URL, {"texte": TEXT}).status_code == 200


def test_the_htmx_partial_lists_each_finding_with_its_words_explanation_and_suggestion(
    client, login, counselor
):
    login(client, counselor)
    response = client.post(URL, {"texte": TEXT}, headers=HTMX)
    html = response.text
    assert "<html" not in html and 'id="relecture-resultats"' in html
    assert "2 points à revoir avant de partager ce texte" in html
    assert "est <mark>paresseux</mark> et suivi" in html
    assert "<mark>CMP</mark>" in html
    assert "Formulation jugeante" in html and "Information sensible" in html
    assert "RGPD, art. 9" in html and "détails connus du référent" in html
    assert html.count('<li class="card') == 2


def test_without_javascript_the_page_keeps_the_text_and_shows_the_findings(
    client, login, counselor
):
    login(client, counselor)
    response = client.post(URL, {"texte": TEXT})
    assert "<html" in response.text
    assert f">\n{TEXT}</textarea>" in response.text
    assert "<mark>paresseux</mark>" in response.text


def test_a_neutral_text_gets_a_reassuring_summary(client, login, counselor):
    login(client, counselor)
    response = client.post(URL, {"texte": "Il est très motivé par la logistique."}, headers=HTMX)
    assert "Aucun point à revoir" in response.text and "<mark>" not in response.text


def test_another_form_can_send_its_own_field(client, login, counselor):
    login(client, counselor)
    response = client.post(
        URL, {"champ": "synthese", "synthese": "Elle est fainéante."}, headers=HTMX
    )
    assert "<mark>fainéante</mark>" in response.text
    # A field name that is not an identifier falls back to « texte ».
    response = client.post(URL, {"champ": "<script>", "texte": "Sous OQTF."}, headers=HTMX)
    assert "<mark>OQTF</mark>" in response.text


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Saisissez le texte à relire."),
        ("   \n ", "Saisissez le texte à relire."),
        ("a" * 50_001, "Le texte est trop long (50001 caractères, 50000 au plus)"),
    ],
)
def test_an_empty_or_too_long_text_gets_a_french_message(client, login, counselor, text, message):
    login(client, counselor)
    partial = client.post(URL, {"texte": text}, headers=HTMX)
    assert message in partial.text and 'role="alert"' in partial.text
    page = client.post(URL, {"texte": text})
    assert message in page.text and 'id="id_texte_error"' in page.text


def test_the_text_is_neither_stored_nor_logged(client, login, counselor, caplog):
    login(client, counselor)
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"texte": TEXT}, headers=HTMX)
    assert response.status_code == 200
    assert not [q["sql"] for q in queries if "Zorglubien" in q["sql"]]
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert "Zorglubien" not in caplog.text
