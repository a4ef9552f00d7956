"""A report's and a synthesis's tables as workbooks (XLSX), numbers kept as numbers.

The report: section 3's lines and the indicators' actuals, section 4's meetings and
section 5's costs and funding. The synthesis: money granted and spent per municipality,
and the indicator movements (from its stored figures, as drafted). Objects in, `Sheet`s
out; boso.documents.renderers.workbook_bytes writes them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from boso.core.formatting import format_date
from boso.documents.renderers import Column, Sheet, workbook_bytes
from boso.plans.choices import BudgetCategory
from boso.reports.models import Report, Synthesis

KRONER = "#,##0"
VALUE = "#,##0.##"
PERCENT = "0%"


def _title(report: Report) -> str:
    period = report.period
    municipality = period.participation.municipality.name
    span = f"{format_date(period.starts_on)}–{format_date(period.ends_on)}"
    return f"{period.get_kind_display()} {span}, {municipality} kommune (v{report.number})"


def _sum_row(label: str, amounts: list[Decimal]) -> list[list[Any]]:
    return [[label, sum(amounts, Decimal(0))]] if amounts else []


def report_sheets(report: Report) -> list[Sheet]:
    """Section 3 (lines, actuals), 4 (meetings) and 5 (costs, funding)."""
    title = _title(report)
    items = Sheet(
        _("Mål og tiltak"),
        [
            Column(_("Type"), 10),
            Column(_("Nr."), 8),
            Column(_("Tittel"), 48),
            Column(_("Status"), 14),
            Column(_("Kommentar"), 60),
        ],
        [
            [i.get_kind_display(), i.number, i.title, i.get_status_display(), i.comment]
            for i in report.items.all()
        ],
        preamble=[title, _("Del 3: mål, tiltak og risikofaktorer")],
    )
    actuals = Sheet(
        _("Indikatorer"),
        [
            Column(_("Indikator"), 48),
            Column(_("Enhet"), 12),
            Column(_("Utgangsverdi"), 14, VALUE),
            Column(_("Utgangsperiode"), 14),
            Column(_("Periode"), 12),
            Column(_("Faktisk"), 14, VALUE),
            Column(_("Kilde"), 12),
            Column(_("Bekreftet"), 10),
            Column(_("Kommentar"), 48),
        ],
        [
            [
                a.indicator.name,
                a.indicator.unit,
                a.indicator.baseline_value,
                a.indicator.baseline_period,
                a.period,
                a.value,
                a.get_source_display(),
                _("Ja") if a.confirmed else _("Nei"),
                a.comment,
            ]
            for a in report.actuals.select_related("indicator")
        ],
        preamble=[title, _("Del 3: indikatorer, faktiske tall for perioden")],
    )
    meetings = Sheet(
        _("Møter"),
        [Column(_("Organ"), 24), Column(_("Møter holdt"), 12), Column(_("Deltakere"), 60)],
        [[m.get_body_display(), m.held, m.participants] for m in report.meetings.all()],
        preamble=[title, _("Del 4: organisering av arbeidet og deltakelse")],
    )
    return [items, actuals, meetings, *_economy_sheets(report, title)]


def _economy_sheets(report: Report, title: str) -> list[Sheet]:
    costs = list(report.costs.all())
    funding = list(report.funding.all())
    as_of = format_date(report.costs_as_of) if report.costs_as_of else "–"
    cost_sheet = Sheet(
        _("Kostnader"),
        [Column(_("Kategori"), 28), Column(_("Beløp (kr)"), 16, KRONER)],
        [[c.get_category_display(), c.amount] for c in costs]
        + _sum_row(_("Sum"), [c.amount for c in costs]),
        preamble=[title, _("Del 5: kostnader, regnskap per %(day)s") % {"day": as_of}],
    )
    funding_sheet = Sheet(
        _("Finansiering"),
        [Column(_("Finansiering"), 28), Column(_("Beløp (kr)"), 16, KRONER)],
        [[f.get_funder_display(), f.amount] for f in funding]
        + _sum_row(_("Sum"), [f.amount for f in funding]),
        preamble=[title, _("Del 5: årets finansiering")],
    )
    return [cost_sheet, funding_sheet]


def report_xlsx(report: Report) -> bytes:
    return workbook_bytes(report_sheets(report))


# The synthesis ----------------------------------------------------------------------------


def _number(text: Any) -> Decimal | None:
    """A stored decimal string as a number for the cell; nothing stored stays empty."""
    try:
        return None if text in (None, "") else Decimal(str(text))
    except InvalidOperation:
        return None


def synthesis_sheets(synthesis: Synthesis) -> list[Sheet]:
    """The money table and the indicator movements, as drafted."""
    figures = synthesis.figures if isinstance(synthesis.figures, dict) else {}
    title = f"{synthesis.title} – {synthesis.programme.name}"
    money = figures.get("money") or {}
    rows = money.get("rows") or []
    used = {c for row in rows for c in (row.get("spent") or {})}
    categories = [(c, str(label)) for c, label in BudgetCategory.choices if c in used]
    totals = money.get("totals") or {}
    money_sheet = Sheet(
        _("Økonomi"),
        [
            Column(_("Kommune"), 24),
            Column(_("Tilsagn (kr)"), 16, KRONER),
            *(Column(f"{label} (kr)", 16, KRONER) for _c, label in categories),
            Column(_("Brukt i alt (kr)"), 16, KRONER),
            Column(_("Godkjent rapport"), 12),
        ],
        [
            [
                row.get("municipality", ""),
                _number(row.get("granted")),
                *(_number((row.get("spent") or {}).get(c)) for c, _l in categories),
                _number(row.get("spent_total")) if row.get("reported") else None,
                _("Ja") if row.get("reported") else _("Nei"),
            ]
            for row in rows
        ]
        + [
            [
                _("Sum"),
                _number(totals.get("granted", 0)),
                *(_number(totals.get(c)) for c, _l in categories),
                _number(totals.get("spent_total", 0)),
            ]
        ],
        preamble=[title, _("Tilsagn og forbruk per kommune")],
    )
    movements = Sheet(
        _("Indikatorer"),
        [
            Column(_("Indikator"), 40),
            Column(_("Enhet"), 12),
            Column(_("Kommune"), 20),
            Column(_("Utgangsverdi"), 14, VALUE),
            Column(_("Utgangsperiode"), 14),
            Column(_("Faktisk"), 14, VALUE),
            Column(_("Periode"), 12),
            Column(_("Endring"), 10, PERCENT),
        ],
        [
            [
                table.get("name", ""),
                table.get("unit", ""),
                row.get("municipality", ""),
                _number(row.get("baseline")),
                row.get("baseline_period", ""),
                _number(row.get("actual")),
                row.get("period", ""),
                _number(row.get("change")),
            ]
            for table in figures.get("indicators") or []
            for row in table.get("rows") or []
        ],
        preamble=[title, _("Indikatorer: fra utgangsverdi til faktisk tall")],
    )
    return [money_sheet, movements]


def synthesis_xlsx(synthesis: Synthesis) -> bytes:
    return workbook_bytes(synthesis_sheets(synthesis))
