"""The region's synthesis in the browser: a programme's syntheses and the form that
drafts one, the synthesis page with its tables, the edit page (every form carries the
revision: a stale save answers 409 and keeps what was typed, the stored text beside
it), publishing, and the documents: the PDF made in the background with its progress
page and a permission-checked download, and the DOCX made at once.

Thin views: boso.reports.synthesis writes, boso.reports.documents_synthesis reads and
formats, boso.reports.tasks makes and keeps the PDF."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from boso.core.fields import NorwegianDateField
from boso.core.locking import ConflictError
from boso.core.permissions import permission_required
from boso.programmes.models import Programme
from boso.reports import synthesis as services
from boso.reports import tasks
from boso.reports.documents_synthesis import synthesis_context
from boso.reports.models import Synthesis
from boso.reports.rules import takes_part_in_programme
from boso.reports.views_edit import _errors

VIEW, EDIT, CREATE = "reports.view_synthesis", "reports.edit_synthesis", "reports.create_synthesis"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _programme(request: HttpRequest, pk: int, **_kwargs: Any) -> Programme:
    return get_object_or_404(Programme.objects.select_related("region"), pk=pk)


def _synthesis(request: HttpRequest, pk: int, **_kwargs: Any) -> Synthesis:
    return get_object_or_404(Synthesis.objects.select_related("programme__region"), pk=pk)


# Forms ------------------------------------------------------------------------------------


class CreateForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Tittel"), max_length=200)
    starts_on = NorwegianDateField(label=gettext_lazy("Fra"))
    ends_on = NorwegianDateField(label=gettext_lazy("Til"))


class EditForm(forms.Form):
    """Title, introduction, closing and a text per municipality, with the revision."""

    expected_revision = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=gettext_lazy("Tittel"), max_length=200, required=False)
    introduction = forms.CharField(
        label=gettext_lazy("Innledning"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    closing = forms.CharField(
        label=gettext_lazy("Generelt for flere av kommunene"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

    def __init__(self, *args: Any, synthesis: Synthesis, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.paragraphs = list(synthesis.paragraphs.all())
        for paragraph in self.paragraphs:
            self.fields[f"paragraph-{paragraph.pk}"] = forms.CharField(
                label=paragraph.heading,
                widget=forms.Textarea(attrs={"rows": 8}),
                required=False,
            )

    def texts(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"paragraph-{p.pk}"] for p in self.paragraphs}


def _stored(synthesis: Synthesis) -> dict[str, Any]:
    found: dict[str, Any] = {
        "expected_revision": synthesis.revision,
        "title": synthesis.title,
        "introduction": synthesis.introduction,
        "closing": synthesis.closing,
    }
    found |= {f"paragraph-{p.pk}": p.text for p in synthesis.paragraphs.all()}
    return found


def _add_errors(form: forms.Form, exc: ValidationError) -> list[str]:
    general = []
    for key, found in _errors(exc).items():
        for message in found:
            if key in form.fields:
                form.add_error(key, message)
            else:
                general.append(message)
    return general


# The programme's syntheses ----------------------------------------------------------------


def _list_page(
    request: HttpRequest, programme: Programme, form: CreateForm | None, status: int = 200
) -> HttpResponse:
    user = request.user
    can_create = user.has_perm(CREATE, programme)
    if not can_create and not takes_part_in_programme(user, programme):
        raise PermissionDenied(VIEW)
    found = Synthesis.objects.filter(programme=programme)
    items = [s for s in found if user.has_perm(VIEW, s)]
    context = {
        "programme": programme,
        "syntheses": items,
        "form": (form or CreateForm()) if can_create else None,
    }
    return render(request, "reports/synthesis/list.html", context, status=status)


@require_GET
@login_required
def synthesis_list(request: HttpRequest, pk: int) -> HttpResponse:
    return _list_page(request, _programme(request, pk), None)


@require_POST
@permission_required(CREATE, _programme)
def synthesis_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    form = CreateForm(request.POST)
    if form.is_valid():
        try:
            made = services.synthesis_draft(
                programme=programme, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in _add_errors(form, exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Utkastet er skrevet fra de godkjente rapportene."))
            return redirect("reports:synthesis", pk=made.pk)
    return _list_page(request, programme, form, status=400)


# The synthesis ----------------------------------------------------------------------------


def _page(
    request: HttpRequest, synthesis: Synthesis, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    context = {
        **synthesis_context(synthesis),
        "can_edit": user.has_perm(EDIT, synthesis),
        "job": tasks.pdf_job(synthesis),
        "errors": errors or [],
    }
    return render(request, "reports/synthesis/detail.html", context, status=status)


@require_GET
@permission_required(VIEW, _synthesis)
def synthesis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _synthesis(request, pk))


@permission_required(EDIT, _synthesis)
def synthesis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    synthesis = _synthesis(request, pk)
    status, general, stored = 200, [], {}
    if request.method != "POST":
        form = EditForm(initial=_stored(synthesis), synthesis=synthesis)
    else:
        form = EditForm(request.POST, synthesis=synthesis)
        if not form.is_valid():
            status = 400
        else:
            try:
                services.synthesis_save(
                    synthesis=synthesis,
                    expected_revision=form.cleaned_data["expected_revision"],
                    title=form.cleaned_data["title"],
                    introduction=form.cleaned_data["introduction"],
                    closing=form.cleaned_data["closing"],
                    paragraphs=form.texts(),
                )
            except ConflictError:
                synthesis.refresh_from_db()
                form, stored, status = (
                    _conflict(request, synthesis),
                    _changed(request, synthesis),
                    409,
                )
            except ValidationError as exc:
                general, status = _add_errors(form, exc), 400
            else:
                messages.success(request, _("Endringene er lagret."))
                return redirect("reports:synthesis", pk=synthesis.pk)
    context = {"synthesis": synthesis, "form": form, "general": general, "stored": stored}
    return render(request, "reports/synthesis/edit.html", context, status=status)


def _conflict(request: HttpRequest, synthesis: Synthesis) -> EditForm:
    """What was typed, with the stored revision: saving again overwrites on purpose."""
    data = request.POST.copy()
    data["expected_revision"] = str(synthesis.revision)
    form = EditForm(data, synthesis=synthesis)
    form.is_valid()
    return form


def _changed(request: HttpRequest, synthesis: Synthesis) -> dict[str, str]:
    """The stored text of every field where it differs from what was typed."""
    stored = _stored(synthesis)
    return {
        name: str(text)
        for name, text in stored.items()
        if name != "expected_revision"
        and str(text).strip() != request.POST.get(name, "").replace("\r\n", "\n").strip()
    }


@require_POST
@permission_required(EDIT, _synthesis)
def synthesis_publish(request: HttpRequest, pk: int) -> HttpResponse:
    synthesis = _synthesis(request, pk)
    try:
        revision = int(request.POST.get("expected_revision", ""))
    except ValueError:
        return _page(request, synthesis, [_("Skjemaet mangler revisjonen.")], status=400)
    try:
        services.synthesis_publish(synthesis=synthesis, expected_revision=revision)
    except ConflictError as exc:
        synthesis.refresh_from_db()
        return _page(request, synthesis, [str(exc.message)], status=409)
    except ValidationError as exc:
        synthesis.refresh_from_db()
        found = [m for v in _errors(exc).values() for m in v]
        return _page(request, synthesis, found, status=400)
    messages.success(request, _("Sammenstillingen er publisert."))
    return redirect("reports:synthesis", pk=synthesis.pk)


# Documents --------------------------------------------------------------------------------


def _file_name(synthesis: Synthesis, suffix: str) -> str:
    """sammenstilling-2-halvar-2015-12-r3.pdf: readable, unique per revision."""
    return (
        f"sammenstilling-{slugify(synthesis.title)}-{synthesis.pk}-r{synthesis.revision}.{suffix}"
    )


@require_POST
@permission_required(VIEW, _synthesis)
def synthesis_pdf_make(request: HttpRequest, pk: int) -> HttpResponse:
    tasks.pdf_request(_synthesis(request, pk))
    return redirect("reports:synthesis-pdf-progress", pk=pk)


@require_GET
@permission_required(VIEW, _synthesis)
def synthesis_pdf_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's state; htmx polls the changing part every second while it runs."""
    synthesis = _synthesis(request, pk)
    context = {"synthesis": synthesis, "job": tasks.pdf_job(synthesis)}
    part = "_state" if request.htmx else ""  # type: ignore[attr-defined]
    return render(request, f"reports/synthesis/pdf_progress{part}.html", context)


@require_GET
@permission_required(VIEW, _synthesis)
def synthesis_pdf_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    synthesis = _synthesis(request, pk)
    found = tasks.pdf_path(synthesis)
    if not found.is_file():
        messages.info(request, _("PDF-en av denne versjonen er ikke laget ennå."))
        return redirect("reports:synthesis-pdf-progress", pk=pk)
    response = FileResponse(
        found.open("rb"), as_attachment=True, filename=_file_name(synthesis, "pdf")
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@permission_required(VIEW, _synthesis)
def synthesis_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.reports.documents_synthesis import synthesis_docx as document

    synthesis = _synthesis(request, pk)
    response = HttpResponse(document(synthesis), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(synthesis, "docx")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@permission_required(VIEW, _synthesis)
def synthesis_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The tables (money, indicator movements) as a workbook, numbers as numbers."""
    from boso.reports.documents_xlsx import synthesis_xlsx as workbook

    synthesis = _synthesis(request, pk)
    response = HttpResponse(workbook(synthesis), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(synthesis, "xlsx")}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("programmer/<int:pk>/sammenstillinger/", synthesis_list, name="synthesis-list"),
    path("programmer/<int:pk>/sammenstillinger/ny/", synthesis_create, name="synthesis-create"),
    path("sammenstillinger/<int:pk>/", synthesis_detail, name="synthesis"),
    path("sammenstillinger/<int:pk>/rediger/", synthesis_edit, name="synthesis-edit"),
    path("sammenstillinger/<int:pk>/publiser/", synthesis_publish, name="synthesis-publish"),
    path("sammenstillinger/<int:pk>/pdf/", synthesis_pdf_make, name="synthesis-pdf"),
    path(
        "sammenstillinger/<int:pk>/pdf/fremdrift/",
        synthesis_pdf_progress,
        name="synthesis-pdf-progress",
    ),
    path(
        "sammenstillinger/<int:pk>/pdf/last-ned/",
        synthesis_pdf_download,
        name="synthesis-pdf-download",
    ),
    path("sammenstillinger/<int:pk>/docx/", synthesis_docx, name="synthesis-docx"),
    path("sammenstillinger/<int:pk>/xlsx/", synthesis_xlsx, name="synthesis-xlsx"),
]
