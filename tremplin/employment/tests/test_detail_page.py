"""The employment's page: every document button says which document it gives."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.employment.models import IntegrationReview
from tremplin.employment.tests.test_follow_up import start

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def visible(page: str) -> str:
    """The page's text as seen on screen: without the visually hidden parts and the tags."""
    page = re.sub(r'<span class="visually-hidden">.*?</span>', "", page, flags=re.S)
    return re.sub(r"<[^>]+>", "", page)


def test_every_document_button_has_a_full_label(client, login, counselor, person):
    job = start(person, counselor, starts_on=timezone.localdate() - timedelta(days=30))
    IntegrationReview.objects.create(
        employment=job,
        author=counselor,
        held_on=timezone.localdate(),
        skills_acquired="Mise en rayon.",
        continuation="confirmed",
    )
    login(client, counselor)
    page = text(client.get(f"/emplois/{job.pk}/"))
    links = re.findall(r'<a class="btn[^"]*" href="/emplois/\d+/[^"]*">(.*?)</a>', page, re.S)
    labels = [" ".join(visible(link).split()) for link in links]
    for expected in (
        "Plan d'intégration (PDF)",
        "Plan d'intégration (DOCX)",
        "Bilan d'intégration (PDF)",
        "Bilan d'intégration (DOCX)",
    ):
        assert expected in labels
    assert "(DOCX)" not in labels
