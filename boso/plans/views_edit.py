"""Pages that edit a draft plan's parts: goals, activities, indicators with targets and
actuals, budget lines, organisation, risks, target groups and sub-projects.

Every page needs `plans.edit_plan` on the plan (drafts only). Thin views: the forms in
forms_edit read the input, boso.plans.services checks the rules and writes; a refused
write shows the service's message at the field it names, keeps the input, status 400;
an edit on a part saved by someone else since is a conflict, status 409 (views_editing).
A saved change goes back to the plan page, at the part that changed. Indicators, with
their targets and actuals, have their own module (views_indicators).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
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
    Risk,
    SubProject,
    TargetGroup,
)
from boso.plans.views_editing import (
    EDIT,
    Form,
    attempt,
    edit_part,
    edited_page,
    error_dict,
    form_data,
    goal_anchor,
    page,
    plan_of,
    plan_via,
    remove_part,
    saved,
)

_goal_plan = plan_via(Goal, "plan_id")
_activity_plan = plan_via(Activity, "goal__plan_id")
_line_plan = plan_via(BudgetLine, "plan_id")
_member_plan = plan_via(OrganisationMember, "plan_id")
_risk_plan = plan_via(Risk, "plan_id")
_group_plan = plan_via(TargetGroup, "plan_id")
_sub_project_plan = plan_via(SubProject, "plan_id")


# Goals -----------------------------------------------------------------------------------


@permission_required(EDIT, plan_of)
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_of(request, pk)
    # ?hovedmal=<id>: "add a sub-goal" under that main goal.
    form = forms.GoalForm(
        form_data(request), plan=plan, initial={"parent": request.GET.get("hovedmal")}
    )
    goal = attempt(form, services.goal_save, plan=plan)
    if goal is not None:
        return saved(request, plan, goal_anchor(goal), _("Målet er lagt til."))
    return page(request, "goal_form", plan, {"form": form}, ok=request.method != "POST")


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
    make = partial(forms.GoalForm, plan=plan, goal=goal)
    edit = edit_part(
        request, goal, make, forms.goal_initial, services.goal_save, plan=plan, goal=goal
    )
    if edit.part is not None:
        return saved(request, plan, goal_anchor(edit.part), _("Målet er lagret."))
    if edit.conflict is not None:
        goal.refresh_from_db()
    return edited_page(request, "goal_form", plan, edit, _goal_context(goal, edit.form))


@require_POST
@permission_required(EDIT, _goal_plan)
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=pk)
    plan = _goal_plan(request, pk)
    try:
        services.goal_delete(goal=goal)
    except ValidationError as exc:
        # Shown beside the delete button on the goal's page, the goal untouched.
        found = [m for messages_ in error_dict(exc).values() for m in messages_]
        form = forms.GoalForm(plan=plan, goal=goal, initial=forms.goal_initial(goal))
        return page(request, "goal_form", plan, _goal_context(goal, form, found), ok=False)
    anchor = f"goal-{goal.parent_id}" if goal.parent_id else "handlingsplan"
    return saved(request, plan, anchor, _("Målet «%(title)s» er slettet.") % {"title": goal})


# Activities ------------------------------------------------------------------------------


@permission_required(EDIT, _goal_plan)
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=pk)
    plan = _goal_plan(request, pk)
    initial = {"goal": goal.pk, "status": ActivityStatus.PLANNED}
    form = forms.ActivityForm(form_data(request), plan=plan, initial=initial)
    activity = attempt(form, services.activity_save)
    if activity is not None:
        anchor = goal_anchor(activity.goal)
        return saved(request, plan, anchor, _("Tiltaket er lagt til."))
    context = {"form": form, "goal": goal}
    return page(request, "activity_form", plan, context, ok=request.method != "POST")


@permission_required(EDIT, _activity_plan)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("goal"), pk=pk)
    plan = _activity_plan(request, pk)
    make = partial(forms.ActivityForm, plan=plan)
    edit = edit_part(
        request, activity, make, forms.activity_initial, services.activity_save, activity=activity
    )
    if edit.part is not None:
        return saved(request, plan, goal_anchor(edit.part.goal), _("Tiltaket er lagret."))
    context = {"form": edit.form, "goal": activity.goal, "activity": activity}
    return edited_page(request, "activity_form", plan, edit, context)


@require_POST
@permission_required(EDIT, _activity_plan)
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("goal"), pk=pk)
    message = _("Tiltaket «%(title)s» er slettet.") % {"title": activity}
    anchor = goal_anchor(activity.goal)
    return remove_part(request, activity, _activity_plan(request, pk), anchor, message)


# Budget ----------------------------------------------------------------------------------


@permission_required(EDIT, plan_of)
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_of(request, pk)
    participation = plan.participation
    first, last = participation.starts_on.year, participation.ends_on.year
    form = forms.BudgetLineForm(form_data(request), years=(first, last))
    if attempt(form, services.budget_line_save, plan=plan):
        return saved(request, plan, "budsjett", _("Budsjettlinjen er lagt til."))
    summary = selectors.budget_summary(plan)
    context = {
        "form": form,
        "years": selectors_edit.budget_years(plan, summary),
        "summary": summary,
        "programme": participation.programme,
        "first_year": first,
        "last_year": last,
    }
    return page(request, "budget", plan, context, ok=request.method != "POST")


@require_POST
@permission_required(EDIT, _line_plan)
def budget_line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine, pk=pk)
    message = _("Budsjettlinjen «%(line)s» er slettet.") % {"line": line}
    return remove_part(request, line, _line_plan(request, pk), "budsjett", message)


# Organisation ----------------------------------------------------------------------------


@permission_required(EDIT, plan_of)
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_of(request, pk)
    form = forms.MemberForm(form_data(request), plan=plan)
    if attempt(form, services.member_save, plan=plan):
        return saved(request, plan, "organisering", _("Medlemmet er lagt til."))
    context = {"form": form, "bodies": selectors_edit.members_by_body(plan)}
    return page(request, "organisation", plan, context, ok=request.method != "POST")


@require_POST
@permission_required(EDIT, _member_plan)
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(OrganisationMember, pk=pk)
    message = _("«%(member)s» er fjernet fra organiseringen.") % {"member": member}
    return remove_part(request, member, _member_plan(request, pk), "organisering", message)


# Risks -----------------------------------------------------------------------------------


@permission_required(EDIT, plan_of)
def risks(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_of(request, pk)
    form = forms.RiskForm(form_data(request))
    if attempt(form, services.risk_save, plan=plan):
        return saved(request, plan, "risiko-heading", _("Risikoen er lagt til."))
    context = {"form": form, "risks": plan.risks.all()}
    return page(request, "risks", plan, context, ok=request.method != "POST")


@permission_required(EDIT, _risk_plan)
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(Risk, pk=pk)
    plan = _risk_plan(request, pk)
    edit = edit_part(
        request, risk, forms.RiskForm, forms.risk_initial, services.risk_save, plan=plan, risk=risk
    )
    if edit.part is not None:
        return saved(request, plan, "risiko-heading", _("Risikoen er lagret."))
    return edited_page(request, "risk_form", plan, edit, {"form": edit.form, "risk": risk})


@require_POST
@permission_required(EDIT, _risk_plan)
def risk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(Risk, pk=pk)
    message = _("Risikoen er slettet.")
    return remove_part(request, risk, _risk_plan(request, pk), "risiko-heading", message)


# Target groups and sub-projects -----------------------------------------------------------


@permission_required(EDIT, plan_of)
def groups(request: HttpRequest, pk: int) -> HttpResponse:
    """Two lists and two add forms; the button's `kind` says which form was sent."""
    plan = plan_of(request, pk)
    kind = request.POST.get("kind") if request.method == "POST" else None
    group_form = forms.TargetGroupForm(request.POST if kind == "group" else None, prefix="group")
    sub_form = forms.SubProjectForm(request.POST if kind == "sub" else None, prefix="sub")
    if kind == "group" and attempt(group_form, services.target_group_save, plan=plan):
        return saved(request, plan, "malgrupper-heading", _("Målgruppen er lagt til."))
    if kind == "sub" and attempt(sub_form, services.sub_project_save, plan=plan):
        return saved(request, plan, "malgrupper-heading", _("Delprosjektet er lagt til."))
    context = {
        "group_form": group_form,
        "sub_form": sub_form,
        "target_groups": plan.target_groups.all(),
        "sub_projects": plan.sub_projects.all(),
    }
    return page(request, "groups", plan, context, ok=request.method != "POST")


@require_POST
@permission_required(EDIT, _group_plan)
def target_group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(TargetGroup, pk=pk)
    message = _("Målgruppen «%(name)s» er slettet.") % {"name": group}
    return remove_part(request, group, _group_plan(request, pk), "malgrupper-heading", message)


@require_POST
@permission_required(EDIT, _sub_project_plan)
def sub_project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sub_project = get_object_or_404(SubProject, pk=pk)
    message = _("Delprosjektet «%(name)s» er slettet.") % {"name": sub_project}
    return remove_part(
        request, sub_project, _sub_project_plan(request, pk), "malgrupper-heading", message
    )


urlpatterns = [
    path("planer/<int:pk>/mal/ny/", goal_create, name="goal-create"),
    path("planer/mal/<int:pk>/", goal_edit, name="goal-edit"),
    path("planer/mal/<int:pk>/slett/", goal_delete, name="goal-delete"),
    path("planer/mal/<int:pk>/tiltak/ny/", activity_create, name="activity-create"),
    path("planer/tiltak/<int:pk>/", activity_edit, name="activity-edit"),
    path("planer/tiltak/<int:pk>/slett/", activity_delete, name="activity-delete"),
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
