"""One writer beside the load: a coordinator saving a draft plan's texts, again and again.

  python -m bench.load_writer TARGETS SECONDS

Runs inside Django while wrk reads pages, so SQLite has concurrent readers (the server's
workers) and one writer. Each save is the service the plan's text page calls, in its own
transaction with the optimistic lock. Prints one JSON object: saves, "database is locked"
errors, other errors, and the slowest save in milliseconds.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

PAUSE_SECONDS = 0.05  # about twenty saves a second: far more than people type


def _draft_plan(plan_id: int) -> int:
    from boso.plans import services
    from boso.plans.choices import PlanStatus
    from boso.plans.models import Plan

    plan = Plan.objects.get(pk=plan_id)
    if plan.status != PlanStatus.DRAFT:
        plan = services.plan_new_version(
            plan=plan, title=plan.title, first_year=plan.first_year, last_year=plan.last_year
        )
    return plan.pk


def _save(plan_id: int, n: int) -> None:
    from django.db import transaction

    from boso.plans import services
    from boso.plans.models import Plan

    with transaction.atomic():
        plan = Plan.objects.get(pk=plan_id)
        services.plan_save_texts(
            plan=plan, expected_version=plan.version, summary=f"<p>Lagret {n} ganger.</p>"
        )


def write_for(targets: dict[str, Any], seconds: float) -> dict[str, float]:
    from django.db import OperationalError

    plan_id = _draft_plan(int(targets["plan"]))
    saves = locked = other = 0
    slowest = 0.0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        try:
            _save(plan_id, saves + 1)
            saves += 1
        except OperationalError as exc:
            locked += "locked" in str(exc)
            other += "locked" not in str(exc)
        except Exception:
            other += 1
        slowest = max(slowest, time.perf_counter() - start)
        time.sleep(PAUSE_SECONDS)
    return {"saves": saves, "locked": locked, "errors": other, "slowest_ms": slowest * 1000}


def main() -> None:
    import django

    django.setup()
    targets = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(json.dumps(write_for(targets, float(sys.argv[2]))))


if __name__ == "__main__":
    main()
