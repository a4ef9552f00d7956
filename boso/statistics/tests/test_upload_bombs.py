"""Uploads that try to take the server down, or that are not what their name says.

A zip bomb disguised as a workbook (a valid zip, with xl/workbook.xml, whose parts
unpack to half a gigabyte) must be refused quickly and with little memory, with a
message, and nothing stored; so must files named .xlsx that are something else. The
spreadsheet importer checks a workbook's zip directory before openpyxl unpacks
anything (spreadsheet.check_zip). Without that check openpyxl took about 1 GB of
memory on either bomb below, and three minutes on the sheet bomb.

Memory is measured with tracemalloc. The bound, 32 MiB, is a sixteenth of what a bomb
unpacks to: unpacking even that share of it fails the test, while refusing it needs
the zip's central directory only (a few kilobytes). The time bound is as generous.
"""

from __future__ import annotations

import io
import random
import re
import struct
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from openpyxl import Workbook

from boso.statistics import views_import
from boso.statistics.choices import ImportStatus
from boso.statistics.importers import parse_source, spreadsheet
from boso.statistics.importers.base import ImportFormatError
from boso.statistics.models import ImportRun, Indicator, Observation

pytestmark = pytest.mark.django_db  # the statistics conftest empties the store for marked tests

START = "/statistikk/import/"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOMB_BYTES = 512 * 1024 * 1024
MEMORY_BOUND = BOMB_BYTES // 16
SECONDS_BOUND = 10
SHEET = "xl/worksheets/sheet1.xml"
NAMESPACE = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.fixture
def advisor(users: dict[str, Any]) -> Client:
    """A regional advisor (rådgiver), who has statistics.import_statistics."""
    client = Client()
    client.force_login(users["advisor"])
    return client


# --- Building zips by hand ----------------------------------------------------------------


class Part(NamedTuple):
    name: str
    packed: bytes
    size: int  # the unpacked size the zip directory declares
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, as in a zip
    return packer.compress(data) + packer.flush()


def part(name: str, data: bytes) -> Part:
    return Part(name, deflated(data), len(data), zlib.crc32(data))


def repeated_part(name: str, head: bytes, chunk: bytes, times: int, tail: bytes) -> Part:
    """A part holding head + chunk × times + tail, packed in the time one chunk takes:
    after a full flush the packer forgets what came before, so every chunk packs to
    the same bytes. The result is a real deflate stream with the right checksum."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    size = len(head) + len(chunk) * times + len(tail)
    return Part(name, first + block * times + last, size, zlib.crc32(tail, crc))


def zip_bytes(parts: list[Part]) -> bytes:
    """A zip file of parts packed already (zipfile cannot write a packed stream)."""
    out, directory = io.BytesIO(), []
    for p in parts:
        name, offset = p.name.encode(), out.tell()
        # flags, method, time, date, checksum, packed and unpacked size, name length
        common = (p.flags, p.method, 0, 0, p.crc, len(p.packed), p.size, len(name))
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, *common, 0) + name + p.packed)
        # made by, needed, …, no extra field, comment, disk, attributes; local header offset
        entry = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, *common, 0, 0, 0, 0, 0, offset)
        directory.append(entry + name)
    start, central = out.tell(), b"".join(directory)
    out.write(central)
    count = len(parts)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), start, 0))
    return out.getvalue()


def template_parts(without: tuple[str, ...] = (SHEET,)) -> list[Part]:
    """The parts of the real template workbook, xl/workbook.xml among them."""
    with zipfile.ZipFile(io.BytesIO(spreadsheet.template_xlsx())) as template:
        return [
            part(info.filename, template.read(info))
            for info in template.infolist()
            if info.filename not in without
        ]


def sheet_bomb() -> bytes:
    """The template whose first sheet unpacks to 512 MiB of rows (about 10 million)."""
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>' * 20_000
    head, tail = b"<worksheet " + NAMESPACE + b"><sheetData>", b"</sheetData></worksheet>"
    times = BOMB_BYTES // len(row) + 1
    return zip_bytes([*template_parts(), repeated_part(SHEET, head, row, times, tail)])


def with_shared_strings(strings: Part) -> bytes:
    """The template workbook with a shared-strings part."""
    with zipfile.ZipFile(io.BytesIO(spreadsheet.template_xlsx())) as template:
        types = template.read("[Content_Types].xml").replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        rels = template.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
            b"</Relationships>",
        )
    parts = template_parts(without=("[Content_Types].xml", "xl/_rels/workbook.xml.rels"))
    return zip_bytes(
        [
            *parts,
            part("[Content_Types].xml", types),
            part("xl/_rels/workbook.xml.rels", rels),
            strings,
        ]
    )


def shared_strings_bomb() -> bytes:
    """One shared text of 512 MiB, which openpyxl would hold in memory whole."""
    megabyte = b"A" * 1024 * 1024
    head, tail = b"<sst " + NAMESPACE + b"><si><t>", b"</t></si></sst>"
    times = BOMB_BYTES // len(megabyte)
    return with_shared_strings(repeated_part("xl/sharedStrings.xml", head, megabyte, times, tail))


@pytest.fixture(scope="module", params=["sheet", "shared strings"])
def bomb(request: pytest.FixtureRequest) -> bytes:
    return {"sheet": sheet_bomb, "shared strings": shared_strings_bomb}[request.param]()


# --- Measuring -----------------------------------------------------------------------------


class Cost(NamedTuple):
    peak_bytes: int
    seconds: float


def measured(action: Callable[[], Any]) -> tuple[Any, Cost]:
    """What the action returned or raised, and its peak memory and time."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome: Any = action()
    except ImportFormatError as exc:
        outcome = exc
    finally:
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return outcome, Cost(peak, seconds)


def assert_cheap(cost: Cost) -> None:
    assert cost.peak_bytes < MEMORY_BOUND, f"peak {cost.peak_bytes // 2**20} MiB"
    assert cost.seconds < SECONDS_BOUND, f"{cost.seconds:.1f} s"


# --- Zip bombs -------------------------------------------------------------------------------


def test_the_bombs_are_real() -> None:
    """The bombs are valid zips with xl/workbook.xml that really unpack to 512 MiB+."""
    for raw in (sheet_bomb(), shared_strings_bomb()):
        assert len(raw) < 4 * 1024 * 1024  # small enough to be previewed in the request
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            assert "xl/workbook.xml" in archive.namelist()
            assert sum(info.file_size for info in archive.infolist()) > BOMB_BYTES
            assert archive.testzip() is None  # every part unpacks, checksums right


def test_a_zip_bomb_is_refused_by_parse_source(bomb: bytes) -> None:
    outcome, cost = measured(lambda: parse_source(bomb, name="tall.xlsx"))
    assert isinstance(outcome, ImportFormatError)
    assert "unpacks to more than 100 times its packed size" in str(outcome)
    assert_cheap(cost)


def test_a_zip_bomb_upload_is_refused_and_nothing_is_saved(bomb: bytes, advisor: Client) -> None:
    indicators = Indicator.objects.count()
    upload = SimpleUploadedFile("tall.xlsx", bomb, content_type=XLSX_TYPE)
    response, cost = measured(lambda: advisor.post(START, {"file": upload}))
    assert_cheap(cost)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/statistikk/import/{run.pk}/"
    assert run.status == ImportStatus.FAILED
    assert len(run.report["problems"]) == 1
    assert "(a zip bomb?)" in run.report["problems"][0]
    page = advisor.get(response["Location"]).content.decode()
    assert "Filen kan ikke importeres: 1 problem. Ingenting er lagret." in page
    assert "(a zip bomb?)" in page
    assert ">Importer</button>" not in page
    assert not Observation.objects.exists()
    assert Indicator.objects.count() == indicators


def test_a_part_that_lies_about_its_size_is_read_no_further() -> None:
    """The directory says 1 000 bytes, the stream holds 512 MiB: zipfile stops at the
    declared size, the checksum fails, and the workbook is refused as unreadable."""
    lying = _declare_size(sheet_bomb(), SHEET, 1000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo(SHEET).file_size == 1000
    outcome, cost = measured(lambda: parse_source(lying))
    assert isinstance(outcome, ImportFormatError)
    assert str(outcome) == (
        f"spreadsheet: the workbook cannot be opened (Bad CRC-32 for file {SHEET!r})"
    )
    assert_cheap(cost)


def _declare_size(raw: bytes, name: str, size: int) -> bytes:
    """The zip with the central directory's unpacked size of `name` set to `size`."""
    end_record = raw.rindex(b"PK\x05\x06")
    entry = struct.unpack_from("<L", raw, end_record + 16)[0]  # the directory's offset
    data = bytearray(raw)
    while data[entry : entry + 4] == b"PK\x01\x02":
        name_length, extra, comment = struct.unpack_from("<3H", data, entry + 28)
        if data[entry + 46 : entry + 46 + name_length] == name.encode():
            struct.pack_into("<L", data, entry + 24, size)
            return bytes(data)
        entry += 46 + name_length + extra + comment
    raise AssertionError(f"{name} is not in the zip")


def test_a_workbook_over_the_unpacked_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts packed no better than real ones, but more of them than boso reads."""
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 1024 * 1024)
    rows = [("rent_arrears", f"{code:04d}", "2024", str(code), "") for code in range(8000)]
    raw = _template_with(rows)
    with pytest.raises(ImportFormatError, match=r"unpacks to 2 MB, more than the 1 MB boso reads"):
        parse_source(raw)


def _template_with(rows: Sequence[tuple[str, ...]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(spreadsheet.TEMPLATE_HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_parts_packed_with_bzip2_or_lzma_are_refused(method: int) -> None:
    """zipfile unpacks bzip2 and lzma parts without a bound on memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for p in template_parts(()):
            archive.writestr(p.name, b"<x/>")
    with pytest.raises(ImportFormatError, match="is packed in a way workbooks never are"):
        parse_source(out.getvalue())


def test_a_password_protected_part_is_refused() -> None:
    parts = [
        p._replace(flags=0x1) if p.name == "xl/workbook.xml" else p for p in template_parts(())
    ]
    with pytest.raises(ImportFormatError, match="protected by a password; save it without one"):
        parse_source(zip_bytes(parts))


def test_a_zip_of_very_many_parts_is_refused_before_its_directory_is_read() -> None:
    parts = template_parts(()) + [part(f"xl/media/{n}.bin", b"") for n in range(10_001)]
    outcome, cost = measured(lambda: parse_source(zip_bytes(parts)))
    assert isinstance(outcome, ImportFormatError)
    assert str(outcome) == "spreadsheet: the workbook has more than 10000 parts"
    assert_cheap(cost)


def _laughs(levels: int, fan: int) -> bytes:
    """A DTD whose entity a<levels> expands to 'ha' × fan ** levels."""
    entities = b"".join(
        b"<!ENTITY a%d '%s'>" % (n, b"&a%d;" % (n - 1) * fan) for n in range(1, levels + 1)
    )
    return b"<!DOCTYPE sst [<!ENTITY a0 'ha'>" + entities + b"]>"


def _shared_string(dtd: bytes, entity: bytes) -> bytes:
    return dtd + b"<sst " + NAMESPACE + b"><si><t>&" + entity + b";</t></si></sst>"


ENTITY_BOMBS = {
    # A billion laughs: expat stops it, but only after some 70 MB and 3 s.
    "deep": _shared_string(_laughs(9, 10), b"a9"),
    # A million laughs stay under expat's threshold: it lets them through (some 60 MB).
    "wide": _shared_string(_laughs(3, 100), b"a3"),
}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize("kind", sorted(ENTITY_BOMBS))
def test_an_xml_entity_bomb_inside_a_workbook_is_refused(kind: str, encoding: str) -> None:
    """Entities need a DTD, which no workbook part has: refused before openpyxl reads."""
    strings = ENTITY_BOMBS[kind].decode().encode(encoding)  # UTF-16 with its byte-order mark
    raw = with_shared_strings(part("xl/sharedStrings.xml", strings))
    outcome, cost = measured(lambda: parse_source(raw))
    assert isinstance(outcome, ImportFormatError)
    assert str(outcome) == (
        "spreadsheet: part 'xl/sharedStrings.xml' declares a DTD (<!DOCTYPE …>), "
        "which no real workbook does (an XML bomb?)"
    )
    assert cost.peak_bytes < 4 * 1024 * 1024  # nothing was expanded
    assert_cheap(cost)


# --- Files that say .xlsx and are something else --------------------------------------------


def _opendocument() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


NOT_XLSX = {
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "NUL bytes"),
    "html": (b"<!DOCTYPE html><html><body>Ikke funnet</body></html>", "unknown format"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "unknown"),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "old Excel workbook (.xls)"),
    "ods": (_opendocument(), "the workbook cannot be opened"),
    "truncated xlsx": (spreadsheet.template_xlsx()[:3000], "the workbook cannot be opened"),
}


@pytest.mark.parametrize("kind", sorted(NOT_XLSX))
def test_a_file_named_xlsx_is_read_by_its_content(kind: str, advisor: Client) -> None:
    raw, says = NOT_XLSX[kind]
    with pytest.raises(ImportFormatError, match=re.escape(says)):
        parse_source(raw, name="tall.xlsx")
    upload = SimpleUploadedFile("tall.xlsx", raw, content_type=XLSX_TYPE)
    response = advisor.post(START, {"file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert run.status == ImportStatus.FAILED
    assert says in run.report["problems"][0]
    assert says in advisor.get(response["Location"]).content.decode().replace("&#x27;", "'")
    assert not Observation.objects.exists()


# --- The upload itself is bounded ------------------------------------------------------------


def test_an_upload_is_read_only_up_to_the_limit(
    users: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    """20 MB against a 1 MB limit: the upload handler stops at the limit, so the server
    holds a few chunks at a time, never the file, and stores nothing (HTTP 413)."""
    settings.STATISTICS_IMPORT_MAX_BYTES = 1024 * 1024
    settings.STATISTICS_IMPORT_DIR = tmp_path
    # Bytes as in a real file. Django throws the rest of a refused upload away line by
    # line (MultiPartParser's exhaust): a body of millions of newlines takes it minutes,
    # one without a newline all its size in memory. A limit on request bodies in the
    # web server in front is the remedy for those; they are not tested here.
    upload = SimpleUploadedFile("stor.xlsx", random.Random(8).randbytes(20 * 1024 * 1024))
    request = RequestFactory().post(START, {"file": upload})  # the body is built here
    request.user = users["advisor"]
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]  # as Client does
    response, cost = measured(lambda: views_import.import_start(request))
    assert response.status_code == 413
    assert "Filen er for stor. Største tillatte størrelse er 1 MB." in response.content.decode()
    assert cost.peak_bytes < 4 * 1024 * 1024, f"peak {cost.peak_bytes // 2**20} MiB"
    assert not ImportRun.objects.exists()
    assert not any(tmp_path.iterdir())
