"""Periods as the statistics write them, in one canonical form with a start date.

Canonical forms: 2024 (year), 2024H1 (half-year; DHIS2's 2024S1 is accepted),
2024K1 (quarter; 2024Q1 accepted), 2024M03 (month), 2024-11-20 (a count on a date,
such as the homeless count in week 48).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

_PATTERNS = [
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})[HS]([12])$"), "half"),
    (re.compile(r"^(\d{4})[KQ]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})M(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "date"),
]


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    code: str
    start: datetime.date
    kind: str

    @cached_property
    def start_iso(self) -> str:
        return self.start.isoformat()


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """Parse a period; raise PeriodError naming the text when it is none of the forms.

    Cached: an import parses the same few period strings hundreds of thousands of times.
    """
    raw = text.strip().upper()
    for pattern, kind in _PATTERNS:
        match = pattern.match(raw)
        if match:
            return _build(kind, [int(g) for g in match.groups()], text)
    raise PeriodError(
        f"{text!r} is not a period (write 2024, 2024H1, 2024K1, 2024M03 or 2024-11-20)"
    )


def _build(kind: str, parts: list[int], text: str) -> Period:
    year = parts[0]
    try:
        if kind == "year":
            return Period(f"{year}", datetime.date(year, 1, 1), kind)
        if kind == "half":
            return Period(
                f"{year}H{parts[1]}", datetime.date(year, 1 + 6 * (parts[1] - 1), 1), kind
            )
        if kind == "quarter":
            return Period(
                f"{year}K{parts[1]}", datetime.date(year, 1 + 3 * (parts[1] - 1), 1), kind
            )
        if kind == "month":
            return Period(f"{year}M{parts[1]:02d}", datetime.date(year, parts[1], 1), kind)
        day = datetime.date(year, parts[1], parts[2])
        return Period(day.isoformat(), day, kind)
    except ValueError:
        raise PeriodError(f"{text!r} is not a valid period") from None
