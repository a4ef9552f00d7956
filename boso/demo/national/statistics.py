"""The national dataset's observations: every indicator × every municipality of today's
structure × 25 years, written straight into the store in batches.

The store's own importer stages and merges (boso.statistics.store); a freshly migrated,
empty store needs neither, so the rows go in with one plain INSERT (COPY on PostgreSQL),
which is what makes ten million rows a matter of minutes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.utils import timezone

from boso.demo.national.register import IndicatorSpec
from boso.statistics.choices import ImportStatus, IndicatorKind, SourceFormat
from boso.statistics.models import ImportRun, Indicator, Observation

FIRST_YEAR, YEARS = 2001, 25
MISSING_SHARE = 0.005  # cells left empty with SSB's ".." (Tall mangler)
BATCH = 20_000
SQLITE_CACHE_KIB = -262_144  # 256 MiB (negative: KiB, not pages)
COLUMNS = (
    "indicator_id, region, period, period_start, dimension_key, value, status, "
    "import_run_id, updated_at"
)
Row = tuple[int, str, str, str, str, str | None, str, int, object]


def years() -> list[int]:
    return list(range(FIRST_YEAR, FIRST_YEAR + YEARS))


def _series(rng: random.Random, base: float, growth: float) -> list[float]:
    """A smooth yearly series around `base` with a trend and some noise."""
    return [base * (1 + growth) ** k * rng.uniform(0.97, 1.03) for k in range(YEARS)]


def _population(rng: random.Random) -> list[float]:
    # Log-uniform between 200 and 700,000 inhabitants, as Norway's municipalities are.
    base = math.exp(rng.uniform(math.log(200), math.log(700_000)))
    return [round(v) for v in _series(rng, base, rng.uniform(-0.01, 0.02))]


def _values(
    rng: random.Random, specs: list[IndicatorSpec], population: list[float]
) -> dict[str, list[str | None]]:
    """One municipality's series for every indicator; rates from their parts."""
    out: dict[str, list[str | None]] = {}
    for spec in specs:
        if spec.code == specs[0].code:
            raw: list[float | None] = list(population)
        elif spec.kind == IndicatorKind.RATE:
            parts = out[spec.numerator or ""], out[spec.denominator or ""]
            raw = [
                float(n) * 1000 / float(d) if n is not None and d else None
                for n, d in zip(*parts, strict=True)
            ]
        else:
            share = rng.uniform(0.0005, 0.05) * (2000 if spec.kind == IndicatorKind.AMOUNT else 1)
            trend = _series(rng, share, rng.uniform(-0.03, 0.03))
            raw = [round(p * s) for p, s in zip(population, trend, strict=True)]
        # Text, not Decimal: the database parses it, and Decimal(float) per figure costs
        # more than all the rest of the generation.
        pattern = "{:.2f}" if spec.kind == IndicatorKind.RATE else "{:.0f}"
        out[spec.code] = [
            None if v is None or rng.random() < MISSING_SHARE else pattern.format(v) for v in raw
        ]
    return out


def rows(
    *,
    seed: int,
    specs: list[IndicatorSpec],
    indicators: dict[str, Indicator],
    codes: list[str],
    run_id: int,
) -> Iterator[Row]:
    rng = random.Random(f"{seed}:statistics")  # noqa: S311 (benchmark data, not secrets)
    now = _stamp()
    periods = [(str(y), f"{y}-01-01") for y in years()]
    for code in codes:
        values = _values(rng, specs, _population(rng))
        for spec in specs:
            pk = indicators[spec.code].pk
            for (period, start), value in zip(periods, values[spec.code], strict=True):
                yield (
                    pk,
                    code,
                    period,
                    start,
                    "",
                    value,
                    ".." if value is None else "",
                    run_id,
                    now,
                )


def _stamp() -> object:
    """Now, as the database driver wants it (SQLite's adapter is Django's, not the driver's)."""
    now = timezone.now()
    return (
        now if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
    )


def import_run(*, cells: int) -> ImportRun:
    """One run as the provenance of every generated figure."""
    now = timezone.now()
    return ImportRun.objects.create(
        source="boso generate_national_dataset (syntetiske tall)",
        source_format=SourceFormat.JSONSTAT,
        title="Syntetiske tall for ytelsesmåling",
        status=ImportStatus.DONE,
        finished_at=now,
        cells_total=cells,
        cells_done=cells,
        created=cells,
    )


def write(rows_iter: Iterator[Row]) -> int:
    """Insert the rows into the empty table, its secondary indexes built afterwards (one
    sort each instead of millions of scattered updates); return how many."""
    with connection.cursor() as cursor, _indexes_built_after(cursor):
        return _insert(cursor, rows_iter)


@contextmanager
def _indexes_built_after(cursor: Any) -> Iterator[None]:
    """Drop the observation table's indexes (and on PostgreSQL its unique key), run the
    body, create them again from their own definitions. Inside the caller's transaction,
    so a failed load leaves them as they were."""
    table = Observation._meta.db_table
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        indexes, constraints = _postgresql_definitions(cursor, table)
        # PostgreSQL refuses index changes on a table with foreign-key checks still
        # queued in the transaction: run them as they come (the same checks, sooner).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    else:
        indexes, constraints = _sqlite_definitions(cursor, table), []
    for name, _sql in constraints:
        cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    for name, _sql in indexes:
        cursor.execute(f"DROP INDEX {quote(name)}")
    with _sqlite_cache(cursor):
        yield
        for name, sql in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {sql}")
        for _name, sql in indexes:
            cursor.execute(sql)
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys' default


@contextmanager
def _sqlite_cache(cursor: Any) -> Iterator[None]:
    """A bigger page cache for the session on SQLite: the unique key it keeps up while
    loading, and each index built afterwards, touch the whole table."""
    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA cache_size")
    before = int(cursor.fetchone()[0])
    cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {before}")


def _sqlite_definitions(cursor: Any, table: str) -> list[tuple[str, str]]:
    # The unique key is part of the table on SQLite (no sql here) and stays.
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL ORDER BY name",
        [table],
    )
    return list(cursor.fetchall())


def _postgresql_definitions(
    cursor: Any, table: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(indexes not behind a constraint, unique constraints), each as (name, definition)."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'u' ORDER BY conname",
        [table],
    )
    constraints = list(cursor.fetchall())
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
        "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conrelid = %s::regclass AND c.conname = i.indexname) ORDER BY i.indexname",
        [table, table],
    )
    return list(cursor.fetchall()), constraints


def _insert(cursor: Any, rows_iter: Iterator[Row]) -> int:
    table = Observation._meta.db_table
    total = 0
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({COLUMNS}) FROM STDIN") as copy:
            for row in rows_iter:
                copy.write_row(row)
                total += 1
        return total
    sql = f"INSERT INTO {table} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
    batch: list[Any] = []
    for row in rows_iter:
        batch.append(row)
        if len(batch) >= BATCH:
            cursor.executemany(sql, batch)
            total += len(batch)
            batch = []
    cursor.executemany(sql, batch)
    return total + len(batch)
