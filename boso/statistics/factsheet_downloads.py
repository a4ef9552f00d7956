"""The fact sheet's figures as CSV and XLSX downloads: a sheet in, bytes out."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from boso.core.formatting import format_date
from boso.statistics.factsheet import FactSheet
from boso.statistics.figures import status_text

# --- Downloads ---------------------------------------------------------------------------

DOWNLOAD_HEADER = (
    "indikator",
    "indikatornavn",
    "enhet",
    "serie",
    "regionkode",
    "periode",
    "verdi",
    "status",
    "forklaring",
    "kilde",
)


@dataclass(frozen=True)
class DownloadRow:
    indicator: str
    name: str
    unit: str
    series: str
    region: str
    period: str
    value: Decimal | None
    decimals: int
    status: str
    explanation: str
    source: str


def download_rows(sheet: FactSheet) -> list[DownloadRow]:
    """Every figure the fact sheet shows, one row per series and period."""
    rows = []
    for facts in sheet.facts:
        for s in facts.series:
            for p in s.points:
                rows.append(
                    DownloadRow(
                        indicator=facts.indicator.code,
                        name=facts.name,
                        unit=facts.unit,
                        series=s.label,
                        region=s.code,
                        period=p.period,
                        value=p.value,
                        decimals=facts.decimals,
                        status=p.symbol,
                        explanation=status_text(p.symbol) if p.symbol else "",
                        source=facts.source,
                    )
                )
    return rows


def _plain_number(value: Decimal | None, decimals: int) -> str:
    """1234,5: a decimal comma and no thousands separator, as spreadsheets read it."""
    if value is None:
        return ""
    return f"{_rounded(value, decimals):f}".replace(".", ",")


def _rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _about(sheet: FactSheet) -> list[str]:
    return [
        _("Boligsosialt faktaark: %(place)s") % {"place": sheet.place},
        _("Kommuneinndeling per %(day)s (%(version)s)")
        % {"day": format_date(sheet.day), "version": sheet.version.name},
        _("Kilde: %(sources)s") % {"sources": "; ".join(sheet.sources)},
        _("Hentet %(day)s") % {"day": format_date(timezone.localdate())},
    ]


def factsheet_csv(sheet: FactSheet) -> bytes:
    """Semicolon-separated with decimal commas and a byte-order mark, as Excel in
    Norway expects; status symbols stay in their own column, never 0."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(DOWNLOAD_HEADER)
    for r in download_rows(sheet):
        writer.writerow(
            [
                r.indicator,
                r.name,
                r.unit,
                r.series,
                r.region,
                r.period,
                _plain_number(r.value, r.decimals),
                r.status,
                r.explanation,
                r.source,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def factsheet_xlsx(sheet: FactSheet) -> bytes:
    """A workbook with the figures (numbers as numbers) and a sheet about them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    data = book.active
    assert data is not None
    data.title = _("Tall")
    data.append(list(DOWNLOAD_HEADER))
    for cell in data[1]:
        cell.font = Font(bold=True)
    for r in download_rows(sheet):
        data.append(
            [
                r.indicator,
                r.name,
                r.unit,
                r.series,
                r.region,
                r.period,
                float(_rounded(r.value, r.decimals)) if r.value is not None else None,
                r.status,
                r.explanation,
                r.source,
            ]
        )
        value_cell = data.cell(row=data.max_row, column=7)
        value_cell.number_format = "#,##0" + ("." + "0" * r.decimals if r.decimals > 0 else "")
    data.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (28, 36, 18, 30, 10, 12, 14, 8, 30, 36), strict=True):
        data.column_dimensions[column].width = width
    about = book.create_sheet(_("Om tallene"))
    for line in _about(sheet):
        about.append([line])
    for symbol, text in sheet.symbols:
        about.append([f"{symbol}  {text}"])
    if sheet.suppression_note:
        about.append([sheet.suppression_note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
