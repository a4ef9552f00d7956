"""Pages for the application (søknad): the coordinator writes and submits it, with
attachments; the advisor reopens, assesses and decides. Thin views: the forms read the
input, boso.programmes.services checks the rules and writes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boso.core.permissions import permission_required
from boso.core.uploads import upload_limit
from boso.programmes import forms_applications as forms
from boso.programmes import selectors, services
from boso.programmes.choices import ApplicationStatus
from boso.programmes.models import Application, Assessment, Attachment, Invitation

PDF = "application/pdf"
# Service error keys → where the edit page shows them.
YEAR_KEYS = ("years", "grant_requested", "hour_rate", "own_contribution")
GENERAL_KEYS = ("status", "deadline", "call", "municipality")


def _application(request: HttpRequest, pk: int, **_kwargs: Any) -> Application:
    return get_object_or_404(
        Application.objects.select_related("call__programme__region", "municipality"), pk=pk
    )


def _invitation(request: HttpRequest, pk: int, **_kwargs: Any) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("call__programme__region", "municipality"), pk=pk
    )


def _attachment_application(request: HttpRequest, pk: int, **_kwargs: Any) -> Application:
    attachment = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    return _application(request, attachment.application_id)


def _assessment_application(request: HttpRequest, pk: int, **_kwargs: Any) -> Application:
    assessment = get_object_or_404(Assessment, pk=pk)
    return _application(request, assessment.application_id)


def _to_detail(application: Application) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("programmes:application", args=[application.pk]))


# --- Lists and the read page ---------------------------------------------------------


@permission_required("programmes.view_programme")
def application_list(request: HttpRequest) -> HttpResponse:
    invitations = []
    for invitation in selectors.open_invitations_of(request.user):
        invitations.append(
            {
                "invitation": invitation,
                "application": selectors.application_of(invitation),
                "can_start": request.user.has_perm("programmes.start_application", invitation),
            }
        )
    return render(
        request,
        "programmes/application/list.html",
        {
            "applications": selectors.applications_visible_to(request.user),
            "invitations": invitations,
        },
    )


@require_POST
@permission_required("programmes.start_application", _invitation)
def application_start(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    existing = selectors.application_of(invitation)
    if existing is not None:
        return HttpResponseRedirect(reverse("programmes:application-edit", args=[existing.pk]))
    try:
        application = services.application_create(
            call=invitation.call, municipality=invitation.municipality, user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("programmes:call", args=[invitation.call_id]))
    messages.success(request, _("Søknaden er opprettet. Den lagres som utkast til du sender den."))
    return HttpResponseRedirect(reverse("programmes:application-edit", args=[application.pk]))


def _detail_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    user = request.user
    application = selectors.application_page(application)
    can_edit = user.has_perm("programmes.edit_application", application)
    can_reopen = user.has_perm("programmes.reopen_application", application)
    agreement = getattr(application, "agreement", None)
    return {
        "application": application,
        "programme": application.call.programme,
        "budget": services.application_budget(application),
        "problems": services.application_problems(application) if can_edit else {},
        "history": selectors.status_history(application),
        "agreement": agreement,
        "can_edit": can_edit,
        "can_assess": user.has_perm("programmes.assess_application", application),
        "can_reopen": can_reopen
        and application.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED),
        "can_make_agreement": user.has_perm("programmes.manage_agreement", application)
        and application.status == ApplicationStatus.APPROVED
        and agreement is None,
        "reopen_form": forms.ReopenForm(),
    }


@permission_required("programmes.view_application", _application)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _detail_context(request, _application(request, pk))
    return render(request, "programmes/application/detail.html", context)


# --- Writing: the edit page, submission, attachments ---------------------------------


def _edit_forms(application: Application, data: Any = None) -> dict[str, Any]:
    return {
        "form": forms.ApplicationForm(data, initial=forms.application_initial(application)),
        "years": forms.year_formset(application.call.programme, application, data),
        "contacts": forms.contact_formset(application, data),
    }


def _render_edit(
    request: HttpRequest,
    application: Application,
    parts: dict[str, Any],
    *,
    status: int = 200,
    errors: dict[str, list[str]] | None = None,
    attachment_form: forms.AttachmentForm | None = None,
    conflict: bool = False,
) -> HttpResponse:
    errors = errors or {}
    form = parts["form"]
    for key, messages_ in errors.items():
        if key in form.fields and form.is_bound:
            for message in messages_:
                form.add_error(key, message)
    context = {
        **parts,
        "application": selectors.application_page(application),
        "programme": application.call.programme,
        "year_errors": [m for k in YEAR_KEYS for m in errors.get(k, [])],
        "contact_errors": errors.get("contacts", []),
        "attachment_errors": errors.get("political_decision_document", []),
        "general_errors": [m for k in GENERAL_KEYS for m in errors.get(k, [])],
        "attachment_form": attachment_form or forms.AttachmentForm(),
        "conflict": conflict,
        "max_mb": services.attachment_max_mb(),
    }
    return render(request, "programmes/application/edit.html", context, status=status)


def _error_dict(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in ValidationError(v).messages] for k, v in exc.error_dict.items()}
    return {"status": [str(m) for m in exc.messages]}


@permission_required("programmes.edit_application", _application)
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if request.method != "POST":
        return _render_edit(request, application, _edit_forms(application))
    parts = _edit_forms(application, request.POST)
    if not all(p.is_valid() for p in parts.values()):
        return _render_edit(request, application, parts, status=400)
    return _save_and_maybe_submit(request, application, parts)


def _save(request: HttpRequest, application: Application, parts: dict[str, Any]) -> Application:
    form = parts["form"]
    years = [y for y in (f.to_input() for f in parts["years"]) if y is not None]
    contacts = [c for c in (f.to_input() for f in parts["contacts"]) if c is not None]
    return services.application_save_draft(
        application=application,
        expected_version=form.cleaned_data["version"],
        user=request.user,
        years=years,
        contacts=contacts,
        **form.fields_for_service(),
    )


def _save_and_maybe_submit(
    request: HttpRequest, application: Application, parts: dict[str, Any]
) -> HttpResponse:
    try:
        application = _save(request, application, parts)
    except services.ConflictError:
        return _conflict(request, application, parts)
    except ValidationError as exc:
        return _render_edit(request, application, parts, status=400, errors=_error_dict(exc))
    if "send" not in request.POST:
        messages.success(request, _("Utkastet er lagret."))
        return HttpResponseRedirect(reverse("programmes:application-edit", args=[application.pk]))
    return _submit(request, application, parts)


def _conflict(
    request: HttpRequest, application: Application, parts: dict[str, Any]
) -> HttpResponse:
    """Someone saved since this form was opened: keep the typed text on the page, and
    let the user save it deliberately over the newer version."""
    application.refresh_from_db()
    data = request.POST.copy()
    data["version"] = str(application.version)
    fresh = _edit_forms(application, data)
    for part in fresh.values():
        part.is_valid()
    return _render_edit(request, application, fresh, status=409, conflict=True)


def _submit(request: HttpRequest, application: Application, parts: dict[str, Any]) -> HttpResponse:
    try:
        services.application_submit(application=application, user=request.user)
    except ValidationError as exc:
        # The draft is saved; show what stops the submission at each field.
        fresh = _edit_forms(application, _with_version(request, application))
        for part in fresh.values():
            part.is_valid()
        return _render_edit(request, application, fresh, status=400, errors=_error_dict(exc))
    messages.success(request, _("Søknaden er sendt til Husbanken."))
    return _to_detail(application)


def _with_version(request: HttpRequest, application: Application) -> Any:
    data = request.POST.copy()
    data["version"] = str(application.version)
    return data


@require_POST
@permission_required("programmes.edit_application", _application)
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    try:
        services.application_submit(application=application, user=request.user)
    except ValidationError as exc:
        return _render_edit(
            request, application, _edit_forms(application), status=400, errors=_error_dict(exc)
        )
    messages.success(request, _("Søknaden er sendt til Husbanken."))
    return _to_detail(application)


@upload_limit("PROGRAMME_ATTACHMENT_MAX_BYTES")  # larger bodies: 413, unread
@require_POST
@permission_required("programmes.edit_application", _application)
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attachment_add(
                application=application,
                upload=upload,
                name=upload.name or "",
                kind=form.cleaned_data["kind"],
                user=request.user,
            )
        except ValidationError as exc:
            for key, found in _error_dict(exc).items():
                for message in found:
                    form.add_error("file" if key not in form.fields else key, message)
        else:
            messages.success(
                request, _("Vedlegget «%(name)s» er lagt til.") % {"name": upload.name}
            )
            return HttpResponseRedirect(
                reverse("programmes:application-edit", args=[application.pk]) + "#vedlegg"
            )
    return _render_edit(
        request, application, _edit_forms(application), status=400, attachment_form=form
    )


@permission_required("programmes.view_application", _attachment_application)
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    response = FileResponse(
        services.attachment_path(attachment).open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_POST
@permission_required("programmes.edit_application", _attachment_application)
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    application = attachment.application
    try:
        services.attachment_delete(attachment=attachment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Vedlegget «%(name)s» er fjernet.") % {"name": attachment.name})
    return HttpResponseRedirect(
        reverse("programmes:application-edit", args=[application.pk]) + "#vedlegg"
    )


# --- Husbanken: reopen, assess and decide ---------------------------------------------


@require_POST
@permission_required("programmes.reopen_application", _application)
def application_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = forms.ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.application_reopen(
                application=application,
                until=form.cleaned_data["until"],
                comment=form.cleaned_data["comment"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error("until", " ".join(exc.messages))
        else:
            messages.success(request, _("Søknaden er åpnet for endringer og innsending."))
            return _to_detail(application)
    context = _detail_context(request, application) | {"reopen_form": form}
    return render(request, "programmes/application/detail.html", context, status=400)


@permission_required("programmes.assess_application", _application)
def application_assess(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    programme = application.call.programme
    if application.status != ApplicationStatus.SUBMITTED:
        messages.error(request, _("Bare en sendt søknad kan vurderes."))
        return _to_detail(application)
    form = forms.assessment_form(programme, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.application_decide(
                    application=application,
                    outcome=form.cleaned_data["outcome"],
                    scores=form.scores(programme),  # type: ignore[attr-defined]
                    recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"],
                    user=request.user,
                )
        except ValidationError as exc:
            for key, found in _error_dict(exc).items():
                for message in found:
                    form.add_error(key if key in form.fields else None, message)
        else:
            messages.success(
                request,
                _("Beslutningen er lagret: %(status)s. Vedtaksbrevet ligger på søknaden.")
                % {"status": application.get_status_display()},
            )
            return _to_detail(application)
    context = {
        "application": selectors.application_page(application),
        "budget": services.application_budget(application),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/application/assess.html", context, status=status)


# --- Documents -------------------------------------------------------------------------


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("programmes.view_application", _application)
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.programmes import documents

    application = _application(request, pk)
    name = f"soknad-{slugify(application.municipality.name)}-{application.pk}"
    return _pdf(documents.application_pdf(application), name)


@permission_required("programmes.view_application", _assessment_application)
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.programmes import documents

    assessment = get_object_or_404(
        Assessment.objects.select_related("application__municipality"), pk=pk
    )
    name = f"vedtaksbrev-{slugify(assessment.application.municipality.name)}-{assessment.pk}"
    return _pdf(documents.decision_pdf(assessment), name)
