"""JSON-stat 2.0 datasets, as PxWebApi v2 and the statistics bank's download give them.

The value array is row-major over `id`/`size`; a cell's category in each
dimension follows from its index by strides, so the full cartesian product is
never built. `value` and `status` may be arrays or sparse objects.
"""

from __future__ import annotations

import datetime
import itertools
import json
import math
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from boso.statistics.importers.base import (
    BATCH_SIZE,
    MAX_VALUE,
    STATUS_SYMBOLS,
    Cell,
    ContentInfo,
    ImportFormatError,
    ParsedTable,
    canonical_region,
    check_cells_total,
    value_out_of_range,
)

TIME_NAMES = ("Tid", "Time", "tid", "år", "Year")
METRIC_NAMES = ("ContentsCode", "statistikkvariabel")


def looks_like_jsonstat(head: bytes) -> bool:
    text = head.lstrip()[:4000].decode("utf-8", errors="ignore")
    return text.startswith("{") and '"dataset"' in text and '"dimension"' in text


def load(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_float=Decimal)
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"JSON-stat: not UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"JSON-stat: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    # Found by fuzzing: an integer of more than 4300 digits raises ValueError, a number
    # such as 1e99999999999999999999 InvalidOperation (from Decimal), arrays nested some
    # thousands deep RecursionError; all three escaped as crashes.
    except (ValueError, InvalidOperation) as exc:
        raise ImportFormatError(f"JSON-stat: invalid JSON: {exc}") from None
    except RecursionError:
        raise ImportFormatError("JSON-stat: invalid JSON: nested too deeply") from None
    if not isinstance(data, dict) or data.get("class") != "dataset":
        raise ImportFormatError("JSON-stat: the document is not a dataset (class 'dataset')")
    for key in ("id", "size", "dimension", "value"):
        if key not in data:
            raise ImportFormatError(f"JSON-stat: missing '{key}'")
    _check_shape(data)
    return data


def _shape(what: str) -> ImportFormatError:
    return ImportFormatError(f"JSON-stat: {what}")


def _check_shape(data: dict[str, Any]) -> None:
    """The parts the parser reads have the types JSON-stat 2.0 gives them.

    Found by fuzzing: a dataset with the right keys but the wrong types in them (a
    number for 'id', null for 'size', a list for 'dimension', true for 'role', an
    object for 'label', text as a cell number in 'status') raised TypeError,
    AttributeError, KeyError or ValueError from deep in the parser instead of a
    message naming the part.
    """
    ids, size, values = data["id"], data["size"], data["value"]
    if not isinstance(ids, list) or not all(isinstance(dim, str) for dim in ids):
        raise _shape("'id' must be a list of dimension names")
    if len(set(ids)) != len(ids):
        raise _shape("'id' names a dimension twice")
    if not isinstance(size, list) or not all(type(n) is int and n >= 0 for n in size):
        raise _shape("'size' must be a list of whole numbers")
    if not isinstance(values, list | dict):
        raise _shape("'value' must be an array or an object")
    if not isinstance(data["dimension"], dict):
        raise _shape("'dimension' must be an object")
    for dim in ids:
        _check_dimension(dim, data["dimension"].get(dim))
    _check_optional(data)


def _check_dimension(dim: str, dimension: Any) -> None:
    category = dimension.get("category") if isinstance(dimension, dict) else None
    if not isinstance(category, dict):
        raise _shape(f"dimension {dim!r} has no category object")
    index = category.get("index")
    if isinstance(index, dict):
        if not all(type(position) is int for position in index.values()):
            raise _shape(f"dimension {dim!r}: the category index must give whole numbers")
    elif not isinstance(index, list):
        raise _shape(f"dimension {dim!r} has no category index")
    units = category.get("unit") or {}
    if not isinstance(category.get("label") or {}, dict) or not isinstance(units, dict):
        raise _shape(f"dimension {dim!r}: category labels and units must be objects")
    for code, unit in units.items():
        if not _unit_ok(unit):
            raise _shape(f"dimension {dim!r}: the unit of {code!r} needs decimals from 0 to 15")


def _unit_ok(unit: Any) -> bool:
    """A unit object whose decimals, if any, an indicator can keep: int() of a huge
    number, of text or of a negative count crashed the parser or the import."""
    if unit is None:
        return True
    if not isinstance(unit, dict):
        return False
    decimals = unit.get("decimals")
    if decimals is None:
        return True
    return (
        isinstance(decimals, int | Decimal)
        and not isinstance(decimals, bool)
        and (0 <= decimals <= 15)
    )


def _check_optional(data: dict[str, Any]) -> None:
    status = data.get("status")
    if isinstance(status, dict) and not all(key.isdecimal() for key in status):
        raise _shape("the keys of 'status' must be cell numbers")
    role = data.get("role")
    if role is not None and not (
        isinstance(role, dict) and all(v is None or isinstance(v, list) for v in role.values())
    ):
        raise _shape("'role' must be an object of lists of dimension names")
    extension = data.get("extension")
    if extension is not None and not (
        isinstance(extension, dict) and isinstance(extension.get("px") or {}, dict)
    ):
        raise _shape("'extension' must be an object")
    if not isinstance(data.get("label", ""), str):
        raise _shape("'label' must be text")


def _categories(data: dict[str, Any], dim: str) -> list[str]:
    index = data["dimension"][dim]["category"]["index"]  # _check_shape has seen it
    if isinstance(index, list):
        return [str(code) for code in index]
    ordered = sorted(index.items(), key=lambda item: item[1])
    return [str(code) for code, _position in ordered]


def _role(data: dict[str, Any], role: str, fallbacks: tuple[str, ...]) -> str | None:
    named = (data.get("role") or {}).get(role) or []
    if named:
        return str(named[0])
    for dim in data["id"]:
        if dim in fallbacks:
            return str(dim)
    if role == "geo":
        return next((d for d in data["id"] if "region" in d.lower()), None)
    return None


def _check_size(data: dict[str, Any], categories: dict[str, list[str]]) -> int:
    ids, size = data["id"], data["size"]
    if len(ids) != len(size):
        raise ImportFormatError(f"JSON-stat: 'id' has {len(ids)} entries but 'size' {len(size)}")
    for dim, n in zip(ids, size, strict=True):
        if len(categories[dim]) != n:
            raise ImportFormatError(
                f"JSON-stat: dimension {dim!r} has {len(categories[dim])} categories, size says {n}"
            )
    total = check_cells_total(math.prod(size), what="JSON-stat")
    values = data["value"]
    if isinstance(values, list) and len(values) != total:
        raise ImportFormatError(
            f"JSON-stat: 'value' has {len(values)} entries, but 'size' {size} makes {total}"
        )
    return total


class _Everywhere(dict[int, str]):
    """One status symbol for every cell, without a dictionary entry per cell (a
    sparse dataset's claimed millions of cells would each have taken one)."""

    def __init__(self, symbol: str) -> None:
        super().__init__()
        self.symbol = symbol

    def __bool__(self) -> bool:
        return True

    def get(self, key: int, default: Any = None) -> Any:
        return self.symbol


def _status_by_index(status: Any) -> dict[int, str]:
    """The status symbols by cell index, whichever form the dataset gives them in."""
    if isinstance(status, list):
        return {i: str(s).strip() for i, s in enumerate(status) if s}
    if isinstance(status, dict):
        return {int(i): str(s).strip() for i, s in status.items() if s}
    if status:  # one symbol for every cell
        return _Everywhere(str(status).strip())
    return {}


def _value_at(values: Any, status: dict[int, str], i: int) -> tuple[Decimal | None, str]:
    raw = values[i] if isinstance(values, list) else values.get(str(i))
    symbol = status.get(i, "") if status else ""
    if symbol and symbol not in STATUS_SYMBOLS:
        symbol = symbol[:3]  # other publishers' flags are kept, trimmed to the column
    if raw is None:
        return None, symbol or ".."
    if type(raw) is int or type(raw) is Decimal:  # the common case first; bool is no number
        value = Decimal(raw)
        if -MAX_VALUE < value < MAX_VALUE:
            return value, symbol
        raise value_out_of_range(value, where=f"JSON-stat: value[{i}]")
    raise ImportFormatError(f"JSON-stat: value[{i}] is {raw!r}, not a number or null")


def parse(raw: bytes, *, geo_dimension: str = "") -> ParsedTable:
    data = load(raw)
    ids: list[str] = [str(d) for d in data["id"]]
    categories = {dim: _categories(data, dim) for dim in ids}
    total = _check_size(data, categories)
    geo = geo_dimension or _role(data, "geo", ("Region",))
    time = _role(data, "time", TIME_NAMES)
    metric = _role(data, "metric", METRIC_NAMES)
    _check_roles(ids, geo, time, metric)
    px = (data.get("extension") or {}).get("px") or {}
    table = ParsedTable(
        source_format="jsonstat",
        table_id=str(px.get("tableid") or data.get("label", "")[:5].strip(":")).strip(),
        title=str(data.get("label", "")),
        source=str(data.get("source") or "Statistisk sentralbyrå"),
        updated=_updated(data.get("updated")),
        contents=_contents(data, metric, categories),
        cells_total=total,
    )
    table.batches = _batches(data, ids, categories, geo, time, metric)  # type: ignore[arg-type]
    return table


def _check_roles(ids: list[str], geo: str | None, time: str | None, metric: str | None) -> None:
    for name, dim in (("region", geo), ("time", time)):
        if dim is None or dim not in ids:
            raise ImportFormatError(
                f"JSON-stat: no {name} dimension found among {ids}; "
                "use an import profile that names it"
            )
    # Found by fuzzing: a metric role naming no dimension of the dataset ([null], or an
    # id misspelt) raised KeyError when the contents were read.
    if metric is not None and metric not in ids:
        raise ImportFormatError(
            f"JSON-stat: 'role' names {metric!r} as the content dimension, which is not among {ids}"
        )
    # Found by fuzzing: roles naming one dimension twice (geo and metric both 'Region')
    # gave cells whose content is a region code, which the import cannot look up.
    named = [dim for dim in (geo, time, metric) if dim is not None]
    if len(set(named)) != len(named):
        raise ImportFormatError(
            f"JSON-stat: the region ({geo}), time ({time}) and content ({metric}) "
            "dimensions must be different dimensions"
        )


def _updated(text: Any) -> datetime.datetime | None:
    if not text:
        return None
    try:
        return datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def _contents(
    data: dict[str, Any], metric: str | None, categories: dict[str, list[str]]
) -> dict[str, ContentInfo]:
    if metric is None:
        return {"value": ContentInfo(label=str(data.get("label", "")))}
    category = data["dimension"][metric]["category"]
    labels = category.get("label") or {}
    units = category.get("unit") or {}
    return {
        code: ContentInfo(
            label=str(labels.get(code, code)),
            unit=str((units.get(code) or {}).get("base", "")),
            decimals=int((units.get(code) or {}).get("decimals", 0) or 0),
        )
        for code in categories[metric]
    }


def _batches(
    data: dict[str, Any],
    ids: list[str],
    categories: dict[str, list[str]],
    geo: str,
    time: str,
    metric: str | None,
) -> Iterator[list[Cell]]:
    """Walk the cells in row-major order; itertools.product is lazy and follows strides."""
    values = data["value"]
    status = _status_by_index(data.get("status"))
    # Each dimension contributes what the cell needs from it, so a combination from
    # the product is already the cell's parts: no index arithmetic per cell.
    parts: list[list[Any]] = []
    for dim in ids:
        if dim == geo:
            parts.append([canonical_region(code) for code in categories[dim]])
        elif dim in (time, metric):
            parts.append(categories[dim])
        else:
            parts.append([(dim, code) for code in categories[dim]])
    g, t = ids.index(geo), ids.index(time)
    # Found by fuzzing: `if metric` took a content dimension with the id "" for none,
    # so its cells said "value", which is not among the table's contents.
    m = ids.index(metric) if metric is not None else None
    extra = [ids.index(d) for d in ids if d not in (geo, time, metric)]
    batch: list[Cell] = []
    for i, combo in enumerate(itertools.product(*parts)):
        value, symbol = _value_at(values, status, i)
        batch.append(
            Cell(
                combo[m] if m is not None else "value",
                combo[g],
                combo[t],
                tuple(combo[p] for p in extra),
                value,
                symbol,
            )
        )
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch
