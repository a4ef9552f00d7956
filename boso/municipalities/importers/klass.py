"""Parse SSB KLASS 131 (Standard for kommuneinndeling) API responses.

Pure functions: files in, plain data out. The spans computed here become
Municipality rows in services.register_load_klass.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

UNKNOWN_CODE = "9999"  # "Uoppgitt": not a municipality


class KlassFormatError(ValueError):
    """A KLASS file is not what we expect; the message names the file and the field."""


@dataclass(frozen=True)
class VersionInfo:
    klass_id: int
    name: str
    valid_from: datetime.date
    valid_to: datetime.date | None


@dataclass(frozen=True)
class VersionItems:
    version: VersionInfo
    names: dict[str, str]  # code -> name


@dataclass(frozen=True)
class ChangeRow:
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    occurred: datetime.date


@dataclass(frozen=True)
class Span:
    code: str
    name: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    valid_from_exact: bool
    version_names: dict[int, str]  # klass_id -> name in that version


def _date(value: Any, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise KlassFormatError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise KlassFormatError(f"{path.name}: cannot read JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise KlassFormatError(f"{path.name}: expected a JSON object")
    return data


def _version_info(raw: dict[str, Any], where: str) -> VersionInfo:
    try:
        klass_id, name, valid_from = raw["id"], raw["name"], raw["validFrom"]
    except KeyError as exc:
        raise KlassFormatError(f"{where}: missing field {exc.args[0]!r}") from None
    valid_to = raw.get("validTo")
    return VersionInfo(
        klass_id=int(klass_id),
        name=str(name),
        valid_from=_date(valid_from, f"{where} validFrom"),
        valid_to=_date(valid_to, f"{where} validTo") if valid_to else None,
    )


def parse_classification(path: Path) -> list[VersionInfo]:
    data = _load(path)
    if "versions" not in data:
        raise KlassFormatError(f"{path.name}: missing field 'versions'")
    return [
        _version_info(raw, f"{path.name} versions[{i}]") for i, raw in enumerate(data["versions"])
    ]


def parse_version(path: Path) -> VersionItems:
    data = _load(path)
    info = _version_info(data, path.name)
    names: dict[str, str] = {}
    for i, item in enumerate(data.get("classificationItems", [])):
        code = str(item.get("code", ""))
        if len(code) != 4 or not code.isdigit():
            raise KlassFormatError(f"{path.name} classificationItems[{i}]: bad code {code!r}")
        if code != UNKNOWN_CODE:
            names[code] = str(item.get("name", "")).strip()
    if not names:
        raise KlassFormatError(f"{path.name}: no classificationItems")
    return VersionItems(version=info, names=names)


def parse_changes(path: Path) -> list[ChangeRow]:
    data = _load(path)
    rows = []
    for i, raw in enumerate(data.get("codeChanges", [])):
        where = f"{path.name} codeChanges[{i}]"
        try:
            rows.append(
                ChangeRow(
                    old_code=str(raw["oldCode"]),
                    old_name=str(raw["oldName"]).strip(),
                    new_code=str(raw["newCode"]),
                    new_name=str(raw["newName"]).strip(),
                    occurred=_date(raw["changeOccurred"], f"{where} changeOccurred"),
                )
            )
        except KeyError as exc:
            raise KlassFormatError(f"{where}: missing field {exc.args[0]!r}") from None
    return rows


def compute_spans(versions: list[VersionItems], changes: list[ChangeRow]) -> list[Span]:
    """Cut each code's presence over the loaded versions into unbroken spans.

    A span ends where the code disappears, and also where the territory behind a
    surviving number changed: another code merged into it, or part of it went to
    another code. A change from a code to itself alone is a rename (Trondheim →
    Trondheim - Tråante) and does not end the span; the names per version keep it.
    """
    ordered = sorted(versions, key=lambda v: v.version.valid_from)
    restarts: dict[str, set[datetime.date]] = defaultdict(set)
    for change in changes:
        if change.old_code != change.new_code:
            restarts[change.new_code].add(change.occurred)
            restarts[change.old_code].add(change.occurred)
    codes = sorted({code for v in ordered for code in v.names})
    return [span for code in codes for span in _spans_for_code(code, ordered, restarts[code])]


def _spans_for_code(
    code: str, ordered: list[VersionItems], restarts: set[datetime.date]
) -> list[Span]:
    spans: list[Span] = []
    current: list[VersionItems] = []
    for version in ordered:
        present = code in version.names
        breaks = bool(current) and (not present or version.version.valid_from in restarts)
        if breaks:
            spans.append(_close_span(code, current, version.version.valid_from, ordered, restarts))
            current = []
        if present:
            current.append(version)
    if current:
        spans.append(_close_span(code, current, current[-1].version.valid_to, ordered, restarts))
    return spans


def _close_span(
    code: str,
    members: list[VersionItems],
    valid_to: datetime.date | None,
    ordered: list[VersionItems],
    restarts: set[datetime.date],
) -> Span:
    first = members[0].version.valid_from
    exact = True
    if members[0] is ordered[0]:
        # The code was already in use when our earliest version begins: its true
        # start is the last change into it, if the change table knows one.
        earlier = [day for day in restarts if day <= first]
        if earlier:
            first = max(earlier)
        else:
            exact = False
    return Span(
        code=code,
        name=members[-1].names[code],
        valid_from=first,
        valid_to=valid_to,
        valid_from_exact=exact,
        version_names={m.version.klass_id: m.names[code] for m in members},
    )


def read_directory(
    directory: Path,
) -> tuple[list[VersionInfo], list[VersionItems], list[ChangeRow]]:
    """Read the classification, every version file and the change table in a folder."""
    if not directory.is_dir():
        raise KlassFormatError(f"{directory} is not a folder")
    classification = directory / "klass131_classification.json"
    infos = parse_classification(classification) if classification.exists() else []
    version_files = sorted(directory.glob("kommuneinndeling_*.json"))
    if not version_files:
        raise KlassFormatError(f"{directory}: no kommuneinndeling_*.json version files")
    versions = [parse_version(path) for path in version_files]
    change_files = sorted(directory.glob("klass131_changes_*.json"))
    changes = [row for path in change_files for row in parse_changes(path)]
    return infos, versions, changes
