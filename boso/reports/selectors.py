"""Reads for the report pages: the reporting plan with each period's report, overdue
periods, a report laid out by section, its versions, and two versions compared."""

from __future__ import annotations

import datetime
import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from boso.accounts.predicates import is_admin
from boso.programmes.choices import ReportKind
from boso.programmes.models import Participation, ReportingPeriod
from boso.reports.choices import ItemKind, ReportStatus, Section
from boso.reports.models import Report

DONE = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def latest_report(period: ReportingPeriod) -> Report | None:
    return Report.objects.filter(period=period).order_by("-number").first()


def schedule(participation: Participation) -> list[tuple[ReportingPeriod, Report | None]]:
    """Every reporting period of the participation with its latest report (or None)."""
    periods = list(participation.reporting_periods.all())
    for period in periods:
        period.participation = participation  # the permission checks read it: no query each
    latest: dict[int, Report] = {}
    for report in Report.objects.filter(period__in=periods).order_by("number"):
        latest[report.period_id] = report  # the highest number wins
    by_pk = {period.pk: period for period in periods}
    for report in latest.values():
        report.period = by_pk[report.period_id]  # likewise
    return [(period, latest.get(period.pk)) for period in periods]


@dataclass
class Overdue:
    period: ReportingPeriod
    days_late: int
    report: Report | None


def overdue(user: Any, today: datetime.date | None = None) -> list[Overdue]:
    """Periods past their due date without a submitted or approved report, in the
    advisor's region (admins: everywhere), oldest due date first."""
    today = today or timezone.localdate()
    periods = (
        ReportingPeriod.objects.filter(due_on__lt=today)
        .exclude(reports__status__in=DONE)
        .select_related("participation__municipality", "participation__programme__region")
        .order_by("due_on", "participation__municipality__name")
    )
    if not is_admin(user):
        periods = periods.filter(Q(participation__programme__region_id=user.region_id))
    found = list(periods)
    latest: dict[int, Report] = {}
    for report in Report.objects.filter(period__in=found).order_by("number"):
        latest[report.period_id] = report
    return [Overdue(p, (today - p.due_on).days, latest.get(p.pk)) for p in found]


# A report by section ----------------------------------------------------------------------


@dataclass
class SectionBlock:
    number: int
    title: str
    comments: list[Any] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def sections(report: Report, missing: dict[int, list[str]] | None = None) -> list[SectionBlock]:
    """The six sections in order, each with Husbanken's comments and what it lacks."""
    comments: dict[int, list[Any]] = defaultdict(list)
    for comment in report.comments.all():
        comments[comment.section].append(comment)
    missing = missing or {}
    return [
        SectionBlock(int(s.value), str(s.label), comments[s.value], missing.get(int(s.value), []))
        for s in Section
    ]


def is_final(report: Report) -> bool:
    return bool(report.period.kind == ReportKind.FINAL)


def items_by_kind(report: Report) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {kind: [] for kind in ItemKind.values}
    for item in report.items.all():
        found[item.kind].append(item)
    return found


def plan_costs(report: Report) -> dict[str, Decimal]:
    """The plan's budget for the period's year, per category (all funders together)."""
    if report.plan is None:
        return {}
    rows = (
        report.plan.budget_lines.filter(year=report.period.starts_on.year)
        .values("category")
        .annotate(total=Sum("amount"))
    )
    return {row["category"]: row["total"] for row in rows}


def versions(user: Any, report: Report) -> list[Report]:
    """Every version of the report's period the user may read, oldest first."""
    found = Report.objects.filter(period_id=report.period_id).order_by("number")
    return [r for r in found if user.has_perm("reports.view_report", r)]


# Comparing two versions -------------------------------------------------------------------


def section_texts(report: Report) -> dict[int, str]:
    """Each section as plain text, line by line, for comparing versions."""
    lines: dict[int, list[str]] = {int(s): [] for s in Section}
    general = [report.programme_name, report.contract_partner, report.coordinator_role]
    lines[Section.GENERAL] = [line for line in general if line]
    lines[Section.PROGRESS] = [report.progress, report.results, report.into_operations]
    lines[Section.PROGRESS] += [report.remaining]
    lines[Section.GOALS] = [report.goals_comment]
    for item in report.items.all():
        lines[Section.GOALS].append(
            f"{item.get_kind_display()} {item}: {item.get_status_display()} {item.comment}".strip()
        )
    for actual in report.actuals.select_related("indicator"):
        value = "" if actual.value is None else f"{actual.value.normalize():f}"
        lines[Section.GOALS].append(
            f"{actual.indicator.name}: {value} {actual.period} {actual.comment}".strip()
        )
    lines[Section.ORGANISATION] = [report.organisation]
    for meeting in report.meetings.all():
        lines[Section.ORGANISATION].append(f"{meeting}: {meeting.participants}".strip())
    lines[Section.ECONOMY] = [f"{c}" for c in report.costs.all()]
    lines[Section.ECONOMY] += [f"{f}" for f in report.funding.all()]
    lines[Section.ECONOMY] += [
        f"{_('Sum oppgitt')}: {report.stated_total or ''}",
        f"{_('Forventet forbruk')}: {report.forecast_low or ''}–{report.forecast_high or ''}",
        report.economy_comment,
    ]
    lines[Section.LEARNING] = [report.learning]
    lines[Section.LEARNING] += [f"{s.title}\n{s.text}" for s in report.stories.all()]
    return {s: "\n".join(part for part in parts if part) for s, parts in lines.items()}


@dataclass
class SectionDiff:
    number: int
    title: str
    changed: bool
    html: SafeString


def _diff_html(old: str, new: str) -> SafeString:
    """Word by word: <del>/<ins> with a visually hidden "fjernet"/"lagt til" for screen
    readers, since colour and strike-through alone say nothing to them."""
    before, after = old.split(" "), new.split(" ")
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            out.append(_marked("del", _("fjernet"), " ".join(before[a1:a2])))
        if op in ("insert", "replace"):
            out.append(_marked("ins", _("lagt til"), " ".join(after[b1:b2])))
    return mark_safe(" ".join(out))  # noqa: S308 every part is escaped above


def _marked(tag: str, label: str, text: str) -> str:
    return f'<{tag}><span class="ds-sr-only">{escape(label)}: </span>{escape(text)}</{tag}>'


def compare(old: Report, new: Report) -> list[SectionDiff]:
    before, after = section_texts(old), section_texts(new)
    return [
        SectionDiff(
            int(s),
            str(s.label),
            before[s] != after[s],
            _diff_html(before[s], after[s]),
        )
        for s in Section
    ]


def other_numbers(report: Report, readable: Iterable[Report]) -> list[int]:
    return [r.number for r in readable if r.pk != report.pk]
