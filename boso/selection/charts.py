"""Vega-Lite for kommunepyramiden: the rank interval of each municipality under weight draws."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from boso.statistics.charts import (
    BAR_COLOUR,
    FONT,
    HIGHLIGHT_COLOUR,
    NORWEGIAN_NUMBERS,
    VEGA_LITE_SCHEMA,
    Spec,
)


def rank_interval_spec(results: list[dict[str, Any]], *, top_n: int, description: str) -> Spec:
    """One line per municipality from its 5th to its 95th percentile rank, a dot at the
    median and a ring at the run's own rank; a rule marks N."""
    values = [
        {
            "kommune": f"{r['rank']}. {r['name']}",
            "rang": r["rank"],
            "lav": r["rank_low"],
            "median": r["rank_median"],
            "hoy": r["rank_high"],
            "sannsynlighet": r["probability_top_n"],
        }
        for r in results
    ]
    y = {
        "field": "kommune",
        "type": "nominal",
        "title": None,
        "sort": {"field": "rang", "order": "ascending"},
        "axis": {"labelLimit": 180},
    }
    rank_title = _("Plass")
    tooltip = [
        {"field": "kommune", "type": "nominal", "title": _("Kommune")},
        {"field": "median", "type": "quantitative", "title": _("Median plass")},
        {"field": "lav", "type": "quantitative", "title": _("5. persentil")},
        {"field": "hoy", "type": "quantitative", "title": _("95. persentil")},
        {
            "field": "sannsynlighet",
            "type": "quantitative",
            "title": _("Sannsynlighet for topp %(n)s") % {"n": top_n},
            "format": ".0%",
        },
    ]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "width": "container",
        "height": {"step": 18},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "rule", "color": BAR_COLOUR, "strokeWidth": 3},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "lav",
                        "type": "quantitative",
                        "title": rank_title,
                        "scale": {"zero": False, "domainMin": 1},
                        "axis": {"orient": "top", "tickMinStep": 1, "format": "d"},
                    },
                    "x2": {"field": "hoy"},
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "point", "filled": True, "color": HIGHLIGHT_COLOUR, "size": 50},
                "encoding": {
                    "y": y,
                    "x": {"field": "median", "type": "quantitative"},
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "point", "color": HIGHLIGHT_COLOUR, "size": 90},
                "encoding": {"y": y, "x": {"field": "rang", "type": "quantitative"}},
            },
            {
                "data": {"values": [{"n": top_n + 0.5}]},
                "mark": {"type": "rule", "color": "#b3261e", "strokeDash": [6, 3]},
                "encoding": {"x": {"field": "n", "type": "quantitative"}},
            },
        ],
        "config": {
            "locale": {"number": NORWEGIAN_NUMBERS},
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal"},
        },
    }
