"""Reads for programme plans: the goal tree, the month timeline, the budget with the
own-contribution share, and each indicator's reading against its target."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from boso.plans import progress
from boso.plans.choices import Funder
from boso.plans.models import Activity, Goal, Plan, PlanIndicator
from boso.statistics.harmonise import Harmoniser, harmonised_many
from boso.statistics.periods import parse_period


def plan_tree(plan: Plan) -> list[Goal]:
    """Main goals with their sub-goals, each with activities and indicators (four queries)."""
    activities = Prefetch("activities", queryset=Activity.objects.order_by("starts_on", "order"))
    indicators = Prefetch("indicators", queryset=PlanIndicator.objects.prefetch_related("targets"))
    goals = list(plan.goals.prefetch_related(activities, indicators))
    by_parent: dict[int | None, list[Goal]] = defaultdict(list)
    for goal in goals:
        by_parent[goal.parent_id].append(goal)
    for goal in goals:
        goal.sub_goals = by_parent.get(goal.pk, [])  # type: ignore[attr-defined]
    return by_parent[None]


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


@dataclass(frozen=True)
class TimelineRow:
    activity: Activity
    goal: Goal
    cells: list[bool]  # one per month: is the activity going on


def timeline(plan: Plan) -> tuple[list[datetime.date], list[TimelineRow]]:
    """Seed 004 section 5.2: activities by month over the plan's years."""
    activities = list(
        Activity.objects.filter(goal__plan=plan)
        .select_related("goal")
        .order_by("starts_on", "goal__order", "order", "pk")
    )
    first = datetime.date(plan.first_year, 1, 1)
    last = datetime.date(plan.last_year, 12, 1)
    if activities:
        first = min(first, activities[0].starts_on)
        last = max(last, max(a.ends_on for a in activities))
    months = months_between(first, last)
    rows = [
        TimelineRow(a, a.goal, [a.starts_on <= month <= a.ends_on for month in months])
        for a in activities
    ]
    return months, rows


@dataclass(frozen=True)
class BudgetSummary:
    years: list[int]
    by_year: dict[int, dict[str, Decimal]]  # year → funder → amount
    totals: dict[str, Decimal]  # funder → amount
    own_share: Decimal | None  # the municipality's part of municipality + Husbanken
    within_rule: bool | None


def budget_summary(plan: Plan) -> BudgetSummary:
    """Totals per year and funder, summed in the database, and the own-contribution
    share against the programme's rule (as on the application: own / (own + grant))."""
    rows = plan.budget_lines.values("year", "funder").annotate(total=Sum("amount"))
    by_year: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(Funder.values, Decimal(0))
    )
    totals = dict.fromkeys(Funder.values, Decimal(0))
    for row in rows:
        by_year[row["year"]][row["funder"]] = row["total"]
        totals[row["funder"]] += row["total"]
    own, grant = totals[Funder.MUNICIPALITY], totals[Funder.HUSBANKEN]
    share = own / (own + grant) if own + grant else None
    programme = plan.participation.programme
    within = None if share is None else programme.min_own_share <= share <= programme.max_own_share
    return BudgetSummary(sorted(by_year), dict(by_year), totals, share, within)


# Set on a PlanIndicator by prime_catalogue_figures: its figures from the store.
_PRIMED = "_catalogue_figures"


def prime_catalogue_figures(indicators: Iterable[PlanIndicator]) -> None:
    """Read the statistics store once for many catalogue indicators and keep each one's
    figures on it, as prefetch_related does: one harmoniser (two queries) per structure
    and one observation query per municipality, instead of three queries per indicator.
    The indicators' plans must come with participation and municipality loaded."""
    groups: dict[tuple[str, datetime.date], list[PlanIndicator]] = defaultdict(list)
    for indicator in indicators:
        if indicator.catalogue_id and not hasattr(indicator, _PRIMED):
            municipality = indicator.plan.participation.municipality
            groups[(municipality.code, municipality.valid_from)].append(indicator)
    harmonisers: dict[datetime.date, Harmoniser] = {}
    for (code, day), group in groups.items():
        if day not in harmonisers:
            harmonisers[day] = Harmoniser(structure=day)
        catalogue = {i.catalogue_id: i.catalogue for i in group if i.catalogue is not None}
        points = harmonised_many(
            indicators=list(catalogue.values()), harmoniser=harmonisers[day], regions=[code]
        )
        for indicator in group:
            found = points.get(indicator.catalogue_id or 0, [])
            # Whole figures only: points split by a dimension are not the indicator's.
            kept = [
                (p.period, p.value) for p in found if p.value is not None and not p.dimension_key
            ]
            setattr(indicator, _PRIMED, kept)


def _catalogue_actuals(indicator: PlanIndicator) -> list[tuple[str, Decimal]]:
    """The catalogue indicator's figures for the municipality, on its structure."""
    if not hasattr(indicator, _PRIMED):
        prime_catalogue_figures([indicator])
    return list(getattr(indicator, _PRIMED))


def actuals_of(indicator: PlanIndicator) -> list[tuple[str, Decimal]]:
    """(period, value) oldest first: from the statistics store for a catalogue indicator,
    else from reports; summed over periods for a cumulative indicator."""
    if indicator.catalogue_id:
        found = _catalogue_actuals(indicator)
    else:
        found = [(a.period, a.value) for a in indicator.actuals.all()]
    found.sort(key=lambda pair: parse_period(pair[0]).start)
    if indicator.cumulative:
        running, summed = Decimal(0), []
        for period, value in found:
            running += value
            summed.append((period, running))
        found = summed
    return found


def indicator_reading(indicator: PlanIndicator) -> progress.Reading:
    """The latest actual after the baseline, against the first target not yet passed."""
    baseline_start = (
        parse_period(indicator.baseline_period).start if indicator.baseline_period else None
    )
    actuals = [
        (p, v)
        for p, v in actuals_of(indicator)
        if baseline_start is None or parse_period(p).start > baseline_start
    ]
    targets = sorted(
        ((t.period, t.value) for t in indicator.targets.all()),
        key=lambda pair: parse_period(pair[0]).start,
    )
    latest = actuals[-1] if actuals else None
    target = None
    if targets:
        when = parse_period(latest[0]).start if latest else None
        later = [t for t in targets if when is None or parse_period(t[0]).start >= when]
        target = later[0] if later else targets[-1]
    return progress.reading(
        baseline=indicator.baseline_value,
        baseline_period=indicator.baseline_period,
        direction=indicator.direction,
        target=target,
        actual=latest,
    )


def plans_of(participation_id: int) -> QuerySet[Plan]:
    return Plan.objects.filter(participation_id=participation_id).order_by("first_year", "pk")
