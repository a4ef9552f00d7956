"""`make bench` runs end to end at a small scale, so it never rots (no timings asserted)."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_bench_runs_at_small_scale(tmp_path: Path) -> None:
    # The suite's engine: CI runs the suite once on SQLite and once on PostgreSQL.
    engine = (
        "postgresql" if "postgresql" in str(settings.DATABASES["default"]["ENGINE"]) else "sqlite"
    )
    out = tmp_path / "results.json"
    result = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, "bench/run.py", "--cells", "3000", "--out", str(out), "--engines", engine],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text())
    assert report["dataset_cells"] > 2000
    (run,) = report["statistics_import"]
    assert run["engine"] == engine
    assert run["import"]["cells"] == run["floor"]["cells"] == report["dataset_cells"]
    assert f"| {engine} | import |" in result.stdout
    selection = report["selection_sensitivity"]
    assert (selection["municipalities"], selection["criteria"], selection["draws"]) == (
        357,
        10,
        10_000,
    )
    assert selection["seconds"] > 0
    assert selection["floor_seconds"] > 0
    assert "| scoring.sensitivity |" in result.stdout
