"""What every page that edits a draft plan's parts shares: finding the plan for the
permission check, calling a service with a form's values, showing a refusal or a
conflict, and going back to the plan at the part that changed.

A refused write shows the service's message at the field it names, keeps the input,
status 400. An edit made on a part someone else has saved since shows what they saved
beside what the user typed, keeps the input, status 409; saving again is then a
deliberate overwrite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from boso.plans import forms_edit as forms
from boso.plans import services
from boso.plans.models import Goal, Plan

EDIT = "plans.edit_plan"
Form = django_forms.Form
Initial = Callable[[Any], dict[str, Any]]


def plan_of(request: HttpRequest, pk: int, **_kwargs: Any) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related(
            "participation__programme__region", "participation__municipality"
        ),
        pk=pk,
    )


def plan_via(model: type[Model], plan_path: str) -> Callable[..., Plan]:
    """The plan a part belongs to, for the permission check (404 for no such part)."""

    def get(request: HttpRequest, pk: int, **_kwargs: Any) -> Plan:
        plan_id = model._default_manager.filter(pk=pk).values_list(plan_path, flat=True).first()
        if plan_id is None:
            raise Http404
        return plan_of(request, plan_id)

    return get


def goal_anchor(goal: Goal) -> str:
    return f"goal-{goal.pk}"


def to_plan(plan: Plan, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("plans:plan", args=[plan.pk]) + f"#{anchor}")


def saved(request: HttpRequest, plan: Plan, anchor: str, message: str) -> HttpResponseRedirect:
    messages.success(request, message)
    return to_plan(plan, anchor)


def error_dict(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in ValidationError(v).messages] for k, v in exc.error_dict.items()}
    return {"": [str(m) for m in exc.messages]}


def add_errors(form: Form, exc: ValidationError, fallback: str | None = None) -> None:
    """The service's messages at the fields they name; the rest at the top of the form."""
    for key, found in error_dict(exc).items():
        for message in found:
            form.add_error(key if key in form.fields else fallback, message)


def attempt(
    form: Form, service: Callable[..., Any], fallback: str | None = None, **fixed: Any
) -> Any:
    """Call the service with the form's values when the form is bound and valid (the
    forms' field names are the services' arguments); None when there is nothing to save
    or the service refused (its messages then stand on the form). A conflict is not a
    refusal: ConflictError goes on to the caller (see `edit_part`)."""
    if not form.is_valid():
        return None
    try:
        return service(**fixed, **form.cleaned_data)
    except services.ConflictError:
        raise
    except ValidationError as exc:
        add_errors(form, exc, fallback)
        return None


class Edit:
    """The outcome of an edit: the part as saved, or the form to show again; `conflict`
    lists the fields someone else saved differently (None when there was no conflict)."""

    def __init__(
        self, form: Form, part: Any = None, conflict: list[dict[str, str]] | None = None
    ) -> None:
        self.form, self.part, self.conflict = form, part, conflict


def edit_part(
    request: HttpRequest,
    part: Any,
    make_form: Callable[..., Form],
    initial: Initial,
    service: Callable[..., Any],
    **fixed: Any,
) -> Edit:
    """Edit a stored part (goal, activity, indicator, risk) with the version it was
    opened on. On a conflict the form is bound again to what the user typed, with the
    stored version, so that saving it once more overwrites on purpose."""
    form = make_form(
        form_data(request), initial={**initial(part), "expected_version": part.version}
    )
    try:
        return Edit(form, attempt(form, service, **fixed))
    except services.ConflictError as exc:
        current = exc.current
    data = request.POST.copy()
    if current is None:  # deleted meanwhile: keep the text on the page to copy from
        form = make_form(data, initial=initial(part))
        form.is_valid()
        form.add_error(None, _("Dette er slettet av noen andre mens du skrev."))
        return Edit(form)
    data["expected_version"] = str(current.version)
    form = make_form(data, initial=initial(current))
    form.is_valid()
    return Edit(form, conflict=forms.differences(form, initial(current)))


def refused(request: HttpRequest, plan: Plan, exc: ValidationError) -> HttpResponse:
    """A removal the service refused (the plan was approved meanwhile)."""
    found = [m for messages_ in error_dict(exc).values() for m in messages_]
    return page(request, "refused", plan, {"refusals": found}, ok=False)


def remove_part(
    request: HttpRequest, part: Any, plan: Plan, anchor: str, message: str
) -> HttpResponse:
    try:
        services.part_delete(part=part)
    except ValidationError as exc:
        return refused(request, plan, exc)
    return saved(request, plan, anchor, message)


def page(
    request: HttpRequest,
    template: str,
    plan: Plan,
    context: dict[str, Any],
    *,
    ok: bool = True,
    conflict: list[dict[str, str]] | None = None,
) -> HttpResponse:
    bound = [f for f in context.values() if isinstance(f, Form) and f.is_bound and f.errors]
    context = {"plan": plan, "error_forms": bound, "conflict": conflict, **context}
    status = 409 if conflict is not None else 200 if ok else 400
    return render(request, f"plans/edit/{template}.html", context, status=status)


def edited_page(
    request: HttpRequest, template: str, plan: Plan, edit: Edit, context: dict[str, Any]
) -> HttpResponse:
    """The edit page again after a POST that did not save: refused (400) or in conflict
    (409); a GET shows the form (200)."""
    ok = request.method != "POST"
    return page(request, template, plan, context, ok=ok, conflict=edit.conflict)


def form_data(request: HttpRequest) -> Any:
    """What a form is bound to: the POST, or nothing on a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None
