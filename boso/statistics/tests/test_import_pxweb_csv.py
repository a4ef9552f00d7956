"""PxWeb CSV exports and tidy CSVs, on SSB's real figures (Kilde: Statistisk sentralbyrå).

The fixtures are Strand's population from table 07459 written as the statistics bank
exports CSV (see fixtures/README.md); befolkning.csv is SSB's own course extract (MIT).
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from boso.statistics.importers import parse_source, pxweb_csv
from boso.statistics.importers.base import ImportFormatError
from boso.statistics.models import ImportProfile, ImportRun, Indicator, Observation
from boso.statistics.services import ImportFailed, statistics_import

FIXTURES = Path(__file__).parent / "fixtures"
LONG_UTF8 = FIXTURES / "ssb_07459_strand_long_utf8.csv"
LONG_CP1252 = FIXTURES / "ssb_07459_strand_long_cp1252.csv"
WIDE = FIXTURES / "ssb_07459_strand_wide_utf8.csv"
JSONSTAT = (
    settings.SHARED_DIR
    / "data"
    / "jsonstat"
    / "ssb"
    / "ssb_07459_befolkning_region-1130-strand_1986-2026.json"
)
TIDY = settings.SHARED_DIR / "data" / "indicators" / "ssb_kurs_r" / "befolkning.csv"


def _cells(table):
    return [cell for batch in table.batches for cell in batch]


def _ssb_figures() -> dict[str, Decimal]:
    """Year → population, straight from SSB's JSON-stat response."""
    data = json.loads(JSONSTAT.read_text(encoding="utf-8"))
    index = data["dimension"]["Tid"]["category"]["index"]
    years = sorted(index, key=index.get)
    return {year: Decimal(value) for year, value in zip(years, data["value"], strict=True)}


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()


def _csv(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


# --- Layouts and encodings ---------------------------------------------------------------


def test_long_layout_in_utf8_with_bom() -> None:
    table = parse_source(LONG_UTF8.read_bytes(), name=LONG_UTF8.name)
    assert table.source_format == "pxweb_csv"
    assert table.table_id == "07459"
    assert table.title == "Befolkning, etter region, statistikkvariabel og år"
    assert list(table.contents) == ["Personer"]
    assert table.cells_total == 41
    cells = _cells(table)
    assert {c.period: c.value for c in cells} == _ssb_figures()
    assert {(c.region, c.content, c.dimensions, c.status) for c in cells} == {
        ("1130", "Personer", (), "")
    }


def test_windows_1252_reads_like_utf8() -> None:
    assert b"\xe5r" in LONG_CP1252.read_bytes()  # "år" in Windows-1252, invalid as UTF-8
    utf8 = _cells(parse_source(LONG_UTF8.read_bytes()))
    cp1252 = parse_source(LONG_CP1252.read_bytes())
    assert cp1252.title == "Befolkning, etter region, statistikkvariabel og år"
    assert _cells(cp1252) == utf8


def test_wide_layout_with_periods_in_the_header() -> None:
    table = parse_source(WIDE.read_bytes(), name="07459.csv")
    assert table.cells_total == 41
    cells = _cells(table)
    assert {c.period: c.value for c in cells} == _ssb_figures()
    assert {c.content for c in cells} == {"Personer"}


def test_wide_layout_with_variable_and_period_in_the_header() -> None:
    header, row = _lines(WIDE)
    names = header.split(";")
    values = row.split(";")
    # "region";"Personer 1986";…: the statistic variable moved into the heading.
    header = ";".join([names[0]] + [f'"Personer {n.strip(chr(34))}"' for n in names[2:]])
    row = ";".join([values[0], *values[2:]])
    table = parse_source(_csv([header, row]), name="07459.csv")
    assert list(table.contents) == ["Personer"]
    assert {c.period: c.value for c in _cells(table)} == _ssb_figures()


def test_title_line_before_the_header_and_footnotes_after_the_data() -> None:
    lines = _lines(WIDE)
    text = [
        '"07459: Befolkning, etter region, statistikkvariabel og år"',
        "",
        *lines,
        "",
        '"Kilde: Statistisk sentralbyrå"',
    ]
    table = parse_source(_csv(text))
    assert table.table_id == "07459"
    assert len(_cells(table)) == 41


def test_comma_separated_export() -> None:
    lines = [line.replace(";", ",") for line in _lines(LONG_UTF8)]
    assert len(_cells(parse_source(_csv(lines)))) == 41


def test_codes_labels_and_status_symbols() -> None:
    """Region cells as the bank writes them, decimal commas, and SSB's symbols kept."""
    text = [
        '"region";"år";"07459: Befolkning"',
        '"1130 Strand";"2024";"13 420"',
        '"K-1130 Strand";"2025";13700,0',
        '"Hele landet";"2024";..',
        '"0 Hele landet";"2025";":"',
        '"11 Rogaland";"2025";-',
        '"F-11 Rogaland";"2026";...',
    ]
    cells = _cells(parse_source(_csv(text)))
    assert [(c.region, c.period, c.value, c.status) for c in cells] == [
        ("1130", "2024", Decimal("13420"), ""),
        ("1130", "2025", Decimal("13700.0"), ""),
        ("0", "2024", None, ".."),
        ("0", "2025", None, ":"),
        ("11", "2025", None, "-"),
        ("11", "2026", None, "..."),
    ]
    assert {c.content for c in cells} == {"value"}


def test_further_dimensions_keep_their_codes() -> None:
    text = [
        '"region";"alder";"statistikkvariabel";"år";"07459: Befolkning"',
        '"1130 Strand";"F0-19 0-19 år";"Personer1 Personer";"2026";13959',
    ]
    (cell,) = _cells(parse_source(_csv(text)))
    assert cell.dimensions == (("alder", "F0-19"),)
    assert cell.content == "Personer1"


def test_time_column_found_by_its_values() -> None:
    text = ['"region";"periode_x";"07459: Befolkning"', '"1130 Strand";"2026";13959']
    (cell,) = _cells(parse_source(_csv(text)))
    assert (cell.period, cell.dimensions) == ("2026", ())


def test_geo_dimension_of_a_profile_names_the_region_column() -> None:
    text = ['"soner";"år";"09895: Leiemarkedet"', '"00 Hele landet";"2025";9110']
    with pytest.raises(ImportFormatError, match="no region column among"):
        parse_source(_csv(text))
    (cell,) = _cells(parse_source(_csv(text), geo_dimension="Soner"))
    assert cell.region == "0"


# --- The tidy shape: SSB's course extract ------------------------------------------------


def test_tidy_csv_shape() -> None:
    table = parse_source(TIDY.read_bytes(), name=TIDY.name)
    assert (table.table_id, list(table.contents), table.cells_total) == (
        "befolkning",
        ["value"],
        3807,
    )
    cells = _cells(table)
    assert len({c.region for c in cells}) == 423
    assert {c.period for c in cells} == {"2013", "2014", "2015"}
    assert {c.dimensions for c in cells} == {
        (("Alder", "F0-19"),),
        (("Alder", "F20-64"),),
        (("Alder", "F65+"),),
    }
    assert cells[0] == cells[0]._replace(
        content="value", region="0101", period="2013", value=Decimal(7170), status=""
    )


@pytest.mark.django_db
def test_tidy_csv_imports_on_the_2013_structure() -> None:
    result = statistics_import(
        table=parse_source(TIDY.read_bytes(), name=TIDY.name), source=TIDY.name
    )
    assert (result.created, result.skipped_cells) == (3807, 0)
    assert result.new_indicators == ["befolkning.value"]
    halden = Observation.objects.get(
        indicator__code="befolkning.value",
        region="0101",
        period="2013",
        dimension_key="Alder=F0-19",
    )
    assert halden.value == Decimal(7170)


@pytest.mark.django_db
def test_tidy_csv_through_a_profile_fills_the_catalogue() -> None:
    profile = ImportProfile.objects.create(
        name="ssb-kurs-befolkning",
        indicators={"value": "population"},
        dimensions={"Alder": "alder"},
    )
    table = parse_source(TIDY.read_bytes(), name=TIDY.name)
    result = statistics_import(table=table, source=TIDY.name, profile=profile)
    assert result.created == 3807
    assert result.new_indicators == []
    oslo = Observation.objects.get(
        indicator__code="population", region="0301", period="2015", dimension_key="alder=F65+"
    )
    assert oslo.value is not None
    assert oslo.value > 0


# --- Import and bad input: all or nothing ------------------------------------------------


@pytest.mark.django_db
def test_import_and_reimport() -> None:
    table = parse_source(LONG_UTF8.read_bytes(), name=LONG_UTF8.name)
    first = statistics_import(table=table, source=LONG_UTF8.name)
    assert (first.created, first.new_indicators) == (41, ["07459.Personer"])
    strand = Observation.objects.get(indicator__code="07459.Personer", period="2026")
    assert (strand.region, strand.value) == ("1130", Decimal(13959))
    again = statistics_import(table=parse_source(LONG_CP1252.read_bytes()), source="cp1252")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 41)


def _refused(raw: bytes, message: str) -> None:
    before = Observation.objects.count(), Indicator.objects.count()
    with pytest.raises((ImportFailed, ImportFormatError), match=message):
        statistics_import(table=parse_source(raw, name="07459.csv"), source="bad")
    assert (Observation.objects.count(), Indicator.objects.count()) == before


def _broken(line: int, old: str, new: str) -> bytes:
    """The UTF-8 fixture with one cell changed on a late line: the rows before it are
    good, and must not be written either."""
    lines = _lines(LONG_UTF8)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    return _csv(lines)


@pytest.mark.django_db
def test_text_in_a_number_column_is_refused() -> None:
    _refused(
        _broken(30, ";12139", ";abc"),
        r"line 30, column '07459: Befolkning, etter region, statistikkvariabel og år': "
        r"'abc' is not a number or an SSB status symbol",
    )
    assert ImportRun.objects.get(source="bad").status == "failed"


@pytest.mark.django_db
def test_wide_layout_names_the_period_column() -> None:
    header, row = _lines(WIDE)
    row = row.replace(";13959", ";13 959 personer")
    _refused(_csv([header, row]), r"line 2, column '2026': '13 959 personer' is not a number")


@pytest.mark.django_db
def test_unparseable_period_is_refused() -> None:
    _refused(_broken(25, '"2009"', '"2009-13"'), r"line 25, column 'år': '2009-13' is not")


@pytest.mark.django_db
def test_unknown_region_refuses_the_whole_file() -> None:
    _refused(_broken(41, "1130 Strand", "9876 Ukjent"), r"unknown region code '9876'")
    assert not Indicator.objects.filter(code="07459.Personer").exists()


@pytest.mark.django_db
def test_wrong_encoding_is_named() -> None:
    raw = LONG_CP1252.read_bytes().replace(b"2003", b"20\x8103")  # 0x81: in neither
    _refused(raw, r"line 19: byte 0x81 is neither UTF-8 .* nor Windows-1252")


def test_utf16_without_bom_is_named() -> None:
    raw = LONG_UTF8.read_text(encoding="utf-8-sig").encode("utf-16-le")
    with pytest.raises(ImportFormatError, match="NUL bytes"):
        parse_source(raw)


def test_utf16_with_bom_is_read() -> None:
    raw = LONG_UTF8.read_text(encoding="utf-8-sig").encode("utf-16")
    assert len(_cells(parse_source(raw))) == 41


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['"region";"år";"x"', '"1130 Strand";"2026"'], r"line 2: 2 fields, but the header has 3"),
        (
            ['"region";"år";"x"', '"1130 Strand";"2026";1', '"note"', '"1130";"2025";1'],
            "line 4: a data row after the footnotes",
        ),
        (['"kommune";"region";"region"', '"1";"2";"3"'], "empty or repeated column names"),
        (['"alder";"år";"07459: x"', '"F0-19";"2026";1'], "no region column among"),
        (['"region";"alder";"07459: x"', '"1130";"F0-19";1'], "no time column among"),
        (['"region";"år";"x"', '"";"2026";1'], "line 2, column 'region': no region"),
    ],
)
def test_malformed_csv_is_named(lines: list[str], message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        _cells(parse_source(_csv(lines), name="t.csv"))


def test_no_table_number_without_a_name() -> None:
    with pytest.raises(ImportFormatError, match="no table number"):
        parse_source(_csv(['"region";"år";"value"', '"1130";"2026";1']))
    table = parse_source(_csv(['"region";"år";"value"', '"1130";"2026";1']), table_id="07459")
    assert table.table_id == "07459"
    table = parse_source(
        _csv(['"region";"år";"value"', '"1130";"2026";1']),
        name="https://example.org/api/v2/tables/07459/data.csv?lang=no",
    )
    assert table.table_id == "data"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("0301 Oslo", "0301"),
        ("K-3001 Halden", "K-3001"),
        ("EKG13 Kostragruppe 13", "EKG13"),
        ("Hele landet", "Hele landet"),
        ("265 Kommunalt disponerte boliger", "265"),
        ("F65+", "F65+"),
        ("1. januar", "1. januar"),
    ],
)
def test_split_code(text: str, code: str) -> None:
    assert pxweb_csv.split_code(text) == code


# --- Format detection ----------------------------------------------------------------------


def test_dispatch_by_content() -> None:
    assert parse_source(JSONSTAT.read_bytes()).source_format == "jsonstat"
    assert parse_source(LONG_UTF8.read_bytes()).source_format == "pxweb_csv"
    template = b"indikator;kommune;periode;verdi\nhomeless;0602 Drammen;2008;85\n"
    assert parse_source(template).source_format == "spreadsheet"
    with pytest.raises(ImportFormatError, match="old Excel workbook"):
        parse_source(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ImportFormatError, match="unknown format"):
        parse_source(b"just one column\nof text\n")
    with pytest.raises(ImportFormatError, match="empty"):
        parse_source(b" \n")


@pytest.mark.django_db
def test_command_names_a_csv_table_after_its_file(capsys) -> None:
    call_command("import_statistics", str(TIDY))
    assert capsys.readouterr().out.strip() == ("created 3807 / updated 0 / unchanged 0 / skipped 0")
    assert Indicator.objects.filter(code="befolkning.value").exists()
