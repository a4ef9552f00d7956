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
    return value, ""


@lru_cache(maxsize=65536)
def dimension_key(dimensions: tuple[tuple[str, str], ...]) -> str:
    """Canonical key for further dimensions: sorted 'id=code' joined by ';' (cached)."""
    return ";".join(f"{k}={v}" for k, v in sorted(dimensions))
