"""The region's synthesis for the page and as documents (PDF/A and DOCX), laid out as
seed 003: the title ("2. halvår 2015"), the introduction, a section per municipality,
"Generelt for flere av kommunene" for the closing text, then the money table and the
indicator movements (tables, and in the PDF a bar chart of the change per municipality).

Objects in, text and bytes out: `synthesis_context` reads the synthesis and its stored
figures and formats them the Norwegian way; the page, the PDF template and the DOCX
writer only place them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from boso.core.formatting import format_date, format_number
from boso.plans.choices import BudgetCategory
from boso.reports.choices import SynthesisStatus
from boso.reports.models import Synthesis

TEMPLATE = "reports/synthesis/document.html"
CLOSING_HEADING = "Generelt for flere av kommunene"  # seed 003's last section
NOT_REPORTED = "Ingen godkjent rapport"

Progress = Callable[[int, str], None]  # (step 1..STEPS, what is being done)
STEPS = 3
_XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


def _decimal(text: Any) -> Decimal | None:
    try:
        return None if text in (None, "") else Decimal(str(text))
    except InvalidOperation:
        return None


def kroner(text: Any) -> str:
    """ "1234567.50" → "1 234 568" (whole kroner, Norwegian grouping)."""
    amount = _decimal(text)
    return "–" if amount is None else format_number(amount, 0)


def signed_percent(text: Any) -> str:
    """ "-0.6786" → "−68 %", "0.25" → "+25 %"; no change known: "–"."""
    change = _decimal(text)
    if change is None:
        return "–"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    return f"{sign}{format_number(abs(change) * 100, 0)}\u00a0%"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _money(figures: dict[str, Any]) -> dict[str, Any]:
    """The money table: granted, spent by the categories anyone spent on, total."""
    money = figures.get("money") or {}
    rows = money.get("rows") or []
    used = {c for row in rows for c in (row.get("spent") or {})}
    categories = [(c, str(label)) for c, label in BudgetCategory.choices if c in used]
    totals = money.get("totals") or {}
    return {
        "headers": [label for _c, label in categories],
        "rows": [
            {
                "municipality": row["municipality"],
                "reported": row.get("reported", False),
                "granted": kroner(row.get("granted")),
                "spent": [kroner((row.get("spent") or {}).get(c)) for c, _l in categories],
                "total": kroner(row.get("spent_total")) if row.get("reported") else "–",
            }
            for row in rows
        ],
        "totals": {
            "granted": kroner(totals.get("granted", 0)),
            "spent": [kroner(totals.get(c)) for c, _l in categories],
            "total": kroner(totals.get("spent_total", 0)),
        },
    }


def _value(text: Any, unit: str) -> str:
    number = _decimal(text)
    return "–" if number is None else f"{format_number(number)} {unit}".strip()


def _indicators(figures: dict[str, Any]) -> list[dict[str, Any]]:
    tables = []
    for n, table in enumerate(figures.get("indicators") or [], start=1):
        unit = table.get("unit", "")
        rows = [
            {
                "municipality": row["municipality"],
                "baseline": _value(row.get("baseline"), unit),
                "baseline_period": row.get("baseline_period", ""),
                "actual": _value(row.get("actual"), unit),
                "period": row.get("period", ""),
                "change": signed_percent(row.get("change")),
                "change_value": _decimal(row.get("change")),
            }
            for row in table.get("rows") or []
        ]
        tables.append({"number": n, "name": table.get("name", ""), "unit": unit, "rows": rows})
    return tables


def synthesis_context(synthesis: Synthesis) -> dict[str, Any]:
    figures = synthesis.figures if isinstance(synthesis.figures, dict) else {}
    programme = synthesis.programme
    published = synthesis.status == SynthesisStatus.PUBLISHED
    span = f"{format_date(synthesis.starts_on)}–{format_date(synthesis.ends_on)}"
    name = f"{synthesis.title} – {programme.name}"
    return {
        "synthesis": synthesis,
        "programme": programme,
        "region": programme.region.name,
        "span": span,
        "status": str(synthesis.get_status_display()),
        "is_draft": not published,
        "published": format_date(
            timezone.localdate(synthesis.published_at) if synthesis.published_at else None
        ),
        "doc_name": name if published else f"{name} – {synthesis.get_status_display()}",
        "printed": format_date(timezone.localdate()),
        "introduction": _paragraphs(synthesis.introduction),
        "municipalities": [
            {"heading": p.heading, "paragraphs": _paragraphs(p.text), "reported": p.report_id}
            for p in synthesis.paragraphs.all()
        ],
        "closing_heading": _(CLOSING_HEADING),
        "closing": _paragraphs(synthesis.closing),
        "money": _money(figures),
        "indicators": _indicators(figures),
        "not_reported": _(NOT_REPORTED),
    }


# The chart --------------------------------------------------------------------------------


def change_spec(table: dict[str, Any]) -> dict[str, Any] | None:
    """A Vega-Lite bar chart of an indicator's change per municipality (None without any
    change to draw: every baseline was zero)."""
    from boso.statistics.charts import VEGA_LITE_SCHEMA

    values = [
        {"municipality": row["municipality"], "change": float(row["change_value"])}
        for row in table["rows"]
        if row["change_value"] is not None
    ]
    if not values:
        return None
    title = _("Endring fra utgangsverdi")
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": f"{table['name']}: {title.lower()}",
        "width": "container",
        "height": {"step": 16},
        "data": {"values": values},
        "mark": {"type": "bar", "color": "#0b2d4f"},
        "encoding": {
            "y": {"field": "municipality", "type": "nominal", "sort": "x", "title": None},
            "x": {
                "field": "change",
                "type": "quantitative",
                "title": title,
                "axis": {"format": "+.0%"},
            },
        },
        "config": {"font": "DejaVu Sans", "view": {"stroke": None}},
    }


def with_charts(context: dict[str, Any]) -> dict[str, Any]:
    """Each indicator table gets its chart as inline SVG: vector graphics in the PDF.
    (The documents' URL fetcher refuses data: URIs, so an <img> cannot carry it.) The
    SVG is Vega's serialisation, which escapes every text it draws (municipality and
    indicator names), so it is safe to place as markup."""
    from boso.statistics.charts import spec_to_svg

    for table in context["indicators"]:
        spec = change_spec(table)
        if spec is not None:
            svg = _XML_PROLOG.sub("", spec_to_svg(spec, width=440))
            table["chart"] = mark_safe(svg)  # noqa: S308 - escaped by Vega, see above
    return context


# The documents ----------------------------------------------------------------------------


def _quiet(step: int, what: str) -> None:
    """No one is watching."""


def synthesis_pdf(synthesis: Synthesis, progress: Progress = _quiet) -> bytes:
    from boso.documents.renderers import render_pdf  # WeasyPrint loads only when asked

    progress(1, _("Leser sammenstillingen"))
    context = synthesis_context(synthesis)
    progress(2, _("Tegner diagrammene"))
    with_charts(context)
    progress(3, _("Setter opp PDF-en"))
    return render_pdf(TEMPLATE, context)


def synthesis_docx(synthesis: Synthesis) -> bytes:
    from docx import Document

    from boso.plans.documents_docx import table
    from boso.reports.documents_docx import _setup

    context = synthesis_context(synthesis)
    document = Document()
    _setup(document, _docx_setup(context))
    document.add_paragraph(context["programme"].name, style="Subtitle")
    document.add_paragraph(synthesis.title, style="Title")
    document.add_paragraph(context["span"])
    if context["is_draft"]:
        notice = document.add_paragraph()
        notice.add_run(f"{context['status']}. ").bold = True
        notice.add_run(_("Sammenstillingen er ikke publisert og kan endres."))
    for text in context["introduction"]:
        document.add_paragraph(text)
    for municipality in context["municipalities"]:
        document.add_heading(municipality["heading"], level=1)
        for text in municipality["paragraphs"]:
            document.add_paragraph(text)
    if context["closing"]:
        document.add_heading(context["closing_heading"], level=1)
        for text in context["closing"]:
            document.add_paragraph(text)
    document.add_heading(_("Økonomi"), level=1)
    money = context["money"]
    headers = [_("Kommune"), _("Tilsagn (kr)"), *money["headers"], _("Brukt i alt (kr)")]
    rows = [
        [
            r["municipality"] + ("" if r["reported"] else f" ({context['not_reported'].lower()})"),
            r["granted"],
            *r["spent"],
            r["total"],
        ]
        for r in money["rows"]
    ]
    totals = money["totals"]
    numeric = list(range(1, len(headers)))
    total_row = [_("Sum"), totals["granted"], *totals["spent"], totals["total"]]
    caption = _("Tilsagn og forbruk per kommune")
    table(document, headers, rows, caption=caption, numeric=numeric, total=total_row)
    if context["indicators"]:
        document.add_heading(_("Indikatorer"), level=1)
    for indicator in context["indicators"]:
        table(
            document,
            [_("Kommune"), _("Utgangsverdi"), _("Faktisk"), _("Endring")],
            [
                [
                    r["municipality"],
                    f"{r['baseline']} ({r['baseline_period']})",
                    f"{r['actual']} ({r['period']})",
                    r["change"],
                ]
                for r in indicator["rows"]
            ],
            caption=indicator["name"],
            numeric=[3],
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Named:
    """What the report's DOCX setup reads from a report: the programme's name."""

    def __init__(self, name: str) -> None:
        self.programme_name = name


def _docx_setup(context: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_name": context["doc_name"],
        "municipality": f"Husbanken {context['region']}",
        "report": _Named(context["programme"].name),
    }
