from django.test import Client

from tremplin.referentials.loaders import load_referentials
from tremplin.referentials.models import (
    Commune,
    NafCode,
    RomeAppellation,
    RomeFiche,
    RomeFicheSkill,
    RomeMobility,
    RomeSkill,
    Thematique,
)


def test_the_referentials_are_complete(db):
    assert RomeFiche.objects.count() == 1584
    assert RomeAppellation.objects.count() == 13120
    assert RomeMobility.objects.count() == 14912
    assert Commune.objects.filter(kind="commune").count() == 34969
    assert Commune.objects.filter(kind="arrondissement", latitude__isnull=False).count() == 45
    assert NafCode.objects.filter(level=5).count() == 732
    assert Thematique.objects.count() >= 60
    cip = RomeFiche.objects.get(code="K1801")
    assert cip.label == "Conseiller / Conseillère en insertion professionnelle"
    assert cip.definition and cip.appellations.filter(is_main=True).count() == 1
    assert RomeFicheSkill.objects.filter(fiche=cip, is_core=True).exists()
    assert RomeSkill.objects.filter(kind="savoir_etre").exists()
    nantes = Commune.objects.get(pk="44109")
    assert (
        nantes.name == "Nantes"
        and "44000" in nantes.postal_code_list
        and nantes.department_id == "44"
    )


def test_loading_again_changes_nothing(db):
    # Loaded once for the test session; a second run must find every row unchanged.
    reports = load_referentials()
    assert all(r.created == 0 and r.updated == 0 and r.removed == 0 for r in reports), [
        str(r) for r in reports
    ]
    assert sum(r.unchanged for r in reports) > 190_000


def test_a_changed_row_is_put_back(db):
    Commune.objects.filter(pk="44109").update(name="Nantes-modifiée")
    reports = {r.label: r for r in load_referentials(["territories"])}
    assert reports["Communes"].updated == 1
    assert Commune.objects.get(pk="44109").name == "Nantes"


def test_commune_autocomplete_ignores_accents_and_finds_postal_codes(client, login, counselor):
    login(client, counselor)
    by_name = client.get("/referentiels/communes/", {"q": "chateaubriant"}).content.decode()
    assert "Châteaubriant — 44110 (44036)" in by_name
    by_code = client.get("/referentiels/communes/", {"commune": "29200"}).content.decode()
    assert "Brest — 29200 (29019)" in by_code
    typo = client.get("/referentiels/communes/", {"q": "Saint-Nazere"}).content.decode()
    assert "Saint-Nazaire — 44600 (44184)" in typo
    short = client.get("/referentiels/communes/", {"q": "St Nazai"}).content.decode()
    assert short.index("Saint-Nazaire — 44600 (44184)") == short.index("Saint-Nazaire")


def test_appellation_autocomplete(client, login, counselor):
    login(client, counselor)
    body = client.get("/referentiels/appellations/", {"q": "macon"}).content.decode()
    assert "Maçon / Maçonne — F1703" in body


def test_autocomplete_needs_login():
    assert Client().get("/referentiels/communes/", {"q": "brest"}).status_code == 302
