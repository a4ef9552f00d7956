"""Vega-Lite chart definitions: one spec for the page (vega-embed) and the PDF (SVG).

Specs are plain dicts with their data inline, so the page needs no further request
and the same spec renders to SVG on the server with vl-convert. Numbers are written
the Norwegian way through Vega's d3-format locale (1 234 567,5), and every text in a
chart (titles, axis titles, series names) is translated before it goes into the spec.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# The vl-convert bundle closest to the vega-lite the page loads (package.json).
VL_CONVERT_VERSION = "6.4"
NORWEGIAN_NUMBERS = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
}
FONT = "Inter, 'Segoe UI', system-ui, -apple-system, sans-serif"
# Designsystemet-like colours with a 3:1 contrast against white, and a dash per role,
# so the lines can be told apart without colour too.
MUNICIPALITY_COLOUR = "#0062ba"
COMPARISON_COLOURS = ("#b3261e", "#1a7f37", "#8a4baf", "#a15c00", "#00758f", "#5e5e5e")
MEDIAN_COLOUR = "#5e5e5e"
BAR_COLOUR = "#5b8fc7"
HIGHLIGHT_COLOUR = "#0a2e5c"
COUNTRY_COLOUR = "#a15c00"
DASHES = {"municipality": [1, 0], "peer": [6, 3], "median": [6, 3], "country": [2, 2]}

Spec = dict[str, Any]


@dataclass(frozen=True)
class ChartPoint:
    period: str
    start: datetime.date
    value: Decimal | None


@dataclass(frozen=True)
class ChartSeries:
    """One line: a label (shown in the legend), a role (municipality, peer, median,
    country) that decides colour and dash, and its points (those without a value are
    left out of the line; the table view shows their status symbols)."""

    label: str
    role: str
    points: Sequence[ChartPoint]


def number_format(decimals: int) -> str:
    """d3-format for a figure with a fixed number of decimals and thousands grouping."""
    return f",.{max(0, decimals)}f"


def _config() -> Spec:
    return {
        "locale": {"number": NORWEGIAN_NUMBERS},
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal"},
        "legend": {"labelFontSize": 12, "orient": "bottom", "direction": "vertical"},
    }


def _title(title: str) -> Spec:
    """A title drawn in the chart: the page has its own headings, a document may not."""
    return {"title": {"text": title, "anchor": "start", "fontSize": 14}} if title else {}


def _colours(series: Sequence[ChartSeries]) -> tuple[list[str], list[str], list[list[int]]]:
    labels: list[str] = []
    colours: list[str] = []
    dashes: list[list[int]] = []
    others = iter(COMPARISON_COLOURS * 4)
    for s in series:
        labels.append(s.label)
        if s.role == "municipality":
            colours.append(MUNICIPALITY_COLOUR)
        elif s.role == "median":
            colours.append(MEDIAN_COLOUR)
        elif s.role == "country":
            colours.append(COUNTRY_COLOUR)
        else:
            colours.append(next(others))
        dashes.append(DASHES.get(s.role, [6, 3]))
    return labels, colours, dashes


def _year_step(starts: Sequence[datetime.date]) -> int:
    """Years between ticks, so that about eight year labels fit."""
    if not starts:
        return 1
    span = max(starts).year - min(starts).year
    return max(1, math.ceil(span / 8))


def trend_spec(
    *,
    unit: str,
    decimals: int,
    series: Sequence[ChartSeries],
    description: str,
    title: str = "",
) -> Spec:
    """A line per series over time: the municipality, its peers (or their median) and
    the country. Periods are placed at their start date on a UTC time axis."""
    values = [
        {
            "serie": s.label,
            "periode": p.period,
            "dato": p.start.isoformat(),
            "verdi": float(p.value),
        }
        for s in series
        for p in s.points
        if p.value is not None
    ]
    labels, colours, dashes = _colours(series)
    fmt = number_format(decimals)
    starts = [p.start for s in series for p in s.points if p.value is not None]
    value_title = unit or _("Verdi")
    return {
        "$schema": VEGA_LITE_SCHEMA,
        **_title(title),
        "description": description,
        "width": "container",
        "height": 240,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "mark": {"type": "line", "point": {"filled": True, "size": 40}, "strokeWidth": 2},
        "encoding": {
            "x": {
                "field": "dato",
                "type": "temporal",
                "title": _("År"),
                "scale": {"type": "utc", "padding": 12},
                "axis": {
                    "format": "%Y",
                    "formatType": "utc",
                    "tickCount": {"interval": "year", "step": _year_step(starts)},
                    "labelOverlap": True,
                    "labelSeparation": 6,
                    "grid": False,
                },
            },
            "y": {
                "field": "verdi",
                "type": "quantitative",
                "title": value_title,
                "axis": {"format": fmt, "tickCount": 5},
                "scale": {"zero": False, "nice": True, "padding": 8},
            },
            "color": {
                "field": "serie",
                "type": "nominal",
                "title": None,
                "scale": {"domain": labels, "range": colours},
                "sort": labels,
            },
            "strokeDash": {
                "field": "serie",
                "type": "nominal",
                "title": None,
                "scale": {"domain": labels, "range": dashes},
                "sort": labels,
            },
            "tooltip": [
                {"field": "serie", "type": "nominal", "title": _("Serie")},
                {"field": "periode", "type": "nominal", "title": _("Periode")},
                {"field": "verdi", "type": "quantitative", "title": value_title, "format": fmt},
            ],
        },
        "config": _config(),
    }


@dataclass(frozen=True)
class BarItem:
    code: str
    label: str
    value: Decimal
    highlighted: bool = False


def ranking_spec(
    *,
    unit: str,
    decimals: int,
    items: Sequence[BarItem],
    description: str,
    reference: Decimal | None = None,
    reference_label: str = "",
    title: str = "",
) -> Spec:
    """Horizontal bars, one per municipality, largest first; a highlighted municipality
    stands out, and the country's figure is drawn as a rule when there is one."""
    fmt = number_format(decimals)
    value_title = unit or _("Verdi")
    values = [
        {"kode": i.code, "kommune": i.label, "verdi": float(i.value), "valgt": i.highlighted}
        for i in items
    ]
    bars: Spec = {
        "mark": {"type": "bar", "height": {"band": 0.8}},
        "encoding": {
            "y": {
                "field": "kommune",
                "type": "nominal",
                "title": None,
                "sort": {"field": "verdi", "order": "descending"},
                "axis": {"labelLimit": 180},
            },
            "x": {
                "field": "verdi",
                "type": "quantitative",
                "title": value_title,
                "axis": {"format": fmt, "tickCount": 5, "orient": "top"},
            },
            "color": {
                "condition": {"test": "datum.valgt", "value": HIGHLIGHT_COLOUR},
                "value": BAR_COLOUR,
            },
            "tooltip": [
                {"field": "kommune", "type": "nominal", "title": _("Kommune")},
                {"field": "verdi", "type": "quantitative", "title": value_title, "format": fmt},
            ],
        },
    }
    layers: list[Spec] = [bars]
    if reference is not None:
        layers.append(
            {
                "data": {"values": [{"verdi": float(reference), "navn": reference_label}]},
                "mark": {"type": "rule", "color": COUNTRY_COLOUR, "strokeWidth": 2},
                "encoding": {
                    "x": {"field": "verdi", "type": "quantitative"},
                    "tooltip": [
                        {"field": "navn", "type": "nominal", "title": _("Sammenligning")},
                        {
                            "field": "verdi",
                            "type": "quantitative",
                            "title": value_title,
                            "format": fmt,
                        },
                    ],
                },
            }
        )
    return {
        "$schema": VEGA_LITE_SCHEMA,
        **_title(title),
        "description": description,
        "width": "container",
        "height": {"step": 16},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "layer": layers,
        "config": _config(),
    }


def spec_to_svg(spec: Spec, *, width: int = 640) -> str:
    """Render a spec to SVG on the server (for PDF documents), with the same locale.

    A spec that fills its container ("width": "container") gets a fixed width here,
    since a document has no container to measure.
    """
    import vl_convert  # a native module: imported only where charts are rendered

    fixed = dict(spec)
    if fixed.get("width") == "container":
        fixed["width"] = width
        fixed.pop("autosize", None)
    svg: str = vl_convert.vegalite_to_svg(
        fixed, vl_version=VL_CONVERT_VERSION, format_locale=_d3_locale()
    )
    return svg


def _d3_locale() -> dict[str, Any]:
    return dict(NORWEGIAN_NUMBERS)


_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_json(spec: Spec) -> SafeString:
    """The spec as JSON that is safe inside <script type="application/json">."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped above
