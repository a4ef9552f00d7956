"""Vega-Lite specs for the page and their SVG for documents (vl-convert)."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from boso.statistics import charts

D = datetime.date


@pytest.fixture(autouse=True)
def _norwegian() -> Iterator[None]:
    """Bokmål, whatever language an earlier test's request left active in this thread."""
    with translation.override("nb"):
        yield


def _series() -> list[charts.ChartSeries]:
    strand = [
        charts.ChartPoint(str(y), D(y, 1, 1), Decimal(12000 + 100 * (y - 2015)))
        for y in range(2015, 2025)
    ]
    strand.append(charts.ChartPoint("2025", D(2025, 1, 1), None))  # "..": left out of the line
    median = [charts.ChartPoint(str(y), D(y, 1, 1), Decimal("8500.5")) for y in range(2015, 2025)]
    return [
        charts.ChartSeries("Strand", "municipality", strand),
        charts.ChartSeries("Median for Region vest", "median", median),
    ]


def test_trend_spec_is_plain_json_with_inline_data_and_norwegian_locale() -> None:
    spec = charts.trend_spec(
        unit="Personer", decimals=0, series=_series(), description="Folkemengde i Strand"
    )
    assert json.loads(json.dumps(spec)) == spec
    assert spec["$schema"].endswith("/v6.json")
    assert spec["config"]["locale"]["number"] == {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0kr"],
    }
    values = spec["data"]["values"]
    assert len(values) == 20
    assert values[0] == {
        "serie": "Strand",
        "periode": "2015",
        "dato": "2015-01-01",
        "verdi": 12000.0,
    }
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Strand", "Median for Region vest"]
    assert spec["encoding"]["x"]["title"] == "År"
    assert spec["encoding"]["y"]["axis"]["format"] == ",.0f"
    assert spec["description"] == "Folkemengde i Strand"


def test_axis_titles_follow_the_language() -> None:
    with translation.override("en"):
        spec = charts.trend_spec(unit="", decimals=1, series=_series(), description="x")
    assert spec["encoding"]["x"]["title"] == "Year"
    assert spec["encoding"]["y"]["title"] == "Value"


def test_ranking_spec_highlights_and_draws_the_country() -> None:
    items = [
        charts.BarItem("1130", "Strand", Decimal("1.25"), highlighted=True),
        charts.BarItem("3301", "Drammen", Decimal("2.5")),
    ]
    spec = charts.ranking_spec(
        unit="Per 1000 innbyggere",
        decimals=2,
        items=items,
        reference=Decimal("1.9"),
        reference_label="Hele landet",
        description="Bostedsløse per 1000 innbyggere",
    )
    assert [v["valgt"] for v in spec["data"]["values"]] == [True, False]
    assert spec["layer"][1]["data"]["values"] == [{"verdi": 1.9, "navn": "Hele landet"}]


def test_spec_to_svg_writes_norwegian_numbers() -> None:
    spec = charts.trend_spec(
        unit="Personer", decimals=0, series=_series(), description="Folkemengde i Strand"
    )
    svg = charts.spec_to_svg(spec)
    assert svg.startswith("<svg")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "12\u00a0000" in texts  # a y-axis label with a no-break space between thousands
    assert "2020" in texts
    assert "Strand" in texts
    assert "Personer" in texts


def test_script_json_cannot_close_the_script_element() -> None:
    text = charts.script_json({"description": "</script><script>alert(1)</script> & more"})
    assert "</script>" not in text
    assert json.loads(text)["description"].startswith("</script>")
