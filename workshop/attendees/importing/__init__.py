"""Importing attendees from an organiser's spreadsheet (.xlsx or .csv). No request, no session:
the page and the command line both call these functions, and the caller commits.

One job per file:

- reading.py   the bytes -> a table of cells (xlsx or csv, sniffed whatever the file is called)
- cells.py     one cell as text; placeholders ("-", "tidak ada", "0") that mean empty
- headers.py   which row is the header and which column holds which field
- lines.py     which lines are people (titles, blank lines, footers skipped): read_people()
- checking.py  each line against the rules, the file and the event: check_people()
- matching.py  which person already in the event a line is: new / unchanged / updated / conflict
- committing.py storing the result in one flush: commit_import()
- pending.py   the uploaded file kept between preview and confirm

The flow is read_people() (the file alone) -> check_people() (rows against the rules and the
event) -> commit_import() (flush; the caller commits once or rolls back).
"""

from workshop.attendees.importing.cells import (
    cell_text,
    is_excel_number,
    is_excel_number_text,
    is_placeholder,
)
from workshop.attendees.importing.checking import (
    ImportResult,
    ImportRow,
    check_import,
    check_people,
    check_row,
    infer_category,
    normalise,
)
from workshop.attendees.importing.committing import CommitSummary, commit_import
from workshop.attendees.importing.fields import (
    IDENTIFYING,
    PERSON_FIELDS,
    ROW_NUMBER,
    ImportBlocked,
    ImportFileError,
    field_labels,
    not_a_spreadsheet,
    too_large,
)
from workshop.attendees.importing.headers import (
    HEADER_SCAN_ROWS,
    Header,
    find_header,
    map_columns,
    match_header,
)
from workshop.attendees.importing.lines import Line, ParsedFile, Skipped, classify_rows, read_people
from workshop.attendees.importing.matching import CONFLICT, MATCHES, NEW, UNCHANGED, UPDATED
from workshop.attendees.importing.pending import (
    KINDS,
    PENDING_MAX_AGE_SECONDS,
    cleanup_pending,
    delete_pending,
    load_pending,
    pending_path,
    save_pending,
    storage_dir,
)
from workshop.attendees.importing.reading import MAX_SHEET_ROWS, Table, decode_text, read_table, sniff_kind

__all__ = [
    "CONFLICT",
    "HEADER_SCAN_ROWS",
    "IDENTIFYING",
    "KINDS",
    "MATCHES",
    "MAX_SHEET_ROWS",
    "NEW",
    "PENDING_MAX_AGE_SECONDS",
    "PERSON_FIELDS",
    "ROW_NUMBER",
    "UNCHANGED",
    "UPDATED",
    "CommitSummary",
    "Header",
    "ImportBlocked",
    "ImportFileError",
    "ImportResult",
    "ImportRow",
    "Line",
    "ParsedFile",
    "Skipped",
    "Table",
    "cell_text",
    "check_import",
    "check_people",
    "check_row",
    "classify_rows",
    "cleanup_pending",
    "commit_import",
    "decode_text",
    "delete_pending",
    "field_labels",
    "find_header",
    "infer_category",
    "is_excel_number",
    "is_excel_number_text",
    "is_placeholder",
    "load_pending",
    "map_columns",
    "match_header",
    "normalise",
    "not_a_spreadsheet",
    "pending_path",
    "read_people",
    "read_table",
    "save_pending",
    "sniff_kind",
    "storage_dir",
    "too_large",
]
