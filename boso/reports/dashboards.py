"""Reads for the two dashboards: the region's (a programme's municipalities at a glance:
report status per period, money, key indicators) and a municipality's (its plan's
progress, money and reports, for leaders and politicians).

Every read is a fixed number of queries whatever the number of municipalities,
periods or reports: sums are taken in the database, and reports, periods and
statistics are read once for all municipalities.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from boso.core.formatting import format_date
from boso.documents.renderers import Column as SheetColumn
from boso.documents.renderers import Sheet
from boso.plans import selectors_plan
from boso.plans.choices import ActivityStatus, PlanStatus, Progress
from boso.plans.models import Plan, PlanIndicator
from boso.programmes.choices import DisbursementStatus
from boso.programmes.models import (
    Disbursement,
    GrantDecision,
    Participation,
    Programme,
    ReportingPeriod,
)
from boso.reports.choices import ReportStatus
from boso.reports.models import Report, ReportCost
from boso.statistics import charts
from boso.statistics.harmonise import Harmoniser, harmonised_many
from boso.statistics.models import Indicator

ZERO = Decimal(0)
OPEN = (ReportStatus.DRAFT, ReportStatus.RETURNED)


# Money --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    granted: Decimal = ZERO
    paid: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def unpaid(self) -> Decimal:
        return self.granted - self.paid

    def __add__(self, other: Money) -> Money:
        return Money(self.granted + other.granted, self.paid + other.paid, self.spent + other.spent)


def counted_reports() -> QuerySet[Report]:
    """The approved reports whose costs count as spent: per municipality and calendar
    year the approved report that ends latest (the latest version of it). The form's
    costs run "up to" a date within the year (seed 004: "Regnskapstall pr. 20. oktober"),
    so adding a half-year report to the year's report would count the first half twice."""
    later = Report.objects.filter(
        status=ReportStatus.APPROVED,
        period__participation_id=OuterRef("period__participation_id"),
        period__ends_on__year=OuterRef("period__ends_on__year"),
    ).filter(
        Q(period__ends_on__gt=OuterRef("period__ends_on"))
        | Q(period__ends_on=OuterRef("period__ends_on"), period_id__gt=OuterRef("period_id"))
        | Q(period_id=OuterRef("period_id"), number__gt=OuterRef("number"))
    )
    return Report.objects.filter(status=ReportStatus.APPROVED).exclude(Exists(later))


def money_by_participation(participations: Iterable[Participation]) -> dict[int, Money]:
    """Participation id → granted, paid and reported spent: three summing queries."""
    ids = [p.pk for p in participations]
    granted = dict(
        GrantDecision.objects.filter(participation_id__in=ids)
        .values("participation_id")
        .annotate(total=Sum("amount"))
        .values_list("participation_id", "total")
    )
    paid = dict(
        Disbursement.objects.filter(grant__participation_id__in=ids, status=DisbursementStatus.PAID)
        .values("grant__participation_id")
        .annotate(total=Sum("paid_amount"))
        .values_list("grant__participation_id", "total")
    )
    spent = dict(
        ReportCost.objects.filter(
            report__in=counted_reports().filter(period__participation_id__in=ids)
        )
        .values("report__period__participation_id")
        .annotate(total=Sum("amount"))
        .values_list("report__period__participation_id", "total")
    )
    return {
        pk: Money(granted.get(pk) or ZERO, paid.get(pk) or ZERO, spent.get(pk) or ZERO)
        for pk in ids
    }


# Report status ------------------------------------------------------------------------------


_STATUS_COLOURS: dict[str, str] = {
    ReportStatus.APPROVED: "success",
    ReportStatus.SUBMITTED: "info",
    ReportStatus.RETURNED: "warning",
}


@dataclass(frozen=True)
class StatusCell:
    """A municipality's report for one period: the latest version's status, or none."""

    period: ReportingPeriod | None  # None: the municipality owes no report for this column
    report: Report | None
    overdue: bool

    @property
    def label(self) -> str:
        if self.period is None:
            return "–"
        if self.report is not None:
            return str(self.report.get_status_display())
        return _("Forfalt") if self.overdue else _("Ikke laget")

    @property
    def colour(self) -> str:
        if self.overdue:
            return "danger"
        status = str(self.report.status) if self.report else ""
        return _STATUS_COLOURS.get(status, "neutral")


def _is_overdue(period: ReportingPeriod, report: Report | None, today: datetime.date) -> bool:
    """Past the deadline and not with Husbanken (no report, a draft or a returned one)."""
    return period.due_on < today and (report is None or report.status in OPEN)


def latest_reports(periods: Sequence[ReportingPeriod]) -> dict[int, Report]:
    """Period id → its latest report version (one query)."""
    latest: dict[int, Report] = {}
    reports = Report.objects.filter(period__in=list(periods)).only("pk", "period_id", "status")
    for report in reports.order_by("number"):
        latest[report.period_id] = report  # the highest number wins
    return latest


def _latest_with_periods(periods: Sequence[ReportingPeriod]) -> dict[int, Report]:
    """As latest_reports, each report given its (already loaded) period for the links."""
    latest = latest_reports(periods)
    by_pk = {p.pk: p for p in periods}
    for report in latest.values():
        report.period = by_pk[report.period_id]
    return latest


ColumnKey = tuple[str, datetime.date, datetime.date]


@dataclass(frozen=True)
class Column:
    """A reporting period as a column: the same kind and dates across municipalities."""

    kind: str
    kind_label: str
    starts_on: datetime.date
    ends_on: datetime.date
    due_on: datetime.date  # the earliest deadline of the column

    @property
    def key(self) -> ColumnKey:
        return (self.kind, self.starts_on, self.ends_on)


@dataclass
class MunicipalityRow:
    participation: Participation
    cells: list[StatusCell]
    money: Money


@dataclass
class RegionBoard:
    programme: Programme
    columns: list[Column]
    rows: list[MunicipalityRow]
    totals: Money
    indicators: list[IndicatorFigures] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.overdue)


def _key(period: ReportingPeriod) -> ColumnKey:
    return (period.kind, period.starts_on, period.ends_on)


def _columns(
    periods: Iterable[ReportingPeriod],
) -> tuple[list[Column], dict[tuple[int, ColumnKey], ReportingPeriod]]:
    """One column per kind and dates (ordered by deadline), and each municipality's
    period in a column: municipalities may owe different reports."""
    columns: dict[ColumnKey, Column] = {}
    owed: dict[tuple[int, ColumnKey], ReportingPeriod] = {}
    for period in periods:
        key = _key(period)
        if key not in columns:
            label = str(period.get_kind_display())
            columns[key] = Column(period.kind, label, *key[1:], due_on=period.due_on)
        owed[(period.participation_id, key)] = period
    ordered = sorted(columns.values(), key=lambda c: (c.due_on, c.ends_on, c.kind))
    return ordered, owed


def region_board(programme: Programme, today: datetime.date | None = None) -> RegionBoard:
    """The programme's municipalities × reporting periods with each report's status, their
    money and the key indicators of their plans."""
    today = today or timezone.localdate()
    participations = list(
        programme.participations.select_related("municipality", "programme__region").order_by(
            "municipality__name"
        )
    )
    periods = list(
        ReportingPeriod.objects.filter(participation__programme=programme).order_by(
            "due_on", "ends_on", "kind"
        )
    )
    by_pk = {p.pk: p for p in participations}
    for each in periods:
        each.participation = by_pk[each.participation_id]  # links and checks read it
    latest = _latest_with_periods(periods)
    columns, owed = _columns(periods)
    money = money_by_participation(participations)
    rows = []
    for participation in participations:
        cells = []
        for column in columns:
            period = owed.get((participation.pk, column.key))
            report = latest.get(period.pk) if period else None
            overdue = period is not None and _is_overdue(period, report, today)
            cells.append(StatusCell(period, report, overdue))
        rows.append(MunicipalityRow(participation, cells, money[participation.pk]))
    totals = sum((row.money for row in rows), Money())
    board = RegionBoard(programme, columns, rows, totals)
    board.indicators = key_indicators(participations)
    return board


# Key indicators across the municipalities ---------------------------------------------------


@dataclass(frozen=True)
class Figure:
    participation: Participation
    period: str
    value: Decimal | None


@dataclass
class IndicatorFigures:
    indicator: Indicator
    figures: list[Figure]

    @property
    def slug(self) -> str:
        return self.indicator.code.replace("_", "-")

    @property
    def spec(self) -> charts.Spec:
        items = [
            charts.BarItem(
                f.participation.municipality.code, f.participation.municipality.name, f.value
            )
            for f in self.figures
            if f.value is not None
        ]
        return charts.ranking_spec(
            unit=self.indicator.unit,
            decimals=self.indicator.decimals,
            items=items,
            description=_("%(name)s, siste tall per kommune i programmet")
            % {"name": self.indicator.name_nb},
        )

    @property
    def spec_json(self) -> str:
        return charts.script_json(self.spec)

    @property
    def has_values(self) -> bool:
        return any(f.value is not None for f in self.figures)


def key_indicators(participations: Sequence[Participation]) -> list[IndicatorFigures]:
    """For each catalogue indicator in the municipalities' plans, the latest figure per
    municipality from the statistics store: one harmoniser on the newest of their
    structures and one read of the store for every indicator and municipality together."""
    ids = [p.pk for p in participations]
    catalogue_ids = set(
        PlanIndicator.objects.filter(plan__participation_id__in=ids, catalogue__isnull=False)
        .values_list("catalogue_id", flat=True)
        .distinct()
    )
    if not catalogue_ids or not participations:
        return []
    indicators = list(
        Indicator.objects.filter(pk__in=catalogue_ids)
        .select_related("numerator", "denominator")
        .order_by("name_nb")
    )
    structure = max(p.municipality.valid_from for p in participations)
    codes = [p.municipality.code for p in participations]
    points = harmonised_many(
        indicators=indicators, harmoniser=Harmoniser(structure=structure), regions=codes
    )
    found = []
    for indicator in indicators:
        latest: dict[str, tuple[datetime.date, str, Decimal]] = {}
        for point in points.get(indicator.pk, []):
            if point.value is None or point.dimension_key:
                continue  # figures split by a dimension are not the indicator's own
            if point.region not in latest or point.period_start > latest[point.region][0]:
                latest[point.region] = (point.period_start, point.period, point.value)
        figures = []
        for participation in participations:
            hit = latest.get(participation.municipality.code)
            figures.append(Figure(participation, hit[1] if hit else "", hit[2] if hit else None))
        found.append(IndicatorFigures(indicator, figures))
    return found


# A municipality's dashboard -----------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    colour: str
    count: int


@dataclass
class MunicipalityBoard:
    participation: Participation
    plan: Plan | None
    indicators: list[selectors_plan.IndicatorLine]
    progress_counts: list[StatusCount]
    activity_counts: list[StatusCount]
    money: Money
    reports: list[StatusCell]


def latest_approved_plan(participation: Participation) -> Plan | None:
    return (
        Plan.objects.filter(participation=participation, status=PlanStatus.APPROVED)
        .select_related("participation__municipality", "participation__programme")
        .order_by("-first_year", "-approved_at", "-pk")
        .first()
    )


_ACTIVITY_COLOURS = {
    ActivityStatus.DONE: "success",
    ActivityStatus.ONGOING: "info",
    ActivityStatus.POSTPONED: "warning",
    ActivityStatus.CANCELLED: "danger",
}


def _no_link(name: str, pk: int) -> str | None:
    return None  # the dashboard shows the plan, it does not edit it


def municipality_board(
    participation: Participation, today: datetime.date | None = None
) -> MunicipalityBoard:
    today = today or timezone.localdate()
    plan = latest_approved_plan(participation)
    lines: list[selectors_plan.IndicatorLine] = []
    activities: Counter[str] = Counter()
    if plan is not None:
        blocks = selectors_plan.goal_blocks(plan, _no_link)
        for block in _walk(blocks):
            lines.extend(block.indicators)
            activities.update(a.activity.status for a in block.activities)
    readings = Counter(line.reading.status for line in lines)
    progress_counts = [
        StatusCount(s.value, str(s.label), selectors_plan.PROGRESS_COLOURS[s], readings[s.value])
        for s in Progress
        if readings[s.value]
    ]
    activity_counts = [
        StatusCount(s.value, str(s.label), _ACTIVITY_COLOURS.get(s, "neutral"), activities[s])
        for s in ActivityStatus
        if activities[s.value]
    ]
    periods = list(participation.reporting_periods.all())
    for period in periods:
        period.participation = participation
    latest = _latest_with_periods(periods)
    reports = [
        StatusCell(p, latest.get(p.pk), _is_overdue(p, latest.get(p.pk), today)) for p in periods
    ]
    money = money_by_participation([participation])[participation.pk]
    return MunicipalityBoard(
        participation, plan, lines, progress_counts, activity_counts, money, reports
    )


def _walk(blocks: Iterable[selectors_plan.GoalBlock]) -> Iterable[selectors_plan.GoalBlock]:
    for block in blocks:
        yield block
        yield from _walk(block.sub_goals)


# The region's tables as a workbook ---------------------------------------------------------

KRONER = "#,##0"


def region_sheets(board: RegionBoard) -> list[Sheet]:
    """The dashboard's three tables, numbers kept as numbers: report status, money and
    key indicators."""
    title = str(board.programme)
    status = Sheet(
        _("Rapporter"),
        [SheetColumn(_("Kommune"), 24)]
        + [
            SheetColumn(f"{c.kind_label} {format_date(c.starts_on)}–{format_date(c.ends_on)}", 18)
            for c in board.columns
        ],
        [
            [row.participation.municipality.name, *(c.label for c in row.cells)]
            for row in board.rows
        ],
        preamble=[title, _("Status for siste versjon av hver rapport")],
    )
    money = Sheet(
        _("Økonomi"),
        [
            SheetColumn(_("Kommune"), 24),
            SheetColumn(_("Tilsagn (kr)"), 16, KRONER),
            SheetColumn(_("Utbetalt (kr)"), 16, KRONER),
            SheetColumn(_("Rapportert brukt (kr)"), 18, KRONER),
        ],
        [
            [
                row.participation.municipality.name,
                row.money.granted,
                row.money.paid,
                row.money.spent,
            ]
            for row in board.rows
        ]
        + [[_("Sum"), board.totals.granted, board.totals.paid, board.totals.spent]],
        preamble=[title],
        footer=[spent_note()],
    )
    figures = Sheet(
        _("Indikatorer"),
        [
            SheetColumn(_("Indikator"), 36),
            SheetColumn(_("Enhet"), 12),
            SheetColumn(_("Kommune"), 24),
            SheetColumn(_("Periode"), 10),
            SheetColumn(_("Verdi"), 14),
        ],
        [
            [
                i.indicator.name_nb,
                i.indicator.unit,
                f.participation.municipality.name,
                f.period,
                f.value,
            ]
            for i in board.indicators
            for f in i.figures
        ],
        preamble=[title, _("Siste tall per kommune fra statistikkbasen")],
    )
    return [status, money, figures]


def spent_note() -> str:
    return _(
        "Rapportert brukt er kostnadene i den godkjente rapporten som slutter sist i hvert år, "
        "lagt sammen over årene."
    )
