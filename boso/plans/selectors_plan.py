"""Reads for the plan pages, on top of boso.plans.selectors: the goal tree with each
indicator's reading, the risk matrix, the organisation by body, the budget as a table,
the timeline grouped by goal and the versions a user may read.

Links to pages are passed in (`link(name, pk)` → URL or None), so these reads stay
free of URL names that may not exist yet.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import prefetch_related_objects

from boso.core.formatting import format_number
from boso.plans import progress, selectors
from boso.plans.choices import Funder, OrganisationBody, Progress
from boso.plans.models import (
    Activity,
    Goal,
    OrganisationMember,
    Plan,
    PlanIndicator,
    Risk,
)

Link = Callable[[str, int], str | None]
SCALE = range(1, 6)
PROGRESS_COLOURS = {
    Progress.ON_TRACK: "success",
    Progress.AT_RISK: "warning",
    Progress.OFF_TRACK: "danger",
    Progress.NO_DATA: "neutral",
}


def figure(value: Decimal | None) -> str:
    """A stored value (four decimals in the database) as written: 35, 2,35, 1 500."""
    if value is None:
        return ""
    return format_number(value.normalize())


# The goal tree ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorLine:
    indicator: PlanIndicator
    reading: progress.Reading
    targets: list[tuple[str, str]]  # (period, value as written)
    edit_url: str | None

    @property
    def colour(self) -> str:
        return PROGRESS_COLOURS.get(Progress(self.reading.status), "neutral")

    @property
    def baseline(self) -> str:
        return figure(self.indicator.baseline_value)

    @property
    def actual(self) -> str:
        return figure(self.reading.actual)


@dataclass(frozen=True)
class ActivityLine:
    activity: Activity
    edit_url: str | None


@dataclass(frozen=True)
class GoalBlock:
    goal: Goal
    number: str  # 1, 1.2
    activities: list[ActivityLine]
    indicators: list[IndicatorLine]
    sub_goals: list[GoalBlock]
    edit_url: str | None
    add_activity_url: str | None
    add_indicator_url: str | None


def goal_blocks(plan: Plan, link: Link) -> list[GoalBlock]:
    """Main goals → sub-goals, with activities and indicator readings. The queries do
    not grow with goals, activities or indicators (the store is read once for all)."""
    tree = selectors.plan_tree(plan)
    goals = [g for main in tree for g in (main, *main.sub_goals)]  # type: ignore[attr-defined]
    indicators = [i for g in goals for i in g.indicators.all()]
    prefetch_related_objects(
        indicators, "actuals", "catalogue__numerator", "catalogue__denominator"
    )
    for indicator in indicators:
        indicator.plan = plan  # the plan (with its municipality) is already loaded
    selectors.prime_catalogue_figures(indicators)
    return [_block(main, str(n), link) for n, main in enumerate(tree, start=1)]


def _block(goal: Goal, number: str, link: Link) -> GoalBlock:
    subs = getattr(goal, "sub_goals", [])
    return GoalBlock(
        goal=goal,
        number=number,
        activities=[ActivityLine(a, link("activity-edit", a.pk)) for a in goal.activities.all()],
        indicators=[_indicator_line(i, link) for i in goal.indicators.all()],
        sub_goals=[_block(s, f"{number}.{n}", link) for n, s in enumerate(subs, start=1)],
        edit_url=link("goal-edit", goal.pk),
        add_activity_url=link("activity-create", goal.pk),
        add_indicator_url=link("indicator-create", goal.pk),
    )


def _indicator_line(indicator: PlanIndicator, link: Link) -> IndicatorLine:
    targets = [(t.period, figure(t.value)) for t in indicator.targets.all()]
    return IndicatorLine(
        indicator,
        selectors.indicator_reading(indicator),
        targets,
        link("indicator-edit", indicator.pk),
    )


# Risks ------------------------------------------------------------------------------------


def risk_level(score: int) -> str:
    """low ≤ 4 < medium ≤ 12 < high, the usual bands of a 5 × 5 matrix."""
    return "high" if score >= 15 else "medium" if score >= 5 else "low"


@dataclass(frozen=True)
class RiskCell:
    likelihood: int
    consequence: int
    numbers: list[int]  # the risks' numbers in the list (R1, R2 …)

    @property
    def level(self) -> str:
        return risk_level(self.likelihood * self.consequence)


@dataclass(frozen=True)
class RiskRow:
    likelihood: int
    cells: list[RiskCell]


def risk_matrix(risks: list[Risk]) -> list[RiskRow]:
    """Likelihood 5 (top) to 1 against consequence 1 to 5; each cell holds the numbers
    of its risks, counted from 1 in the order of `risks`."""
    placed: dict[tuple[int, int], list[int]] = defaultdict(list)
    for number, risk in enumerate(risks, start=1):
        placed[(risk.likelihood, risk.consequence)].append(number)
    return [
        RiskRow(likelihood, [RiskCell(likelihood, c, placed[(likelihood, c)]) for c in SCALE])
        for likelihood in reversed(SCALE)
    ]


# Organisation and budget ------------------------------------------------------------------


def organisation(plan: Plan) -> list[tuple[str, list[OrganisationMember]]]:
    """The bodies in seed 004's order (owner, steering, project, reference), those with
    members only."""
    by_body: dict[str, list[OrganisationMember]] = defaultdict(list)
    for member in plan.members.select_related("user").order_by("order", "pk"):
        by_body[member.body].append(member)
    return [
        (str(label), by_body[value]) for value, label in OrganisationBody.choices if by_body[value]
    ]


@dataclass(frozen=True)
class BudgetTable:
    funders: list[str]  # labels, in Funder order
    rows: list[tuple[int, list[Decimal], Decimal]]  # year, amount per funder, total
    totals: list[Decimal]
    total: Decimal
    summary: selectors.BudgetSummary
    rule: tuple[Decimal, Decimal]  # the programme's own share, lowest and highest, in %


def budget_table(plan: Plan) -> BudgetTable:
    summary = selectors.budget_summary(plan)
    rows = []
    for year in summary.years:
        amounts = [summary.by_year[year][f] for f in Funder.values]
        rows.append((year, amounts, sum(amounts, Decimal(0))))
    totals = [summary.totals[f] for f in Funder.values]
    programme = plan.participation.programme
    rule = (programme.min_own_share * 100, programme.max_own_share * 100)
    labels = [str(label) for label in Funder.labels]
    return BudgetTable(labels, rows, totals, sum(totals, Decimal(0)), summary, rule)


# Versions ---------------------------------------------------------------------------------


def other_versions(user: Any, plan: Plan) -> list[Plan]:
    """The participation's other plans the user may read (readers: approved ones)."""
    found = (
        selectors.plans_of(plan.participation_id)
        .exclude(pk=plan.pk)
        .select_related("participation__programme__region", "participation__municipality")
    )
    return [p for p in found if user.has_perm("plans.view_plan", p)]


# The timeline -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineLine:
    activity: Activity
    cells: list[tuple[bool, bool]]  # per month: going on, first month of a year


@dataclass(frozen=True)
class TimelineGroup:
    goal: Goal
    number: str
    rows: list[TimelineLine]


@dataclass(frozen=True)
class Timeline:
    months: list[datetime.date]
    years: list[tuple[int, int]]  # year, number of its months in the table
    groups: list[TimelineGroup]


def timeline(plan: Plan) -> Timeline:
    """Seed 004 section 5.2: activities by month, grouped under their goals in the
    order of the goal tree (main goal, then its sub-goals)."""
    months, rows = selectors.timeline(plan)
    january = [month.month == 1 for month in months]
    by_goal: dict[int, list[TimelineLine]] = defaultdict(list)
    for row in rows:
        by_goal[row.goal.pk].append(
            TimelineLine(row.activity, list(zip(row.cells, january, strict=True)))
        )
    groups = [
        TimelineGroup(goal, number, by_goal[goal.pk])
        for goal, number in _goal_order(plan)
        if by_goal[goal.pk]
    ]
    years: dict[int, int] = defaultdict(int)
    for month in months:
        years[month.year] += 1
    return Timeline(months, sorted(years.items()), groups)


def _goal_order(plan: Plan) -> list[tuple[Goal, str]]:
    goals = list(plan.goals.all())
    ordered = []
    mains = [g for g in goals if g.parent_id is None]
    for n, main in enumerate(mains, start=1):
        ordered.append((main, str(n)))
        subs = [g for g in goals if g.parent_id == main.pk]
        ordered.extend((sub, f"{n}.{m}") for m, sub in enumerate(subs, start=1))
    return ordered
