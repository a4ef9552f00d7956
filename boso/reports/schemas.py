"""The shapes of the reports API (boso/reports/api.py): what goes in and out.

Amounts and indicator values are decimals written as strings ("850000.00", "35"), so
nothing is lost on the way. People appear as usernames only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from boso.plans.schemas import ParticipationRef, ReportingPeriodOut
from boso.programmes.choices import ReportKind
from boso.programmes.schemas import username
from boso.reports.choices import ReportStatus
from boso.reports.models import Report

Json = dict[str, Any]

# Out -----------------------------------------------------------------------------------


class PeriodRef(ReportingPeriodOut):
    id: int
    participation: ParticipationRef


class ReportSummaryOut(Schema):
    id: int
    period: PeriodRef
    plan: int | None = Field(description="the id of the plan the report was made from")
    number: int = Field(description="the version: 1, and one more for each reopening")
    status: str = Field(description="draft, submitted, returned or approved")
    revision: int = Field(description="send it back with every change")
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None


class ItemOut(Schema):
    id: int
    kind: str = Field(description="goal, activity or risk")
    number: str = Field(description="the goal's number in the plan, such as 2.1")
    title: str
    status: str = Field(description="planned, ongoing, done, postponed, cancelled or empty")
    comment: str


class ActualOut(Schema):
    indicator: int = Field(description="the plan indicator's id")
    name: str
    source: str = Field(description="statistics (to confirm) or report (entered)")
    period: str
    value: Decimal | None
    confirmed: bool
    comment: str


class MeetingOut(Schema):
    body: str = Field(description="owner, steering, project or reference")
    held: int
    participants: str = Field(description="who took part, by role")


class CostOut(Schema):
    category: str = Field(description="wages, travel, consultants or other")
    amount: Decimal


class FundingOut(Schema):
    funder: str = Field(description="municipality, husbanken or other")
    amount: Decimal


class StoryOut(Schema):
    id: int
    title: str
    told_on: datetime.date | None
    text: str


class CommentOut(Schema):
    section: int = Field(description="1 to 6, as in the report form")
    text: str
    author: str | None
    created_at: datetime.datetime


class ReportOut(ReportSummaryOut):
    approved_by: str | None
    programme_name: str
    contract_partner: str
    coordinator_role: str
    programme_start: datetime.date
    filled_by: str | None
    filled_on: datetime.date | None
    progress: str
    goals_comment: str
    organisation: str
    learning: str
    results: str
    into_operations: str
    remaining: str
    costs_as_of: datetime.date | None
    stated_total: Decimal | None
    forecast_low: Decimal | None
    forecast_high: Decimal | None
    economy_comment: str
    items: list[ItemOut]
    actuals: list[ActualOut]
    meetings: list[MeetingOut]
    costs: list[CostOut]
    funding: list[FundingOut]
    stories: list[StoryOut]
    comments: list[CommentOut] = Field(description="Husbanken's comments, per section")


class ReportPage(Schema):
    items: list[ReportSummaryOut]
    count: int


# In ------------------------------------------------------------------------------------


class ReportFilters(LimitOffsetPagination.Input):
    participation: int | None = Field(None, description="a participation's id")
    status: ReportStatus | None = None
    kind: ReportKind | None = Field(None, description="half_year, annual or final")


class RevisionIn(Schema):
    revision: int = Field(description="the revision you read; if it has changed since: 409")


class ReportTextsIn(RevisionIn):
    """The texts to save; fields left out (or null) keep their value."""

    programme_name: str | None = Field(None, max_length=300)
    coordinator_role: str | None = Field(None, max_length=300)
    progress: str | None = None
    goals_comment: str | None = None
    organisation: str | None = None
    learning: str | None = None
    economy_comment: str | None = None
    results: str | None = None
    into_operations: str | None = None
    remaining: str | None = None


class ActualIn(Schema):
    period: str | None = Field(None, description="2010, 2010H1 or 2010-11-20 (entered only)")
    value: Decimal | None = Field(None, description="entered actuals only")
    comment: str | None = None
    confirmed: bool | None = Field(None, description="statistics actuals: the figure is right")


class ActualsIn(RevisionIn):
    actuals: dict[int, ActualIn] = Field(description="plan indicator id → its actual")


class EconomyIn(RevisionIn):
    """Section 5, all of it: costs by category and funding by source (null removes
    one; left out keeps it), the date the costs run to, their stated total and the
    forecast for the year."""

    costs: dict[str, Decimal | None] = Field(default_factory=dict)
    funding: dict[str, Decimal | None] = Field(default_factory=dict)
    costs_as_of: datetime.date | None = None
    stated_total: Decimal | None = None
    forecast_low: Decimal | None = None
    forecast_high: Decimal | None = None
    economy_comment: str = ""


class ReturnIn(Schema):
    comments: dict[int, str] = Field(description="section (1–6) → Husbanken's comment")


# Out: dicts for the endpoints ------------------------------------------------------------


def report_summary(report: Report) -> Json:
    period = report.period
    participation = period.participation
    return {
        "id": report.pk,
        "period": {
            "id": period.pk,
            "kind": period.kind,
            "starts_on": period.starts_on,
            "ends_on": period.ends_on,
            "due_on": period.due_on,
            "participation": {
                "id": participation.pk,
                "programme": participation.programme,
                "municipality": participation.municipality,
                "starts_on": participation.starts_on,
                "ends_on": participation.ends_on,
            },
        },
        "plan": report.plan_id,
        "number": report.number,
        "status": report.status,
        "revision": report.revision,
        "submitted_at": report.submitted_at,
        "approved_at": report.approved_at,
    }


def _plain(value: Decimal | None) -> Decimal | None:
    """35.0000 → 35: indicator values keep only the decimals they have."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def report_out(report: Report) -> Json:
    """The whole report; its parts are read with prefetch_related (boso/reports/api.py)."""
    fields = [name for name in ReportOut.model_fields if name not in ReportSummaryOut.model_fields]
    plain = {name: getattr(report, name) for name in fields if hasattr(Report, name)}
    return {
        **plain,
        **report_summary(report),
        "approved_by": username(report.approved_by),
        "filled_by": username(report.filled_by),
        "items": report.items.all(),
        "actuals": [
            {
                "indicator": a.indicator_id,
                "name": a.indicator.name,
                "source": a.source,
                "period": a.period,
                "value": _plain(a.value),
                "confirmed": a.confirmed,
                "comment": a.comment,
            }
            for a in report.actuals.all()
        ],
        "meetings": report.meetings.all(),
        "costs": report.costs.all(),
        "funding": report.funding.all(),
        "stories": report.stories.all(),
        "comments": [
            {
                "section": c.section,
                "text": c.text,
                "author": username(c.author),
                "created_at": c.created_at,
            }
            for c in report.comments.all()
        ],
    }
