"""The two dashboards: the region's overview of a programme (report status per
municipality and period, money, key indicators; with an XLSX of its tables) and a
municipality's overview of its participation (plan progress, money, reports). Thin
views: boso.reports.dashboards reads."""

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
    response = HttpResponse(content, content_type=XLSX)
    name = f"oversikt-{slugify(programme.name)}-{programme.start_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("programmes.view_money", _participation)
def participation_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk)
    context = {
        "board": dashboards.municipality_board(participation),
        "participation": participation,
        "spent_note": dashboards.spent_note(),
    }
    return render(request, "reports/dashboards/municipality.html", context)


urlpatterns: list[URLPattern] = [
    path("programmer/<int:pk>/oversikt/", programme_dashboard, name="programme-dashboard"),
    path(
        "programmer/<int:pk>/oversikt.xlsx",
        programme_dashboard_xlsx,
        name="programme-dashboard-xlsx",
    ),
    path(
        "programmer/deltakelser/<int:pk>/oversikt/",
        participation_dashboard,
        name="participation-dashboard",
    ),
]
