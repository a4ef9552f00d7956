"""The statistics API on SSB's real files (Kilde: Statistisk sentralbyrå): JSON, CSV,
JSON-stat 2.0 read back by the importer, and series on a chosen municipality structure."""

import csv
import io
import json
import math
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pyjstat import pyjstat

from boso.statistics.importers import parse_source
from boso.statistics.models import ImportProfile, Indicator, Observation
from boso.statistics.periods import parse_period
from boso.statistics.services import statistics_import

pytestmark = pytest.mark.django_db

SSB = settings.SHARED_DIR / "data" / "jsonstat" / "ssb"
POPULATION = SSB / "ssb_07459_befolkning_region-1130-strand_1986-2026.json"
KOSTRA = SSB / "ssb_12362_kostra-utgifter-funksjon_region-1130-strand_2015-2024.json"
KOS = "12362.KOSbelop0000"
URL = "/api/v1/observations"


def _import(path: Path) -> None:
    statistics_import(table=parse_source(path.read_bytes()), source=path.name)


@pytest.fixture
def api() -> Client:
    return Client()


@pytest.fixture
def kostra() -> None:
    _import(KOSTRA)


def _put(region: str, period: str, value: int | None, status: str = "") -> None:
    p = parse_period(period)
    Observation.objects.create(
        indicator=Indicator.objects.get(code="population"),
        region=region,
        period=p.code,
        period_start=p.start,
        value=None if value is None else Decimal(value),
        status=status,
        updated_at=timezone.now(),
    )


@pytest.fixture
def drammen() -> None:
    # Made-up round figures on the real codes, so the sums are easy to check; the
    # demo's own population figures are set aside (the test's transaction rolls back).
    Observation.objects.filter(indicator__code="population").delete()
    _put("0602", "2019", 68000)
    _put("0625", "2019", 25000)
    _put("0711", "2019", 7000)
    _put("3005", "2020", 101000)
    _put("3301", "2024", 103000)


def _stored(code: str) -> set[tuple[str, str, str, Decimal | None, str]]:
    return set(
        Observation.objects.filter(indicator__code=code).values_list(
            "region", "period", "dimension_key", "value", "status"
        )
    )


def _body(response: Any) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


# --- Indicators ----------------------------------------------------------------------


def test_indicator_list_is_paginated_and_names_rate_parts(api: Client) -> None:
    body = api.get("/api/v1/indicators", {"limit": "100"}).json()
    assert body["count"] == Indicator.objects.count()
    rate = next(i for i in body["items"] if i["code"] == "homeless_per_1000")
    assert rate["numerator"] == "homeless"
    assert rate["denominator"] == "population"
    assert rate["multiplier"] == 1000
    assert rate["kind"] == "rate"
    assert rate["decimals"] == 2
    page = api.get("/api/v1/indicators", {"limit": "2", "offset": "1"}).json()
    assert [i["code"] for i in page["items"]] == [i["code"] for i in body["items"][1:3]]
    assert [i["code"] for i in api.get("/api/v1/indicators?q=bostøtte").json()["items"]] == [
        "housing_allowance",
        "housing_allowance_per_inhabitant",
    ]


def test_indicator_detail_and_404(api: Client, kostra) -> None:
    population = api.get("/api/v1/indicators/population").json()
    assert population["source_table"] == "07459"
    assert population["numerator"] is None
    assert population["multiplier"] is None
    imported = api.get(f"/api/v1/indicators/{KOS}").json()
    assert (imported["name_nb"], imported["unit"]) == ("Beløp (1000 kr)", "1000 kr")
    missing = api.get("/api/v1/indicators/nope")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no indicator with code 'nope'"}


# --- JSON ----------------------------------------------------------------------------


def test_observations_of_a_real_table_with_dimension_filters(api: Client, kostra) -> None:
    body = api.get(
        URL,
        {"indicator": KOS, "dimension": ["KOKfunksjon0000=265", "KOKart0000=AGD2"]},
    ).json()
    assert body["count"] == 10
    first = body["items"][0]
    assert first == {
        "indicator": KOS,
        "region": "1130",
        "period": "2015",
        "value": -32,
        "status": "",
        "dimensions": {"KOKart0000": "AGD2", "KOKfunksjon0000": "265"},
    }
    assert [i["value"] for i in body["items"]] == [
        -32, -3281, -359, 4, -730, -1032, 1570, 5040, 4651, 4779
    ]  # fmt: skip
    two_codes = api.get(URL, {"indicator": KOS, "dimension": "KOKfunksjon0000=265,273"}).json()
    assert two_codes["count"] == 2 * 5 * 10


def test_status_symbols_are_kept_never_zero(api: Client, kostra) -> None:
    body = api.get(
        URL,
        {
            "indicator": KOS,
            "dimension": ["KOKfunksjon0000=190", "KOKart0000=AG16"],
            "period": "2020-2024",
        },
    ).json()
    assert [(i["period"], i["value"], i["status"]) for i in body["items"]] == [
        (str(year), None, ".") for year in range(2020, 2025)
    ]


def test_pagination_and_period_filters(api: Client, kostra) -> None:
    body = api.get(URL, {"indicator": KOS, "limit": "3"}).json()
    assert body["count"] == 4850
    assert len(body["items"]) == 3
    offset = api.get(URL, {"indicator": KOS, "limit": "2", "offset": "1"}).json()
    assert offset["items"] == body["items"][1:3]
    assert api.get(URL, {"indicator": KOS, "period": "2024"}).json()["count"] == 485
    assert api.get(URL, {"indicator": KOS, "period": "2015-2016"}).json()["count"] == 970
    assert api.get(URL, {"indicator": KOS, "period": "2015,2020-2021"}).json()["count"] == 1455
    assert api.get(URL, {"indicator": KOS, "limit": "1001"}).status_code == 422


def test_region_matches_the_stored_code(api: Client, kostra) -> None:
    assert api.get(URL, {"indicator": KOS, "region": "1130"}).json()["count"] == 4850
    assert api.get(URL, {"indicator": KOS, "region": "1103,0301"}).json()["count"] == 0


def test_page_query_count_is_flat(api: Client, kostra) -> None:
    def queries(limit: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get(URL, {"indicator": KOS, "limit": limit})
        assert len(response.json()["items"]) == int(limit)
        return len(captured)

    assert queries("1") == queries("1000")


# --- CSV -----------------------------------------------------------------------------


def test_csv_is_streamed_semicolon_separated_with_a_header(api: Client, kostra) -> None:
    response = api.get(URL, {"indicator": KOS, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="12362.KOSbelop0000.csv"'
    rows = list(csv.DictReader(io.StringIO(_body(response).decode("utf-8")), delimiter=";"))
    assert len(rows) == 4850
    assert list(rows[0]) == [
        "indicator",
        "region",
        "region_name",
        "period",
        "KOKart0000",
        "KOKfunksjon0000",
        "value",
        "status",
    ]
    assert rows[0]["region_name"] == "Strand"
    missing = [r for r in rows if r["status"]]
    assert len(missing) == 265
    assert {(r["value"], r["status"]) for r in missing} == {("", ".")}
    figures = {(r["KOKfunksjon0000"], r["KOKart0000"], r["period"]): r["value"] for r in rows}
    assert figures[("265", "AGD2", "2015")] == "-32"
    stored = _stored(KOS)
    assert {(r["region"], r["period"], Decimal(r["value"])) for r in rows if r["value"]} == {
        (region, period, value) for region, period, _key, value, _s in stored if value is not None
    }


def test_csv_query_count_does_not_grow_with_rows(api: Client, kostra) -> None:
    def queries(period: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            _body(api.get(URL, {"indicator": KOS, "format": "csv", "period": period}))
        return len(captured)

    assert queries("2024") == queries("2015-2024")


# --- JSON-stat -----------------------------------------------------------------------


def _check_jsonstat(doc: dict[str, Any]) -> None:
    """JSON-stat 2.0 dataset structure: sizes, indexes, labels, roles, status."""
    assert doc["version"] == "2.0"
    assert doc["class"] == "dataset"
    assert len(doc["id"]) == len(doc["size"]) == len(set(doc["id"]))
    assert math.prod(doc["size"]) == len(doc["value"])
    for dim, n in zip(doc["id"], doc["size"], strict=True):
        category = doc["dimension"][dim]["category"]
        assert sorted(category["index"].values()) == list(range(n))
        assert set(category["label"]) == set(category["index"])
    assert set(doc["dimension"]) == set(doc["id"])
    for dims in doc["role"].values():
        assert set(dims) <= set(doc["id"])
    assert all(0 <= int(i) < len(doc["value"]) for i in doc.get("status", {}))
    assert all(v is None or isinstance(v, int | float) for v in doc["value"])


def test_jsonstat_round_trip_gives_identical_observations(api: Client, kostra) -> None:
    before = _stored(KOS)
    assert len(before) == 4850
    response = api.get(URL, {"indicator": KOS, "format": "jsonstat"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    raw = _body(response)
    doc = json.loads(raw)
    _check_jsonstat(doc)
    assert doc["id"] == ["Region", "KOKart0000", "KOKfunksjon0000", "ContentsCode", "Tid"]
    assert doc["size"] == [1, 5, 97, 1, 10]
    assert doc["extension"]["px"]["tableid"] == "12362"
    assert doc["role"] == {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]}
    assert doc["source"] == "Statistisk sentralbyrå"
    assert doc["dimension"]["Region"]["category"]["label"] == {"1130": "Strand"}
    assert doc["dimension"]["ContentsCode"]["category"]["unit"] == {
        "KOSbelop0000": {"base": "1000 kr", "decimals": 0}
    }
    assert len(doc["status"]) == 265
    assert set(doc["status"].values()) == {"."}
    assert doc["value"].count(None) == 265

    # A second reader: pyjstat gets the same cells. (Its write() calls its own
    # deprecated decoder, which warns.)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        frame = pyjstat.Dataset.read(raw.decode("utf-8")).write("dataframe", naming="id")
    assert len(frame) == 4850
    assert frame["value"].isna().sum() == 265
    cell = frame[
        (frame["KOKfunksjon0000"] == "265")
        & (frame["KOKart0000"] == "AGD2")
        & (frame["Tid"] == "2015")
    ]
    assert cell["value"].tolist() == [-32]

    # Read back into an empty store: the same keys, values and statuses.
    Observation.objects.filter(indicator__code=KOS).delete()
    result = statistics_import(table=parse_source(raw), source="export.json")
    assert (result.created, result.updated, result.unchanged) == (4850, 0, 0)
    assert result.new_indicators == []
    assert _stored(KOS) == before

    # And into a store without the indicator: it comes back with its code and description.
    Indicator.objects.filter(code=KOS).delete()
    result = statistics_import(table=parse_source(raw), source="export.json")
    assert result.new_indicators == [KOS]
    assert _stored(KOS) == before
    indicator = Indicator.objects.get(code=KOS)
    assert (indicator.name_nb, indicator.unit, indicator.source_table) == (
        "Beløp (1000 kr)",
        "1000 kr",
        "12362",
    )


def test_jsonstat_of_a_catalogue_indicator_reads_back_with_a_profile(api: Client, drammen) -> None:
    before = _stored("population")
    raw = _body(api.get(URL, {"indicator": "population", "format": "jsonstat"}))
    doc = json.loads(raw)
    _check_jsonstat(doc)
    assert "extension" not in doc  # not one statistics-bank table: no px.tableid
    assert doc["dimension"]["ContentsCode"]["category"]["index"] == {"population": 0}
    assert doc["dimension"]["Region"]["category"]["label"]["0711"] == "Svelvik"
    # Regions × periods: the cells no figure was stored for are null without a status.
    assert doc["size"] == [5, 1, 3]
    Observation.objects.filter(indicator__code="population").delete()
    profile = ImportProfile.objects.create(
        name="boso-export", indicators={"population": "population"}
    )
    statistics_import(table=parse_source(raw), source="export.json", profile=profile)
    after = Observation.objects.filter(indicator__code="population")
    assert {row for row in _stored("population") if row[3] is not None} == before
    assert set(after.filter(value__isnull=True).values_list("status", flat=True)) == {".."}


def test_jsonstat_needs_one_set_of_dimensions(api: Client, kostra) -> None:
    _import(POPULATION)
    response = api.get(URL, {"indicator": f"{KOS},07459.Personer1", "format": "jsonstat"})
    assert response.status_code == 400
    assert "one indicator at a time" in response.json()["detail"]
    both = api.get(URL, {"indicator": f"{KOS},07459.Personer1", "format": "csv"})
    assert len(_body(both).decode().splitlines()) == 1 + 4850 + 41


# --- On a municipality structure -----------------------------------------------------


def test_structure_sums_drammen_across_the_reforms(api: Client, drammen) -> None:
    body = api.get(URL, {"indicator": "population", "region": "3301", "structure": "2024"}).json()
    assert body["count"] == 3
    assert body["items"] == [
        {
            "indicator": "population",
            "region": "3301",
            "period": "2019",
            "value": 100000,
            "status": "",
            "dimensions": {},
            "sources": ["0602", "0625", "0711"],
            "note": "",
        },
        {
            "indicator": "population",
            "region": "3301",
            "period": "2020",
            "value": 101000,
            "status": "",
            "dimensions": {},
            "sources": ["3005"],
            "note": "",
        },
        {
            "indicator": "population",
            "region": "3301",
            "period": "2024",
            "value": 103000,
            "status": "",
            "dimensions": {},
            "sources": ["3301"],
            "note": "",
        },
    ]
    # Without a structure, the region is the code as stored.
    stored = api.get(URL, {"indicator": "population", "region": "3301"}).json()
    assert [i["period"] for i in stored["items"]] == ["2024"]
    assert "sources" not in stored["items"][0]


def test_structure_in_csv_and_jsonstat(api: Client, drammen) -> None:
    query = {"indicator": "population", "region": "3301", "structure": "2024-06-01"}
    response = api.get(URL, {**query, "format": "csv"})
    assert "structure-2024-06-01" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_body(response).decode()), delimiter=";"))
    assert [(r["period"], r["value"], r["sources"]) for r in rows] == [
        ("2019", "100000", "0602+0625+0711"),
        ("2020", "101000", "3005"),
        ("2024", "103000", "3301"),
    ]
    assert rows[0]["region_name"] == "Drammen"
    doc = json.loads(_body(api.get(URL, {**query, "format": "jsonstat"})))
    _check_jsonstat(doc)
    assert doc["extension"]["boso"]["structure"] == "2024-06-01"
    assert doc["value"] == [100000, 101000, 103000]


def test_structure_backwards_says_why_not_comparable(api: Client, drammen) -> None:
    body = api.get(URL, {"indicator": "population", "structure": "2010"}).json()
    formed = [i for i in body["items"] if i["region"] == "3301"]
    assert formed[0]["value"] is None
    assert "not comparable backwards" in formed[0]["note"]


# --- Bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ({}, "the parameter 'indicator' is required"),
        ({"indicator": "nope"}, "unknown indicator 'nope'"),
        ({"indicator": "population,nope,other"}, "unknown indicator 'nope', 'other'"),
        ({"indicator": "population", "period": "2024X"}, "period '2024X' is not a period"),
        ({"indicator": "population", "period": "2024-2015"}, "'2024-2015' ends before"),
        ({"indicator": "population", "structure": "20x4"}, "structure '20x4' is not a year"),
        ({"indicator": "population", "structure": "1990"}, "no municipality structure for 1990"),
        ({"indicator": "population", "dimension": "KOKart0000"}, "dimension 'KOKart0000'"),
    ],
)
def test_bad_input_is_a_400_naming_it(api: Client, query: dict[str, str], detail: str) -> None:
    response = api.get(URL, query)
    assert response.status_code == 400
    assert detail in response.json()["detail"]


def test_unknown_format_is_a_422(api: Client) -> None:
    response = api.get(URL, {"indicator": "population", "format": "xml"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "format"]


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _value in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)


def test_openapi_describes_the_statistics_endpoints(api: Client) -> None:
    raw = api.get("/api/v1/openapi.json").content
    paths = json.loads(raw, object_pairs_hook=_no_duplicate_keys)["paths"]
    assert {"/api/v1/indicators", "/api/v1/indicators/{code}", "/api/v1/observations"} <= set(paths)
    observations = paths["/api/v1/observations"]["get"]
    assert "400" in observations["responses"]
    assert set(observations["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    assert {p["name"] for p in observations["parameters"]} >= {
        "indicator",
        "region",
        "period",
        "dimension",
        "structure",
        "format",
        "limit",
        "offset",
    }
    assert "404" in paths["/api/v1/indicators/{code}"]["get"]["responses"]
