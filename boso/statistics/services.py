"""Writes to the statistics store: the catalogue and imports."""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from boso.municipalities.models import County, Municipality, MunicipalityChange
from boso.statistics import store
from boso.statistics.choices import Direction, ImportStatus, IndicatorKind
from boso.statistics.importers.base import Cell, ImportFormatError, ParsedTable, dimension_key
from boso.statistics.models import ImportProfile, ImportRun, Indicator
from boso.statistics.periods import PeriodError, parse_period

CATALOGUE_JSON = Path(__file__).parent / "data" / "indicators.json"
MAX_PROBLEMS = 50
# A run "running" with no sign of life for this long was killed (see import_runs_abandon_stale).
STALE_AFTER = datetime.timedelta(minutes=60)
# Test-only: seconds to hold a finished import before its commit (test_import_killed.py).
PAUSE_BEFORE_COMMIT_ENV = "BOSO_TEST_PAUSE_BEFORE_COMMIT"
# KOSTRA comparison groups and other aggregates that are not regions (EKG13, EAKUO, …).
_AGGREGATE = re.compile(r"^(EK[A-Z]*\d*|EAK\w*|EKA\w*|F-?\d{2}[A-Z]+)$")
# A new table variable in kroner is an amount, not a count (small counts are hidden from
# anonymous visitors, amounts are not: boso/statistics/suppression.py).
_MONEY = re.compile(r"\b(kr|kroner|nok)\b", re.IGNORECASE)

Progress = Callable[[int, int], None]


class ImportFailed(Exception):
    """The import was refused as a whole; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""))


@dataclass
class ImportResult:
    run: ImportRun
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # code → why
    skipped_cells: int = 0
    new_indicators: list[str] = field(default_factory=list)
    dry_run: bool = False

    def line(self) -> str:
        why = "; ".join(f"{code}: {reason}" for code, reason in sorted(self.skipped.items()))
        head = "dry run, nothing written: " if self.dry_run else ""
        return (
            f"{head}created {self.created} / updated {self.updated} / "
            f"unchanged {self.unchanged} / skipped {self.skipped_cells}"
            + (f" ({why})" if why else "")
        )


def known_regions() -> set[str]:
    """Every region code the register knows: the country, counties, municipality numbers."""
    codes = {"0"}
    codes |= set(County.objects.values_list("code", flat=True))
    codes |= set(Municipality.objects.values_list("code", flat=True))
    for old, new in MunicipalityChange.objects.values_list("old_code", "new_code"):
        codes |= {old, new}
    return codes


@dataclass
class _Context:
    table: ParsedTable
    profile: ImportProfile | None
    indicator_ids: dict[str, int]
    regions: set[str]
    result: ImportResult
    problems: list[str] = field(default_factory=list)


def _indicator_code(table: ParsedTable, profile: ImportProfile | None, content: str) -> str:
    if profile and content in profile.indicators:
        return str(profile.indicators[content])
    return f"{table.table_id}.{content}" if table.table_id else content


def _check_catalogue(table: ParsedTable, profile: ImportProfile | None) -> None:
    """The spreadsheet template fills catalogue indicators; it never creates one."""
    codes = {content: _indicator_code(table, profile, content) for content in table.contents}
    known = set(Indicator.objects.filter(code__in=codes.values()).values_list("code", flat=True))
    unknown = [
        f"{table.contents[content].where}: unknown indicator {code!r}, "
        "not in the indicator catalogue"
        for content, code in codes.items()
        if code not in known
    ]
    if unknown:
        raise ImportFailed(unknown)


def _resolve_indicators(
    table: ParsedTable, profile: ImportProfile | None, result: ImportResult, *, create: bool
) -> dict[str, int]:
    """Content code → indicator id; new table variables become catalogue entries."""
    if table.source_format == "spreadsheet":
        _check_catalogue(table, profile)
    ids: dict[str, int] = {}
    for content, info in table.contents.items():
        code = _indicator_code(table, profile, content)
        found = Indicator.objects.filter(code=code).values_list("pk", flat=True).first()
        if found is None and profile and content in profile.indicators:
            raise ImportFailed(
                [f"profile {profile.name}: indicator {code!r} is not in the catalogue"]
            )
        if found is None:
            result.new_indicators.append(code)
            if create:
                found = Indicator.objects.create(
                    code=code,
                    name_nb=info.label[:200] or code,
                    unit=info.unit[:50],
                    kind=IndicatorKind.AMOUNT if _MONEY.search(info.unit) else IndicatorKind.COUNT,
                    decimals=info.decimals,
                    source=table.source[:200],
                    source_table=table.table_id[:20],
                    definition=table.title,
                ).pk
            else:
                found = -1 - len(ids)  # a placeholder id: a dry run writes nothing
        ids[content] = found
    return ids


def _region(ctx: _Context, cell: Cell) -> str | None:
    code = cell.region
    profile = ctx.profile
    if profile and code in profile.region_map:
        mapped = str(profile.region_map[code])
        if not mapped:
            ctx.result.skipped[code] = profile.skip_reason or "skipped by the import profile"
            return None
        code = mapped
    if code in ctx.regions:
        return code
    if _AGGREGATE.match(code):
        ctx.result.skipped[code] = "an aggregate (such as a KOSTRA group), not a region"
        return None
    if len(ctx.problems) < MAX_PROBLEMS:
        ctx.problems.append(f"unknown region code {cell.region!r} (period {cell.period})")
    return None


def _rows(ctx: _Context, batch: list[Cell]) -> list[store.Row]:
    rows: list[store.Row] = []
    dim_names = ctx.profile.dimensions if ctx.profile else {}
    for cell in batch:
        dims = cell.dimensions
        if dim_names:
            dims = tuple((str(dim_names.get(k, k)), v) for k, v in dims)
        region = _region(ctx, cell)
        if region is None:
            ctx.result.skipped_cells += 1
            continue
        try:
            period = parse_period(cell.period)
        except PeriodError as exc:
            if len(ctx.problems) < MAX_PROBLEMS:
                ctx.problems.append(f"region {cell.region}: {exc}")
            continue
        rows.append(
            (
                ctx.indicator_ids[cell.content],
                region,
                period.code,
                period.start_iso,
                dimension_key(dims),
                cell.value,
                cell.status,
            )
        )
    return rows


def _stage(ctx: _Context, progress: Progress | None) -> None:
    store.staging_create()
    done = 0
    for batch in ctx.table.batches:
        rows = _rows(ctx, batch)
        if not ctx.problems:
            store.staging_write(rows)
        done += len(batch)
        if progress:
            progress(done, ctx.table.cells_total)
    if ctx.problems:
        raise ImportFailed(list(dict.fromkeys(ctx.problems)))
    duplicates = store.staging_duplicates()
    if duplicates:
        raise ImportFailed(
            [
                f"the same figure occurs {n} times: region {r}, period {p} {d}".strip()
                for _i, r, p, d, n in duplicates
            ]
        )


def statistics_import(
    *,
    table: ParsedTable,
    source: str,
    profile: ImportProfile | None = None,
    dry_run: bool = False,
    run: ImportRun | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a parsed table in one transaction: all of it, or (on any problem) nothing."""
    run = run or ImportRun(source=source[:500], status=ImportStatus.RUNNING)
    if run.pk is None:
        run.save()  # outside the transaction, so the run's record survives a rollback
    if progress:
        progress(0, table.cells_total)  # a first sign of life before the long transaction
    try:
        with transaction.atomic():
            result = _import(table, profile, dry_run, run, progress)
            if dry_run:
                transaction.set_rollback(True)
    except (ImportFailed, ImportFormatError) as exc:
        problems = exc.problems if isinstance(exc, ImportFailed) else [str(exc)]
        _record(run, ImportStatus.FAILED, report={"problems": problems})
        raise ImportFailed(problems) from exc
    _record(
        run,
        ImportStatus.PREVIEWED if dry_run else ImportStatus.DONE,
        result=result,
        report={"skipped": result.skipped, "new_indicators": result.new_indicators},
    )
    return result


def _import(
    table: ParsedTable,
    profile: ImportProfile | None,
    dry_run: bool,
    run: ImportRun,
    progress: Progress | None,
) -> ImportResult:
    run.source_format, run.table_id = table.source_format, table.table_id[:20]
    run.title, run.source_updated, run.profile = table.title[:300], table.updated, profile
    run.cells_total, run.status = table.cells_total, ImportStatus.RUNNING
    run.save()
    result = ImportResult(run=run, dry_run=dry_run)
    ctx = _Context(
        table=table,
        profile=profile,
        indicator_ids=_resolve_indicators(table, profile, result, create=not dry_run),
        regions=known_regions(),
        result=result,
    )
    _stage(ctx, progress)
    counts = store.staging_counts()
    result.created, result.updated, result.unchanged = (
        counts.created,
        counts.updated,
        counts.unchanged,
    )
    if not dry_run:
        store.staging_merge(run_id=run.pk, now=timezone.now(), counts=counts)
        _pause_before_commit()
    return result


def _pause_before_commit() -> None:
    """Hold the written but uncommitted import when the test-only variable is set, so a
    test can kill the process at its worst moment; unset, this does nothing."""
    seconds = os.environ.get(PAUSE_BEFORE_COMMIT_ENV)
    if seconds:
        sys.stderr.write("paused before commit\n")
        sys.stderr.flush()
        time.sleep(float(seconds))


def _record(
    run: ImportRun, status: str, *, report: dict[str, object], result: ImportResult | None = None
) -> None:
    """Write the run's outcome after the transaction (which may have rolled back)."""
    run.status, run.finished_at, run.report = status, timezone.now(), report
    if result is not None:
        run.cells_done = run.cells_total
        run.created, run.updated = result.created, result.updated
        run.unchanged, run.skipped = result.unchanged, result.skipped_cells
    run.save()


# --- Runs whose process was killed ---------------------------------------------------


def _last_sign_of_life(run: ImportRun) -> datetime.datetime:
    """The run's creation, or the latest write to its folder (upload, download, progress
    file) when the browser's flow keeps one: the worker replaces the progress file at
    least every few seconds while it stages rows."""
    # Imported here: import_flow imports this module.
    from boso.statistics.import_flow import run_dir

    latest = run.created_at
    folder = run_dir(run.pk)
    for path in (folder, folder / "progress.json"):
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        latest = max(latest, datetime.datetime.fromtimestamp(mtime, tz=datetime.UTC))
    return latest


def import_runs_abandon_stale(
    *, older_than: datetime.timedelta = STALE_AFTER, now: datetime.datetime | None = None
) -> list[int]:
    """Mark failed the runs still "running" with no sign of life for `older_than`: their
    process was killed (a worker restart, an out-of-memory kill) and their transaction
    rolled back, so nothing of them was written. Returns the ids marked.

    A run wrongly taken for dead (an import quiet for longer than `older_than`) still
    records its real outcome when it ends: the final save overwrites this one."""
    now = now or timezone.now()
    abandoned: list[int] = []
    for run in ImportRun.objects.filter(
        status=ImportStatus.RUNNING, created_at__lt=now - older_than
    ):
        if now - _last_sign_of_life(run) < older_than:
            continue
        minutes = int(older_than.total_seconds() // 60)
        problem = (
            f"the import stopped without finishing (no sign of life for {minutes} minutes: "
            "its process was stopped); nothing was written. Import the file again."
        )
        # Conditional, so a run that ended meanwhile keeps its real outcome.
        if ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED,
            finished_at=now,
            report={**(run.report if isinstance(run.report, dict) else {}), "problems": [problem]},
        ):
            abandoned.append(run.pk)
    return abandoned


# --- The catalogue -------------------------------------------------------------------


@transaction.atomic
def catalogue_load(*, path: Path = CATALOGUE_JSON) -> int:
    """Create or update the catalogue indicators shipped with boso (rates after their parts)."""
    entries = json.loads(path.read_text(encoding="utf-8"))["indicators"]
    for entry in entries:
        parts = {
            key: Indicator.objects.get(code=entry[key]) if entry.get(key) else None
            for key in ("numerator", "denominator")
        }
        Indicator.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name_nb": entry["name_nb"],
                "name_en": entry.get("name_en", ""),
                "unit": entry.get("unit", ""),
                "kind": IndicatorKind(entry["kind"]),
                "direction": Direction(entry.get("direction", "neutral")),
                "decimals": entry.get("decimals", 0),
                "multiplier": Decimal(str(entry["multiplier"]))
                if entry.get("multiplier")
                else None,
                "source": entry.get("source", ""),
                "source_table": entry.get("source_table", ""),
                "definition": entry.get("definition", ""),
                **parts,
            },
        )
    return len(entries)
