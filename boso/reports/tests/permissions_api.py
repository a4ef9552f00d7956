"""Permission-matrix rows: the reports API (see permissions.py).

Each row makes a report for the first reporting period of Drammen's demo participation
(region sør). It is read by Husbanken's managers of the region and Drammen's
coordinator, and once approved by Drammen's reader too. Only the coordinator fills it
(reports.edit_report); the managers return, approve and reopen it. Administrators are
superusers and pass every permission: where the state forbids the step, the service
answers their 422. Region øst's advisor and Lillehammer's coordinator get nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from boso.core.testing.matrix import Row, logged_in, only

API = "/api/v1/reports"
READ = {"admin": 200, "advisor": 200, "coordinator": 200}
READ_APPROVED = {**READ, "reader": 200}
# The body is checked after the permission: the matrix's `{}` lacks `revision` (422;
# 400 for a POST, whose empty form is no JSON at all).
WRITE = {"admin": 422, "coordinator": 422}
WRITE_POST = {"admin": 400, "coordinator": 400}
DECIDE = {"admin": 200, "advisor": 200}


def drammen_period() -> Any:
    """A reporting period of Drammen's demo participation without a report yet. The
    completeness test resolves every row's URL in one test, more than the ten periods
    the schedule has: then one more half-year is added after them."""
    import datetime

    from boso.programmes.models import ReportingPeriod

    periods = ReportingPeriod.objects.filter(
        participation__municipality__code="0602", participation__programme__region__slug="sor"
    ).order_by("participation_id", "ends_on", "starts_on")
    free = periods.filter(reports__isnull=True).first()
    if free is not None:
        return free
    last = periods.order_by("-starts_on")[0]
    starts_on = datetime.date(last.starts_on.year + 1, 1, 1)
    return ReportingPeriod.objects.create(
        participation=last.participation,
        kind="half_year",
        starts_on=starts_on,
        ends_on=starts_on.replace(month=6, day=30),
        due_on=starts_on.replace(month=8, day=29),
    )


def complete(report: Any) -> Any:
    """Fill every section a submission needs, through the services."""
    from boso.plans.choices import ActivityStatus
    from boso.reports import services
    from boso.reports.choices import ActualSource, ItemKind

    activities = {
        item.pk: {"status": ActivityStatus.ONGOING, "comment": "I gang som planlagt."}
        for item in report.items.filter(kind=ItemKind.ACTIVITY)
    }
    services.report_save_items(report=report, expected_revision=report.revision, items=activities)
    entered = {
        a.indicator_id: {"comment": "Tallet kommer i neste rapport."}
        for a in report.actuals.filter(source=ActualSource.REPORT)
    }
    services.report_save_actuals(report=report, expected_revision=report.revision, actuals=entered)
    services.report_save_texts(
        report=report,
        expected_revision=report.revision,
        progress="Programmet er i rute.",
        goals_comment="Målene står fast.",
        organisation="Styringsgruppa har møttes to ganger.",
        learning="Vi har delt erfaringer i nettverket.",
        results="Færre står på venteliste.",
        into_operations="Boveiledningen er ordinær drift.",
        remaining="Boligsosial strategi.",
    )
    services.report_save_economy(
        report=report,
        expected_revision=report.revision,
        costs={"wages": Decimal("100000")},
        funding={"husbanken": Decimal("100000")},
        stated_total=Decimal("100000"),
    )
    return report


def drammen_report(state: str = "draft") -> Any:
    """The period's report: a draft, submitted or approved."""
    from boso.reports import services, workflow

    report = services.report_create(period=drammen_period())
    if state == "draft":
        return report
    workflow.report_submit(report=complete(report), expected_revision=report.revision)
    return workflow.report_approve(report=report) if state == "approved" else report


def at(template: str, state: str = "draft") -> Callable[[Mapping[str, Any]], str]:
    """A URL on a fresh report ({report} in the template)."""

    def url(users: Mapping[str, Any]) -> str:
        return template.format(report=drammen_report(state).pk)

    return url


def period_url(users: Mapping[str, Any]) -> str:
    return f"/api/v1/reporting-periods/{drammen_period().pk}/report"


def _write(name: str, path: str, method: str = "PUT") -> list[Row]:
    """A coordinator's write on a draft, on an approved report and on no report."""
    write = WRITE if method == "PUT" else WRITE_POST
    return [
        Row(
            f"api report {name}, draft",
            at(API + "/{report}" + path),
            only(write, anonymous=401),
            method=method,
            api=True,
        ),
        Row(
            f"api report {name}, approved",
            at(API + "/{report}" + path, "approved"),
            only({"admin": write["admin"]}, anonymous=401),
            method=method,
            api=True,
        ),
        Row(
            f"api report {name}, unknown",
            API + "/999999" + path,
            logged_in(404, anonymous=401),
            method=method,
            api=True,
        ),
    ]


def _decide(
    name: str, path: str, allowed: Mapping[str, int], state: str, refused: int = 422
) -> list[Row]:
    """A manager's step on a report in `state`, and the same on a draft (refused)."""
    return [
        Row(
            f"api report {name}, {state}",
            at(API + "/{report}" + path, state),
            only(allowed, anonymous=401),
            method="POST",
            api=True,
        ),
        Row(
            f"api report {name}, draft",
            at(API + "/{report}" + path),
            only({"admin": refused}, anonymous=401),
            method="POST",
            api=True,
        ),
    ]


ROWS: list[Row] = [
    Row("api reports", API, logged_in(anonymous=401), api=True),
    Row("api report, draft", at(API + "/{report}"), only(READ, anonymous=401), api=True),
    Row(
        "api report, approved",
        at(API + "/{report}", "approved"),
        only(READ_APPROVED, anonymous=401),
        api=True,
    ),
    Row("api report, unknown", API + "/999999", logged_in(404, anonymous=401), api=True),
    Row(
        "api report create",
        period_url,
        only({"admin": 201, "advisor": 201, "coordinator": 201}, anonymous=401),
        method="POST",
        api=True,
    ),
    Row(
        "api report create, unknown period",
        "/api/v1/reporting-periods/999999/report",
        logged_in(404, anonymous=401),
        method="POST",
        api=True,
    ),
    *_write("texts", "/texts"),
    *_write("actuals", "/actuals"),
    *_write("economy", "/economy"),
    *_write("submit", "/submit", method="POST"),
    # Returning needs comments: the matrix's empty body has none once the permission passes.
    *_decide("return", "/return", {"admin": 400, "advisor": 400}, "submitted", 400),
    *_decide("approve", "/approve", DECIDE, "submitted"),
    *_decide("reopen", "/reopen", DECIDE, "approved"),
]
