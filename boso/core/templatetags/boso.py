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
