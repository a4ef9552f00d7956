"""Runs inside Django with the production settings (bench.settings, DEBUG off).

  python -m bench.page_worker pages TARGETS REPEAT   time the ten main pages and the floor
  python -m bench.page_worker session TARGETS        log the reader in; print its session cookie

`pages` prints one JSON object: for the floor and each page its status, size, database
query count and the median and 95th percentile of the server time over REPEAT requests.
The pages are requested in rounds (every page once per round) so that a slow moment of the
machine falls on all of them alike; two rounds warm up first and are not counted.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

FLOOR = ("floor", "/_bench/floor/")
WARM_UP_ROUNDS = 2


def _client(targets: dict[str, Any]) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.targets import reader

    client = Client()
    client.force_login(get_user_model().objects.get(username=reader(targets)))
    return client


def _queries(client: Any, path: str) -> tuple[int, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True)
    return response.status_code, len(response.content), len(captured.captured_queries)


def _percentile(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1] if len(times) > 1 else 0.0


def measure_pages(targets: dict[str, Any], repeat: int) -> dict[str, dict[str, Any]]:
    from bench.targets import pages

    client = _client(targets)
    named = [FLOOR, *pages(targets)]
    times: dict[str, list[float]] = {name: [] for name, _ in named}
    for round_ in range(WARM_UP_ROUNDS + repeat):
        for name, path in named:
            start = time.perf_counter()
            response = client.get(path, secure=True)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise SystemExit(f"{name} ({path}) answered {response.status_code}")
            if round_ >= WARM_UP_ROUNDS:
                times[name].append(elapsed * 1000)
    result = {}
    for name, path in named:
        status, size, queries = _queries(client, path)
        result[name] = {
            "path": path,
            "status": status,
            "bytes": size,
            "queries": queries,
            "median_ms": statistics.median(times[name]),
            "p95_ms": _percentile(times[name], 95),
        }
    return result


def session_cookie(targets: dict[str, Any]) -> str:
    from django.conf import settings

    client = _client(targets)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def main() -> None:
    import django

    django.setup()
    mode, targets = sys.argv[1], json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    if mode == "pages":
        print(json.dumps(measure_pages(targets, int(sys.argv[3]))))
    else:
        print(session_cookie(targets))


if __name__ == "__main__":
    main()
