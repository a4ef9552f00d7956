"""Importer limits: claimed sizes, figures the column cannot hold, encrypted workbooks.

A sparse JSON-stat dataset can claim a billion cells in a few hundred bytes; a figure
beyond Observation.value's numeric(24, 6) must be refused naming its cell, not end in
a database error (on SQLite or PostgreSQL); and a password-protected .xlsx, which is
an OLE compound file like the old .xls, must be called what it is.
"""

from __future__ import annotations

import io
import json
import struct
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from boso.statistics.choices import ImportStatus
from boso.statistics.importers import base as importer_base
from boso.statistics.importers import cfb_is_encrypted, jsonstat, parse_source, spreadsheet
from boso.statistics.importers.base import MAX_CELLS, MAX_VALUE, ImportFormatError
from boso.statistics.models import ImportRun, Observation
from boso.statistics.services import ImportFailed, statistics_import
from boso.statistics.tests.test_fuzz_importers import POPULATION, fuzz

START = "/statistikk/import/"


def _sparse(sizes: list[int], values: dict[str, Any] | None = None, **extra: Any) -> bytes:
    """A JSON-stat dataset over Region, Tid and one more dimension, value as an object."""
    ids = ["Region", "Tid", "Alder"][: len(sizes)]
    dimension = {
        dim: {"category": {"index": [f"{i:04d}" for i in range(n)]}}
        for dim, n in zip(ids, sizes, strict=True)
    }
    dataset = {
        "class": "dataset",
        "id": ids,
        "size": sizes,
        "dimension": dimension,
        "value": values or {},
        **extra,
    }
    return json.dumps(dataset).encode()


# --- Claimed sizes ---------------------------------------------------------------------------


def test_a_sparse_dataset_claiming_a_billion_cells_is_refused_at_once() -> None:
    raw = _sparse([1000, 1000, 1000])  # 10^9 cells claimed, a few kilobytes sent
    assert len(raw) < 40_000
    with pytest.raises(ImportFormatError, match="1 000 000 000 cells, more than the 20 000 000"):
        parse_source(raw)  # in parse itself: no cell is walked


def test_the_cell_limit_is_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer_base, "MAX_CELLS", 100)
    table = parse_source(_sparse([10, 10]))
    assert table.cells_total == 100
    assert sum(len(batch) for batch in table.batches) == 100
    with pytest.raises(ImportFormatError, match="more than the 100"):
        parse_source(_sparse([10, 11]))
    csv = "indikator;kommune;periode;verdi\n" + "x;3301;2020;1\n" * 101
    with pytest.raises(ImportFormatError, match="spreadsheet: 101 cells"):
        parse_source(csv.encode())


def test_one_status_for_every_cell_takes_no_memory_per_cell() -> None:
    """A scalar status used to become a dictionary entry for every claimed cell."""
    status = jsonstat._status_by_index("..")
    assert len(status) == 0
    assert status.get(12_345_678) == ".."
    table = parse_source(_sparse([3, 2], status=".."))
    cells = [cell for batch in table.batches for cell in batch]
    assert [cell.status for cell in cells] == [".."] * 6


def test_the_limit_fits_the_run_columns() -> None:
    field = ImportRun._meta.get_field("cells_total")
    assert MAX_CELLS < 2**31 - 1  # PositiveIntegerField: a 32-bit column on both databases
    assert field.get_internal_type() in {"PositiveIntegerField", "PositiveBigIntegerField"}


@pytest.mark.django_db
def test_the_upload_page_names_the_claim(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["advisor"])
    upload = SimpleUploadedFile("stor.json", _sparse([1000, 1000, 1000]))
    response = client.post(START, {"file": upload})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert run.cells_total == 0
    assert "more than the 20 000 000" in run.report["problems"][0]


# --- Figures the column cannot hold ----------------------------------------------------------

FIGURES = st.one_of(
    st.integers(-(10**25), 10**25),
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.sampled_from([MAX_VALUE, -MAX_VALUE, MAX_VALUE - 1, 1 - MAX_VALUE, Decimal("1e400")]),
)


def _fits(value: Decimal) -> bool:
    return -MAX_VALUE < value < MAX_VALUE


@fuzz
@given(value=FIGURES)
def test_jsonstat_figures_fit_the_column_or_are_refused_by_cell(value: Any) -> None:
    figure = Decimal(value)
    raw = _sparse([1, 2], {"1": "FIGURE"}).replace(b'"FIGURE"', str(figure).encode())
    table = parse_source(raw)
    if _fits(figure):
        cells = [cell for batch in table.batches for cell in batch]
        assert cells[1].value == figure
    else:
        with pytest.raises(ImportFormatError, match=r"value\[1\]: .* is too large a figure"):
            list(table.batches)


@fuzz
@given(value=FIGURES)
def test_csv_figures_fit_the_column_or_are_refused_by_cell(value: Any) -> None:
    figure = Decimal(value)
    text = f"indikator;kommune;periode;verdi\nx;3301;2020;1\nx;3301;2021;{figure}\n"
    table = parse_source(text.encode())
    if _fits(figure):
        cells = [cell for batch in table.batches for cell in batch]
        assert cells[1].value == figure
    else:
        with pytest.raises(ImportFormatError, match=r"row 3, column 'verdi'.* too large"):
            list(table.batches)


def test_pxweb_csv_and_workbook_name_the_cell() -> None:
    text = '"region";"år";"07459: Befolkning"\n"1130 Strand";"2020";1\n"1130 Strand";"2021";1e17\n'
    with pytest.raises(ImportFormatError, match=r"line 3.* too large a figure"):
        list(parse_source(text.encode(), name="07459.csv").batches)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(spreadsheet.TEMPLATE_HEADER)
    sheet.append(["x", "3301", "2020", 1e20, ""])
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ImportFormatError, match=r"sheet 'Data', row 2, column D.* too large"):
        list(parse_source(out.getvalue()).batches)


def _population(value: str) -> bytes:
    data = json.loads(POPULATION.read_text("utf-8"))
    data["value"][0] = "FIGURE"
    return json.dumps(data).encode().replace(b'"FIGURE"', value.encode())


@pytest.mark.django_db
def test_a_figure_beyond_the_column_is_a_clean_failure_on_this_database() -> None:
    too_large = str(MAX_VALUE)
    with pytest.raises(ImportFailed) as failed:
        statistics_import(table=parse_source(_population(too_large)), source="too large")
    assert failed.value.problems == [
        f"JSON-stat: value[0]: {too_large} is too large a figure "
        f"(the largest a figure may be is {MAX_VALUE - 1} either side of zero)"
    ]
    assert not Observation.objects.exists()
    assert ImportRun.objects.get().status == ImportStatus.FAILED


@pytest.mark.django_db
def test_the_largest_figure_is_written_and_read_back_on_this_database() -> None:
    largest = MAX_VALUE - Decimal("0.000001")
    result = statistics_import(table=parse_source(_population(str(largest))), source="largest")
    assert result.created == 41
    stored = Observation.objects.get(indicator__code="07459.Personer1", period="1986").value
    assert stored is not None
    if connection.vendor == "postgresql":
        assert stored == largest
    else:  # SQLite keeps a float: 15 significant digits
        assert abs(stored - largest) <= 1


# --- Encrypted workbooks ---------------------------------------------------------------------

FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, child: int = NO_STREAM, right: int = NO_STREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,  # 5 root, 2 stream
        1,  # black
        NO_STREAM,
        right,
        child,
        bytes(16),
        0,
        0,
        0,
        END_OF_CHAIN,
        0,
    )


def compound_file(*streams: str) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors): the header, one FAT
    sector and one directory sector naming the streams (all empty)."""
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("d0cf11e0a1b11ae1"),
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,  # 512-byte sectors
        6,
        bytes(6),
        0,
        1,  # one FAT sector
        1,  # the directory starts in sector 1
        0,
        4096,
        END_OF_CHAIN,
        0,
        END_OF_CHAIN,
        0,
    )
    header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108  # DIFAT: FAT in sector 0
    fat = struct.pack("<II", FAT_SECTOR, END_OF_CHAIN) + struct.pack("<I", FREE) * 126
    entries = [_entry("Root Entry", 5, child=1 if streams else NO_STREAM)]
    for index, name in enumerate(streams, start=1):
        following = index + 1 if index < len(streams) else NO_STREAM
        entries.append(_entry(name, 2, right=following))
    directory = b"".join(entries).ljust(512, b"\0")
    assert len(header) == 512
    assert len(fat) == 512
    assert len(directory) == 512
    return header + fat + directory


ENCRYPTED = compound_file("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")


def test_a_password_protected_workbook_is_called_so() -> None:
    assert cfb_is_encrypted(ENCRYPTED)
    with pytest.raises(ImportFormatError, match=r"password-protected \(encrypted\) workbook"):
        parse_source(ENCRYPTED, name="tall.xlsx")


def test_an_old_xls_is_still_an_old_xls() -> None:
    old = compound_file("Workbook", "\x05SummaryInformation")
    assert not cfb_is_encrypted(old)
    with pytest.raises(ImportFormatError, match=r"old Excel workbook \(\.xls\)"):
        parse_source(old, name="tall.xls")


def test_the_stream_name_is_found_outside_the_first_directory_sector() -> None:
    """A directory laid out otherwise: the UTF-16 name in the first sectors suffices."""
    moved = compound_file("Workbook") + "EncryptedPackage".encode("utf-16-le").ljust(512, b"\0")
    assert cfb_is_encrypted(moved)
    assert not cfb_is_encrypted(ENCRYPTED[:511])  # no CFB at all


@pytest.mark.django_db
def test_the_upload_page_says_password_protected(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["advisor"])
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = client.post(START, {"file": SimpleUploadedFile("tall.xlsx", ENCRYPTED, xlsx)})
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "password-protected (encrypted) workbook" in page
