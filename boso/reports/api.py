"""API endpoints for the reports municipalities file for their reporting periods:
/api/v1/reports and /api/v1/reporting-periods/{id}/report.

Reads ask the pages' permission (reports.view_report): the list holds only what the
caller may read, filtered in the query. Writes go through the same services as the
pages and check the permission before the body is read: a stale `revision` is a 409,
a refused save a 422 naming the field (or the section: `section-3`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import HttpError

from boso.accounts.predicates import is_admin, is_advisor, is_coordinator, is_municipal
from boso.api.schemas import ErrorOut
from boso.municipalities.selectors import municipality_lineage_ids
from boso.programmes.api import PermittedAuth
from boso.programmes.models import ReportingPeriod
from boso.programmes.schemas import ProblemsOut
from boso.reports import schemas, services, workflow
from boso.reports.choices import ReportStatus
from boso.reports.models import Report, ReportActual
from boso.reports.schemas import (
    ActualsIn,
    EconomyIn,
    ReportFilters,
    ReportOut,
    ReportPage,
    ReportTextsIn,
    ReturnIn,
    RevisionIn,
)

VIEW = "reports.view_report"
EDIT = "reports.edit_report"
DECIDE = "reports.decide_report"
REOPEN = "reports.reopen_report"
CREATE = "reports.create_report"

router = Router(tags=["reports"])
Json = dict[str, Any]

_REFUSED = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE = {200: ReportOut, **_REFUSED, 409: ErrorOut, 422: ProblemsOut}


def _reports() -> QuerySet[Report]:
    return Report.objects.select_related(
        "period__participation__programme__region",
        "period__participation__municipality",
        "approved_by",
        "filled_by",
    ).order_by("period__participation__municipality__code", "period__ends_on", "number")


def _report(report_id: int) -> Report:
    report = _reports().filter(pk=report_id).first()
    if report is None:
        raise HttpError(404, f"no report {report_id}")
    return report


def _report_in_path(report_id: int, **_kwargs: Any) -> Report:
    return _report(report_id)


def _period_in_path(period_id: int, **_kwargs: Any) -> ReportingPeriod:
    period = (
        ReportingPeriod.objects.select_related(
            "participation__programme__region", "participation__municipality"
        )
        .filter(pk=period_id)
        .first()
    )
    if period is None:
        raise HttpError(404, f"no reporting period {period_id}")
    return period


def reports_visible_to(user: Any) -> QuerySet[Report]:
    """The reports `user` may read, as reports.view_report decides one by one:
    administrators all, an advisor the own region's, a municipality's coordinator its
    reports (also under its earlier numbers), its readers the approved ones."""
    found = _reports()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return found.none()
    if user.is_superuser or is_admin(user):
        return found
    if is_advisor(user):
        return found.filter(period__participation__programme__region_id=user.region_id)
    if not is_municipal(user) or not user.municipality_id:
        return found.none()
    own = municipality_lineage_ids(user.municipality) | {user.municipality_id}
    found = found.filter(period__participation__municipality_id__in=own)
    return found if is_coordinator(user) else found.filter(status=ReportStatus.APPROVED)


def _whole(report_id: int) -> Json:
    """The report with its parts, in a fixed number of queries."""
    report = (
        _reports()
        .prefetch_related(
            "items",
            Prefetch("actuals", ReportActual.objects.select_related("indicator")),
            "meetings",
            "costs",
            "funding",
            "stories",
            "comments__author",
        )
        .get(pk=report_id)
    )
    return schemas.report_out(report)


def _refused(exc: ValidationError) -> Status[Json]:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    problems = [{"field": f, "message": m} for f, messages in errors.items() for m in messages]
    return Status(422, {"detail": problems})


def _saved(report_id: int, write: Callable[[], Any], status: int = 200) -> Status[Json]:
    """Run a service write; its refusal is a 409 (stale revision) or a 422."""
    try:
        result = write()
    except services.ConflictError as exc:
        return Status(409, {"detail": " ".join(exc.messages)})
    except ValidationError as exc:
        return _refused(exc)
    # Reopening makes a new version: answer that one.
    found = result.pk if isinstance(result, Report) else report_id
    return Status(status, _whole(found))


# Reads ------------------------------------------------------------------------------------


@router.get("/reports", response={200: ReportPage, 401: ErrorOut}, summary="Reports")
def list_reports(request: HttpRequest, filters: Query[ReportFilters]) -> Json:
    """The reports the caller may read, every version, paginated."""
    user: Any = request.auth  # type: ignore[attr-defined]
    found = reports_visible_to(user)
    if filters.participation is not None:
        found = found.filter(period__participation_id=filters.participation)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.kind:
        found = found.filter(period__kind=filters.kind)
    rows = found[filters.offset : filters.offset + filters.limit]
    return {"items": [schemas.report_summary(r) for r in rows], "count": found.count()}


@router.get(
    "/reports/{int:report_id}",
    response={200: ReportOut, **_REFUSED},
    auth=PermittedAuth(VIEW, _report_in_path),
    summary="One report, whole",
)
def get_report(request: HttpRequest, report_id: int) -> Json:
    """Section 1 as filled from the register, the texts, section 3's lines and
    actuals, meetings, costs, funding, stories and Husbanken's comments."""
    return _whole(report_id)


# Writes -----------------------------------------------------------------------------------


@router.post(
    "/reporting-periods/{int:period_id}/report",
    response={201: ReportOut, **_REFUSED, 422: ProblemsOut},
    auth=PermittedAuth(CREATE, _period_in_path),
    summary="Make the period's report",
)
def create_report(request: HttpRequest, period_id: int) -> Status[Json]:
    """A draft laid out from the plan (reports.create_report: the municipality's
    coordinator or Husbanken). A period has one report: a second is a 422."""
    period = _period_in_path(period_id)
    user = request.auth  # type: ignore[attr-defined]
    return _saved(0, lambda: services.report_create(period=period, user=user), status=201)


@router.put(
    "/reports/{int:report_id}/texts",
    response=_WRITE,
    auth=PermittedAuth(EDIT, _report_in_path),
    summary="Save the report's texts",
)
def save_texts(request: HttpRequest, report_id: int, payload: ReportTextsIn) -> Status[Json]:
    """Save the texts the body holds (reports.edit_report: a draft or returned report,
    by its municipality's coordinator)."""
    report = _report(report_id)
    texts = {
        name: value
        for name, value in payload.model_dump(exclude={"revision"}).items()
        if value is not None
    }
    return _saved(
        report_id,
        lambda: services.report_save_texts(
            report=report, expected_revision=payload.revision, **texts
        ),
    )


@router.put(
    "/reports/{int:report_id}/actuals",
    response=_WRITE,
    auth=PermittedAuth(EDIT, _report_in_path),
    summary="Save the indicators' actuals",
)
def save_actuals(request: HttpRequest, report_id: int, payload: ActualsIn) -> Status[Json]:
    """Plan indicator id → its actual; an indicator the plan does not have is a 422."""
    report = _report(report_id)
    actuals = {
        indicator: values.model_dump(exclude_none=True)
        for indicator, values in payload.actuals.items()
    }
    return _saved(
        report_id,
        lambda: services.report_save_actuals(
            report=report, expected_revision=payload.revision, actuals=actuals
        ),
    )


@router.put(
    "/reports/{int:report_id}/economy",
    response=_WRITE,
    auth=PermittedAuth(EDIT, _report_in_path),
    summary="Save section 5, the economy",
)
def save_economy(request: HttpRequest, report_id: int, payload: EconomyIn) -> Status[Json]:
    """Costs must add up to the stated total; the forecast is a range, low to high."""
    report = _report(report_id)
    values = payload.model_dump(exclude={"revision"})
    return _saved(
        report_id,
        lambda: services.report_save_economy(
            report=report, expected_revision=payload.revision, **values
        ),
    )


@router.post(
    "/reports/{int:report_id}/submit",
    response=_WRITE,
    auth=PermittedAuth(EDIT, _report_in_path),
    summary="Send the report to Husbanken",
)
def submit(request: HttpRequest, report_id: int, payload: RevisionIn) -> Status[Json]:
    """Refused with a 422 naming every missing part (`section-2`, …) while a required
    section is empty."""
    report, user = _report(report_id), request.auth  # type: ignore[attr-defined]
    return _saved(
        report_id,
        lambda: workflow.report_submit(
            report=report, expected_revision=payload.revision, user=user
        ),
    )


@router.post(
    "/reports/{int:report_id}/return",
    response=_WRITE,
    auth=PermittedAuth(DECIDE, _report_in_path),
    summary="Send the report back with comments",
)
def return_report(request: HttpRequest, report_id: int, payload: ReturnIn) -> Status[Json]:
    """Husbanken (reports.decide_report, a submitted report) comments on at least one
    section; the coordinator can then edit and resubmit it."""
    report, user = _report(report_id), request.auth  # type: ignore[attr-defined]
    return _saved(
        report_id,
        lambda: workflow.report_return(report=report, comments=payload.comments, user=user),
    )


@router.post(
    "/reports/{int:report_id}/approve",
    response=_WRITE,
    auth=PermittedAuth(DECIDE, _report_in_path),
    summary="Approve the report",
)
def approve(request: HttpRequest, report_id: int) -> Status[Json]:
    """An approved report is locked; its municipality's readers can then read it."""
    report, user = _report(report_id), request.auth  # type: ignore[attr-defined]
    return _saved(report_id, lambda: workflow.report_approve(report=report, user=user))


@router.post(
    "/reports/{int:report_id}/reopen",
    response=_WRITE,
    auth=PermittedAuth(REOPEN, _report_in_path),
    summary="Reopen an approved report as a new version",
)
def reopen(request: HttpRequest, report_id: int) -> Status[Json]:
    """The approved version stays; the answer is the next version, a draft copying it."""
    report, user = _report(report_id), request.auth  # type: ignore[attr-defined]
    return _saved(report_id, lambda: workflow.report_reopen(report=report, user=user))
