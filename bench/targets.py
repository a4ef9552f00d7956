"""The ten main pages the benchmark opens, built from the national dataset's targets.

`generate_national_dataset` ends with a line `bench targets: {json}` naming one object of
each kind (a programme municipality, an indicator, the ranking run, …) and the accounts.
"""

from __future__ import annotations

import json
from typing import Any

PREFIX = "bench targets: "
# The account the pages are read as: a Husbanken advisor may read every one of them.
READER_ROLES = ("advisor", "husbanken", "admin")


def parse(output: str) -> dict[str, Any]:
    for line in reversed(output.splitlines()):
        if line.startswith(PREFIX):
            targets: dict[str, Any] = json.loads(line[len(PREFIX) :])
            return targets
    raise SystemExit(f"the dataset generator printed no line starting {PREFIX!r}")


def reader(targets: dict[str, Any]) -> str:
    accounts: dict[str, str] = targets["username"]
    for role in READER_ROLES:
        if role in accounts:
            return accounts[role]
    raise SystemExit(f"the dataset names no account for any of {READER_ROLES}: {accounts}")


def pages(targets: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, path) of the ten main pages; needs Django set up (reverse)."""
    from django.urls import reverse

    t = targets
    return [
        ("municipality list", reverse("municipalities:list")),
        ("fact sheet", reverse("facts:sheet", args=[t["municipality"]])),
        ("indicator page", reverse("facts:indicator", args=[t["indicator"]])),
        ("ranking", reverse("selection:run", args=[t["selection_run"]])),
        ("programme", reverse("programmes:programme", args=[t["programme"]])),
        ("application", reverse("programmes:application", args=[t["application"]])),
        ("plan", reverse("plans:plan", args=[t["plan"]])),
        ("report", reverse("reports:report", args=[t["report"]])),
        ("region dashboard", reverse("reports:programme-dashboard", args=[t["programme"]])),
        ("synthesis", reverse("reports:synthesis", args=[t["synthesis"]])),
    ]
