"""PxWeb CSV exports ("semicolon with heading") and tidy statistics CSVs.

The statistics bank writes one header row of dimension names, then one row per
combination, with codes and labels joined in a cell ("0301 Oslo"). Two layouts:

- long: every dimension is a column and the last column holds the figures; its
  header is the table title ("07459: Befolkning, etter region, statistikkvariabel
  og år"), or in a tidy file just a name such as "value";
- wide: the trailing columns are headed by periods ("2023";"2024") or by a
  statistic variable and a period ("Personer 2024").

Which column is the region: the profile's geo dimension, else a header containing
"region" (or kommune/fylke). The time: a header such as "år", "kvartal", "måned"
or "tid", else a column whose values are all periods. A "statistikkvariabel"
column gives the content; the rest are further dimensions. Several value columns
must be headed by periods; a file with one column per statistic variable and the
time in the stub is read as long (put the variable in the stub when exporting).

The table number comes from the title ("07459: …"), else from the caller (an
import profile's table), else from the file name's stem ("befolkning.csv" →
"befolkning"). Without a statistic variable the content code is "value", so a
tidy file becomes indicator "<stem>.value" unless a profile maps it.

Text is UTF-8 (with or without a byte-order mark) or, only when that fails,
Windows-1252. Numbers may use decimal commas and space thousands; SSB's status
symbols (.. missing, ... not yet, : confidential, - nil, . not applicable) are kept.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath

from boso.statistics.importers.base import (
    BATCH_SIZE,
    MAX_VALUE,
    Cell,
    ContentInfo,
    ImportFormatError,
    ParsedTable,
    canonical_region,
    check_cells_total,
    parse_number,
)
from boso.statistics.periods import PeriodError, parse_period

FORMAT = "PxWeb CSV"
DELIMITERS = (";", "\t", ",")
TIME_NAMES = frozenset(
    {"år", "tid", "time", "year", "kvartal", "quarter", "måned", "month", "halvår", "periode"}
)
CONTENT_NAMES = frozenset({"statistikkvariabel", "contentscode", "statistic", "contents"})
REGION_WORDS = ("region", "kommune", "fylke", "municipality", "county")
MAX_CONTENT_CODE = 40
_CODE_TOKEN = re.compile(r"^(?:[A-Za-z]{1,4}-)?[A-Za-z]{0,12}\d[\w\-+]*$")
_TABLE_TITLE = re.compile(r"^(\d{5})\s*:\s*(.*)$")
_URL_PATH = re.compile(r"^[a-z]+://[^/]*")


# --- Text, shared with the spreadsheet template's CSV form ------------------------------


def decode_text(raw: bytes, *, what: str = FORMAT) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252; UTF-16 only with its BOM."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFormatError(f"{what}: invalid UTF-16 at byte {exc.start}") from None
    if b"\x00" in raw[:4096]:
        raise ImportFormatError(
            f"{what}: the file contains NUL bytes, so it is not a text file "
            "(UTF-16 without a byte-order mark?); save it as CSV in UTF-8"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as cp1252:
            line = raw.count(b"\n", 0, cp1252.start) + 1
            raise ImportFormatError(
                f"{what}: line {line}: byte 0x{raw[cp1252.start]:02X} is neither UTF-8 "
                f"(first invalid byte at {utf8.start}) nor Windows-1252; "
                "save the file as CSV in UTF-8"
            ) from None


def sniff_header(text: str) -> tuple[int, str, list[str]] | None:
    """The header: (line number, delimiter, fields) of the first of the first 20 lines
    that splits into two or more fields; title and blank lines before it are skipped."""
    for number, line in enumerate(itertools.islice(lines(text), 20), start=1):
        if not line.strip():
            continue
        for delimiter in DELIMITERS:  # in order of preference: a title may hold commas
            fields = [h.strip() for h in _split_line(line, delimiter)]
            while fields and not fields[-1]:
                fields.pop()  # a trailing delimiter
            if len(fields) >= 2:
                return number, delimiter, fields
    return None


def lines(text: str) -> io.StringIO:
    """The text as csv reads it. newline="": lines end at CR LF, LF or a lone CR (old Mac
    files), and quoted line breaks stay in their field. Found by fuzzing: without it a
    lone CR inside a line made csv raise csv.Error, which no caller refused cleanly."""
    return io.StringIO(text, newline="")


def csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of every row; what csv cannot read (a field over its limit
    of 128 KiB, found by fuzzing) refuses the file instead of escaping as csv.Error."""
    reader = csv.reader(lines(text), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise ImportFormatError(f"line {reader.line_num}: not readable as CSV ({exc})") from None


def _split_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # a field over csv's limit (found by fuzzing): no header here
        return []


def split_code(text: str) -> str:
    """'0301 Oslo' → '0301', 'K-3001 Halden' → 'K-3001', 'Hele landet' → unchanged."""
    cleaned = text.strip()
    head, _space, _rest = cleaned.partition(" ")
    if _space and _CODE_TOKEN.match(head):
        return head
    return cleaned


def region_code(text: str) -> str:
    return canonical_region(split_code(text))


def period_code(text: str, *, where: str) -> str:
    try:
        return parse_period(split_code(text)).code
    except PeriodError as exc:
        raise ImportFormatError(f"{where}: {exc}") from None


def number(text: str, *, line: int, column: str) -> tuple[Decimal | None, str]:
    """Plain figures the fast way; anything else (commas, spaces, symbols) by parse_number."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return parse_number(text, where=f"line {line}, column {column!r}")
    if value.is_finite() and "_" not in text and -MAX_VALUE < value < MAX_VALUE:
        return value, ""
    return parse_number(text, where=f"line {line}, column {column!r}")


# --- Layout ------------------------------------------------------------------------------


@dataclass
class ValueColumn:
    index: int
    content: str | None  # from the header ("Personer 2024"), else from a column or "value"
    period: str | None  # from the header in the wide layout


@dataclass
class Layout:
    header: list[str]
    header_line: int
    delimiter: str
    values: list[ValueColumn]
    region: int
    time: int | None = None
    content: int | None = None
    dims: list[int] = field(default_factory=list)
    title: str = ""
    table_id: str = ""

    def name(self, index: int) -> str:
        return self.header[index]


def _header_period(header: str) -> tuple[str | None, str] | None:
    """'2024' → (None, '2024'); 'Personer 2024' → ('Personer', '2024'); else None."""
    tokens = header.split()
    if not tokens:
        return None
    try:
        period = parse_period(tokens[-1]).code
    except PeriodError:
        return None
    return (" ".join(tokens[:-1]) or None), period


def _value_columns(header: list[str]) -> tuple[list[ValueColumn], str]:
    """The trailing period-headed columns (wide), else the last column (long, with its
    header as the title or the content name)."""
    wide: list[ValueColumn] = []
    for index in range(len(header) - 1, 0, -1):
        found = _header_period(header[index])
        if found is None:
            break
        wide.insert(0, ValueColumn(index, found[0], found[1]))
    if wide:
        return wide, ""
    last = header[-1]
    if _TABLE_TITLE.match(last):
        return [ValueColumn(len(header) - 1, None, None)], last
    return [ValueColumn(len(header) - 1, last or "value", None)], ""


def _find_region(header: list[str], candidates: list[int], geo_dimension: str) -> int:
    folded = {i: header[i].casefold() for i in candidates}
    if geo_dimension:
        wanted = geo_dimension.casefold()
        for i, name in folded.items():
            if name == wanted or wanted in name:
                return i
    for word in REGION_WORDS:
        for i, name in folded.items():
            if word in name:
                return i
    raise ImportFormatError(
        f"{FORMAT}: no region column among {[header[i] for i in candidates]}; "
        "a header must contain 'region', or use an import profile that names it"
    )


def analyse(
    header: list[str],
    *,
    header_line: int,
    delimiter: str,
    geo_dimension: str = "",
    title: str = "",
) -> Layout:
    """Which column is which, from the header alone (the time may still be unknown)."""
    if len(set(header)) != len(header) or not all(header):
        raise ImportFormatError(
            f"{FORMAT}: line {header_line}: the header has empty or repeated column names"
        )
    values, title_header = _value_columns(header)
    stub = [i for i in range(len(header)) if i < values[0].index]
    if not stub:
        raise ImportFormatError(f"{FORMAT}: line {header_line}: no dimension columns")
    layout = Layout(
        header=header,
        header_line=header_line,
        delimiter=delimiter,
        values=values,
        region=_find_region(header, stub, geo_dimension),
        title=title_header or title,
    )
    rest = [i for i in stub if i != layout.region]
    layout.content = next((i for i in rest if header[i].casefold() in CONTENT_NAMES), None)
    if layout.content is not None and values[0].period is None:
        values[0].content = None  # the long layout's value header only names the figures
    if values[0].period is None:
        layout.time = next((i for i in rest if header[i].casefold() in TIME_NAMES), None)
    layout.dims = [i for i in rest if i not in (layout.content, layout.time)]
    match = _TABLE_TITLE.match(layout.title)
    if match:
        layout.table_id = match.group(1)
    return layout


# --- Reading rows ------------------------------------------------------------------------


def data_rows(text: str, layout: Layout) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each data row. Blank lines are skipped; a line with a
    single field after the data starts the footnotes, and no data may follow them."""
    width = len(layout.header)
    in_notes = False
    for line, row in csv_rows(text, layout.delimiter):
        if line <= layout.header_line:
            continue
        fields = _trimmed(row, width)
        if not any(f.strip() for f in fields):
            continue
        if len(fields) == 1 and width > 1:
            in_notes = True
            continue
        if len(fields) != width:
            raise ImportFormatError(
                f"line {line}: {len(fields)} fields, but the header has {width}"
            )
        if in_notes:
            raise ImportFormatError(f"line {line}: a data row after the footnotes")
        yield line, fields


def _trimmed(row: list[str], width: int) -> list[str]:
    """Drop empty fields beyond the header's width (trailing delimiters)."""
    while len(row) > width and not row[-1].strip():
        row = row[:-1]
    return row


def _find_time_by_values(text: str, layout: Layout) -> None:
    """No column is named as time: take the first stub column whose values are all periods."""
    candidates = list(layout.dims)
    for _line, fields in data_rows(text, layout):
        candidates = [i for i in candidates if _is_period(fields[i])]
        if not candidates:
            break
    if not candidates:
        raise ImportFormatError(
            f"{FORMAT}: no time column among {[layout.name(i) for i in layout.dims]}; "
            "name it 'år', 'kvartal', 'måned' or 'tid', or write periods such as 2024 or 2024K1"
        )
    layout.time = candidates[0]
    layout.dims.remove(candidates[0])


def _is_period(text: str) -> bool:
    try:
        parse_period(split_code(text))
    except PeriodError:
        return False
    return True


def content_code(text: str) -> tuple[str, str]:
    """A statistic variable cell or header: (code, label)."""
    cleaned = text.strip()
    code = split_code(cleaned)
    label = cleaned[len(code) :].strip() if code != cleaned else cleaned
    return code[:MAX_CONTENT_CODE].rstrip(), label or code


def _survey(text: str, layout: Layout) -> tuple[dict[str, ContentInfo], int]:
    """One pass before streaming: the contents (statistic variables) and the row count."""
    contents: dict[str, ContentInfo] = {}
    for column in layout.values:
        if column.content is not None:
            code, label = content_code(column.content)
            contents.setdefault(code, ContentInfo(label=label))
    content_column = layout.content if any(c.content is None for c in layout.values) else None
    rows = 0
    seen: set[str] = set()
    for _line, fields in data_rows(text, layout):
        rows += 1
        if content_column is not None and fields[content_column] not in seen:
            seen.add(fields[content_column])
            code, label = content_code(fields[content_column])
            contents.setdefault(code, ContentInfo(label=label))
    if layout.content is None and any(c.content is None for c in layout.values):
        contents.setdefault("value", ContentInfo(label=layout.title or "value"))
    return contents, rows


# --- Parsing -----------------------------------------------------------------------------


def _title_before(text: str, header_line: int) -> str:
    for line in itertools.islice(lines(text), header_line - 1):
        fields = _split_line(line, ";")
        if line.strip() and len(fields) == 1:
            return fields[0].strip()
    return ""


def _table_id(layout: Layout, *, name: str, table_id: str) -> str:
    if layout.table_id:
        return layout.table_id
    if table_id:
        return table_id[:20]
    stem = PurePosixPath(_URL_PATH.sub("", name.split("?")[0]).replace("\\", "/")).stem
    if stem:
        return stem[:20]
    raise ImportFormatError(
        f"{FORMAT}: no table number in the header (such as '07459: Befolkning …'); "
        "name the file after the table, or use an import profile with a table number"
    )


def parse(
    raw: bytes, *, geo_dimension: str = "", name: str = "", table_id: str = ""
) -> ParsedTable:
    return parse_text(decode_text(raw), geo_dimension=geo_dimension, name=name, table_id=table_id)


def parse_text(
    text: str, *, geo_dimension: str = "", name: str = "", table_id: str = ""
) -> ParsedTable:
    found = sniff_header(text)
    if found is None:
        raise ImportFormatError(f"{FORMAT}: no header row with two or more columns")
    header_line, delimiter, header = found
    layout = analyse(
        header,
        header_line=header_line,
        delimiter=delimiter,
        geo_dimension=geo_dimension,
        title=_title_before(text, header_line),
    )
    if layout.values[0].period is None and layout.time is None:
        _find_time_by_values(text, layout)
    contents, rows = _survey(text, layout)
    match = _TABLE_TITLE.match(layout.title)
    table = ParsedTable(
        source_format="pxweb_csv",
        table_id=_table_id(layout, name=name, table_id=table_id),
        title=(match.group(2) if match else layout.title)[:300],
        contents=contents,
        cells_total=check_cells_total(rows * len(layout.values), what=FORMAT),
    )
    table.batches = _batches(text, layout)
    return table


def _batches(text: str, layout: Layout) -> Iterator[list[Cell]]:
    reader = _RowReader(layout)
    batch: list[Cell] = []
    for line, fields in data_rows(text, layout):
        batch.extend(reader.cells(line, fields))
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


class _RowReader:
    """Data rows to cells. A column holds few distinct texts, so each text's code is
    worked out once (the dictionaries are bounded by the table's categories)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.value_columns = [
            (
                column.index,
                layout.name(column.index),
                content_code(column.content)[0] if column.content is not None else None,
                column.period,
            )
            for column in layout.values
        ]
        self.regions: dict[str, str] = {}
        self.periods: dict[str, str] = {}
        self.contents: dict[str, str] = {}
        self.dims: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {}

    def region(self, text: str, line: int) -> str:
        code = self.regions.get(text)
        if code is None:
            code = region_code(text)
            if not code:
                name = self.layout.name(self.layout.region)
                raise ImportFormatError(f"line {line}, column {name!r}: no region")
            self.regions[text] = code
        return code

    def period(self, text: str, line: int, index: int) -> str:
        code = self.periods.get(text)
        if code is None:
            where = f"line {line}, column {self.layout.name(index)!r}"
            code = self.periods[text] = period_code(text, where=where)
        return code

    def content(self, text: str) -> str:
        code = self.contents.get(text)
        if code is None:
            code = self.contents[text] = content_code(text)[0]
        return code

    def dimensions(self, fields: list[str]) -> tuple[tuple[str, str], ...]:
        key = tuple(fields[i] for i in self.layout.dims)
        dims = self.dims.get(key)
        if dims is None:
            header = self.layout.header
            dims = self.dims[key] = tuple(
                (header[i], split_code(text)) for i, text in zip(self.layout.dims, key, strict=True)
            )
        return dims

    def cells(self, line: int, fields: list[str]) -> list[Cell]:
        layout = self.layout
        region = self.region(fields[layout.region], line)
        time = layout.time
        period = "" if time is None else self.period(fields[time], line, time)
        content = "value" if layout.content is None else self.content(fields[layout.content])
        dims = self.dimensions(fields)
        return [
            Cell(
                column_content or content,
                region,
                column_period or period,
                dims,
                *number(fields[index], line=line, column=name),
            )
            for index, name, column_content, column_period in self.value_columns
        ]
