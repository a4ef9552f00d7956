"""Test helpers that write figures straight into the store."""

from decimal import Decimal

from django.utils import timezone

from boso.statistics.models import Indicator, Observation
from boso.statistics.periods import parse_period


def put_observation(
    indicator: str, region: str, period: str, value: int | str | None, status: str = ""
) -> Observation:
    """One figure for a catalogue indicator, as an import would have stored it."""
    p = parse_period(period)
    return Observation.objects.create(
        indicator=Indicator.objects.get(code=indicator),
        region=region,
        period=p.code,
        period_start=p.start,
        value=None if value is None else Decimal(value),
        status=status,
        updated_at=timezone.now(),
    )


def put_drammen_reforms() -> None:
    """Round made-up figures on Drammen's real codes across the 2020 and 2024 reforms:
    0602 + 0625 + 0711 (2018–2019) → 3005 (2020, 2023) → 3301 (2024, population)."""
    for year in ("2018", "2019"):
        for code, people, homeless in (
            ("0602", 68000, 80),
            ("0625", 25000, 10),
            ("0711", 7000, 10),
        ):
            put_observation("population", code, year, people)
            put_observation("homeless", code, year, homeless)
    for year in ("2020", "2023"):
        put_observation("population", "3005", year, 101000)
        put_observation("homeless", "3005", year, 101)
    put_observation("population", "3301", "2024", 103000)
