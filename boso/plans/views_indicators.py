"""Pages that edit a draft plan's indicators: the indicator itself (from the catalogue
or the programme's own, on a goal, with its baseline), its targets per period and, for
the programme's own indicators, the actuals. The indicator page holds one form per task;
each posts to the same address with its `action`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boso.core.permissions import permission_required
from boso.plans import forms_edit as forms
from boso.plans import selectors_edit, services
from boso.plans.models import Goal, PlanIndicator
from boso.plans.views_editing import (
    EDIT,
    Edit,
    Form,
    attempt,
    edit_part,
    form_data,
    goal_anchor,
    page,
    plan_via,
    refused,
    saved,
)

_goal_plan = plan_via(Goal, "plan_id")
_indicator_plan = plan_via(PlanIndicator, "plan_id")


def _indicator_url(indicator: PlanIndicator, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("plans:indicator-edit", args=[indicator.pk]) + anchor)


@permission_required(EDIT, _goal_plan)
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=pk)
    plan = _goal_plan(request, pk)
    form = forms.IndicatorForm(form_data(request), plan=plan, initial={"goal": goal.pk})
    indicator = attempt(form, services.indicator_save, plan=plan)
    if indicator is not None:
        # Straight on to the targets: an indicator without one shows no progress.
        messages.success(request, _("Indikatoren er lagt til. Sett målverdiene under."))
        return _indicator_url(indicator, "#malverdier")
    context = {"form": form, "goal": goal}
    return page(request, "indicator_form", plan, context, ok=request.method != "POST")


def _indicator_initial(indicator: PlanIndicator) -> dict[str, Any]:
    names = ("name", "unit", "direction", "cumulative", "baseline_period")
    initial = {n: getattr(indicator, n) for n in names}
    baseline = indicator.baseline_value
    return {
        **initial,
        "goal": indicator.goal_id,
        "catalogue": indicator.catalogue_id,
        "baseline_value": None if baseline is None else baseline.normalize(),
        "expected_version": indicator.version,
    }


def _indicator_page(
    request: HttpRequest,
    indicator: PlanIndicator,
    ok: bool = True,
    conflict: list[dict[str, str]] | None = None,
    **bound: Form,
) -> HttpResponse:
    plan = indicator.plan
    context: dict[str, Any] = {
        "indicator": indicator,
        **selectors_edit.indicator_figures(indicator),
        "form": forms.IndicatorForm(plan=plan, initial=_indicator_initial(indicator)),
        "target_form": forms.TargetForm(prefix="target"),
        "actual_form": forms.ActualForm(prefix="actual"),
        **bound,
    }
    return page(request, "indicator_edit", plan, context, ok=ok, conflict=conflict)


def _load_indicator(pk: int) -> PlanIndicator:
    related = ("plan__participation__programme", "plan__participation__municipality")
    return get_object_or_404(
        PlanIndicator.objects.select_related(*related, "goal", "catalogue"), pk=pk
    )


@permission_required(EDIT, _indicator_plan)
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The indicator's fields, its targets and (for the programme's own) its actuals; each
    form on the page posts here with its `action`."""
    indicator = _load_indicator(pk)
    if request.method != "POST":
        return _indicator_page(request, indicator)
    handler = INDICATOR_ACTIONS.get(request.POST.get("action", "indicator"))
    if handler is None:
        raise Http404
    return handler(request, indicator)


def _save_indicator(request: HttpRequest, indicator: PlanIndicator) -> HttpResponse:
    plan = indicator.plan
    make = partial(forms.IndicatorForm, plan=plan)
    edit: Edit = edit_part(
        request,
        indicator,
        make,
        _indicator_initial,
        services.indicator_save,
        plan=plan,
        indicator=indicator,
    )
    if edit.part is None:
        current = _load_indicator(indicator.pk) if edit.conflict is not None else indicator
        return _indicator_page(request, current, False, edit.conflict, form=edit.form)
    return saved(request, plan, goal_anchor(edit.part.goal), _("Indikatoren er lagret."))


def _set_target(request: HttpRequest, indicator: PlanIndicator) -> HttpResponse:
    form = forms.TargetForm(request.POST, prefix="target")
    target = attempt(form, services.target_set, "period", indicator=indicator)
    if target is None:
        return _indicator_page(request, indicator, False, target_form=form)
    messages.success(request, _("Målverdien for %(period)s er lagret.") % {"period": target.period})
    return _indicator_url(indicator, "#malverdier")


def _record_actual(request: HttpRequest, indicator: PlanIndicator) -> HttpResponse:
    form = forms.ActualForm(request.POST, prefix="actual")
    actual = attempt(form, services.actual_record, indicator=indicator)
    if actual is None:
        return _indicator_page(request, indicator, False, actual_form=form)
    messages.success(request, _("Tallet for %(period)s er lagret.") % {"period": actual.period})
    return _indicator_url(indicator, "#faktiske")


def _remover(kind: str, anchor: str) -> Callable[[HttpRequest, PlanIndicator], HttpResponse]:
    """Remove one of this indicator's targets or actuals (its id comes with the button)."""

    def remove(request: HttpRequest, indicator: PlanIndicator) -> HttpResponse:
        part_id = request.POST.get("part", "")
        if not part_id.isdigit():
            raise Http404
        part = get_object_or_404(getattr(indicator, kind), pk=int(part_id))
        try:
            services.part_delete(part=part)
        except ValidationError as exc:
            return refused(request, indicator.plan, exc)
        messages.success(request, _("%(period)s er fjernet.") % {"period": part.period})
        return _indicator_url(indicator, anchor)

    return remove


INDICATOR_ACTIONS: dict[str, Callable[[HttpRequest, PlanIndicator], HttpResponse]] = {
    "indicator": _save_indicator,
    "target": _set_target,
    "actual": _record_actual,
    "remove-target": _remover("targets", "#malverdier"),
    "remove-actual": _remover("actuals", "#faktiske"),
}


@require_POST
@permission_required(EDIT, _indicator_plan)
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _load_indicator(pk)
    try:
        services.indicator_delete(indicator=indicator)
    except ValidationError as exc:
        return refused(request, indicator.plan, exc)
    message = _("Indikatoren «%(name)s» er slettet.") % {"name": indicator}
    return saved(request, indicator.plan, goal_anchor(indicator.goal), message)


urlpatterns = [
    path("planer/mal/<int:pk>/indikatorer/ny/", indicator_create, name="indicator-create"),
    path("planer/indikatorer/<int:pk>/", indicator_edit, name="indicator-edit"),
    path("planer/indikatorer/<int:pk>/slett/", indicator_delete, name="indicator-delete"),
]
