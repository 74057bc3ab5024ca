"""Import of a data·inclusion export (structures and services) into the partner directory.

The file is the API / data.gouv.fr format: JSON (a list of structures, a list of services,
a mixed list, or an object with `structures` and `services`), or CSV (one kind per file).
Every row is validated with the `data-inclusion-schema` models first; if any row is bad,
nothing is written and each bad row is reported with its place in the file and a French
reason. A valid file is written in one transaction with bulk inserts and updates, keyed
on (source, id): importing the same file again changes nothing.
"""

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from data_inclusion.schema import v1
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from tremplin.core.text import normalize, quoted
from tremplin.network.models import MANUAL_SOURCE, PartnerService, PartnerStructure
from tremplin.referentials.models import Commune, Thematique

BATCH_SIZE = 2000
MAX_REPORTED_ERRORS = 200

# data·inclusion fields holding lists: CSV exports write them as JSON arrays or as
# comma-separated values.
LIST_FIELDS = {
    "thematiques",
    "publics",
    "modes_accueil",
    "zone_eligibilite",
    "modes_mobilisation",
    "mobilisable_par",
    "reseaux_porteurs",
}


class ImportFileError(Exception):
    """The file cannot be read at all (format, encoding, structure)."""


@dataclass
class Row:
    kind: str  # "structure" or "service"
    where: str  # "ligne 4" (CSV) or "services, élément 3" (JSON)
    data: dict


@dataclass
class RowError:
    where: str
    message: str

    def __str__(self):
        return f"{self.where} : {self.message}"


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    structures_created: int = 0
    structures_updated: int = 0
    structures_unchanged: int = 0
    services_created: int = 0
    services_updated: int = 0
    services_unchanged: int = 0
    structures_withdrawn: int = 0
    services_withdrawn: int = 0
    unknown_communes: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, where: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(where, message))

    def summary(self) -> str:
        if not self.ok:
            return (
                f"Import refusé : {self.error_count} ligne{'s' if self.error_count > 1 else ''} "
                "en erreur, rien n'a été enregistré."
            )
        verb = "Import réussi" if self.written else "Fichier valide (rien n'a été enregistré)"
        text = (
            f"{verb} : structures — {self.structures_created} ajoutée(s), "
            f"{self.structures_updated} mise(s) à jour, {self.structures_unchanged} inchangée(s) ; "
            f"services — {self.services_created} ajouté(s), {self.services_updated} mis à jour, "
            f"{self.services_unchanged} inchangé(s)."
        )
        if self.structures_withdrawn or self.services_withdrawn:
            text += (
                f" Absents de cet export complet, donc retirés de l'annuaire : "
                f"{self.structures_withdrawn} structure(s), {self.services_withdrawn} service(s)."
            )
        if self.unknown_communes:
            text += (
                f" {self.unknown_communes} code(s) INSEE inconnu(s) : "
                "le nom de la commune donné par le fichier est conservé."
            )
        return text


# ---------------------------------------------------------------------------------------
# Reading


def read_rows(content: bytes, filename: str) -> list[Row]:
    """The rows of a JSON or CSV file, with where each comes from."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "Le fichier n'est pas encodé en UTF-8 : enregistrez-le en UTF-8 et réessayez."
        ) from None
    name = filename.lower()
    stripped = text.lstrip()
    if name.endswith(".json") or stripped.startswith(("[", "{")):
        return _read_json(text)
    if name.endswith(".csv") or not name.rpartition(".")[1]:
        return _read_csv(text)
    raise ImportFileError("Format non reconnu : envoyez un fichier .json ou .csv.")


# The json module's messages (English), said in French; the start of the message is enough.
JSON_REASONS = (
    ("Expecting value", "une valeur est attendue"),
    (
        "Expecting property name enclosed in double quotes",
        'un nom de champ entre guillemets droits (") est attendu',
    ),
    ("Expecting ',' delimiter", "une virgule est attendue"),
    ("Expecting ':' delimiter", "deux-points sont attendus après le nom du champ"),
    ("Unterminated string", "un texte n'est pas refermé par des guillemets"),
    (
        "Invalid control character",
        "un caractère de contrôle (retour à la ligne, tabulation…) se trouve dans un texte",
    ),
    ("Invalid \\uXXXX escape", "une séquence \\u n'est pas suivie de quatre chiffres hexadécimaux"),
    ("Invalid \\escape", "une barre oblique inverse (\\) n'est pas suivie d'un échappement valide"),
    ("Extra data", "du contenu suit la fin des données"),
)


def _json_reason(message: str) -> str:
    for start, reason in JSON_REASONS:
        if message.startswith(start):
            return reason
    return "la syntaxe n'est pas respectée à cet endroit"


def _kind_of(item: dict) -> str:
    return "service" if "structure_id" in item else "structure"


def _read_json(text: str) -> list[Row]:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"Le fichier n'est pas un JSON valide (ligne {error.lineno}, "
            f"colonne {error.colno}) : {_json_reason(error.msg)}."
        ) from None
    except RecursionError:
        raise ImportFileError(
            "Le fichier n'est pas un JSON valide : ses éléments sont imbriqués trop profondément."
        ) from None
    rows = []
    if isinstance(payload, dict):
        if not {"structures", "services"} & payload.keys():
            raise ImportFileError(
                "Le fichier JSON doit contenir une liste, ou les clés « structures » et « services »."
            )
        for key, kind in (("structures", "structure"), ("services", "service")):
            items = payload.get(key) or []
            if not isinstance(items, list):
                raise ImportFileError(f"« {key} » doit être une liste.")
            for index, item in enumerate(items, start=1):
                rows.append(Row(kind, f"{key}, élément {index}", item))
    elif isinstance(payload, list):
        for index, item in enumerate(payload, start=1):
            kind = _kind_of(item) if isinstance(item, dict) else "structure"
            rows.append(Row(kind, f"élément {index}", item))
    else:
        raise ImportFileError(
            "Le fichier JSON doit contenir une liste de structures ou de services."
        )
    return rows


def _csv_value(name: str, value: str | None):
    value = (value or "").strip()
    if value == "":
        return None
    if name in LIST_FIELDS:
        if value.startswith("["):
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError:
                return value  # reported by the validation
            return parsed
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _read_csv(text: str) -> list[Row]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = set(reader.fieldnames or [])
    if not {"id", "nom"} <= columns:
        raise ImportFileError(
            "En-tête CSV incomplet : les colonnes « id », « nom », « source » et « date_maj » "
            "sont attendues (et « structure_id » pour des services)."
        )
    kind = "service" if "structure_id" in columns else "structure"
    rows = []
    for item in reader:
        data = {k: _csv_value(k, v) for k, v in item.items() if k}
        rows.append(Row(kind, f"ligne {reader.line_num}", data))
    return rows


# ---------------------------------------------------------------------------------------
# Validation

FIELD_LABELS = {
    "id": "identifiant",
    "nom": "nom",
    "date_maj": "date de mise à jour",
    "courriel": "courriel",
    "code_insee": "code INSEE",
    "code_postal": "code postal",
    "structure_id": "structure",
}


def _shown(value) -> str:
    """A value from the file, in French quotes; a list as its values joined by commas."""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(quoted(str(item)) for item in value) or "liste vide"
    if isinstance(value, dict):
        return "un objet"
    return quoted(str(value))


def _french(error: dict) -> str:
    """One pydantic error, said in French with the data·inclusion field name."""
    loc = [str(p) for p in error.get("loc", ()) if not isinstance(p, int)]
    name = loc[0] if loc else ""
    label = quoted(name) if name else "la ligne"
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = _shown(value)
    if kind == "missing" or (value is None and kind.endswith("_type")):
        return f"{label} est obligatoire"
    if kind == "string_too_short":
        return f"{label} doit compter au moins {ctx.get('min_length')} caractères"
    if kind == "string_too_long":
        return f"{label} doit compter au plus {ctx.get('max_length')} caractères"
    if kind == "too_short":
        return f"{label} ne doit pas être une liste vide"
    if (kind == "enum" or kind == "literal_error") and isinstance(value, (list, tuple)):
        # A single value in the schema (e.g. « frais » in v1), a list in the file.
        return f"{label} : une seule valeur est attendue, pas une liste ({shown})"
    if kind == "enum" or kind == "literal_error":
        return f"{label} : valeur {shown} inconnue du référentiel data·inclusion"
    if kind.startswith("url"):
        return f"{label} : lien invalide ({shown})"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{label} : date invalide ({shown}), format attendu AAAA-MM-JJ"
    if kind.startswith("float") or kind.startswith("int") or kind.startswith("decimal"):
        return f"{label} : nombre invalide ({shown})"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{label} doit être supérieur ou égal à {ctx.get('ge', ctx.get('gt'))}"
    if kind == "string_pattern_mismatch":
        return f"{label} : format invalide ({shown})"
    if kind in ("string_type", "list_type", "set_type", "dict_type", "model_type"):
        return f"{label} : type de valeur inattendu"
    if kind == "value_error" and name == "courriel":
        return f"{label} : adresse e-mail invalide ({shown})"
    if kind == "value_error":
        message = str(ctx.get("error") or error.get("msg", ""))
        return f"{label} : {message.removeprefix('Value error, ')}"
    return f"{label} : valeur invalide ({shown})"


def _coordinates_errors(obj) -> list[str]:
    """The schema takes any float: a point must be on Earth, with both of its coordinates."""
    errors = []
    for name, bound in (("latitude", 90), ("longitude", 180)):
        value = getattr(obj, name)
        # Written so that NaN (accepted by the JSON reader) fails too.
        if value is not None and not -bound <= value <= bound:
            errors.append(
                f"« {name} » : {_number(value)} hors des limites (entre −{bound} et {bound})"
            )
    if (obj.latitude is None) != (obj.longitude is None):
        given, absent = (
            ("latitude", "longitude") if obj.longitude is None else ("longitude", "latitude")
        )
        errors.append(
            f"« {given} » est donnée sans « {absent} » : indiquez les deux coordonnées ou aucune"
        )
    return errors


def _number(value: float) -> str:
    return quoted(f"{value:g}".replace(".", ",").replace("-", "−"))


def _validate(rows: Iterable[Row], report: ImportReport):
    """Validated pydantic objects, keyed by (source, id); errors go to the report."""
    structures: dict[tuple[str, str], tuple[Row, v1.Structure]] = {}
    services: dict[tuple[str, str], tuple[Row, v1.Service]] = {}
    for row in rows:
        if not isinstance(row.data, dict):
            report.add_error(row.where, "un objet JSON est attendu")
            continue
        model = v1.Service if row.kind == "service" else v1.Structure
        try:
            obj = model.model_validate(row.data)
        except ValidationError as error:
            report.add_error(row.where, " ; ".join(_french(e) for e in error.errors()))
            continue
        if coordinates_errors := _coordinates_errors(obj):
            report.add_error(row.where, " ; ".join(coordinates_errors))
            continue
        if obj.source == MANUAL_SOURCE:
            report.add_error(
                row.where,
                f"la source « {MANUAL_SOURCE} » est réservée aux fiches saisies dans Tremplin",
            )
            continue
        target = services if row.kind == "service" else structures
        key = (obj.source, obj.id)
        if key in target:
            report.add_error(
                row.where,
                f"identifiant « {obj.id} » en double (déjà à {target[key][0].where})",
            )
            continue
        target[key] = (row, obj)
    return structures, services


# ---------------------------------------------------------------------------------------
# Mapping to the models


def _text(value) -> str:
    return "" if value is None else str(value)


def _codes(values) -> list[str]:
    return sorted(str(getattr(v, "value", v)) for v in values or ())


def _place_fields(obj, communes: dict[str, Commune], report: ImportReport) -> dict:
    commune = communes.get(obj.code_insee) if obj.code_insee else None
    if obj.code_insee and commune is None:
        report.unknown_communes += 1
    return {
        "address": _text(obj.adresse)[:255],
        "address_complement": _text(obj.complement_adresse)[:255],
        "postal_code": _text(obj.code_postal),
        "commune": commune,
        "commune_label": _text(obj.commune)[:150],
        "latitude": obj.latitude,
        "longitude": obj.longitude,
        "phone": _text(obj.telephone)[:40],
        "email": _text(obj.courriel),
        "opening_hours": _text(obj.horaires_accueil)[:500],
    }


def _structure_fields(obj: v1.Structure, communes, report) -> dict:
    return {
        "name": obj.nom,
        "siret": _text(obj.siret),
        "description": _text(obj.description),
        "website": _text(obj.site_web or obj.lien_source),
        "accessibility_url": _text(obj.accessibilite_lieu),
        "networks": _codes(obj.reseaux_porteurs),
        "updated_at_source": obj.date_maj,
        **_place_fields(obj, communes, report),
    }


def _service_fields(obj: v1.Service, communes, report) -> dict:
    return {
        "name": obj.nom,
        "description": _text(obj.description),
        "website": _text(obj.lien_source),
        "kind": _text(obj.type.value if obj.type else ""),
        "fees": _text(obj.frais.value if obj.frais else ""),
        "fees_details": _text(obj.frais_precisions),
        "publics": _codes(obj.publics),
        "publics_details": _text(obj.publics_precisions),
        "access_conditions": _text(obj.conditions_acces),
        "reception_modes": _codes(obj.modes_accueil),
        "eligibility_zone": [str(code) for code in obj.zone_eligibilite or ()],
        "mobilisation_modes": _codes(obj.modes_mobilisation),
        "mobilisable_by": _codes(obj.mobilisable_par),
        "mobilisation_details": _text(obj.mobilisation_precisions),
        "mobilisation_url": _text(obj.lien_mobilisation),
        "weekly_hours": (
            None
            if obj.volume_horaire_hebdomadaire is None
            else Decimal(str(round(obj.volume_horaire_hebdomadaire, 2)))
        ),
        "weeks": obj.nombre_semaines,
        "updated_at_source": obj.date_maj,
        **_place_fields(obj, communes, report),
    }


def _comparable(value):
    if isinstance(value, Commune):
        return value.pk
    if isinstance(value, float):
        return round(value, 7)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _differs(instance, fields: dict) -> bool:
    for name, value in fields.items():
        current = getattr(instance, "commune_id" if name == "commune" else name)
        if _comparable(current) != _comparable(value):
            return True
    return False


# ---------------------------------------------------------------------------------------
# The import


def import_datainclusion(
    content: bytes, filename: str, *, dry_run: bool = False, complete: bool = False
) -> ImportReport:
    """Validate the whole file, then (unless `dry_run` or on any error) write it at once.

    `complete`: the file is a whole export of each source it contains, so what the directory
    holds from those sources and the file no longer has is withdrawn (made inactive, never
    deleted: referrals keep pointing to it). A partial export must not be imported so.
    """
    report = ImportReport()
    try:
        rows = read_rows(content, filename)
    except ImportFileError as error:
        report.add_error("fichier", str(error))
        return report
    if not rows:
        report.add_error("fichier", "le fichier ne contient aucune structure ni aucun service")
        return report
    structures, services = _validate(rows, report)

    # A service needs its structure: in the file, or already in the directory.
    known = set(structures)
    missing = {(obj.source, obj.structure_id) for _, obj in services.values()} - known
    if missing:
        existing = _existing_keys(PartnerStructure, missing)
        known |= existing
    for (source, _id), (row, obj) in services.items():
        if (source, obj.structure_id) not in known:
            report.add_error(
                row.where,
                f"« structure_id » : la structure « {obj.structure_id} » n'est ni dans le "
                "fichier ni dans l'annuaire",
            )
    if not report.ok or dry_run:
        if report.ok:
            _count_only(report, structures, services)
            if complete:
                _withdraw(report, structures, services, write=False)
        return report
    with transaction.atomic():
        _write(report, structures, services)
        if complete:
            _withdraw(report, structures, services, write=True)
    report.written = True
    return report


def _withdraw(report: ImportReport, structures: dict, services: dict, *, write: bool) -> None:
    """Make inactive what the sources of a complete export no longer have."""
    sources = {source for source, _id in (*structures, *services)}
    now = timezone.now()
    for model, keys, counter in (
        (PartnerStructure, structures, "structures_withdrawn"),
        (PartnerService, services, "services_withdrawn"),
    ):
        stale: list[int] = []
        for source in sources:
            present = {source_id for src, source_id in keys if src == source}
            stale += [
                pk
                for pk, source_id in model.objects.filter(
                    source=source, is_active=True
                ).values_list("pk", "source_id")
                if source_id not in present
            ]
        setattr(report, counter, len(stale))
        if write:
            for start in range(0, len(stale), BATCH_SIZE):
                model.objects.filter(pk__in=stale[start : start + BATCH_SIZE]).update(
                    is_active=False, updated_at=now
                )


def _existing_keys(model, keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
    found = set()
    by_source: dict[str, list[str]] = {}
    for source, source_id in keys:
        by_source.setdefault(source, []).append(source_id)
    for source, ids in by_source.items():
        for start in range(0, len(ids), BATCH_SIZE):
            found.update(
                model.objects.filter(
                    source=source, source_id__in=ids[start : start + BATCH_SIZE]
                ).values_list("source", "source_id")
            )
    return found


def _existing(model, keys: Iterable[tuple[str, str]], **related) -> dict:
    by_source: dict[str, list[str]] = {}
    for source, source_id in keys:
        by_source.setdefault(source, []).append(source_id)
    found = {}
    for source, ids in by_source.items():
        for start in range(0, len(ids), BATCH_SIZE):
            queryset = model.objects.filter(
                source=source, source_id__in=ids[start : start + BATCH_SIZE]
            )
            if related:
                queryset = queryset.select_related(*related["select"])
            for obj in queryset:
                found[(obj.source, obj.source_id)] = obj
    return found


def _count_only(report, structures, services) -> None:
    existing_structures = _existing_keys(PartnerStructure, set(structures))
    existing_services = _existing_keys(PartnerService, set(services))
    report.structures_created = len(set(structures) - existing_structures)
    report.structures_updated = len(existing_structures)
    report.services_created = len(set(services) - existing_services)
    report.services_updated = len(existing_services)


def _write(report: ImportReport, structures: dict, services: dict) -> None:
    codes = {obj.code_insee for _, obj in (*structures.values(), *services.values())}
    codes.discard(None)
    communes = Commune.objects.in_bulk(list(codes)) if codes else {}
    thematiques = set(Thematique.objects.values_list("code", flat=True))
    now = timezone.now()

    # Structures
    current = _existing(PartnerStructure, structures.keys())
    to_create, to_update = [], []
    for key, (_row, obj) in structures.items():
        fields = _structure_fields(obj, communes, report)
        instance = current.get(key)
        if instance is None:
            instance = PartnerStructure(source=key[0], source_id=key[1], **fields)
            to_create.append(instance)
        elif _differs(instance, fields) or not instance.is_active:
            for name, value in fields.items():
                setattr(instance, name, value)
            instance.is_active = True
            to_update.append(instance)
        else:
            report.structures_unchanged += 1
            continue
        instance.search_key = _structure_search_key(instance)
        instance.updated_at = now
    PartnerStructure.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    structure_fields = [
        *_structure_fields_names(),
        "is_active",
        "search_key",
        "updated_at",
    ]
    PartnerStructure.objects.bulk_update(to_update, structure_fields, batch_size=BATCH_SIZE)
    report.structures_created = len(to_create)
    report.structures_updated = len(to_update)

    # Structures the services point to (created above, or already in the directory).
    wanted = {(obj.source, obj.structure_id) for _, obj in services.values()}
    parents = _existing(PartnerStructure, wanted, select=("commune",))

    current = _existing(PartnerService, services.keys(), select=())
    to_create, to_update = [], []
    themes_wanted: dict[tuple[str, str], set[str]] = {}
    for key, (_row, obj) in services.items():
        fields = _service_fields(obj, communes, report)
        parent = parents[(obj.source, obj.structure_id)]
        themes_wanted[key] = {t.value for t in obj.thematiques or ()} & thematiques
        instance = current.get(key)
        if instance is None:
            instance = PartnerService(source=key[0], source_id=key[1], structure=parent, **fields)
            instance.refresh_derived()
            instance.updated_at = now
            to_create.append(instance)
            continue
        before = _derived(instance)
        changed = _differs(instance, fields) or not instance.is_active
        for name, value in fields.items():
            setattr(instance, name, value)
        instance.structure = parent
        instance.is_active = True
        instance.refresh_derived()
        # A renamed or moved structure changes its services' search key and place.
        if changed or _derived(instance) != before:
            instance.updated_at = now
            to_update.append(instance)
        else:
            report.services_unchanged += 1
    PartnerService.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    service_fields = [
        *_service_fields_names(),
        "structure",
        "is_active",
        "search_key",
        "point_latitude",
        "point_longitude",
        "remote",
        "updated_at",
    ]
    PartnerService.objects.bulk_update(to_update, service_fields, batch_size=BATCH_SIZE)
    report.services_created = len(to_create)
    report.services_updated = len(to_update)

    _sync_thematiques(services.keys(), themes_wanted)


def _derived(service: PartnerService) -> tuple:
    return (
        service.structure_id,
        service.search_key,
        _comparable(service.point_latitude),
        _comparable(service.point_longitude),
        service.remote,
    )


def _structure_search_key(structure: PartnerStructure) -> str:
    return normalize(" ".join((structure.name, structure.description[:500])))


def _structure_fields_names() -> list[str]:
    return [
        "name",
        "siret",
        "description",
        "website",
        "accessibility_url",
        "networks",
        "updated_at_source",
        *_PLACE_FIELDS,
    ]


def _service_fields_names() -> list[str]:
    return [
        "name",
        "description",
        "website",
        "kind",
        "fees",
        "fees_details",
        "publics",
        "publics_details",
        "access_conditions",
        "reception_modes",
        "eligibility_zone",
        "mobilisation_modes",
        "mobilisable_by",
        "mobilisation_details",
        "mobilisation_url",
        "weekly_hours",
        "weeks",
        "updated_at_source",
        *_PLACE_FIELDS,
    ]


_PLACE_FIELDS = [
    "address",
    "address_complement",
    "postal_code",
    "commune",
    "commune_label",
    "latitude",
    "longitude",
    "phone",
    "email",
    "opening_hours",
]


def _sync_thematiques(keys, wanted: dict[tuple[str, str], set[str]]) -> None:
    """Add and remove the service ↔ thématique links that differ; leave the others alone."""
    Link = PartnerService.thematiques.through
    ids = {}
    by_source: dict[str, list[str]] = {}
    for source, source_id in keys:
        by_source.setdefault(source, []).append(source_id)
    for source, source_ids in by_source.items():
        for start in range(0, len(source_ids), BATCH_SIZE):
            chunk = source_ids[start : start + BATCH_SIZE]
            for pk, sid in PartnerService.objects.filter(
                source=source, source_id__in=chunk
            ).values_list("pk", "source_id"):
                ids[pk] = (source, sid)
    pks = list(ids)
    current: dict[int, set[str]] = {pk: set() for pk in pks}
    link_ids: dict[tuple[int, str], int] = {}
    for start in range(0, len(pks), BATCH_SIZE):
        for link_id, service_id, code in Link.objects.filter(
            partnerservice_id__in=pks[start : start + BATCH_SIZE]
        ).values_list("pk", "partnerservice_id", "thematique_id"):
            current[service_id].add(code)
            link_ids[(service_id, code)] = link_id
    to_add, to_remove = [], []
    for pk, key in ids.items():
        target = wanted.get(key, set())
        for code in target - current[pk]:
            to_add.append(Link(partnerservice_id=pk, thematique_id=code))
        for code in current[pk] - target:
            to_remove.append(link_ids[(pk, code)])
    Link.objects.bulk_create(to_add, batch_size=BATCH_SIZE)
    for start in range(0, len(to_remove), BATCH_SIZE):
        Link.objects.filter(pk__in=to_remove[start : start + BATCH_SIZE]).delete()
