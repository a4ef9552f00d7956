"""Load: gunicorn with the production settings on 127.0.0.1, wrk over the read pages.

For one database (already generated), `run()` starts gunicorn, logs the reader in, checks
that every page answers 200 through the server, then runs wrk for the floor view alone and
for the ten main pages in turn, and on SQLite runs one writer beside the pages' load.
Reports requests/s, p50/p99 latency and errors (connect, read, write, timeouts and every
answer other than 2xx/3xx) of each run.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# wrk's done() hook writes its summary as one JSON line behind this marker.
MARKER = "BENCH_JSON "
LUA = """
local paths = {%(paths)s}
local i = 0
wrk.headers["Cookie"] = "%(cookie)s"
wrk.headers["X-Forwarded-Proto"] = "https"
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%(marker)s{"requests":%%d,"duration_s":%%.3f,"p50_ms":%%.2f,"p99_ms":%%.2f,' ..
    '"errors":%%d,"non_2xx_3xx":%%d,"timeouts":%%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, e.connect + e.read + e.write + e.status + e.timeout,
    e.status, e.timeout))
end
"""


def workers() -> int:
    # gunicorn's advice for synchronous workers: two per core, plus one.
    return 2 * (os.cpu_count() or 1) + 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get(port: int, path: str, cookie: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
        status: int = conn.getresponse().status
        return status
    finally:
        conn.close()


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before it answered")
        try:
            if _get(port, "/healthz", "") == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


@contextmanager
def gunicorn(env: dict[str, str]) -> Iterator[int]:
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "boso.wsgi:application"]
    options = ["--bind", f"127.0.0.1:{port}", "--workers", str(workers()), "--timeout", "120"]
    server = subprocess.Popen(  # noqa: S603 (our own server)
        [*command, *options], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
    )
    try:
        _wait_until_up(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def wrk(port: int, paths: list[str], cookie: str, seconds: int, connections: int) -> dict[str, Any]:
    quoted = ", ".join(json.dumps(p) for p in paths)
    script = LUA % {"paths": quoted, "cookie": cookie, "marker": MARKER}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        threads = str(min(connections, os.cpu_count() or 1))
        args = ["wrk", "-t", threads, "-c", str(connections), "-d", f"{seconds}s"]
        args += ["--timeout", "30s", "-s", f.name, f"http://127.0.0.1:{port}"]
        output = subprocess.run(  # noqa: S603 (wrk from Debian)
            args, capture_output=True, text=True, check=True
        ).stdout
    finally:
        Path(f.name).unlink()
    line = next(x for x in output.splitlines() if x.startswith(MARKER))
    result: dict[str, Any] = json.loads(line[len(MARKER) :])
    result["requests_per_s"] = result["requests"] / result["duration_s"]
    return result


def check_pages(port: int, paths: list[str], cookie: str) -> None:
    """Every page answers 200 through the server (a lost login would answer 302)."""
    for path in paths:
        status = _get(port, path, cookie)
        if status != 200:
            raise SystemExit(f"{path} answered {status} through gunicorn, not 200")
