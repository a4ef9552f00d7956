"""Observations written out as CSV and as JSON-stat 2.0: rows in, bytes out.

Pure functions: no requests, no queries. The API (boso/statistics/api.py) streams
what these yield. Numbers are written exactly as stored (Decimal, decimal point,
no thousands separators, no exponent); a missing figure is empty (CSV) or null
(JSON-stat) with its SSB status symbol beside it, never 0.
"""

from __future__ import annotations

import csv
import datetime
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

REGION_ID = "Region"
TIME_ID = "Tid"
METRIC_ID = "ContentsCode"
CHUNK = 10_000


class ExportError(ValueError):
    """The rows cannot be written in the format asked for; the message says why."""


@dataclass(frozen=True)
class Row:
    """One figure to write: as stored, or harmonised onto a structure (with sources)."""

    indicator: str
    region: str
    period: str
    period_start: datetime.date
    dimension_key: str
    value: Decimal | None
    status: str
    sources: tuple[str, ...] | None = None  # the stored codes summed; None: not harmonised
    note: str = ""  # why a harmonised figure is not comparable


@dataclass(frozen=True)
class Metric:
    """An indicator as the JSON-stat ContentsCode dimension describes it."""

    code: str
    label: str
    unit: str = ""
    decimals: int = 0
    source: str = ""
    source_table: str = ""


def dimensions_of(key: str) -> dict[str, str]:
    """'KOKart0000=AG16;KOKfunksjon0000=100' → {'KOKart0000': 'AG16', 'KOKfunksjon0000': '100'}."""
    if not key:
        return {}
    return dict(part.split("=", 1) for part in key.split(";"))


def number_text(value: Decimal | None) -> str:
    """A stored figure as plain text: '1234.5', '-3', '0'; '' for none."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def dimension_ids(rows: Iterable[Row]) -> list[str]:
    """The further dimension ids that occur in the rows, sorted."""
    ids: set[str] = set()
    for row in rows:
        ids.update(dimensions_of(row.dimension_key))
    return sorted(ids)


# --- CSV -----------------------------------------------------------------------------


class _Line:
    """A file-like target for csv.writer that hands each written line back."""

    def write(self, text: str) -> str:
        return text


def csv_lines(
    rows: Iterable[Row],
    *,
    dimensions: Sequence[str],
    region_labels: dict[str, str],
    harmonised: bool = False,
) -> Iterator[bytes]:
    """UTF-8 CSV, `;`-separated, header first: one line per figure.

    Columns: indicator; region; region_name; period; one per further dimension;
    value; status; and, when harmonised, sources (stored codes joined by '+') and note.
    """
    writer = csv.writer(_Line(), delimiter=";")
    header = ["indicator", "region", "region_name", "period", *dimensions, "value", "status"]
    if harmonised:
        header += ["sources", "note"]
    yield str(writer.writerow(header)).encode()
    lines: list[str] = []
    for row in rows:
        dims = dimensions_of(row.dimension_key)
        line = [
            row.indicator,
            row.region,
            region_labels.get(row.region, ""),
            row.period,
            *(dims.get(d, "") for d in dimensions),
            number_text(row.value),
            row.status,
        ]
        if harmonised:
            line += ["+".join(row.sources or ()), row.note]
        lines.append(str(writer.writerow(line)))
        if len(lines) >= 1000:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def csv_bytes(rows: Iterable[Row], **kwargs: Any) -> bytes:
    return b"".join(csv_lines(rows, **kwargs))


# --- JSON-stat 2.0 -------------------------------------------------------------------


def _table(metrics: Sequence[Metric]) -> str:
    """The statistics-bank table all metrics come from, when there is exactly one and
    every code is '<table>.<ContentsCode>' (as an import without a profile names them)."""
    tables = {m.source_table for m in metrics}
    if len(tables) != 1:
        return ""
    table = tables.pop()
    if table and all(m.code.startswith(f"{table}.") for m in metrics):
        return table
    return ""


def _region_order(code: str) -> tuple[int, str]:
    return (len(code), code)  # the country, then counties, then municipalities


def _further_dimensions(rows: Sequence[Row]) -> list[str]:
    sets = {tuple(sorted(dimensions_of(r.dimension_key))) for r in rows}
    if len(sets) > 1:
        shown = ", ".join("[" + ", ".join(d) + "]" for d in sorted(sets))
        raise ExportError(
            "JSON-stat needs one set of dimensions; these figures have several "
            f"({shown}): ask for one indicator at a time"
        )
    extra = list(sets.pop()) if sets else []
    clash = {REGION_ID, TIME_ID, METRIC_ID} & set(extra)
    if clash:
        raise ExportError(f"a further dimension is named {sorted(clash)[0]!r}, as a fixed one")
    return extra


@dataclass
class _Cube:
    """Categories in order per dimension id, and the cells placed row-major."""

    ids: list[str]
    categories: dict[str, list[str]]
    values: list[str]
    status: dict[str, str]
    notes: dict[str, str]

    @property
    def size(self) -> list[int]:
        return [len(self.categories[d]) for d in self.ids]

    def index(self, dim: str) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.categories[dim])}


def _cube(rows: Sequence[Row], extra: list[str], content: dict[str, str]) -> _Cube:
    categories: dict[str, list[str]] = {
        REGION_ID: sorted({r.region for r in rows}, key=_region_order)
    }
    for d in extra:
        categories[d] = sorted({dimensions_of(r.dimension_key)[d] for r in rows})
    categories[METRIC_ID] = list(content.values())
    categories[TIME_ID] = [p for _start, p in sorted({(r.period_start, r.period) for r in rows})]
    ids = [REGION_ID, *extra, METRIC_ID, TIME_ID]
    cube = _Cube(ids, categories, [], {}, {})
    size = cube.size
    positions = {d: cube.index(d) for d in ids}
    strides = [math.prod(size[i + 1 :]) for i in range(len(ids))]
    cube.values = ["null"] * math.prod(size)
    for row in rows:
        coords = {
            REGION_ID: row.region,
            METRIC_ID: content[row.indicator],
            TIME_ID: row.period,
            **dimensions_of(row.dimension_key),
        }
        i = sum(positions[d][coords[d]] * s for d, s in zip(ids, strides, strict=True))
        if row.value is not None:
            cube.values[i] = number_text(row.value)
        if row.status:
            cube.status[str(i)] = row.status
        if row.note:
            cube.notes[str(i)] = row.note
    return cube


def _dimensions(
    cube: _Cube, metrics: Sequence[Metric], content: dict[str, str], regions: dict[str, str]
) -> dict[str, Any]:
    def plain(dim: str, label: str, names: dict[str, str] | None = None) -> dict[str, Any]:
        codes = cube.categories[dim]
        return {
            "label": label,
            "category": {
                "index": cube.index(dim),
                "label": {c: (names or {}).get(c, c) for c in codes},
            },
        }

    dimension = {REGION_ID: plain(REGION_ID, "region", regions)}
    for d in cube.ids[1:-2]:
        dimension[d] = plain(d, d)
    dimension[METRIC_ID] = plain(
        METRIC_ID, "statistikkvariabel", {content[m.code]: m.label for m in metrics}
    )
    dimension[METRIC_ID]["category"]["unit"] = {
        content[m.code]: {"base": m.unit, "decimals": m.decimals} for m in metrics
    }
    dimension[TIME_ID] = plain(TIME_ID, "tid")
    return dimension


def jsonstat_chunks(
    rows: Sequence[Row],
    *,
    metrics: Sequence[Metric],
    region_labels: dict[str, str],
    structure: datetime.date | None = None,
    updated: datetime.datetime | None = None,
) -> Iterator[bytes]:
    """A JSON-stat 2.0 dataset: id [Region, further dimensions…, ContentsCode, Tid],
    a dense row-major `value` array (null where no figure) and a sparse `status` object.

    With a single statistics-bank table (every indicator '<table>.<code>'), the
    ContentsCode categories are the table's own codes and extension.px.tableid names
    the table, so importing the file again gives the same indicators and keys.
    Raises ExportError (before anything is yielded) when the rows have different
    sets of further dimensions.
    """
    extra = _further_dimensions(rows)
    used = {r.indicator for r in rows}
    metrics = [m for m in metrics if m.code in used] or list(metrics)
    table = _table(metrics)
    content = {m.code: m.code[len(table) + 1 :] if table else m.code for m in metrics}
    cube = _cube(rows, extra, content)

    label = "; ".join(m.label for m in metrics)
    sources = list(dict.fromkeys(m.source for m in metrics if m.source))
    head: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": f"{table}: {label}" if table else label,
    }
    if sources:
        head["source"] = "; ".join(sources)
    if updated is not None:
        head["updated"] = updated.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if structure is not None:
        head["note"] = [
            f"Regions on the municipality structure of {structure.isoformat()}: figures for "
            "merged municipalities are summed, rates recomputed from their parts."
        ]
    head |= {
        "id": cube.ids,
        "size": cube.size,
        "role": {"geo": [REGION_ID], "time": [TIME_ID], "metric": [METRIC_ID]},
        "dimension": _dimensions(cube, metrics, content, region_labels),
    }
    extension: dict[str, Any] = {}
    if table:
        extension["px"] = {"tableid": table}
    if structure is not None:
        extension["boso"] = {"structure": structure.isoformat(), "notes": cube.notes}
    if extension:
        head["extension"] = extension
    if cube.status:
        head["status"] = cube.status
    return _stream(head, cube.values)


def _stream(head: dict[str, Any], values: list[str]) -> Iterator[bytes]:
    """The head as JSON, then the value array in chunks, never one large string."""
    text = json.dumps(head, ensure_ascii=False)
    yield (text[:-1] + ', "value": [').encode()
    for start in range(0, len(values), CHUNK):
        part = ",".join(values[start : start + CHUNK])
        yield (part if start == 0 else "," + part).encode()
    yield b"]}"


def jsonstat_bytes(rows: Sequence[Row], **kwargs: Any) -> bytes:
    return b"".join(jsonstat_chunks(rows, **kwargs))
