"""Pages for the cooperation agreement (samarbeidsavtale): drafted by the advisor from an
approved application, signed by both parties (which starts the participation), and
read by the municipality. Thin views over boso.programmes.services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boso.core.permissions import permission_required
from boso.programmes import forms_applications as forms
from boso.programmes import selectors, services
from boso.programmes.choices import AgreementStatus
from boso.programmes.models import Agreement, Application
from boso.programmes.views_applications import _application, _error_dict, _pdf


def _agreement(request: HttpRequest, pk: int, **_kwargs: Any) -> Agreement:
    return get_object_or_404(
        Agreement.objects.select_related(
            "application__call__programme__region", "application__municipality", "tier"
        ),
        pk=pk,
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    for key, found in _error_dict(exc).items():
        for message in found:
            form.add_error(key if key in form.fields else None, message)


@permission_required("programmes.manage_agreement", _application)
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    application: Application = _application(request, pk)
    if hasattr(application, "agreement"):
        return HttpResponseRedirect(
            reverse("programmes:agreement", args=[application.agreement.pk])
        )
    if request.method == "POST":
        form = forms.AgreementForm(request.POST)
        if form.is_valid():
            try:
                agreement = services.agreement_create(
                    application=application, user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Avtaleutkastet er laget. Registrer signaturene når begge har signert."),
                )
                return HttpResponseRedirect(reverse("programmes:agreement", args=[agreement.pk]))
    else:
        form = forms.AgreementForm(initial=forms.agreement_initial(application))
    return render(
        request,
        "programmes/agreement/form.html",
        {"application": application, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _detail_context(request: HttpRequest, agreement: Agreement) -> dict[str, Any]:
    application = agreement.application
    can_sign = (
        request.user.has_perm("programmes.manage_agreement", agreement)
        and agreement.status == AgreementStatus.DRAFT
    )
    return {
        "agreement": agreement,
        "application": selectors.application_page(application),
        "budget": services.application_budget(application),
        "participation": getattr(agreement, "participation", None),
        "history": selectors.status_history(agreement),
        "can_sign": can_sign,
        "sign_form": forms.SignForm(),
    }


@permission_required("programmes.view_agreement", _agreement)
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _detail_context(request, _agreement(request, pk))
    return render(request, "programmes/agreement/detail.html", context)


@require_POST
@permission_required("programmes.manage_agreement", _agreement)
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    form = forms.SignForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_sign(
                agreement=agreement,
                municipality_signed_on=form.cleaned_data["municipality_signed_on"],
                husbanken_signed_on=form.cleaned_data["husbanken_signed_on"],
                user=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Avtalen er signert. %(municipality)s deltar nå i programmet.")
                % {"municipality": agreement.application.municipality.name},
            )
            return HttpResponseRedirect(reverse("programmes:agreement", args=[agreement.pk]))
    agreement.refresh_from_db()
    context = _detail_context(request, agreement) | {"sign_form": form}
    return render(request, "programmes/agreement/detail.html", context, status=400)


@permission_required("programmes.view_agreement", _agreement)
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from boso.programmes import documents

    agreement = _agreement(request, pk)
    name = f"samarbeidsavtale-{slugify(agreement.application.municipality.name)}-{agreement.pk}"
    return _pdf(documents.agreement_pdf(agreement), name)
