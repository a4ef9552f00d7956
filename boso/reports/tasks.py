"""Background tasks of the reports (django-tasks; `manage.py db_worker` runs them): the
synthesis as PDF/A, which takes some seconds (charts and typesetting).

The PDF is kept as a file per synthesis and revision, under SYNTHESIS_DOCUMENT_DIR
(default: the var folder's "syntheses"), outside the web root: it is served only by a
view that checks reports.view_synthesis. Beside it a small JSON file says how far the
job has come; the worker replaces it atomically (as the statistics import does with
its progress), so any web process can read it while the job runs. A saved edit makes a
new revision and so asks for a new PDF; older files are removed when a new one is made.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks import task

from boso.reports.models import Synthesis

logger = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATE_NAME = "pdf-state.json"


def synthesis_dir(synthesis_id: int) -> Path:
    return Path(settings.SYNTHESIS_DOCUMENT_DIR) / str(int(synthesis_id))


def pdf_path(synthesis: Synthesis) -> Path:
    """The PDF of the synthesis as it reads now (its revision)."""
    return synthesis_dir(synthesis.pk) / f"sammenstilling-r{int(synthesis.revision)}.pdf"


@dataclass(frozen=True)
class PdfJob:
    """Where the PDF of a synthesis stands: none asked for (state ""), queued, running
    (step of STEPS), done or failed."""

    state: str
    revision: int
    step: int = 0
    steps: int = 0
    doing: str = ""

    @property
    def pending(self) -> bool:
        return self.state in (QUEUED, RUNNING)

    @property
    def percent(self) -> int:
        return min(100, 100 * self.step // self.steps) if self.steps else 0


def _write_state(synthesis_id: int, **state: Any) -> None:
    folder = synthesis_dir(synthesis_id)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / (STATE_NAME + ".part")
    partial.write_text(json.dumps(state), encoding="utf-8")
    os.replace(partial, folder / STATE_NAME)  # readers see the old state or the new


def pdf_job(synthesis: Synthesis) -> PdfJob:
    """The job for the synthesis's current revision (one for an older revision does
    not count: that PDF would not show the latest edits)."""
    if pdf_path(synthesis).is_file():
        return PdfJob(state=DONE, revision=synthesis.revision)
    try:
        data = json.loads((synthesis_dir(synthesis.pk) / STATE_NAME).read_text(encoding="utf-8"))
        job = PdfJob(
            state=str(data["state"]),
            revision=int(data["revision"]),
            step=int(data.get("step", 0)),
            steps=int(data.get("steps", 0)),
            doing=str(data.get("doing", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return PdfJob(state="", revision=synthesis.revision)
    if job.revision != synthesis.revision or job.state == DONE:
        return PdfJob(state="", revision=synthesis.revision)
    return job


def pdf_request(synthesis: Synthesis) -> PdfJob:
    """Queue the PDF of the synthesis as it reads now, unless it is made or on its way."""
    job = pdf_job(synthesis)
    if job.pending or job.state == DONE:
        return job
    _write_state(synthesis.pk, state=QUEUED, revision=synthesis.revision)
    synthesis_pdf_task.enqueue(synthesis.pk, synthesis.revision)
    return pdf_job(synthesis)


def _remove_older(synthesis: Synthesis) -> None:
    keep = pdf_path(synthesis).name
    for old in synthesis_dir(synthesis.pk).glob("sammenstilling-r*.pdf"):
        if old.name != keep:
            old.unlink(missing_ok=True)


def make_pdf(synthesis_id: int, revision: int) -> str:
    """Write the synthesis's PDF, reporting each step; the outcome is in the state file."""
    from boso.reports.documents_synthesis import STEPS, synthesis_pdf

    synthesis = Synthesis.objects.select_related("programme__region").filter(pk=synthesis_id)
    found = synthesis.first()
    if found is None or found.revision != revision:
        return "skipped"  # deleted or edited since: the page asks for a new one

    def progress(step: int, doing: str) -> None:
        _write_state(
            synthesis_id, state=RUNNING, revision=revision, step=step, steps=STEPS, doing=doing
        )

    try:
        content = synthesis_pdf(found, progress)
    except Exception:
        logger.exception("synthesis %s: the PDF failed", synthesis_id)
        _write_state(synthesis_id, state=FAILED, revision=revision, doing=_("PDF-en feilet."))
        return FAILED
    target = pdf_path(found)
    partial = target.with_suffix(".part")
    partial.write_bytes(content)
    os.replace(partial, target)
    _write_state(synthesis_id, state=DONE, revision=revision, step=STEPS, steps=STEPS)
    _remove_older(found)
    return DONE


@task()
def synthesis_pdf_task(synthesis_id: int, revision: int) -> str:
    """The synthesis as PDF/A, made by the worker; the page polls its state."""
    return make_pdf(synthesis_id, revision)
