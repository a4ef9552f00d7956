"""Norwegian number and date formatting, the same in every language of the UI.

1 234 567,5 with a non-breaking space between thousands, and 31.03.2010.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

THOUSANDS = "\u00a0"
MINUS = "\u2212"  # a real minus sign, as Norwegian typography wants


def format_number(value: Decimal | int | float | None, decimals: int | None = None) -> str:
    """Format a number the Norwegian way; None becomes an empty string."""
    if value is None:
        return ""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = MINUS if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = THOUSANDS.join(groups)
    return f"{sign}{result},{fraction}" if fraction else f"{sign}{result}"


def format_date(value: datetime.date | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y")


def parse_date(text: str) -> datetime.date:
    """Accept 31.03.2010 and 2010-03-31; raise ValueError naming the expected forms."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date; write 31.03.2010 or 2010-03-31")
