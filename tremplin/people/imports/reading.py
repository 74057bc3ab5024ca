"""Reading a CSV as spreadsheets write it: encoding, separator, header, cell values."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from tremplin.core.text import normalize
from tremplin.people import enums
from tremplin.people.imports.report import ImportReport

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000

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


# --- the template --------------------------------------------------------------------------


def template_csv() -> bytes:
    """The « modèle CSV »: the header and one fictitious line, as Excel opens it (BOM, « ; »)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.label for c in COLUMNS])
    writer.writerow([c.example for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
