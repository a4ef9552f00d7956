"""An import killed halfway leaves the store as it was and can be run again; a run left
"running" by a killed process can be ended (issue 8).

The kill is real: `manage.py import_statistics` runs as a subprocess against a database of
its own (an SQLite file, or a PostgreSQL database made for the test), and is SIGKILLed
while its transaction holds everything it wrote. The test-only variable
BOSO_TEST_PAUSE_BEFORE_COMMIT holds the import after its upsert, before the commit: the
worst moment, when every observation and revision is written but nothing is committed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from bench.generate import dataset
from boso.statistics.choices import ImportStatus
from boso.statistics.models import ImportRun, Indicator, Observation, ObservationRevision
from boso.statistics.services import PAUSE_BEFORE_COMMIT_ENV, import_runs_abandon_stale

ROOT = Path(settings.BASE_DIR)
KEPT_REGIONS = 300  # the first file has these; the second adds the rest of the 357
CHANGED = 500  # figures the second file changes
PAUSED = "paused before commit"
HANG_GUARD = 300  # seconds before a stuck subprocess is killed and the test fails


# --- The database of the subprocess ---------------------------------------------------


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for the subprocess (never the test's own database), on the
    engine the suite runs on: CI runs the suite once on each."""
    server = _postgres_url()
    if server is None:
        yield f"sqlite:///{tmp_path / 'boso.sqlite3'}"
        return
    import psycopg

    name = f"boso_killed_{os.getpid()}"
    admin = urllib.parse.urlsplit(server)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield urllib.parse.urlsplit(server)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    env.pop(PAUSE_BEFORE_COMMIT_ENV, None)
    return {
        **env,
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "BOSO_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _connect(database_url: str) -> Any:
    if database_url.startswith("sqlite:///"):
        return sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
    import psycopg

    return psycopg.connect(database_url, autocommit=True)


def _digest(database_url: str) -> tuple[str, int, int]:
    """A digest of every observation, revision and indicator; and the row counts."""
    obs, rev = Observation._meta.db_table, ObservationRevision._meta.db_table
    ind = Indicator._meta.db_table
    queries = [
        f"SELECT indicator_id, region, period, dimension_key, value, status, import_run_id "  # noqa: S608
        f"FROM {obs} ORDER BY indicator_id, region, period, dimension_key",
        f"SELECT observation_id, value, status, import_run_id, replaced_by_id FROM {rev} "  # noqa: S608
        "ORDER BY id",
        f"SELECT id, code FROM {ind} ORDER BY id",  # noqa: S608
    ]
    digest = hashlib.sha256()
    conn = _connect(database_url)
    try:
        counts = []
        for query in queries:
            rows = conn.execute(query).fetchall()
            counts.append(len(rows))
            digest.update(repr(rows).encode())
    finally:
        conn.close()
    return digest.hexdigest(), counts[0], counts[1]


# --- The files -------------------------------------------------------------------------


def _regions() -> list[tuple[str, str]]:
    path = settings.SHARED_DIR / "data/kommuner/klass131_api_json/kommuneinndeling_2024.json"
    items = json.loads(path.read_text(encoding="utf-8"))["classificationItems"]
    return [(i["code"], i["name"]) for i in items if i["code"] != "9999"]


def _first_regions(data: dict[str, Any], keep: int) -> dict[str, Any]:
    """The dataset for its first `keep` regions only (regions are the outermost
    dimension, so theirs are the first values), with CHANGED figures changed."""
    stride = len(data["value"]) // data["size"][0]
    region = data["dimension"]["Region"]["category"]
    codes = list(region["index"])[:keep]
    values = list(data["value"][: keep * stride])
    changed = [i for i, v in enumerate(values) if v is not None][:CHANGED]
    for i in changed:
        values[i] += 1
    return {
        **data,
        "size": [keep, *data["size"][1:]],
        "dimension": {
            **data["dimension"],
            "Region": {
                **data["dimension"]["Region"],
                "category": {
                    "index": {c: i for i, c in enumerate(codes)},
                    "label": {c: region["label"][c] for c in codes},
                },
            },
        },
        "value": values,
        "status": {k: v for k, v in data["status"].items() if int(k) < keep * stride},
    }


def _files(tmp_path: Path) -> tuple[Path, Path, int, int]:
    """The first file and the second (more regions, some figures changed back); the
    second's new and total cells."""
    second: dict[str, Any] = dataset(_regions(), cells=40_000)
    first = _first_regions(second, KEPT_REGIONS)
    paths = tmp_path / "first.json", tmp_path / "second.json"
    for path, data in zip(paths, (first, second), strict=True):
        path.write_text(json.dumps(data), encoding="utf-8")
    total = len(second["value"])
    return *paths, total - len(first["value"]), total


# --- The kill ---------------------------------------------------------------------------


def _wait_for_pause(process: subprocess.Popen[str]) -> None:
    """Read the import's stderr until it says it holds its uncommitted transaction."""
    guard = threading.Timer(HANG_GUARD, process.kill)
    guard.start()
    try:
        assert process.stderr is not None
        seen = []
        for line in process.stderr:
            seen.append(line)
            if line.strip() == PAUSED:
                return
        pytest.fail(f"the import ended without pausing:\n{''.join(seen)}")
    finally:
        guard.cancel()


def _assert_transaction_open(database_url: str) -> None:
    """The paused import holds an open transaction with its writes in it."""
    conn = _connect(database_url)
    try:
        if database_url.startswith("sqlite:///"):
            # The import holds SQLite's one write lock until it commits.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                conn.execute("BEGIN IMMEDIATE")
        else:
            name = urllib.parse.urlsplit(database_url).path.lstrip("/")
            open_transactions = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND state = 'idle in transaction'",
                [name],
            ).fetchone()[0]
            assert open_transactions == 1
    finally:
        conn.close()


def _start_paused_import(env: dict[str, str], path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "import_statistics", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_an_import_killed_before_its_commit_leaves_the_store_as_before(
    database_url: str, tmp_path: Path
) -> None:
    env = _env(database_url, tmp_path)
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "load_municipalities")
    first, second, new_cells, total = _files(tmp_path)
    assert _manage(env, "import_statistics", str(first)).strip() == (
        f"created {total - new_cells} / updated 0 / unchanged 0 / skipped 0"
    )
    before = _digest(database_url)

    process = _start_paused_import({**env, PAUSE_BEFORE_COMMIT_ENV: "600"}, second)
    try:
        _wait_for_pause(process)
        _assert_transaction_open(database_url)
        assert _digest(database_url) == before  # nothing is visible before the commit
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()

    assert _digest(database_url) == before

    # The same import again, now to the end: it counts as if the kill never happened.
    assert _manage(env, "import_statistics", str(second)).strip() == (
        f"created {new_cells} / updated {CHANGED} / "
        f"unchanged {total - new_cells - CHANGED} / skipped 0"
    )
    _digest_after, observations, revisions = _digest(database_url)
    assert (observations, revisions) == (total, CHANGED)


# --- Stale runs ------------------------------------------------------------------------


def _running_since(minutes: int, **fields: Any) -> ImportRun:
    run = ImportRun.objects.create(source="killed.json", status=ImportStatus.RUNNING, **fields)
    created = timezone.now() - datetime.timedelta(minutes=minutes)
    ImportRun.objects.filter(pk=run.pk).update(created_at=created)
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_a_run_running_with_no_sign_of_life_is_marked_failed_with_a_reason() -> None:
    stale = _running_since(90)
    recent = _running_since(5)
    done = ImportRun.objects.create(source="ok.json", status=ImportStatus.DONE)
    ImportRun.objects.filter(pk=done.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )

    assert import_runs_abandon_stale() == [stale.pk]

    stale.refresh_from_db()
    assert stale.status == ImportStatus.FAILED
    assert stale.finished_at is not None
    assert "nothing was written" in stale.report["problems"][0]
    assert ImportRun.objects.get(pk=recent.pk).status == ImportStatus.RUNNING
    assert ImportRun.objects.get(pk=done.pk).status == ImportStatus.DONE
    assert import_runs_abandon_stale() == []  # once only


@pytest.mark.django_db
def test_a_browser_run_with_recent_progress_is_not_abandoned() -> None:
    """An old upload confirmed late shows life through its progress file."""
    from boso.statistics.import_flow import ProgressFile

    run = _running_since(600, report={"flow": {"phase": "import", "kind": "upload"}})
    ProgressFile(run.pk)(10, 100)
    assert import_runs_abandon_stale() == []

    later = timezone.now() + datetime.timedelta(hours=2)
    assert import_runs_abandon_stale(now=later) == [run.pk]
    run.refresh_from_db()
    assert run.report["flow"]["phase"] == "import"  # the flow's state is kept


@pytest.mark.django_db
def test_the_command_abandons_stale_runs(capsys: pytest.CaptureFixture[str]) -> None:
    stale = _running_since(30)
    call_command("import_statistics", "--abandon-stale", "--older-than", "45")
    assert ImportRun.objects.get(pk=stale.pk).status == ImportStatus.RUNNING
    call_command("import_statistics", "--abandon-stale", "--older-than", "20")
    assert ImportRun.objects.get(pk=stale.pk).status == ImportStatus.FAILED
    assert f"marked 1 stale run(s) failed: {stale.pk}" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_runs_page_shows_a_killed_run_as_failed(client: Any, users: dict[str, Any]) -> None:
    stale = _running_since(120)
    client.force_login(users["admin"])
    page = client.get("/statistikk/import/kjoringer/")
    assert page.status_code == 200
    assert ImportRun.objects.get(pk=stale.pk).status == ImportStatus.FAILED
    assert "Importerer" not in page.content.decode()
