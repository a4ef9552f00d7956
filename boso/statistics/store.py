"""Set-based loading of observations: a staging table and one upsert.

Rows go into a temporary staging table in batches (executemany on SQLite, COPY on
PostgreSQL); counting, keeping replaced figures and the upsert are then a few
statements over the whole set, inside the caller's transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from boso.statistics.models import Observation, ObservationRevision

# indicator id, region, period, period start (ISO date), dimension key, value, status
Row = tuple[int, str, str, str, str, Decimal | None, str]
STAGING = "boso_obs_staging"
COLUMNS = "indicator_id, region, period, period_start, dimension_key, value, status"
KEY_JOIN = (
    "o.indicator_id = s.indicator_id AND o.region = s.region "
    "AND o.period = s.period AND o.dimension_key = s.dimension_key"
)
CHANGED = "(o.value IS DISTINCT FROM s.value OR o.status IS DISTINCT FROM s.status)"


@dataclass(frozen=True)
class StoreCounts:
    created: int
    updated: int
    unchanged: int


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def staging_create() -> None:
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} (indicator_id bigint, "
                "region varchar(8), period varchar(10), period_start date, "
                "dimension_key varchar(200), value numeric(24, 6), status varchar(3)) "
                "ON COMMIT DROP"
            )
        else:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} (indicator_id integer, "
                "region text, period text, period_start date, dimension_key text, "
                "value decimal, status text)"
            )
        cursor.execute(f"DELETE FROM {STAGING}")  # noqa: S608 (constant table name)


def staging_write(rows: Iterable[Row]) -> None:
    with connection.cursor() as cursor:
        if _is_postgres():
            with cursor.cursor.copy(f"COPY {STAGING} ({COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {STAGING} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                [(*r[:5], None if r[5] is None else str(r[5]), r[6]) for r in rows],
            )


def staging_duplicates(limit: int = 20) -> list[tuple[int, str, str, str, int]]:
    """Keys that occur more than once in the staged file: the source is contradictory."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT indicator_id, region, period, dimension_key, COUNT(*) FROM {STAGING} "  # noqa: S608
            "GROUP BY indicator_id, region, period, dimension_key HAVING COUNT(*) > 1 "
            f"ORDER BY 1, 2, 3, 4 LIMIT {int(limit)}"
        )
        return list(cursor.fetchall())


def staging_counts() -> StoreCounts:
    """New, changed and unchanged figures, in one pass over the staged rows."""
    obs = Observation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COUNT(o.id), "  # noqa: S608
            f"COALESCE(SUM(CASE WHEN o.id IS NOT NULL AND {CHANGED} THEN 1 ELSE 0 END), 0) "
            f"FROM {STAGING} s LEFT JOIN {obs} o ON {KEY_JOIN}"
        )
        total, existing, changed = cursor.fetchone()
    return StoreCounts(created=total - existing, updated=changed, unchanged=existing - changed)


def staging_merge(*, run_id: int | None, now: datetime.datetime, counts: StoreCounts) -> None:
    """Keep the figures about to change, then upsert everything in one statement."""
    obs = Observation._meta.db_table
    rev = ObservationRevision._meta.db_table
    if counts.created == 0 and counts.updated == 0:
        return  # a re-import of the same figures: nothing to write
    with connection.cursor() as cursor:
        if counts.updated:
            cursor.execute(
                f"INSERT INTO {rev} (observation_id, value, status, import_run_id, "  # noqa: S608
                f"replaced_at, replaced_by_id) SELECT o.id, o.value, o.status, o.import_run_id, "
                f"%s, %s FROM {STAGING} s JOIN {obs} o ON {KEY_JOIN} WHERE {CHANGED}",
                [now, run_id],
            )
        # "WHERE true" lets SQLite parse INSERT … SELECT … ON CONFLICT unambiguously.
        cursor.execute(
            f"INSERT INTO {obs} ({COLUMNS}, import_run_id, updated_at) "  # noqa: S608
            f"SELECT {COLUMNS}, %s, %s FROM {STAGING} WHERE true "
            "ON CONFLICT (indicator_id, region, period, dimension_key) DO UPDATE SET "
            "value = excluded.value, status = excluded.status, "
            "import_run_id = excluded.import_run_id, updated_at = excluded.updated_at "
            f"WHERE {obs}.value IS DISTINCT FROM excluded.value "
            f"OR {obs}.status IS DISTINCT FROM excluded.status",
            [run_id, now],
        )
