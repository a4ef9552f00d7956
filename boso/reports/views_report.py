"""The report page, making a report, the workflow buttons (submit, return, approve,
reopen), comparing two versions and the overdue reports. Thin views: the services
check and write, the selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boso.core.permissions import permission_required
from boso.programmes.models import ReportingPeriod
from boso.reports import final, forms, selectors, services, workflow
from boso.reports.choices import Section
from boso.reports.models import Report
from boso.reports.views_edit import _errors, report_of, to_report


def _period(request: HttpRequest, pk: int, **_kwargs: Any) -> ReportingPeriod:
    return get_object_or_404(
        ReportingPeriod.objects.select_related(
            "participation__programme__region", "participation__municipality"
        ),
        pk=pk,
    )


@require_POST
@permission_required("reports.create_report", _period)
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    try:
        report = services.report_create(period=period, user=request.user)
    except ValidationError as exc:
        found = selectors.latest_report(period)
        if found is None:
            raise
        messages.info(request, " ".join(m for v in _errors(exc).values() for m in v))
        return to_report(found)
    messages.success(request, _("Rapporten er laget. Fyll ut delene og send den inn."))
    return to_report(report)


def _context(
    request: HttpRequest,
    report: Report,
    *,
    missing: dict[int, list[str]] | None = None,
    return_form: forms.ReturnForm | None = None,
    errors: list[str] | None = None,
) -> dict[str, Any]:
    user = request.user
    can_edit = user.has_perm("reports.edit_report", report)
    return {
        "report": report,
        "period": report.period,
        "participation": report.period.participation,
        "sections": selectors.sections(report, missing),
        "is_final": selectors.is_final(report),
        # The final report: every goal and indicator over the whole participation.
        "final_goals": final.goal_results(report) if selectors.is_final(report) else [],
        "final_indicators": final.indicator_results(report) if selectors.is_final(report) else [],
        "items": selectors.items_by_kind(report),
        "actuals": list(report.actuals.select_related("indicator")),
        "meetings": list(report.meetings.all()),
        "costs": list(report.costs.all()),
        "funding": list(report.funding.all()),
        "stories": list(report.stories.all()),
        "versions": selectors.versions(user, report),
        "can_edit": can_edit,
        "can_decide": user.has_perm("reports.decide_report", report),
        "can_reopen": user.has_perm("reports.reopen_report", report),
        "return_form": return_form or forms.ReturnForm(),
        "missing": missing or {},
        "errors": errors or [],
    }


@permission_required("reports.view_report", report_of)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_of(request, pk)
    return render(request, "reports/report.html", _context(request, report))


def _refused(request: HttpRequest, report: Report, exc: ValidationError, **kw: Any) -> HttpResponse:
    report.refresh_from_db()
    errors = [m for v in _errors(exc).values() for m in v]
    return render(
        request, "reports/report.html", _context(request, report, errors=errors, **kw), status=400
    )


@require_POST
@permission_required("reports.edit_report", report_of)
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_of(request, pk)
    form = forms.RevisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, report, ValidationError(_("Skjemaet mangler revisjonen.")))
    try:
        workflow.report_submit(
            report=report,
            expected_revision=form.cleaned_data["expected_revision"],
            user=request.user,
        )
    except services.ConflictError as exc:
        return _refused(request, report, exc)
    except ValidationError as exc:
        report.refresh_from_db()
        missing = workflow.missing_sections(report)
        if not missing:
            return _refused(request, report, exc)
        context = _context(request, report, missing=missing)
        return render(request, "reports/report.html", context, status=400)
    messages.success(request, _("Rapporten er sendt inn til Husbanken."))
    return to_report(report)


@require_POST
@permission_required("reports.decide_report", report_of)
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_of(request, pk)
    form = forms.ReturnForm(request.POST)
    form.is_valid()  # every field is optional; the service asks for at least one
    try:
        workflow.report_return(report=report, comments=form.comments(), user=request.user)
    except ValidationError as exc:
        return _refused(request, report, exc, return_form=form)
    messages.success(request, _("Rapporten er sendt tilbake til kommunen med kommentarene."))
    return to_report(report)


@require_POST
@permission_required("reports.decide_report", report_of)
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_of(request, pk)
    try:
        workflow.report_approve(report=report, user=request.user)
    except ValidationError as exc:
        return _refused(request, report, exc)
    messages.success(request, _("Rapporten er godkjent og låst for endringer."))
    return to_report(report)


@require_POST
@permission_required("reports.reopen_report", report_of)
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_of(request, pk)
    try:
        new = workflow.report_reopen(report=report, user=request.user)
    except ValidationError as exc:
        return _refused(request, report, exc)
    messages.success(
        request,
        _("Versjon %(number)s er laget som et utkast; den godkjente versjonen er som den var.")
        % {"number": new.number},
    )
    return to_report(new)


@permission_required("reports.view_report", report_of)
def report_compare(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    report = report_of(request, pk)
    older = get_object_or_404(Report, pk=other, period_id=report.period_id)
    if not request.user.has_perm("reports.view_report", older):
        raise Http404
    if older.number > report.number:
        report, older = older, report
    context = {
        "report": report,
        "older": older,
        "participation": report.period.participation,
        "diffs": selectors.compare(older, report),
    }
    return render(request, "reports/compare.html", context)


@permission_required("reports.view_overdue")
def overdue(request: HttpRequest) -> HttpResponse:
    context = {"rows": selectors.overdue(request.user), "sections": Section}
    return render(request, "reports/overdue.html", context)


urlpatterns: list[URLPattern] = [
    path("rapporter/forfalte/", overdue, name="overdue"),
    path("rapporteringsperioder/<int:pk>/rapport/ny/", report_create, name="create"),
    path("rapporter/<int:pk>/", report_detail, name="report"),
    path("rapporter/<int:pk>/send-inn/", report_submit, name="submit"),
    path("rapporter/<int:pk>/send-tilbake/", report_return, name="return"),
    path("rapporter/<int:pk>/godkjenn/", report_approve, name="approve"),
    path("rapporter/<int:pk>/apne-igjen/", report_reopen, name="reopen"),
    path("rapporter/<int:pk>/sammenlign/<int:other>/", report_compare, name="compare"),
]
