"""The report as documents to download: PDF/A, DOCX and its tables as XLSX, for whoever
may read the report (reports.view_report). Thin views: boso.reports.documents (and
documents_xlsx for the workbook) builds the bytes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils.text import slugify

from boso.core.permissions import permission_required
from boso.reports.models import Report

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request: HttpRequest, pk: int, **_kwargs: Any) -> Report:
    queryset = Report.objects.select_related("period__participation__municipality")
    return get_object_or_404(queryset, pk=pk)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _file_name(report: Report, suffix: str) -> str:
    """arsrapport-2010-lillehammer-3-v1.pdf: readable, and unique per report version."""
    period = report.period
    kind = slugify(str(period.get_kind_display()))
    municipality = slugify(period.participation.municipality.name)
    return f"{kind}-{period.ends_on.year}-{municipality}-{report.pk}-v{report.number}.{suffix}"


@permission_required("reports.view_report", _report)
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.reports import documents  # WeasyPrint loads only when a document is asked for

    report = _report(request, pk)
    return _download(documents.report_pdf(report), PDF, _file_name(report, "pdf"))


@permission_required("reports.view_report", _report)
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.reports import documents

    report = _report(request, pk)
    return _download(documents.report_docx(report), DOCX, _file_name(report, "docx"))


@permission_required("reports.view_report", _report)
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.reports.documents_xlsx import report_xlsx as workbook

    report = _report(request, pk)
    return _download(workbook(report), XLSX, _file_name(report, "xlsx"))


# Merged into boso/reports/urls.py by the lead.
urlpatterns: list[URLPattern] = [
    path("rapporter/<int:pk>/pdf/", report_pdf, name="report-pdf"),
    path("rapporter/<int:pk>/docx/", report_docx, name="report-docx"),
    path("rapporter/<int:pk>/xlsx/", report_xlsx, name="report-xlsx"),
]
