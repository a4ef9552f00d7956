"""One module per source format; `parse_source` detects the format from the content."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from boso.statistics.importers import jsonstat
from boso.statistics.importers.base import ImportFormatError, ParsedTable

MAX_DOWNLOAD = 512 * 1024 * 1024


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


def parse_source(raw: bytes, *, geo_dimension: str = "") -> ParsedTable:
    """Detect the format from the content and parse it."""
    if not raw.strip():
        raise ImportFormatError("the file is empty")
    if jsonstat.looks_like_jsonstat(raw[:8000]) or raw.lstrip()[:1] == b"{":
        return jsonstat.parse(raw, geo_dimension=geo_dimension)
    raise ImportFormatError(
        "unknown format: expected JSON-stat 2.0, a PxWeb CSV export or the spreadsheet template"
    )
