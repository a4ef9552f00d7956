"""Reads for the plan's edit pages (boso.plans.views_edit): the budget lines by year
with their sums, the organisation by body, and an indicator's figures as written."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from boso.core.formatting import format_number
from boso.plans import progress, selectors
from boso.plans.choices import Funder, OrganisationBody, Progress
from boso.plans.models import BudgetLine, OrganisationMember, Plan, PlanIndicator

PROGRESS_COLOURS: dict[str, str] = {
    Progress.ON_TRACK: "success",
    Progress.AT_RISK: "warning",
    Progress.OFF_TRACK: "danger",
    Progress.NO_DATA: "neutral",
}


def figure(value: Decimal | None) -> str:
    """A stored value (four decimals in the database) as written: 35, 2,35, 1 500."""
    return "" if value is None else format_number(value.normalize())


@dataclass(frozen=True)
class BudgetYear:
    year: int
    lines: list[BudgetLine]
    totals: list[tuple[str, Decimal]]  # (funder, sum) in Funder's order


def budget_years(plan: Plan, summary: selectors.BudgetSummary) -> list[BudgetYear]:
    lines = list(plan.budget_lines.all())
    return [
        BudgetYear(
            year,
            [line for line in lines if line.year == year],
            [(str(label), summary.by_year[year][funder]) for funder, label in Funder.choices],
        )
        for year in summary.years
    ]


def members_by_body(plan: Plan) -> list[tuple[str, list[OrganisationMember]]]:
    """Every body in seed 004's order (owner, steering, project, reference), empty or not."""
    members = list(plan.members.select_related("user"))
    return [
        (str(label), [m for m in members if m.body == body])
        for body, label in OrganisationBody.choices
    ]


def indicator_figures(indicator: PlanIndicator) -> dict[str, Any]:
    """What the indicator page shows: targets, actuals, the reading and the rule."""
    reading = selectors.indicator_reading(indicator)
    return {
        "baseline": figure(indicator.baseline_value),
        "targets": [(t, figure(t.value)) for t in indicator.targets.all()],
        "own_actuals": [(a, figure(a.value)) for a in indicator.actuals.all()],
        "actuals": [(period, figure(value)) for period, value in selectors.actuals_of(indicator)],
        "reading": reading,
        "reading_actual": figure(reading.actual),
        "reading_target": figure(reading.target),
        "colour": PROGRESS_COLOURS[reading.status],
        "rule": progress.rule_text(),
    }
