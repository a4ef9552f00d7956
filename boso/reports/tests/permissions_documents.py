"""Permission-matrix rows for the report documents (PDF and DOCX; see permissions.py).

Lillehammer's approved report from the demo (region øst) is read by Husbanken's
admins, region øst's advisor and Lillehammer's coordinator; Drammen's draft report
(region sør), made here, by the admins, region sør's advisor and Drammen's coordinator,
not by Drammen's reader (who sees approved reports only).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from boso.core.testing.matrix import Row, logged_in, only

READ_APPROVED_OST = {"admin": 200, "advisor_other": 200, "coordinator_other": 200}
READ_DRAFT_SOR = {"admin": 200, "advisor": 200, "coordinator": 200}


def lillehammer_report(users: Mapping[str, Any]) -> Any:
    from boso.demo.reports import lillehammer_period
    from boso.reports.models import Report

    return Report.objects.filter(period=lillehammer_period()).order_by("number").first()


def drammen_draft(users: Mapping[str, Any]) -> Any:
    """The report for Drammen's first reporting period, made once, left a draft."""
    from boso.programmes.models import ReportingPeriod
    from boso.reports import services
    from boso.reports.models import Report

    period = (
        ReportingPeriod.objects.filter(
            participation__municipality__code="0602", participation__programme__region__slug="sor"
        )
        .order_by("participation_id", "ends_on", "starts_on")
        .first()
    )
    assert period is not None  # the demo's agreement made the schedule
    found = Report.objects.filter(period=period).order_by("number").first()
    return found or services.report_create(period=period)


def at(template: str, report: Callable[[Mapping[str, Any]], Any]) -> Callable[..., str]:
    def url(users: Mapping[str, Any]) -> str:
        return template.format(report=report(users).pk)

    return url


ROWS: list[Row] = [
    Row(
        "report pdf, approved",
        at("/rapporter/{report}/pdf/", lillehammer_report),
        only(READ_APPROVED_OST),
    ),
    Row("report pdf, draft", at("/rapporter/{report}/pdf/", drammen_draft), only(READ_DRAFT_SOR)),
    Row("report pdf, unknown", "/rapporter/999999/pdf/", logged_in(404)),
    Row(
        "report docx, approved",
        at("/rapporter/{report}/docx/", lillehammer_report),
        only(READ_APPROVED_OST),
    ),
    Row("report docx, draft", at("/rapporter/{report}/docx/", drammen_draft), only(READ_DRAFT_SOR)),
    Row("report docx, unknown", "/rapporter/999999/docx/", logged_in(404)),
]
