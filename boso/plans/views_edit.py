"""Pages that edit a draft plan's parts: goals, activities, indicators with targets and
actuals, budget lines, organisation, risks, target groups and sub-projects.

Every page needs `plans.edit_plan` on the plan (drafts only). Thin views: the forms in
forms_edit read the input, boso.plans.services checks the rules and writes; a refused
write shows the service's message at the field it names, keeps the input, status 400.
A saved change goes back to the plan page, at the part that changed.
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
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boso.core.permissions import permission_required
from boso.plans import forms_edit as forms
from boso.plans import selectors, selectors_edit, services
from boso.plans.choices import ActivityStatus
from boso.plans.models import (
    Activity,
    BudgetLine,
    Goal,
    OrganisationMember,
    Plan,
    PlanIndicator,
    Risk,
    SubProject,
    TargetGroup,
)

EDIT = "plans.edit_plan"
Form = django_forms.Form


def _plan(request: HttpRequest, pk: int, **_kwargs: Any) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related(
            "participation__programme__region", "participation__municipality"
        ),
        pk=pk,
    )


def _plan_via(model: type[Model], plan_path: str) -> Callable[..., Plan]:
    """The plan a part belongs to, for the permission check (404 for no such part)."""

    def get(request: HttpRequest, pk: int, **_kwargs: Any) -> Plan:
        plan_id = model._default_manager.filter(pk=pk).values_list(plan_path, flat=True).first()
        if plan_id is None:
            raise Http404
        return _plan(request, plan_id)

    return get


_goal_plan = _plan_via(Goal, "plan_id")
_activity_plan = _plan_via(Activity, "goal__plan_id")
_indicator_plan = _plan_via(PlanIndicator, "plan_id")
_line_plan = _plan_via(BudgetLine, "plan_id")
_member_plan = _plan_via(OrganisationMember, "plan_id")
_risk_plan = _plan_via(Risk, "plan_id")
_group_plan = _plan_via(TargetGroup, "plan_id")
_sub_project_plan = _plan_via(SubProject, "plan_id")


def _to_plan(plan: Plan, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("plans:plan", args=[plan.pk]) + f"#{anchor}")


def _saved(request: HttpRequest, plan: Plan, anchor: str, message: str) -> HttpResponseRedirect:
    messages.success(request, message)
    return _to_plan(plan, anchor)


def _error_dict(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in ValidationError(v).messages] for k, v in exc.error_dict.items()}
    return {"": [str(m) for m in exc.messages]}


def _add_errors(form: Form, exc: ValidationError, fallback: str | None = None) -> None:
    """The service's messages at the fields they name; the rest at the top of the form."""
    for key, found in _error_dict(exc).items():
        for message in found:
            form.add_error(key if key in form.fields else fallback, message)


def _attempt(
    form: Form, service: Callable[..., Any], fallback: str | None = None, **fixed: Any
) -> Any:
    """Call the service with the form's values when the form is bound and valid (the
    forms' field names are the services' arguments); None when there is nothing to save
    or the service refused (its messages then stand on the form)."""
    if not form.is_valid():
        return None
    try:
        return service(**fixed, **form.cleaned_data)
    except ValidationError as exc:
        _add_errors(form, exc, fallback)
        return None


def _refused(request: HttpRequest, plan: Plan, exc: ValidationError) -> HttpResponse:
    """A removal the service refused (the plan was approved meanwhile)."""
    found = [m for messages_ in _error_dict(exc).values() for m in messages_]
    return _page(request, "refused", plan, {"refusals": found}, ok=False)


def _remove_part(
    request: HttpRequest, part: Any, plan: Plan, anchor: str, message: str
) -> HttpResponse:
    try:
        services.part_delete(part=part)
    except ValidationError as exc:
        return _refused(request, plan, exc)
    return _saved(request, plan, anchor, message)


def _page(
    request: HttpRequest, template: str, plan: Plan, context: dict[str, Any], *, ok: bool = True
) -> HttpResponse:
    bound = [f for f in context.values() if isinstance(f, Form) and f.is_bound and f.errors]
    context = {"plan": plan, "error_forms": bound, **context}
    return render(request, f"plans/edit/{template}.html", context, status=200 if ok else 400)


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# Goals -----------------------------------------------------------------------------------


def _goal_anchor(goal: Goal) -> str:
    return f"goal-{goal.pk}"


@permission_required(EDIT, _plan)
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    # ?hovedmal=<id>: "add a sub-goal" under that main goal.
    form = forms.GoalForm(
        _data(request), plan=plan, initial={"parent": request.GET.get("hovedmal")}
    )
    goal = _attempt(form, services.goal_save, plan=plan)
    if goal is not None:
        return _saved(request, plan, _goal_anchor(goal), _("Målet er lagt til."))
    return _page(request, "goal_form", plan, {"form": form}, ok=request.method != "POST")


def _goal_context(goal: Goal, form: Form, refusals: list[str] | None = None) -> dict[str, Any]:
    return {
        "goal": goal,
        "form": form,
        "activities": goal.activities.order_by("starts_on", "order", "pk"),
        "indicators": goal.indicators.all(),
        "sub_goals": goal.children.order_by("order", "pk"),
        "delete_errors": refusals or [],
    }


@permission_required(EDIT, _goal_plan)
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=pk)
    plan = _goal_plan(request, pk)
    form = forms.GoalForm(_data(request), plan=plan, goal=goal, initial=forms.goal_initial(goal))
    saved = _attempt(form, services.goal_save, plan=plan, goal=goal)
    if saved is not None:
        return _saved(request, plan, _goal_anchor(saved), _("Målet er lagret."))
    context = _goal_context(goal, form)
    return _page(request, "goal_form", plan, context, ok=request.method != "POST")


@require_POST
@permission_required(EDIT, _goal_plan)
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=pk)
    plan = _goal_plan(request, pk)
    try:
        services.goal_delete(goal=goal)
    except ValidationError as exc:
        # Shown beside the delete button on the goal's page, the goal untouched.
        found = [m for messages_ in _error_dict(exc).values() for m in messages_]
        form = forms.GoalForm(plan=plan, goal=goal, initial=forms.goal_initial(goal))
        return _page(request, "goal_form", plan, _goal_context(goal, form, found), ok=False)
    anchor = f"goal-{goal.parent_id}" if goal.parent_id else "handlingsplan"
    return _saved(request, plan, anchor, _("Målet «%(title)s» er slettet.") % {"title": goal})


# Activities ------------------------------------------------------------------------------


@permission_required(EDIT, _goal_plan)
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=pk)
    plan = _goal_plan(request, pk)
    initial = {"goal": goal.pk, "status": ActivityStatus.PLANNED}
    form = forms.ActivityForm(_data(request), plan=plan, initial=initial)
    activity = _attempt(form, services.activity_save)
    if activity is not None:
        anchor = _goal_anchor(activity.goal)
        return _saved(request, plan, anchor, _("Tiltaket er lagt til."))
    context = {"form": form, "goal": goal}
    return _page(request, "activity_form", plan, context, ok=request.method != "POST")


@permission_required(EDIT, _activity_plan)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("goal"), pk=pk)
    plan = _activity_plan(request, pk)
    initial = {"goal": activity.goal_id, **{n: getattr(activity, n) for n in forms.ACTIVITY_FIELDS}}
    form = forms.ActivityForm(_data(request), plan=plan, initial=initial)
    saved = _attempt(form, services.activity_save, activity=activity)
    if saved is not None:
        return _saved(request, plan, _goal_anchor(saved.goal), _("Tiltaket er lagret."))
    context = {"form": form, "goal": activity.goal, "activity": activity}
    return _page(request, "activity_form", plan, context, ok=request.method != "POST")


@require_POST
@permission_required(EDIT, _activity_plan)
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("goal"), pk=pk)
    message = _("Tiltaket «%(title)s» er slettet.") % {"title": activity}
    anchor = _goal_anchor(activity.goal)
    return _remove_part(request, activity, _activity_plan(request, pk), anchor, message)


# Indicators, their targets and actuals ------------------------------------------------------


def _indicator_url(indicator: PlanIndicator, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("plans:indicator-edit", args=[indicator.pk]) + anchor)


@permission_required(EDIT, _goal_plan)
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=pk)
    plan = _goal_plan(request, pk)
    form = forms.IndicatorForm(_data(request), plan=plan, initial={"goal": goal.pk})
    indicator = _attempt(form, services.indicator_save, plan=plan)
    if indicator is not None:
        # Straight on to the targets: an indicator without one shows no progress.
        messages.success(request, _("Indikatoren er lagt til. Sett målverdiene under."))
        return _indicator_url(indicator, "#malverdier")
    context = {"form": form, "goal": goal}
    return _page(request, "indicator_form", plan, context, ok=request.method != "POST")


def _indicator_initial(indicator: PlanIndicator) -> dict[str, Any]:
    names = ("name", "unit", "direction", "cumulative", "baseline_period")
    initial = {n: getattr(indicator, n) for n in names}
    baseline = indicator.baseline_value
    return {
        **initial,
        "goal": indicator.goal_id,
        "catalogue": indicator.catalogue_id,
        "baseline_value": None if baseline is None else baseline.normalize(),
    }


def _indicator_page(
    request: HttpRequest, indicator: PlanIndicator, ok: bool = True, **bound: Form
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
    return _page(request, "indicator_edit", plan, context, ok=ok)


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
    form = forms.IndicatorForm(request.POST, plan=plan, initial=_indicator_initial(indicator))
    saved = _attempt(form, services.indicator_save, plan=plan, indicator=indicator)
    if saved is None:
        return _indicator_page(request, _load_indicator(indicator.pk), False, form=form)
    return _saved(request, plan, _goal_anchor(saved.goal), _("Indikatoren er lagret."))


def _set_target(request: HttpRequest, indicator: PlanIndicator) -> HttpResponse:
    form = forms.TargetForm(request.POST, prefix="target")
    target = _attempt(form, services.target_set, "period", indicator=indicator)
    if target is None:
        return _indicator_page(request, indicator, False, target_form=form)
    messages.success(request, _("Målverdien for %(period)s er lagret.") % {"period": target.period})
    return _indicator_url(indicator, "#malverdier")


def _record_actual(request: HttpRequest, indicator: PlanIndicator) -> HttpResponse:
    form = forms.ActualForm(request.POST, prefix="actual")
    actual = _attempt(form, services.actual_record, indicator=indicator)
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
            return _refused(request, indicator.plan, exc)
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
        return _refused(request, indicator.plan, exc)
    message = _("Indikatoren «%(name)s» er slettet.") % {"name": indicator}
    return _saved(request, indicator.plan, _goal_anchor(indicator.goal), message)


# Budget ----------------------------------------------------------------------------------


@permission_required(EDIT, _plan)
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    participation = plan.participation
    first, last = participation.starts_on.year, participation.ends_on.year
    form = forms.BudgetLineForm(_data(request), years=(first, last))
    if _attempt(form, services.budget_line_save, plan=plan):
        return _saved(request, plan, "budsjett", _("Budsjettlinjen er lagt til."))
    summary = selectors.budget_summary(plan)
    context = {
        "form": form,
        "years": selectors_edit.budget_years(plan, summary),
        "summary": summary,
        "programme": participation.programme,
        "first_year": first,
        "last_year": last,
    }
    return _page(request, "budget", plan, context, ok=request.method != "POST")


@require_POST
@permission_required(EDIT, _line_plan)
def budget_line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine, pk=pk)
    message = _("Budsjettlinjen «%(line)s» er slettet.") % {"line": line}
    return _remove_part(request, line, _line_plan(request, pk), "budsjett", message)


# Organisation ----------------------------------------------------------------------------


@permission_required(EDIT, _plan)
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = forms.MemberForm(_data(request), plan=plan)
    if _attempt(form, services.member_save, plan=plan):
        return _saved(request, plan, "organisering", _("Medlemmet er lagt til."))
    context = {"form": form, "bodies": selectors_edit.members_by_body(plan)}
    return _page(request, "organisation", plan, context, ok=request.method != "POST")


@require_POST
@permission_required(EDIT, _member_plan)
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(OrganisationMember, pk=pk)
    message = _("«%(member)s» er fjernet fra organiseringen.") % {"member": member}
    return _remove_part(request, member, _member_plan(request, pk), "organisering", message)


# Risks -----------------------------------------------------------------------------------


@permission_required(EDIT, _plan)
def risks(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = forms.RiskForm(_data(request))
    if _attempt(form, services.risk_save, plan=plan):
        return _saved(request, plan, "risiko-heading", _("Risikoen er lagt til."))
    context = {"form": form, "risks": plan.risks.all()}
    return _page(request, "risks", plan, context, ok=request.method != "POST")


@permission_required(EDIT, _risk_plan)
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(Risk, pk=pk)
    plan = _risk_plan(request, pk)
    form = forms.RiskForm(_data(request), initial={n: getattr(risk, n) for n in forms.RISK_FIELDS})
    if _attempt(form, services.risk_save, plan=plan, risk=risk):
        return _saved(request, plan, "risiko-heading", _("Risikoen er lagret."))
    context = {"form": form, "risk": risk}
    return _page(request, "risk_form", plan, context, ok=request.method != "POST")


@require_POST
@permission_required(EDIT, _risk_plan)
def risk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(Risk, pk=pk)
    message = _("Risikoen er slettet.")
    return _remove_part(request, risk, _risk_plan(request, pk), "risiko-heading", message)


# Target groups and sub-projects -----------------------------------------------------------


@permission_required(EDIT, _plan)
def groups(request: HttpRequest, pk: int) -> HttpResponse:
    """Two lists and two add forms; the button's `kind` says which form was sent."""
    plan = _plan(request, pk)
    kind = request.POST.get("kind") if request.method == "POST" else None
    group_form = forms.TargetGroupForm(request.POST if kind == "group" else None, prefix="group")
    sub_form = forms.SubProjectForm(request.POST if kind == "sub" else None, prefix="sub")
    if kind == "group" and _attempt(group_form, services.target_group_save, plan=plan):
        return _saved(request, plan, "malgrupper-heading", _("Målgruppen er lagt til."))
    if kind == "sub" and _attempt(sub_form, services.sub_project_save, plan=plan):
        return _saved(request, plan, "malgrupper-heading", _("Delprosjektet er lagt til."))
    context = {
        "group_form": group_form,
        "sub_form": sub_form,
        "target_groups": plan.target_groups.all(),
        "sub_projects": plan.sub_projects.all(),
    }
    return _page(request, "groups", plan, context, ok=request.method != "POST")


@require_POST
@permission_required(EDIT, _group_plan)
def target_group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(TargetGroup, pk=pk)
    message = _("Målgruppen «%(name)s» er slettet.") % {"name": group}
    return _remove_part(request, group, _group_plan(request, pk), "malgrupper-heading", message)


@require_POST
@permission_required(EDIT, _sub_project_plan)
def sub_project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sub_project = get_object_or_404(SubProject, pk=pk)
    message = _("Delprosjektet «%(name)s» er slettet.") % {"name": sub_project}
    return _remove_part(
        request, sub_project, _sub_project_plan(request, pk), "malgrupper-heading", message
    )


urlpatterns = [
    path("planer/<int:pk>/mal/ny/", goal_create, name="goal-create"),
    path("planer/mal/<int:pk>/", goal_edit, name="goal-edit"),
    path("planer/mal/<int:pk>/slett/", goal_delete, name="goal-delete"),
    path("planer/mal/<int:pk>/tiltak/ny/", activity_create, name="activity-create"),
    path("planer/tiltak/<int:pk>/", activity_edit, name="activity-edit"),
    path("planer/tiltak/<int:pk>/slett/", activity_delete, name="activity-delete"),
    path("planer/mal/<int:pk>/indikatorer/ny/", indicator_create, name="indicator-create"),
    path("planer/indikatorer/<int:pk>/", indicator_edit, name="indicator-edit"),
    path("planer/indikatorer/<int:pk>/slett/", indicator_delete, name="indicator-delete"),
    path("planer/<int:pk>/budsjett/", budget, name="budget"),
    path("planer/budsjett/<int:pk>/slett/", budget_line_delete, name="budget-line-delete"),
    path("planer/<int:pk>/organisering/", organisation, name="organisation"),
    path("planer/organisering/<int:pk>/slett/", member_delete, name="member-delete"),
    path("planer/<int:pk>/risiko/", risks, name="risks"),
    path("planer/risiko/<int:pk>/", risk_edit, name="risk-edit"),
    path("planer/risiko/<int:pk>/slett/", risk_delete, name="risk-delete"),
    path("planer/<int:pk>/malgrupper/", groups, name="groups"),
    path("planer/malgrupper/<int:pk>/slett/", target_group_delete, name="target-group-delete"),
    path("planer/delprosjekter/<int:pk>/slett/", sub_project_delete, name="sub-project-delete"),
]
