"""The report as a document, PDF/A and DOCX, in the six sections of seed 004's
report form (Vedlegg 1): general information, progress, goals and activities with
their status and the indicators' actuals, organisation, economy, learning.

Objects in, bytes out: no request objects. `report_context` reads the report and
formats numbers and dates the Norwegian way; the PDF template and the DOCX writer
(boso/reports/documents_docx.py) only place it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from boso.core.formatting import format_date, format_number
from boso.documents.renderers import render_pdf
from boso.plans.choices import BudgetCategory, Funder, OrganisationBody
from boso.plans.documents import period_label, value
from boso.programmes.choices import ReportKind
from boso.programmes.documents import kroner
from boso.reports import final
from boso.reports.choices import ItemKind, ReportStatus, Section
from boso.reports.models import Report

TEMPLATE = "reports/documents/report.html"
BODY_ORDER = list(OrganisationBody.values)  # owner, steering, project, reference: seed 004's


def _paragraphs(text: str) -> list[str]:
    """Plain text split at blank lines, as the form's fields are written."""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _general(report: Report) -> list[tuple[str, str]]:
    # By role, never by name: the coordinator's role from section 1 and the date.
    filled = ", ".join(filter(None, [report.coordinator_role, format_date(report.filled_on)]))
    return [
        (_("Programnavn"), report.programme_name),
        (_("Kontraktspartner"), report.contract_partner),
        (_("Programkoordinator"), report.coordinator_role or "–"),
        (_("Programstart"), format_date(report.programme_start)),
        (_("Utfylt av/dato"), filled or "–"),
    ]


def _items(report: Report) -> dict[str, list[dict[str, str]]]:
    """Section 3: goals with their activities in the plan's order, and the risks."""
    goals: list[dict[str, Any]] = []
    risks: list[dict[str, str]] = []
    for item in report.items.all():
        line = {
            "number": item.number,
            "title": item.title,
            "status": str(item.get_status_display()) if item.status else "",
            "comment": item.comment,
        }
        if item.kind == ItemKind.GOAL:
            goals.append({**line, "activities": []})
        elif item.kind == ItemKind.ACTIVITY and goals:
            goals[-1]["activities"].append(line)
        elif item.kind == ItemKind.RISK:
            risks.append(line)
    return {"goals": goals, "risks": risks}


def _actuals(report: Report) -> list[dict[str, str]]:
    rows = []
    for actual in report.actuals.select_related("indicator"):
        indicator = actual.indicator
        baseline = value(indicator.baseline_value, indicator.unit)
        rows.append(
            {
                "name": indicator.name,
                "source": str(actual.get_source_display()),
                "baseline": f"{baseline} ({period_label(indicator.baseline_period)})"
                if baseline
                else "",
                "actual": value(actual.value, indicator.unit),
                "period": period_label(actual.period) if actual.period else "",
                "confirmed": _("Ja") if actual.confirmed else "",
                "comment": actual.comment,
            }
        )
    return rows


def _plan_budget(report: Report) -> dict[str, Decimal]:
    """The plan's budget for the period's year, by category (all funders together)."""
    if report.plan is None:
        return {}
    found: dict[str, Decimal] = {}
    for line in report.plan.budget_lines.filter(year=report.period.ends_on.year):
        found[line.category] = found.get(line.category, Decimal(0)) + line.amount
    return found


def _economy(report: Report) -> dict[str, Any]:
    costs = {c.category: c.amount for c in report.costs.all()}
    budget = _plan_budget(report)
    rows = [
        {
            "label": str(label),
            "amount": kroner(costs[category]) if category in costs else "–",
            "budget": kroner(budget[category]) if category in budget else "–",
        }
        for category, label in BudgetCategory.choices
        if category in costs or category in budget
    ]
    total = sum(costs.values(), Decimal(0))
    funding = {f.funder: f.amount for f in report.funding.all()}
    low, high = report.forecast_low, report.forecast_high
    amounts = [a for a in (low, high) if a is not None]
    forecast = "–".join(format_number(a, 0) for a in dict.fromkeys(amounts))
    forecast = f"{forecast}\u00a0kr" if forecast else ""
    return {
        "as_of": format_date(report.costs_as_of),
        "year": report.period.ends_on.year,
        "has_budget": bool(budget),
        "costs": rows,
        "total": kroner(total),
        "budget_total": kroner(sum(budget.values(), Decimal(0))) if budget else "–",
        "stated": kroner(report.stated_total) if report.stated_total is not None else "",
        "funding": [
            (str(label), kroner(funding[f])) for f, label in Funder.choices if f in funding
        ],
        "forecast": forecast,
        "comment": _paragraphs(report.economy_comment),
    }


def _title_facts(report: Report) -> dict[str, Any]:
    period = report.period
    municipality = report.contract_partner
    kind = str(period.get_kind_display())
    span = f"{format_date(period.starts_on)}–{format_date(period.ends_on)}"
    is_draft = report.status != ReportStatus.APPROVED
    name = f"{kind} {span} – {municipality}"
    approved = timezone.localdate(report.approved_at) if report.approved_at else None
    return {
        "municipality": municipality,
        "kind": kind,
        "span": span,
        "status": str(report.get_status_display()),
        "is_draft": is_draft,
        "approved": format_date(approved),
        "doc_name": f"{name} – {report.get_status_display()}" if is_draft else name,
        "printed": format_date(timezone.localdate()),
    }


def _final_results(report: Report) -> list[dict[str, str]]:
    """The final report's table: each indicator from its baseline over the whole period."""
    rows = []
    for result in final.indicator_results(report):
        indicator, reading = result.indicator, result.reading
        unit = indicator.unit
        baseline = indicator.baseline_value
        rows.append(
            {
                "name": indicator.name,
                "baseline": "–"
                if baseline is None
                else f"{value(baseline, unit)} ({period_label(indicator.baseline_period)})",
                "series": ", ".join(
                    f"{value(v, unit)} ({period_label(p)})" for p, v in result.series
                )
                or "–",
                "target": "–"
                if reading.target is None
                else f"{value(reading.target, unit)} ({period_label(reading.target_period)})",
                "progress": "–"
                if reading.progress is None
                else f"{format_number(reading.progress * 100, 0)}\u00a0%",
                "status": reading.status_label,
            }
        )
    return rows


def report_context(report: Report) -> dict[str, Any]:
    report = Report.objects.select_related("period__participation", "plan").get(pk=report.pk)
    return {
        "report": report,
        **_title_facts(report),
        "sections": {int(s): str(label) for s, label in Section.choices},
        "general": _general(report),
        "progress": _paragraphs(report.progress),
        "goals_comment": _paragraphs(report.goals_comment),
        **_items(report),
        "actuals": _actuals(report),
        "organisation": _paragraphs(report.organisation),
        "meetings": [
            {"body": str(m.get_body_display()), "held": m.held, "participants": m.participants}
            for m in sorted(report.meetings.all(), key=lambda m: BODY_ORDER.index(m.body))
            if m.held or m.participants
        ],
        "economy": _economy(report),
        "learning": _paragraphs(report.learning),
        "stories": [
            {"title": s.title, "told_on": format_date(s.told_on), "text": _paragraphs(s.text)}
            for s in report.stories.all()
        ],
        "is_final": report.period.kind == ReportKind.FINAL,
        "final_results": _final_results(report) if report.period.kind == ReportKind.FINAL else [],
        "final": {
            "results": _paragraphs(report.results),
            "into_operations": _paragraphs(report.into_operations),
            "remaining": _paragraphs(report.remaining),
        },
    }


def report_pdf(report: Report) -> bytes:
    return render_pdf(TEMPLATE, report_context(report))


def report_docx(report: Report) -> bytes:
    from boso.reports.documents_docx import report_document

    return report_document(report_context(report))
