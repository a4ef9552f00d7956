"""`make bench`, pages and load: the ten main pages on a national-scale dataset.

For each engine (SQLite, and PostgreSQL when it answers) and each scale: a fresh database,
`migrate`, `generate_national_dataset --scale S`, then in a process with the production
settings (bench.settings: DEBUG off, the same middleware) the median and 95th percentile
server time of the ten main pages over repeated requests, against the floor view, and each
page's database query count, which must be the same at every scale. At the load scale,
gunicorn serves the database and wrk reads the pages logged in (and, on SQLite, one writer
saves a plan beside them). Writes "pages" and "load" into bench/results.json, keeping the
rest, and prints the tables.

  python bench/pages.py [--scales 1,10] [--load-scale 1] [--repeat 40] [--duration 60]
                        [--connections 50] [--engines sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import datetime
import json
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.run import (  # noqa: E402
    drop_database,
    fresh_database,
    machine,
    postgres_available,
    run_script,
)
from bench.targets import parse  # noqa: E402


def _env(database_url: str, var_dir: Path) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "BOSO_VAR_DIR": str(var_dir),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }


def _generate(env: dict[str, str], scale: float, targets_file: Path) -> dict[str, Any]:
    run_script(["manage.py", "migrate", "--no-input", "-v0"], env)
    run_script(["manage.py", "collectstatic", "--no-input", "-v0"], env)
    start = time.perf_counter()
    output = run_script(["manage.py", "generate_national_dataset", "--scale", str(scale)], env)
    targets = parse(output)
    targets_file.write_text(json.dumps(targets), encoding="utf-8")
    return {"generate_seconds": time.perf_counter() - start, "targets": targets}


def _load(env: dict[str, str], targets_file: Path, args: argparse.Namespace) -> dict[str, Any]:
    pages = json.loads(
        run_script(["-m", "bench.page_worker", "pages", str(targets_file), "1"], env)
    )
    paths = [p["path"] for name, p in pages.items() if name != "floor"]
    cookie = run_script(["-m", "bench.page_worker", "session", str(targets_file)], env).strip()
    with load.gunicorn(env) as port:
        load.check_pages(port, ["/_bench/floor/", *paths], cookie)
        floor = load.wrk(port, ["/_bench/floor/"], cookie, args.duration, args.connections)
        writer = None
        if env["DATABASE_URL"].startswith("sqlite"):
            writer = subprocess.Popen(  # noqa: S603 (our own script)
                [sys.executable, "-m", "bench.load_writer", str(targets_file), str(args.duration)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
        read = load.wrk(port, paths, cookie, args.duration, args.connections)
        written = json.loads(writer.communicate(timeout=120)[0]) if writer else None
    return {
        "workers": load.workers(),
        "connections": args.connections,
        "seconds": args.duration,
        "floor": floor,
        "pages": read,
        "writer": written,
    }


def _measure(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"engine": engine, "scales": {}}
    for scale in args.scales:
        var_dir = ROOT / "var" / "bench" / f"pages-{engine}"
        shutil.rmtree(var_dir, ignore_errors=True)
        var_dir.mkdir(parents=True)
        env = _env(fresh_database(engine), var_dir)
        targets_file = var_dir / "targets.json"
        try:
            step = _generate(env, scale, targets_file)
            _progress(f"{engine}, scale {scale:g}: dataset in {step['generate_seconds']:.0f} s")
            page_run = ["-m", "bench.page_worker", "pages", str(targets_file), str(args.repeat)]
            step["pages"] = json.loads(run_script(page_run, env))
            _progress(f"{engine}, scale {scale:g}: pages measured")
            if scale == args.load_scale:
                result["load"] = _load(env, targets_file, args)
                _progress(f"{engine}, scale {scale:g}: load measured")
        finally:
            drop_database(engine)
            shutil.rmtree(var_dir, ignore_errors=True)
        result["scales"][str(scale)] = step
    return result


def _progress(line: str) -> None:
    # Progress goes to stderr, so stdout holds the tables alone.
    print(line, file=sys.stderr, flush=True)


def _ratio(value: float, floor: float) -> str:
    return f"{value / floor:.1f}" if floor else "–"


def pages_table(result: dict[str, Any]) -> str:
    scales = list(result["scales"])
    head = "| page | " + " | ".join(f"queries @{s}" for s in scales)
    head += " | " + " | ".join(f"median ms @{s} (×floor) | p95 ms @{s} (×floor)" for s in scales)
    lines = [head + " |", "|---" * (1 + 3 * len(scales)) + "|"]
    first = result["scales"][scales[0]]["pages"]
    for name in first:
        row = [name, *(str(result["scales"][s]["pages"][name]["queries"]) for s in scales)]
        for s in scales:
            page, floor = result["scales"][s]["pages"][name], result["scales"][s]["pages"]["floor"]
            row.append(f"{page['median_ms']:.1f} ({_ratio(page['median_ms'], floor['median_ms'])})")
            row.append(f"{page['p95_ms']:.1f} ({_ratio(page['p95_ms'], floor['p95_ms'])})")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def load_table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| engine | run | requests/s | ×floor | p50 ms | p99 ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if "load" not in r:
            continue
        floor = r["load"]["floor"]
        for name in ("floor", "pages"):
            x = r["load"][name]
            ratio = f"{x['requests_per_s'] / floor['requests_per_s']:.3f}"
            lines.append(
                f"| {r['engine']} | {name} | {x['requests_per_s']:.1f} | {ratio} | "
                f"{x['p50_ms']:.1f} | {x['p99_ms']:.1f} | {x['errors']} |"
            )
    return "\n".join(lines)


def unequal_query_counts(result: dict[str, Any]) -> list[str]:
    counts: dict[str, set[int]] = {}
    for step in result["scales"].values():
        for name, page in step["pages"].items():
            counts.setdefault(name, set()).add(page["queries"])
    return [name for name, found in counts.items() if len(found) > 1]


def _print(results: list[dict[str, Any]]) -> None:
    for r in results:
        print(f"pages on {r['engine']} (server time over the requests; ratio to the floor view)")
        print(pages_table(r))
        unequal = unequal_query_counts(r)
        print("query counts equal at every scale" if not unequal else f"UNEQUAL: {unequal}")
        print()
    print(f"load: gunicorn ({load.workers()} workers), wrk over the pages logged in")
    print(load_table(results))
    for r in results:
        writer = r.get("load", {}).get("writer")
        if writer:
            print(
                f"{r['engine']}: one writer beside the load saved a plan {writer['saves']} times; "
                f"'database is locked': {writer['locked']}, other errors: {writer['errors']}, "
                f"slowest save {writer['slowest_ms']:.0f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--load-scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    args.scales = [float(s) for s in args.scales.split(",")]
    engines = [e for e in args.engines.split(",") if e != "postgresql" or postgres_available()]
    results = [_measure(engine, args) for engine in engines]
    report = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    report["pages"] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "results": results,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _print(results)
    if any(unequal_query_counts(r) for r in results):
        raise SystemExit("query counts differ between scales")


if __name__ == "__main__":
    main()
