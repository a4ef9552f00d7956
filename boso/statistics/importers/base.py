"""What every importer produces: a parsed table and its cells, in batches.

Importers only parse. They never touch the database; services.statistics_import
validates regions and indicators and writes, all in one transaction.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

BATCH_SIZE = 10_000
STATUS_SYMBOLS = frozenset({".", "..", "...", ":", "-"})
# A JSON-stat dataset may claim any size in its `size` array while a sparse `value`
# object stays tiny: walking a claimed 10^9 cells would hold the worker for hours. The
# largest SSB tables we import have a few million cells; ImportRun.cells_total is a
# 32-bit column, far above this.
MAX_CELLS = 20_000_000
# Observation.value is numeric(24, 6): 18 digits before the decimal point. SQLite keeps
# the column as a float (15 significant digits) and Django reads it back through a
# 24-digit context, which fails from about 9.999999999999995e17; so the bound is one
# digit lower, the same on both databases, and far above any statistic.
MAX_VALUE = Decimal(10) ** 17


class ImportFormatError(ValueError):
    """The file cannot be read as its format; the message names the place."""


class Cell(NamedTuple):
    """One figure as read: content code (statistic variable), region and period as
    written in the source, other dimensions as (id, code) pairs, value and status.

    A named tuple rather than a dataclass: an import makes hundreds of thousands.
    """

    content: str
    region: str
    period: str
    dimensions: tuple[tuple[str, str], ...]
    value: Decimal | None
    status: str


@dataclass
class ContentInfo:
    label: str
    unit: str = ""
    decimals: int = 0
    where: str = ""  # where the content first occurs in the source, for messages


@dataclass
class ParsedTable:
    """Metadata of a source table and a way to read its cells in batches."""

    source_format: str
    table_id: str
    title: str
    source: str = "Statistisk sentralbyrå"
    updated: datetime.datetime | None = None
    contents: dict[str, ContentInfo] = field(default_factory=dict)
    cells_total: int = 0
    batches: Iterator[list[Cell]] = field(default_factory=lambda: iter(()))


# --- Shared cell readers -------------------------------------------------------------

_REGION_PREFIX = re.compile(r"^(?:K|F|EAK|EKA)-(\w+)$")
_COUNTRY_NAMES = {"0", "00", "0000", "hele landet", "landet", "norge"}


def canonical_region(raw: str) -> str:
    """'K-3001' → '3001', 'F-30' → '30', '0' / 'Hele landet' → '0'; other text unchanged.

    Codes joined with labels ("0301 Oslo") are split by the CSV reader before this.
    """
    text = raw.strip()
    if text.casefold() in _COUNTRY_NAMES:
        return "0"
    match = _REGION_PREFIX.match(text)
    if match and text.startswith(("K-", "F-")):
        return match.group(1)
    return text


_SPACES = re.compile(r"[\s\u00a0\u202f]")


def check_cells_total(total: int, *, what: str) -> int:
    """The table's claimed number of cells, refused above MAX_CELLS."""
    if total > MAX_CELLS:
        claimed, limit = (f"{n:,}".replace(",", " ") for n in (total, MAX_CELLS))
        raise ImportFormatError(
            f"{what}: {claimed} cells, more than the {limit} one import may hold; "
            "split the table into smaller selections"
        )
    return total


def value_out_of_range(value: Decimal, *, where: str) -> ImportFormatError:
    return ImportFormatError(
        f"{where}: {value} is too large a figure "
        f"(the largest a figure may be is {MAX_VALUE - 1} either side of zero)"
    )


def parse_number(text: str, *, where: str) -> tuple[Decimal | None, str]:
    """A number as written by SSB or a municipality: value and status symbol.

    Accepts 1234.5, 1 234,5 (space, no-break or narrow no-break space thousands),
    4e+05, and the status symbols (value None). Raises ImportFormatError naming
    `where` for text that is neither.
    """
    raw = text.strip().strip('"')
    if raw == "":
        return None, ".."
    if raw in STATUS_SYMBOLS:
        return None, raw
    cleaned = _SPACES.sub("", raw)
    if "," in cleaned:
        if "." in cleaned:  # 1.234,5: dots as thousands separators
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
    cleaned = cleaned.replace("\u2212", "-")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ImportFormatError(
            f"{where}: {raw!r} is not a number or an SSB status symbol"
        ) from None
    if not value.is_finite():
        raise ImportFormatError(f"{where}: {raw!r} is not a finite number")
    if not -MAX_VALUE < value < MAX_VALUE:
        raise value_out_of_range(value, where=where)
    return value, ""


@lru_cache(maxsize=65536)
def dimension_key(dimensions: tuple[tuple[str, str], ...]) -> str:
    """Canonical key for further dimensions: sorted 'id=code' joined by ';' (cached)."""
    return ";".join(f"{k}={v}" for k, v in sorted(dimensions))
