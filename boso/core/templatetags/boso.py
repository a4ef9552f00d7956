from __future__ import annotations

import datetime
from decimal import Decimal

from django import template

from boso.core import formatting

register = template.Library()


@register.filter
def no_number(value: Decimal | int | float | None, decimals: int | None = None) -> str:
    """{{ value|no_number:1 }} → 1 234 567,5"""
    return formatting.format_number(value, decimals)


@register.filter
def no_date(value: datetime.date | None) -> str:
    """{{ day|no_date }} → 31.03.2010"""
    return formatting.format_date(value)


@register.filter
def last_day(value: datetime.date | str | None) -> datetime.date | str | None:
    """{{ m.valid_to|last_day|no_date }} → 31.12.2019 for valid_to 2020-01-01.

    The register stores an end date as the first day that is no longer valid (SSB's
    convention); people read an end date as the last day that is. None stays None
    (still valid), and anything that is not a date is passed through unchanged.
    """
    if not isinstance(value, datetime.date):
        return value
    return value - datetime.timedelta(days=1)


@register.filter
def percent(value: Decimal | float | None, decimals: int = 1) -> str:
    """{{ share|percent }} → 31,1 % for a share of 0.311; empty for None."""
    if value is None:
        return ""
    return f"{formatting.format_number(Decimal(str(value)) * 100, decimals)}\u00a0%"
