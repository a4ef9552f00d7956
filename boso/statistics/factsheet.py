"""Reads for the fact sheet (*boligsosialt faktaark*) and the indicator pages.

Every figure is carried to the chosen municipality structure with the harmoniser
in boso.statistics.harmonise (counts summed over merged units, rates recomputed
from their parts). The queries are spelled out and their number does not grow
with the number of indicators, periods or municipalities: the register and the
change table are read once (the Harmoniser), and the observations of every
indicator shown are read in one query and harmonised in memory.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import statistics as pystats
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fnmatch import fnmatchcase
from functools import cache

from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from boso.core.formatting import format_date, format_number
from boso.municipalities import selectors as register
from boso.municipalities.models import Municipality, MunicipalityVersion, Region
from boso.statistics import charts
from boso.statistics.choices import SSB_STATUS_SYMBOLS, Direction, IndicatorKind
from boso.statistics.harmonise import HarmonisedPoint, Harmoniser, harmonised_many
from boso.statistics.models import Indicator, Observation
from boso.statistics.services import CATALOGUE_JSON

COUNTRY = "0"
_TABLE_PREFIX = re.compile(r"^\w+:\s+")
SSB = "Statistisk sentralbyrå"
MAX_CHOSEN = 10
# The order of the key indicators on a fact sheet; the rest of the catalogue follows
# by name, then the tables imported from the statistics bank.
KEY_ORDER = (
    "population",
    "homeless",
    "homeless_per_1000",
    "living_conditions_index",
    "housing_allowance_per_inhabitant",
    "start_loans_*",
    "municipal_dwellings*",
    "waiting_list",
    "rent_arrears",
)
# The explanations in choices.SSB_STATUS_SYMBOLS, marked here for translation.
_STATUS_MSGIDS = (
    gettext_noop("Lar seg ikke føre opp"),
    gettext_noop("Tall mangler"),
    gettext_noop("Tall kan ikke offentliggjøres ennå"),
    gettext_noop("Vises ikke av konfidensialitetshensyn"),
    gettext_noop("Null"),
)
# A figure that cannot be carried to the chosen structure (a merger backwards, a split)
# is shown with SSB's symbol for "cannot be stated", and a note says why.
NOT_COMPARABLE = "."


class StructureError(ValueError):
    """?struktur= is neither a date nor a year."""


class NotOnStructure(LookupError):
    """The code names no municipality on the structure; `alternative` is the code the
    same municipality had then, when there is one (3301 Drammen → 0602 in 2019)."""

    def __init__(self, code: str, day: datetime.date, alternative: str | None) -> None:
        self.code, self.day, self.alternative = code, day, alternative
        super().__init__(f"{code} is not a municipality on {day.isoformat()}")


# --- Structures ------------------------------------------------------------------------


def structure_day(raw: str, *, today: datetime.date | None = None) -> datetime.date:
    """?struktur=: a date (2019-06-30 or 30.06.2019) or a year (2019 → 1 January)."""
    text = raw.strip()
    if not text:
        return today or datetime.date.today()
    if len(text) == 4 and text.isdigit():
        year = int(text)
        if year < 1838:
            raise StructureError(text)
        return datetime.date(year, 1, 1)
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise StructureError(text)


def structure_param(version: MunicipalityVersion) -> str:
    """The shortest ?struktur= value that selects a version: its year when it starts
    on 1 January, else its first day."""
    start = version.valid_from
    return str(start.year) if (start.month, start.day) == (1, 1) else start.isoformat()


@dataclass(frozen=True)
class StructureOption:
    value: str  # "" for today's structure
    label: str
    selected: bool


def structure_options(
    current: MunicipalityVersion, today_version: MunicipalityVersion | None
) -> list[StructureOption]:
    """Today's structure first, then every loaded KLASS version, newest first (one query)."""
    options = []
    if today_version is not None:
        options.append(
            StructureOption(
                "",
                _("Dagens (fra %(year)s)") % {"year": today_version.valid_from.year},
                current.pk == today_version.pk,
            )
        )
    for version in reversed(list(register.loaded_versions())):
        if today_version is not None and version.pk == today_version.pk:
            continue
        options.append(
            StructureOption(structure_param(version), version.name, current.pk == version.pk)
        )
    return options


# --- Harmonised figures in bulk ---------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A figure on the chosen structure: a value, or none with an SSB status symbol."""

    period: str
    start: datetime.date
    value: Decimal | None
    status: str = ""
    comparable: bool = True
    missing: tuple[str, ...] = ()  # parts without figures ("0625 Nedre Eiker"), if partial

    @property
    def symbol(self) -> str:
        if self.value is not None:
            return ""
        return self.status or ".."

    @property
    def explanation(self) -> str:
        if not self.comparable:
            return _("Kan ikke føres over på denne kommuneinndelingen")
        if self.missing:
            return _("Mangler for noen av kommunene som nå er en del av kommunen")
        return status_text(self.symbol) if self.symbol else ""


def to_point(p: HarmonisedPoint) -> Point:
    """A harmonised figure as the pages show it: a partial sum or an uncarried one is none."""
    if p.missing:
        return Point(p.period, p.period_start, None, "..", missing=p.missing)
    if p.value is None and not p.status and p.note:
        return Point(p.period, p.period_start, None, NOT_COMPARABLE, comparable=False)
    return Point(p.period, p.period_start, p.value, p.status if p.value is None else "")


# --- Indicators --------------------------------------------------------------------------


@cache
def catalogue_codes() -> frozenset[str]:
    """The codes of the catalogue shipped with boso (the rest came from imported tables)."""
    entries = json.loads(CATALOGUE_JSON.read_text(encoding="utf-8"))["indicators"]
    return frozenset(entry["code"] for entry in entries)


def is_catalogue(indicator: Indicator) -> bool:
    return indicator.code in catalogue_codes()


def indicator_name(indicator: Indicator) -> str:
    """The name in the UI's language. An imported table's variable is named after the
    table too ("Befolkning: personer"), since its own label says little ("Personer")."""
    if translation.get_language() == "en" and indicator.name_en:
        return indicator.name_en
    if is_catalogue(indicator):
        return indicator.name_nb
    topic = _TABLE_PREFIX.sub("", indicator.definition).split(", etter ")[0].strip()
    label = indicator.name_nb
    if not topic or not label or topic.casefold() == label.casefold():
        return label or topic or indicator.code
    return f"{topic}: {label[0].lower()}{label[1:]}"


def indicator_source(indicator: Indicator) -> str:
    return indicator.source or SSB


def _order_key(indicator: Indicator) -> tuple[int, int, str]:
    if is_catalogue(indicator):
        for rank, pattern in enumerate(KEY_ORDER):
            if fnmatchcase(indicator.code, pattern):
                return (0, rank, indicator.code)
        return (1, 0, indicator_name(indicator).casefold())
    return (2, 0, indicator.code)


def indicators_in_order() -> list[Indicator]:
    """Every indicator with its parts, in fact-sheet order (one query)."""
    found = Indicator.objects.select_related("numerator", "denominator")
    return sorted(found, key=_order_key)


def status_text(symbol: str) -> str:
    text = SSB_STATUS_SYMBOLS.get(symbol)
    return _(text) if text else ""


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
class FactSheet:
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
    def is_today(self) -> bool:
        return self.today_version is not None and self.version.pk == self.today_version.pk

    @property
    def struktur(self) -> str:
        return "" if self.is_today else structure_param(self.version)

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


def _today_version() -> MunicipalityVersion | None:
    try:
        return register.version_on(datetime.date.today())
    except register.DateOutsideRegister:
        return None


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


def _median(series_by_peer: list[list[Point]]) -> list[Point]:
    values: dict[str, list[Decimal]] = defaultdict(list)
    starts: dict[str, datetime.date] = {}
    for points in series_by_peer:
        for p in points:
            starts[p.period] = p.start
            if p.value is not None:
                values[p.period].append(p.value)
    result = []
    for period in sorted(starts, key=lambda x: starts[x]):
        found = values.get(period)
        if found:
            result.append(Point(period, starts[period], Decimal(pystats.median(found))))
        else:
            result.append(Point(period, starts[period], None, ".."))
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
) -> IndicatorFacts | None:
    own = _own_series(points, place.code, harmoniser)
    if all(not p.comparable for p in own):
        own = []
    if not own:
        return None
    series = [SeriesView(place.name, "municipality", place.code, own)]
    series += _peer_series(points, peers)
    country = _series(points, COUNTRY)
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
    )


def _peer_series(points: list[HarmonisedPoint], peers: PeerGroup) -> list[SeriesView]:
    """Each chosen peer with figures, or the median of the region's other municipalities."""
    if peers.chosen:
        found = [(m, _series(points, m.code)) for m in peers.members]
        return [SeriesView(m.name, "peer", m.code, theirs) for m, theirs in found if theirs]
    if peers.members:
        median = _median([_series(points, m.code) for m in peers.members])
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


def fact_sheet(*, code: str, day: datetime.date, chosen: Sequence[str] | None = None) -> FactSheet:
    """The fact sheet of the municipality with `code` on the structure valid on `day`.

    Queries, whatever the number of indicators, periods and peers: the structure (3),
    today's version (1), the region (3), the register for the harmoniser (2), the
    indicators (1), the observations (1) and the other tables (1).
    """
    row, rows = municipality_on(code, day)
    version = register.version_on(day)
    place = Place(row.code, row.name)
    peers = _peer_group(row, rows, day, chosen)
    harmoniser = Harmoniser(structure=day)
    indicators = indicators_in_order()
    regions = {place.code, COUNTRY} | {m.code for m in peers.members}
    points = harmonised_many(
        indicators=indicators,
        harmoniser=harmoniser,
        regions=regions,
        dimension_key="",
        unmapped=_unmapped_relatives(harmoniser, place.code),
    )
    facts = [
        found
        for indicator in indicators
        if (found := _facts(indicator, points[indicator.pk], place, peers, harmoniser)) is not None
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
        today_version=_today_version(),
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


# --- Downloads ---------------------------------------------------------------------------

DOWNLOAD_HEADER = (
    "indikator",
    "indikatornavn",
    "enhet",
    "serie",
    "regionkode",
    "periode",
    "verdi",
    "status",
    "forklaring",
    "kilde",
)


@dataclass(frozen=True)
class DownloadRow:
    indicator: str
    name: str
    unit: str
    series: str
    region: str
    period: str
    value: Decimal | None
    decimals: int
    status: str
    explanation: str
    source: str


def download_rows(sheet: FactSheet) -> list[DownloadRow]:
    """Every figure the fact sheet shows, one row per series and period."""
    rows = []
    for facts in sheet.facts:
        for s in facts.series:
            for p in s.points:
                rows.append(
                    DownloadRow(
                        indicator=facts.indicator.code,
                        name=facts.name,
                        unit=facts.unit,
                        series=s.label,
                        region=s.code,
                        period=p.period,
                        value=p.value,
                        decimals=facts.decimals,
                        status=p.symbol,
                        explanation=status_text(p.symbol) if p.symbol else "",
                        source=facts.source,
                    )
                )
    return rows


def _plain_number(value: Decimal | None, decimals: int) -> str:
    """1234,5: a decimal comma and no thousands separator, as spreadsheets read it."""
    if value is None:
        return ""
    return f"{_rounded(value, decimals):f}".replace(".", ",")


def _rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _about(sheet: FactSheet) -> list[str]:
    return [
        _("Boligsosialt faktaark: %(place)s") % {"place": sheet.place},
        _("Kommuneinndeling per %(day)s (%(version)s)")
        % {"day": format_date(sheet.day), "version": sheet.version.name},
        _("Kilde: %(sources)s") % {"sources": "; ".join(sheet.sources)},
        _("Hentet %(day)s") % {"day": format_date(timezone.localdate())},
    ]


def factsheet_csv(sheet: FactSheet) -> bytes:
    """Semicolon-separated with decimal commas and a byte-order mark, as Excel in
    Norway expects; status symbols stay in their own column, never 0."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(DOWNLOAD_HEADER)
    for r in download_rows(sheet):
        writer.writerow(
            [
                r.indicator,
                r.name,
                r.unit,
                r.series,
                r.region,
                r.period,
                _plain_number(r.value, r.decimals),
                r.status,
                r.explanation,
                r.source,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def factsheet_xlsx(sheet: FactSheet) -> bytes:
    """A workbook with the figures (numbers as numbers) and a sheet about them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    data = book.active
    assert data is not None
    data.title = _("Tall")
    data.append(list(DOWNLOAD_HEADER))
    for cell in data[1]:
        cell.font = Font(bold=True)
    for r in download_rows(sheet):
        data.append(
            [
                r.indicator,
                r.name,
                r.unit,
                r.series,
                r.region,
                r.period,
                float(_rounded(r.value, r.decimals)) if r.value is not None else None,
                r.status,
                r.explanation,
                r.source,
            ]
        )
        value_cell = data.cell(row=data.max_row, column=7)
        value_cell.number_format = "#,##0" + ("." + "0" * r.decimals if r.decimals > 0 else "")
    data.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (28, 36, 18, 30, 10, 12, 14, 8, 30, 36), strict=True):
        data.column_dimensions[column].width = width
    about = book.create_sheet(_("Om tallene"))
    for line in _about(sheet):
        about.append([line])
    for symbol, text in sheet.symbols:
        about.append([f"{symbol}  {text}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
class IndicatorPage:
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

    @property
    def is_today(self) -> bool:
        return self.today_version is not None and self.version.pk == self.today_version.pk

    @property
    def struktur(self) -> str:
        return "" if self.is_today else structure_param(self.version)

    @property
    def source(self) -> str:
        return indicator_source(self.indicator)

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
) -> IndicatorPage:
    """All municipalities of a structure for one period of an indicator (and one
    selection of its further dimensions). About ten queries, whatever the size."""
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
    if period is not None:
        harmoniser = Harmoniser(structure=day)
        points = harmonised_many(
            indicators=[indicator],
            harmoniser=harmoniser,
            periods=[period],
            dimension_key=dimension_key,
        )[indicator.pk]
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
        today_version=_today_version(),
        periods=periods,
        period=period,
        dimension_keys=keys,
        dimension_key=dimension_key,
        rows=ordered,
        without=len(rows) - len(ranked),
        country=country,
        sort=sort,
        spec=spec,
    )
