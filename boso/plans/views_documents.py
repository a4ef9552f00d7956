"""The plan as documents to download: PDF/A and DOCX, for whoever may read the plan
(plans.view_plan). Thin views: boso.plans.documents builds the bytes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils.text import slugify

from boso.core.permissions import permission_required
from boso.plans.models import Plan
from boso.plans.selectors_full import plans

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plan(request: HttpRequest, pk: int, **_kwargs: Any) -> Plan:
    return get_object_or_404(plans(), pk=pk)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _file_name(plan: Plan, suffix: str) -> str:
    """programplan-2011-drammen-7.pdf: readable, and unique per plan."""
    municipality = plan.participation.municipality.name
    title = slugify(plan.title.replace("–", "-"))  # an en dash would glue 2011–2012 together
    return f"{title}-{slugify(municipality)}-{plan.pk}.{suffix}"


@permission_required("plans.view_plan", _plan)
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.plans import documents  # WeasyPrint loads only when a document is asked for

    plan = _plan(request, pk)
    return _download(documents.plan_pdf(plan), PDF, _file_name(plan, "pdf"))


@permission_required("plans.view_plan", _plan)
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.plans import documents

    plan = _plan(request, pk)
    return _download(documents.plan_docx(plan), DOCX, _file_name(plan, "docx"))


urlpatterns: list[URLPattern] = [
    path("planer/<int:pk>/plan.pdf", plan_pdf, name="pdf"),
    path("planer/<int:pk>/plan.docx", plan_docx, name="docx"),
]
