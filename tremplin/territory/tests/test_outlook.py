"""The basin's figures, computed from the BMO file loaded with the referentials."""

import pytest

from tremplin.referentials.models import HiringIntention
from tremplin.territory import outlook as bmo

SAINT_NAZAIRE = "5225"
GRAND_ROISSY = "1119"  # spans Seine-et-Marne, Seine-Saint-Denis and Val-d'Oise


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("SAINT NAZAIRE", "Saint Nazaire"),
        ("AIX-EN-PROVENCE", "Aix-en-Provence"),
        ("VALLEE DE L'ARVE", "Vallee de l'Arve"),
        ("PAYS D'AUGE", "Pays d'Auge"),
        ("Porte Sud du Grand Paris", "Porte Sud du Grand Paris"),  # already cased: kept
    ],
)
def test_basin_names_written_in_capitals_are_cased(raw, shown):
    assert bmo.basin_label(raw) == shown


def test_a_basin_sums_its_lines_and_leaves_secret_counts_out(db):
    year = bmo.latest_year()
    assert year == 2024
    outlook = bmo.outlook_for(SAINT_NAZAIRE, year=year)
    lines = HiringIntention.objects.filter(year=year, basin_code=SAINT_NAZAIRE)
    published = [line.projects for line in lines if line.projects is not None]
    assert outlook.totals.projects == sum(published) == 7130
    assert outlook.withheld == sum(1 for line in lines if line.projects is None) == 14
    assert len(outlook.occupations) == lines.count()
    # The top list is in decreasing order, secret counts never in it.
    counts = [o.projects for o in outlook.top]
    assert counts == sorted(counts, reverse=True) and None not in counts
    assert outlook.top[0].label == "Aides de cuisine et employés polyvalents de la restauration"
    assert outlook.top[0].projects == 354 and outlook.widest == 354
    # Rates compare like with like: the difficult share over the lines where it is known.
    known = [line for line in lines if line.projects is not None and line.difficult is not None]
    expected = 100 * sum(x.difficult for x in known) / sum(x.projects for x in known)
    assert outlook.totals.difficult_rate == pytest.approx(expected, abs=0.05)
    # The department and France are larger scopes of the same survey.
    assert outlook.department.projects > outlook.totals.projects
    assert outlook.france.projects > outlook.department.projects
    assert outlook.share_of_department == pytest.approx(
        100 * outlook.totals.projects / outlook.department.projects, abs=0.05
    )


def test_the_trades_in_tension_have_volume_and_a_majority_of_difficult_projects(db):
    outlook = bmo.outlook_for(SAINT_NAZAIRE, year=2024)
    assert outlook.hardest
    for occupation in outlook.hardest:
        assert occupation.projects >= bmo.HARDEST_MIN_PROJECTS
        assert occupation.difficult_rate >= bmo.HARDEST_MIN_RATE
    difficult = [o.difficult for o in outlook.hardest]
    assert difficult == sorted(difficult, reverse=True)
    assert outlook.hardest[0].label == "Aides à domicile et auxiliaires de vie"


def test_a_basin_across_departments_adds_them_up(db):
    outlook = bmo.outlook_for(GRAND_ROISSY, year=2024)
    assert outlook.departments == ["77", "93", "95"]
    lines = HiringIntention.objects.filter(year=2024, basin_code=GRAND_ROISSY)
    assert outlook.totals.projects == sum(x.projects for x in lines if x.projects is not None)
    # One row per trade, whatever the number of departments.
    assert len(outlook.occupations) == len({x.occupation_code for x in lines})
    # A trade secret in one department and published in another is secret for the basin.
    by_trade = {}
    for line in lines:
        by_trade.setdefault(line.occupation_code, []).append(line.projects)
    mixed = {code for code, counts in by_trade.items() if None in counts and set(counts) - {None}}
    assert mixed  # there are such trades in the 2024 file
    shown = {o.code: o.projects for o in outlook.occupations}
    assert all(shown[code] is None for code in mixed)
    assert outlook.withheld == sum(1 for counts in by_trade.values() if None in counts)


def test_one_family_of_trades(db):
    whole = bmo.outlook_for(SAINT_NAZAIRE, year=2024)
    family = next(f for f in whole.families if f.label == "Fonctions sociales et médico-sociales")
    one = bmo.outlook_for(SAINT_NAZAIRE, year=2024, family_code=family.code)
    assert one.totals.projects == family.projects
    assert {o.family for o in one.occupations} == {family.label}
    assert sum(f.share for f in whole.families) == pytest.approx(100, abs=0.5)


def test_an_unknown_basin_gives_nothing(db):
    assert bmo.outlook_for("99999", year=2024) is None


def test_basins_are_listed_by_department(db):
    listed = dict(bmo.basins(2024))
    assert (SAINT_NAZAIRE, "Saint-Nazaire") in listed["44"]
    assert any(code == GRAND_ROISSY for code, _name in listed["93"])


def test_basins_named_after_a_town_take_its_accented_name(db):
    names = dict(
        HiringIntention.objects.filter(basin_code__in=["5225"])
        .values_list("basin_code", "basin_name")
        .distinct()
    )
    assert names == {"5225": "Saint-Nazaire"}
    accented = set(HiringIntention.objects.values_list("basin_name", flat=True))
    assert {"Alençon", "Angoulême", "Bagnols-sur-Cèze"} <= accented
    # The names no commune gives are written out by hand, never taken from a namesake
    # commune elsewhere (« VIRE » is not Viré, in Saône-et-Loire).
    written = dict(
        HiringIntention.objects.filter(basin_code__in=["2821", "403", "5216", "5215"])
        .values_list("basin_code", "basin_name")
        .distinct()
    )
    assert written == {
        "2821": "Vire",
        "403": "La Réunion Est",
        "5216": "Les Sables-d'Olonne",
        "5215": "Fontenay-le-Comte",
    }
    # The survey's one unaccented word is spelt as everywhere else.
    labels = set(HiringIntention.objects.values_list("occupation", flat=True))
    assert not any("maitrise" in label for label in labels)
    assert "Agents de maîtrise et assimilés des industries de process" in labels
    # One name per basin, whichever department its line is in.
    pairs = set(HiringIntention.objects.values_list("basin_code", "basin_name"))
    assert len(pairs) == len({code for code, _name in pairs})
