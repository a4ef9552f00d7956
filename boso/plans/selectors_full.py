"""Reads of a whole plan for the documents and the API: which plans a user may see (the
query form of plans.view_plan), and every part of one plan in a fixed number of
queries however many goals, activities and indicators it holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from boso.accounts.predicates import is_admin, is_advisor, is_coordinator, is_municipal
from boso.municipalities.selectors import municipality_lineage_ids
from boso.plans import progress
from boso.plans.choices import PlanStatus
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
from boso.plans.selectors import (
    BudgetSummary,
    budget_summary,
    indicator_reading,
    prime_catalogue_figures,
)
from boso.programmes.models import ReportingPeriod


def plans() -> QuerySet[Plan]:
    """Plans with what every page of them names (programme, region, municipality)."""
    return Plan.objects.select_related(
        "participation__programme__region", "participation__municipality", "approved_by"
    )


def plans_visible_to(user: Any) -> QuerySet[Plan]:
    """The plans `user` may read, as plans.view_plan decides one by one: administrators
    all, an advisor the own region's, a municipality's coordinator its plans (also under
    the municipality's earlier numbers), its readers the approved ones only."""
    found = plans().order_by("participation__municipality__code", "first_year", "pk")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return found.none()
    if user.is_superuser or is_admin(user):
        return found
    if is_advisor(user):
        return found.filter(participation__programme__region_id=user.region_id)
    if not is_municipal(user) or not user.municipality_id:
        return found.none()
    own = municipality_lineage_ids(user.municipality) | {user.municipality_id}
    found = found.filter(participation__municipality_id__in=own)
    return found if is_coordinator(user) else found.filter(status=PlanStatus.APPROVED)


@dataclass(frozen=True)
class IndicatorRow:
    indicator: PlanIndicator
    goal: Goal
    reading: progress.Reading


@dataclass(frozen=True)
class PlanParts:
    """Everything in a plan, read once."""

    plan: Plan
    goals: list[Goal]  # main goals, each with .sub_goals; activities and indicators prefetched
    indicators: list[IndicatorRow]  # in goal-tree order
    target_groups: list[TargetGroup]
    sub_projects: list[SubProject]
    members: list[OrganisationMember]
    risks: list[Risk]
    budget_lines: list[BudgetLine]
    budget: BudgetSummary
    reporting_periods: list[ReportingPeriod]


def goal_tree(plan: Plan) -> list[Goal]:
    """Main goals with `.sub_goals`; activities, indicators, their targets and actuals
    prefetched (six queries); every indicator knows its plan without a query."""
    activities = Prefetch("activities", queryset=Activity.objects.order_by("starts_on", "order"))
    indicators = Prefetch(
        "indicators",
        queryset=PlanIndicator.objects.select_related(
            "catalogue__numerator", "catalogue__denominator"
        ).prefetch_related("targets", "actuals"),
    )
    goals = list(plan.goals.prefetch_related(activities, indicators))
    by_parent: dict[int | None, list[Goal]] = {}
    for goal in goals:
        by_parent.setdefault(goal.parent_id, []).append(goal)
        for indicator in goal.indicators.all():
            indicator.plan = plan  # read by the reading of catalogue indicators
    for goal in goals:
        goal.sub_goals = by_parent.get(goal.pk, [])  # type: ignore[attr-defined]
    return by_parent.get(None, [])


def walk(goals: list[Goal]) -> list[Goal]:
    """The goals in reading order: each main goal followed by its sub-goals."""
    return [g for main in goals for g in (main, *main.sub_goals)]  # type: ignore[attr-defined]


def plan_parts(plan: Plan) -> PlanParts:
    """The plan's parts. Catalogue indicators read the statistics store once for all of
    them; the programme's own indicators cost nothing more."""
    goals = goal_tree(plan)
    pairs = [(goal, indicator) for goal in walk(goals) for indicator in goal.indicators.all()]
    prime_catalogue_figures(indicator for _goal, indicator in pairs)
    rows = [
        IndicatorRow(indicator, goal, indicator_reading(indicator)) for goal, indicator in pairs
    ]
    return PlanParts(
        plan=plan,
        goals=goals,
        indicators=rows,
        target_groups=list(plan.target_groups.all()),
        sub_projects=list(plan.sub_projects.all()),
        members=list(plan.members.select_related("user")),
        risks=list(plan.risks.all()),
        budget_lines=list(plan.budget_lines.all()),
        budget=budget_summary(plan),
        reporting_periods=list(plan.participation.reporting_periods.all()),
    )
