"""Small counts are hidden from anonymous visitors (boso/statistics/suppression.py): on the
fact sheet (table, chart data, CSV, XLSX), the indicator pages and the observations API in
JSON, CSV and JSON-stat. Logged-in users of any role see every figure. Each check reads
the cell it is about, never just the absence of a substring. Made-up figures on real codes."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from boso.accounts.services import api_token_create
from boso.statistics import factsheet, suppression
from boso.statistics.choices import IndicatorKind
from boso.statistics.models import Indicator
from boso.statistics.tests.factories import put_drammen_reforms, put_observation

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 6, 1)
HIDDEN = ":"
EXPLANATION = "Vises ikke av konfidensialitetshensyn"
SHEET = "/kommuner/3301/faktaark/"
API = "/api/v1/observations"


@pytest.fixture(autouse=True)
def _norwegian() -> Iterator[None]:
    with translation.override("nb"):
        yield


@pytest.fixture
def small_counts() -> None:
    """Drammen (3301) with 3 homeless in 2024 and 7 in 2025; Kongsberg (3303) with 4 and
    5; Ringerike (3305) with 5 in 2024; a waiting list of 0; published rates for 2024."""
    put_drammen_reforms()
    put_observation("population", "3301", "2025", 104000)
    for code, people in (("3303", 30000), ("3305", 10000)):
        for year in ("2024", "2025"):
            put_observation("population", code, year, people)
    for code, year, homeless in (
        ("3301", "2024", 3),
        ("3301", "2025", 7),
        ("3303", "2024", 4),
        ("3303", "2025", 5),
        ("3305", "2024", 5),
    ):
        put_observation("homeless", code, year, homeless)
    put_observation("waiting_list", "3301", "2024", 0)
    put_observation("waiting_list", "3301", "2025", 12)
    # As a seed document publishes them: stored beside their parts.
    put_observation("homeless_per_1000", "3301", "2024", "0.03")
    put_observation("homeless_per_1000", "3305", "2024", "0.5")


@pytest.fixture
def reader(users: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(users["reader"])
    return client


@pytest.fixture
def token_client(users: dict[str, Any]) -> Client:
    _token, raw = api_token_create(user=users["coordinator_other"], name="suppression")
    return Client(headers={"Authorization": f"Bearer {raw}"})


# --- Reading what a page or a file shows -------------------------------------------------


class _Rows(HTMLParser):
    """The rows of the HTML tables, each a list of cell texts (th and td)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _section(html: str, slug: str) -> str:
    found = re.search(rf'id="indikator-{slug}".*?</section>', html, re.S)
    assert found, slug
    return found.group(0)


def _table(html: str) -> dict[str, list[str]]:
    """First cell (the period, or a municipality's number) → the row's other cells."""
    parser = _Rows()
    parser.feed(html)
    return {row[0]: row[1:] for row in parser.rows if row}


def _chart(html: str) -> list[dict[str, Any]]:
    found = re.search(
        r'<script type="application/json" data-vega-spec="[^"]+">(.*?)</script>', html, re.S
    )
    assert found
    values: list[dict[str, Any]] = json.loads(found.group(1))["data"]["values"]
    return values


def _sheet_cells(client: Client, slug: str) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    response = client.get(SHEET, {"sammenlign": "3303"})
    assert response.status_code == 200
    section = _section(response.content.decode(), slug)
    return _table(section), _chart(section)


def _csv_rows(content: bytes, delimiter: str = ";") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


# --- The rule --------------------------------------------------------------------------


def test_the_rule_hides_small_counts_and_rates_from_them_but_not_zero() -> None:
    assert not suppression.is_small(Decimal(0))
    assert [suppression.is_small(Decimal(v)) for v in ("0.5", "1", "4.99")] == [True] * 3
    assert not suppression.is_small(Decimal(5))
    assert not suppression.is_small(None)
    assert suppression.applies_to(None)
    homeless = Indicator.objects.get(code="homeless")
    assert suppression.counted_by(homeless) == homeless
    rate = Indicator.objects.select_related("numerator").get(code="homeless_per_1000")
    assert suppression.counted_by(rate) == homeless
    # Kroner are no persons: an amount and a rate of an amount are never hidden.
    for code in (
        "housing_allowance",
        "housing_allowance_per_inhabitant",
        "living_conditions_index",
    ):
        assert suppression.counted_by(Indicator.objects.get(code=code)) is None


def test_a_median_is_hidden_when_taken_from_a_hidden_figure() -> None:
    count = Indicator(code="c", kind=IndicatorKind.COUNT)
    rate = Indicator(code="r", kind=IndicatorKind.RATE)
    d = Decimal
    assert suppression.hides_median(rate, [(d(1), False), (d(2), True), (d(3), False)])
    assert not suppression.hides_median(rate, [(d(1), True), (d(2), False), (d(3), False)])
    assert suppression.hides_median(rate, [(d(1), False), (d(2), True)])  # even: the mean
    # 0 and 6 are both shown, but their median 3 is a small count itself.
    assert suppression.hides_median(count, [(d(0), False), (d(6), False)])
    assert not suppression.hides_median(rate, [(d(0), False), (d(6), False)])


def test_the_region_median_on_the_fact_sheet(small_counts) -> None:
    put_observation("homeless", "3310", "2024", 30)  # Hole: the peers are 4, 5 and 30
    put_observation("homeless", "3310", "2025", 40)  # 5, 40 (and Drammen's own 7)
    public = factsheet.fact_sheet(code="3301", day=TODAY, suppress=True)
    logged_in = factsheet.fact_sheet(code="3301", day=TODAY)

    def median(sheet: factsheet.FactSheet) -> dict[str, object]:
        facts = next(f for f in sheet.facts if f.indicator.code == "homeless")
        series = next(s for s in facts.series if s.role == "median")
        return {p.period: p.value if p.value is not None else p.symbol for p in series.points}

    assert median(logged_in)["2024"] == Decimal(5)
    assert median(public)["2024"] == Decimal(5)  # 4 is hidden, but the median is Ringerike's 5
    assert median(public)["2025"] == median(logged_in)["2025"] == Decimal("22.5")
    put_observation("homeless", "3312", "2024", 2)  # Lier: now 2, 4, 5, 30 → (4 + 5) / 2
    public = factsheet.fact_sheet(code="3301", day=TODAY, suppress=True)
    assert median(public)["2024"] == HIDDEN
    assert median(factsheet.fact_sheet(code="3301", day=TODAY))["2024"] == Decimal("4.5")


def test_a_sum_over_merged_municipalities_is_judged_as_shown(small_counts) -> None:
    """On today's structure Drammen 2019 is 0602 + 0625 + 0711; the sum counts, not its parts."""
    put_observation("waiting_list", "0602", "2019", 2)
    put_observation("waiting_list", "0625", "2019", 1)
    put_observation("waiting_list", "0711", "2019", 3)
    sheet = factsheet.fact_sheet(code="3301", day=TODAY, suppress=True)
    facts = next(f for f in sheet.facts if f.indicator.code == "waiting_list")
    values = {p.period: p.value for p in facts.municipality.points}
    assert values["2019"] == Decimal(6)
    assert values["2024"] == Decimal(0)  # zero stays zero


# --- The fact sheet ----------------------------------------------------------------------


def test_fact_sheet_table_and_chart_hide_small_counts_from_anonymous(small_counts) -> None:
    table, chart = _sheet_cells(Client(), "homeless")
    assert table["2024"][0].startswith(HIDDEN)
    assert EXPLANATION in table["2024"][0]
    assert table["2024"][1].startswith(HIDDEN)  # Kongsberg's 4
    assert table["2025"] == ["7", "5"]
    drawn = {(v["serie"], v["periode"]): v["verdi"] for v in chart}
    assert ("Drammen", "2024") not in drawn
    assert ("Kongsberg", "2024") not in drawn
    assert drawn[("Drammen", "2025")] == 7
    assert drawn[("Kongsberg", "2025")] == 5

    rates, rate_chart = _sheet_cells(Client(), "homeless-per-1000")
    assert rates["2024"][0].startswith(HIDDEN)
    assert rates["2024"][1].startswith(HIDDEN)
    assert rates["2025"] == ["0,07", "0,17"]
    assert {v["periode"] for v in rate_chart if v["serie"] == "Drammen"} == {
        "2018", "2019", "2020", "2023", "2025"
    }  # fmt: skip

    waiting, _chart_values = _sheet_cells(Client(), "waiting-list")
    assert waiting["2024"] == ["0"]


def test_fact_sheet_says_why_figures_are_hidden(small_counts, reader: Client) -> None:
    anonymous = Client().get(SHEET).content.decode()
    assert 'data-testid="suppression-note"' in anonymous
    assert f"<dt>{HIDDEN}</dt><dd>{EXPLANATION}</dd>" in anonymous
    assert 'data-testid="suppression-note"' not in reader.get(SHEET).content.decode()


def test_fact_sheet_shows_logged_in_users_every_figure(small_counts, reader: Client) -> None:
    table, chart = _sheet_cells(reader, "homeless")
    assert table["2024"] == ["3", "4"]
    drawn = {(v["serie"], v["periode"]): v["verdi"] for v in chart}
    assert drawn[("Drammen", "2024")] == 3
    rates, _chart_values = _sheet_cells(reader, "homeless-per-1000")
    assert rates["2024"] == ["0,03", "0,13"]


def _download_row(
    rows: list[dict[str, Any]], code: str, region: str, period: str
) -> dict[str, Any]:
    return next(
        r
        for r in rows
        if r["indikator"] == code and r["regionkode"] == region and r["periode"] == period
    )


def test_fact_sheet_csv_hides_small_counts_from_anonymous(small_counts, reader: Client) -> None:
    url = "/kommuner/3301/faktaark.csv?sammenlign=3303"
    rows = _csv_rows(Client().get(url).content)
    for code, region in (("homeless", "3301"), ("homeless", "3303"), ("homeless_per_1000", "3301")):
        row = _download_row(rows, code, region, "2024")
        assert (row["verdi"], row["status"], row["forklaring"]) == ("", HIDDEN, EXPLANATION)
    assert _download_row(rows, "homeless", "3301", "2025")["verdi"] == "7"
    assert _download_row(rows, "waiting_list", "3301", "2024")["verdi"] == "0"
    shown = _csv_rows(reader.get(url).content)
    row = _download_row(shown, "homeless", "3301", "2024")
    assert (row["verdi"], row["status"]) == ("3", "")


def _xlsx_rows(content: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    book = load_workbook(io.BytesIO(content))
    data = list(book.worksheets[0].iter_rows(values_only=True))
    header = [str(h) for h in data[0]]
    about = [str(r[0]) for r in book.worksheets[1].iter_rows(values_only=True)]
    return [dict(zip(header, r, strict=True)) for r in data[1:]], about


def test_fact_sheet_xlsx_hides_small_counts_from_anonymous(small_counts, reader: Client) -> None:
    url = "/kommuner/3301/faktaark.xlsx?sammenlign=3303"
    rows, about = _xlsx_rows(Client().get(url).content)
    for code, region in (("homeless", "3301"), ("homeless", "3303"), ("homeless_per_1000", "3301")):
        row = _download_row(rows, code, region, "2024")
        assert (row["verdi"], row["status"]) == (None, HIDDEN)
    assert _download_row(rows, "homeless", "3301", "2025")["verdi"] == 7
    assert _download_row(rows, "homeless", "3303", "2025")["verdi"] == 5
    assert suppression.note() in about
    shown, about = _xlsx_rows(reader.get(url).content)
    assert _download_row(shown, "homeless", "3301", "2024")["verdi"] == 3
    assert _download_row(shown, "homeless", "3303", "2024")["verdi"] == 4
    assert suppression.note() not in about


# --- The indicator pages -----------------------------------------------------------------


def _ranking(client: Client, code: str) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    response = client.get(f"/statistikk/indikatorer/{code}/", {"periode": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    table = re.search(r'data-testid="ranking-table".*?</table>', html, re.S)
    assert table
    return _table(table.group(0)), _chart(html)


def test_indicator_page_hides_small_counts_from_anonymous(small_counts, reader: Client) -> None:
    table, chart = _ranking(Client(), "homeless")
    assert table["3301"][1].startswith(HIDDEN)
    assert table["3303"][1].startswith(HIDDEN)
    assert table["3305"][1] == "5"
    assert {v["kode"] for v in chart} == {"3305"}
    table, chart = _ranking(reader, "homeless")
    assert [table[c][1] for c in ("3301", "3303", "3305")] == ["3", "4", "5"]
    assert {v["kode"]: v["verdi"] for v in chart}["3301"] == 3


def test_indicator_page_hides_a_rate_of_a_small_count(small_counts, reader: Client) -> None:
    table, chart = _ranking(Client(), "homeless_per_1000")
    assert table["3301"][1].startswith(HIDDEN)
    assert table["3303"][1].startswith(HIDDEN)
    assert table["3305"][1] == "0,50"
    assert {v["kode"] for v in chart} == {"3305"}
    table, _chart_values = _ranking(reader, "homeless_per_1000")
    assert table["3301"][1] == "0,03"


# --- The API -------------------------------------------------------------------------


def _items(client: Client, **params: str) -> dict[tuple[str, str, str], dict[str, Any]]:
    response = client.get(API, {"limit": "1000", **params})
    assert response.status_code == 200, response.content
    return {(i["indicator"], i["region"], i["period"]): i for i in response.json()["items"]}


@pytest.mark.parametrize("structure", ["", "2025"])
def test_api_json_hides_small_counts_from_anonymous(small_counts, structure: str) -> None:
    items = _items(
        Client(),
        indicator="homeless,homeless_per_1000,waiting_list",
        region="3301,3303,3305",
        period="2024-2025",
        structure=structure,
    )
    for key in (
        ("homeless", "3301", "2024"),
        ("homeless", "3303", "2024"),
        ("homeless_per_1000", "3301", "2024"),
    ):
        assert (items[key]["value"], items[key]["status"]) == (None, HIDDEN), key
    assert items[("homeless", "3301", "2025")]["value"] == 7
    assert items[("homeless", "3305", "2024")]["value"] == 5
    assert items[("homeless_per_1000", "3305", "2024")]["value"] == 0.5
    assert items[("waiting_list", "3301", "2024")]["value"] == 0


@pytest.mark.parametrize("who", ["session", "token"])
def test_api_shows_logged_in_callers_every_figure(
    small_counts, reader: Client, token_client: Client, who: str
) -> None:
    client = reader if who == "session" else token_client
    for structure in ("", "2025"):
        items = _items(
            client, indicator="homeless,homeless_per_1000", region="3301", structure=structure
        )
        assert items[("homeless", "3301", "2024")]["value"] == 3
        assert items[("homeless_per_1000", "3301", "2024")]["status"] == ""
    assert (
        _items(client, indicator="homeless_per_1000", region="3301")[
            ("homeless_per_1000", "3301", "2024")
        ]["value"]
        == 0.03
    )


@pytest.mark.parametrize("structure", ["", "2025"])
def test_api_csv_hides_small_counts_from_anonymous(
    small_counts, reader: Client, structure: str
) -> None:
    params = {"indicator": "homeless,homeless_per_1000", "format": "csv", "structure": structure}

    def cells(client: Client) -> dict[tuple[str, str, str], tuple[str, str]]:
        content = b"".join(client.get(API, params).streaming_content)  # type: ignore[attr-defined]
        return {
            (r["indicator"], r["region"], r["period"]): (r["value"], r["status"])
            for r in _csv_rows(content)
        }

    public = cells(Client())
    assert public[("homeless", "3301", "2024")] == ("", HIDDEN)
    assert public[("homeless", "3303", "2024")] == ("", HIDDEN)
    assert public[("homeless_per_1000", "3301", "2024")] == ("", HIDDEN)
    assert public[("homeless", "3301", "2025")] == ("7", "")
    assert public[("homeless", "3305", "2024")] == ("5", "")
    assert cells(reader)[("homeless", "3301", "2024")] == ("3", "")


def _jsonstat_cell(dataset: dict[str, Any], region: str, period: str) -> tuple[Any, str]:
    """The value and status of one cell of a [Region, ContentsCode, Tid] dataset."""
    assert dataset["id"] == ["Region", "ContentsCode", "Tid"]
    index = {d: dataset["dimension"][d]["category"]["index"] for d in dataset["id"]}
    size = dataset["size"]
    i = (index["Region"][region] * size[1] + 0) * size[2] + index["Tid"][period]
    return dataset["value"][i], dataset.get("status", {}).get(str(i), "")


@pytest.mark.parametrize("code", ["homeless", "homeless_per_1000"])
def test_api_jsonstat_hides_small_counts_from_anonymous(
    small_counts, reader: Client, code: str
) -> None:
    params = {"indicator": code, "format": "jsonstat", "region": "3301,3303,3305"}

    def dataset(client: Client, structure: str) -> dict[str, Any]:
        response = client.get(API, {**params, "structure": structure})
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        found: dict[str, Any] = json.loads(content)
        return found

    for structure in ("", "2025"):
        public = dataset(Client(), structure)
        assert _jsonstat_cell(public, "3301", "2024") == (None, HIDDEN)
        shown = _jsonstat_cell(dataset(reader, structure), "3301", "2024")
        assert shown[0] is not None
        assert shown[1] == ""
        assert shown[0] == (3 if code == "homeless" else pytest.approx(0.03, abs=0.001))
    public = dataset(Client(), "")
    if code == "homeless":
        assert _jsonstat_cell(public, "3303", "2024") == (None, HIDDEN)
        assert _jsonstat_cell(public, "3305", "2024") == (5, "")
    else:
        assert _jsonstat_cell(public, "3305", "2024") == (0.5, "")
