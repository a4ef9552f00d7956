"""Runs inside Django in its own process, so peak memory is the step's own.

  python -m bench.worker import FILE   the full import (parse, validate, stage, upsert)
  python -m bench.worker floor FILE    the floor: the same rows, already prepared,
                                       bulk-inserted by the driver alone (executemany
                                       on SQLite, COPY on PostgreSQL)
Prints one JSON line: seconds, cells, peak_rss_mb.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boso.settings")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_import(path: Path) -> dict[str, float]:
    from boso.statistics.importers import parse_source, read_source
    from boso.statistics.services import statistics_import

    start = time.perf_counter()
    table = parse_source(read_source(str(path)))
    result = statistics_import(table=table, source=path.name)
    seconds = time.perf_counter() - start
    cells = result.created + result.updated + result.unchanged + result.skipped_cells
    return {"seconds": seconds, "cells": cells, "peak_rss_mb": _peak_mb()}


def run_floor(path: Path) -> dict[str, float]:
    from django.db import connection, transaction

    from boso.statistics.importers import parse_source, read_source
    from boso.statistics.periods import parse_period

    table = parse_source(read_source(str(path)))
    rows = [
        (
            1,
            c.region,
            parse_period(c.period).code,
            parse_period(c.period).start,
            f"Alder={c.dimensions[0][1]}",
            None if c.value is None else str(c.value),
            c.status,
        )
        for batch in table.batches
        for c in batch
    ]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        cursor.execute(
            "CREATE TABLE bench_floor (indicator_id integer, region varchar(8), "
            "period varchar(10), period_start date, dimension_key varchar(200), "
            "value numeric(24, 6), status varchar(3))"
        )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                "COPY bench_floor (indicator_id, region, period, period_start, dimension_key, "
                "value, status) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany("INSERT INTO bench_floor VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor")
    return {"seconds": seconds, "cells": len(rows), "peak_rss_mb": _peak_mb()}


def main() -> None:
    import django

    django.setup()
    mode, path = sys.argv[1], Path(sys.argv[2])
    result = run_import(path) if mode == "import" else run_floor(path)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
