import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tremplin.referentials.forms import _APPELLATION_LABEL, AppellationField
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


def test_a_job_is_shown_with_its_fiche_code_not_its_ogr_code(client, login, counselor):
    macon = RomeAppellation.objects.get(label="Maçon / Maçonne")
    assert macon.display_with_code == "Maçon / Maçonne — F1703"
    login(client, counselor)
    body = client.get("/referentiels/appellations/", {"q": "macon"}).content.decode()
    assert 'value="Maçon / Maçonne — F1703"' in body and f"({macon.code})" not in body


def resolve(value):
    return AppellationField().clean(value)


def field_error(value) -> tuple[str, str]:
    with pytest.raises(ValidationError) as raised:
        resolve(value)
    return raised.value.code, raised.value.messages[0]


def test_a_job_label_with_its_fiche_names_one_appellation(db):
    macon = RomeAppellation.objects.get(label="Maçon / Maçonne")
    assert resolve("Maçon / Maçonne — F1703") == macon
    assert resolve("  maçon /  MAÇONNE —F1703 ") == macon  # normalised, as the search is
    assert resolve("Maçon / Maçonne") == macon  # a bare label found once
    # A rarely used appellation is not suggested, but a form loaded with it reads it back.
    rare = RomeAppellation.objects.filter(is_rarely_used=True).with_label_clash()
    rare = rare.filter(label_clash=False).select_related("fiche").first()
    assert resolve(AppellationField().prepare_value(rare.code)) == rare


def test_an_old_label_with_the_ogr_code_is_still_read(db):
    macon = RomeAppellation.objects.get(label="Maçon / Maçonne")
    assert resolve(f"Maçon / Maçonne — F1703 ({macon.code})") == macon
    # The code is only believed beside its own label: a label typed over an old one wins.
    boulanger = RomeAppellation.objects.get(label="Boulanger / Boulangère")
    assert resolve(f"Boulanger / Boulangère — F1703 ({macon.code})") == boulanger
    # An unknown or foreign code falls back on the label and the fiche.
    assert resolve("Maçon / Maçonne — F1703 (99999999)") == macon
    assert resolve(f"Maçon / Maçonne — F1703 ({boulanger.code})") == macon


def test_two_appellations_of_a_fiche_with_one_label_are_never_picked_by_label(db):
    clashes = RomeAppellation.objects.with_label_clash().filter(label_clash=True)
    assert clashes.count() == 16  # 8 pairs in ROME 4.0
    pair = list(clashes.filter(fiche_id="E1401", label="Chef / Cheffe de publicité"))
    assert len(pair) == 2
    assert field_error("Chef / Cheffe de publicité — E1401")[0] == "ambiguous"
    assert field_error("Chef / Cheffe de publicité")[0] == "ambiguous"
    # They are suggested with their OGR code, and that label reads each one back.
    for appellation in clashes.select_related("fiche"):
        assert appellation.display_with_code.endswith(f" ({appellation.code})")
        assert resolve(appellation.display_with_code) == appellation


def test_every_suggested_label_reads_back_its_own_appellation(db):
    appellations = list(RomeAppellation.objects.with_label_clash().order_by("code"))
    # Every label splits into the appellation's own label, fiche and (clash only) code...
    for a in appellations:
        match = _APPELLATION_LABEL.fullmatch(a.display_with_code)
        assert (match["label"], match["fiche"]) == (a.label, a.fiche_id), a.code
        assert match["ogr"] == (a.code if a.label_clash else None), a.code
    # ... and resolves to it (one in 20 checked against the database, to stay quick).
    wrong = [a.code for a in appellations[::20] if resolve(a.display_with_code) != a]
    assert wrong == []


def test_an_unknown_or_ambiguous_job_asks_to_choose_from_the_list(db):
    assert field_error("Zzqxw wvlk") == (
        "unknown",
        "Métier introuvable dans le ROME : essayez un autre intitulé.",
    )
    assert field_error("macon") == (
        "ambiguous",
        "Plusieurs métiers correspondent : choisissez dans la liste proposée.",
    )
    # The same label under two fiches, typed alone: ambiguous; with its fiche: found.
    assert field_error("Technicien / Technicienne d'études instrumentaliste")[0] == "ambiguous"
    found = resolve("Technicien / Technicienne d'études instrumentaliste — H1208")
    assert found.fiche_id == "H1208"
    assert AppellationField(required=False).clean("") is None
