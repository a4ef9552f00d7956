"""Live figures in a plan's texts: {{tall:kode}} or {{tall:kode:periode}} is replaced,
when the plan is read, by the municipality's figure from the statistics store.

`{{tall:waiting_list:2010}}` becomes «35 husstander (2010, kilde: Kommunen)»; without a
period it is the latest figure. The store is read the way selectors.actuals_of reads a
catalogue indicator (harmonised onto the municipality's structure), all placeholders
of a page in one go, so the page costs the same few queries however many there are.
An unknown indicator or period, or a period without a figure, shows a visible marker
instead of a made-up number.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from boso.core.formatting import format_date, format_number
from boso.plans.models import Plan
from boso.plans.services import RICH_TEXT
from boso.statistics.harmonise import HarmonisedPoint, Harmoniser, harmonised_many
from boso.statistics.models import Indicator
from boso.statistics.periods import PeriodError, parse_period

PLACEHOLDER = re.compile(r"\{\{\s*tall\s*:\s*([A-Za-z0-9_]+)\s*(?::\s*([A-Za-z0-9-]+)\s*)?\}\}")
LATEST = ""


@dataclass(frozen=True)
class Figure:
    value: Decimal
    period: str
    indicator: Indicator

    def text(self) -> str:
        number = format_number(self.value, int(self.indicator.decimals))
        return f"{number} {self.indicator.unit}".strip()

    def period_text(self) -> str:
        parsed = parse_period(self.period)
        return format_date(parsed.start) if parsed.kind == "date" else parsed.code


def placeholders(texts: Iterable[str]) -> set[tuple[str, str]]:
    """(indicator code, period code or LATEST) of every placeholder in the texts."""
    found = set()
    for text in texts:
        for code, period in PLACEHOLDER.findall(text):
            found.add((code, period))
    return found


def _period_code(text: str) -> str | None:
    if not text:
        return LATEST
    try:
        return parse_period(text).code
    except PeriodError:
        return None


def lookup(
    wanted: set[tuple[str, str]], *, region: str, structure: datetime.date
) -> dict[tuple[str, str], Figure | None]:
    """The figure of each (code, period): the period's own, or the latest one."""
    if not wanted:
        return {}
    codes = {code for code, _period in wanted}
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(code__in=codes).select_related("numerator", "denominator")
    }
    points: dict[int, list[HarmonisedPoint]] = {}
    if indicators:
        harmoniser = Harmoniser(structure=structure)
        points = harmonised_many(
            indicators=list(indicators.values()), harmoniser=harmoniser, regions=[region]
        )
    result: dict[tuple[str, str], Figure | None] = {}
    for code, period in wanted:
        indicator = indicators.get(code)
        if indicator is not None:
            result[(code, period)] = _pick(indicator, points.get(indicator.pk, []), period)
    return result


def _pick(indicator: Indicator, points: list[HarmonisedPoint], period: str) -> Figure | None:
    usable = sorted(
        (p for p in points if p.value is not None and not p.dimension_key),
        key=lambda p: p.period_start,
    )
    wanted = _period_code(period)
    if wanted is None:
        return None
    if wanted != LATEST:
        usable = [p for p in usable if p.period == wanted]
    if not usable:
        return None
    point = usable[-1]
    assert point.value is not None
    return Figure(point.value, point.period, indicator)


def _replacement(match: re.Match[str], figures: Mapping[tuple[str, str], Figure | None]) -> str:
    code, period = match.group(1), match.group(2) or LATEST
    key = (code, period)
    if key not in figures:
        return format_html(
            '<mark class="figure-missing">[{}]</mark>', _("ukjent tall: %(code)s") % {"code": code}
        )
    figure = figures[key]
    if _period_code(period) is None:
        return format_html(
            '<mark class="figure-missing">[{}]</mark>',
            _("ukjent periode: %(period)s") % {"period": period},
        )
    if figure is None:
        return format_html(
            '<mark class="figure-missing">[{}]</mark>',
            _("ingen tall for %(code)s %(period)s") % {"code": code, "period": period}
            if period
            else _("ingen tall for %(code)s") % {"code": code},
        )
    source = figure.indicator.source or _("statistikken")
    return format_html(
        '<span class="live-figure">{}</span> <span class="live-figure__source">({})</span>',
        figure.text(),
        _("%(period)s, kilde: %(source)s") % {"period": figure.period_text(), "source": source},
    )


def render(html: str, figures: Mapping[tuple[str, str], Figure | None]) -> SafeString:
    """The text with each placeholder replaced. `html` must already be safe: rich text
    is sanitised on save (boso.plans.services.sanitise); plain text is escaped first."""
    return mark_safe(PLACEHOLDER.sub(lambda m: _replacement(m, figures), html))  # noqa: S308


def plan_texts(plan: Plan) -> dict[str, SafeString]:
    """The plan's rich texts and vision with live figures, ready to show as HTML."""
    texts = {name: getattr(plan, name) for name in RICH_TEXT}
    # The vision is plain text (not sanitised): escape it before it becomes HTML.
    texts["vision"] = escape(plan.vision)
    municipality = plan.participation.municipality
    figures = lookup(
        placeholders(texts.values()), region=municipality.code, structure=municipality.valid_from
    )
    return {name: render(text, figures) for name, text in texts.items()}
