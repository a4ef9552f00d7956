"""Importing statistics in the browser: form, preview, confirm, progress, recent runs.

The work is in boso.statistics.import_flow; these views only route and render. Pages
that wait for the worker poll themselves with htmx every second; without JavaScript
they offer an "Oppdater" link instead of refreshing on their own.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from boso.accounts.models import User
from boso.core.permissions import permission_required
from boso.core.uploads import upload_limit
from boso.statistics import import_flow, services
from boso.statistics.forms import ImportSourceForm, SizeLimitedUploadHandler, max_upload_mb
from boso.statistics.models import ImportRun

PERM = "statistics.import_statistics"


# The upload handler must be in place before anything reads the request body, and the
# CSRF check reads it; so CSRF is checked inside, after the handler is set (the way
# Django's documentation describes for upload handlers). Larger bodies than the limit
# are refused before that, unread, by boso.core.uploads.UploadSizeMiddleware.
@upload_limit("STATISTICS_IMPORT_MAX_BYTES")
@csrf_exempt
@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def import_start(request: HttpRequest) -> HttpResponse:
    handler = None
    if request.method == "POST":
        handler = SizeLimitedUploadHandler(request, limit=settings.STATISTICS_IMPORT_MAX_BYTES)
        request.upload_handlers = [handler]
    return _import_start(request, handler)


@csrf_protect
def _import_start(request: HttpRequest, handler: SizeLimitedUploadHandler | None) -> HttpResponse:
    form = ImportSourceForm()
    too_large = False
    if request.method == "POST":
        post, files = request.POST, request.FILES  # parsing the body runs the handler
        too_large = bool(handler and handler.too_large)
        form = ImportSourceForm(post, files, upload_too_large=too_large)
    if request.method == "POST" and form.is_valid():
        user = request.user if isinstance(request.user, User) else None
        data = form.cleaned_data
        try:
            if data["file"]:
                run = import_flow.import_run_create_from_upload(
                    user=user, upload=data["file"], profile=data["profile"]
                )
            else:
                run = import_flow.import_run_create_from_url(
                    user=user, url=data["url"], profile=data["profile"]
                )
        except import_flow.ImportFlowError as exc:
            form.add_error("url", str(exc))
        else:
            import_flow.import_run_preview(run=run)
            return redirect("statistics:import-preview", pk=run.pk)
    context = {"form": form, "max_mb": max_upload_mb()}
    return render(
        request, "statistics/import_start.html", context, status=413 if too_large else 200
    )


def _run_context(run: ImportRun) -> dict[str, Any]:
    return {
        "run": run,
        "pending": import_flow.is_pending(run),
        "progress": import_flow.import_run_progress(run),
        "report": import_flow.import_run_report(run),
        "can_confirm": import_flow.can_confirm(run),
        "can_cancel": import_flow.can_cancel(run),
    }


def _go(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    """A redirect; for htmx a client-side one, so a polled fragment becomes a new page."""
    url = reverse(name, args=[pk])
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _run_page(request: HttpRequest, run: ImportRun, page: str) -> HttpResponse:
    """The page, or only its changing part when htmx polls for it."""
    part = "_state" if request.htmx else ""  # type: ignore[attr-defined]
    return render(request, f"statistics/import_{page}{part}.html", _run_context(run))


@require_GET
@permission_required(PERM)
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.select_related("profile", "user"), pk=pk)
    if import_flow.run_phase(run) == import_flow.IMPORT:
        return _go(request, "statistics:import-progress", run.pk)
    return _run_page(request, run, "preview")


@require_POST
@permission_required(PERM)
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        import_flow.import_run_confirm(run=run)  # a second click finds it confirmed: fine
    except import_flow.ImportFlowError as exc:
        messages.error(request, str(exc))
        return redirect("statistics:import-preview", pk=run.pk)
    return redirect("statistics:import-progress", pk=run.pk)


@require_POST
@permission_required(PERM)
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        import_flow.import_run_cancel(run=run)
    except import_flow.ImportFlowError as exc:
        messages.error(request, str(exc))
        return redirect("statistics:import-preview", pk=run.pk)
    messages.info(request, _("Importen er avbrutt. Ingenting er lagret."))
    return redirect("statistics:import")


@require_GET
@permission_required(PERM)
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.select_related("profile", "user"), pk=pk)
    if import_flow.run_phase(run) == import_flow.PREVIEW:
        return _go(request, "statistics:import-preview", run.pk)
    return _run_page(request, run, "progress")


@require_GET
@permission_required(PERM)
def import_runs(request: HttpRequest) -> HttpResponse:
    # A run whose worker was killed would otherwise stay "running" here for ever.
    services.import_runs_abandon_stale()
    rows = [
        {
            "run": run,
            "url": reverse(
                "statistics:import-progress"
                if import_flow.run_phase(run) == import_flow.IMPORT
                else "statistics:import-preview",
                args=[run.pk],
            ),
        }
        for run in import_flow.import_runs_recent()
    ]
    return render(request, "statistics/import_runs.html", {"rows": rows})
