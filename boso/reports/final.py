"""The final report's results (sluttrapport): every goal and indicator of the plan over
the whole participation, read from all the approved reports and the statistics store.

An indicator's series holds the actuals of every approved report of the participation
(the programme's own indicators) or the store's figures inside the participation (the
catalogue's), the report itself included; its reading is the last actual against the
last target, with the plans' rule (boso.plans.progress).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from boso.plans import progress
from boso.plans import selectors as plan_selectors
from boso.plans.choices import ActivityStatus
from boso.plans.models import PlanIndicator
from boso.reports.choices import ActualSource, ItemKind, ReportStatus
from boso.reports.models import Report, ReportActual
from boso.statistics.periods import parse_period


@dataclass(frozen=True)
class IndicatorResult:
    indicator: PlanIndicator
    series: list[tuple[str, Decimal]]  # oldest first
    reading: progress.Reading


@dataclass(frozen=True)
class GoalResult:
    number: str
    title: str
    activities: int
    done: int  # activities reported as carried out


def _own_series(report: Report) -> dict[int, list[tuple[str, Decimal]]]:
    """Indicator id → the actuals the participation's approved reports gave, and this
    report's, one value per period (the later report's wins): one query for all of them."""
    approved = Q(
        report__status=ReportStatus.APPROVED,
        report__period__participation_id=report.period.participation_id,
    )
    actuals = ReportActual.objects.filter(
        approved | Q(report=report), source=ActualSource.REPORT, value__isnull=False
    ).order_by("report__period__ends_on", "report__number")
    by_indicator: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for actual in actuals.only("indicator_id", "period", "value"):
        if actual.period and actual.value is not None:
            by_indicator[actual.indicator_id][actual.period] = actual.value
    return {
        key: sorted(found.items(), key=lambda pair: parse_period(pair[0]).start)
        for key, found in by_indicator.items()
    }


def _catalogue_series(report: Report, indicator: PlanIndicator) -> list[tuple[str, Decimal]]:
    participation = report.period.participation
    return [
        (period, value)
        for period, value in plan_selectors.actuals_of(indicator)
        if parse_period(period).start <= participation.ends_on
    ]


def indicator_results(report: Report) -> list[IndicatorResult]:
    if report.plan is None:
        return []
    indicators = list(
        report.plan.indicators.select_related(
            "catalogue__numerator", "catalogue__denominator", "plan__participation__municipality"
        ).prefetch_related("targets")
    )
    plan_selectors.prime_catalogue_figures(indicators)
    own = _own_series(report)
    results = []
    for indicator in indicators:
        series = (
            _catalogue_series(report, indicator)
            if indicator.catalogue_id
            else own.get(indicator.pk, [])
        )
        targets = sorted(
            ((t.period, t.value) for t in indicator.targets.all()),
            key=lambda pair: parse_period(pair[0]).start,
        )
        reading = progress.reading(
            baseline=indicator.baseline_value,
            baseline_period=indicator.baseline_period,
            direction=indicator.direction,
            target=targets[-1] if targets else None,
            actual=series[-1] if series else None,
        )
        results.append(IndicatorResult(indicator, series, reading))
    return results


def goal_results(report: Report) -> list[GoalResult]:
    """Each goal of the report with its activities counted, as section 3 lists them."""
    results: list[GoalResult] = []
    for item in report.items.order_by("order", "pk"):
        if item.kind == ItemKind.GOAL:
            results.append(GoalResult(item.number, item.title, 0, 0))
        elif item.kind == ItemKind.ACTIVITY and results:
            last = results[-1]
            done = last.done + (item.status == ActivityStatus.DONE)
            results[-1] = GoalResult(last.number, last.title, last.activities + 1, done)
    return results
