"""Import of people's files from a CSV (a structure moving from another tool, a prescriber's list).

The whole file is checked first, with the rules of the person form (the model fields'
validators, the NIR key, the commune and postal code checked against each other); every bad
cell is reported with its line as the spreadsheet shows it (the header is line 1). If one
row is bad, nothing is written. A row that matches a file the structure already follows
(same NIR, same France Travail identifier, or the same names and birth date once accents
and case are set aside) is counted « déjà présent » and left as it is: importing the same
file twice creates nothing the second time. Files that only look alike are warnings.

Everything the check needs is loaded once into dicts and sets (communes, members, the
structure's people): the number of queries does not grow with the number of rows. Files
are written in batches, with their history rows and their follow, in one transaction.
No consent is recorded: the people must give theirs to the structure.
"""

import csv
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tremplin.accounts.models import Structure, User
from tremplin.core.permissions import Perm, Role, role_can
from tremplin.core.text import normalize
from tremplin.core.validators import validate_postal_code_format
from tremplin.people import enums
from tremplin.people.duplicates import _same_person_names
from tremplin.people.models import Follow, PeopleImport, Person
from tremplin.people.nir import hash_nir, nir_tail, validate_nir
from tremplin.referentials.models import Commune

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
BATCH_SIZE = 2000
# The report keeps this many errors and warnings in full; the counts are always exact.
MAX_REPORTED_ERRORS = 1000
MAX_REPORTED_WARNINGS = 500

REQUIRED = ("last_name", "first_name", "birth_date")


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # as in the template (« modèle CSV »)
    aliases: tuple[str, ...] = ()
    example: str = ""


# The columns understood, in the template's order. Headers are matched without case,
# accents, spaces or punctuation: « PRENOM », « Prénom », « prénom » are the same.
COLUMNS: tuple[Column, ...] = (
    Column("last_name", "Nom", ("Nom d'usage", "Nom de famille", "Nom usuel"), "Exemple-Martin"),
    Column("first_name", "Prénom", ("Prénoms",), "Camille"),
    Column("birth_name", "Nom de naissance", ("Nom de jeune fille",), ""),
    Column("birth_date", "Date de naissance", ("Né le", "Née le", "Date naissance"), "14/07/1995"),
    Column("sex", "Sexe", ("Genre",), "F"),
    Column("email", "E-mail", ("Email", "Courriel", "Adresse e-mail", "Mail"), ""),
    Column(
        "phone",
        "Téléphone",
        ("Tel", "Tél", "Portable", "Mobile", "Téléphone portable"),
        "06 12 34 56 78",
    ),
    Column("address", "Adresse", ("Rue", "Adresse postale"), "3 rue des Lilas"),
    Column("address_complement", "Complément d'adresse", ("Complément",), ""),
    Column("postal_code", "Code postal", ("CP",), "44000"),
    Column("commune", "Commune", ("Ville", "Code INSEE", "Code commune"), "Nantes"),
    Column(
        "nir",
        "NIR",
        ("Numéro de sécurité sociale", "N° de sécurité sociale", "Numéro de sécu", "NIRPP"),
        "",
    ),
    Column(
        "france_travail_id",
        "Identifiant France Travail",
        ("Identifiant Pôle emploi", "Id France Travail", "Numéro France Travail"),
        "",
    ),
    Column(
        "is_registered_jobseeker",
        "Inscrit à France Travail",
        ("Inscrite à France Travail", "Inscrit·e à France Travail", "Demandeur d'emploi"),
        "oui",
    ),
    Column("is_rsa_beneficiary", "RSA", ("Bénéficiaire du RSA",), "non"),
    Column("is_ass_beneficiary", "ASS", ("Bénéficiaire de l'ASS",), "non"),
    Column("caf_number", "Numéro CAF", ("N° allocataire", "Numéro d'allocataire CAF"), ""),
    Column("has_rqth", "RQTH", (), "non"),
    Column("is_aah_beneficiary", "AAH", ("Bénéficiaire de l'AAH",), "non"),
    Column(
        "education_level",
        "Niveau de formation",
        ("Niveau de diplôme", "Niveau", "Diplôme"),
        "4",
    ),
    Column(
        "referent",
        "Référent",
        ("Référente", "Référent·e", "E-mail du référent", "Conseiller", "Conseillère"),
        "",
    ),
)
BOOLEAN_FIELDS = {
    "is_registered_jobseeker",
    "is_rsa_beneficiary",
    "is_ass_beneficiary",
    "has_rqth",
    "is_aah_beneficiary",
}
# Text fields checked by the model field itself (length, format).
MODEL_TEXT_FIELDS = (
    "last_name",
    "first_name",
    "birth_name",
    "email",
    "phone",
    "address",
    "address_complement",
    "caf_number",
    "france_travail_id",
)


def header_key(text: str) -> str:
    """« E-mail », « email », « EMAIL » → « email »; « Prénom » → « prenom »."""
    return normalize(text.replace("·", "")).replace(" ", "")


HEADERS: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.label, *_column.aliases):
        HEADERS[header_key(_name)] = _column.field
LABELS = {c.field: c.label for c in COLUMNS}

_TRUE = {"oui", "o", "yes", "y", "1", "vrai", "x", "true"}
_FALSE = {"non", "n", "no", "0", "faux", "false", ""}
_SEX = {
    "f": enums.Sex.FEMALE,
    "femme": enums.Sex.FEMALE,
    "feminin": enums.Sex.FEMALE,
    "m": enums.Sex.MALE,
    "h": enums.Sex.MALE,
    "homme": enums.Sex.MALE,
    "masculin": enums.Sex.MALE,
    "x": enums.Sex.UNSPECIFIED,
    "": enums.Sex.UNSPECIFIED,
    "non precise": enums.Sex.UNSPECIFIED,
    "autre": enums.Sex.UNSPECIFIED,
}
_EDUCATION = {
    "infra3": enums.EducationLevel.NONE,
    "aucun": enums.EducationLevel.NONE,
    "aucun diplome": enums.EducationLevel.NONE,
    "sans diplome": enums.EducationLevel.NONE,
    "infra niveau 3": enums.EducationLevel.NONE,
    "cap": enums.EducationLevel.LEVEL_3,
    "bep": enums.EducationLevel.LEVEL_3,
    "cap bep": enums.EducationLevel.LEVEL_3,
    "bac": enums.EducationLevel.LEVEL_4,
    "baccalaureat": enums.EducationLevel.LEVEL_4,
    "bac pro": enums.EducationLevel.LEVEL_4,
    "bac 2": enums.EducationLevel.LEVEL_5,
    "bts": enums.EducationLevel.LEVEL_5,
    "dut": enums.EducationLevel.LEVEL_5,
    "bac 3": enums.EducationLevel.LEVEL_6,
    "licence": enums.EducationLevel.LEVEL_6,
    "but": enums.EducationLevel.LEVEL_6,
    "bac 5": enums.EducationLevel.LEVEL_7,
    "master": enums.EducationLevel.LEVEL_7,
    "doctorat": enums.EducationLevel.LEVEL_8,
}
for _level in enums.EducationLevel:
    _EDUCATION[normalize(_level.value)] = _level
    _EDUCATION[f"niveau {_level.value}"] = _level
    _EDUCATION[normalize(str(_level.label))] = _level

_DATE_FR = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Excel may add a time to a date cell: « 14/07/1995 00:00 » or « 1995-07-14T00:00:00 ».
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2})?$")


class ImportFileError(Exception):
    """The file cannot be read as a CSV of people (its message is for the user, in French)."""


# --- the report ----------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What the check found; stored as JSON on the PeopleImport and shown on its page."""

    file_error: str = ""
    encoding: str = ""
    delimiter: str = ""
    columns: list[str] = field(default_factory=list)  # recognised, as in the file
    ignored_columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    to_create: int = 0
    already_present: int = 0
    error_count: int = 0
    invalid_rows: int = 0
    errors: list[dict] = field(default_factory=list)  # {line, column, message}
    warning_count: int = 0
    warnings: list[dict] = field(default_factory=list)  # {line, message}
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and self.error_count == 0

    def add_error(self, line: int | None, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"line": line, "column": column, "message": str(message)})

    def add_warning(self, line: int, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_REPORTED_WARNINGS:
            self.warnings.append({"line": line, "message": message})

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def lines(self) -> list[str]:
        """The report as plain text lines (management command)."""
        if self.file_error:
            return [f"Fichier refusé : {self.file_error}"]
        out = [
            f"Lignes lues : {self.rows_read}",
            f"Dossiers à créer : {self.to_create}",
            f"Déjà présents (laissés tels quels) : {self.already_present}",
            f"Avertissements : {self.warning_count}",
            f"Erreurs : {self.error_count}",
        ]
        if self.ignored_columns:
            out.append("Colonnes ignorées : " + ", ".join(self.ignored_columns))
        for error in self.errors:
            where = f"ligne {error['line']}" if error["line"] else "fichier"
            column = f", colonne « {error['column']} »" if error["column"] else ""
            out.append(f"  Erreur {where}{column} : {error['message']}")
        if self.error_count > len(self.errors):
            out.append(f"  … et {self.error_count - len(self.errors)} autres erreurs.")
        for warning in self.warnings:
            out.append(f"  Avertissement ligne {warning['line']} : {warning['message']}")
        return out


# --- reading the file ----------------------------------------------------------------------


def decode(content: bytes) -> tuple[str, str]:
    """The text and the encoding's name: UTF-8 (with or without BOM), UTF-16, Windows-1252."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict"), "UTF-8"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise ImportFileError("Le fichier n'est pas un texte UTF-16 valide.") from error
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "L'encodage du fichier n'est pas reconnu : enregistrez-le en « CSV UTF-8 » "
            "ou en « CSV (séparateur : point-virgule) »."
        ) from error


def _check_is_csv(content: bytes) -> None:
    if not content.strip():
        raise ImportFileError("Le fichier est vide.")
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : découpez-le en plusieurs "
            "fichiers, ou demandez l'import par la commande d'administration."
        )
    if content.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            "Ce fichier est un classeur (Excel, LibreOffice), pas un CSV : ouvrez-le et "
            "enregistrez-le au format « CSV UTF-8 (délimité par des virgules) »."
        )
    if content.startswith(b"%PDF") or (
        b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise ImportFileError("Ce fichier n'est pas un fichier CSV (texte séparé par des « ; »).")


def detect_delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


@dataclass
class ParsedFile:
    encoding: str
    delimiter: str
    header: list[str]
    # (line as the spreadsheet shows it, cells)
    records: list[tuple[int, list[str]]]


def parse(content: bytes) -> ParsedFile:
    """Decode, find the separator, split into records; raises ImportFileError."""
    _check_is_csv(content)
    text, encoding = decode(content)
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = detect_delimiter(first_line)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise ImportFileError("La première ligne doit donner le nom des colonnes.")
        records = []
        # Line numbers as in the spreadsheet: the header is line 1, each record one line.
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(records) >= MAX_ROWS:
                raise ImportFileError(
                    f"Le fichier compte plus de {MAX_ROWS:,} lignes : découpez-le.".replace(
                        ",", " "
                    )
                )
            records.append((line, cells))
    except csv.Error as error:
        raise ImportFileError(f"Le fichier CSV est mal formé : {error}.") from error
    if not records:
        raise ImportFileError("Le fichier ne contient aucune ligne après celle des colonnes.")
    return ParsedFile(encoding, delimiter, [cell.strip() for cell in header], records)


def map_header(header: list[str], report: ImportReport) -> dict[str, int]:
    """{field: index of its column}; unknown columns are listed as ignored."""
    mapping: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        target = HEADERS.get(header_key(name))
        if target is None:
            report.ignored_columns.append(name)
            continue
        if target in mapping:
            raise ImportFileError(
                f"Les colonnes « {header[mapping[target]]} » et « {name} » donnent toutes deux "
                f"« {LABELS[target]} » : gardez-en une seule."
            )
        mapping[target] = index
        report.columns.append(name)
    missing = [LABELS[f] for f in REQUIRED if f not in mapping]
    if missing:
        raise ImportFileError(
            "Colonnes obligatoires absentes : "
            + ", ".join(f"« {m} »" for m in missing)
            + ". Téléchargez le modèle CSV pour voir les noms attendus."
        )
    return mapping


# --- values --------------------------------------------------------------------------------


def parse_date(value: str) -> date:
    value = _TIME_SUFFIX.sub("", value.strip())
    match = _DATE_FR.fullmatch(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.fullmatch(value)
        if not match:
            raise ValidationError("Date illisible : écrivez JJ/MM/AAAA (ou AAAA-MM-JJ).")
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValidationError("Cette date n'existe pas.") from error


def parse_bool(value: str) -> bool:
    key = normalize(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValidationError("Répondez par « oui » ou « non » (ou laissez vide).")


def parse_sex(value: str) -> str:
    try:
        return _SEX[normalize(value)]
    except KeyError:
        raise ValidationError("Indiquez F, M (ou H), ou laissez vide.") from None


def parse_education(value: str) -> str:
    key = normalize(value)
    if not key:
        return ""
    try:
        return _EDUCATION[key]
    except KeyError:
        raise ValidationError(
            "Niveau inconnu : indiquez un niveau de 3 à 8, « infra3 », ou CAP, bac, BTS, "
            "licence, master, doctorat."
        ) from None


def _messages(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


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


# --- writing -------------------------------------------------------------------------------


def write(rows: list[ValidRow], *, structure_id: int, user) -> int:
    """Create the files and their follows (with history rows), in one transaction.

    The same rows as `actions.create_person` without a consent: the person (created_by the
    importing user, search key set), one follow in the structure with the référent given
    (or none: « à attribuer »), one history row for each.
    """
    today = timezone.localdate()
    created = 0
    with transaction.atomic():
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            people = []
            for row in batch:
                person = Person(created_by=user, **row.values)
                if row.nir:
                    person.nir_hash, person.nir_tail = hash_nir(row.nir), nir_tail(row.nir)
                # What Person.save() does, which bulk_create skips.
                person.search_key = normalize(
                    " ".join([person.last_name, person.birth_name, person.first_name])
                )
                people.append(person)
            people = bulk_create_with_history(
                people,
                Person,
                batch_size=BATCH_SIZE,
                default_user=user,
                default_change_reason="import CSV",
            )
            follows = [
                Follow(
                    person=person,
                    structure_id=structure_id,
                    referent_id=row.referent_id,
                    started_on=today,
                )
                for person, row in zip(people, batch, strict=True)
            ]
            bulk_create_with_history(
                follows,
                Follow,
                batch_size=BATCH_SIZE,
                default_user=user,
                default_change_reason="import CSV",
            )
            created += len(people)
    return created


def by_line(report: ImportReport) -> list[tuple[int | None, list[dict]]]:
    """The reported errors grouped by line, in the file's order."""
    grouped: dict = defaultdict(list)
    for error in report.errors:
        grouped[error["line"]].append(error)
    return sorted(grouped.items(), key=lambda item: item[0] or 0)


# --- the template --------------------------------------------------------------------------


def template_csv() -> bytes:
    """The « modèle CSV »: the header and one fictitious line, as Excel opens it (BOM, « ; »)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.label for c in COLUMNS])
    writer.writerow([c.example for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- the import's life: checked, then confirmed or abandoned -------------------------------

STALE_AFTER = timedelta(hours=24)


class AlreadyFinished(Exception):
    """The import was already confirmed or abandoned (a second click, another tab)."""


def lock_structure(structure_id: int) -> None:
    """Two imports into one structure run one after the other: the second one's check then
    sees the files the first one created, and does not create them twice."""
    Structure.objects.select_for_update().filter(pk=structure_id).exists()


def purge_stale() -> int:
    """Abandon the checked files never confirmed within 24 hours, and delete their content."""
    return PeopleImport.objects.filter(
        status=PeopleImport.Status.READY, created_at__lt=timezone.now() - STALE_AFTER
    ).update(status=PeopleImport.Status.ABANDONED, content=None, finished_at=timezone.now())


def _store_report(record, report: ImportReport) -> None:
    record.report = report.as_dict()
    record.rows_read = report.rows_read
    record.to_create = report.to_create
    record.already_present = report.already_present
    record.error_count = report.error_count + (1 if report.file_error else 0)
    record.warning_count = report.warning_count


def start_import(*, content: bytes, file_name: str, membership):
    """Check the file and keep it for the confirmation if it is valid (nothing is created)."""
    result = check(content, structure_id=membership.structure_id)
    report = result.report
    record = PeopleImport(
        structure_id=membership.structure_id,
        created_by=membership.user,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    _store_report(record, report)
    if not report.ok:
        record.status = PeopleImport.Status.INVALID
        record.finished_at = timezone.now()
    elif report.to_create == 0:
        # Every line is already in the structure's files: nothing to confirm.
        record.status = PeopleImport.Status.IMPORTED
        record.finished_at = timezone.now()
    else:
        record.status = PeopleImport.Status.READY
        record.content = content
    record.save()
    return record


def confirm_import(*, record_id: int, user):
    """Create the files of a checked import, once: the row lock makes a second click wait,
    then find the import finished. The file is checked again (the structure's files may
    have changed since), and written all or nothing."""
    with transaction.atomic():
        record = PeopleImport.objects.select_for_update().get(pk=record_id)
        if record.status != PeopleImport.Status.READY or record.content is None:
            raise AlreadyFinished
        lock_structure(record.structure_id)
        result = check(bytes(record.content), structure_id=record.structure_id)
        _store_report(record, result.report)
        record.content = None
        record.finished_at = timezone.now()
        if not result.report.ok:
            record.status = PeopleImport.Status.INVALID
        else:
            record.created_count = write(result.rows, structure_id=record.structure_id, user=user)
            result.report.created = record.created_count
            record.report = result.report.as_dict()
            record.status = PeopleImport.Status.IMPORTED
        record.save()
    return record


def abandon_import(*, record_id: int):
    with transaction.atomic():
        record = PeopleImport.objects.select_for_update().get(pk=record_id)
        if record.status != PeopleImport.Status.READY:
            raise AlreadyFinished
        record.status = PeopleImport.Status.ABANDONED
        record.content = None
        record.finished_at = timezone.now()
        record.save(update_fields=["status", "content", "finished_at"])
    return record


def import_at_once(*, content: bytes, file_name: str, membership, dry_run: bool = False):
    """Check and, if the file is valid and not a dry run, write it now (management command).

    Returns the report and the PeopleImport recorded (None for a dry run or a refused file).
    """
    with transaction.atomic():
        if not dry_run:
            lock_structure(membership.structure_id)
        result = check(content, structure_id=membership.structure_id)
        report = result.report
        if dry_run or not report.ok:
            return report, None
        report.created = write(
            result.rows, structure_id=membership.structure_id, user=membership.user
        )
        record = PeopleImport(
            structure_id=membership.structure_id,
            created_by=membership.user,
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            status=PeopleImport.Status.IMPORTED,
            created_count=report.created,
            finished_at=timezone.now(),
        )
        _store_report(record, report)
        record.save()
    return report, record
