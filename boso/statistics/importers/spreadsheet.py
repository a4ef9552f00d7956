"""The spreadsheet template municipalities fill in, as xlsx or CSV.

One figure per row, under a header row (Norwegian or English, any case):

    indikator | kommune (or region) | periode | verdi | status (optional) | dim:<name> …

`indikator` is a code from the indicator catalogue (such as `waiting_list`): the
template adds figures to catalogue indicators and never creates one, so an unknown
code refuses the file (statistics_import names the row). `kommune` is a code, or a
code with its name ("0301 Oslo"); a three-digit number is a municipality number
whose leading zero a spreadsheet dropped. `periode` is 2024, 2024H1, 2024K1,
2024M03 or a date (2024-11-20, 20.11.2024 or a date cell). `verdi` takes
Norwegian numbers ("1 234,5", with space, no-break or narrow no-break space
thousands) and "1234.5"; empty or an SSB status symbol means no figure, with that
symbol. `status` may give the symbol instead. `dim:<name>` columns add further
dimensions (`dim:alder` → dimension "alder").

In a workbook every sheet whose header row (within the first ten rows) has the
template's columns is read; other sheets (instructions, lists) are skipped.
Messages name the sheet, row and column.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from boso.statistics.importers.base import (
    BATCH_SIZE,
    MAX_VALUE,
    STATUS_SYMBOLS,
    Cell,
    ContentInfo,
    ImportFormatError,
    ParsedTable,
    check_cells_total,
    parse_number,
    value_out_of_range,
)
from boso.statistics.importers.pxweb_csv import (
    csv_rows,
    decode_text,
    period_code,
    region_code,
    sniff_header,
    split_code,
)

FORMAT = "spreadsheet"
COLUMNS = {
    "indicator": ("indikator", "indicator", "indikatorkode"),
    "region": ("kommune", "region", "kommunenummer", "kommunenr", "municipality"),
    "period": ("periode", "period"),
    "value": ("verdi", "value"),
    "status": ("status",),
}
REQUIRED = ("indicator", "region", "period", "value")
IGNORED = frozenset({"merknad", "kommentar", "comment", "note", "kilde", "source", "navn", "name"})
DIMENSION_PREFIX = "dim:"
HEADER_SEARCH_ROWS = 10
TEMPLATE_HEADER = ("indikator", "kommune", "periode", "verdi", "status")
# A true figure, so an example row left in a filled-in template does no harm: seed 004,
# Lillehammer's tenants in municipal dwellings with rent arrears, September 2010.
TEMPLATE_EXAMPLE = ("rent_arrears", "0501 Lillehammer", "2010M09", "42", "")
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
# Zip bombs (see check_zip). A template of 100 000 rows unpacks to about 26 MB, packed
# some 15:1; Apache POI refuses parts packed more than 100:1 too.
_MB = 1024 * 1024
MAX_UNPACKED_BYTES = 100 * _MB
MAX_RATIO = 100
MAX_PARTS = 10_000
_CENTRAL_DIRECTORY = b"PK\x01\x02"
_DTD = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
_DTD_OVERLAP = max(len(mark) for mark in _DTD) - 1  # a mark split between two chunks


def is_template_header(fields: Iterable[str]) -> bool:
    names = {f.strip().casefold() for f in fields}
    return bool(names & set(COLUMNS["indicator"])) and bool(names & set(COLUMNS["value"]))


# --- The header --------------------------------------------------------------------------


@dataclass
class Columns:
    """Where each template column is (0-based), for one sheet."""

    sheet: str  # "" for a CSV file
    header_row: int
    names: list[str]
    indicator: int = -1
    region: int = -1
    period: int = -1
    value: int = -1
    status: int | None = None
    dims: list[tuple[int, str]] = field(default_factory=list)

    def place(self, row: int, index: int | None = None) -> str:
        """Where a cell is: «sheet 'Data', row 5, column D (verdi)» in a workbook,
        «row 5, column 'verdi'» in a CSV file."""
        if not self.sheet:
            where = f"row {row}"
            return where if index is None else f"{where}, column {self.names[index]!r}"
        where = f"sheet {self.sheet!r}, row {row}"
        if index is None:
            return where
        return f"{where}, column {get_column_letter(index + 1)} ({self.names[index]})"


def _role(name: str) -> str | None:
    folded = name.casefold()
    for role, aliases in COLUMNS.items():
        if folded in aliases:
            return role
    return None


def read_header(names: list[str], *, sheet: str, row: int) -> Columns:
    columns = Columns(sheet=sheet, header_row=row, names=names)
    seen: dict[str, int] = {}
    for index, raw in enumerate(names):
        name = raw.strip()
        if not name or name.casefold() in IGNORED:
            continue
        if name.casefold().startswith(DIMENSION_PREFIX):
            columns.dims.append((index, name[len(DIMENSION_PREFIX) :].strip()))
            continue
        role = _role(name)
        if role is None:
            raise ImportFormatError(
                f"{columns.place(row, index)}: unknown column {name!r}; the template has "
                "indikator, kommune, periode, verdi, status and dim:<name> columns"
            )
        if role in seen:
            raise ImportFormatError(f"{columns.place(row, index)}: a second {name!r} column")
        seen[role] = index
        setattr(columns, role, index)
    missing = [COLUMNS[r][0] for r in REQUIRED if r not in seen]
    if missing:
        raise ImportFormatError(f"{columns.place(row)}: the header lacks {', '.join(missing)}")
    return columns


# --- Rows --------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as text: numbers without a spurious '.0', dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _region(text: str) -> str:
    code = region_code(text)
    return code.zfill(4) if code.isdigit() and len(code) == 3 else code


def _period(text: str, *, where: str) -> str:
    match = _NORWEGIAN_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        text = f"{year:04d}-{month:02d}-{day:02d}"
    return period_code(text, where=where)


def _value(raw: Any, status_raw: Any, columns: Columns, row: int) -> tuple[Decimal | None, str]:
    if isinstance(raw, bool):
        raise ImportFormatError(f"{columns.place(row, columns.value)}: {raw!r} is not a number")
    value: Decimal | None
    if isinstance(raw, (int, float)):
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        if not number.is_finite():
            raise ImportFormatError(f"{columns.place(row, columns.value)}: not a finite number")
        if not -MAX_VALUE < number < MAX_VALUE:
            raise value_out_of_range(number, where=columns.place(row, columns.value))
        value, symbol = number, ""
    else:
        value, symbol = parse_number(_text(raw), where=columns.place(row, columns.value))
        if value is None and not _text(raw):
            symbol = ""  # empty: the status column, else "..", decides below
    status = _text(status_raw)
    if status and status not in STATUS_SYMBOLS:
        raise ImportFormatError(
            f"{columns.place(row, columns.status)}: {status!r} is not an SSB status symbol "
            "(.. missing, ... not yet available, : confidential, - nil, . not applicable)"
        )
    if symbol and status and symbol != status:
        raise ImportFormatError(
            f"{columns.place(row, columns.value)}: the value says {symbol!r}, the status {status!r}"
        )
    if value is None:
        return None, status or symbol or ".."
    return value, status


def _cell(columns: Columns, row: int, values: list[Any]) -> Cell:
    def at(index: int | None) -> Any:
        return values[index] if index is not None and index < len(values) else None

    parts: dict[str, str] = {}
    for role in ("indicator", "region", "period"):
        index = getattr(columns, role)
        parts[role] = _text(at(index))
        if not parts[role]:
            raise ImportFormatError(f"{columns.place(row, index)}: empty")
    value, status = _value(at(columns.value), at(columns.status), columns, row)
    dims = tuple((name, split_code(_text(at(i)))) for i, name in columns.dims if _text(at(i)))
    return Cell(
        parts["indicator"],
        _region(parts["region"]),
        _period(parts["period"], where=columns.place(row, columns.period)),
        dims,
        value,
        status,
    )


def _is_blank(values: Iterable[Any]) -> bool:
    return all(_text(v) == "" for v in values)


# --- Sources: workbook sheets or a CSV file ----------------------------------------------

Rows = Iterator[tuple[Columns, int, list[Any]]]


def check_zip(raw: bytes) -> None:
    """Refuse a zip bomb, or an XML bomb in a zip, before openpyxl unpacks anything.

    openpyxl reads whatever the zip holds: a small upload whose parts unpack to
    gigabytes would take the server's memory and time. Python's zipfile never unpacks
    more than a part's declared size, so the declared sizes are checked against the
    limits, and only deflate and stored parts (all that workbooks use) are allowed:
    bzip2 and lzma are unpacked without a bound on memory. Counting the central
    directory's signatures bounds the parts before zipfile reads its directory.
    """
    if raw.count(_CENTRAL_DIRECTORY) > MAX_PARTS:
        raise ImportFormatError(f"{FORMAT}: the workbook has more than {MAX_PARTS} parts")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except Exception as exc:  # zipfile on untrusted bytes: any failure means no workbook
        raise _unreadable(exc) from None
    with archive:
        parts = archive.infolist()
        for part in parts:
            _check_part(part)
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportFormatError(
                f"{FORMAT}: the workbook unpacks to {unpacked // _MB} MB, more than the "
                f"{MAX_UNPACKED_BYTES // _MB} MB boso reads; split it, or save it as CSV"
            )
        for part in parts:
            _check_no_dtd(archive, part)


def _check_no_dtd(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """An XML entity bomb ("billion laughs") needs a DTD, which the Open Packaging
    Conventions forbid in a workbook's parts. expat stops the deepest ones only after
    some 70 MB (and lets a wide one through), so every part is searched, in chunks:
    the sizes checked above bound the reading. Any part, whatever its name: a
    relationship may point openpyxl at it."""
    try:
        found = _has_dtd(archive, part)
    except Exception as exc:  # a damaged part: a wrong checksum, broken deflate
        raise _unreadable(exc) from None
    if found:
        raise ImportFormatError(
            f"{FORMAT}: part {part.filename[:100]!r} declares a DTD (<!DOCTYPE …>), "
            "which no real workbook does (an XML bomb?)"
        )


def _has_dtd(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_MB):
            window = tail + chunk
            if any(mark in window for mark in _DTD):
                return True
            tail = window[-_DTD_OVERLAP:]
    return False


def _check_part(part: zipfile.ZipInfo) -> None:
    if part.flag_bits & 0x1:
        raise ImportFormatError(
            f"{FORMAT}: the workbook is protected by a password; save it without one"
        )
    if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ImportFormatError(
            f"{FORMAT}: part {part.filename[:100]!r} is packed in a way workbooks never are"
        )
    if part.file_size > _MB and part.file_size > MAX_RATIO * part.compress_size:
        raise ImportFormatError(
            f"{FORMAT}: part {part.filename[:100]!r} unpacks to more than {MAX_RATIO} times "
            "its packed size, which no real workbook does (a zip bomb?)"
        )


def _reason(exc: Exception) -> str:
    """An exception from a library as a short reason in a message."""
    return (str(exc) or type(exc).__name__)[:200]


def _unreadable(exc: Exception) -> ImportFormatError:
    return ImportFormatError(f"{FORMAT}: the workbook cannot be opened ({_reason(exc)})")


def _open_workbook(raw: bytes) -> Any:
    check_zip(raw)
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl on untrusted bytes, as in _sheet_rows
        raise _unreadable(exc) from None


def _sheet_rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """A sheet's rows. openpyxl trusts the file: fuzzing made it raise ValueError,
    IndexError, KeyError, TypeError, OSError and XML syntax errors on damaged parts,
    and it reads a sheet lazily, so such a part may fail only here. Any failure inside
    openpyxl means the workbook cannot be read, and refuses it."""
    rows = sheet.iter_rows(values_only=True)
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise ImportFormatError(
                f"{FORMAT}: sheet {sheet.title!r} cannot be read ({_reason(exc)})"
            ) from None
        yield values


def _xlsx_rows(raw: bytes) -> Rows:
    """(columns, row number, values) of every data row of every template sheet."""
    workbook = _open_workbook(raw)
    try:
        found = False
        for sheet in workbook.worksheets:
            columns: Columns | None = None
            for number, values in enumerate(_sheet_rows(sheet), start=1):
                if columns is None:
                    if number > HEADER_SEARCH_ROWS:
                        break
                    names = [_text(v) for v in values]
                    if is_template_header(names):
                        columns = read_header(names, sheet=sheet.title, row=number)
                        found = True
                    continue
                if not _is_blank(values):
                    yield columns, number, list(values)
        if not found:
            sheets = ", ".join(repr(ws.title) for ws in workbook.worksheets)
            raise ImportFormatError(
                f"{FORMAT}: no sheet has the template's header row (indikator, kommune, "
                f"periode, verdi) in its first {HEADER_SEARCH_ROWS} rows; sheets: {sheets}"
            )
    finally:
        workbook.close()


def _csv_rows(text: str) -> Rows:
    found = sniff_header(text)
    if found is None or not is_template_header(found[2]):
        raise ImportFormatError(f"{FORMAT}: no header row with indikator and verdi")
    header_line, delimiter, names = found
    columns = read_header(names, sheet="", row=header_line)
    for line, values in csv_rows(text, delimiter):
        if line > header_line and not _is_blank(values):
            yield columns, line, list(values)


# --- Parsing -----------------------------------------------------------------------------


def _parsed(rows: Callable[[], Rows]) -> ParsedTable:
    """`rows` makes a fresh row iterator: one pass for the indicators, one to stream."""
    contents: dict[str, ContentInfo] = {}
    total = 0
    for columns, number, values in rows():
        total += 1
        code = _text(values[columns.indicator]) if columns.indicator < len(values) else ""
        if code and code not in contents:
            contents[code] = ContentInfo(label=code, where=columns.place(number))
    if not total:
        raise ImportFormatError(f"{FORMAT}: the header row is there, but no figures under it")
    table = ParsedTable(
        source_format="spreadsheet",
        table_id="",  # the content code is the catalogue indicator's code
        title="Regnearkmal",
        source="Kommunen",
        contents=contents,
        cells_total=check_cells_total(total, what=FORMAT),
    )
    table.batches = _batches(rows())
    return table


def _batches(rows: Rows) -> Iterator[list[Cell]]:
    batch: list[Cell] = []
    for columns, number, values in rows:
        batch.append(_cell(columns, number, values))
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def parse_xlsx(raw: bytes) -> ParsedTable:
    return _parsed(lambda: _xlsx_rows(raw))


def parse_csv_text(text: str) -> ParsedTable:
    return _parsed(lambda: _csv_rows(text))


def parse(raw: bytes) -> ParsedTable:
    if raw[:4] == b"PK\x03\x04":
        return parse_xlsx(raw)
    return parse_csv_text(decode_text(raw, what=FORMAT))


# --- Empty templates ---------------------------------------------------------------------

GUIDE = (
    "Slik fyller du ut malen",
    "Én rad per tall, under overskriftsraden på arket «Data».",
    "indikator: en kode fra indikatorkatalogen, for eksempel waiting_list "
    "(se arket «Indikatorer»).",
    "kommune: kommunenummer, gjerne med navn: «0301 Oslo».",
    "periode: 2024, 2024H1 (halvår), 2024K1 (kvartal), 2024M03 (måned) eller en dato (20.11.2024).",
    "verdi: tallet, for eksempel 1 234,5. Tom, eller et statussymbol, når tallet mangler.",
    "status (valgfri): .. mangler, ... ikke tilgjengelig ennå, : konfidensielt, - null.",
    "dim:<navn> (valgfrie kolonner): flere dimensjoner, for eksempel dim:alder.",
    "Eksempelraden er et ekte tall (Lillehammer, september 2010) og kan stå eller slettes.",
)


def template_csv() -> bytes:
    """The empty template as CSV: UTF-8 with a byte-order mark and ';', as Excel opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(TEMPLATE_EXAMPLE)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(indicators: Iterable[tuple[str, str]] = ()) -> bytes:
    """The empty template as a workbook: «Data» (header and example row), «Veiledning»,
    and «Indikatorer» listing the given (code, name) pairs when any are given."""
    workbook = Workbook()
    data = workbook.active
    assert data is not None  # a new workbook has its sheet
    data.title = "Data"
    data.append(TEMPLATE_HEADER)
    data.append([*TEMPLATE_EXAMPLE[:3], int(TEMPLATE_EXAMPLE[3]), TEMPLATE_EXAMPLE[4]])
    for index, width in enumerate((24, 22, 12, 14, 8), start=1):
        data.column_dimensions[get_column_letter(index)].width = width
        data.cell(row=1, column=index).font = Font(bold=True)
    data.freeze_panes = "A2"
    guide = workbook.create_sheet("Veiledning")
    for line in GUIDE:
        guide.append([line])
    guide["A1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 100
    listed = list(indicators)
    if listed:
        sheet = workbook.create_sheet("Indikatorer")
        sheet.append(["kode", "navn"])
        for code, name in listed:
            sheet.append([code, name])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
