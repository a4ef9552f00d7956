"""Pages for programmes and calls (utlysninger): the list, a new programme, the
programme page with its money and participants, a new call, the call page with its
invitations, and the invitation letter.

Thin views: forms read the input, boso.programmes.services checks and writes,
boso.programmes.selectors reads. What a user may see is asked of the permissions
(boso/programmes/rules.py), row by row, so nothing else reaches the HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from boso.core.formatting import format_number
from boso.core.permissions import permission_required
from boso.municipalities.models import Region
from boso.programmes import forms_programmes as forms
from boso.programmes import selectors, services
from boso.programmes.choices import CallStatus, ProgrammeStatus
from boso.programmes.models import Call, Invitation, Programme

PDF = "application/pdf"


# Object views check the login first (a permission without an object), so an anonymous
# visitor is sent to the login page before anything tells whether an id exists.
logged_in = permission_required("programmes.view_programme")


def _programme(request: HttpRequest, pk: int, **_kwargs: Any) -> Programme:
    return get_object_or_404(Programme.objects.select_related("region"), pk=pk)


def _call(request: HttpRequest, pk: int, **_kwargs: Any) -> Call:
    return get_object_or_404(Call.objects.select_related("programme__region"), pk=pk)


def _invitation(request: HttpRequest, pk: int, **_kwargs: Any) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("call__programme__region", "municipality"), pk=pk
    )


def _error_messages(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _percent(share: Decimal) -> str:
    """0.3000 → "30 %", 0.3350 → "33,5 %"."""
    return f"{format_number((share * 100).quantize(Decimal('0.01')).normalize())}\u00a0%"


def _history(changes: Any, labels: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Status changes with the statuses' names instead of their codes."""
    return [
        {
            "change": change,
            "from": labels.get(change.from_status, change.from_status),
            "to": labels.get(change.to_status, change.to_status),
        }
        for change in changes
    ]


# --- Programmes ------------------------------------------------------------------------


@permission_required("programmes.view_programme")
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/programme/list.html",
        {
            "programmes": selectors.programme_overview(),
            "can_create": request.user.has_perm("programmes.manage_programme"),
            "own_invitations": selectors.open_invitations_of(request.user),
        },
    )


def _manageable_regions(user: Any) -> list[Region]:
    """The regions the user may make programmes for (an advisor: the own region)."""
    return [
        region
        for region in Region.objects.order_by("name")
        if user.has_perm("programmes.manage_programme", Programme(region=region))
    ]


def _attach_programme_errors(
    exc: ValidationError, form: forms.ProgrammeForm, budgets: forms.BaseBudgetFormSet
) -> None:
    """Show the service's messages at their fields, the budget's at the budget rows."""
    for key, errors in exc.message_dict.items():
        if key == "budgets":
            budgets.add_service_errors(errors)
        elif key in form.fields:
            form.add_error(key, errors)
        else:
            form.add_error(None, errors)


@permission_required("programmes.manage_programme")
def programme_create(request: HttpRequest) -> HttpResponse:
    regions = _manageable_regions(request.user)
    queryset = Region.objects.filter(pk__in=[r.pk for r in regions]).order_by("name")
    initial = {"region": regions[0]} if len(regions) == 1 else {}
    if request.method != "POST":
        form = forms.ProgrammeForm(regions=queryset, initial=initial)
        context = {"form": form, "budgets": forms.budget_formset()}
        return render(request, "programmes/programme/programme_form.html", context)
    form = forms.ProgrammeForm(request.POST, regions=queryset)
    budgets = forms.budget_formset(request.POST)
    if form.is_valid() and budgets.is_valid():
        try:
            programme = services.programme_create(
                **form.service_arguments(), budgets=budgets.budgets(), user=request.user
            )
        except ValidationError as exc:
            _attach_programme_errors(exc, form, budgets)
        else:
            messages.success(
                request, _("Programmet «%(name)s» er opprettet.") % {"name": programme.name}
            )
            return HttpResponseRedirect(reverse("programmes:programme", args=[programme.pk]))
    context = {"form": form, "budgets": budgets}
    return render(request, "programmes/programme/programme_form.html", context, status=400)


@permission_required("programmes.view_programme")
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    user = request.user
    participations = [
        {"participation": p, "can_view": user.has_perm("programmes.view_money", p)}
        for p in selectors.programme_participations(programme)
    ]
    can_manage = user.has_perm("programmes.manage_programme", programme)
    return render(
        request,
        "programmes/programme/programme_detail.html",
        {
            "programme": programme,
            "min_share": _percent(programme.min_own_share),
            "max_share": _percent(programme.max_own_share),
            "budget_years": selectors.programme_budget_years(programme),
            "calls": selectors.programme_calls(programme),
            "participations": participations,
            "history": _history(selectors.status_history(programme), dict(ProgrammeStatus.choices)),
            "can_activate": can_manage and programme.status == ProgrammeStatus.PLANNED,
            "can_close": can_manage and programme.status != ProgrammeStatus.CLOSED,
            "can_add_call": user.has_perm("programmes.manage_call", programme)
            and programme.status != ProgrammeStatus.CLOSED,
        },
    )


def _programme_step(
    request: HttpRequest, pk: int, step: Callable[..., Programme], done: str
) -> HttpResponse:
    programme = _programme(request, pk)
    try:
        step(programme=programme, user=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("programmes:programme", args=[programme.pk]))


@require_POST
@logged_in
@permission_required("programmes.manage_programme", _programme)
def programme_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_step(request, pk, services.programme_activate, _("Programmet er aktivt."))


@require_POST
@logged_in
@permission_required("programmes.manage_programme", _programme)
def programme_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_step(request, pk, services.programme_close, _("Programmet er avsluttet."))


# --- Calls -----------------------------------------------------------------------------


@logged_in
@permission_required("programmes.manage_call", _programme)
def call_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    if request.method != "POST":
        form = forms.CallForm(programme=programme)
        context = {"programme": programme, "form": form, "gatherings": forms.gathering_formset()}
        return render(request, "programmes/programme/call_form.html", context)
    form = forms.CallForm(request.POST, programme=programme)
    gatherings = forms.gathering_formset(request.POST)
    if form.is_valid() and gatherings.is_valid():
        try:
            call = services.call_create(
                programme=programme,
                **form.cleaned_data,
                gatherings=gatherings.inputs(),
                user=request.user,
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                if key == "gatherings":
                    gatherings.add_service_errors(errors)
                else:
                    form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Utlysningen er lagret. Inviter kommunene, og lys den ut når den er klar."),
            )
            return HttpResponseRedirect(reverse("programmes:call", args=[call.pk]))
    context = {"programme": programme, "form": form, "gatherings": gatherings}
    return render(request, "programmes/programme/call_form.html", context, status=400)


def _invitation_rows(user: Any, call: Call) -> list[dict[str, Any]]:
    """The invitations the user may see (managers all, a municipality its own), with
    the application only where the user may read it."""
    rows = []
    for row in selectors.call_invitation_rows(call):
        if not user.has_perm("programmes.view_invitation", row.invitation):
            continue
        application = row.application
        readable = application is not None and user.has_perm(
            "programmes.view_application", application
        )
        rows.append(
            {
                "invitation": row.invitation,
                "application": application if readable else None,
                # A draft the user may not read: say only that it is not sent.
                "unsent": application is not None and not readable,
                "can_start": call.status == CallStatus.OPEN
                and application is None
                and user.has_perm("programmes.start_application", row.invitation),
            }
        )
    return rows


def _manager_forms(call: Call, invited: set[int]) -> dict[str, Any]:
    """The invite forms, offering the region's municipalities not yet invited."""
    programme = call.programme
    municipalities = [
        row for row in forms.region_municipalities(programme) if row.municipality.pk not in invited
    ]
    return {
        "invite_form": forms.InviteForm(municipalities=municipalities),
        "run_form": forms.InviteFromRunForm(programme=programme),
        "has_runs": selectors.published_runs_for(programme).exists(),
        "structure_day": forms.structure_day(programme),
    }


@permission_required("programmes.view_programme")
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    can_manage = request.user.has_perm("programmes.manage_call", call)
    rows = _invitation_rows(request.user, call)
    context: dict[str, Any] = {
        "call": call,
        "programme": call.programme,
        "gatherings": call.gatherings.all(),
        "rows": rows,
        "can_manage": can_manage,
        "can_invite": can_manage and call.status != CallStatus.CLOSED,
        "can_open": can_manage and call.status == CallStatus.DRAFT,
        "can_close": can_manage and call.status != CallStatus.CLOSED,
    }
    if can_manage:
        context["history"] = _history(selectors.status_history(call), dict(CallStatus.choices))
        if context["can_invite"]:
            context.update(_manager_forms(call, {r["invitation"].municipality_id for r in rows}))
    return render(request, "programmes/programme/call_detail.html", context)


def _to_call(call: Call) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("programmes:call", args=[call.pk]))


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
@logged_in
@permission_required("programmes.manage_call", _call)
def call_invite(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    form = forms.InviteForm(
        request.POST, municipalities=forms.region_municipalities(call.programme)
    )
    if not form.is_valid():
        _form_errors(request, form)
        return _to_call(call)
    try:
        invitation = services.call_invite(call=call, municipality=form.chosen(), user=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(
            request, _("%(name)s er invitert.") % {"name": invitation.municipality.name}
        )
    return _to_call(call)


@require_POST
@logged_in
@permission_required("programmes.manage_call", _call)
def call_invite_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    form = forms.InviteFromRunForm(request.POST, programme=call.programme)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_call(call)
    try:
        created = services.call_invite_from_decisions(
            call=call, run=form.cleaned_data["run"], user=request.user
        )
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        names = ", ".join(i.municipality.name for i in created)
        if created:
            messages.success(
                request,
                _("Invitert fra kommunepyramiden: %(names)s.") % {"names": names},
            )
        else:
            messages.info(
                request, _("Alle kommunene med beslutning over grunntilbudet var invitert fra før.")
            )
    return _to_call(call)


def _call_step(request: HttpRequest, pk: int, step: Callable[..., Call], done: str) -> HttpResponse:
    call = _call(request, pk)
    try:
        step(call=call, user=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, done)
    return _to_call(call)


@require_POST
@logged_in
@permission_required("programmes.manage_call", _call)
def call_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_step(
        request,
        pk,
        services.call_open,
        _("Utlysningen er lyst ut. Koordinatorene i de inviterte kommunene får e-post."),
    )


@require_POST
@logged_in
@permission_required("programmes.manage_call", _call)
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_step(request, pk, services.call_close, _("Utlysningen er lukket."))


# --- The invitation letter -------------------------------------------------------------


@require_safe
@logged_in
@permission_required("programmes.view_invitation", _invitation)
def invitation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    # Imported here: the documents module is built separately from these pages.
    from boso.programmes import documents

    invitation = _invitation(request, pk)
    response = HttpResponse(documents.invitation_pdf(invitation), content_type=PDF)
    name = f"invitasjon-{slugify(invitation.municipality.name)}-{invitation.call_id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
