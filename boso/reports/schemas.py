"""The shapes of the reports API (boso/reports/api.py, and api_synthesis.py for the
region's syntheses and dashboard): what goes in and out.

Amounts and indicator values are decimals written as strings ("850000.00", "35"), so
nothing is lost on the way. People appear as usernames only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ninja import Field, Schema

from boso.api.schemas import PageFilters, RowId
from boso.plans.schemas import ParticipationRef, ReportingPeriodOut
from boso.programmes.choices import ReportKind
from boso.programmes.schemas import MunicipalityRef, ProgrammeRef, username
from boso.reports.choices import ReportStatus
from boso.reports.models import Report, Synthesis

if TYPE_CHECKING:  # the dashboards' reads load the statistics; the shapes need only names
    from boso.reports.dashboards import Money, RegionBoard, StatusCell

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


class ReportActualOut(Schema):
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
    actuals: list[ReportActualOut]
    meetings: list[MeetingOut]
    costs: list[CostOut]
    funding: list[FundingOut]
    stories: list[StoryOut]
    comments: list[CommentOut] = Field(description="Husbanken's comments, per section")


class ReportPage(Schema):
    items: list[ReportSummaryOut]
    count: int


# In ------------------------------------------------------------------------------------


class ReportFilters(PageFilters):
    participation: RowId | None = Field(None, description="a participation's id")
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


# The region's synthesis and dashboard (boso/reports/api_synthesis.py) ---------------------


class SynthesisFilters(PageFilters):
    programme: RowId | None = Field(None, description="a programme's id")


class SynthesisSummaryOut(Schema):
    id: int
    programme: ProgrammeRef
    title: str = Field(description="such as «2. halvår 2015»")
    starts_on: datetime.date
    ends_on: datetime.date
    status: str = Field(description="draft or published")
    revision: int
    published_at: datetime.datetime | None


class SynthesisPage(Schema):
    items: list[SynthesisSummaryOut]
    count: int


class ParagraphOut(Schema):
    id: int
    municipality: MunicipalityRef
    heading: str = Field(description="such as «Porsgrunn kommune»")
    report: int | None = Field(description="the approved report it was drafted from")
    text: str


class MoneyRowOut(Schema):
    municipality: str
    granted: str = Field(description="granted in the period's years, kroner")
    spent: dict[str, str] = Field(description="category (wages, travel, …) → kroner spent")
    spent_total: str
    reported: bool = Field(description="false: no approved report for the period")


class MoneyTableOut(Schema):
    rows: list[MoneyRowOut] = Field(default_factory=list)
    totals: dict[str, str] = Field(default_factory=dict)


class MovementOut(Schema):
    municipality: str
    baseline: str
    baseline_period: str
    actual: str
    period: str
    change: str | None = Field(description="relative change: -0.68 is down 68 %")


class MovementTableOut(Schema):
    name: str
    unit: str
    rows: list[MovementOut]


class FiguresOut(Schema):
    money: MoneyTableOut = Field(default_factory=MoneyTableOut)
    indicators: list[MovementTableOut] = Field(default_factory=list)


class SynthesisOut(SynthesisSummaryOut):
    introduction: str
    closing: str = Field(description="«Generelt for flere av kommunene»")
    paragraphs: list[ParagraphOut]
    figures: FiguresOut = Field(description="the tables as drafted, decimal strings")


class MoneyOut(Schema):
    granted: Decimal
    paid: Decimal
    spent: Decimal = Field(description="reported spent: costs of the counted reports")
    unpaid: Decimal


class ColumnOut(Schema):
    kind: str = Field(description="half_year, annual or final")
    label: str
    starts_on: datetime.date
    ends_on: datetime.date
    due_on: datetime.date = Field(description="the earliest deadline in the column")


class CellOut(Schema):
    period: int | None = Field(description="null: the municipality owes no such report")
    report: int | None = Field(description="the latest version's id")
    status: str | None = Field(description="the latest version's status")
    label: str
    overdue: bool


class BoardRowOut(Schema):
    participation: int
    municipality: MunicipalityRef
    cells: list[CellOut] = Field(description="one per column, in the columns' order")
    money: MoneyOut


class FigureOut(Schema):
    municipality: MunicipalityRef
    period: str
    value: Decimal | None


class KeyIndicatorOut(Schema):
    code: str
    name: str
    unit: str
    figures: list[FigureOut] = Field(description="the latest figure per municipality")


class DashboardOut(Schema):
    programme: ProgrammeRef
    columns: list[ColumnOut]
    rows: list[BoardRowOut]
    totals: MoneyOut
    overdue_count: int
    indicators: list[KeyIndicatorOut]


def synthesis_summary(synthesis: Synthesis) -> Json:
    names = SynthesisSummaryOut.model_fields
    return {name: getattr(synthesis, name) for name in names}


def synthesis_out(synthesis: Synthesis) -> Json:
    """The synthesis with its paragraphs (prefetched) and its stored figures."""
    figures = synthesis.figures if isinstance(synthesis.figures, dict) else {}
    return {
        **synthesis_summary(synthesis),
        "introduction": synthesis.introduction,
        "closing": synthesis.closing,
        "paragraphs": [
            {
                "id": p.pk,
                "municipality": p.participation.municipality,
                "heading": p.heading,
                "report": p.report_id,
                "text": p.text,
            }
            for p in synthesis.paragraphs.all()
        ],
        "figures": figures,
    }


def _money(money: Money) -> Json:
    return {
        "granted": money.granted,
        "paid": money.paid,
        "spent": money.spent,
        "unpaid": money.unpaid,
    }


def _cell(cell: StatusCell) -> Json:
    return {
        "period": cell.period.pk if cell.period else None,
        "report": cell.report.pk if cell.report else None,
        "status": cell.report.status if cell.report else None,
        "label": cell.label,
        "overdue": cell.overdue,
    }


def dashboard_out(board: RegionBoard) -> Json:
    return {
        "programme": board.programme,
        "columns": [
            {
                "kind": c.kind,
                "label": c.kind_label,
                "starts_on": c.starts_on,
                "ends_on": c.ends_on,
                "due_on": c.due_on,
            }
            for c in board.columns
        ],
        "rows": [
            {
                "participation": row.participation.pk,
                "municipality": row.participation.municipality,
                "cells": [_cell(c) for c in row.cells],
                "money": _money(row.money),
            }
            for row in board.rows
        ],
        "totals": _money(board.totals),
        "overdue_count": board.overdue_count,
        "indicators": [
            {
                "code": i.indicator.code,
                "name": i.indicator.name_nb,
                "unit": i.indicator.unit,
                "figures": [
                    {
                        "municipality": f.participation.municipality,
                        "period": f.period,
                        "value": f.value,
                    }
                    for f in i.figures
                ],
            }
            for i in board.indicators
        ],
    }
