"""synthese.pdf is for the person to read: French labels, no codes, slugs or internal
numbers; donnees.json keeps the codes (portability)."""

import io
import json
import re
import subprocess
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from test_authorization_matrix import world  # noqa: F401  (the fixture)

from tremplin.dataexport.builder import build_archive
from tremplin.diagnosis.models import DomainAssessment
from tremplin.portal.enums import SpaceEventKind, SpaceStatus
from tremplin.portal.models import SpaceAccess, SpaceEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(world, structure_a, tmp_path):  # noqa: F811
    person = world["person"]
    DomainAssessment.objects.create(
        version_id=world["version_id"],
        domain="trouver-un-emploi",
        facts={"work_situation": "less_1y", "availability": "now"},
    )
    DomainAssessment.objects.create(
        version_id=world["version_id"],
        domain="preparer-sa-candidature",
        facts={"cv": "none", "search_skills": "partial"},
        obstacles=[{"label": "Pas de CV à jour", "severity": "light"}],
    )
    access, _created = SpaceAccess.objects.get_or_create(
        person=person, defaults={"structure": structure_a, "status": SpaceStatus.ACTIVE}
    )
    first = timezone.now() - timedelta(days=20)
    for day in range(11):
        SpaceEvent.objects.create(
            access=access, kind=SpaceEventKind.LOGIN, at=first + timedelta(days=2 * day)
        )
    built = build_archive(person, structure_a)
    content = zipfile.ZipFile(io.BytesIO(built.content))
    path = tmp_path / "synthese.pdf"
    path.write_bytes(content.read("synthese.pdf"))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    last = timezone.localtime(first + timedelta(days=20))
    return {
        "text": " ".join(text.split()),
        "json": content.read("donnees.json").decode(),
        "first": timezone.localtime(first),
        "last": last,
    }


def test_the_synthesis_reads_in_french_without_codes(archive):
    text = archive["text"]
    # The structured diagnosis, by the diagnosis's own questions and answers.
    assert "Situation face à l'emploi : Sans emploi depuis moins d'un an" in text
    assert "Disponibilité pour un emploi : Immédiate" in text
    assert "CV : Pas de CV" in text
    assert "Techniques de recherche d'emploi : En partie" in text
    assert "Pas de CV à jour (léger)" in text
    for code in ("work_situation", "less_1y", "availability", "search_skills", "severity"):
        assert code not in text, code
    # French titles, no slugs, no internal numbers.
    assert "Immersion event" not in text
    assert "Étapes de l'immersion" in text
    assert "Préparer un permis" in text
    assert "mobilite--preparer-un-permis" not in text
    assert re.search(r"n° \d", text) is None, re.findall(r".{40}n° \d+", text)
    # Section codes by their names.
    assert "Parties ouvertes health" not in text
    assert "partagées identity" not in text
    # The connections to the space, summed up.
    assert (
        f"Connexion à l'espace : 11 fois, du {archive['first']:%d/%m/%Y} "
        f"au {archive['last']:%d/%m/%Y}"
    ) in text
    assert text.count("Connexion à l'espace") == 1


def test_donnees_json_keeps_the_codes(archive):
    data = json.loads(archive["json"])
    assessments = next(p for p in data["parties"] if p["modele"] == "diagnosis.DomainAssessment")
    facts = [row["champs"]["facts"]["valeur"] for row in assessments["lignes"]]
    assert {"work_situation": "less_1y", "availability": "now"} in facts
    assert "mobilite--preparer-un-permis" in archive["json"]
    events = next(p for p in data["parties"] if p["modele"] == "portal.SpaceEvent")
    assert len(events["lignes"]) == 11
