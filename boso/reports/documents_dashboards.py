"""The two dashboards' tables as documents: PDF/A (charts as inline SVG, vector graphics)
and DOCX (the tables; the charts are left out and a note line says so).

The region's: the report status matrix (municipalities × periods, on A4 landscape), the
money table with totals and the key indicators, each with its bar chart. The
municipality's: money, the plan's progress and the reports' status. The contexts read
the dashboards' selectors (boso.reports.dashboards) and format every figure the
Norwegian way; the templates and the DOCX writers only place the text.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from boso.core.formatting import format_date, format_number
from boso.plans import selectors_plan
from boso.programmes.models import Participation, Programme
from boso.reports import dashboards

REGION_TEMPLATE = "reports/dashboards/document_region.html"
MUNICIPALITY_TEMPLATE = "reports/dashboards/document_municipality.html"
MATRIX_COLUMNS = 8  # periods per part of the status matrix: what fits across A4 landscape
CHART_WIDTH = 560  # px of the SVG: about half an A4 landscape page, beside nothing
_XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


def kroner(amount: Decimal) -> str:
    """Whole kroner with Norwegian grouping: 4950000 → "4 950 000"."""
    return format_number(amount, 0)


def _span(starts_on: Any, ends_on: Any) -> str:
    return f"{format_date(starts_on)}–{format_date(ends_on)}"


def _status(cell: dashboards.StatusCell) -> str:
    """The cell's label; a report that is still open past its deadline says so too."""
    if cell.report is not None and cell.overdue:
        return f"{cell.label} ({_('forfalt')})"
    return cell.label


def _money(money: dashboards.Money) -> dict[str, str]:
    return {
        "granted": kroner(money.granted),
        "paid": kroner(money.paid),
        "spent": kroner(money.spent),
    }


def charts_note() -> str:
    return _("Diagrammene er bare med i PDF-utgaven; tallene står i tabellene.")


# The region's dashboard -----------------------------------------------------------------------


def _indicator(item: dashboards.IndicatorFigures) -> dict[str, Any]:
    decimals = item.indicator.decimals
    return {
        "name": item.indicator.name_nb,
        "unit": item.indicator.unit,
        "source": item.indicator.source,
        "rows": [
            {
                "municipality": f.participation.municipality.name,
                "period": f.period or "–",
                "value": "–" if f.value is None else format_number(f.value, decimals),
            }
            for f in item.figures
        ],
        "spec": item.spec if item.has_values else None,
    }


def _matrices(board: dashboards.RegionBoard) -> list[dict[str, Any]]:
    """The status matrix in parts of at most MATRIX_COLUMNS periods each: a programme's
    five years hold some twenty periods, more than a landscape page is wide."""
    columns = [
        {"kind": c.kind_label, "span": _span(c.starts_on, c.ends_on), "due": format_date(c.due_on)}
        for c in board.columns
    ]
    parts = []
    for first in range(0, len(columns), MATRIX_COLUMNS):
        last = first + MATRIX_COLUMNS
        rows = [
            {
                "municipality": row.participation.municipality.name,
                "cells": [_status(cell) for cell in row.cells[first:last]],
            }
            for row in board.rows
        ]
        parts.append({"columns": columns[first:last], "rows": rows})
    return parts


def region_context(programme: Programme) -> dict[str, Any]:
    board = dashboards.region_board(programme)
    title = _("Oversikt over %(name)s") % {"name": programme.name}
    return {
        "programme": programme,
        "region": programme.region.name,
        "years": f"{programme.start_year}–{programme.end_year}",
        "title": title,
        "doc_name": title,
        "printed": format_date(timezone.localdate()),
        "spent_note": dashboards.spent_note(),
        "matrices": _matrices(board),
        "money_rows": [
            {"municipality": row.participation.municipality.name, **_money(row.money)}
            for row in board.rows
        ],
        "totals": _money(board.totals),
        "indicators": [_indicator(item) for item in board.indicators],
    }


def with_charts(context: dict[str, Any]) -> dict[str, Any]:
    """Each key indicator with figures gets its bar chart as inline SVG, so the PDF holds
    vector graphics (the documents' URL fetcher refuses data: URIs for an <img>). Vega's
    SVG escapes every text it draws (municipality and indicator names): safe as markup."""
    from boso.statistics.charts import spec_to_svg  # a native module, loaded when drawing

    for indicator in context["indicators"]:
        if indicator["spec"] is not None:
            svg = _XML_PROLOG.sub("", spec_to_svg(indicator["spec"], width=CHART_WIDTH))
            indicator["chart"] = mark_safe(svg)  # noqa: S308 - escaped by Vega, see above
    return context


def region_pdf(programme: Programme) -> bytes:
    from boso.documents.renderers import render_pdf  # WeasyPrint loads only when asked

    return render_pdf(REGION_TEMPLATE, with_charts(region_context(programme)))


def region_docx(programme: Programme) -> bytes:
    from boso.plans.documents_docx import _a4, table

    context = region_context(programme)
    document = _document(context, author=f"Husbanken {context['region']}")
    _a4(document.sections[0], landscape=True)  # the status matrix is wide
    document.add_paragraph(f"{context['region']}, {context['years']}")
    document.add_heading(_("Rapporter per kommune og periode"), level=1)
    caption = _("Status for siste versjon av hver rapport, sortert etter frist")
    for part in context["matrices"]:
        headers = [_("Kommune")] + [
            f"{c['kind']} {c['span']} ({_('frist')} {c['due']})" for c in part["columns"]
        ]
        rows = [[r["municipality"], *r["cells"]] for r in part["rows"]]
        table(document, headers, rows, caption=caption)
    if not context["matrices"]:
        document.add_paragraph(_("Ingen rapporteringsperioder ennå."))
    document.add_heading(_("Økonomi per kommune"), level=1)
    table(
        document,
        [_("Kommune"), _("Tilsagn (kr)"), _("Utbetalt (kr)"), _("Rapportert brukt (kr)")],
        [[r["municipality"], r["granted"], r["paid"], r["spent"]] for r in context["money_rows"]],
        caption=_("Tilsagn, utbetalt og rapportert brukt per kommune"),
        numeric=(1, 2, 3),
        total=[_("Sum"), *context["totals"].values()],
    )
    document.add_paragraph(context["spent_note"])
    document.add_heading(_("Nøkkelindikatorer"), level=1)
    if context["indicators"]:
        document.add_paragraph().add_run(charts_note()).italic = True
    else:
        document.add_paragraph(_("Ingen av kommunenes planer har indikatorer fra statistikkbasen."))
    for indicator in context["indicators"]:
        unit = f" ({indicator['unit']})" if indicator["unit"] else ""
        table(
            document,
            [_("Kommune"), _("Periode"), _("Verdi")],
            [[r["municipality"], r["period"], r["value"]] for r in indicator["rows"]],
            caption=f"{indicator['name']}{unit}",
            numeric=(2,),
        )
    return _bytes(document)


# A municipality's dashboard -------------------------------------------------------------------


def _line(line: Any) -> dict[str, str]:
    """A plan indicator's row: its baseline, latest figure, target and status."""
    indicator, reading = line.indicator, line.reading
    target = "–"
    if reading.target is not None:
        target = f"{selectors_plan.figure(reading.target)} ({reading.target_period})"
    baseline = line.baseline or "–"
    if line.baseline and indicator.baseline_period:
        baseline = f"{baseline} ({indicator.baseline_period})"
    actual = line.actual or "–"
    if line.actual and reading.actual_period:
        actual = f"{actual} ({reading.actual_period})"
    unit = f" ({indicator.unit})" if indicator.unit else ""
    return {
        "name": f"{indicator.name}{unit}",
        "baseline": baseline,
        "actual": actual,
        "target": target,
        "status": reading.status_label,
    }


def municipality_context(participation: Participation) -> dict[str, Any]:
    board = dashboards.municipality_board(participation)
    name = participation.municipality.name
    title = _("%(name)s i utviklingsprogrammet: oversikt") % {"name": name}
    return {
        "participation": participation,
        "municipality": name,
        "programme_name": str(participation.programme),
        "title": title,
        "doc_name": title,
        "printed": format_date(timezone.localdate()),
        "spent_note": dashboards.spent_note(),
        "money": _money(board.money),
        "plan": board.plan.title if board.plan else "",
        "progress_counts": [(c.label, c.count) for c in board.progress_counts],
        "lines": [_line(line) for line in board.indicators],
        "activity_counts": [(c.label, c.count) for c in board.activity_counts],
        "reports": [
            {
                "kind": str(cell.period.get_kind_display()) if cell.period else "",
                "span": _span(cell.period.starts_on, cell.period.ends_on) if cell.period else "",
                "due": format_date(cell.period.due_on) if cell.period else "",
                "status": _status(cell),
            }
            for cell in board.reports
        ],
    }


def municipality_pdf(participation: Participation) -> bytes:
    from boso.documents.renderers import render_pdf

    return render_pdf(MUNICIPALITY_TEMPLATE, municipality_context(participation))


def municipality_docx(participation: Participation) -> bytes:
    from boso.plans.documents_docx import table

    context = municipality_context(participation)
    document = _document(context, author=context["municipality"])
    document.add_paragraph(context["programme_name"])
    document.add_heading(_("Penger"), level=1)
    money = context["money"]
    table(
        document,
        [_("Tilsagn fra Husbanken (kr)"), _("Utbetalt (kr)"), _("Rapportert brukt (kr)")],
        [[money["granted"], money["paid"], money["spent"]]],
        caption=_("Tilsagn, utbetalt og rapportert brukt"),
        numeric=(0, 1, 2),
    )
    document.add_paragraph(context["spent_note"])
    document.add_heading(_("Planen: framdrift"), level=1)
    if not context["plan"]:
        document.add_paragraph(_("Kommunen har ingen godkjent plan ennå."))
    else:
        document.add_paragraph(f"{context['plan']} ({_('godkjent')})")
        _counts(document, context["progress_counts"], _("Indikatorer etter status"))
        if context["lines"]:
            keys = ("name", "baseline", "actual", "target", "status")
            table(
                document,
                [_("Indikator"), _("Utgangsverdi"), _("Siste tall"), _("Mål"), _("Status")],
                [[line[k] for k in keys] for line in context["lines"]],
                caption=_("Planens indikatorer med siste tall, mål og status"),
                numeric=(1, 2, 3),
            )
        _counts(document, context["activity_counts"], _("Tiltak etter status"))
    document.add_heading(_("Rapporter"), level=1)
    if context["reports"]:
        table(
            document,
            [_("Rapport"), _("Periode"), _("Frist"), _("Status")],
            [[r["kind"], r["span"], r["due"], r["status"]] for r in context["reports"]],
            caption=_("Rapportene kommunen skal levere, med frist og status"),
        )
    else:
        document.add_paragraph(_("Ingen rapporteringsperioder ennå."))
    return _bytes(document)


def _counts(document: Any, counts: list[tuple[str, int]], caption: str) -> None:
    from boso.plans.documents_docx import table

    if counts:
        rows = [[label, str(count)] for label, count in counts]
        table(document, [_("Status"), _("Antall")], rows, caption=caption, numeric=(1,))


# The DOCX frame -------------------------------------------------------------------------------


class _Named:
    """What the report's DOCX setup reads from a report: the programme's name."""

    def __init__(self, name: str) -> None:
        self.programme_name = name


def _document(context: dict[str, Any], *, author: str) -> Any:
    """A document with the reports' page set-up (name above, page numbers below, nb-NO),
    the title and the date it was made."""
    from docx import Document

    from boso.reports.documents_docx import _setup

    document = Document()
    programme = context.get("programme")
    subject = programme.name if programme is not None else context["programme_name"]
    _setup(
        document,
        {"doc_name": context["doc_name"], "municipality": author, "report": _Named(subject)},
    )
    document.add_paragraph(context["title"], style="Title")
    document.add_paragraph(_("Laget %(date)s.") % {"date": context["printed"]})
    return document


def _bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
