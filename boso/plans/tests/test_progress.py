"""Progress from baseline to target, and the status rule, on the seeds' own numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from boso.plans import progress, selectors, services
from boso.plans.choices import Progress

pytestmark = pytest.mark.django_db


def test_mandal_waiting_list_is_on_track() -> None:
    """Seed 003: Mandal's waiting list went from 35 (2012) to 12 (December 2015)."""
    reading = progress.reading(
        baseline=Decimal(35),
        baseline_period="2012",
        direction="decrease",
        target=("2016", Decimal(0)),
        actual=("2015M12", Decimal(12)),
    )
    assert round(reading.progress, 3) == Decimal("0.657")  # type: ignore[arg-type]
    assert reading.expected == Decimal(1095) / Decimal(1461)  # 3 of the 4 years
    assert reading.status == Progress.ON_TRACK


def test_zero_homeless_at_the_next_count() -> None:
    """Seed 000: "0 bostedsløse ved neste kartlegging" — from 20 to 0 by the 2012 count."""
    halfway = progress.reading(
        baseline=Decimal(20),
        baseline_period="2008-11-20",
        direction="decrease",
        target=("2012-11-20", Decimal(0)),
        actual=("2010-11-20", Decimal(18)),
    )
    assert halfway.progress == Decimal("0.1")
    assert halfway.status == Progress.OFF_TRACK  # half the time gone, a tenth of the way
    met = progress.reading(
        baseline=Decimal(20),
        baseline_period="2008-11-20",
        direction="decrease",
        target=("2012-11-20", Decimal(0)),
        actual=("2012-11-20", Decimal(0)),
    )
    assert (met.progress, met.status) == (Decimal(1), Progress.ON_TRACK)


def test_wrong_way_and_missing_numbers() -> None:
    worse = progress.reading(
        baseline=Decimal(10),
        baseline_period="2010",
        direction="decrease",
        target=("2014", Decimal(5)),
        actual=("2011", Decimal(12)),
    )
    assert worse.status == Progress.OFF_TRACK
    unknown = progress.reading(
        baseline=None, baseline_period="", direction="increase", target=None, actual=None
    )
    assert unknown.status == Progress.NO_DATA
    kept = progress.progress_of(
        baseline=Decimal(0), target=Decimal(0), actual=Decimal(0), direction="decrease"
    )
    assert kept == 1


def test_at_risk_band() -> None:
    assert progress.status_of(Decimal("0.40"), Decimal("0.60")) == Progress.AT_RISK
    assert progress.status_of(Decimal("0.52"), Decimal("0.60")) == Progress.ON_TRACK
    assert progress.status_of(Decimal("0.30"), Decimal("0.60")) == Progress.OFF_TRACK


def test_programme_indicator_reads_reported_actuals(plan: Any, main_goal: Any) -> None:
    helped = services.indicator_save(
        plan=plan,
        goal=main_goal,
        name="Personer hjulpet til å kjøpe egen bolig",
        direction="increase",
        cumulative=True,
        baseline_value=Decimal(0),
        baseline_period="2013",
    )
    services.target_set(indicator=helped, period="2015", value=Decimal(200))
    services.actual_record(indicator=helped, period="2014", value=Decimal(80))
    services.actual_record(indicator=helped, period="2015", value=Decimal(92))
    reading = selectors.indicator_reading(helped)
    assert (reading.actual, reading.actual_period) == (Decimal(172), "2015")  # cumulative
    assert reading.progress == Decimal("0.86")
    # The target's period has come: 86 % of the way is within 25 points, not within 10.
    assert reading.status == Progress.AT_RISK


def test_catalogue_indicator_reads_the_statistics_store(plan: Any, main_goal: Any) -> None:
    from boso.statistics.models import Indicator
    from boso.statistics.tests.factories import put_observation

    put_observation("homeless", "0602", "2012", 30)
    indicator = services.indicator_save(
        plan=plan,
        goal=main_goal,
        catalogue=Indicator.objects.get(code="homeless"),
        direction="decrease",
        baseline_value=Decimal(60),
        baseline_period="2008",
    )
    services.target_set(indicator=indicator, period="2014", value=Decimal(0))
    reading = selectors.indicator_reading(indicator)
    assert (reading.actual_period, reading.actual) == ("2012", Decimal(30))
    assert reading.progress == Decimal("0.5")
