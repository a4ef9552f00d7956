"""The reports of the national dataset, written in bulk: a report for every reporting
period of every participation (ten over 2021–2025), laid out from the plan as
report_create lays it out, filled in (texts, activity statuses, actuals, meetings,
costs, funding, a story), submitted by the coordinator and approved by the advisor.

Rows are what boso.reports.services and .workflow would leave: number 1, status
approved, revision 9 (made, six sections saved, a story, submitted, approved).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from boso.accounts.models import User
from boso.demo.national.plans import Baselines, PlanParts
from boso.plans.choices import BudgetCategory, Funder, OrganisationBody
from boso.plans.models import IndicatorActual
from boso.programmes.choices import ReportKind
from boso.programmes.models import ReportingPeriod
from boso.reports.choices import ActualSource, ItemKind, ReportStatus
from boso.reports.models import (
    Report,
    ReportActual,
    ReportCost,
    ReportFunding,
    ReportItem,
    ReportMeeting,
    ReportStory,
)

BATCH = 2000
REVISION = 9
SENT_AFTER, APPROVED_AFTER = datetime.timedelta(days=30), datetime.timedelta(days=45)


@dataclass(frozen=True)
class Context:
    coordinators: dict[str, User]  # municipality code → user
    advisors: dict[int, User]  # region id → user
    figures: Baselines


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _period_code(period: ReportingPeriod) -> str:
    if period.kind == ReportKind.HALF_YEAR:
        return f"{period.starts_on.year}H1"
    return str(period.ends_on.year)


def create_reports(*, parts: list[PlanParts], ctx: Context, seed: int) -> list[Report]:
    rng = random.Random(f"{seed}:reports")  # noqa: S311 (benchmark data, not secrets)
    by_participation = {p.plan.participation_id: p for p in parts}
    periods = list(
        ReportingPeriod.objects.filter(participation_id__in=by_participation)
        .select_related("participation__municipality", "participation__programme")
        .order_by("participation_id", "due_on", "ends_on", "kind")
    )
    reports = Report.objects.bulk_create(
        [
            _report(period, by_participation[period.participation_id], ctx, rng)
            for period in periods
        ],
        batch_size=BATCH,
    )
    pairs = [(r, by_participation[r.period.participation_id]) for r in reports]
    _items(pairs, rng)
    _actuals(pairs, ctx.figures, rng)
    _sections(reports, rng)
    return reports


def _report(period: ReportingPeriod, part: PlanParts, ctx: Context, rng: random.Random) -> Report:
    participation = period.participation
    municipality = participation.municipality
    final = period.kind == ReportKind.FINAL
    sent = _noon(period.ends_on) + SENT_AFTER
    spent = Decimal(rng.randint(300, 900) * 1000)
    return Report(
        period=period,
        plan=part.plan,
        number=1,
        status=ReportStatus.APPROVED,
        revision=REVISION,
        programme_name=participation.programme.name,
        contract_partner=f"{municipality.name} kommune",
        coordinator_role="Programkoordinator, Boligkontoret",
        programme_start=participation.starts_on,
        filled_by=ctx.coordinators[municipality.code],
        filled_on=sent.date(),
        progress=f"Arbeidet i {municipality.name} går etter planen i perioden.",
        goals_comment="Tiltakene følger planen; to er forsinket.",
        organisation="Styringsgruppen og prosjektgruppen har møttes jevnlig.",
        learning="Erfaringene er delt på regionens samling.",
        costs_as_of=period.ends_on,
        stated_total=spent,
        forecast_low=spent,
        forecast_high=spent + Decimal(100_000),
        economy_comment="Forbruket følger budsjettet.",
        results="Målene for perioden er i hovedsak nådd." if final else "",
        into_operations="Boveiledningen er overført til ordinær drift." if final else "",
        remaining="Leie til eie videreføres i neste handlingsplan." if final else "",
        submitted_at=sent,
        approved_at=_noon(period.ends_on) + APPROVED_AFTER,
        approved_by=ctx.advisors[participation.programme.region_id],
    )


def _items(pairs: list[tuple[Report, PlanParts]], rng: random.Random) -> None:
    items: list[ReportItem] = []
    for report, part in pairs:
        lines: list[ReportItem] = []
        for number, goal, activities in part.tree:
            lines.append(ReportItem(kind=ItemKind.GOAL, goal=goal, number=number, title=goal.title))
            lines += [
                ReportItem(
                    kind=ItemKind.ACTIVITY,
                    activity=a,
                    number=number,
                    title=a.title,
                    status=a.status,
                    comment=rng.choice(("", "I rute.", "Noe forsinket.")),
                )
                for a in activities
            ]
        lines += [
            ReportItem(kind=ItemKind.RISK, risk=r, title=r.description[:300]) for r in part.risks
        ]
        for order, item in enumerate(lines):
            item.report, item.order = report, order
        items += lines
    ReportItem.objects.bulk_create(items, batch_size=BATCH)


def _actuals(pairs: list[tuple[Report, PlanParts]], figures: Baselines, rng: random.Random) -> None:
    """The store's latest figure in the period for catalogue indicators (confirmed); a
    number for the programme's own, also kept as the plan's actual for annual reports."""
    rows: list[ReportActual] = []
    own: dict[tuple[int, str], IndicatorActual] = {}
    for report, part in pairs:
        code = part.plan.participation.municipality.code
        period = report.period
        for indicator in part.indicators:
            if indicator.catalogue_id:
                year = str(period.ends_on.year)  # the latest year starting in the period
                value = figures.get((indicator.catalogue_id, code, year))
                rows.append(
                    ReportActual(
                        report=report,
                        indicator=indicator,
                        source=ActualSource.STATISTICS,
                        period=year if value is not None else "",
                        value=value,
                        confirmed=True,
                    )
                )
                continue
            value = Decimal(rng.randint(5, 150))
            label = _period_code(period)
            rows.append(
                ReportActual(
                    report=report,
                    indicator=indicator,
                    source=ActualSource.REPORT,
                    period=label,
                    value=value,
                    confirmed=True,
                )
            )
            if period.kind != ReportKind.HALF_YEAR:
                own[(indicator.pk, label)] = IndicatorActual(
                    indicator=indicator, period=label, value=value, source="Årsrapport"
                )
    ReportActual.objects.bulk_create(rows, batch_size=BATCH)
    IndicatorActual.objects.bulk_create(own.values(), batch_size=BATCH)


def _sections(reports: list[Report], rng: random.Random) -> None:
    """Sections 4, 5 and 6: meetings per body, costs, funding and a story."""
    meetings, costs, funding, stories = [], [], [], []
    for report in reports:
        held: dict[str, int] = {
            OrganisationBody.STEERING: rng.randint(2, 4),
            OrganisationBody.PROJECT: rng.randint(4, 8),
        }
        meetings += [
            ReportMeeting(
                report=report,
                body=b,
                held=held.get(b, 0),
                participants="Kommunalsjef, programkoordinator" if b in held else "",
            )
            for b in OrganisationBody.values
        ]
        total = report.stated_total or Decimal(0)
        split = (Decimal("0.7"), Decimal("0.1"), Decimal("0.2"))
        categories = (BudgetCategory.WAGES, BudgetCategory.TRAVEL, BudgetCategory.OTHER)
        costs += [
            ReportCost(report=report, category=c, amount=round(total * s, 2))
            for c, s in zip(categories, split, strict=True)
        ]
        funding += [
            ReportFunding(report=report, funder=Funder.HUSBANKEN, amount=Decimal(1_000_000)),
            ReportFunding(report=report, funder=Funder.MUNICIPALITY, amount=Decimal(600_000)),
        ]
        stories.append(
            ReportStory(
                report=report,
                title="Fra bostedsløs til egen bolig",
                told_on=report.period.ends_on,
                text="En ung mann fikk boveiledning og bor nå i egen leilighet.",
                order=0,
            )
        )
    ReportMeeting.objects.bulk_create(meetings, batch_size=BATCH)
    ReportCost.objects.bulk_create(costs, batch_size=BATCH)
    ReportFunding.objects.bulk_create(funding, batch_size=BATCH)
    ReportStory.objects.bulk_create(stories, batch_size=BATCH)
