"""Series across the 2020 and 2024 reforms, on the real KLASS 131 changes (Kilde: SSB)."""

import datetime
from decimal import Decimal

import pytest

from boso.statistics.harmonise import harmonised_series
from boso.statistics.models import Indicator
from boso.statistics.tests.factories import put_drammen_reforms, put_observation

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def drammen() -> None:
    # Made-up round figures on the real codes, so the sums are easy to check.
    put_drammen_reforms()
    put_observation("homeless", "3301", "2024", 103)


def _values(series, region: str) -> dict[str, Decimal | None]:
    return {p.period: p.value for p in series if p.region == region}


def test_drammen_reads_continuously_on_todays_structure(drammen) -> None:
    population = Indicator.objects.get(code="population")
    series = harmonised_series(indicator=population, structure=D(2024, 6, 1), regions=["3301"])
    assert _values(series, "3301") == {
        "2018": Decimal(100000),
        "2019": Decimal(100000),
        "2020": Decimal(101000),
        "2023": Decimal(101000),
        "2024": Decimal(103000),
    }
    first = next(p for p in series if p.period == "2018")
    assert first.sources == ("0602", "0625", "0711")


def test_rates_are_recomputed_not_averaged(drammen) -> None:
    rate = Indicator.objects.get(code="homeless_per_1000")
    series = harmonised_series(indicator=rate, structure=D(2024, 6, 1), regions=["3301"])
    # (80 + 10 + 10) / 100 000 × 1000 = 1.0; the average of the three rates would be 1.05.
    assert _values(series, "3301")["2018"] == Decimal(1)
    assert _values(series, "3301")["2024"] == Decimal(103) / Decimal(103000) * 1000


def test_an_older_structure_cannot_take_a_merged_unit_backwards(drammen) -> None:
    population = Indicator.objects.get(code="population")
    series = harmonised_series(indicator=population, structure=D(2010, 1, 1))
    assert _values(series, "0602")["2018"] == Decimal(68000)
    formed = [p for p in series if p.region == "3005"]
    assert formed
    assert all(p.value is None for p in formed)
    assert "not comparable backwards" in formed[0].note


def test_a_missing_part_makes_the_sum_missing_not_smaller() -> None:
    put_observation("population", "0602", "2019", 68000)
    put_observation("population", "0625", "2019", None, status="..")
    put_observation("population", "0711", "2019", 7000)
    population = Indicator.objects.get(code="population")
    (point,) = harmonised_series(indicator=population, structure=D(2024, 6, 1), regions=["3301"])
    assert point.value is None
    assert point.status == ".."


def test_a_split_is_flagged_unless_a_split_key_is_given() -> None:
    put_observation("population", "1507", "2023", 67000)
    population = Indicator.objects.get(code="population")
    (flagged,) = harmonised_series(indicator=population, structure=D(2024, 6, 1))
    assert flagged.value is None
    assert "split into 1508 + 1580" in flagged.note
    keyed = harmonised_series(
        indicator=population,
        structure=D(2024, 6, 1),
        split_keys={"1507": {"1508": Decimal("0.86"), "1580": Decimal("0.14")}},
    )
    assert _values(keyed, "1508") == {"2023": Decimal(67000) * Decimal("0.86")}
    assert _values(keyed, "1580") == {"2023": Decimal(67000) * Decimal("0.14")}


def test_index_is_not_summed_over_a_merger() -> None:
    put_observation("living_conditions_index", "0602", "2019", 7)
    put_observation("living_conditions_index", "0625", "2019", 5)
    index = Indicator.objects.get(code="living_conditions_index")
    series = harmonised_series(indicator=index, structure=D(2024, 6, 1))
    assert all(p.value is None for p in series)


def test_history_on_todays_codes_is_read_on_its_code(drammen) -> None:
    # Statistics banks publish old years on today's codes: 1130 Strand for 1986.
    put_observation("population", "1130", "1986", 8000)
    population = Indicator.objects.get(code="population")
    series = harmonised_series(indicator=population, structure=D(2024, 6, 1), regions=["1130"])
    assert _values(series, "1130") == {"1986": Decimal(8000)}


def test_a_sum_lacking_some_parts_is_no_figure_for_the_unit() -> None:
    put_observation("population", "0602", "2018", 68000)  # Nedre Eiker and Svelvik have no figure
    population = Indicator.objects.get(code="population")
    (point,) = harmonised_series(indicator=population, structure=D(2024, 6, 1), regions=["3301"])
    assert point.value is None
    assert point.status == ".."
    assert point.missing == ("0625 Nedre Eiker", "0711 Svelvik")


def test_a_rate_stored_as_published_is_shown_where_its_parts_are_missing() -> None:
    put_observation(
        "housing_allowance_per_inhabitant", "0602", "2008", 576
    )  # seed 000, kr per inhabitant
    rate = Indicator.objects.get(code="housing_allowance_per_inhabitant")
    (point,) = harmonised_series(indicator=rate, structure=D(2010, 1, 1), regions=["0602"])
    assert point.value == Decimal(576)
    # On today's structure Drammen 0602 merged with others: a rate cannot be summed.
    (merged,) = harmonised_series(indicator=rate, structure=D(2024, 6, 1))
    assert merged.value is None
