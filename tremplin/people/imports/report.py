"""The check report of an import: counts, errors by line and column, warnings."""

from collections import defaultdict
from dataclasses import asdict, dataclass, field

# The report keeps this many errors and warnings in full; the counts are always exact.
MAX_REPORTED_ERRORS = 1000
MAX_REPORTED_WARNINGS = 500


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


def by_line(report: ImportReport) -> list[tuple[int | None, list[dict]]]:
    """The reported errors grouped by line, in the file's order."""
    grouped: dict = defaultdict(list)
    for error in report.errors:
        grouped[error["line"]].append(error)
    return sorted(grouped.items(), key=lambda item: item[0] or 0)
