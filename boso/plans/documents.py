"""The programme plan as a document, PDF/A and DOCX, with the structure of seed 004
(Lillehammer's Programplan 2011): contents, summary, introduction, status and
challenges, action plan, organisation and reporting, timeline and budget.

Objects in, bytes out: no request objects. `plan_context` reads the whole plan in a
fixed number of queries and formats numbers, months and dates the Norwegian way; the
PDF template and the DOCX writer (boso/plans/documents_docx.py) only place it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from html import unescape
from typing import Any

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from boso.core.formatting import format_date, format_number
from boso.documents.renderers import render_pdf
from boso.plans import live_figures, progress, selectors, services
from boso.plans.choices import Funder, OrganisationBody, PlanStatus
from boso.plans.models import Activity, Goal, Plan
from boso.plans.selectors_full import IndicatorRow, PlanParts, plan_parts, plans
from boso.programmes.documents import kroner, percent
from boso.statistics.periods import PeriodError, parse_period

TEMPLATE = "plans/documents/plan.html"
TIMELINE_MONTHS = 24  # months per timeline table: two years fit a landscape page
MARK = "■"


# --- Formatting -----------------------------------------------------------------------


def month_span(starts_on: datetime.date, ends_on: datetime.date) -> str:
    """mars 2011, mars–juni 2011, september 2010–januar 2011."""
    first, last = str(MONTHS[starts_on.month]), str(MONTHS[ends_on.month])
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{first} {starts_on.year}"
    if starts_on.year == ends_on.year:
        return f"{first}–{last} {ends_on.year}"
    return f"{first} {starts_on.year}–{last} {ends_on.year}"


def period_label(code: str) -> str:
    """2010, 1. halvår 2010, 2. kvartal 2010, mars 2010, 20.11.2010."""
    try:
        period = parse_period(code)
    except PeriodError:
        return code
    year, month = period.start.year, period.start.month
    if period.kind == "half":
        return _("%(n)s. halvår %(year)s") % {"n": 1 if month == 1 else 2, "year": year}
    if period.kind == "quarter":
        return _("%(n)s. kvartal %(year)s") % {"n": (month - 1) // 3 + 1, "year": year}
    if period.kind == "month":
        return f"{MONTHS[month]} {year}"
    if period.kind == "date":
        return format_date(period.start)
    return str(year)


def value(amount: Decimal | None, unit: str = "") -> str:
    """A figure without trailing zeros: 35, 12,5; with the unit when given."""
    if amount is None:
        return ""
    text = format_number(amount.normalize())
    return f"{text}\u00a0{unit}" if unit else text


def texts(plan: Plan) -> dict[str, SafeString]:
    """The rich texts and the vision as safe HTML with their live figures
    ({{tall:kode:periode}}, boso.plans.live_figures) filled in. Rich text is sanitised
    on save; it is cleaned again in case it came another way (an import, the admin)."""
    found = {name: services.sanitise(getattr(plan, name)) for name in services.RICH_TEXT}
    found["vision"] = escape(plan.vision)  # plain text
    municipality = plan.participation.municipality
    figures = live_figures.lookup(
        live_figures.placeholders(found.values()),
        region=municipality.code,
        structure=municipality.valid_from,
    )
    return {name: live_figures.render(text, figures) for name, text in found.items()}


def plain(html: str) -> str:
    """Text without tags, for a plain Word paragraph."""
    return unescape(strip_tags(html))


# --- The parts, formatted ---------------------------------------------------------------


@dataclass(frozen=True)
class ActivityLine:
    title: str
    unit: str
    months: str
    expected_result: str
    status: str


@dataclass
class GoalBlock:
    number: str  # 1, 1.1
    level: str  # Hovedmål, Delmål
    title: str
    description: str
    activities: list[ActivityLine]
    sub_goals: list[GoalBlock] = field(default_factory=list)


def _activity(activity: Activity) -> ActivityLine:
    return ActivityLine(
        activity.title,
        activity.responsible_unit,
        month_span(activity.starts_on, activity.ends_on),
        activity.expected_result,
        str(activity.get_status_display()),
    )


def _goal_block(goal: Goal, number: str) -> GoalBlock:
    return GoalBlock(
        number,
        str(goal.get_level_display()),
        goal.title,
        goal.description,
        [_activity(a) for a in goal.activities.all()],
    )


def goal_blocks(goals: list[Goal]) -> tuple[list[GoalBlock], dict[int, str]]:
    """The goal tree numbered 1, 1.1, 1.2, 2 …; and goal id → number."""
    blocks, numbers = [], {}
    for i, main in enumerate(goals, start=1):
        block = _goal_block(main, str(i))
        numbers[main.pk] = block.number
        for j, sub in enumerate(main.sub_goals, start=1):  # type: ignore[attr-defined]
            block.sub_goals.append(_goal_block(sub, f"{i}.{j}"))
            numbers[sub.pk] = f"{i}.{j}"
        blocks.append(block)
    return blocks, numbers


def indicator_line(row: IndicatorRow, goal_number: str) -> dict[str, Any]:
    indicator, reading = row.indicator, row.reading
    baseline = value(indicator.baseline_value, indicator.unit)
    targets = [f"{period_label(t.period)}: {value(t.value)}" for t in indicator.targets.all()]
    return {
        "goal": goal_number,
        "name": indicator.name,
        "source": _("statistikken") if indicator.catalogue_id else _("rapportene"),
        "direction": str(indicator.get_direction_display()),
        "baseline": f"{baseline} ({period_label(indicator.baseline_period)})" if baseline else "",
        "targets": targets,
        "actual": f"{value(reading.actual)} ({period_label(reading.actual_period)})"
        if reading.actual is not None
        else "",
        "progress": percent(reading.progress, 0) if reading.progress is not None else "",
        "status": reading.status_label,
        "status_code": reading.status,
    }


def organisation(parts: PlanParts) -> list[dict[str, Any]]:
    """Seats by body in seed 004's order (owner, steering, project, reference)."""
    bodies = []
    for body, label in OrganisationBody.choices:
        seats = [
            {"role": m.role_title, "unit": m.unit, "leads": m.leads}
            for m in parts.members
            if m.body == body
        ]
        if seats:
            bodies.append({"body": str(label), "seats": seats})
    return bodies


def reporting(parts: PlanParts) -> list[dict[str, str]]:
    return [
        {
            "kind": str(p.get_kind_display()),
            "period": f"{format_date(p.starts_on)}–{format_date(p.ends_on)}",
            "due": format_date(p.due_on),
        }
        for p in parts.reporting_periods
    ]


# --- Timeline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineTable:
    caption: str
    years: list[tuple[int, int]]  # (year, number of months shown)
    months: list[str]  # jan, feb …
    rows: list[tuple[str, str, list[bool]]]  # (activity, goal number, month cells)


def timeline_tables(plan: Plan, numbers: dict[int, str]) -> list[TimelineTable]:
    """Seed 004's section 5.2: activities by month, two years to a table."""
    months, rows = selectors.timeline(plan)
    tables = []
    for start in range(0, len(months), TIMELINE_MONTHS):
        shown = months[start : start + TIMELINE_MONTHS]
        cells = [(r, r.cells[start : start + TIMELINE_MONTHS]) for r in rows]
        years: dict[int, int] = {}
        for month in shown:
            years[month.year] = years.get(month.year, 0) + 1
        first, last = shown[0].year, shown[-1].year
        tables.append(
            TimelineTable(
                _("Tidsplan %(years)s")
                % {"years": str(first) if first == last else f"{first}–{last}"},
                list(years.items()),
                [str(MONTHS_3[m.month]) for m in shown],
                [(r.activity.title, numbers.get(r.goal.pk, ""), c) for r, c in cells if any(c)],
            )
        )
    return tables


# --- Budget -----------------------------------------------------------------------------


def _money_row(label: str, amounts: dict[str, Decimal]) -> dict[str, Any]:
    return {
        "label": label,
        "amounts": [kroner(amounts.get(f, Decimal(0))) for f in Funder.values],
        "total": kroner(sum(amounts.values(), Decimal(0))),
    }


def budget(parts: PlanParts) -> dict[str, Any]:
    """Per year × funder with totals, per category × funder, and the own share against
    the programme's rule."""
    summary = parts.budget
    by_category: dict[str, dict[str, Decimal]] = {}
    labels: dict[str, str] = {}
    for line in parts.budget_lines:
        amounts = by_category.setdefault(line.category, {})
        amounts[line.funder] = amounts.get(line.funder, Decimal(0)) + line.amount
        labels[line.category] = str(line.get_category_display())
    return {
        "funders": [str(label) for _value, label in Funder.choices],
        "years": [_money_row(str(y), summary.by_year[y]) for y in summary.years],
        "categories": [_money_row(labels[c], a) for c, a in by_category.items()],
        "total": _money_row(_("Sum"), summary.totals),
        "share": own_share_text(parts),
        "within": summary.within_rule,
    }


def own_share_text(parts: PlanParts) -> str:
    summary, programme = parts.budget, parts.plan.participation.programme
    own, grant = summary.totals[Funder.MUNICIPALITY], summary.totals[Funder.HUSBANKEN]
    if summary.own_share is None:
        return _("Budsjettet har ingen midler fra kommunen eller Husbanken ennå.")
    return _(
        "Kommunens egenandel er %(share)s av kommunens og Husbankens midler (%(own)s av "
        "%(total)s). Programmets krav er %(low)s–%(high)s: %(verdict)s."
    ) % {
        "share": percent(summary.own_share, 1),
        "own": kroner(own),
        "total": kroner(own + grant),
        "low": format_number((programme.min_own_share * 100).normalize()),
        "high": percent(programme.max_own_share),
        "verdict": _("innenfor kravet") if summary.within_rule else _("utenfor kravet"),
    }


# --- The whole document -------------------------------------------------------------------


def contents() -> list[tuple[str, str, str]]:
    """(number, title, anchor) of every section and subsection, as numbered in the text."""
    return [
        ("1", _("Sammendrag"), "sammendrag"),
        ("2", _("Innledning"), "innledning"),
        ("2.1", _("Formål med planen"), "formal"),
        ("2.2", _("Mandat for programmet"), "mandat"),
        ("2.3", _("Bakgrunn"), "bakgrunn"),
        ("3", _("Status og utfordringer"), "status"),
        ("3.1", _("Målgrupper"), "malgrupper"),
        ("4", _("Handlingsplan"), "handlingsplan"),
        ("4.1", _("Visjon"), "visjon"),
        ("4.2", _("Mål og tiltak"), "mal"),
        ("4.3", _("Indikatorer og resultatmål"), "indikatorer"),
        ("4.4", _("Delprosjekter"), "delprosjekter"),
        ("4.5", _("Risiko"), "risiko"),
        ("5", _("Organisering og rapportering"), "organisering"),
        ("5.1", _("Programorganisering"), "programorganisering"),
        ("5.2", _("Rapportering"), "rapportering"),
        ("6", _("Tidsplan"), "tidsplan"),
        ("7", _("Budsjett"), "budsjett"),
    ]


def _title_facts(plan: Plan) -> dict[str, Any]:
    participation = plan.participation
    municipality = _("%(name)s kommune") % {"name": participation.municipality.name}
    is_draft = plan.status == PlanStatus.DRAFT
    name = _("%(plan)s – %(municipality)s") % {"plan": plan.title, "municipality": municipality}
    approved = timezone.localdate(plan.approved_at) if plan.approved_at else None
    return {
        "municipality": municipality,
        "municipality_code": participation.municipality.code,
        "programme": participation.programme.name,
        "years": str(plan.first_year)
        if plan.first_year == plan.last_year
        else f"{plan.first_year}–{plan.last_year}",
        "status": str(plan.get_status_display()),
        "is_draft": is_draft,
        "approved": format_date(approved),
        "doc_name": f"{name} – {_('Utkast')}" if is_draft else name,
        "printed": format_date(timezone.localdate()),
    }


def plan_context(plan: Plan) -> dict[str, Any]:
    plan = plans().get(pk=plan.pk)
    parts = plan_parts(plan)
    blocks, numbers = goal_blocks(parts.goals)
    timeline = timeline_tables(plan, numbers)
    html = texts(plan)
    return {
        "plan": plan,
        **_title_facts(plan),
        "contents": contents(),
        "texts": html,  # safe HTML for the PDF; the DOCX converts the same HTML
        "vision": plain(html["vision"]),
        "goals": blocks,
        "indicators": [indicator_line(r, numbers[r.goal.pk]) for r in parts.indicators],
        "rule": progress.rule_text(),
        "target_groups": [(t.name, t.description) for t in parts.target_groups],
        "sub_projects": [(s.name, s.description) for s in parts.sub_projects],
        "risks": parts.risks,
        "organisation": organisation(parts),
        "reporting": reporting(parts),
        "timeline": timeline if any(t.rows for t in timeline) else [],
        "mark": MARK,
        "budget": budget(parts),
    }


def plan_pdf(plan: Plan) -> bytes:
    return render_pdf(TEMPLATE, plan_context(plan))


def plan_docx(plan: Plan) -> bytes:
    from boso.plans.documents_docx import plan_document

    return plan_document(plan_context(plan))
