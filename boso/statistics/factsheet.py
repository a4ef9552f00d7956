"""Reads for the fact sheet (*boligsosialt faktaark*).

Every figure is carried to the chosen municipality structure with the harmoniser
in boso.statistics.harmonise (counts summed over merged units, rates recomputed
from their parts). The queries are spelled out and their number does not grow
with the number of indicators, periods or municipalities: the register and the
change table are read once (the Harmoniser), and the observations of every
indicator shown are read in one query and harmonised in memory.
"""

from __future__ import annotations

import datetime
import statistics as pystats
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from boso.core.formatting import format_number
from boso.municipalities import selectors as register
from boso.municipalities.models import Municipality, MunicipalityVersion, Region
from boso.statistics import charts, suppression
from boso.statistics.choices import SSB_STATUS_SYMBOLS, Direction, IndicatorKind
from boso.statistics.figures import (
    COUNTRY,
    MAX_CHOSEN,
    NOT_COMPARABLE,
    SSB,
    NotOnStructure,
    OnStructure,
    Point,
    indicator_name,
    indicator_source,
    indicators_in_order,
    status_text,
    to_point,
    today_version,
)
from boso.statistics.harmonise import HarmonisedPoint, Harmoniser, harmonised_many
from boso.statistics.models import Indicator, Observation

# --- The fact sheet ----------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    code: str
    name: str

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


@dataclass
class PeerGroup:
    """The municipalities a fact sheet compares with: chosen ones (each drawn), or the
    others in the same Husbanken region on the structure date (drawn as their median)."""

    chosen: bool
    members: list[Place]
    region: Region | None = None
    unknown: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.chosen:
            return _("Valgte kommuner")
        if self.region is not None:
            return _("Median for %(region)s") % {"region": self.region.name}
        return _("Median for sammenligningskommunene")


@dataclass
class SeriesView:
    label: str
    role: str  # municipality, peer, median, country
    code: str
    points: list[Point]

    def at(self, period: str) -> Point | None:
        return self._by_period.get(period)

    def __post_init__(self) -> None:
        self._by_period = {p.period: p for p in self.points}

    def chart_series(self) -> charts.ChartSeries:
        return charts.ChartSeries(
            self.label,
            self.role,
            [charts.ChartPoint(p.period, p.start, p.value) for p in self.points],
        )


@dataclass(frozen=True)
class Cell:
    """A figure as a table shows it: the Norwegian number, or an SSB status symbol with
    its explanation ('' and '' where the series has no figure for the period)."""

    text: str
    symbol: str = ""
    explanation: str = ""


def cell(point: Point | None, decimals: int) -> Cell:
    """A series with no figure at all for the period reads as missing (".."), never blank."""
    if point is None:
        return Cell("..", "..", status_text(".."))
    if point.value is None:
        return Cell(point.symbol, point.symbol, point.explanation)
    return Cell(format_number(point.value, decimals))


@dataclass(frozen=True)
class TableRow:
    period: str
    cells: list[Cell]


@dataclass
class IndicatorFacts:
    indicator: Indicator
    name: str
    unit: str
    series: list[SeriesView]
    latest: Point | None
    previous: Point | None
    newest: Point | None  # the newest period, when it has a symbol and no figure
    spec: dict[str, object]
    notes: list[str]
    country_left_out: bool = False
    suppressed: bool = False  # some figures hidden from an anonymous visitor

    @property
    def municipality(self) -> SeriesView:
        return self.series[0]

    @property
    def decimals(self) -> int:
        return int(self.indicator.decimals)

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.indicator.code.lower())

    @property
    def source(self) -> str:
        return indicator_source(self.indicator)

    @property
    def change(self) -> Decimal | None:
        if self.latest is None or self.previous is None:
            return None
        assert self.latest.value is not None
        assert self.previous.value is not None
        return self.latest.value - self.previous.value

    @property
    def change_percent(self) -> Decimal | None:
        """Percentage change, for counts and amounts only (a rate changes in points)."""
        change = self.change
        if change is None or self.indicator.kind not in (IndicatorKind.COUNT, IndicatorKind.AMOUNT):
            return None
        assert self.previous is not None
        assert self.previous.value is not None
        if self.previous.value == 0:
            return None
        return change / self.previous.value * 100

    @property
    def judgement(self) -> str:
        """'better', 'worse' or '' after the indicator's direction."""
        change = self.change
        if not change or self.indicator.direction == Direction.NEUTRAL:
            return ""
        worse = change > 0 if self.indicator.direction == Direction.HIGHER_IS_WORSE else change < 0
        return "worse" if worse else "better"

    @property
    def rows(self) -> list[TableRow]:
        starts: dict[str, datetime.date] = {}
        for s in self.series:
            for p in s.points:
                starts[p.period] = p.start
        periods = sorted(starts, key=lambda period: (starts[period], period))
        return [
            TableRow(period, [cell(s.at(period), self.decimals) for s in self.series])
            for period in periods
        ]

    @property
    def spec_json(self) -> str:
        return charts.script_json(self.spec)

    @property
    def symbols(self) -> set[str]:
        return {p.symbol for s in self.series for p in s.points if p.value is None}


@dataclass(frozen=True)
class OtherTable:
    """An imported table with further dimensions (function × type of expense, …): too
    many series for a fact sheet; its indicator page shows one selection at a time."""

    indicator: Indicator
    name: str
    series: int
    last: datetime.date | None


@dataclass
class FactSheet(OnStructure):
    place: Place
    municipality: Municipality
    day: datetime.date
    version: MunicipalityVersion
    today_version: MunicipalityVersion | None
    region: Region | None
    peers: PeerGroup
    facts: list[IndicatorFacts]
    other_tables: list[OtherTable]
    has_country: bool

    @property
    def suppressed(self) -> bool:
        return any(facts.suppressed for facts in self.facts)

    @property
    def suppression_note(self) -> str:
        return suppression.note() if self.suppressed else ""

    @property
    def symbols(self) -> list[tuple[str, str]]:
        used: set[str] = set()
        for facts in self.facts:
            used |= facts.symbols
        return [(s, status_text(s)) for s in SSB_STATUS_SYMBOLS if s in used]

    @property
    def sources(self) -> list[str]:
        named = {facts.source for facts in self.facts} - {SSB}
        return [SSB, *sorted(named)]


def municipality_on(
    code: str, day: datetime.date
) -> tuple[register.MunicipalityRow, list[register.MunicipalityRow]]:
    """The municipality with the code on the structure of the day, and every municipality
    of that structure (three queries). Raises NotOnStructure, DateOutsideRegister."""
    rows = register.municipality_list(day=day)
    found = next((row for row in rows if row.code == code), None)
    if found is None:
        raise NotOnStructure(code, day, _same_municipality_on(code, day))
    return found, rows


def _same_municipality_on(code: str, day: datetime.date) -> str | None:
    """The code the same municipality (same name, across renumberings) had on the day."""
    latest = Municipality.objects.filter(code=code).order_by("-valid_from").first()
    if latest is None:
        return None
    ids = register.municipality_lineage_ids(latest)
    then = Municipality.objects.filter(pk__in=ids, valid_from__lte=day).order_by("-valid_from")
    for candidate in then:
        if candidate.is_valid_on(day):
            return candidate.code
    return None


def _peer_group(
    place: register.MunicipalityRow,
    rows: list[register.MunicipalityRow],
    day: datetime.date,
    chosen: Sequence[str] | None,
) -> PeerGroup:
    by_code = {row.code: row for row in rows}
    if chosen:
        codes = list(dict.fromkeys(c for c in chosen if c != place.code))[:MAX_CHOSEN]
        members = [Place(c, by_code[c].name) for c in codes if c in by_code]
        unknown = [c for c in codes if c not in by_code]
        return PeerGroup(chosen=True, members=members, unknown=unknown)
    membership = register.region_membership(day)
    region_id = membership.region_id_for(place.municipality)
    region = Region.objects.filter(pk=region_id).first() if region_id else None
    members = [
        Place(row.code, row.name)
        for row in rows
        if region_id is not None
        and row.code != place.code
        and membership.region_id_for(row.municipality) == region_id
    ]
    return PeerGroup(chosen=False, members=members, region=region)


def _series(points: Iterable[HarmonisedPoint], region: str) -> list[Point]:
    return [to_point(p) for p in points if p.region == region]


def _own_series(points: list[HarmonisedPoint], code: str, harmoniser: Harmoniser) -> list[Point]:
    """The municipality's points, and a "." for each period whose figures belong to a
    unit it was merged into or split from, which cannot be carried to the structure
    (the harmoniser keeps those under the unit's own number)."""
    own = {p.period: p for p in _series(points, code)}
    memo: dict[tuple[int, str], bool] = {}
    for p in points:
        if p.value is not None or p.status or not p.note or p.period in own:
            continue
        span = harmoniser.span_for(p.region, p.period_start) if len(p.region) == 4 else None
        if span is not None and (
            _leads_to(harmoniser, span, code, "back", memo, 0)
            or _leads_to(harmoniser, span, code, "forward", memo, 0)
        ):
            own[p.period] = Point(p.period, p.period_start, None, NOT_COMPARABLE, comparable=False)
    return sorted(own.values(), key=lambda point: (point.start, point.period))


def _unmapped_relatives(harmoniser: Harmoniser, code: str) -> set[str]:
    """Codes of units that were merged into or split from the municipality and cannot be
    carried to the structure: their figures are shown as not comparable (in memory)."""
    memo: dict[tuple[int, str], bool] = {}
    codes = set()
    for other, spans in harmoniser.spans.items():
        for span in spans:
            if harmoniser.mapping(span).targets:
                continue
            if _leads_to(harmoniser, span, code, "back", memo, 0) or _leads_to(
                harmoniser, span, code, "forward", memo, 0
            ):
                codes.add(other)
    return codes


def _leads_to(
    harmoniser: Harmoniser,
    span: Municipality,
    code: str,
    direction: str,
    memo: dict[tuple[int, str], bool],
    depth: int,
) -> bool:
    """Whether a municipality span reaches `code` on the harmoniser's structure through
    the change table, going back (predecessors) or forward (successors) only."""
    key = (span.pk, direction)
    if key in memo:
        return memo[key]
    memo[key] = False  # against loops
    found = False
    if span.code == code and span.is_valid_on(harmoniser.structure):
        found = True
    elif depth < 20:
        if direction == "back":
            day = span.valid_from
            neighbours = harmoniser.by_new.get((span.code, day), [])
            step = day - datetime.timedelta(days=1)
        else:
            day = span.valid_to or harmoniser.structure
            neighbours = harmoniser.by_old.get((span.code, day), []) if span.valid_to else []
            step = day
        for other in neighbours:
            nxt = harmoniser.span_for(other, step)
            if nxt is not None and nxt.pk != span.pk:
                found = found or _leads_to(harmoniser, nxt, code, direction, memo, depth + 1)
    memo[key] = found
    return found


# The figures an anonymous visitor may not see (suppression.hidden_keys), or None for
# a logged-in user, who sees them all.
Hidden = set[suppression.Key] | None


def _shown(points: list[Point], code: str, hidden: Hidden) -> list[Point]:
    if not hidden:
        return points
    return [suppression.hide(p) if (code, p.period, "") in hidden else p for p in points]


def _median(
    indicator: Indicator, series_by_peer: list[tuple[str, list[Point]]], hidden: Hidden
) -> list[Point]:
    """The median of the peers' real figures per period; for an anonymous visitor it is
    hidden when it is taken from a hidden figure (suppression.hides_median)."""
    values: dict[str, list[tuple[Decimal, bool]]] = defaultdict(list)
    starts: dict[str, datetime.date] = {}
    for code, points in series_by_peer:
        for p in points:
            starts[p.period] = p.start
            if p.value is not None:
                values[p.period].append((p.value, (code, p.period, "") in (hidden or ())))
    result = []
    for period in sorted(starts, key=lambda x: starts[x]):
        found = values.get(period)
        if not found:
            result.append(Point(period, starts[period], None, ".."))
        elif hidden is not None and suppression.hides_median(indicator, found):
            result.append(Point(period, starts[period], None, suppression.SUPPRESSED))
        else:
            median = Decimal(pystats.median(value for value, _hidden in found))
            result.append(Point(period, starts[period], median))
    return result


def _join(items: Sequence[str]) -> str:
    """'a', 'a og b', 'a, b og c'."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s og %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _latest(points: list[Point]) -> tuple[Point | None, Point | None, Point | None]:
    """The latest figure, the one before it, and the newest period when it has none."""
    with_value = [p for p in points if p.value is not None]
    newest = points[-1] if points and points[-1].value is None else None
    if newest is not None and not newest.comparable:
        newest = None  # a period after the structure's time: nothing to say about it
    if not with_value:
        return None, None, newest
    previous = with_value[-2] if len(with_value) > 1 else None
    return with_value[-1], previous, newest


def _facts(
    indicator: Indicator,
    points: list[HarmonisedPoint],
    place: Place,
    peers: PeerGroup,
    harmoniser: Harmoniser,
    hidden: Hidden = None,
) -> IndicatorFacts | None:
    own = _own_series(points, place.code, harmoniser)
    if all(not p.comparable for p in own):
        own = []
    if not own:
        return None
    own = _shown(own, place.code, hidden)
    series = [SeriesView(place.name, "municipality", place.code, own)]
    series += _peer_series(indicator, points, peers, hidden)
    country = _shown(_series(points, COUNTRY), COUNTRY, hidden)
    # Counts and amounts of the whole country dwarf a municipality's: they are left out.
    additive = indicator.kind in (IndicatorKind.COUNT, IndicatorKind.AMOUNT)
    if country and not additive:
        series.append(SeriesView(_("Hele landet"), "country", COUNTRY, country))
    latest, previous, newest = _latest(own)
    name = indicator_name(indicator)
    spec = charts.trend_spec(
        unit=indicator.unit.capitalize() if indicator.unit else "",
        decimals=int(indicator.decimals),
        series=[s.chart_series() for s in series],
        description=_("Linjediagram: %(indicator)s for %(series)s over tid.")
        % {"indicator": name, "series": ", ".join(s.label for s in series)},
    )
    return IndicatorFacts(
        indicator=indicator,
        name=name,
        unit=indicator.unit,
        series=series,
        latest=latest,
        previous=previous,
        newest=newest,
        spec=spec,
        notes=_notes(own),
        country_left_out=bool(country) and additive,
        suppressed=any(p.status == suppression.SUPPRESSED for s in series for p in s.points)
        and bool(hidden),
    )


def _peer_series(
    indicator: Indicator, points: list[HarmonisedPoint], peers: PeerGroup, hidden: Hidden
) -> list[SeriesView]:
    """Each chosen peer with figures, or the median of the region's other municipalities."""
    if peers.chosen:
        found = [(m, _shown(_series(points, m.code), m.code, hidden)) for m in peers.members]
        return [SeriesView(m.name, "peer", m.code, theirs) for m, theirs in found if theirs]
    if peers.members:
        median = _median(
            indicator, [(m.code, _series(points, m.code)) for m in peers.members], hidden
        )
        if median:
            return [SeriesView(peers.label, "median", "", median)]
    return []


def _notes(own: list[Point]) -> list[str]:
    """Why some of the municipality's periods show a symbol rather than a figure."""
    notes = []
    partial = [p for p in own if p.missing]
    if partial:
        notes.append(
            _(
                "Tall for %(periods)s er ikke vist, fordi de mangler for %(parts)s, som nå er "
                "en del av kommunen. Velg kommuneinndelingen fra den tiden for å se tallene "
                "som finnes."
            )
            % {
                "periods": _join([p.period for p in partial]),
                "parts": _join(sorted({part for p in partial for part in p.missing})),
            }
        )
    if any(not p.comparable for p in own):
        notes.append(
            _(
                "Tall for perioder da kommunen var slått sammen eller delt annerledes, kan "
                "ikke føres over på denne kommuneinndelingen (vist med «.»)."
            )
        )
    return notes


def fact_sheet(
    *,
    code: str,
    day: datetime.date,
    chosen: Sequence[str] | None = None,
    suppress: bool = False,
) -> FactSheet:
    """The fact sheet of the municipality with `code` on the structure valid on `day`;
    with `suppress`, as an anonymous visitor sees it (boso/statistics/suppression.py).

    Queries, whatever the number of indicators, periods and peers: the structure (3),
    today's version (1), the region (3), the register for the harmoniser (2), the
    indicators (1), the observations (1) and the other tables (1).
    """
    row, rows = municipality_on(code, day)
    version = register.version_on(day)
    place = Place(row.code, row.name)
    peers = _peer_group(row, rows, day, chosen)
    harmoniser = Harmoniser(structure=day)
    indicators = indicators_in_order(fact_sheet=True)
    regions = {place.code, COUNTRY} | {m.code for m in peers.members}
    points = harmonised_many(
        indicators=indicators,
        harmoniser=harmoniser,
        regions=regions,
        dimension_key="",
        unmapped=_unmapped_relatives(harmoniser, place.code),
    )
    hidden = {i.pk: suppression.hidden_keys(i, points) for i in indicators} if suppress else {}
    facts = [
        found
        for indicator in indicators
        if (
            found := _facts(
                indicator, points[indicator.pk], place, peers, harmoniser, hidden.get(indicator.pk)
            )
        )
        is not None
    ]
    region = peers.region if not peers.chosen else None
    if peers.chosen:
        membership_region = register.region_membership(day).region_id_for(row.municipality)
        region = Region.objects.filter(pk=membership_region).first() if membership_region else None
    return FactSheet(
        place=place,
        municipality=row.municipality,
        day=day,
        version=version,
        today_version=today_version(),
        region=region,
        peers=peers,
        facts=facts,
        other_tables=_other_tables(harmoniser, place.code, indicators),
        has_country=any(s.role == "country" for f in facts for s in f.series),
    )


def _other_tables(
    harmoniser: Harmoniser, code: str, indicators: Sequence[Indicator]
) -> list[OtherTable]:
    by_id = {i.pk: i for i in indicators}
    found = (
        Observation.objects.filter(region__in=sorted(harmoniser.source_codes([code])))
        .exclude(dimension_key="")
        .values("indicator_id")
        .annotate(series=Count("dimension_key", distinct=True), last=Max("period_start"))
        .order_by("indicator_id")
    )
    return [
        OtherTable(
            by_id[f["indicator_id"]],
            indicator_name(by_id[f["indicator_id"]]),
            f["series"],
            f["last"],
        )
        for f in found
        if f["indicator_id"] in by_id
    ]
