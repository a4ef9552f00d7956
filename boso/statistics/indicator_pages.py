"""Reads for the indicator catalogue and the indicator pages (all municipalities
for a period, sortable), on any municipality structure."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, QuerySet
from django.utils.translation import gettext as _

from boso.municipalities import selectors as register
from boso.municipalities.models import MunicipalityVersion
from boso.statistics import charts, suppression
from boso.statistics.choices import SSB_STATUS_SYMBOLS
from boso.statistics.factsheet import Cell, Place, cell
from boso.statistics.figures import (
    COUNTRY,
    OnStructure,
    Point,
    indicator_name,
    indicator_source,
    indicators_in_order,
    is_catalogue,
    status_text,
    to_point,
    today_version,
)
from boso.statistics.harmonise import HarmonisedPoint, Harmoniser, harmonised_many
from boso.statistics.models import Indicator, Observation

# --- Indicator catalogue and indicator pages ---------------------------------------------


@dataclass(frozen=True)
class CatalogueEntry:
    indicator: Indicator
    name: str
    first: datetime.date | None
    last: datetime.date | None
    figures: int

    @property
    def catalogue(self) -> bool:
        return is_catalogue(self.indicator)


def indicator_catalogue() -> list[CatalogueEntry]:
    """Every indicator with the span of its figures (two queries). A rate computed from
    its parts has the span of its numerator."""
    indicators = indicators_in_order()
    spans = {
        row["indicator_id"]: row
        for row in Observation.objects.values("indicator_id")
        .annotate(first=Min("period_start"), last=Max("period_start"), figures=Count("id"))
        .order_by("indicator_id")
    }
    entries = []
    for indicator in indicators:
        key = indicator.numerator_id if indicator.is_derived_rate else indicator.pk
        span = spans.get(key, {})
        entries.append(
            CatalogueEntry(
                indicator,
                indicator_name(indicator),
                span.get("first"),
                span.get("last"),
                span.get("figures", 0),
            )
        )
    return entries


def indicator_get(code: str) -> Indicator:
    return Indicator.objects.select_related("numerator", "denominator").get(code=code)


@dataclass(frozen=True)
class PeriodOption:
    period: str
    start: datetime.date


def _base(indicator: Indicator) -> Indicator:
    return indicator.numerator if indicator.is_derived_rate and indicator.numerator else indicator


def indicator_periods(indicator: Indicator) -> tuple[list[str], str | None]:
    """The periods with figures, newest first, and the newest with a value (not only
    status symbols) for the default (one query)."""
    rows = (
        Observation.objects.filter(indicator=_base(indicator))
        .values_list("period", "period_start")
        .annotate(values=Count("value"))
        .order_by("-period_start", "period")
    )
    periods: dict[str, int] = {}
    for period, _start, values in rows:
        periods[period] = periods.get(period, 0) + values
    default = next((p for p, n in periods.items() if n), None)
    return list(periods), default or next(iter(periods), None)


def indicator_dimension_keys(indicator: Indicator) -> list[str]:
    """The dimension keys of the indicator's figures ("" for none), in order (one query)."""
    keys: QuerySet[Observation, str] = (
        Observation.objects.filter(indicator=_base(indicator))
        .values_list("dimension_key", flat=True)
        .distinct()
        .order_by("dimension_key")
    )
    return list(keys)


@dataclass(frozen=True)
class RankRow:
    place: Place
    point: Point
    highlighted: bool
    decimals: int

    @property
    def cell(self) -> Cell:
        return cell(self.point, self.decimals)


SORTS = ("-verdi", "verdi", "navn", "-navn", "nr", "-nr")


@dataclass
class IndicatorPage(OnStructure):
    indicator: Indicator
    name: str
    day: datetime.date
    version: MunicipalityVersion
    today_version: MunicipalityVersion | None
    periods: list[str]
    period: str | None
    dimension_keys: list[str]
    dimension_key: str
    rows: list[RankRow]
    without: int  # municipalities on the structure with no figure for the period
    country: Point | None
    sort: str
    spec: dict[str, object] | None
    suppressed: bool = False  # some figures hidden from an anonymous visitor

    @property
    def source(self) -> str:
        return indicator_source(self.indicator)

    @property
    def suppression_note(self) -> str:
        return suppression.note() if self.suppressed else ""

    @property
    def spec_json(self) -> str:
        return charts.script_json(self.spec) if self.spec else ""

    @property
    def partial(self) -> int:
        """Municipalities whose figure is missing because some of their parts lack one."""
        return sum(1 for r in self.rows if r.point.missing)

    @property
    def country_cell(self) -> Cell:
        return cell(self.country, int(self.indicator.decimals))

    @property
    def symbols(self) -> list[tuple[str, str]]:
        used = {r.point.symbol for r in self.rows if r.point.value is None}
        if self.country is not None and self.country.value is None:
            used.add(self.country.symbol)
        return [(s, status_text(s)) for s in SSB_STATUS_SYMBOLS if s in used]


def _sorted(rows: list[RankRow], sort: str) -> list[RankRow]:
    if sort in ("navn", "-navn"):
        return sorted(rows, key=lambda r: r.place.name.casefold(), reverse=sort == "-navn")
    if sort in ("nr", "-nr"):
        return sorted(rows, key=lambda r: r.place.code, reverse=sort == "-nr")
    by_name = sorted(rows, key=lambda r: r.place.name.casefold())
    with_value = [r for r in by_name if r.point.value is not None]
    without = [r for r in by_name if r.point.value is None]
    # A stable sort: equal figures stay in alphabetical order, in either direction.
    with_value.sort(key=lambda r: r.point.value or 0, reverse=sort == "-verdi")
    return with_value + without


def indicator_page(
    *,
    indicator: Indicator,
    day: datetime.date,
    period: str | None = None,
    dimension_key: str | None = None,
    sort: str = "-verdi",
    highlight: str = "",
    suppress: bool = False,
) -> IndicatorPage:
    """All municipalities of a structure for one period of an indicator (and one
    selection of its further dimensions). About ten queries, whatever the size.
    With `suppress`, as an anonymous visitor sees it (boso/statistics/suppression.py)."""
    rows = register.municipality_list(day=day)
    version = register.version_on(day)
    periods, default = indicator_periods(indicator)
    if period not in periods:
        period = default
    keys = indicator_dimension_keys(indicator)
    if dimension_key not in keys:
        dimension_key = "" if "" in keys or not keys else keys[0]
    assert dimension_key is not None
    sort = sort if sort in SORTS else "-verdi"
    name = indicator_name(indicator)
    ranked: list[RankRow] = []
    country = None
    hidden = 0
    if period is not None:
        points, hidden = _points(indicator, day, period, dimension_key, suppress)
        by_region = {p.region: to_point(p) for p in points}
        country = by_region.get(COUNTRY)
        ranked = [
            RankRow(
                Place(row.code, row.name),
                by_region[row.code],
                row.code == highlight,
                int(indicator.decimals),
            )
            for row in rows
            if row.code in by_region
        ]
    ordered = _sorted(ranked, sort)
    spec = None
    with_value = [r for r in ranked if r.point.value is not None]
    if with_value:
        unit = indicator.unit.capitalize() if indicator.unit else ""
        spec = charts.ranking_spec(
            unit=unit,
            decimals=int(indicator.decimals),
            items=[
                charts.BarItem(r.place.code, r.place.name, r.point.value, r.highlighted)
                for r in with_value
                if r.point.value is not None
            ],
            reference=country.value if country else None,
            reference_label=_("Hele landet"),
            description=_(
                "Stolpediagram: %(indicator)s %(period)s for %(count)s kommuner, størst først."
            )
            % {"indicator": name, "period": period, "count": len(with_value)},
        )
    return IndicatorPage(
        indicator=indicator,
        name=name,
        day=day,
        version=version,
        today_version=today_version(),
        periods=periods,
        period=period,
        dimension_keys=keys,
        dimension_key=dimension_key,
        rows=ordered,
        without=len(rows) - len(ranked),
        country=country,
        sort=sort,
        spec=spec,
        suppressed=hidden > 0,
    )


def _points(
    indicator: Indicator, day: datetime.date, period: str, dimension_key: str, suppress: bool
) -> tuple[list[HarmonisedPoint], int]:
    """The indicator's points for one period on the structure (one query for the figures,
    a rate's numerator included), and how many were hidden."""
    found = harmonised_many(
        indicators=suppression.with_numerators([indicator]),
        harmoniser=Harmoniser(structure=day),
        periods=[period],
        dimension_key=dimension_key,
    )
    if not suppress:
        return found[indicator.pk], 0
    hidden = suppression.hidden_keys(indicator, found)
    points = found[indicator.pk]
    count = sum(1 for p in points if suppression.key_of(p) in hidden and p.value is not None)
    return [suppression.hide(p) if suppression.key_of(p) in hidden else p for p in points], count
