"""The spreadsheet template (xlsx and CSV), on the seeds' real figures.

Figures: seed 000 (Husbanken region sør, February 2010) and seed 004 (Lillehammer's
programme plan 2011); see boso/demo/data/SEEDS.md.
"""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from boso.statistics.importers import parse_source, spreadsheet
from boso.statistics.importers.base import ImportFormatError
from boso.statistics.models import ImportRun, Indicator, Observation
from boso.statistics.services import ImportFailed, statistics_import

HEADER = ["indikator", "kommune", "periode", "verdi", "status"]


def _xlsx(rows: list[list[object]], *, header=HEADER, title: str = "Data", before=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for line in before:
        sheet.append(line)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cells(table):
    return [cell for batch in table.batches for cell in batch]


def _import(raw: bytes):
    return statistics_import(table=parse_source(raw), source="upload.xlsx")


# --- Reading --------------------------------------------------------------------------------


def test_xlsx_with_norwegian_numbers_and_codes() -> None:
    raw = _xlsx(
        [
            ["population", "0602 Drammen", 2009, 60145, None],
            ["population", 805, "2009", "34\u00a0186", None],  # Excel dropped the leading 0
            ["living_conditions_index", "0906 Arendal", 2009, "8,5", None],
            ["living_conditions_index", "0704", 2009.0, 6.8, None],
            ["housing_allowance_per_inhabitant", "1001 Kristiansand", "2008", "663", ""],
            ["homeless", "1001", datetime.datetime(2008, 11, 24), "170", None],
            ["homeless", "0602", "24.11.2008", "85", None],
            ["start_loans_amount", "1601 Trondheim", "2010", "206\u202f848\u00a0920", None],
            ["start_loans_amount", "1601 Trondheim", "2009", "134258616", None],
            ["rent_arrears", "0501 Lillehammer", "2010M09", 42, ""],
            [None, None, None, None, None],
        ]
    )
    table = parse_source(raw)
    assert (table.source_format, table.table_id, table.cells_total) == ("spreadsheet", "", 10)
    assert table.contents["population"].where == "sheet 'Data', row 2"
    got = [(c.content, c.region, c.period, c.value, c.status) for c in _cells(table)]
    assert got == [
        ("population", "0602", "2009", Decimal(60145), ""),
        ("population", "0805", "2009", Decimal(34186), ""),
        ("living_conditions_index", "0906", "2009", Decimal("8.5"), ""),
        ("living_conditions_index", "0704", "2009", Decimal("6.8"), ""),
        ("housing_allowance_per_inhabitant", "1001", "2008", Decimal(663), ""),
        ("homeless", "1001", "2008-11-24", Decimal(170), ""),
        ("homeless", "0602", "2008-11-24", Decimal(85), ""),
        ("start_loans_amount", "1601", "2010", Decimal(206848920), ""),
        ("start_loans_amount", "1601", "2009", Decimal(134258616), ""),
        ("rent_arrears", "0501", "2010M09", Decimal(42), ""),
    ]


def test_status_symbols_and_empty_values() -> None:
    raw = _xlsx(
        [
            ["waiting_list", "0501", "2010", None, None],
            ["waiting_list", "0501", "2011", "", ":"],
            ["waiting_list", "0501", "2012", "..", ".."],
            ["waiting_list", "0501", "2013", "-", None],
            ["waiting_list", "0501", "2014", 0, "-"],
        ]
    )
    got = [(c.value, c.status) for c in _cells(parse_source(raw))]
    assert got == [(None, ".."), (None, ":"), (None, ".."), (None, "-"), (Decimal(0), "-")]


def test_english_headers_dimensions_and_extra_sheets() -> None:
    raw = _xlsx(
        [["homeless", "1001 Kristiansand", "2008", "170", "", "18-25"]],
        header=["Indicator", "Region", "Period", "Value", "Status", "dim:alder", "Merknad"],
        before=[["Bostedsløse i region sør"]],
    )
    workbook = load_workbook(io.BytesIO(raw))
    workbook.create_sheet("Veiledning", 0).append(["Slik fyller du ut malen"])
    out = io.BytesIO()
    workbook.save(out)
    (cell,) = _cells(parse_source(out.getvalue()))
    assert (cell.region, cell.dimensions) == ("1001", (("alder", "18-25"),))


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_form(delimiter: str) -> None:
    rows = [
        ["indikator", "kommune", "periode", "verdi", "status"],
        ["living_conditions_index", "0805 Porsgrunn", "2009", "7,2", ""],
        ["population", "1001 Kristiansand", "2009", "78 919", ""],
    ]
    text = "\n".join(delimiter.join(f'"{v}"' for v in row) for row in rows)
    cells = _cells(parse_source(text.encode("cp1252")))
    assert [(c.region, c.value) for c in cells] == [
        ("0805", Decimal("7.2")),
        ("1001", Decimal(78919)),
    ]


def test_templates_read_back() -> None:
    for raw in (spreadsheet.template_csv(), spreadsheet.template_xlsx()):
        (cell,) = _cells(parse_source(raw))
        assert (cell.content, cell.region, cell.period, cell.value) == (
            "rent_arrears",
            "0501",
            "2010M09",
            Decimal(42),
        )
    assert spreadsheet.template_csv().startswith(b"\xef\xbb\xbfindikator;kommune;periode;verdi")
    workbook = load_workbook(
        io.BytesIO(spreadsheet.template_xlsx([("homeless", "Bostedsløse")])), read_only=True
    )
    assert workbook.sheetnames == ["Data", "Veiledning", "Indikatorer"]
    assert list(workbook["Indikatorer"].values) == [("kode", "navn"), ("homeless", "Bostedsløse")]


# --- Import -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_fills_catalogue_indicators() -> None:
    raw = _xlsx(
        [
            ["homeless", "0602 Drammen", "2008", 85, None],
            ["homeless", "1001 Kristiansand", "2008", 170, None],
        ]
    )
    indicators = Indicator.objects.count()
    result = _import(raw)
    assert (result.created, result.new_indicators) == (2, [])
    assert Indicator.objects.count() == indicators
    assert Observation.objects.get(indicator__code="homeless", region="1001").value == 170
    assert ImportRun.objects.get().source_format == "spreadsheet"


def _refused(raw: bytes, message: str) -> None:
    before = Observation.objects.count(), Indicator.objects.count()
    with pytest.raises((ImportFailed, ImportFormatError), match=message):
        statistics_import(table=parse_source(raw), source="upload.xlsx")
    assert (Observation.objects.count(), Indicator.objects.count()) == before


@pytest.mark.django_db
def test_unknown_indicator_is_refused_naming_the_row() -> None:
    raw = _xlsx(
        [
            ["homeless", "0602 Drammen", "2008", 85, None],
            ["bostedsløse", "1001 Kristiansand", "2008", 170, None],
        ]
    )
    _refused(raw, r"sheet 'Data', row 3: unknown indicator 'bostedsløse', not in the indicator")


@pytest.mark.django_db
def test_unknown_region_is_refused() -> None:
    raw = _xlsx(
        [["homeless", "0602 Drammen", "2008", 85, None], ["homeless", "0699", "2008", 1, None]]
    )
    _refused(raw, r"unknown region code '0699'")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["homeless", "0602", "2008", "åttifem", None], r"row 3, column D \(verdi\): 'åttifem'"),
        (["homeless", "0602", "uke 48", 85, None], r"row 3, column C \(periode\): 'uke 48'"),
        (["homeless", None, "2008", 85, None], r"row 3, column B \(kommune\): empty"),
        (["homeless", "0602", "2008", 85, "x"], r"row 3, column E \(status\): 'x' is not"),
        (
            ["homeless", "0602", "2008", "..", ":"],
            r"row 3, column D \(verdi\): the value says '..', the status ':'",
        ),
        (
            ["homeless", "0602", "2008", True, None],
            r"row 3, column D \(verdi\): True is not a number",
        ),
    ],
)
def test_bad_cells_are_named(row: list[object], message: str) -> None:
    raw = _xlsx([["homeless", "1001", "2008", 170, None], row])
    _refused(raw, "sheet 'Data', " + message)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["indikator", "kommune", "verdi"], r"sheet 'Data', row 1: the header lacks periode"),
        ([*HEADER, "farge"], r"sheet 'Data', row 1, column F \(farge\): unknown column 'farge'"),
        ([*HEADER, "Verdi"], r"column F \(Verdi\): a second 'Verdi' column"),
    ],
)
def test_bad_headers_are_named(header: list[str], message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        parse_source(_xlsx([["homeless", "1001", "2008", 170, None]], header=header))


def test_csv_errors_name_row_and_column() -> None:
    raw = b"indikator;kommune;periode;verdi\nhomeless;1001;2008;170\nhomeless;0602;2008;8 5 x\n"
    with pytest.raises(ImportFormatError, match=r"^row 3, column 'verdi': '8 5 x' is not"):
        _cells(parse_source(raw))


def test_workbook_without_the_template() -> None:
    with pytest.raises(ImportFormatError, match=r"no sheet has the template's header.*'Ark1'"):
        parse_source(_xlsx([], header=["kommune", "antall"], title="Ark1"))
    with pytest.raises(ImportFormatError, match="no figures under it"):
        parse_source(_xlsx([]))
    with pytest.raises(ImportFormatError, match="the workbook cannot be opened"):
        parse_source(b"PK\x03\x04" + b"\x00" * 200)
