"""Background tasks of the statistics app (django-tasks; `manage.py db_worker` runs them).

The task only carries the run's id: the stored file and everything else is read again
from the run, so a task waiting in the queue holds no data of its own.
"""

from __future__ import annotations

from django_tasks import task

from boso.statistics import import_flow


@task()
def import_run_task(run_id: int, dry_run: bool) -> str:
    """Preview (dry_run) or import a run's stored file; the outcome is on the run."""
    run = import_flow.import_run_execute(run_id=run_id, dry_run=dry_run)
    return run.status if run is not None else "skipped"
