"""Property-based fuzzing of the statistics importers (issue 8, security).

The property, for every entry point and every input: parsing either gives a
well-formed table, whose batches can be read to the end, or refuses the file with
the importers' own ImportFormatError carrying a message. Nothing else may escape:
no KeyError, TypeError, csv.Error, RecursionError, zipfile or XML parser errors.
The import flow (boso.statistics.import_flow) turns an ImportFormatError into a
failed run with the message; anything else becomes a server error.

Inputs: arbitrary bytes; JSON-stat documents built from strategies and then made
wrong; PxWeb CSV text with random separators, encodings, quotes and number
formats; the spreadsheet template as CSV and as xlsx with random cells; workbooks
whose zip members are damaged; and SSB's real files with bytes changed (Kilde:
Statistisk sentralbyrå, CC BY 4.0; see SHARED_DIR/data/PROVENANCE.md).

Hypothesis runs derandomized (the same examples on every run), so CI is stable;
the examples found once are kept below as regression tests. The parsers never use
the database, so these tests do not either.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import os
import zipfile
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from django.conf import settings
from hypothesis import HealthCheck, currently_in_test_context, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from boso.statistics.importers import base, jsonstat, parse_source, pxweb_csv, spreadsheet
from boso.statistics.importers.base import Cell, ContentInfo, ImportFormatError, ParsedTable

SSB = settings.SHARED_DIR / "data" / "jsonstat" / "ssb"
POPULATION = SSB / "ssb_07459_befolkning_region-1130-strand_1986-2026.json"
FIXTURES = settings.BASE_DIR / "boso" / "statistics" / "tests" / "fixtures"
LONG_CSV = FIXTURES / "ssb_07459_strand_long_utf8.csv"
WIDE_CSV = FIXTURES / "ssb_07459_strand_wide_utf8.csv"
FORMATS = {"jsonstat", "pxweb_csv", "spreadsheet"}
NAMESPACE = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
MAX_CELLS = 100_000  # no strategy below can build more; a guard against a runaway product

# BOSO_FUZZ_EXAMPLES=5000 fuzzes longer, with fresh random examples each run.
DEEP = int(os.environ.get("BOSO_FUZZ_EXAMPLES", "0"))
fuzz = hypothesis_settings(
    max_examples=DEEP or 150,
    deadline=None,
    derandomize=not DEEP,
    database=None,  # derandomized: the example database would only add noise
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
fuzz_slow = hypothesis_settings(fuzz, max_examples=DEEP or 60)  # each example builds a workbook


# --- The property ------------------------------------------------------------------------


def _check_table(table: ParsedTable) -> None:
    """A parsed table is well formed, and reading its batches gives cells_total cells."""
    assert isinstance(table, ParsedTable)
    assert table.source_format in FORMATS
    assert isinstance(table.table_id, str)
    assert isinstance(table.title, str)
    assert isinstance(table.source, str)
    assert table.updated is None or isinstance(table.updated, datetime.datetime)
    assert all(
        isinstance(code, str) and isinstance(info, ContentInfo) and isinstance(info.label, str)
        for code, info in table.contents.items()
    )
    assert isinstance(table.cells_total, int)
    assert 0 <= table.cells_total <= MAX_CELLS
    count = 0
    for batch in table.batches:
        assert isinstance(batch, list)
        for cell in batch:
            _check_cell(cell)
            assert cell.content in table.contents  # the import looks its indicator up there
        count += len(batch)
        assert count <= MAX_CELLS
    assert count == table.cells_total


def _check_cell(cell: Cell) -> None:
    assert isinstance(cell, Cell)
    assert all(isinstance(part, str) for part in (cell.content, cell.region, cell.period))
    assert all(isinstance(key, str) and isinstance(code, str) for key, code in cell.dimensions)
    assert cell.value is None or (isinstance(cell.value, Decimal) and cell.value.is_finite())
    # What Observation.value (numeric(24, 6)) holds on both databases.
    assert cell.value is None or -base.MAX_VALUE < cell.value < base.MAX_VALUE
    assert isinstance(cell.status, str)


def assert_clean(parse: Callable[[], ParsedTable]) -> None:
    """The property: a well-formed table, or an ImportFormatError with a message."""
    try:
        table = parse()
        _check_table(table)
    except ImportFormatError as exc:
        message = str(exc)
        assert message.strip(), "an ImportFormatError without a message"
        _note("refused")
    else:
        _note("parsed")


def _note(outcome: str) -> None:
    """Counted by --hypothesis-show-statistics: a strategy that never parses tests little."""
    if currently_in_test_context():
        event(outcome)


def _all_entry_points(raw: bytes) -> None:
    assert_clean(lambda: parse_source(raw))
    assert_clean(lambda: parse_source(raw, geo_dimension="Region", name="x.csv"))
    assert_clean(lambda: jsonstat.parse(raw))
    assert_clean(lambda: pxweb_csv.parse(raw, name="tabell.csv"))
    assert_clean(lambda: spreadsheet.parse(raw))


# --- 1. Arbitrary bytes ------------------------------------------------------------------

BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]  # UTF-8, UTF-16 LE and BE
MAGIC = [b"", b"{", b'{"class":"dataset",', b"PK\x03\x04", *BOMS]


@fuzz
@given(prefix=st.sampled_from(MAGIC), body=st.binary(max_size=2000))
def test_arbitrary_bytes(prefix: bytes, body: bytes) -> None:
    _all_entry_points(prefix + body)


@fuzz
@given(text=st.text(max_size=500), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_arbitrary_text(text: str, encoding: str) -> None:
    _all_entry_points(text.encode(encoding, errors="replace"))
    assert_clean(lambda: pxweb_csv.parse_text(text))
    assert_clean(lambda: spreadsheet.parse_csv_text(text))


@cache
def _real_files() -> list[bytes]:
    return [
        POPULATION.read_bytes(),
        LONG_CSV.read_bytes(),
        WIDE_CSV.read_bytes(),
        spreadsheet.template_csv(),
        spreadsheet.template_xlsx([("rent_arrears", "Husleierestanser")]),
    ]


@fuzz
@given(data=st.data())
def test_real_files_with_bytes_changed(data: st.DataObject) -> None:
    raw = bytearray(data.draw(st.sampled_from(_real_files())))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if action == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del raw[at:]
        elif action == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=20))
        else:
            del raw[at : at + data.draw(st.integers(1, 50))]
        if not raw:
            break
    _all_entry_points(bytes(raw))


# --- 2. JSON-stat: structured but wrong --------------------------------------------------


class Raw(str):
    """A literal written into the JSON text as it is (numbers json.dumps cannot write)."""


def dump(value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{dump(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dump(v) for v in value) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        return {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[str(value)]
    return json.dumps(value)


LITERALS = ["0", "-0", "1e999999999", "1E-999999999", "-1.5e+400", "1e99999999999999999999"]
SPECIALS = ["NaN", "Infinity", "-Infinity", "9" * 5000, "0." + "1" * 5000]
NUMBER_LITERALS = st.sampled_from([*LITERALS, *SPECIALS]).map(Raw)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    NUMBER_LITERALS,
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
DIM_IDS = st.sampled_from(
    ["Region", "Tid", "ContentsCode", "Alder", "Kjonn", "region", "år", "Soner2", "", "0"]
)
CODES = st.one_of(
    st.sampled_from(["0", "0301", "K-3001", "F-30", "1130", "EAK", "2024", "2024K1", "Personer1"]),
    st.text(max_size=6),
)


@st.composite
def jsonstat_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A JSON-stat 2.0 dataset that is right in its shape, then (mostly) made wrong."""
    ids = draw(st.lists(DIM_IDS, min_size=2, max_size=4, unique=True))
    categories = {dim: draw(st.lists(CODES, min_size=1, max_size=4, unique=True)) for dim in ids}
    dimension: dict[str, Any] = {}
    for dim, codes in categories.items():
        index: Any = codes if draw(st.booleans()) else {code: i for i, code in enumerate(codes)}
        dimension[dim] = {
            "label": dim,
            "category": {
                "index": index,
                "label": {code: f"{code} tekst" for code in codes},
                "unit": {code: {"base": "personer", "decimals": 0} for code in codes},
            },
        }
    size = [len(categories[dim]) for dim in ids]
    total = math.prod(size)
    values: Any = draw(
        st.one_of(
            st.lists(st.one_of(st.integers(-5, 10**6), st.none()), min_size=total, max_size=total),
            st.dictionaries(
                st.integers(0, total - 1).map(str), st.integers(0, 100), max_size=total
            ),
        )
    )
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "07459: Befolkning",
        "source": "Statistisk sentralbyrå",
        "updated": draw(st.sampled_from(["2025-02-20T07:00:00Z", "i går", 5, None])),
        "id": ids,
        "size": size,
        "dimension": dimension,
        "value": values,
        "role": {"geo": ids[:1], "time": ids[1:2], "metric": ids[2:3]},
        "extension": {"px": {"tableid": "07459"}},
        "status": draw(
            st.one_of(
                st.none(),
                st.sampled_from(["..", ".", ":", "ABCD"]),
                st.lists(st.sampled_from(["..", "", ":", None, "xyz"]), max_size=total),
                st.dictionaries(
                    st.one_of(st.integers(0, total).map(str), st.text(max_size=3)),
                    st.sampled_from(["..", ":", "x"]),
                    max_size=3,
                ),
            )
        ),
    }
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3]))):
        _spoil(draw, document, ids)
    return document


def _spoil(draw: st.DrawFn, document: dict[str, Any], ids: list[str]) -> None:
    """One thing wrong: nonsense or nothing anywhere in the tree, a size that does not
    fit, a huge size claimed with little data, or something else among the values."""
    how = draw(st.sampled_from(["replace", "drop", "size", "huge", "value"]))
    if how in ("replace", "drop"):
        _somewhere(draw, document, drop=how == "drop")
    elif how == "size":
        document["size"] = draw(st.lists(st.one_of(st.integers(-3, 6), SCALARS), max_size=5))
    elif how == "huge":
        document["size"] = [10**12] * len(ids)
        document["value"] = draw(st.sampled_from([{}, {"0": 1}, [1], {"999999999999": 1}]))
    elif isinstance(document.get("value"), list) and document["value"]:
        values = document["value"]
        values[draw(st.integers(0, len(values) - 1))] = draw(JSON_VALUES)


def _somewhere(draw: st.DrawFn, node: dict[str, Any] | list[Any], *, drop: bool) -> None:
    """Walk down from the top to a random part, and replace it by any JSON or drop it."""
    while True:
        keys: list[Any] = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            return
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, dict | list) and child and draw(st.integers(0, 2)):
            node = child
            continue
        if drop:
            del node[key]
        else:
            node[key] = draw(JSON_VALUES)
        return


@fuzz
@given(document=jsonstat_documents(), geo=st.sampled_from(["", "Region", "Alder", "nope"]))
def test_jsonstat_structured_but_wrong(document: dict[str, Any], geo: str) -> None:
    raw = dump(document).encode()
    assert_clean(lambda: jsonstat.parse(raw, geo_dimension=geo))
    assert_clean(lambda: parse_source(raw, geo_dimension=geo))


@fuzz
@given(value=JSON_VALUES)
def test_jsonstat_any_json(value: Any) -> None:
    raw = dump(value).encode()
    assert_clean(lambda: jsonstat.parse(raw))
    assert_clean(lambda: parse_source(raw))


# --- 3. PxWeb CSV: random separators, encodings, quotes, number formats -----------------

NAMES = ["region", "Region", "kommune", "statistikkvariabel", "år", "kvartal", "måned", "tid"]
TITLES = ["07459: Befolkning, etter region, statistikkvariabel og år", "value", ""]
HEADER_NAMES = st.one_of(
    st.sampled_from([*NAMES, *TITLES, "alder", "2024", "2024K1", "Personer 2024"]),
    st.text(max_size=10),
)
NORWEGIAN = ["1234", "1 234,5", "1\u00a0234,5", "1\u202f234", "1.234,5", "4e+05", "\u22125"]
ODD = ["1,234.5", "1_000", "NaN", "Infinity", "-inf", "sNaN", "1e999999999999999999", "9" * 3000]
NUMBERS = st.one_of(
    st.sampled_from([*NORWEGIAN, *ODD, *sorted(base.STATUS_SYMBOLS), ""]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"-?[0-9 ]{0,6}[.,]?[0-9]{0,4}(e[+-]?[0-9]{1,3})?", fullmatch=True),
)
PLACES = ["0301 Oslo", "K-3001 Halden", "1130 Strand", "Hele landet", "F-30", " ", ""]
STUB = st.one_of(
    st.sampled_from([*PLACES, "2024", "2024K1", "2024M13", "0000-00-00", "Personer1 Personer"]),
    st.text(max_size=12),
)
# Mostly the separators CSV files have; one in five any character at all.
SEPARATORS = st.sampled_from([";", ";", "\t", ",", ""]).flatmap(
    lambda separator: st.just(separator) if separator else st.characters()
)
ENCODINGS = st.sampled_from(
    ["utf-8", "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le"]
)


REGIONS = st.sampled_from(PLACES[:5])
PERIODS = st.sampled_from(["2024", "2023K4", "2024M01", "2024H1", "2020-11-20"])
CONTENTS = st.sampled_from(["Personer1 Personer", "Husleie", "KOSbelop0000 Utgifter"])


FIGURES = st.one_of(
    st.sampled_from([*NORWEGIAN, "..", ":", "-", ""]),
    st.integers(-(10**9), 10**9).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)


def _often(draw: st.DrawFn, right: st.SearchStrategy[Any], wrong: st.SearchStrategy[Any]) -> Any:
    """Mostly a cell that fits its column; one in twenty anything at all."""
    return draw(wrong if draw(st.integers(0, 19)) == 0 else right)


@st.composite
def pxweb_layouts(draw: st.DrawFn) -> list[list[str]]:
    """A long or wide export as the statistics bank writes it, with some cells wrong."""
    wide = draw(st.booleans())
    stub = ["region", *draw(st.sets(st.sampled_from(["statistikkvariabel", "alder"])))]
    periods = draw(st.lists(PERIODS, min_size=1, max_size=3, unique=True))
    title = draw(st.sampled_from(["07459: Befolkning, etter region og år", "value", "Personer"]))
    header = [*stub, *periods] if wide else [*stub, draw(st.sampled_from(["år", "tid"])), title]
    columns = {"region": REGIONS, "statistikkvariabel": CONTENTS, "alder": STUB, "år": PERIODS}
    columns["tid"] = PERIODS
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        row = [_often(draw, columns.get(name, FIGURES), NUMBERS | STUB) for name in header]
        rows.append(row[:-1] if draw(st.integers(0, 19)) == 0 else row)
    return [header, *rows]


@st.composite
def any_layout(draw: st.DrawFn) -> list[list[str]]:
    header = draw(st.lists(HEADER_NAMES, min_size=1, max_size=6))
    width = len(header)
    cells = st.one_of(STUB, NUMBERS)
    rows = draw(
        st.lists(st.lists(cells, min_size=max(0, width - 2), max_size=width + 1), max_size=8)
    )
    return [header, *rows]


@st.composite
def pxweb_csv_bytes(draw: st.DrawFn) -> tuple[bytes, str]:
    table = draw(st.one_of(pxweb_layouts(), any_layout()))
    separator = draw(SEPARATORS)
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, "raw"]))
    lines = [_join(row, separator, quoting) for row in table]
    if draw(st.booleans()):
        lines.insert(0, "07459: Befolkning")
    if draw(st.booleans()):
        lines += ["", "Kilde: Statistisk sentralbyrå", draw(st.text(max_size=20))]
    text = draw(st.sampled_from(["\r\n", "\n", "\r"])).join(lines)
    encoding = draw(ENCODINGS)
    return text.encode(encoding, errors="replace"), text


def _join(fields: list[str], separator: str, quoting: Any) -> str:
    if quoting == "raw":  # quotes left as they fall, as a hand-edited file has them
        return separator.join(fields)
    out = io.StringIO()
    try:
        csv.writer(out, delimiter=separator, quoting=quoting, lineterminator="").writerow(fields)
    except (csv.Error, TypeError):  # a separator csv cannot write with: join by hand
        return separator.join(fields)
    return out.getvalue()


@fuzz
@given(
    source=pxweb_csv_bytes(),
    geo=st.sampled_from(["", "region", "alder"]),
    name=st.sampled_from(["", "07459.csv", "https://data.ssb.no/x?y=1", "\\a\\b.csv"]),
)
def test_pxweb_csv_random_layouts(source: tuple[bytes, str], geo: str, name: str) -> None:
    raw, text = source
    assert_clean(lambda: parse_source(raw, geo_dimension=geo, name=name))
    assert_clean(lambda: pxweb_csv.parse(raw, geo_dimension=geo, name=name))
    assert_clean(lambda: pxweb_csv.parse_text(text, geo_dimension=geo, table_id="07459"))


# --- 4. The spreadsheet template: CSV and xlsx with random cells -------------------------

COLUMN_NAMES = [*spreadsheet.TEMPLATE_HEADER, "Indicator", "region", "Value", "indikator "]
TEMPLATE_NAMES = st.one_of(
    st.sampled_from([*COLUMN_NAMES, "dim:alder", "dim:", "merknad", ""]), st.text(max_size=8)
)
TEXTS = ["rent_arrears", "waiting_list", "0501 Lillehammer", "301", "2010M09", "2024", "42"]
DATES = ["20.11.2024", "31.02.2024", "2024-11-20"]
TEMPLATE_TEXT = st.one_of(
    st.sampled_from([*TEXTS, *DATES, "1 234,5", "..", ":", "x", ""]), NUMBERS, st.text(max_size=10)
)
CELL_VALUES = st.one_of(
    TEMPLATE_TEXT,
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 1, 1)),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.times(),
    st.sampled_from(["=1/0", "=A1", "=SUM(A:A)"]),
)


EXTRA_COLUMNS = st.one_of(st.sampled_from(["dim:alder", "dim:kjønn", "merknad"]), TEMPLATE_NAMES)
TEMPLATE_COLUMNS: dict[str, st.SearchStrategy[Any]] = {
    "indikator": st.sampled_from(["rent_arrears", "waiting_list", "07459.Personer1"]),
    "kommune": st.one_of(
        st.sampled_from(["0501 Lillehammer", "301", "3301"]), st.integers(0, 9999)
    ),
    "periode": st.sampled_from(["2010M09", "2024", "2024K1", "2024H2", "20.11.2024", "2024-11-20"]),
    "verdi": st.one_of(FIGURES, st.integers(-(10**9), 10**9), st.floats(-1e9, 1e9)),
    "status": st.sampled_from(["", "..", ":", "-", "."]),
}


@st.composite
def template_rows(draw: st.DrawFn, cells: st.SearchStrategy[Any]) -> list[list[Any]]:
    """Rows of one sheet: a few lines, a header, figures. The header is the template's
    in any order (perhaps with more columns), or anything; cells mostly fit."""
    header = draw(
        st.sampled_from(["ordered", "ordered", "shuffled", "more", "any"]).flatmap(
            lambda kind: {
                "ordered": st.just(list(spreadsheet.TEMPLATE_HEADER)),
                "shuffled": st.permutations(spreadsheet.TEMPLATE_HEADER).map(list),
                "more": st.lists(EXTRA_COLUMNS, min_size=1, max_size=3, unique=True).map(
                    lambda extra: [*spreadsheet.TEMPLATE_HEADER, *extra]
                ),
                "any": st.lists(TEMPLATE_NAMES, min_size=1, max_size=7),
            }[kind]
        )
    )
    # Lines above the header: mostly none, else a title or two, else anything.
    before = draw(
        st.sampled_from([0, 0, 0, 1, 3]).flatmap(
            lambda width: st.lists(
                st.lists(cells, min_size=min(width, 1), max_size=width), max_size=min(width, 3)
            )
        )
    )
    body = []
    for _ in range(draw(st.integers(0, 8))):
        row = [_often(draw, TEMPLATE_COLUMNS.get(name, cells), cells) for name in header]
        body.append(row[: draw(st.integers(0, len(row)))] if draw(st.integers(0, 19)) == 0 else row)
    return [*before, header, *body]


@fuzz
@given(rows=template_rows(TEMPLATE_TEXT), separator=SEPARATORS, encoding=ENCODINGS)
def test_template_csv_random_cells(rows: list[list[Any]], separator: str, encoding: str) -> None:
    text = "\r\n".join(_join([str(v) for v in row], separator, csv.QUOTE_MINIMAL) for row in rows)
    raw = text.encode(encoding, errors="replace")
    assert_clean(lambda: parse_source(raw))
    assert_clean(lambda: spreadsheet.parse(raw))
    assert_clean(lambda: spreadsheet.parse_csv_text(text))


def xlsx_bytes(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([_writable(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _writable(value: Any) -> Any:
    """openpyxl refuses control characters in text cells: no workbook has them."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


SHEET_TITLES = st.sampled_from(["Data", "Veiledning", "Ark 2", "Ø", "x" * 31])


@fuzz_slow
@given(
    sheets=st.lists(
        st.tuples(SHEET_TITLES, template_rows(CELL_VALUES)),
        min_size=1,
        max_size=3,
        unique_by=lambda sheet: sheet[0],
    )
)
def test_template_xlsx_random_cells(sheets: list[tuple[str, list[list[Any]]]]) -> None:
    raw = xlsx_bytes(sheets)
    assert_clean(lambda: parse_source(raw))
    assert_clean(lambda: spreadsheet.parse_xlsx(raw))


# --- 5. Workbooks with damaged zip members -----------------------------------------------

XML_JUNK = st.sampled_from(
    [
        b"",
        b"<",
        b"<?xml version='1.0'?><worksheet/>",
        b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        b"<sheetData><row r='x'><c r='ZZZZZZ1' t='s'><v>99</v></c></row></sheetData></worksheet>",
        b"<sst xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><si/></sst>",
        b"<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
        b"<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><x>&c;</x>",
        b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
    ]
)


@st.composite
def damaged_workbooks(draw: st.DrawFn) -> bytes:
    good = spreadsheet.template_xlsx([("rent_arrears", "Husleierestanser")])
    with zipfile.ZipFile(io.BytesIO(good)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    name = draw(st.sampled_from(sorted(members)))
    how = draw(st.sampled_from(["drop", "junk", "xml", "cut", "flip", "stored", "bzip2"]))
    compression = zipfile.ZIP_DEFLATED
    if how == "drop":
        del members[name]
    elif how == "junk":
        members[name] = draw(st.binary(max_size=200))
    elif how == "xml":
        members[name] = draw(XML_JUNK)
    elif how == "cut":
        members[name] = members[name][: draw(st.integers(0, len(members[name])))]
    elif how == "flip" and members[name]:
        flipped = bytearray(members[name])
        flipped[draw(st.integers(0, len(flipped) - 1))] = draw(st.integers(0, 255))
        members[name] = bytes(flipped)
    elif how == "stored":
        compression = zipfile.ZIP_STORED
    else:
        compression = zipfile.ZIP_BZIP2
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for member, data in members.items():
            target.writestr(member, data)
    return out.getvalue()


@fuzz_slow
@given(raw=damaged_workbooks())
def test_workbook_with_damaged_members(raw: bytes) -> None:
    assert_clean(lambda: parse_source(raw))
    assert_clean(lambda: spreadsheet.parse_xlsx(raw))


# --- Regression tests: inputs the fuzzing found ------------------------------------------
# Each crashed with something other than ImportFormatError before its fix in
# boso/statistics/importers (the comment there names the finding).


def refused(raw: bytes, **kwargs: str) -> str:
    """The message parse_source refuses `raw` with."""
    with pytest.raises(ImportFormatError) as refusal:
        _check_table(parse_source(raw, **kwargs))
    _all_entry_points(raw)  # and no entry point crashes on it either
    return str(refusal.value)


def test_a_lone_carriage_return_is_a_line_end() -> None:
    """b"\\r\\x01" raised csv.Error ("new-line character seen in unquoted field"): the
    text was split at LF only. Files from old Mac programs end lines with CR alone."""
    assert "unknown format" in refused(b"\r\x01")
    mac = "region;statistikkvariabel;år;07459: Befolkning\r1130 Strand;Personer1;2024;13959\r"
    table = parse_source(mac.encode())
    cells = [cell for batch in table.batches for cell in batch]
    assert [(c.region, c.period, c.value) for c in cells] == [("1130", "2024", Decimal(13959))]
    template = "indikator;kommune;periode;verdi\rrent_arrears;0501 Lillehammer;2010M09;42\r"
    table = parse_source(template.encode())
    assert [cell.value for batch in table.batches for cell in batch] == [Decimal(42)]


@pytest.mark.parametrize(
    "raw",
    [
        b'region;\xc3\xa5r;value\r\n0301;2024;"' + b"1" * 200_000,  # PxWeb CSV
        b'indikator;kommune;periode;verdi\r\nrent_arrears;0301;2024;"' + b"1" * 200_000,
    ],
    ids=["pxweb", "template"],
)
def test_a_field_over_the_csv_limit_is_refused(raw: bytes) -> None:
    """An unclosed quote running on for 200 000 characters raised csv.Error ("field
    larger than field limit (131072)")."""
    assert refused(raw) == "line 2: not readable as CSV (field larger than field limit (131072))"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b'{"class": "dataset", "value": [' + b"9" * 5000 + b"]}",
            "invalid JSON: Exceeds the limit",
        ),
        (b'{"class": "dataset", "value": [1e99999999999999999999999999999]}', "invalid JSON: "),
        (b'{"class": "dataset", "value": ' + b"[" * 100_000, "nested too deeply"),
    ],
    ids=["5000 digits", "exponent", "nesting"],
)
def test_numbers_json_cannot_hold_and_deep_nesting_are_refused(raw: bytes, message: str) -> None:
    """ValueError (int digit limit), decimal.InvalidOperation and RecursionError escaped."""
    assert message in refused(raw)


def _population(**changes: Any) -> bytes:
    """SSB's table 07459 for Strand (Kilde: Statistisk sentralbyrå), with changes."""
    data = json.loads(POPULATION.read_text(encoding="utf-8"))
    for path, value in changes.items():
        *parents, key = path.split("__")
        node = data
        for parent in parents:
            node = node[parent]
        node[key] = value
    return json.dumps(data).encode()


SAME_DIMENSION = {"geo": ["Region"], "time": ["Tid"], "metric": ["Region"]}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": 5}, "'id' must be a list of dimension names"),
        ({"id": ["Region", "Region", "Tid"]}, "'id' names a dimension twice"),
        ({"size": None}, "'size' must be a list of whole numbers"),
        ({"value": "13959"}, "'value' must be an array or an object"),
        ({"dimension": []}, "'dimension' must be an object"),
        ({"dimension__Region": True}, "dimension 'Region' has no category object"),
        (
            {"dimension__Tid__category__index": {"1986": None, "1987": None}},
            "dimension 'Tid': the category index must give whole numbers",
        ),
        (
            {"dimension__Region__category__index": "1130"},
            "dimension 'Region' has no category index",
        ),
        (
            {"dimension__ContentsCode__category__label": ["Personer"]},
            "dimension 'ContentsCode': category labels and units must be objects",
        ),
        (
            {"dimension__ContentsCode__category__unit": {"Personer1": {"decimals": "x"}}},
            "dimension 'ContentsCode': the unit of 'Personer1' needs decimals from 0 to 15",
        ),
        ({"status": {"x": ".."}}, "the keys of 'status' must be cell numbers"),
        ({"role": True}, "'role' must be an object of lists of dimension names"),
        ({"extension": 5}, "'extension' must be an object"),
        ({"extension": None, "label": {"nb": "Befolkning"}}, "'label' must be text"),
        (
            {"role": {"geo": ["Region"], "time": ["Tid"], "metric": [None]}},
            "'role' names 'None' as the content dimension, which is not among "
            "['Region', 'ContentsCode', 'Tid']",
        ),
        (
            {"dimension__Region__category__index": {"K-1130": 0}, "role": SAME_DIMENSION},
            "the region (Region), time (Tid) and content (Region) dimensions must be "
            "different dimensions",
        ),
    ],
    ids=lambda value: "" if isinstance(value, str) else ",".join(value),
)
def test_jsonstat_of_the_wrong_shape_is_refused(changes: dict[str, Any], message: str) -> None:
    """Each raised TypeError, AttributeError, KeyError or ValueError inside the parser
    (the last gave cells whose content the import could not look up)."""
    assert refused(_population(**changes)) == f"JSON-stat: {message}"


def test_a_content_dimension_with_an_empty_id_gives_its_contents() -> None:
    """'metric': [""] with a dimension whose id is "": its cells said "value", a content
    the table did not have (the import would have failed on a KeyError)."""
    data = json.loads(POPULATION.read_text(encoding="utf-8"))
    data["id"] = ["Region", "", "Tid"]
    data["dimension"][""] = data["dimension"].pop("ContentsCode")
    data["role"]["metric"] = [""]
    table = parse_source(json.dumps(data).encode())
    _check_table(table)
    assert list(table.contents) == ["Personer1"]


SHEET_XML = b"<worksheet " + NAMESPACE + b"><sheetData><row>%s</row></sheetData></worksheet>"


@pytest.mark.parametrize(
    ("part", "data"),
    [
        ("xl/worksheets/sheet1.xml", b""),  # ElementTree's ParseError: no element found
        ("xl/workbook.xml", b"<"),  # lxml's XMLSyntaxError (ParseError without lxml)
        ("xl/worksheets/sheet1.xml", SHEET_XML % b"<c r='A1' t='n'><v>abc</v></c>"),
        ("xl/worksheets/sheet1.xml", SHEET_XML % b"<c r='1A'><v>9</v></c>"),
        ("xl/worksheets/sheet1.xml", SHEET_XML % b"<c r='A1' t='s'><v>9</v></c>"),
    ],
    ids=["empty sheet", "broken workbook", "number abc", "cell 1A", "no shared string 9"],
)
def test_a_workbook_with_a_damaged_part_is_refused(part: str, data: bytes) -> None:
    """openpyxl raised XML parse errors, ValueError and IndexError, which escaped; a
    sheet is read lazily, so some escaped only while its rows were read."""
    with zipfile.ZipFile(io.BytesIO(spreadsheet.template_xlsx())) as template:
        members = {info.filename: template.read(info) for info in template.infolist()}
    members[part] = data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as damaged:
        for name, content in members.items():
            damaged.writestr(name, content)
    assert refused(out.getvalue()).startswith("spreadsheet: ")
