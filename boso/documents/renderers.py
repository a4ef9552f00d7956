"""Renderers: selector data in, bytes out. No request objects.

PDF: a Django template rendered to HTML, typeset by WeasyPrint on A4 with DejaVu fonts and
the print stylesheet, as PDF/A-3b. Nothing is fetched from outside: the URL fetcher serves
our own static files and refuses everything else.

XLSX: openpyxl, one sheet per `Sheet`, numbers as numbers with a Norwegian-looking format.
"""

from __future__ import annotations

import io
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

PRINT_CSS = Path(__file__).parent / "static" / "documents" / "print.css"
BASE_URL = "https://boso.invalid/"  # never fetched: the fetcher answers from our static files
PDF_VARIANT = "pdf/a-3b"


class ExternalFetchRefused(ValueError):
    pass


def static_url_fetcher(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """Serve our static files (`/static/...` on the base URL); refuse every other URL."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    static_prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    if (parts.scheme, parts.netloc) == (base.scheme, base.netloc) and parts.path.startswith(
        static_prefix
    ):
        relative = unquote(parts.path[len(static_prefix) :])
        found = finders.find(relative) if ".." not in relative.split("/") else None
        if isinstance(found, str):
            path = Path(found)
            mime_type, _encoding = mimetypes.guess_type(path.name)
            return {
                "string": path.read_bytes(),
                "mime_type": mime_type or "application/octet-stream",
                "redirected_url": url,
            }
    raise ExternalFetchRefused(f"documents fetch nothing from outside: {url}")


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render the template to HTML and typeset it as an A4 PDF/A-3b."""
    from weasyprint import CSS, HTML  # imported late: loading Pango takes a moment

    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_url_fetcher)
    stylesheet = CSS(filename=str(PRINT_CSS), url_fetcher=static_url_fetcher)
    pdf = document.write_pdf(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT)
    assert pdf is not None  # write_pdf returns bytes when given no target
    return bytes(pdf)


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    number_format: str | None = None  # e.g. "#,##0" or "0.000"


@dataclass(frozen=True)
class Sheet:
    title: str  # at most 31 characters, as Excel wants
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    preamble: Sequence[str] = field(default_factory=tuple)  # lines above the table
    footer: Sequence[str] = field(default_factory=tuple)  # lines below it (e.g. the source)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One workbook with a sheet per `Sheet`: bold, frozen header; numbers stay numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        _write_sheet(workbook, spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook: Workbook, spec: Sheet) -> None:
    sheet = workbook.create_sheet(spec.title[:31])
    for line in spec.preamble:
        sheet.append([line])
    if spec.preamble:
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        sheet.append([])
    header_row = len(spec.preamble) + 2 if spec.preamble else 1
    sheet.append([c.header for c in spec.columns])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in spec.rows:
        sheet.append(list(row))
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.number_format:
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                cell.number_format = column.number_format
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if spec.footer:
        sheet.append([])
        for line in spec.footer:
            sheet.append([line])
