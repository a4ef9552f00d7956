"""The two dashboards: the region's overview of a programme (report status per
municipality and period, money, key indicators; with an XLSX of its tables) and a
municipality's overview of its participation (plan progress, money, reports); both
as PDF/A and DOCX too. Thin views: boso.reports.dashboards reads,
boso.reports.documents_dashboards writes the documents."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils.text import slugify

from boso.core.permissions import permission_required
from boso.documents.renderers import workbook_bytes
from boso.programmes.models import Participation, Programme
from boso.programmes.selectors import money_participations
from boso.reports import dashboards

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _programme(request: HttpRequest, pk: int, **_kwargs: Any) -> Programme:
    return get_object_or_404(Programme.objects.select_related("region"), pk=pk)


def _participation(request: HttpRequest, pk: int, **_kwargs: Any) -> Participation:
    return get_object_or_404(money_participations(), pk=pk)


@permission_required("reports.view_programme_dashboard", _programme)
def programme_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    board = dashboards.region_board(_programme(request, pk))
    context = {"board": board, "programme": board.programme, "spent_note": dashboards.spent_note()}
    return render(request, "reports/dashboards/region.html", context)


@permission_required("reports.view_programme_dashboard", _programme)
def programme_dashboard_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    content = workbook_bytes(dashboards.region_sheets(dashboards.region_board(programme)))
    return _download(content, XLSX, _programme_file(programme, "xlsx"))


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _programme_file(programme: Programme, suffix: str) -> str:
    return f"oversikt-{slugify(programme.name)}-{programme.start_year}.{suffix}"


def _participation_file(participation: Participation, suffix: str) -> str:
    municipality = slugify(participation.municipality.name)
    return f"oversikt-{municipality}-{participation.programme.start_year}.{suffix}"


@permission_required("reports.view_programme_dashboard", _programme)
def programme_dashboard_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.reports import documents_dashboards  # WeasyPrint loads only when asked

    programme = _programme(request, pk)
    content = documents_dashboards.region_pdf(programme)
    return _download(content, PDF, _programme_file(programme, "pdf"))


@permission_required("reports.view_programme_dashboard", _programme)
def programme_dashboard_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.reports import documents_dashboards

    programme = _programme(request, pk)
    content = documents_dashboards.region_docx(programme)
    return _download(content, DOCX, _programme_file(programme, "docx"))


@permission_required("programmes.view_money", _participation)
def participation_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk)
    context = {
        "board": dashboards.municipality_board(participation),
        "participation": participation,
        "spent_note": dashboards.spent_note(),
    }
    return render(request, "reports/dashboards/municipality.html", context)


@permission_required("programmes.view_money", _participation)
def participation_dashboard_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.reports import documents_dashboards

    participation = _participation(request, pk)
    content = documents_dashboards.municipality_pdf(participation)
    return _download(content, PDF, _participation_file(participation, "pdf"))


@permission_required("programmes.view_money", _participation)
def participation_dashboard_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.reports import documents_dashboards

    participation = _participation(request, pk)
    content = documents_dashboards.municipality_docx(participation)
    return _download(content, DOCX, _participation_file(participation, "docx"))


urlpatterns: list[URLPattern] = [
    path("programmer/<int:pk>/oversikt/", programme_dashboard, name="programme-dashboard"),
    path(
        "programmer/<int:pk>/oversikt.xlsx",
        programme_dashboard_xlsx,
        name="programme-dashboard-xlsx",
    ),
    path(
        "programmer/<int:pk>/oversikt.pdf", programme_dashboard_pdf, name="programme-dashboard-pdf"
    ),
    path(
        "programmer/<int:pk>/oversikt.docx",
        programme_dashboard_docx,
        name="programme-dashboard-docx",
    ),
    path(
        "programmer/deltakelser/<int:pk>/oversikt/",
        participation_dashboard,
        name="participation-dashboard",
    ),
    path(
        "programmer/deltakelser/<int:pk>/oversikt.pdf",
        participation_dashboard_pdf,
        name="participation-dashboard-pdf",
    ),
    path(
        "programmer/deltakelser/<int:pk>/oversikt.docx",
        participation_dashboard_docx,
        name="participation-dashboard-docx",
    ),
]
