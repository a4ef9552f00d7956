"""Importing statistics in the browser: upload or URL, preview, confirm, background import.

One ImportRun follows the file from the form to the end:

    create    the upload is stored (a URL is only noted)         queued, phase "preview"
    preview   statistics_import(dry_run=True): in the request for small files, by the
              worker for large ones and for URLs (it downloads them first)
                                                                 previewed, or failed
    confirm   the worker imports the same stored file            queued, phase "import"
                                                                 → running → done or failed
    cancel    a preview only: the run and its file are deleted

What the flow adds to a run (its phase, upload or URL) is kept under report["flow"]:
statistics_import rewrites the rest of the report with its outcome.

How progress becomes visible
----------------------------
statistics_import writes a whole file in one transaction on the worker's connection. A
progress figure saved through that connection stays invisible to the web server until
the commit, that is until the very end. A second connection could commit progress on
PostgreSQL, but on SQLite it would be a second writer waiting for the write lock the
import itself holds (IMMEDIATE transactions), so it would block until the busy timeout.
Django's cache does not help: LocMemCache lives in one process (the worker is another),
and the database cache writes through the same locked database. So the worker writes its
progress to a small JSON file beside the stored upload, replaced atomically at most every
half second, and the web server reads it while the run is "running". This works the same
on both databases, and costs no new requirement: web server and worker must share
STATISTICS_IMPORT_DIR anyway, since the worker reads the upload from it. When the import
ends, ImportRun.cells_done/cells_total hold the final figures and the file is removed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from boso.accounts.models import User
from boso.statistics.choices import ImportStatus
from boso.statistics.importers import parse_source
from boso.statistics.importers.base import ImportFormatError, ParsedTable
from boso.statistics.models import ImportProfile, ImportRun
from boso.statistics.services import ImportFailed, statistics_import

logger = logging.getLogger(__name__)

PREVIEW, IMPORT = "preview", "import"
UPLOAD, URL = "upload", "url"
UPLOAD_NAME, DOWNLOAD_NAME, PROGRESS_NAME = "upload", "download", "progress.json"
PENDING = frozenset({ImportStatus.QUEUED, ImportStatus.RUNNING})
PROGRESS_EVERY = 0.5  # seconds between progress writes (statistics_import calls per batch)
DOWNLOAD_TIMEOUT = 60  # seconds without an answer before a download gives up
CHUNK = 1024 * 1024


class ImportFlowError(Exception):
    """The step does not fit the run's state (importing a failed preview, cancelling an
    import); the message is for the user."""


# --- The run's state ---------------------------------------------------------------


def _flow(run: ImportRun) -> dict[str, Any]:
    report = run.report if isinstance(run.report, dict) else {}
    flow = report.get("flow")
    return dict(flow) if isinstance(flow, dict) else {}


def run_phase(run: ImportRun) -> str:
    """ "preview" until the run is confirmed, then "import". Runs made on the command line
    have no flow: a dry run counts as a preview, anything else as an import."""
    phase = _flow(run).get("phase")
    if phase in (PREVIEW, IMPORT):
        return str(phase)
    return PREVIEW if run.status == ImportStatus.PREVIEWED else IMPORT


def is_pending(run: ImportRun) -> bool:
    return run.status in PENDING


def can_confirm(run: ImportRun) -> bool:
    return (
        run_phase(run) == PREVIEW
        and run.status == ImportStatus.PREVIEWED
        and stored_path(run) is not None
    )


def can_cancel(run: ImportRun) -> bool:
    return run_phase(run) == PREVIEW and run.status in (
        ImportStatus.PREVIEWED,
        ImportStatus.FAILED,
    )


def run_dir(run_id: int) -> Path:
    return Path(settings.STATISTICS_IMPORT_DIR) / str(int(run_id))


def stored_path(run: ImportRun) -> Path | None:
    """The run's stored file while it is there. Only its name comes from the database."""
    if not run.stored_file or run.pk is None:
        return None
    path = run_dir(run.pk) / Path(run.stored_file).name
    return path if path.is_file() else None


# --- Progress ------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    known: bool  # False while queued, downloading or reading the file: no figure yet

    @property
    def percent(self) -> int:
        return min(100, 100 * self.done // self.total) if self.total else 0


class ProgressFile:
    """The live progress of one run, written by the worker, read by any web process."""

    def __init__(self, run_id: int) -> None:
        self.path = run_dir(run_id) / PROGRESS_NAME
        self._written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._written_at < PROGRESS_EVERY:
            return
        self._written_at = now
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".part")
        partial.write_text(json.dumps({"done": done, "total": total}), encoding="utf-8")
        os.replace(partial, self.path)  # readers see the old figure or the new, never half

    def read(self) -> tuple[int, int] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return int(data["done"]), int(data["total"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def import_run_progress(run: ImportRun) -> Progress:
    if run.status == ImportStatus.RUNNING:
        live = ProgressFile(run.pk).read()
        if live is not None:
            return Progress(done=live[0], total=live[1], known=True)
    if run.status in PENDING:
        return Progress(done=0, total=run.cells_total, known=False)
    return Progress(done=run.cells_done, total=run.cells_total, known=True)


# --- What the report says ----------------------------------------------------------


@dataclass(frozen=True)
class RunReport:
    skipped: list[tuple[str, str]]  # (source code, why), sorted by code
    new_indicators: list[str]
    problems: list[str]


def import_run_report(run: ImportRun) -> RunReport:
    report = run.report if isinstance(run.report, dict) else {}
    skipped = report.get("skipped") or {}
    return RunReport(
        skipped=sorted((str(code), str(why)) for code, why in dict(skipped).items()),
        new_indicators=[str(code) for code in report.get("new_indicators") or []],
        problems=[str(problem) for problem in report.get("problems") or []],
    )


def import_runs_recent(*, limit: int = 50) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("user", "profile").order_by("-created_at", "-pk")[
        :limit
    ]


# --- Creating a run ------------------------------------------------------------------


def url_host_allowed(url: str) -> bool:
    """http(s) only, and only to the hosts in STATISTICS_IMPORT_URL_HOSTS ("*": any):
    the server fetches the URL, so a user must not point it at internal addresses."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    allowed = {host.lower() for host in settings.STATISTICS_IMPORT_URL_HOSTS}
    return "*" in allowed or parts.hostname.lower() in allowed


def _run_create(
    *, user: User | None, source: str, profile: ImportProfile | None, flow: dict[str, Any]
) -> ImportRun:
    run = ImportRun.objects.create(
        source=source[:500],
        user=user,
        profile=profile,
        status=ImportStatus.QUEUED,
        report={"flow": {"phase": PREVIEW, **flow}},
    )
    run_dir(run.pk).mkdir(parents=True, exist_ok=True, mode=0o700)
    return run


def import_run_create_from_upload(
    *, user: User | None, upload: UploadedFile, profile: ImportProfile | None = None
) -> ImportRun:
    """A run for an uploaded file, stored under STATISTICS_IMPORT_DIR/<run id>/."""
    name = Path(upload.name or "").name.strip() or UPLOAD_NAME
    run = _run_create(user=user, source=name, profile=profile, flow={"kind": UPLOAD})
    with (run_dir(run.pk) / UPLOAD_NAME).open("wb") as stored:
        for chunk in upload.chunks():
            stored.write(chunk)
    run.stored_file = f"{run.pk}/{UPLOAD_NAME}"
    run.save(update_fields=["stored_file"])
    return run


def import_run_create_from_url(
    *, user: User | None, url: str, profile: ImportProfile | None = None
) -> ImportRun:
    """A run for an http(s) URL (a PxWebApi v2 data request); the worker downloads it."""
    if not url_host_allowed(url):
        raise ImportFlowError(_("boso henter ikke statistikk fra denne adressen."))
    # The whole URL is kept in the flow: PxWebApi selections can be longer than `source`.
    return _run_create(user=user, source=url, profile=profile, flow={"kind": URL, "url": url})


# --- Preview, confirm, cancel --------------------------------------------------------


def _parse(run: ImportRun, raw: bytes) -> ParsedTable:
    """Parse as the command line does: the profile names the region dimension and the
    table, the file name or URL gives a CSV without a title its table number."""
    profile = run.profile
    return parse_source(
        raw,
        geo_dimension=profile.geo_dimension if profile else "",
        name=run.source,
        table_id=profile.table_id if profile else "",
    )


def _preview_in_background(run: ImportRun) -> bool:
    """Large files and URLs are previewed by the worker, small files in the request."""
    path = stored_path(run)
    if path is None:  # a URL, not downloaded yet
        return True
    if path.stat().st_size > settings.STATISTICS_IMPORT_INLINE_MAX_BYTES:
        return True
    try:
        table = _parse(run, path.read_bytes())
    except ImportFormatError:
        return False  # refused at once, in the request
    return table.cells_total > settings.STATISTICS_IMPORT_INLINE_MAX_CELLS


def _enqueue(run_id: int, *, dry_run: bool) -> None:
    # Imported here: the task module imports this one.
    from boso.statistics.tasks import import_run_task

    import_run_task.enqueue(run_id, dry_run)


def import_run_preview(*, run: ImportRun) -> None:
    """Check the run's file and count what an import would do, writing nothing."""
    if _preview_in_background(run):
        _enqueue(run.pk, dry_run=True)
    else:
        # An unexpected error is logged and recorded on the run, which the preview page
        # then shows; in the request it must not become a server error as well.
        with contextlib.suppress(Exception):
            import_run_execute(run_id=run.pk, dry_run=True)
    run.refresh_from_db()


def import_run_confirm(*, run: ImportRun) -> bool:
    """Queue the import of a previewed run; False if it was confirmed already."""
    if run_phase(run) == IMPORT:
        return False
    if not can_confirm(run):
        raise ImportFlowError(
            _("Bare en forhåndsvisning uten feil kan importeres. Last opp filen på nytt.")
        )
    flow = {**_flow(run), "phase": IMPORT}
    # Conditional, so a double click or a second tab queues the import once only.
    claimed = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED,
        cells_done=0,
        finished_at=None,
        report={**run.report, "flow": flow},
    )
    if claimed:
        _enqueue(run.pk, dry_run=False)
    run.refresh_from_db()
    return bool(claimed)


def import_run_cancel(*, run: ImportRun) -> None:
    """Throw a preview away: its stored file and the run itself (nothing was imported)."""
    if not can_cancel(run):
        raise ImportFlowError(_("Bare en forhåndsvisning kan avbrytes."))
    shutil.rmtree(run_dir(run.pk), ignore_errors=True)
    run.delete()


# --- The work (in the request or in the worker) --------------------------------------


def import_run_execute(*, run_id: int, dry_run: bool) -> ImportRun | None:
    """Preview or import a queued run from its stored file (downloaded first for a URL).

    The outcome is on the run: previewed or done with the counts, or failed with every
    problem. Returns None when the run is gone or was not queued (already taken).
    """
    # Claimed outside any transaction, so the web pages see "running" at once.
    if not ImportRun.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, cells_done=0
    ):
        return None
    run = ImportRun.objects.select_related("profile").get(pk=run_id)
    flow = _flow(run)
    progress = ProgressFile(run.pk)
    try:
        table = _parse(run, _source_bytes(run, flow))
        statistics_import(
            table=table,
            source=run.source,
            profile=run.profile,
            dry_run=dry_run,
            run=run,
            progress=progress,
        )
    except ImportFailed:
        pass  # statistics_import has recorded the failure with its problems
    except ImportFormatError as exc:
        _record_failure(run, [str(exc)])
    except Exception:
        logger.exception("import run %s stopped on an unexpected error", run.pk)
        _record_failure(run, ["the import stopped on an unexpected error (see the server log)"])
        raise
    finally:
        progress.remove()
        run.report = {**run.report, "flow": flow}
        run.save(update_fields=["report"])
        if not dry_run:  # an import is final: its file is no longer needed
            shutil.rmtree(run_dir(run.pk), ignore_errors=True)
            run.stored_file = ""
            run.save(update_fields=["stored_file"])
    return run


def _record_failure(run: ImportRun, problems: list[str]) -> None:
    run.status, run.finished_at = ImportStatus.FAILED, timezone.now()
    run.report = {"problems": problems}
    run.save()


def _source_bytes(run: ImportRun, flow: dict[str, Any]) -> bytes:
    path = stored_path(run)
    if path is None and flow.get("kind") == URL:
        path = _download(run, str(flow.get("url") or run.source))
    if path is None:
        raise ImportFormatError("the stored file is gone; upload it again")
    return path.read_bytes()


class _AllowedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to a host imports may use."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not url_host_allowed(newurl):
            raise ImportFormatError(f"{req.full_url} redirects to {newurl}, a host not allowed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download(run: ImportRun, url: str) -> Path:
    """Fetch the URL into the run's folder, at most STATISTICS_IMPORT_MAX_BYTES."""
    if not url_host_allowed(url):
        raise ImportFormatError(f"{url}: not a host imports may use")
    limit = settings.STATISTICS_IMPORT_MAX_BYTES
    target = run_dir(run.pk) / DOWNLOAD_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    opener = urllib.request.build_opener(_AllowedRedirects)
    request = urllib.request.Request(url, headers={"Accept": "application/json, text/csv"})  # noqa: S310 (http(s) only, checked above)
    try:
        with opener.open(request, timeout=DOWNLOAD_TIMEOUT) as response, target.open("wb") as out:
            size = 0
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ImportFormatError(f"{url}: larger than {limit} bytes")
                out.write(chunk)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        target.unlink(missing_ok=True)
        raise ImportFormatError(f"cannot download {url}: {exc}") from exc
    except ImportFormatError:
        target.unlink(missing_ok=True)
        raise
    run.stored_file = f"{run.pk}/{DOWNLOAD_NAME}"
    run.save(update_fields=["stored_file"])
    return target
