"""`make bench`'s pages and load part runs end to end at a tiny scale, so it never rots.

No timings are asserted; what is asserted holds at any speed: every page answers through
gunicorn, the query counts are equal at two scales, wrk's load ends without an error and
the writer beside it on SQLite never meets "database is locked".
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PAGES = [
    "floor",
    "municipality list",
    "fact sheet",
    "indicator page",
    "ranking",
    "programme",
    "application",
    "plan",
    "report",
    "region dashboard",
    "synthesis",
]


def _engine() -> str:
    engine = str(settings.DATABASES["default"]["ENGINE"])
    return "postgresql" if "postgresql" in engine else "sqlite"


def test_pages_and_load_bench_runs_at_tiny_scale(tmp_path: Path) -> None:
    assert shutil.which("wrk"), "the load test needs wrk: apt-get install wrk"
    out = tmp_path / "results.json"
    # From scale 0.06 on the catalogue has the six indicators (one of them a rate) every
    # plan takes, so the two scales differ in volume only, as 1 and 10 do.
    args = ["--scales", "0.06,0.12", "--load-scale", "0.06", "--repeat", "3"]
    args += ["--duration", "2", "--connections", "4", "--engines", _engine(), "--out", str(out)]
    result = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, "bench/pages.py", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (run,) = json.loads(out.read_text())["pages"]["results"]
    assert run["engine"] == _engine()
    small, large = (run["scales"][s]["pages"] for s in ("0.06", "0.12"))
    assert list(small) == PAGES
    for name in PAGES:
        assert small[name]["status"] == large[name]["status"] == 200
        assert small[name]["queries"] == large[name]["queries"] > 0
    load = run["load"]
    assert load["floor"]["requests"] > 0
    assert load["pages"]["requests"] > 0
    assert load["floor"]["errors"] == load["pages"]["errors"] == 0
    if _engine() == "sqlite":
        assert load["writer"]["saves"] > 0
        assert load["writer"]["locked"] == load["writer"]["errors"] == 0
    assert "query counts equal at every scale" in result.stdout
    assert "| sqlite | pages |" in result.stdout or "| postgresql | pages |" in result.stdout
