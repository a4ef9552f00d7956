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
