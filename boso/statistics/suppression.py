"""Small counts are hidden from anonymous visitors: the one place the rule lives.

Official statistics are public, but a count of people under 5 (homeless, recipients
of social assistance) in a small municipality can point at persons. So for a visitor
who is not logged in:

- a figure of an indicator of kind *count* with 0 < value < 5 is shown as SSB's
  symbol ":" (*Vises ikke av konfidensialitetshensyn*), never as the number;
- a rate recomputed from a numerator *count* is hidden wherever that numerator is,
  since the rate and the (public) denominator give the count back;
- zero stays zero: "nobody" points at no one, and SSB shows it too;
- a median over peers is hidden when a figure in its middle is hidden, or when it is
  a count under 5 itself.

The selectors apply this to harmonised points, fact-sheet points and export rows;
templates, charts and exports only ever see the result. Logged-in users (any role)
see every figure. Aggregates that could be subtracted back (a county's total beside
all but one of its municipalities) are not protected: see docs/statistics.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Q
from django.utils.translation import gettext as _

from boso.statistics.choices import IndicatorKind
from boso.statistics.exports import Row
from boso.statistics.figures import Point
from boso.statistics.harmonise import HarmonisedPoint
from boso.statistics.models import Indicator

SUPPRESSED = ":"  # SSB: "Vises ikke av konfidensialitetshensyn"
THRESHOLD = Decimal(5)

Key = tuple[str, str, str]  # region, period, dimension key
Figure = TypeVar("Figure", Point, HarmonisedPoint, Row)
PartKey = tuple[int, str, str, str]  # numerator id, region, period, dimension key


def applies_to(user: Any) -> bool:
    """Whether figures are shown to this user with small counts hidden."""
    return not getattr(user, "is_authenticated", False)


def note() -> str:
    """What a page or download says to an anonymous visitor when figures were hidden."""
    return _(
        "Antall under 5, og rater regnet ut fra slike antall, vises ikke for besøkende som "
        "ikke er logget inn (:). Innloggede brukere ser alle tall."
    )


def is_small(value: Decimal | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def counted_by(indicator: Indicator) -> Indicator | None:
    """The count whose small figures hide this indicator's: itself for a count, the
    numerator for a rate derived from a count, none otherwise (amounts, indexes,
    rates published without their parts)."""
    if indicator.kind == IndicatorKind.COUNT:
        return indicator
    numerator = indicator.numerator if indicator.is_derived_rate else None
    if numerator is not None and numerator.kind == IndicatorKind.COUNT:
        return numerator
    return None


def with_numerators(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The indicators and the numerators of their rates, to harmonise together
    (harmonised_many reads a rate's parts in the same query anyway)."""
    found = {i.pk: i for i in indicators}
    for indicator in list(found.values()):
        counted = counted_by(indicator)
        if counted is not None:
            found.setdefault(counted.pk, counted)
    return list(found.values())


def small_q() -> Q:
    """The stored figures that are small, as a filter (zero and symbols are not)."""
    return Q(value__gt=0, value__lt=THRESHOLD)


def key_of(point: HarmonisedPoint) -> Key:
    return (point.region, point.period, point.dimension_key)


def hidden_keys(indicator: Indicator, points: Mapping[int, Sequence[HarmonisedPoint]]) -> set[Key]:
    """The figures of the indicator an anonymous visitor may not see, from harmonised
    points by indicator id that hold its numerator's too (see with_numerators)."""
    counted = counted_by(indicator)
    if counted is None:
        return set()
    return {key_of(p) for p in points[counted.pk] if is_small(p.value)}


def hide(figure: Figure) -> Figure:
    """The figure without its value, marked with SSB's symbol for confidentiality (one
    with no value keeps its own symbol: there is nothing to hide)."""
    if figure.value is None:
        return figure
    return dataclasses.replace(figure, value=None, status=SUPPRESSED)


def suppressed(
    indicators: Iterable[Indicator], points: Mapping[int, Sequence[HarmonisedPoint]]
) -> dict[int, list[HarmonisedPoint]]:
    """Each indicator's harmonised points as an anonymous visitor sees them."""
    shown = {}
    for indicator in indicators:
        hidden = hidden_keys(indicator, points)
        shown[indicator.pk] = [hide(p) if key_of(p) in hidden else p for p in points[indicator.pk]]
    return shown


def hides_median(indicator: Indicator, figures: Sequence[tuple[Decimal, bool]]) -> bool:
    """Whether a median of peers' figures, each (value, hidden), is hidden: when the
    value it is taken from (the middle one, or one of the middle two) is hidden, or
    when it is a small count itself."""
    if not figures:
        return False
    ordered = sorted(figures)
    middle = len(ordered) // 2
    picked = ordered[middle - 1 : middle + 1] if len(ordered) % 2 == 0 else [ordered[middle]]
    if any(hidden for _value, hidden in picked):
        return True
    median = sum((value for value, _hidden in picked), Decimal(0)) / len(picked)
    return indicator.kind == IndicatorKind.COUNT and is_small(median)


def suppressed_rows(
    rows: Iterable[Row], indicators: Sequence[Indicator], small_parts: set[PartKey]
) -> Iterator[Row]:
    """Stored rows as an anonymous visitor sees them. A rate's row is hidden where its
    numerator's stored figure for the same key is small: `small_parts` holds those."""
    by_code = {i.code: i for i in indicators}
    for row in rows:
        indicator = by_code[row.indicator]
        counted = counted_by(indicator)
        if counted is None:
            yield row
        elif counted.pk == indicator.pk:
            yield hide(row) if is_small(row.value) else row
        else:
            key = (counted.pk, row.region, row.period, row.dimension_key)
            yield hide(row) if key in small_parts else row
