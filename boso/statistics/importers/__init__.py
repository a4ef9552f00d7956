"""One module per source format; `parse_source` detects the format from the content."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from boso.statistics.importers import jsonstat, pxweb_csv, spreadsheet
from boso.statistics.importers.base import ImportFormatError, ParsedTable

MAX_DOWNLOAD = 512 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"  # xlsx is a zip file
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and encrypted .xlsx)
ENCRYPTION_STREAMS = ("EncryptionInfo", "EncryptedPackage")
CFB_SEARCHED = 64 * 1024


def read_source(source: str, *, timeout: float = 60) -> bytes:
    """The bytes of a file path or an http(s) URL (such as a PxWebApi v2 data request)."""
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"Accept": "application/json, text/csv"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                data: bytes = response.read(MAX_DOWNLOAD + 1)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ImportFormatError(f"cannot download {source}: {exc}") from exc
        if len(data) > MAX_DOWNLOAD:
            raise ImportFormatError(f"{source}: larger than {MAX_DOWNLOAD} bytes")
        return data
    path = Path(source)
    if not path.is_file():
        raise ImportFormatError(f"{source}: no such file")
    return path.read_bytes()


def cfb_is_encrypted(raw: bytes) -> bool:
    """Whether an OLE compound file (CFB) is an encrypted Office document.

    Excel saves a workbook with a password as a CFB container holding the streams
    EncryptionInfo and EncryptedPackage, so it starts with the same magic bytes as an
    old .xls; the stream names tell them apart. They are read from the first directory
    sector (where Office writes them), and looked for in the first sectors as well in
    case the directory is laid out otherwise.
    """
    if len(raw) < 512:
        return False
    shift = int.from_bytes(raw[30:32], "little")
    if shift in (9, 12):  # 512- or 4096-byte sectors; sector n follows the header
        size = 1 << shift
        start = (int.from_bytes(raw[48:52], "little") + 1) * size
        directory = raw[start : start + size]
        for at in range(0, len(directory) - 127, 128):
            length = min(int.from_bytes(directory[at + 64 : at + 66], "little"), 64)
            name = directory[at : at + max(length - 2, 0)].decode("utf-16-le", "replace")
            if name in ENCRYPTION_STREAMS:
                return True
    return any(name.encode("utf-16-le") in raw[:CFB_SEARCHED] for name in ENCRYPTION_STREAMS)


def parse_source(
    raw: bytes, *, geo_dimension: str = "", name: str = "", table_id: str = ""
) -> ParsedTable:
    """Detect the format from the content and parse it.

    JSON-stat (a JSON object), an xlsx workbook (zip magic: the spreadsheet template),
    a CSV file whose header has indikator/indicator and verdi/value (the template as
    CSV), else a PxWeb CSV export or a tidy statistics CSV. `geo_dimension` names the
    region dimension or column; `name` (the file name or URL) and `table_id` (an
    import profile's table) give a CSV without a table title its table number.
    """
    if not raw.strip():
        raise ImportFormatError("the file is empty")
    head = raw[:8000]
    if jsonstat.looks_like_jsonstat(head) or head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return jsonstat.parse(raw, geo_dimension=geo_dimension)
    if head[:4] == ZIP_MAGIC:
        return spreadsheet.parse_xlsx(raw)
    if head[:8] == OLE_MAGIC:
        if cfb_is_encrypted(raw):
            raise ImportFormatError(
                "a password-protected (encrypted) workbook: remove the password in Excel "
                "(File > Info > Protect Workbook) and upload the workbook again"
            )
        raise ImportFormatError(
            "an old Excel workbook (.xls): save it as .xlsx or as CSV and upload that"
        )
    text = pxweb_csv.decode_text(raw, what="CSV")
    header = pxweb_csv.sniff_header(text)
    if header is not None and spreadsheet.is_template_header(header[2]):
        return spreadsheet.parse_csv_text(text)
    if header is not None:
        return pxweb_csv.parse_text(text, geo_dimension=geo_dimension, name=name, table_id=table_id)
    raise ImportFormatError(
        "unknown format: expected JSON-stat 2.0, a PxWeb CSV export or the spreadsheet template"
    )
