"""Reads from the statistics store for the API and the exports, each with its queries spelled out.

Query parameters are parsed here too (`observation_filter`), so every reader of
observations agrees on what `period=2015-2024` or `structure=2024` means; a bad
value raises FilterError with a message naming it.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet

from boso.municipalities.models import County, Municipality
from boso.municipalities.selectors import DateOutsideRegister, version_on
from boso.statistics import suppression
from boso.statistics.exports import Metric, Row
from boso.statistics.harmonise import HarmonisedPoint, Harmoniser, harmonised_many
from boso.statistics.models import Indicator, Observation
from boso.statistics.periods import Period, PeriodError, parse_period

COUNTRY_LABEL = "Hele landet"
_FIELDS = (
    "indicator__code",
    "region",
    "period",
    "period_start",
    "dimension_key",
    "value",
    "status",
)
_ORDER = ("indicator__code", "region", "period_start", "period", "dimension_key")


class IndicatorNotFound(LookupError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"no indicator with code {code!r}")


class FilterError(ValueError):
    """A query parameter that cannot be read; the message names it and its value."""


# --- Indicators ----------------------------------------------------------------------


def indicator_list(*, query: str = "") -> QuerySet[Indicator]:
    """The catalogue in code order, with the rate parts (one query)."""
    indicators = Indicator.objects.select_related("numerator", "denominator").order_by("code")
    if query:
        indicators = indicators.filter(Q(code__icontains=query) | Q(name_nb__icontains=query))
    return indicators


def indicator_get(code: str) -> Indicator:
    indicator = indicator_list().filter(code=code).first()
    if indicator is None:
        raise IndicatorNotFound(code)
    return indicator


def metric_of(indicator: Indicator) -> Metric:
    return Metric(
        code=indicator.code,
        label=indicator.name_nb,
        unit=indicator.unit,
        decimals=indicator.decimals,
        source=indicator.source,
        source_table=indicator.source_table,
    )


# --- Observation filters -------------------------------------------------------------


@dataclass(frozen=True)
class PeriodSpan:
    """Periods starting on or after `start` and before `end` (a range), or one period."""

    start: datetime.date
    end: datetime.date
    code: str = ""  # set for one exact period


@dataclass(frozen=True)
class ObservationFilter:
    indicators: list[Indicator]
    regions: list[str] | None = None
    periods: list[PeriodSpan] | None = None
    dimensions: dict[str, list[str]] = field(default_factory=dict)
    structure: datetime.date | None = None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _end(period: Period) -> datetime.date:
    """The first day after a period."""
    start = period.start
    months = {"year": 12, "half": 6, "quarter": 3, "month": 1}.get(period.kind)
    if months is None:
        return start + datetime.timedelta(days=1)
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, 1)


def _period_span(text: str) -> PeriodSpan:
    """'2024' (exact) or '2015-2024' (every period starting in 2015 up to the end of 2024)."""
    try:
        period = parse_period(text)
    except PeriodError:
        pass
    else:
        return PeriodSpan(period.start, _end(period), period.code)
    for match in re.finditer("-", text):
        first, last = text[: match.start()], text[match.end() :]
        try:
            low, high = parse_period(first), parse_period(last)
        except PeriodError:
            continue
        if high.start < low.start:
            raise FilterError(f"period range {text!r} ends before it starts")
        return PeriodSpan(low.start, _end(high))
    raise FilterError(
        f"period {text!r} is not a period (2024, 2024H1, 2024K1, 2024M03, 2024-11-20) "
        "nor a range of two (2015-2024)"
    )


def _structure(text: str) -> datetime.date:
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            day = datetime.date(int(text), 1, 1)
        else:
            day = datetime.date.fromisoformat(text)
    except ValueError:
        raise FilterError(
            f"structure {text!r} is not a year (2024) or a date (2024-06-01)"
        ) from None
    try:
        version_on(day)
    except DateOutsideRegister as exc:
        raise FilterError(f"structure {text!r}: {exc}") from None
    return day


def _dimension_filters(values: Sequence[str]) -> dict[str, list[str]]:
    wanted: dict[str, list[str]] = {}
    for value in values:
        name, sep, codes = value.partition("=")
        if not sep or not name.strip() or not _split(codes):
            raise FilterError(
                f"dimension {value!r} is not written as ID=CODE or ID=CODE,CODE "
                "(such as KOKfunksjon0000=265)"
            )
        wanted.setdefault(name.strip(), []).extend(_split(codes))
    return wanted


def observation_filter(
    *,
    indicator: str,
    region: str = "",
    period: str = "",
    dimension: Sequence[str] = (),
    structure: str = "",
) -> ObservationFilter:
    """Read the query parameters (two queries: the indicators; the register for `structure`)."""
    codes = _split(indicator)
    if not codes:
        raise FilterError("the parameter 'indicator' is required (an indicator code)")
    found = {i.code: i for i in indicator_list().filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise FilterError("unknown indicator " + ", ".join(repr(c) for c in unknown))
    return ObservationFilter(
        indicators=[found[code] for code in dict.fromkeys(codes)],
        regions=_split(region) or None,
        periods=[_period_span(p) for p in _split(period)] or None,
        dimensions=_dimension_filters(dimension),
        structure=_structure(structure) if structure.strip() else None,
    )


# --- Observations as stored ----------------------------------------------------------


def _dimension_q(name: str, code: str) -> Q:
    """The key holds 'name=code' as one of its ';'-separated parts."""
    part = f"{name}={code}"
    return (
        Q(dimension_key=part)
        | Q(dimension_key__startswith=f"{part};")
        | Q(dimension_key__endswith=f";{part}")
        | Q(dimension_key__contains=f";{part};")
    )


def _period_q(span: PeriodSpan) -> Q:
    if span.code:
        return Q(period=span.code)
    return Q(period_start__gte=span.start, period_start__lt=span.end)


def observation_queryset(f: ObservationFilter) -> QuerySet[Observation]:
    """The stored figures the filter selects, in export order (not harmonised)."""
    observations = Observation.objects.filter(indicator__in=[i.pk for i in f.indicators])
    if f.regions is not None:
        observations = observations.filter(region__in=f.regions)
    if f.periods is not None:
        wanted = Q()
        for span in f.periods:
            wanted |= _period_q(span)
        observations = observations.filter(wanted)
    for name, codes in f.dimensions.items():
        any_code = Q()
        for code in codes:
            any_code |= _dimension_q(name, code)
        observations = observations.filter(any_code)
    return observations.order_by(*_ORDER)


def _row(values: tuple[object, ...]) -> Row:
    return Row(*values)  # type: ignore[arg-type]


# --- Harmonised figures --------------------------------------------------------------


def _in_periods(start: datetime.date, code: str, spans: list[PeriodSpan] | None) -> bool:
    if spans is None:
        return True
    return any(code == s.code if s.code else s.start <= start < s.end for s in spans)


def _has_dimensions(key: str, wanted: dict[str, list[str]]) -> bool:
    if not wanted:
        return True
    parts = set(key.split(";")) if key else set()
    return all(any(f"{name}={code}" in parts for code in codes) for name, codes in wanted.items())


def _harmonised(
    indicator: Indicator, f: ObservationFilter, *, suppress: bool
) -> list[HarmonisedPoint]:
    """One indicator on the filter's structure (three queries: the register, the change
    table, the figures with the rate's parts), small counts hidden when `suppress`."""
    assert f.structure is not None
    indicators = suppression.with_numerators([indicator])
    harmoniser = Harmoniser(structure=f.structure)
    points = harmonised_many(indicators=indicators, harmoniser=harmoniser, regions=f.regions)
    if suppress:
        return suppression.suppressed([indicator], points)[indicator.pk]
    return points[indicator.pk]


def harmonised_rows(f: ObservationFilter, *, suppress: bool = False) -> list[Row]:
    """Figures carried to the structure of `f.structure` (constant queries per indicator);
    with `suppress`, as an anonymous visitor sees them (boso/statistics/suppression.py)."""
    rows: list[Row] = []
    for indicator in sorted(f.indicators, key=lambda i: i.code):
        for p in _harmonised(indicator, f, suppress=suppress):
            if _in_periods(p.period_start, p.period, f.periods) and _has_dimensions(
                p.dimension_key, f.dimensions
            ):
                rows.append(
                    Row(
                        indicator.code,
                        p.region,
                        p.period,
                        p.period_start,
                        p.dimension_key,
                        p.value,
                        p.status,
                        p.sources,
                        p.note,
                    )
                )
    rows.sort(key=lambda r: (r.indicator, r.region, r.period_start, r.period, r.dimension_key))
    return rows


# --- What the API reads --------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    count: int


def observation_page(
    f: ObservationFilter, *, limit: int, offset: int, suppress: bool = False
) -> Page:
    """One page: a count and one query for the rows (as stored), or the harmonised list.
    With `suppress`, small counts are hidden (one more query when a rate is asked for)."""
    if f.structure is not None:
        rows = harmonised_rows(f, suppress=suppress)
        return Page(rows[offset : offset + limit], len(rows))
    observations = observation_queryset(f)
    page = [_row(values) for values in observations.values_list(*_FIELDS)[offset : offset + limit]]
    if suppress:
        page = list(suppression.suppressed_rows(page, f.indicators, _small_parts(f)))
    return Page(page, observations.count())


def observation_rows(
    f: ObservationFilter, *, suppress: bool = False
) -> Sequence[Row] | Iterator[Row]:
    """All the rows, for an export: a harmonised list, or stored rows read in chunks.
    With `suppress`, small counts are hidden (boso/statistics/suppression.py)."""
    if f.structure is not None:
        return harmonised_rows(f, suppress=suppress)
    rows = (
        _row(values)
        for values in observation_queryset(f).values_list(*_FIELDS).iterator(chunk_size=5000)
    )
    if suppress:
        return suppression.suppressed_rows(rows, f.indicators, _small_parts(f))
    return rows


def _small_parts(f: ObservationFilter) -> set[suppression.PartKey]:
    """The stored small figures of the numerators of the rates asked for, under the
    same filter (one query, none when no rate is asked for): they hide the rate's row."""
    numerators = [
        counted
        for i in f.indicators
        if (counted := suppression.counted_by(i)) is not None and counted.pk != i.pk
    ]
    if not numerators:
        return set()
    small = observation_queryset(dataclasses.replace(f, indicators=numerators)).filter(
        suppression.small_q()
    )
    fields = ("indicator_id", "region", "period", "dimension_key")
    return set(small.order_by().values_list(*fields))


def observation_outline(f: ObservationFilter) -> tuple[list[str], list[str]]:
    """The region codes and further dimension ids of the stored rows (one query), so a
    CSV header can be written before the rows stream."""
    regions: set[str] = set()
    dimensions: set[str] = set()
    pairs = observation_queryset(f).order_by().values_list("region", "dimension_key").distinct()
    for region, key in pairs:
        regions.add(region)
        if key:
            dimensions.update(part.split("=", 1)[0] for part in key.split(";"))
    return sorted(regions), sorted(dimensions)


def last_updated(f: ObservationFilter) -> datetime.datetime | None:
    """When any of the selected stored figures last changed (one query)."""
    updated: datetime.datetime | None = observation_queryset(f).aggregate(last=Max("updated_at"))[
        "last"
    ]
    return updated


def region_labels(codes: Sequence[str], *, day: datetime.date | None = None) -> dict[str, str]:
    """Code → name from the register (two queries): '0' the country, two digits a county,
    four a municipality; the name valid on `day`, else of the code's latest use."""
    wanted = set(codes)
    labels = {"0": COUNTRY_LABEL} if "0" in wanted else {}
    spans: dict[str, list[tuple[datetime.date | None, datetime.date | None, str]]] = {}
    counties = County.objects.filter(code__in=[c for c in wanted if len(c) == 2])
    for county in counties.order_by("code", "valid_from"):
        spans.setdefault(county.code, []).append((county.valid_from, county.valid_to, county.name))
    municipalities = Municipality.objects.filter(code__in=[c for c in wanted if len(c) == 4])
    for m in municipalities.order_by("code", "valid_from"):
        spans.setdefault(m.code, []).append((m.valid_from, m.valid_to, m.name))
    for code, uses in spans.items():
        labels[code] = uses[-1][2]
        if day is not None:
            for start, end, name in uses:
                if (start is None or start <= day) and (end is None or day < end):
                    labels[code] = name
    return labels
