"""The fact sheet in a real browser: figures, SVG charts drawn under the CSP, the table
view, another municipality structure, a CSV download and an indicator page.

Every page is screenshotted and scanned with axe-core, and the journey fails on any
console error (a CSP refusal from Vega would be one). Kilde: Statistisk sentralbyrå.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from boso.statistics.importers import parse_source
from boso.statistics.models import ImportProfile, Indicator, Observation
from boso.statistics.services import statistics_import
from boso.tests.browser.test_journeys import PHONE, Journey, heading

POPULATION = (
    settings.SHARED_DIR
    / "data"
    / "jsonstat"
    / "ssb"
    / "ssb_07459_befolkning_region-1130-strand_1986-2026.json"
)
# Round made-up figures on Drammen's real numbers across the 2020 and 2024 reforms, a few
# other municipalities of region sør (for the median) and the country.
FIGURES: dict[str, dict[str, dict[str, int | None]]] = {
    "population": {
        "0602": {"2018": 68000, "2019": 68500},
        "0625": {"2018": 25000, "2019": 25100},
        "0711": {"2018": 7000, "2019": 7050},
        "3005": {"2020": 101000, "2021": 101500, "2022": 102000, "2023": 102500},
        "3301": {"2024": 103000, "2025": 103500},
        "3303": {"2024": 27000, "2025": 27100},
        "3305": {"2024": 30500, "2025": 30600},
        "4204": {"2024": 116000, "2025": 117000},
        "0": {"2024": 5550000, "2025": 5594000},
    },
    "homeless": {
        "0602": {"2018": 80},
        "0625": {"2018": 10},
        "0711": {"2018": 10},
        "3005": {"2020": 95},
        "3301": {"2024": 90, "2025": None},
        "3303": {"2024": 20},
        "3305": {"2024": 25},
        "4204": {"2024": 140},
        "0": {"2024": 3300},
    },
}


def _put(code: str, region: str, period: str, value: int | None) -> None:
    Observation.objects.update_or_create(
        indicator=Indicator.objects.get(code=code),
        region=region,
        period=period,
        dimension_key="",
        defaults={
            "period_start": datetime.date(int(period), 1, 1),
            "value": None if value is None else Decimal(value),
            "status": ".." if value is None else "",
            "updated_at": timezone.now(),
        },
    )


@pytest.fixture
def figures(demo_data: None) -> None:
    population = Indicator.objects.get(code="population")
    if not Observation.objects.filter(indicator=population, region="1130").exists():
        profile, _ = ImportProfile.objects.get_or_create(
            name="ssb-07459-faktaark",
            defaults={"table_id": "07459", "indicators": {"Personer1": "population"}},
        )
        table = parse_source(POPULATION.read_bytes())
        statistics_import(table=table, source=POPULATION.name, profile=profile)
    for code, regions in FIGURES.items():
        for region, values in regions.items():
            for period, value in values.items():
                _put(code, region, period, value)


def _chart(page: Page, slug: str) -> None:
    """The chart is drawn as SVG by vega-embed (not left as the no-JavaScript text)."""
    chart = page.locator(f"#chart-{slug}")
    expect(chart.locator("svg")).to_be_visible()
    expect(chart).to_have_attribute("data-chart-ready", "true")
    expect(chart.locator(".chart__fallback")).to_have_count(0)


def _key_figure(page: Page, name: str) -> Locator:
    return page.get_by_test_id("key-figure").filter(has=page.get_by_role("heading", name=name))


@pytest.mark.browser
def test_visitor_reads_fact_sheets_and_downloads_figures(
    page: Page, figures: None, tmp_path: Path
) -> None:
    journey = Journey(page)

    # Strand, from its municipality page: the population from SSB's table 07459.
    page.goto("/kommuner/1130/")
    page.get_by_role("link", name="Boligsosialt faktaark for Strand").click()
    expect(heading(page)).to_have_text("Boligsosialt faktaark: Strand")
    population = _key_figure(page, "Folkemengde")
    expect(population).to_contain_text("13\u00a0959")
    expect(population).to_contain_text("Siste tall: 2026")
    _chart(page, "population")
    # A point's tooltip (vega-tooltip, styled by charts.css: the CSP allows no inline style).
    page.locator("#chart-population g.mark-symbol.role-mark path").last.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("13\u00a0959")
    caption = page.locator("#indikator-population figcaption")
    expect(caption).to_contain_text("Kilde: Statistisk sentralbyrå, tabell 07459.")
    journey.checkpoint("factsheet-1130-strand")

    # The table view of the chart, for screen readers and for the exact figures.
    section = page.locator("#indikator-population")
    section.get_by_text("Tabell: Folkemengde").click()
    table = section.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").filter(has_text="2026")).to_contain_text("13\u00a0959")
    expect(table.locator("tbody tr")).to_have_count(41)
    journey.checkpoint("factsheet-1130-strand-table")

    # Drammen across two reforms, compared with region sør's median and the country.
    page.goto("/kommuner/3301/faktaark/")
    expect(heading(page)).to_have_text("Boligsosialt faktaark: Drammen")
    expect(_key_figure(page, "Folkemengde")).to_contain_text("103\u00a0500")
    expect(_key_figure(page, "Folkemengde")).to_contain_text("Endring fra 2024:")
    homeless = page.get_by_test_id("key-figure").filter(
        has=page.get_by_role("heading", name="Bostedsløse", exact=True)
    )
    expect(homeless).to_contain_text("2025: .. (tall mangler)")
    _chart(page, "population")
    _chart(page, "homeless-per-1000")
    rate = page.locator("#indikator-homeless-per-1000")
    rate.get_by_text("Tabell: Bostedsløse per 1000 innbyggere").click()
    header = rate.get_by_role("table").locator("thead")
    expect(header).to_contain_text("Median for Region sør")
    expect(header).to_contain_text("Hele landet")
    # 2018: (80 + 10 + 10) / (68 000 + 25 000 + 7 000) × 1000, summed over the merged units.
    expect(rate.get_by_role("row", name="2018")).to_contain_text("1,00")
    journey.checkpoint("factsheet-3301-drammen")

    # The same municipality on the 2019 structure: 0602 Drammen, before the merger.
    page.get_by_label("Vis på kommuneinndeling").select_option(label="Kommuneinndeling 2019")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page).to_have_url(re.compile(r"/kommuner/0602/faktaark/\?struktur=2019"))
    expect(heading(page)).to_have_text("Boligsosialt faktaark: Drammen")
    expect(_key_figure(page, "Folkemengde")).to_contain_text("68\u00a0500")
    expect(page.get_by_text("Kommuneinndeling 2019, per 01.01.2019")).to_be_visible()
    _chart(page, "population")
    journey.checkpoint("factsheet-0602-drammen-2019")

    # The figures as CSV, with the structure chosen.
    with page.expect_download() as caught:
        page.get_by_role("link", name="Last ned tallene (CSV)").click()
    download = caught.value
    assert download.suggested_filename.startswith("faktaark-0602-drammen-2019-01-01")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text("utf-8-sig")), delimiter=";"))
    first = next(r for r in rows if r["indikator"] == "population" and r["periode"] == "2018")
    assert (first["serie"], first["verdi"]) == ("Drammen", "68000")

    # Every municipality for one period, from the indicator page.
    page.goto("/kommuner/3301/faktaark/")
    page.get_by_role("link", name="Bostedsløse per 1000 innbyggere for alle kommuner").click()
    expect(heading(page)).to_have_text("Bostedsløse per 1000 innbyggere")
    ranking = page.get_by_test_id("ranking-table")
    expect(ranking.locator("tr.is-highlighted")).to_contain_text("Drammen")
    _chart(page, "ranking")
    ranking.get_by_role("link", name="Kommune").click()
    expect(page.get_by_test_id("ranking-table").locator("th[aria-sort=ascending]")).to_have_count(1)
    journey.checkpoint("indicator-homeless-per-1000")

    page.get_by_role("link", name="Indikatorer", exact=True).click()
    expect(heading(page)).to_have_text("Indikatorer")
    expect(page.get_by_role("link", name="Bostedsløse per 1000 innbyggere")).to_be_visible()
    journey.checkpoint("indicator-list")

    page.set_viewport_size(PHONE)
    page.goto("/kommuner/3301/faktaark/")
    _chart(page, "population")
    journey.checkpoint("factsheet-3301-drammen-phone")
    journey.finish()
