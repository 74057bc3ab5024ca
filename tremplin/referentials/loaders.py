"""Load the shipped referentials into the database, idempotently.

Each table is synchronised with its file: missing rows are created, changed rows updated,
unchanged rows left alone. Rows that disappeared from a file are kept for the main tables
(people's files may point to them) and removed only from link tables. Everything runs in
one transaction: either the whole load lands or nothing does.
"""

import csv
import gzip
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction

from tremplin.core.text import normalize
from tremplin.referentials import models as ref

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH_SIZE = 2000


@dataclass
class SyncReport:
    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    absent: int = 0

    def __str__(self) -> str:
        parts = [
            f"{self.created} créés",
            f"{self.updated} mis à jour",
            f"{self.unchanged} inchangés",
        ]
        if self.removed:
            parts.append(f"{self.removed} supprimés")
        if self.absent:
            parts.append(f"{self.absent} absents du fichier (conservés)")
        return f"{self.label} : " + ", ".join(parts)


def read_csv(name: str) -> Iterator[dict[str, str]]:
    path = DATA_DIR / name
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def sync_rows(
    label: str,
    model: type[models.Model],
    rows: Iterable[dict],
    *,
    key_fields: tuple[str, ...] = ("pk",),
    delete_missing: bool = False,
) -> SyncReport:
    """Make `model`'s table hold exactly `rows` (attname -> value dicts), keyed by key_fields."""
    report = SyncReport(label)
    wanted: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(row[f if f != "pk" else model._meta.pk.attname] for f in key_fields)
        wanted[key] = row
    if not wanted:
        return report
    value_fields = [f for f in next(iter(wanted.values())) if f not in key_fields]
    pk_attname = model._meta.pk.attname
    key_attnames = [pk_attname if f == "pk" else f for f in key_fields]
    value_fields = [f for f in value_fields if f not in key_attnames]

    existing: dict[tuple, tuple] = {}
    for values in model.objects.values_list(pk_attname, *key_attnames, *value_fields).iterator(
        chunk_size=BATCH_SIZE
    ):
        pk, rest = values[0], values[1:]
        key = tuple(rest[: len(key_attnames)])
        existing[key] = (pk, tuple(rest[len(key_attnames) :]))

    to_create, to_update = [], []
    for key, row in wanted.items():
        current = existing.get(key)
        if current is None:
            to_create.append(model(**row))
            continue
        pk, current_values = current
        new_values = tuple(row[f] for f in value_fields)
        if current_values == new_values:
            report.unchanged += 1
        else:
            instance = model(**row)
            setattr(instance, pk_attname, pk)
            to_update.append(instance)

    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    report.created = len(to_create)
    if to_update:
        model.objects.bulk_update(to_update, value_fields, batch_size=BATCH_SIZE)
    report.updated = len(to_update)

    gone = [pk for key, (pk, _values) in existing.items() if key not in wanted]
    if delete_missing:
        for start in range(0, len(gone), BATCH_SIZE):
            model.objects.filter(pk__in=gone[start : start + BATCH_SIZE]).delete()
        report.removed = len(gone)
    else:
        report.absent = len(gone)
    return report


def _float(value: str) -> float | None:
    return float(value) if value else None


def _int(value: str) -> int | None:
    return int(value) if value else None


# --- territories ---------------------------------------------------------------------------


def region_rows() -> Iterator[dict]:
    for r in read_csv("geo/regions.csv"):
        yield {"code": r["code"], "name": r["nom"]}


def department_rows() -> Iterator[dict]:
    for r in read_csv("geo/departements.csv"):
        yield {"code": r["code"], "name": r["nom"], "region_id": r["region"]}


def epci_rows() -> Iterator[dict]:
    for r in read_csv("geo/epci.csv"):
        yield {"siren": r["siren"], "name": r["nom"], "kind": r["type"]}


COMMUNE_TYPES = {
    "commune-actuelle": ref.Commune.Kind.COMMUNE,
    "arrondissement-municipal": ref.Commune.Kind.ARRONDISSEMENT,
}


def commune_rows() -> Iterator[dict]:
    arrondissement_coords = {
        r["code_insee"]: (float(r["latitude"]), float(r["longitude"]))
        for r in read_csv("geo/arrondissements_municipaux_coords_laposte2023.csv")
    }
    for r in read_csv("geo/communes.csv.gz"):
        kind = COMMUNE_TYPES.get(r["type"])
        if kind is None:
            continue
        latitude, longitude = _float(r["latitude"]), _float(r["longitude"])
        if latitude is None and r["code_insee"] in arrondissement_coords:
            latitude, longitude = arrondissement_coords[r["code_insee"]]
        yield {
            "code": r["code_insee"],
            "name": r["nom"],
            "search_key": normalize(r["nom"]),
            "kind": kind,
            "parent_id": r["commune_parente"] or None,
            "department_id": r["departement"],
            "postal_codes": r["codes_postaux"],
            "population": _int(r["population"]),
            "latitude": latitude,
            "longitude": longitude,
            "epci_siren": r["epci_siren"],
            "employment_zone_code": r["zone_emploi_2020"],
            "employment_zone_name": r["libelle_zone_emploi_2020"],
            "bmo_basin_code": r["bassin_bmo"],
            "bmo_basin_name": r["libelle_bassin_bmo"],
        }


def naf_rows() -> Iterator[dict]:
    for r in read_csv("naf/naf_rev2_nomenclature.csv"):
        yield {
            "code": r["code"],
            "label": r["libelle"],
            "level": int(r["niveau"]),
            "parent_id": r["code_parent"] or None,
        }


# --- ROME ----------------------------------------------------------------------------------


def grand_domain_rows() -> Iterator[dict]:
    for r in read_csv("rome/unix_grand_domaine_v460_utf8.csv"):
        yield {"code": r["code_grand_domaine"], "label": r["libelle_grand_domaine"]}


def domain_rows() -> Iterator[dict]:
    for r in read_csv("rome/unix_domaine_professionnel_v460_utf8.csv"):
        code = r["code_domaine_professionnel"]
        yield {
            "code": code,
            "label": r["libelle_domaine_professionnel"],
            "grand_domain_id": code[0],
        }


def _fiche_texts() -> dict[tuple[str, str], str]:
    sentences: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for r in read_csv("rome/unix_texte_v460_utf8.csv.gz"):
        key = (r["code_rome"], r["code_compo_bloc"])
        sentences.setdefault(key, []).append((int(r["position_phrase"]), r["libelle_texte"]))
    return {key: "\n".join(s for _pos, s in sorted(parts)) for key, parts in sentences.items()}


def fiche_rows() -> Iterator[dict]:
    texts = _fiche_texts()
    for r in read_csv("rome/unix_referentiel_code_rome_v460_utf8.csv"):
        code = r["code_rome"]
        yield {
            "code": code,
            "label": r["libelle_rome"],
            "domain_id": code[:3],
            "ogr": r["code_ogr"],
            "parent_v3_code": r["code_rome_parent"],
            "is_regulated": r["emploi_reglemente"] == "O",
            "is_executive": r["emploi_cadre"] == "O",
            "definition": texts.get((code, "3"), ""),
            "access": texts.get((code, "4"), ""),
        }


def appellation_rows() -> Iterator[dict]:
    for r in read_csv("rome/unix_referentiel_appellation_v460_utf8.csv.gz"):
        yield {
            "code": r["code_ogr"],
            "label": r["libelle_appellation_long"],
            "short_label": r["libelle_appellation_court"],
            "search_key": normalize(r["libelle_appellation_long"]),
            "fiche_id": r["code_rome"],
            "is_main": r["classification"] == "PRINCIPALE",
            "is_rarely_used": r["peu_usite"] == "O",
        }


SKILL_KINDS = {
    "Savoir-faire": ref.RomeSkill.Kind.KNOW_HOW,
    "Savoir-être professionnel": ref.RomeSkill.Kind.SOFT_SKILL,
}


def skill_rows() -> Iterator[dict]:
    for r in read_csv("rome/unix_referentiel_competence_v460_utf8.csv.gz"):
        yield {
            "code": r["code_ogr"],
            "label": r["libelle_competence"],
            "kind": SKILL_KINDS[r["cat_comp"]],
            "category": r["sous_cat_comp"],
            "is_macro": r["nature"] == "Macro-compétence",
        }
    for r in read_csv("rome/unix_referentiel_savoir_v460_utf8.csv.gz"):
        yield {
            "code": r["code_ogr_savoir"],
            "label": r["libelle_savoir"],
            "kind": ref.RomeSkill.Kind.KNOWLEDGE,
            "category": r["categorie_savoir"],
            "is_macro": False,
        }


def fiche_skill_rows(known_skills: set[str]) -> Iterator[dict]:
    core = {
        (r["code_rome"], r["code_ogr"])
        for r in read_csv("rome/unix_coherence_item_v460_utf8.csv.gz")
        if r["coeur_metier"] == "Principale"
    }
    for r in read_csv("rome/unix_liens_rome_referentiels_v460_utf8.csv.gz"):
        if r["code_compo_bloc"] != "5" or r["code_ogr"] not in known_skills:
            continue
        yield {
            "fiche_id": r["code_rome"],
            "skill_id": r["code_ogr"],
            "is_core": (r["code_rome"], r["code_ogr"]) in core,
        }


def mobility_rows() -> Iterator[dict]:
    for r in read_csv("rome/unix_rubrique_mobilite_v460_utf8.csv"):
        yield {
            "source_id": r["code_rome"],
            "target_id": r["code_rome_cible"],
            "rank": int(r["numero_ordre"]),
        }


# --- data·inclusion --------------------------------------------------------------------------


def thematique_category_rows() -> Iterator[dict]:
    from data_inclusion.schema.v1 import Categorie

    for category in Categorie:
        yield {"code": category.value, "label": category.label}


def thematique_rows() -> Iterator[dict]:
    from data_inclusion.schema.v1 import Thematique

    for thematique in Thematique:
        yield {
            "code": thematique.value,
            "label": thematique.label,
            "category_id": thematique.value.split("--")[0],
        }


# --- the employers' hiring intentions (BMO) ----------------------------------------------------


def _withheld(value: str) -> int | None:
    """A BMO count: « * » is withheld by the survey's statistical secrecy."""
    value = value.strip()
    return None if value in ("", "*") else int(value)


def _basin_names(rows: list[dict[str, str]]) -> dict[str, str]:
    """The survey names most basins after their main town, in capitals without accents
    (« ALENCON »): each basin gets that town's accented name (« Alençon ») when a commune of
    one of its departments, else a single commune of France, bears it; otherwise the
    survey's own name. One name per basin, whatever the line's department. The names no
    commune gives (regions, abbreviations, merged communes) are written out by hand in
    ``bmo/basin_names.csv``, which wins."""
    written = {r["code_bassin_bmo"]: r["libelle"] for r in read_csv("bmo/basin_names.csv")}
    by_department: dict[tuple[str, str], str] = {}
    by_name: dict[str, set[str]] = {}
    for department, name in ref.Commune.objects.filter(kind=ref.Commune.Kind.COMMUNE).values_list(
        "department_id", "name"
    ):
        by_department[(department, normalize(name))] = name
        by_name.setdefault(normalize(name), set()).add(name)
    departments: dict[str, set[str]] = {}
    raw: dict[str, str] = {}
    for r in rows:
        departments.setdefault(r["code_bassin_bmo"], set()).add(r["code_departement"])
        raw[r["code_bassin_bmo"]] = r["libelle_bassin_bmo"]
    names = {}
    for code, name in raw.items():
        key = normalize(name)
        found = sorted(
            by_department[(d, key)] for d in departments[code] if (d, key) in by_department
        )
        if not found and len(by_name.get(key, ())) == 1:
            found = sorted(by_name[key])
        names[code] = written.get(code) or (found[0] if found else name)
    return names


# The survey's labels are accented but for a word or two; the same word is spelt the same
# way everywhere on screen.
_OCCUPATION_SPELLING = {"maitrise": "maîtrise"}


def _occupation_label(label: str) -> str:
    return " ".join(_OCCUPATION_SPELLING.get(word, word) for word in label.split(" "))


def hiring_intention_rows() -> Iterator[dict]:
    rows = list(read_csv("bmo/bmo_2024.csv.gz"))
    towns = _basin_names(rows)
    for r in rows:
        yield {
            "year": int(r["annee"]),
            "basin_code": r["code_bassin_bmo"],
            "basin_name": towns[r["code_bassin_bmo"]],
            "department_code": r["code_departement"],
            "occupation_code": r["code_metier_bmo"],
            "occupation": _occupation_label(r["libelle_metier_bmo"]),
            "family_code": r["code_famille_metier"],
            "family": r["libelle_famille_metier"],
            "projects": _withheld(r["nb_projets_recrutement"]),
            "difficult": _withheld(r["nb_projets_difficiles"]),
            "seasonal": _withheld(r["nb_projets_saisonniers"]),
        }


# --- the whole load --------------------------------------------------------------------------

Step = tuple[str, Callable[[], list[SyncReport]]]


def _steps() -> list[Step]:
    def one(label, model, rows, **kwargs):
        return lambda: [sync_rows(label, model, rows(), **kwargs)]

    def fiche_skills():
        known = set(ref.RomeSkill.objects.values_list("code", flat=True))
        return [
            sync_rows(
                "Compétences des fiches ROME",
                ref.RomeFicheSkill,
                fiche_skill_rows(known),
                key_fields=("fiche_id", "skill_id"),
                delete_missing=True,
            )
        ]

    return [
        ("territories", one("Régions", ref.Region, region_rows)),
        ("territories", one("Départements", ref.Department, department_rows)),
        ("territories", one("Communes", ref.Commune, commune_rows)),
        ("territories", one("EPCI", ref.Epci, epci_rows)),
        ("naf", one("Nomenclature NAF rév. 2", ref.NafCode, naf_rows)),
        ("rome", one("Grands domaines ROME", ref.RomeGrandDomain, grand_domain_rows)),
        ("rome", one("Domaines professionnels ROME", ref.RomeDomain, domain_rows)),
        ("rome", one("Fiches métiers ROME", ref.RomeFiche, fiche_rows)),
        ("rome", one("Appellations ROME", ref.RomeAppellation, appellation_rows)),
        ("rome", one("Compétences et savoirs ROME", ref.RomeSkill, skill_rows)),
        ("rome", fiche_skills),
        (
            "rome",
            one(
                "Mobilités ROME",
                ref.RomeMobility,
                mobility_rows,
                key_fields=("source_id", "target_id"),
                delete_missing=True,
            ),
        ),
        (
            "thematiques",
            one("Catégories data·inclusion", ref.ThematiqueCategory, thematique_category_rows),
        ),
        ("thematiques", one("Thématiques data·inclusion", ref.Thematique, thematique_rows)),
        (
            "bmo",
            one(
                "Besoins en main-d'œuvre (BMO)",
                ref.HiringIntention,
                hiring_intention_rows,
                key_fields=("year", "basin_code", "department_code", "occupation_code"),
            ),
        ),
    ]


GROUPS = ("territories", "naf", "rome", "thematiques", "bmo")


@transaction.atomic
def load_referentials(groups: Iterable[str] = GROUPS) -> list[SyncReport]:
    wanted = set(groups)
    unknown = wanted - set(GROUPS)
    if unknown:
        raise ValueError(f"unknown referential groups: {sorted(unknown)}")
    reports: list[SyncReport] = []
    for group, step in _steps():
        if group in wanted:
            reports.extend(step())
    return reports
