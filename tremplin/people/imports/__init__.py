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

from tremplin.people.imports.checking import CheckResult, ValidRow, check
from tremplin.people.imports.reading import (
    COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    ImportFileError,
    map_header,
    parse,
    parse_date,
    template_csv,
)
from tremplin.people.imports.report import ImportReport, by_line
from tremplin.people.imports.writing import (
    AlreadyFinished,
    abandon_import,
    confirm_import,
    import_at_once,
    purge_stale,
    start_import,
    write,
)

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "AlreadyFinished",
    "CheckResult",
    "ImportFileError",
    "ImportReport",
    "ValidRow",
    "abandon_import",
    "by_line",
    "check",
    "confirm_import",
    "import_at_once",
    "map_header",
    "parse",
    "parse_date",
    "purge_stale",
    "start_import",
    "template_csv",
    "write",
]
