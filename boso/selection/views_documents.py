"""Downloads of a run: the ranking and the decision memo (beslutningsnotat), PDF and XLSX.

Thin views: boso/selection/documents.py builds the content, boso/documents renders it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from boso.core.permissions import permission_required
from boso.selection import documents
from boso.selection.models import ScoringRun

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(
    run_id: int, kind: str, extension: str, content_type: str, build: Callable[..., bytes]
) -> HttpResponse:
    run = get_object_or_404(
        ScoringRun.objects.select_related(
            "definition__region", "definition__suggested_tier", "definition__base_tier"
        ),
        pk=run_id,
    )
    response = HttpResponse(build(run), content_type=content_type)
    name = f"{kind}-{slugify(run.definition.family)}-v{run.definition.version}-{run.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("selection.view_selection")
def ranking_pdf(request: HttpRequest, run_id: int) -> HttpResponse:
    return _download(run_id, "rangering", "pdf", PDF, documents.ranking_pdf)


@permission_required("selection.view_selection")
def ranking_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    return _download(run_id, "rangering", "xlsx", XLSX, documents.ranking_xlsx)


@permission_required("selection.view_selection")
def memo_pdf(request: HttpRequest, run_id: int) -> HttpResponse:
    return _download(run_id, "beslutningsnotat", "pdf", PDF, documents.memo_pdf)


@permission_required("selection.view_selection")
def memo_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    return _download(run_id, "beslutningsnotat", "xlsx", XLSX, documents.memo_xlsx)
