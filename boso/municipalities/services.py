"""Writes to the municipality register."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from boso.municipalities.importers import klass
from boso.municipalities.models import (
    County,
    Municipality,
    MunicipalityChange,
    MunicipalityName,
    MunicipalityVersion,
    Region,
    RegionCounty,
    RegionMunicipality,
)
from boso.municipalities.selectors import forget_change_graph

COUNTIES_CSV = Path(__file__).parent / "data" / "counties.csv"


@dataclass(frozen=True)
class KlassLoadSummary:
    versions: int
    versions_with_items: int
    municipalities_created: int
    municipalities_updated: int
    municipalities_unchanged: int
    changes_created: int
    changes_total: int

    def line(self) -> str:
        return (
            f"{self.versions} versions ({self.versions_with_items} with municipality lists), "
            f"municipalities: {self.municipalities_created} created / "
            f"{self.municipalities_updated} updated / {self.municipalities_unchanged} unchanged, "
            f"changes: {self.changes_created} created of {self.changes_total}"
        )


@transaction.atomic
def register_load_klass(*, directory: Path) -> KlassLoadSummary:
    """Load KLASS 131 versions, municipality lists and changes; re-running changes nothing."""
    infos, versions, changes = klass.read_directory(directory)
    version_rows = _upsert_versions(infos, versions)
    changes_created = _upsert_changes(changes)
    spans = klass.compute_spans(versions, changes)
    created, updated, unchanged = _upsert_municipalities(spans)
    _replace_names(spans, version_rows)
    # Bulk writes send no signals; the stamp would notice too, this is sooner.
    forget_change_graph()
    return KlassLoadSummary(
        versions=len(version_rows),
        versions_with_items=len(versions),
        municipalities_created=created,
        municipalities_updated=updated,
        municipalities_unchanged=unchanged,
        changes_created=changes_created,
        changes_total=len(changes),
    )


def _upsert_versions(
    infos: list[klass.VersionInfo], versions: list[klass.VersionItems]
) -> dict[int, MunicipalityVersion]:
    loaded = {v.version.klass_id for v in versions}
    by_id = {info.klass_id: info for info in infos}
    by_id.update({v.version.klass_id: v.version for v in versions})
    # A version whose list was loaded before stays marked when a later run lacks its file.
    loaded |= set(
        MunicipalityVersion.objects.filter(items_loaded=True).values_list("klass_id", flat=True)
    )
    rows = {}
    for info in by_id.values():
        row, _ = MunicipalityVersion.objects.update_or_create(
            klass_id=info.klass_id,
            defaults={
                "name": info.name,
                "valid_from": info.valid_from,
                "valid_to": info.valid_to,
                "items_loaded": info.klass_id in loaded,
            },
        )
        rows[info.klass_id] = row
    return rows


def _upsert_changes(changes: list[klass.ChangeRow]) -> int:
    existing = set(MunicipalityChange.objects.values_list("old_code", "new_code", "occurred"))
    new = [
        MunicipalityChange(
            old_code=c.old_code,
            old_name=c.old_name,
            new_code=c.new_code,
            new_name=c.new_name,
            occurred=c.occurred,
        )
        for c in {(c.old_code, c.new_code, c.occurred): c for c in changes}.values()
        if (c.old_code, c.new_code, c.occurred) not in existing
    ]
    bulk_create_with_history(new, MunicipalityChange, batch_size=500)
    return len(new)


def _upsert_municipalities(spans: list[klass.Span]) -> tuple[int, int, int]:
    existing = {(m.code, m.valid_from): m for m in Municipality.objects.all()}
    to_create, to_update = [], []
    for span in spans:
        row = existing.get((span.code, span.valid_from))
        values = {
            "name": span.name,
            "valid_to": span.valid_to,
            "valid_from_exact": span.valid_from_exact,
        }
        if row is None:
            to_create.append(Municipality(code=span.code, valid_from=span.valid_from, **values))
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            to_update.append(row)
    bulk_create_with_history(to_create, Municipality, batch_size=500)
    bulk_update_with_history(to_update, Municipality, list(values), batch_size=500)
    _remove_stale(existing, {(span.code, span.valid_from) for span in spans})
    return len(to_create), len(to_update), len(spans) - len(to_create) - len(to_update)


def _remove_stale(
    existing: dict[tuple[str, datetime.date], Municipality],
    current: set[tuple[str, datetime.date]],
) -> None:
    """Drop rows a corrected classification no longer has; refuse if anything uses them."""
    for key in sorted(set(existing) - current):
        try:
            existing[key].delete()  # one by one, so the audit history records each
        except ProtectedError as exc:
            raise ValueError(
                f"municipality {key[0]} from {key[1]} is no longer in KLASS 131 "
                "but is still referred to; move those references first"
            ) from exc


def _replace_names(spans: list[klass.Span], versions: dict[int, MunicipalityVersion]) -> None:
    id_map = {
        (code, start): pk
        for pk, code, start in Municipality.objects.values_list("pk", "code", "valid_from")
    }
    loaded = [versions[klass_id] for klass_id in {k for s in spans for k in s.version_names}]
    MunicipalityName.objects.filter(version__in=loaded).delete()
    rows = [
        MunicipalityName(
            version=versions[klass_id],
            municipality_id=id_map[(span.code, span.valid_from)],
            name=name,
            search_key=name.casefold(),
        )
        for span in spans
        for klass_id, name in span.version_names.items()
    ]
    MunicipalityName.objects.bulk_create(rows, batch_size=1000)


@transaction.atomic
def county_load_defaults(*, path: Path = COUNTIES_CSV) -> int:
    """Load the county list (code, name, period) that ships with boso."""
    count = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            try:
                County.objects.update_or_create(
                    code=row["code"],
                    valid_from=_optional_date(row["valid_from"]),
                    defaults={"name": row["name"], "valid_to": _optional_date(row["valid_to"])},
                )
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{path.name} line {line_no}: {exc}") from exc
            count += 1
    return count


def _optional_date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def region_set_counties(
    *,
    slug: str,
    name: str,
    office: str,
    county_codes: list[str],
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
    municipality_codes: list[str] | None = None,
) -> Region:
    """Create or update a Husbanken region and what it covers for a period.

    Counties bring all their municipalities; municipality codes place single
    municipalities in the region over what their county says.
    """
    region, _ = Region.objects.update_or_create(
        slug=slug, defaults={"name": name, "office": office}
    )
    for code in county_codes:
        if not County.objects.filter(code=code).exists():
            raise ValueError(f"region {slug}: unknown county code {code!r}")
        RegionCounty.objects.update_or_create(
            region=region, county_code=code, valid_from=valid_from, defaults={"valid_to": valid_to}
        )
    for code in municipality_codes or []:
        if not Municipality.objects.filter(code=code).exists():
            raise ValueError(f"region {slug}: unknown municipality code {code!r}")
        RegionMunicipality.objects.update_or_create(
            region=region,
            municipality_code=code,
            valid_from=valid_from,
            defaults={"valid_to": valid_to},
        )
    return region
