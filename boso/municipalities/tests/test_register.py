"""Services and selectors of the municipality register, on the demo data (SSB KLASS 131)."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boso.municipalities import selectors, services
from boso.municipalities.importers.klass import KlassFormatError
from boso.municipalities.models import Municipality, MunicipalityChange, Region

pytestmark = pytest.mark.django_db
KLASS_DIR = settings.SHARED_DIR / "data" / "kommuner" / "klass131_api_json"
D = datetime.date


def test_reloading_changes_nothing() -> None:
    before = Municipality.history.count()
    summary = services.register_load_klass(directory=KLASS_DIR)
    assert summary.municipalities_created == 0
    assert summary.municipalities_updated == 0
    assert summary.municipalities_unchanged == Municipality.objects.count()
    assert summary.changes_created == 0
    assert Municipality.history.count() == before


def test_a_corrected_name_is_updated_and_kept_in_history() -> None:
    drammen = selectors.municipality_get("3301")
    Municipality.objects.filter(pk=drammen.pk).update(name="Dramen")
    summary = services.register_load_klass(directory=KLASS_DIR)
    assert summary.municipalities_updated == 1
    drammen.refresh_from_db()
    assert drammen.name == "Drammen"
    assert drammen.history.first().name == "Drammen"


def test_a_bad_file_leaves_the_register_as_it_was(tmp_path: Path) -> None:
    for source in KLASS_DIR.glob("*.json"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "kommuneinndeling_2024.json").write_text("{broken", encoding="utf-8")
    count = Municipality.objects.count()
    with pytest.raises(KlassFormatError):
        services.register_load_klass(directory=tmp_path)
    assert Municipality.objects.count() == count


@pytest.mark.parametrize(
    ("day", "count"),
    [(D(2010, 3, 31), 430), (D(2019, 6, 1), 422), (D(2020, 1, 1), 356), (D(2024, 1, 1), 357)],
)
def test_list_for_any_date(day: datetime.date, count: int) -> None:
    assert len(selectors.municipality_list(day=day)) == count


def test_list_uses_the_names_and_counties_of_the_day() -> None:
    rows = {r.code: r for r in selectors.municipality_list(day=D(2010, 3, 31))}
    assert rows["0602"].name == "Drammen"
    assert str(rows["0602"].county) == "06 Buskerud"
    today = {r.code: r for r in selectors.municipality_list(day=D(2024, 6, 1))}
    assert str(today["3301"].county) == "33 Buskerud"
    assert today["5001"].name == "Trondheim - Tråante"


def test_search_folds_case_also_for_norwegian_letters() -> None:
    rows = selectors.municipality_list(day=D(2010, 1, 1), query="ÅLES")
    assert [r.code for r in rows] == ["1504"]
    assert [r.code for r in selectors.municipality_list(day=D(2010, 1, 1), query="06")][:2] == [
        "0602",
        "0604",
    ]


def test_region_filter_follows_the_counties_of_the_day() -> None:
    sor = Region.objects.get(slug="sor")
    codes_2010 = {r.code for r in selectors.municipality_list(day=D(2010, 3, 31), region=sor)}
    for code in ["0805", "0704", "0906", "0709", "0706", "0806", "0602", "1001"]:
        assert code in codes_2010  # the eight municipalities region sør invited (seed 000)
    assert "0301" not in codes_2010
    codes_now = {r.code for r in selectors.municipality_list(day=D(2024, 6, 1), region=sor)}
    assert "3301" in codes_now


def test_midt_norge_had_85_municipalities_in_2009() -> None:
    midt = Region.objects.get(slug="midt-norge")
    assert len(selectors.municipality_list(day=D(2009, 6, 1), region=midt)) == 85  # seed 001


def test_date_before_the_register_is_refused() -> None:
    with pytest.raises(selectors.DateOutsideRegister) as info:
        selectors.version_on(D(1990, 1, 1))
    assert info.value.first == D(2008, 1, 1)


def test_drammen_history_across_two_reforms() -> None:
    history = selectors.municipality_history(selectors.municipality_get("3301"))
    found = {(link.node.code, link.changed_on, link.depth) for link in history.predecessors}
    assert found == {
        ("3005", D(2024, 1, 1), 1),
        ("0602", D(2020, 1, 1), 2),
        ("0625", D(2020, 1, 1), 2),
        ("0711", D(2020, 1, 1), 2),
    }
    assert history.successors == []
    old = selectors.municipality_history(selectors.municipality_get("0602"))
    assert [(link.node.code, link.changed_on) for link in old.successors] == [
        ("3005", D(2020, 1, 1)),
        ("3301", D(2024, 1, 1)),
    ]


def test_the_2024_split_of_alesund() -> None:
    history = selectors.municipality_history(selectors.municipality_get("1507"))
    assert {(link.node.code, link.node.name) for link in history.successors} == {
        ("1508", "Ålesund"),
        ("1580", "Haram"),
    }


def test_history_reaches_before_the_loaded_versions() -> None:
    history = selectors.municipality_history(selectors.municipality_get("1508"))
    older = [link for link in history.predecessors if link.node.municipality is None]
    assert ("1501", D(1977, 1, 1)) in {(link.node.code, link.changed_on) for link in older}


def test_history_query_count_does_not_depend_on_depth() -> None:
    selectors.change_graph()  # built once per register state, then reused
    with CaptureQueriesContext(connection) as shallow:
        selectors.municipality_history(selectors.municipality_get("0301"))
    with CaptureQueriesContext(connection) as deep:
        selectors.municipality_history(selectors.municipality_get("1508"))
    assert len(shallow) == len(deep)


def test_list_query_count_is_flat() -> None:
    with CaptureQueriesContext(connection) as small:
        selectors.municipality_list(day=D(2024, 6, 1), query="Drammen")
    with CaptureQueriesContext(connection) as full:
        selectors.municipality_list(day=D(2024, 6, 1))
    assert len(small) == len(full) <= 3


def test_unknown_code() -> None:
    with pytest.raises(selectors.MunicipalityNotFound):
        selectors.municipality_get("0000")
    with pytest.raises(selectors.MunicipalityNotFound):
        selectors.municipality_get("3301", day=D(2010, 1, 1))


def test_region_of_municipality_on_a_day() -> None:
    sor, midt = Region.objects.get(slug="sor"), Region.objects.get(slug="midt-norge")
    assert selectors.region_of(selectors.municipality_get("0602")) == sor
    assert selectors.region_of(selectors.municipality_get("5001")) == midt


def test_changes_are_audited() -> None:
    assert MunicipalityChange.history.count() == MunicipalityChange.objects.count() == 594


def test_unknown_county_in_region_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown county code '99'"):
        services.region_set_counties(
            slug="x", name="X", office="", county_codes=["99"], valid_from=None, valid_to=None
        )


def test_drammen_stays_in_region_sor_across_both_reforms() -> None:
    sor = Region.objects.get(slug="sor")
    for code, day in [("0602", D(2010, 3, 31)), ("3005", D(2021, 6, 1)), ("3301", D(2024, 6, 1))]:
        assert selectors.region_of(selectors.municipality_get(code), day=day) == sor
    viken_2021 = {r.code for r in selectors.municipality_list(day=D(2021, 6, 1), region=sor)}
    assert {"3005", "3049"} <= viken_2021  # Drammen and Lier came from Buskerud
    assert "3024" not in viken_2021  # Bærum came from Akershus: region øst
    ost = Region.objects.get(slug="ost")
    assert selectors.region_of(selectors.municipality_get("3024"), day=D(2021, 6, 1)) == ost
