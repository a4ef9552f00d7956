"""The shapes of the plans API (boso/plans/api.py): what goes in and out.

Amounts, shares and indicator values are decimals written as strings ("850000.00",
"0.3953", "35"), so nothing is lost on the way. People appear as usernames only.
Simple shapes are read straight from the model objects; `plan_out` builds the rest.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from boso.api.schemas import PageFilters, RowId
from boso.plans import progress
from boso.plans.choices import Funder, PlanStatus
from boso.plans.models import Plan, PlanIndicator
from boso.plans.selectors import actuals_of
from boso.plans.selectors_full import IndicatorRow, PlanParts
from boso.programmes.schemas import MunicipalityRef, ProgrammeRef, ReportingPeriodOut, username

Json = dict[str, Any]
CENTS = Decimal("0.01")
SHARE = Decimal("0.0001")

# Out -----------------------------------------------------------------------------------


class ParticipationRef(Schema):
    id: int
    programme: ProgrammeRef
    municipality: MunicipalityRef
    starts_on: datetime.date
    ends_on: datetime.date


class PlanSummaryOut(Schema):
    id: int
    title: str
    participation: ParticipationRef
    first_year: int
    last_year: int
    status: str = Field(description="draft or approved")
    version: int = Field(description="send it back with a change of the texts")
    approved_at: datetime.datetime | None
    updated_at: datetime.datetime


class ActivityOut(Schema):
    id: int
    title: str
    responsible_unit: str
    starts_on: datetime.date = Field(description="the first day of the first month")
    ends_on: datetime.date = Field(description="the first day of the last month")
    expected_result: str = Field(description="how the activity serves the goal")
    status: str = Field(description="planned, ongoing, done, postponed or cancelled")
    order: int


class GoalOut(Schema):
    id: int
    level: str = Field(description="main (hovedmål) or sub (delmål)")
    title: str
    description: str
    order: int
    activities: list[ActivityOut]
    indicators: list[int] = Field(description="ids of the indicators on this goal")
    sub_goals: list[GoalOut] = Field(description="the sub-goals of a main goal")


class PeriodValueOut(Schema):
    period: str = Field(description="2010, 2010H1, 2010K1, 2010M03 or 2010-11-20")
    value: Decimal


class ActualOut(PeriodValueOut):
    source: str


class ReadingOut(Schema):
    actual: Decimal | None = Field(description="the latest actual after the baseline")
    actual_period: str
    target: Decimal | None = Field(description="the first target not yet passed")
    target_period: str
    progress: Decimal | None = Field(description="share of the way from baseline to target")
    expected: Decimal | None = Field(description="share of the time passed")
    status: str = Field(description="on_track, at_risk, off_track or no_data")
    status_label: str


# Named apart from the other apps' schemas: the OpenAPI document has one namespace.
class PlanIndicatorOut(Schema):
    id: int
    goal: int
    name: str
    unit: str
    catalogue: str | None = Field(description="the catalogue indicator's code, if from there")
    direction: str = Field(description="increase or decrease: which way is better")
    cumulative: bool
    baseline_value: Decimal | None
    baseline_period: str
    targets: list[PeriodValueOut]
    actuals: list[ActualOut] = Field(
        description="reported actuals, or the statistics store's figures for a catalogue "
        "indicator (source «statistikk»)"
    )
    reading: ReadingOut


class NamedOut(Schema):
    id: int
    name: str
    description: str
    order: int


class MemberOut(Schema):
    id: int
    body: str = Field(description="owner, steering, project or reference")
    role_title: str
    unit: str
    username: str | None = Field(description="the seat's account, where the person has one")
    leads: bool
    order: int

    @staticmethod
    def resolve_username(member: Any) -> str | None:
        return username(member.user)


class RiskOut(Schema):
    id: int
    description: str
    likelihood: int = Field(description="1 (low) to 5 (high)")
    consequence: int = Field(description="1 (low) to 5 (high)")
    score: int = Field(description="likelihood × consequence")
    mitigation: str
    owner_role: str


class BudgetLineOut(Schema):
    id: int
    year: int
    funder: str = Field(description="municipality, husbanken or other")
    category: str = Field(description="wages, travel, consultants or other")
    amount: Decimal
    note: str


class FunderAmountsOut(Schema):
    municipality: Decimal
    husbanken: Decimal
    other: Decimal
    total: Decimal


class BudgetYearOut(FunderAmountsOut):
    year: int


class OwnShareRuleOut(Schema):
    min_own_share: Decimal
    max_own_share: Decimal


class BudgetSummaryOut(Schema):
    years: list[BudgetYearOut]
    totals: FunderAmountsOut
    own_share: Decimal | None = Field(
        description="the municipality's part of municipality + Husbanken (null while both are 0)"
    )
    within_rule: bool | None
    rule: OwnShareRuleOut


class PlanOut(PlanSummaryOut):
    approved_by: str | None
    created_at: datetime.datetime
    summary: str = Field(description="rich text: sanitised HTML")
    purpose: str
    mandate: str
    background: str
    status_and_challenges: str
    vision: str
    goals: list[GoalOut] = Field(description="main goals, each with its sub-goals")
    indicators: list[PlanIndicatorOut]
    progress_rule: str = Field(description="how progress and status are computed, in Norwegian")
    target_groups: list[NamedOut]
    sub_projects: list[NamedOut]
    organisation: list[MemberOut]
    risks: list[RiskOut]
    budget_lines: list[BudgetLineOut]
    budget: BudgetSummaryOut
    reporting_schedule: list[ReportingPeriodOut] = Field(
        description="the participation's reports to Husbanken, with their deadlines"
    )


class PlanPage(Schema):
    items: list[PlanSummaryOut]
    count: int


# In ------------------------------------------------------------------------------------


class PlanFilters(PageFilters):
    participation: RowId | None = Field(None, description="a participation's id")
    status: PlanStatus | None = None


class PlanTextsIn(Schema):
    """The plan's texts to save. Fields left out (or null) keep their value; rich text
    is sanitised as on the pages."""

    version: int = Field(description="the version you read; if it has changed since: 409")
    title: str | None = None
    summary: str | None = None
    purpose: str | None = None
    mandate: str | None = None
    background: str | None = None
    status_and_challenges: str | None = None
    vision: str | None = Field(None, max_length=300)


# Out: dicts for the endpoints ------------------------------------------------------------


def plan_summary(plan: Plan) -> Json:
    participation = plan.participation
    return {
        "id": plan.pk,
        "title": plan.title,
        "participation": {
            "id": participation.pk,
            "programme": participation.programme,
            "municipality": participation.municipality,
            "starts_on": participation.starts_on,
            "ends_on": participation.ends_on,
        },
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "status": plan.status,
        "version": plan.version,
        "approved_at": plan.approved_at,
        "updated_at": plan.updated_at,
    }


def _goal(goal: Any) -> Json:
    return {
        "id": goal.pk,
        "level": goal.level,
        "title": goal.title,
        "description": goal.description,
        "order": goal.order,
        "activities": goal.activities.all(),
        "indicators": [i.pk for i in goal.indicators.all()],
        "sub_goals": [_goal(sub) for sub in getattr(goal, "sub_goals", [])],
    }


def _actuals(indicator: PlanIndicator) -> list[Json]:
    if indicator.catalogue_id:
        return [{"period": p, "value": v, "source": "statistikk"} for p, v in actuals_of(indicator)]
    return [
        {"period": a.period, "value": a.value, "source": a.source} for a in indicator.actuals.all()
    ]


def _indicator(row: IndicatorRow) -> Json:
    indicator, reading = row.indicator, row.reading
    return {
        "id": indicator.pk,
        "goal": row.goal.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "catalogue": indicator.catalogue.code if indicator.catalogue else None,
        "direction": indicator.direction,
        "cumulative": indicator.cumulative,
        "baseline_value": _plain(indicator.baseline_value),
        "baseline_period": indicator.baseline_period,
        "targets": [
            {"period": t.period, "value": _plain(t.value)} for t in indicator.targets.all()
        ],
        "actuals": [{**a, "value": _plain(a["value"])} for a in _actuals(indicator)],
        "reading": _reading(reading),
    }


def _plain(value: Decimal | None) -> Decimal | None:
    """35.0000 → 35: indicator values keep only the decimals they have."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def _reading(reading: progress.Reading) -> Json:
    def share(value: Decimal | None) -> Decimal | None:
        return None if value is None else value.quantize(SHARE)

    return {
        "actual": _plain(reading.actual),
        "actual_period": reading.actual_period,
        "target": _plain(reading.target),
        "target_period": reading.target_period,
        "progress": share(reading.progress),
        "expected": share(reading.expected),
        "status": reading.status,
        "status_label": reading.status_label,
    }


def _amounts(by_funder: dict[str, Decimal]) -> Json:
    amounts = {f: by_funder.get(f, Decimal(0)).quantize(CENTS) for f in Funder.values}
    return {**amounts, "total": sum(amounts.values(), Decimal(0)).quantize(CENTS)}


def _budget(parts: PlanParts) -> Json:
    summary, programme = parts.budget, parts.plan.participation.programme
    return {
        "years": [{"year": y, **_amounts(summary.by_year[y])} for y in summary.years],
        "totals": _amounts(summary.totals),
        "own_share": None if summary.own_share is None else summary.own_share.quantize(SHARE),
        "within_rule": summary.within_rule,
        "rule": programme,
    }


def plan_out(parts: PlanParts) -> Json:
    plan = parts.plan
    return {
        **plan_summary(plan),
        "approved_by": username(plan.approved_by),
        "created_at": plan.created_at,
        **{name: getattr(plan, name) for name in PlanTextsIn.model_fields if name != "version"},
        "goals": [_goal(g) for g in parts.goals],
        "indicators": [_indicator(row) for row in parts.indicators],
        "progress_rule": progress.rule_text(),
        "target_groups": parts.target_groups,
        "sub_projects": parts.sub_projects,
        "organisation": parts.members,
        "risks": parts.risks,
        "budget_lines": [
            {**_line(line), "amount": line.amount.quantize(CENTS)} for line in parts.budget_lines
        ],
        "budget": _budget(parts),
        "reporting_schedule": parts.reporting_periods,
    }


def _line(line: Any) -> Json:
    return {
        "id": line.pk,
        "year": line.year,
        "funder": line.funder,
        "category": line.category,
        "note": line.note,
    }
