"""The demo's statistics: the seeds' figures and SSB's samples, as the session loaded them.

The expected figures are the documents' own (see boso/demo/data/SEEDS.md).
"""

import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Sum

from boso.demo.services import demo_load_profiles, demo_load_statistics
from boso.statistics.models import ImportProfile, ImportRun, Indicator, Observation

pytestmark = pytest.mark.django_db

REGION_SOR = ("0805", "0704", "0906", "0709", "0706", "0806", "0602", "1001")
# Seed 001's 17 priority municipalities, on the 2009 structure.
MIDT_NORGE_17 = {
    "1601": "Trondheim",
    "1638": "Orkdal",
    "1640": "Røros",
    "1653": "Melhus",
    "1663": "Malvik",
    "1702": "Steinkjer",
    "1703": "Namsos",
    "1714": "Stjørdal",
    "1719": "Levanger",
    "1721": "Verdal",
    "1502": "Molde",
    "1504": "Ålesund",
    "1505": "Kristiansund",
    "1519": "Volda",
    "1520": "Ørsta",
    "1534": "Haram",
    "1548": "Fræna",
}
# Seed 001, page 14, row "SUM": the document's totals.
START_LOAN_TOTALS = {
    ("start_loans_count", "2010"): Decimal(1009),
    ("start_loans_count", "2009"): Decimal(738),
    ("start_loans_amount", "2010"): Decimal(505039917),
    ("start_loans_amount", "2009"): Decimal(395266363),
}


def _value(indicator: str, region: str, period: str) -> Decimal | None:
    return Observation.objects.get(
        indicator__code=indicator, region=region, period=period, dimension_key=""
    ).value


def test_seed_000_region_sor() -> None:
    assert _value("population", "0602", "2009") == 60145
    assert _value("population", "1001", "2009") == 78919
    assert _value("living_conditions_index", "0906", "2009") == Decimal("8.5")
    assert _value("living_conditions_index", "0806", "2009") == 8
    assert _value("housing_allowance_per_inhabitant", "0709", "2008") == 660
    assert _value("homeless", "1001", "2008") == 170
    for indicator, period in (
        ("population", "2009"),
        ("living_conditions_index", "2009"),
        ("housing_allowance_per_inhabitant", "2008"),
        ("homeless", "2008"),
    ):
        stored = Observation.objects.filter(indicator__code=indicator, region__in=REGION_SOR)
        assert sorted(stored.values_list("region", flat=True)) == sorted(REGION_SOR)
        assert set(stored.values_list("period", flat=True)) == {period}
    homeless = Observation.objects.filter(indicator__code="homeless", region__in=REGION_SOR)
    assert homeless.aggregate(total=Sum("value"))["total"] == 575
    # The 2011 column is the target 0, which belongs to the plans: no observation.
    assert not Observation.objects.filter(indicator__code="homeless", period="2011").exists()


@pytest.mark.parametrize(("key", "total"), START_LOAN_TOTALS.items(), ids=str)
def test_seed_001_start_loans_add_up_to_the_documents_totals(key, total) -> None:
    indicator, period = key
    rows = Observation.objects.filter(
        indicator__code=indicator, period=period, region__in=MIDT_NORGE_17
    )
    assert rows.count() == len(MIDT_NORGE_17) == 17
    assert rows.aggregate(total=Sum("value"))["total"] == total


def test_seed_001_figures_as_printed() -> None:
    assert _value("start_loans_count", "1663", "2009") == 53  # Malvik: the table, not page 6
    assert _value("start_loans_amount", "1663", "2009") == 46778000
    assert _value("start_loans_amount", "1601", "2010") == 206848920
    assert _value("start_loans_amount", "1548", "2009") == 4162210


def test_seed_004_lillehammer() -> None:
    assert _value("start_loans_count", "0501", "2009") == 16
    assert _value("municipal_dwellings", "0501", "2010") == 333
    assert _value("rent_arrears", "0501", "2010M09") == 42
    assert not Observation.objects.filter(indicator__code="waiting_list").exists()


def test_ssb_samples() -> None:
    """Kilde: Statistisk sentralbyrå."""
    # 07459 goes through its profile into the catalogue's population, not a table variable.
    assert _value("population", "1130", "2026") == 13959
    assert Observation.objects.filter(indicator__code="population", region="1130").count() == 41
    assert not Observation.objects.filter(indicator__code="07459.Personer1").exists()
    kostra = Observation.objects.filter(indicator__code="12362.KOSbelop0000")
    assert kostra.count() == 4850
    assert kostra.filter(value__isnull=True, status=".").count() == 265
    rents = Observation.objects.filter(indicator__code__startswith="09895.")
    assert set(rents.values_list("region", flat=True)) == {"0"}
    assert rents.count() == 140
    run = ImportRun.objects.get(source__contains="ssb_09895")
    assert run.report["skipped"] == {
        "01": "Oslo og Bærum er en leiemarkedssone, ikke en kommune eller et fylke"
    }
    assert run.status == "done"


def test_profiles() -> None:
    rents = ImportProfile.objects.get(name="ssb-09895-leiemarked")
    assert (rents.geo_dimension, rents.region_map) == ("Soner2", {"00": "0", "01": ""})
    population = ImportProfile.objects.get(name="ssb-07459-befolkning")
    assert population.indicators == {"Personer1": "population"}
    assert Indicator.objects.filter(code="population").exists()


def _state() -> tuple[int, ...]:
    return (
        Observation.objects.count(),
        ImportRun.objects.count(),
        ImportProfile.history.count(),
        Indicator.objects.count(),
        Indicator.history.count(),
    )


def test_reloading_changes_nothing() -> None:
    before = _state()
    summary = demo_load_statistics(shared_dir=settings.SHARED_DIR)
    assert summary.imported == []
    assert len(summary.unchanged) == 6
    demo_load_profiles()
    assert _state() == before


def test_loading_from_scratch_is_fast_and_complete() -> None:
    observations = Observation.objects.count()
    Observation.objects.all().delete()
    ImportRun.objects.all().delete()
    started = time.perf_counter()
    summary = demo_load_statistics(shared_dir=settings.SHARED_DIR)
    assert time.perf_counter() - started < 10
    assert len(summary.imported) == 6
    assert summary.imported[0] == (
        "seed_000_region_sor.csv: created 32 / updated 0 / unchanged 0 / skipped 0"
    )
    assert Observation.objects.count() == observations


def test_command_prints_the_statistics(capsys) -> None:
    call_command("load_demo", password="test-demo-password-1")
    out = capsys.readouterr().out
    assert "statistics: 0 files imported, 6 already there" in out
