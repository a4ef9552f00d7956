"""`make bench`: measured figures, each as a ratio against a floor measured in the same run.

Statistics import: one JSON-stat dataset (800,000 cells by default) imported on
SQLite and on PostgreSQL into a fresh database, against the floor of the same
rows bulk-inserted by the driver alone. Reports cells per second, peak memory of
the importing process and the ratio to the floor; then a re-import of the same
file (everything unchanged). Writes bench/results.json with the machine and
versions.

Selection: kommunepyramiden's weight sensitivity (357 municipalities × 10 criteria ×
10,000 Dirichlet weight draws through scoring.sensitivity, median of 5 repetitions)
against the floor of one NumPy matrix product of the same shape. No database;
`--selection-only` measures this part alone and keeps the other figures in the file.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import write  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
# One database per run, so two runs (a developer's and CI's) never share one.
PG_NAME = f"boso_bench_{os.getpid()}"


def _shared_dir() -> Path:
    return Path(os.environ.get("BOSO_SHARED_DIR", ROOT.parent / "shared"))


def _regions() -> list[tuple[str, str]]:
    path = _shared_dir() / "data/kommuner/klass131_api_json/kommuneinndeling_2024.json"
    items = json.loads(path.read_text(encoding="utf-8"))["classificationItems"]
    return [(i["code"], i["name"]) for i in items if i["code"] != "9999"]


def development_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, "DEBUG": "true", "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}


def run_script(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 (our own scripts)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fresh_database(engine: str) -> str:
    if engine == "sqlite":
        path = _sqlite_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        drop_database(engine)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        conn.execute(f"CREATE DATABASE {PG_NAME}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"


def _sqlite_path() -> Path:
    return ROOT / "var" / "bench" / f"bench-{os.getpid()}.sqlite3"


def drop_database(engine: str) -> None:
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{_sqlite_path()}{suffix}").unlink(missing_ok=True)
    if engine == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")


def _measure(engine: str, dataset: Path) -> dict[str, object]:
    env = development_env(fresh_database(engine))
    try:
        run_script(["manage.py", "migrate", "--no-input", "-v0"], env)
        run_script(["manage.py", "load_municipalities"], env)
        floor = json.loads(run_script(["-m", "bench.worker", "floor", str(dataset)], env))
        first = json.loads(run_script(["-m", "bench.worker", "import", str(dataset)], env))
        again = json.loads(run_script(["-m", "bench.worker", "import", str(dataset)], env))
    finally:
        drop_database(engine)
    return {"engine": engine, "floor": floor, "import": first, "reimport": again}


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:
        return False


def _rate(step: dict[str, float]) -> float:
    return step["cells"] / step["seconds"] if step["seconds"] else 0.0


def _table(results: list[dict[str, object]]) -> str:
    lines = [
        "| engine | step | cells | seconds | cells/s | ratio to floor | peak MB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        floor = r["floor"]
        assert isinstance(floor, dict)
        for step in ("floor", "import", "reimport"):
            s = r[step]
            assert isinstance(s, dict)
            ratio = _rate(s) / _rate(floor) if _rate(floor) else 0
            lines.append(
                f"| {r['engine']} | {step} | {s['cells']:,.0f} | {s['seconds']:.2f} | "
                f"{_rate(s):,.0f} | {ratio:.2f} | {s['peak_rss_mb']:.0f} |"
            )
    return "\n".join(lines)


def machine() -> dict[str, object]:
    import django

    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def _median_seconds(step: Callable[[], object], repetitions: int) -> float:
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _selection(
    municipalities: int = 357, criteria: int = 10, draws: int = 10_000, repetitions: int = 5
) -> dict[str, float]:
    """scoring.sensitivity on a random z-score matrix, against one matrix product."""
    import numpy as np

    from boso.selection import scoring

    rng = np.random.default_rng(2010)
    normalised = rng.standard_normal((municipalities, criteria))
    weights = rng.uniform(0.5, 2.0, criteria)
    sample = rng.dirichlet(weights * 50, size=draws).T  # criteria × draws
    floor = _median_seconds(lambda: normalised @ sample, repetitions)
    seconds = _median_seconds(
        lambda: scoring.sensitivity(normalised, weights, top_n=8, draws=draws), repetitions
    )
    return {
        "municipalities": municipalities,
        "criteria": criteria,
        "draws": draws,
        "repetitions": repetitions,
        "floor_seconds": floor,
        "seconds": seconds,
        "ratio_to_floor": seconds / floor if floor else 0.0,
        "goal_seconds": 2.0,
    }


def _print_selection(r: dict[str, float]) -> None:
    print(
        f"selection sensitivity, {r['municipalities']:.0f} municipalities × "
        f"{r['criteria']:.0f} criteria × {r['draws']:,.0f} weight draws (goal < 2 s)"
    )
    print("| step | seconds (median of 5) | ratio to floor |")
    print("|---|---:|---:|")
    print(f"| floor (one matrix product) | {r['floor_seconds']:.4f} | 1 |")
    print(f"| scoring.sensitivity | {r['seconds']:.3f} | {r['ratio_to_floor']:.0f} |")


def _selection_only(out: Path) -> None:
    """Measure the selection part alone and keep the file's other figures."""
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    selection = _selection()
    report["selection_sensitivity"] = {
        **selection,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _print_selection(selection)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=800_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--selection-only",
        action="store_true",
        help="measure only the selection part and update its figures in --out",
    )
    args = parser.parse_args()
    if args.selection_only:
        _selection_only(args.out)
        return
    dataset = ROOT / "var" / "bench" / f"jsonstat-{args.cells}.json"
    cells = write(dataset, _regions(), cells=args.cells)
    wanted = args.engines.split(",")
    engines = [e for e in ("sqlite", "postgresql") if e in wanted]
    if "postgresql" in engines and not postgres_available():
        engines.remove("postgresql")
    results = [_measure(engine, dataset) for engine in engines]
    selection = _selection()
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "dataset_cells": cells,
        "statistics_import": results,
        "selection_sensitivity": selection,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"statistics import, {cells:,} cells of JSON-stat ({', '.join(engines)})")
    print(_table(results))
    if "postgresql" in wanted and "postgresql" not in engines:
        print("PostgreSQL did not answer at 127.0.0.1:5432: measured SQLite only")
    print()
    _print_selection(selection)


if __name__ == "__main__":
    main()
