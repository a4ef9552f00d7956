"""The fact sheet and indicator pages: figures on any structure, peers, symbols, downloads
and a query count that does not grow with the data (Kilde: Statistisk sentralbyrå)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from boso.statistics import factsheet, figures, indicator_pages
from boso.statistics.harmonise import Harmoniser, harmonised_many, harmonised_series
from boso.statistics.importers import parse_source
from boso.statistics.models import ImportProfile, Indicator, Observation
from boso.statistics.services import statistics_import
from boso.statistics.tests.factories import put_drammen_reforms, put_observation

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2025, 6, 1)
SSB = settings.SHARED_DIR / "data" / "jsonstat" / "ssb"
POPULATION = SSB / "ssb_07459_befolkning_region-1130-strand_1986-2026.json"
KOSTRA = SSB / "ssb_12362_kostra-utgifter-funksjon_region-1130-strand_2015-2024.json"


@pytest.fixture(autouse=True)
def _norwegian() -> Iterator[None]:
    """Bokmål, whatever language an earlier test's request left active in this thread."""
    with translation.override("nb"):
        yield


def _import(path: Path, profile: ImportProfile | None = None) -> None:
    statistics_import(table=parse_source(path.read_bytes()), source=path.name, profile=profile)


@pytest.fixture
def strand() -> None:
    """Strand's population (07459, into the catalogue's population) and KOSTRA (12362)."""
    profile = ImportProfile.objects.create(
        name="ssb-07459", table_id="07459", indicators={"Personer1": "population"}
    )
    _import(POPULATION, profile)
    _import(KOSTRA)


@pytest.fixture
def drammen() -> None:
    """Round made-up figures on Drammen's real codes across the 2020 and 2024 reforms."""
    put_drammen_reforms()
    put_observation("homeless", "3301", "2024", None, "..")
    put_observation("homeless", "3301", "2025", 99)


def _facts(sheet: factsheet.FactSheet, code: str) -> factsheet.IndicatorFacts:
    return next(f for f in sheet.facts if f.indicator.code == code)


def _values(facts: factsheet.IndicatorFacts, role: str = "municipality") -> dict[str, object]:
    series = next(s for s in facts.series if s.role == role)
    return {p.period: p.value if p.value is not None else p.symbol for p in series.points}


# --- Structures --------------------------------------------------------------------------


def test_structure_is_a_date_or_a_year() -> None:
    assert figures.structure_day("2019") == D(2019, 1, 1)
    assert figures.structure_day("2019-06-30") == D(2019, 6, 30)
    assert figures.structure_day("30.06.2019") == D(2019, 6, 30)
    assert figures.structure_day("", today=TODAY) == TODAY
    for bad in ("neste år", "2019-13-01", "0999"):
        with pytest.raises(figures.StructureError):
            figures.structure_day(bad)


# --- The fact sheet -------------------------------------------------------------------


def test_strand_shows_its_population_with_latest_value_and_change(strand) -> None:
    sheet = factsheet.fact_sheet(code="1130", day=TODAY)
    assert sheet.place.name == "Strand"
    assert sheet.region is not None
    assert sheet.region.slug == "vest"
    population = sheet.facts[0]
    assert population.indicator.code == "population"
    assert population.latest is not None
    assert population.latest.period == "2026"
    assert population.latest.value == Decimal(13959)
    assert population.previous is not None
    assert population.previous.period == "2025"
    assert population.previous.value is not None
    assert population.change == Decimal(13959) - population.previous.value
    assert population.change_percent is not None
    assert len(population.rows) == 41
    # KOSTRA has function × type of expense: listed, not drawn.
    assert [t.indicator.code for t in sheet.other_tables] == ["12362.KOSbelop0000"]
    assert sheet.other_tables[0].series == 485


def test_drammen_reads_continuously_across_two_reforms(drammen) -> None:
    sheet = factsheet.fact_sheet(code="3301", day=TODAY)
    population = _facts(sheet, "population")
    assert _values(population) == {
        "2018": Decimal(100000),
        "2019": Decimal(100000),
        "2020": Decimal(101000),
        "2023": Decimal(101000),
        "2024": Decimal(103000),
    }
    # The rate is recomputed from the summed parts: (80 + 10 + 10) / 100 000 × 1000.
    rate = _facts(sheet, "homeless_per_1000")
    assert _values(rate)["2018"] == Decimal(1)
    # A missing count keeps its symbol, in the count and in the rate: never 0.
    assert _values(_facts(sheet, "homeless"))["2024"] == ".."
    assert _values(rate)["2024"] == ".."
    assert sheet.symbols == [("..", "Tall mangler")]


def test_a_sum_with_parts_missing_is_not_shown_as_the_whole(drammen) -> None:
    put_observation("population", "0602", "2008", 60000)  # 0625 and 0711 have no figure for 2008
    sheet = factsheet.fact_sheet(code="3301", day=TODAY)
    population = _facts(sheet, "population")
    first = population.municipality.points[0]
    assert (first.period, first.value, first.symbol) == ("2008", None, "..")
    assert first.missing == ("0625 Nedre Eiker", "0711 Svelvik")
    assert "0625 Nedre Eiker og 0711 Svelvik" in population.notes[0]
    # On the structure of the time the figure is Drammen's own.
    older = factsheet.fact_sheet(code="0602", day=D(2008, 1, 1))
    assert _values(_facts(older, "population"))["2008"] == Decimal(60000)
    page = indicator_pages.indicator_page(
        indicator=indicator_pages.indicator_get("population"), day=TODAY, period="2008"
    )
    assert [(r.place.code, r.cell.text) for r in page.rows] == [("3301", "..")]
    assert page.partial == 1


def test_on_an_older_structure_the_merged_unit_is_not_carried_back(drammen) -> None:
    sheet = factsheet.fact_sheet(code="0602", day=D(2019, 1, 1))
    population = _facts(sheet, "population")
    values = _values(population)
    assert values["2018"] == Decimal(68000)
    assert values["2020"] == factsheet.NOT_COMPARABLE
    assert population.latest is not None
    assert population.latest.period == "2019"
    assert population.notes


def test_a_number_not_on_the_structure_names_the_same_municipality_then(drammen) -> None:
    with pytest.raises(figures.NotOnStructure) as caught:
        factsheet.fact_sheet(code="3301", day=D(2019, 1, 1))
    assert caught.value.alternative == "0602"
    with pytest.raises(figures.NotOnStructure) as caught:
        factsheet.fact_sheet(code="9999", day=TODAY)
    assert caught.value.alternative is None


def test_peers_default_to_the_region_median_and_the_country(drammen) -> None:
    put_observation("population", "3303", "2024", 30000)  # Kongsberg, region sør
    put_observation("population", "3305", "2024", 10000)  # Ringerike
    put_observation("population", "3310", "2024", 1000)  # Hole
    put_observation("homeless", "3303", "2024", 30)
    put_observation("homeless", "3305", "2024", 30)
    put_observation("homeless", "3310", "2024", 3)
    put_observation("homeless", "0", "2024", 3000)
    put_observation("population", "0", "2024", 5500000)
    sheet = factsheet.fact_sheet(code="3301", day=TODAY)
    assert not sheet.peers.chosen
    assert "3301" not in {m.code for m in sheet.peers.members}
    assert {"3303", "3305", "3310"} <= {m.code for m in sheet.peers.members}
    population = _facts(sheet, "population")
    assert [s.role for s in population.series] == ["municipality", "median"]
    assert _values(population, "median")["2024"] == Decimal(10000)
    assert population.country_left_out
    rate = _facts(sheet, "homeless_per_1000")
    assert [s.role for s in rate.series] == ["municipality", "median", "country"]
    # Median of the peers' own rates (1, 3 and 3 per 1000), not of their counts.
    assert _values(rate, "median")["2024"] == Decimal(3)
    assert _values(rate, "country")["2024"] == Decimal(3000) / Decimal(5500000) * 1000


def test_chosen_peers_are_drawn_each(drammen) -> None:
    put_observation("population", "3303", "2024", 30000)
    sheet = factsheet.fact_sheet(code="3301", day=TODAY, chosen=["3303", "3301", "9999", "x"])
    assert sheet.peers.chosen
    assert [m.code for m in sheet.peers.members] == ["3303"]
    assert sheet.peers.unknown == ["9999", "x"]
    population = _facts(sheet, "population")
    assert [(s.role, s.label) for s in population.series] == [
        ("municipality", "Drammen"),
        ("peer", "Kongsberg"),
    ]


def test_key_indicators_come_in_the_default_order(drammen, strand) -> None:
    put_observation("rent_arrears", "3301", "2024", 12)
    put_observation("waiting_list", "3301", "2024", 40)
    put_observation("start_loans_count", "3301", "2024", 200)
    sheet = factsheet.fact_sheet(code="3301", day=TODAY)
    assert [f.indicator.code for f in sheet.facts] == [
        "population",
        "homeless",
        "homeless_per_1000",
        "start_loans_count",
        "waiting_list",
        "rent_arrears",
    ]


def test_bulk_harmonisation_equals_harmonised_series(drammen) -> None:
    indicators = [
        i
        for i in figures.indicators_in_order()
        if i.code in ("population", "homeless", "homeless_per_1000")
    ]
    for day in (TODAY, D(2019, 1, 1), D(2021, 6, 1)):
        bulk = harmonised_many(
            indicators=indicators, harmoniser=Harmoniser(structure=day), regions=None
        )
        for indicator in indicators:
            assert bulk[indicator.pk] == harmonised_series(indicator=indicator, structure=day)
        regions = ["3301", "0602", "3005"]
        some = harmonised_many(
            indicators=indicators, harmoniser=Harmoniser(structure=day), regions=regions
        )
        for indicator in indicators:
            expected = harmonised_series(indicator=indicator, structure=day, regions=regions)
            assert some[indicator.pk] == expected


def _more_data(years: range, municipalities: list[str]) -> None:
    for code in ("homeless", "waiting_list", "rent_arrears", "start_loans_count"):
        indicator = Indicator.objects.get(code=code)
        Observation.objects.bulk_create(
            [
                Observation(
                    indicator=indicator,
                    region=region,
                    period=str(year),
                    period_start=D(year, 1, 1),
                    value=Decimal(year % 7 + 1),
                    updated_at=timezone.now(),
                )
                for region in municipalities
                for year in years
            ],
            ignore_conflicts=True,
        )


def test_query_count_does_not_grow_with_the_data(drammen) -> None:
    client = Client()
    _more_data(range(2020, 2022), ["3301"])
    with CaptureQueriesContext(connection) as small:
        assert client.get("/kommuner/3301/faktaark/").status_code == 200
    region_sor = ["3301", "3303", "3305", "3310", "3312", "3314", "4001", "4003", "4201", "4204"]
    _more_data(range(2008, 2020), region_sor)
    _more_data(range(2022, 2026), region_sor)
    for code in ("housing_allowance", "municipal_dwellings", "start_loans_amount"):
        put_observation(code, "3301", "2024", 5)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/kommuner/3301/faktaark/?sammenlign=3303,3305,4204")
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as large_default:
        assert client.get("/kommuner/3301/faktaark/").status_code == 200
    assert len(large_default) == len(small), [q["sql"][:90] for q in large_default]
    assert len(large) <= len(small) + 2  # chosen peers: the region is looked up once more
    assert len(small) <= 16


def test_indicator_page_query_count_does_not_grow(drammen) -> None:
    client = Client()
    with CaptureQueriesContext(connection) as small:
        assert client.get("/statistikk/indikatorer/homeless_per_1000/").status_code == 200
    _more_data(range(2008, 2026), ["3301", "3303", "3305", "3310", "4204", "4001"])
    for region in ("3303", "3305", "3310", "4204", "4001"):
        put_observation("population", region, "2025", 20000)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/statistikk/indikatorer/homeless_per_1000/").status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 14


# --- The indicator pages -------------------------------------------------------------


def test_indicator_page_lists_every_municipality_for_a_period_sorted(drammen) -> None:
    put_observation("homeless", "3303", "2025", 30)
    put_observation("homeless", "3305", "2025", None, ":")
    put_observation("homeless", "0", "2025", 3000)
    indicator = indicator_pages.indicator_get("homeless")
    page = indicator_pages.indicator_page(indicator=indicator, day=TODAY, highlight="3301")
    assert page.period == "2025"
    assert page.periods[:2] == ["2025", "2024"]
    assert [(r.place.code, r.cell.text) for r in page.rows] == [
        ("3301", "99"),
        ("3303", "30"),
        ("3305", ":"),
    ]
    assert page.rows[0].highlighted
    assert page.country is not None
    assert page.country.value == Decimal(3000)
    assert page.symbols == [(":", "Vises ikke av konfidensialitetshensyn")]
    assert page.spec is not None
    by_name = indicator_pages.indicator_page(indicator=indicator, day=TODAY, sort="navn")
    assert [r.place.name for r in by_name.rows] == ["Drammen", "Kongsberg", "Ringerike"]
    older = indicator_pages.indicator_page(indicator=indicator, day=D(2019, 1, 1), period="2018")
    assert [(r.place.code, r.point.value) for r in older.rows] == [
        ("0602", Decimal(80)),
        ("0625", Decimal(10)),
        ("0711", Decimal(10)),
    ]


def test_indicator_page_for_a_table_with_dimensions(strand) -> None:
    indicator = indicator_pages.indicator_get("12362.KOSbelop0000")
    page = indicator_pages.indicator_page(indicator=indicator, day=TODAY)
    assert len(page.dimension_keys) == 485
    assert page.dimension_key == page.dimension_keys[0]
    assert page.period == "2024"
    assert [r.place.code for r in page.rows] == ["1130"]
    chosen = "KOKart0000=AGD2;KOKfunksjon0000=265"
    page = indicator_pages.indicator_page(indicator=indicator, day=TODAY, dimension_key=chosen)
    assert page.dimension_key == chosen


def test_catalogue_lists_spans(strand) -> None:
    entries = {e.indicator.code: e for e in indicator_pages.indicator_catalogue()}
    assert entries["population"].first == D(1986, 1, 1)
    assert entries["population"].last == D(2026, 1, 1)
    assert entries["population"].catalogue
    assert not entries["12362.KOSbelop0000"].catalogue
    assert entries["homeless"].figures == 0


# --- Views -------------------------------------------------------------------------------


def test_fact_sheet_page_shows_figures_symbols_and_sources(drammen) -> None:
    html = Client().get("/kommuner/3301/faktaark/").content.decode()
    assert "Boligsosialt faktaark: Drammen" in html
    assert "103\u00a0000" in html
    assert 'data-vega-spec="chart-population"' in html
    assert 'title="Tall mangler"' in html
    assert "Kilde: Statistisk sentralbyrå" in html
    assert "NIBR, kartlegging av bostedsløse" in html
    assert "<script>" not in html  # no inline scripts: the CSP refuses them


def test_switching_structure_redirects_to_the_number_of_then(drammen) -> None:
    response = Client().get("/kommuner/3301/faktaark/?struktur=2019")
    assert response.status_code == 302
    assert response["Location"] == "/kommuner/0602/faktaark/?struktur=2019"
    response = Client().get("/kommuner/3301/faktaark.csv?struktur=2019")
    assert response["Location"] == "/kommuner/0602/faktaark.csv?struktur=2019"


def test_bad_structure_and_unknown_numbers(drammen) -> None:
    client = Client()
    bad = client.get("/kommuner/3301/faktaark/?struktur=igår")
    assert bad.status_code == 400
    assert "«igår» er ikke en dato eller et årstall" in bad.content.decode()
    assert client.get("/kommuner/3301/faktaark/?struktur=1900").status_code == 400
    assert client.get("/kommuner/9999/faktaark/").status_code == 404
    assert client.get("/statistikk/indikatorer/nothing/").status_code == 404


def test_csv_download_keeps_symbols_and_decimal_commas(drammen) -> None:
    response = Client().get("/kommuner/3301/faktaark.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="faktaark-3301-drammen-' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    missing = next(r for r in rows if r["indikator"] == "homeless" and r["periode"] == "2024")
    assert (missing["verdi"], missing["status"], missing["forklaring"]) == (
        "",
        "..",
        "Tall mangler",
    )
    rate = next(r for r in rows if r["indikator"] == "homeless_per_1000" and r["periode"] == "2018")
    assert rate["verdi"] == "1,00"
    assert rate["serie"] == "Drammen"


def test_xlsx_download_has_numbers_as_numbers(drammen) -> None:
    response = Client().get("/kommuner/3301/faktaark.xlsx?sammenlign=3303")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Tall"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["indikator", "indikatornavn", "enhet"]
    values = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "population"]
    assert (values[0][5], values[0][6]) == ("2018", 100000)
    about = [row[0] for row in book["Om tallene"].iter_rows(values_only=True)]
    assert any("Statistisk sentralbyrå" in line for line in about)


def test_indicator_pages_render(drammen, strand) -> None:
    client = Client()
    listing = client.get("/statistikk/indikatorer/").content.decode()
    assert "Folkemengde" in listing
    assert "1986–2026" in listing
    page = client.get("/statistikk/indikatorer/homeless/?sorter=navn&kommune=3301")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'aria-sort="ascending"' in html
    assert 'class="is-highlighted"' in html
    kostra = client.get(
        "/statistikk/indikatorer/12362.KOSbelop0000/?utvalg=KOKart0000%3DAGD2%3BKOKfunksjon0000%3D265"
    )
    assert kostra.status_code == 200


def test_english_names_in_the_english_ui(drammen) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/kommuner/3301/faktaark/").content.decode()
    assert "Homeless per 1,000 inhabitants" in html
