"""Checking every row of a file, with everything it needs loaded once."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.core.permissions import Perm, Role, role_can
from tremplin.core.text import normalize
from tremplin.core.validators import validate_postal_code_format
from tremplin.people.duplicates import _same_person_names
from tremplin.people.imports.reading import (
    BOOLEAN_FIELDS,
    MODEL_TEXT_FIELDS,
    REQUIRED,
    ImportFileError,
    _messages,
    map_header,
    parse,
    parse_bool,
    parse_date,
    parse_education,
    parse_sex,
)
from tremplin.people.imports.report import ImportReport
from tremplin.people.models import Person
from tremplin.people.nir import hash_nir, validate_nir
from tremplin.referentials.models import Commune

# --- what the check needs from the database, loaded once ----------------------------------


@dataclass
class Lookups:
    structure_id: int
    communes: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    communes_by_name: dict[str, list[str]] = field(default_factory=dict)
    communes_by_postal_code: dict[str, list[str]] = field(default_factory=dict)
    referents: dict[str, int] = field(default_factory=dict)
    by_nir: dict[str, int] = field(default_factory=dict)
    by_ft: dict[str, int] = field(default_factory=dict)
    by_names: dict[tuple, int] = field(default_factory=dict)
    by_birth_date: dict[date, list] = field(default_factory=dict)

    @classmethod
    def load(cls, structure_id: int, *, fields: set[str]) -> "Lookups":
        lookups = cls(structure_id)
        if fields & {"commune", "postal_code"}:
            for code, name, postal_codes in Commune.objects.values_list(
                "code", "search_key", "postal_codes"
            ).iterator(chunk_size=5000):
                codes = tuple(c for c in postal_codes.split("|") if c)
                lookups.communes[code] = (name, codes)
                lookups.communes_by_name.setdefault(name, []).append(code)
                for postal_code in codes:
                    lookups.communes_by_postal_code.setdefault(postal_code, []).append(code)
        if "referent" in fields:
            referent_roles = [r for r in Role if role_can(r, Perm.FOLLOW_MANAGE)]
            # The same people as the person form's « Référent·e » list.
            for pk, email in User.objects.filter(
                memberships__structure_id=structure_id,
                memberships__is_active=True,
                memberships__role__in=referent_roles,
                is_active=True,
            ).values_list("pk", "email"):
                lookups.referents[email.strip().lower()] = pk
        # The structure's own people only (followed now or before): another structure's
        # files are never compared, so an import tells nothing about them.
        known = (
            Person.objects.followed_by_structure(structure_id, active=False)
            .filter(merged_into__isnull=True)
            .values_list(
                "pk",
                "nir_hash",
                "france_travail_id",
                "last_name",
                "birth_name",
                "first_name",
                "birth_date",
            )
        )
        for pk, nir, ft_id, last, birth, first, born in known.iterator(chunk_size=5000):
            if nir:
                lookups.by_nir.setdefault(nir, pk)
            if ft_id:
                lookups.by_ft.setdefault(ft_id.upper(), pk)
            for name in {last, birth} - {""}:
                lookups.by_names.setdefault((normalize(name), normalize(first), born), pk)
            lookups.by_birth_date.setdefault(born, []).append(_Known(pk, last, birth, first, born))
        return lookups


@dataclass
class _Known:
    """The few fields of a known file that duplicate detection compares."""

    pk: int
    last_name: str
    birth_name: str
    first_name: str
    birth_date: date

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}"


# --- checking rows -------------------------------------------------------------------------


@dataclass
class ValidRow:
    line: int
    values: dict
    nir: str
    referent_id: int | None


@dataclass
class CheckResult:
    report: ImportReport
    rows: list[ValidRow]  # the rows to create (only when the report is ok)


def _cell(cells: list[str], mapping: dict[str, int], name: str) -> str:
    index = mapping.get(name)
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def check(content: bytes, *, structure_id: int) -> CheckResult:
    """Read and check the whole file; nothing is written."""
    report = ImportReport()
    try:
        parsed = parse(content)
        report.encoding, report.delimiter = parsed.encoding, parsed.delimiter
        mapping = map_header(parsed.header, report)
    except ImportFileError as error:
        report.file_error = str(error)
        return CheckResult(report, [])
    header = parsed.header
    report.rows_read = len(parsed.records)
    lookups = Lookups.load(structure_id, fields=set(mapping))
    model_fields = {name: Person._meta.get_field(name) for name in MODEL_TEXT_FIELDS}
    birth_date_field = Person._meta.get_field("birth_date")
    today = timezone.localdate()

    rows: list[ValidRow] = []
    seen_nir: dict[str, int] = {}
    seen_ft: dict[str, int] = {}
    seen_names: dict[tuple, int] = {}
    for line, cells in parsed.records:
        errors_before = report.error_count

        def error(name: str, message, line=line) -> None:
            report.add_error(line, header[mapping[name]] if name in mapping else "", message)

        values: dict = {}
        for name in MODEL_TEXT_FIELDS:
            if name not in mapping:
                continue
            raw = " ".join(_cell(cells, mapping, name).split())
            if name == "france_travail_id":
                raw = raw.replace(" ", "").upper()
            if not raw:
                if name in REQUIRED:
                    error(name, "Obligatoire.")
                continue
            try:
                values[name] = model_fields[name].clean(raw, None)
            except ValidationError as invalid:
                error(name, _messages(invalid))
        raw_date = _cell(cells, mapping, "birth_date")
        if not raw_date:
            error("birth_date", "Obligatoire.")
        else:
            try:
                born = parse_date(raw_date)
                birth_date_field.run_validators(born)
                values["birth_date"] = born
            except ValidationError as invalid:
                error("birth_date", _messages(invalid))
        if "sex" in mapping:
            try:
                values["sex"] = parse_sex(_cell(cells, mapping, "sex"))
            except ValidationError as invalid:
                error("sex", _messages(invalid))
        for name in BOOLEAN_FIELDS & set(mapping):
            try:
                values[name] = parse_bool(_cell(cells, mapping, name))
            except ValidationError as invalid:
                error(name, _messages(invalid))
        if "education_level" in mapping:
            try:
                values["education_level"] = parse_education(
                    _cell(cells, mapping, "education_level")
                )
            except ValidationError as invalid:
                error("education_level", _messages(invalid))
        nir = ""
        raw_nir = _cell(cells, mapping, "nir")
        if raw_nir:
            try:
                nir = validate_nir(raw_nir)
            except ValidationError as invalid:
                error("nir", _messages(invalid))
        _check_address(cells, mapping, lookups, values, error)
        referent_id = None
        raw_referent = _cell(cells, mapping, "referent").lower()
        if raw_referent:
            referent_id = lookups.referents.get(raw_referent)
            if referent_id is None:
                error(
                    "referent",
                    f"« {raw_referent} » n'est pas l'e-mail d'un·e conseiller·ère de la "
                    "structure : laissez vide pour un dossier « à attribuer ».",
                )
        if report.error_count > errors_before:
            report.invalid_rows += 1
            continue

        # Same person twice in the file: an error naming both lines.
        keys = []
        nir_key = hash_nir(nir) if nir else ""
        if nir_key:
            keys.append((seen_nir, nir_key, "même NIR"))
        ft_id = values.get("france_travail_id", "")
        if ft_id:
            keys.append((seen_ft, ft_id, "même identifiant France Travail"))
        name_key = (
            normalize(values["last_name"]),
            normalize(values["first_name"]),
            values["birth_date"],
        )
        keys.append((seen_names, name_key, "mêmes nom, prénom et date de naissance"))
        repeated = next(((seen[k], why) for seen, k, why in keys if k in seen), None)
        if repeated:
            first_line, why = repeated
            report.add_error(
                line,
                "",
                f"Les lignes {first_line} et {line} décrivent la même personne ({why}) : "
                "gardez-en une seule.",
            )
            report.invalid_rows += 1
            continue
        for seen, k, _why in keys:
            seen[k] = line

        # Already followed by the structure: counted, left unchanged.
        if (
            (nir_key and nir_key in lookups.by_nir)
            or (ft_id and ft_id in lookups.by_ft)
            or name_key in lookups.by_names
            or (
                values.get("birth_name")
                and (normalize(values["birth_name"]), name_key[1], name_key[2]) in lookups.by_names
            )
        ):
            report.already_present += 1
            continue

        last_names = [n for n in (values["last_name"], values.get("birth_name", "")) if n]
        for known in lookups.by_birth_date.get(values["birth_date"], ()):
            if _same_person_names(known, last_names, values["first_name"]):
                report.add_warning(
                    line,
                    f"Ressemble au dossier de {known.full_name}, né·e le "
                    f"{known.birth_date:%d/%m/%Y}, déjà suivi par la structure (même date de "
                    "naissance, nom proche). Le dossier sera créé : vérifiez ensuite s'il faut "
                    "fusionner.",
                )
                break
        if values["birth_date"].year > today.year - 15:
            report.add_warning(line, "La personne a moins de 15 ans : vérifiez la date.")
        rows.append(ValidRow(line, values, nir, referent_id))

    report.to_create = len(rows)
    if not report.ok:
        rows = []
    return CheckResult(report, rows)


def _check_address(cells, mapping, lookups: Lookups, values: dict, error) -> None:
    """Postal code and commune, checked against each other as the person form does."""
    postal_code = _cell(cells, mapping, "postal_code").replace(" ", "")
    if postal_code.isdigit() and len(postal_code) == 4:
        # A spreadsheet drops the leading zero of « 01000 ».
        postal_code = "0" + postal_code
    if postal_code:
        try:
            validate_postal_code_format(postal_code)
            values["postal_code"] = postal_code
        except ValidationError as invalid:
            error("postal_code", _messages(invalid))
            return
    raw = _cell(cells, mapping, "commune")
    if not raw:
        # Only the postal code: the commune when it is the only one with that code.
        candidates = lookups.communes_by_postal_code.get(postal_code, []) if postal_code else []
        if len(candidates) == 1:
            values["commune_id"] = candidates[0]
        return
    code = raw.upper().replace(" ", "")
    if len(code) == 4 and code.isdigit():
        code = "0" + code
    if code in lookups.communes:
        commune_code = code
    else:
        candidates = lookups.communes_by_name.get(normalize(raw), [])
        if postal_code and len(candidates) > 1:
            candidates = [c for c in candidates if postal_code in lookups.communes[c][1]]
        if not candidates:
            error("commune", f"Commune « {raw} » inconnue : donnez son code INSEE.")
            return
        if len(candidates) > 1:
            error(
                "commune",
                f"Plusieurs communes s'appellent « {raw} » : ajoutez le code postal "
                "ou donnez le code INSEE.",
            )
            return
        commune_code = candidates[0]
    codes = lookups.communes[commune_code][1]
    if postal_code and postal_code not in codes:
        error(
            "postal_code",
            f"Ce code postal ne correspond pas à la commune choisie ({', '.join(codes) or '—'}).",
        )
        return
    values["commune_id"] = commune_code
