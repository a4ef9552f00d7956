"""Permission-matrix rows for the syntheses and dashboard API and the XLSX downloads of
a report and a synthesis (see permissions.py).

The syntheses are those of permissions_synthesis.py (a draft and a published one of
region sør's programme): Husbanken's admins and region sør's advisor read both, Drammen's
coordinator and reader the published one. The dashboard of that programme: its advisor
and admins. A report's workbook goes to whoever may read the report, as its PDF does
(permissions_documents.py): Lillehammer's approved report, Drammen's draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from boso.core.testing.matrix import Row, logged_in, only
from boso.reports.tests import permissions_documents as documents
from boso.reports.tests import permissions_synthesis as synthesis

API = "/api/v1"
MANAGERS = {"admin": 200, "advisor": 200}
READERS = {**MANAGERS, "coordinator": 200, "reader": 200}


def _dashboard(users: Mapping[str, Any]) -> str:
    return f"{API}/programmes/{synthesis._programme().programme_id}/dashboard"


ROWS: list[Row] = [
    Row("api syntheses", f"{API}/syntheses", logged_in(anonymous=401), api=True),
    Row(
        "api synthesis, draft",
        synthesis.at(API + "/syntheses/{pk}"),
        only(MANAGERS, anonymous=401),
        api=True,
    ),
    Row(
        "api synthesis, published",
        synthesis.at(API + "/syntheses/{pk}", synthesis.PUBLISHED),
        only(READERS, anonymous=401),
        api=True,
    ),
    Row(
        "api synthesis, unknown",
        f"{API}/syntheses/999999",
        logged_in(404, anonymous=401),
        api=True,
    ),
    Row("api programme dashboard", _dashboard, only(MANAGERS, anonymous=401), api=True),
    Row(
        "api programme dashboard, unknown",
        f"{API}/programmes/999999/dashboard",
        logged_in(404, anonymous=401),
        api=True,
    ),
    Row(
        "report xlsx, approved",
        documents.at("/rapporter/{report}/xlsx/", documents.lillehammer_report),
        only(documents.READ_APPROVED_OST),
    ),
    Row(
        "report xlsx, draft",
        documents.at("/rapporter/{report}/xlsx/", documents.drammen_draft),
        only(documents.READ_DRAFT_SOR),
    ),
    Row("report xlsx, unknown", "/rapporter/999999/xlsx/", logged_in(404)),
    Row("synthesis xlsx, draft", synthesis.at("/sammenstillinger/{pk}/xlsx/"), only(MANAGERS)),
    Row(
        "synthesis xlsx, published",
        synthesis.at("/sammenstillinger/{pk}/xlsx/", synthesis.PUBLISHED),
        only(READERS),
    ),
    Row("synthesis xlsx, unknown", "/sammenstillinger/999999/xlsx/", logged_in(404)),
]
