"""Series on a chosen municipality structure, across the reforms in KLASS 131.

Each observation's region code is resolved to the municipality it meant at the
time (the span of that code valid in the period, else the nearest span of the
code, because statistics banks also publish old years on today's codes). That
municipality is then carried to the chosen structure date through the change
table: forward through renumberings and mergers, backward through renumberings
only. Counts and amounts are summed over merged units; rates are recomputed
from their harmonised numerator and denominator, never averaged; a unit that
was split (1507 Ålesund → 1508 + 1580 in 2024) cannot be carried across the
split unless a split key gives each part's share. Indexes are not additive and
are only carried one-to-one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from boso.municipalities.models import Municipality, MunicipalityChange
from boso.municipalities.selectors import change_graph
from boso.statistics.choices import IndicatorKind
from boso.statistics.models import Indicator, Observation

SplitKeys = dict[str, dict[str, Decimal]]  # old code → {new code: share of the old unit}


@dataclass(frozen=True)
class Mapping:
    """Where one municipality span lands on the target structure."""

    targets: dict[str, Decimal]  # target code → share of the source unit (1 unless split)
    note: str = ""  # why it cannot be carried, when targets is empty


@dataclass(frozen=True)
class HarmonisedPoint:
    region: str
    period: str
    period_start: datetime.date
    dimension_key: str
    value: Decimal | None
    status: str
    sources: tuple[str, ...]
    note: str = ""
    missing: tuple[str, ...] = ()  # parts without figures ("0625 Nedre Eiker") of a sum


@dataclass
class Harmoniser:
    """The register and change table in memory (read once per process while the register
    stays unchanged: one query to check), with memoised mappings."""

    structure: datetime.date
    split_keys: SplitKeys = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The register as this process last read it (one query to see it is unchanged):
        # every fact sheet, indicator page and plan builds a harmoniser.
        graph = change_graph()
        # Mappings depend only on the register and the structure unless split keys are
        # given, so they are shared by every harmoniser of this graph and structure.
        shared: dict[str, Any] = (
            {} if self.split_keys else graph.derived.setdefault(("harmoniser", self.structure), {})
        )
        if "spans" not in shared:
            shared.update(_register_maps(graph.municipalities, graph.changes))
        self.spans: dict[str, list[Municipality]] = shared["spans"]
        self.by_old: dict[tuple[str, datetime.date], list[str]] = shared["by_old"]
        self.by_new: dict[tuple[str, datetime.date], list[str]] = shared["by_new"]
        self._memo: dict[int, Mapping] = shared.setdefault("memo", {})
        self._shared = shared

    def parts(self, target: str) -> list[Municipality]:
        """Every municipality span that lands in a target unit (computed once, in memory)."""
        if "parts" not in self._shared:
            parts: dict[str, list[Municipality]] = defaultdict(list)
            for spans in self.spans.values():
                for span in spans:
                    for code in self.mapping(span).targets:
                        parts[code].append(span)
            self._shared["parts"] = parts
        found: list[Municipality] = self._shared["parts"].get(target, [])
        return found

    def missing_parts(self, point: HarmonisedPoint) -> tuple[str, ...]:
        """Parts of the target unit that existed in the period but have no figure in the sum.

        Drammen's population in 2008 on today's structure needs 0602, 0625 and 0711;
        before the oldest loaded structure the parts are unknown and nothing is missing.
        """
        if len(point.region) != 4 or point.value is None:
            return ()
        have = set(point.sources)
        return tuple(
            f"{m.code} {m.name}"
            for m in sorted(self.parts(point.region), key=lambda m: m.code)
            if m.is_valid_on(point.period_start) and m.code not in have
        )

    def source_codes(self, regions: Iterable[str]) -> set[str]:
        """Every stored region code whose figures may land in the target regions."""
        wanted = set(regions)
        codes = {r for r in wanted if len(r) != 4}
        for code, spans in self.spans.items():
            if any(set(self.mapping(m).targets) & wanted for m in spans):
                codes.add(code)
        return codes

    def span_for(self, code: str, day: datetime.date) -> Municipality | None:
        """The span of a code valid on the day, else the nearest span of that code."""
        spans = self.spans.get(code, [])
        for m in spans:
            if m.is_valid_on(day):
                return m
        later = [m for m in spans if m.valid_from > day]
        return later[0] if later else (spans[-1] if spans else None)

    def _at(self, code: str, day: datetime.date) -> Municipality | None:
        return next((m for m in self.spans.get(code, []) if m.is_valid_on(day)), None)

    def mapping(self, m: Municipality) -> Mapping:
        if m.pk not in self._memo:
            self._memo[m.pk] = self._map(m, depth=0)
        return self._memo[m.pk]

    def _map(self, m: Municipality, depth: int) -> Mapping:
        if depth > 20:
            return Mapping({}, "the change table loops")
        if m.is_valid_on(self.structure):
            return Mapping({m.code: Decimal(1)})
        if m.valid_to is not None and m.valid_to <= self.structure:
            return self._forward(m, depth)
        return self._backward(m, depth)

    def _forward(self, m: Municipality, depth: int) -> Mapping:
        assert m.valid_to is not None
        successors = sorted(set(self.by_old.get((m.code, m.valid_to), [])))
        if len(successors) > 1:
            return self._split(m, successors)
        nxt = self._at(successors[0], m.valid_to) if successors else None
        if nxt is None:
            return Mapping({}, f"{m.code} {m.name} has no successor in the register")
        return self._map(nxt, depth + 1)

    def _split(self, m: Municipality, successors: list[str]) -> Mapping:
        key = self.split_keys.get(m.code)
        if not key:
            parts = " + ".join(successors)
            return Mapping(
                {}, f"{m.code} {m.name} was split into {parts} on {m.valid_to}: not comparable"
            )
        targets: dict[str, Decimal] = {}
        for code, share in key.items():
            part = self._at(code, m.valid_to) if m.valid_to else None
            if part is None:
                return Mapping({}, f"split key for {m.code} names unknown {code}")
            for target, sub in self._map(part, 1).targets.items():
                targets[target] = targets.get(target, Decimal(0)) + share * sub
        return Mapping(targets)

    def _backward(self, m: Municipality, depth: int) -> Mapping:
        predecessors = sorted(set(self.by_new.get((m.code, m.valid_from), [])))
        if len(predecessors) != 1:
            if not predecessors:
                return Mapping({}, f"{m.code} {m.name} did not exist on {self.structure}")
            parts = " + ".join(predecessors)
            return Mapping(
                {}, f"{m.code} {m.name} was formed from {parts}: not comparable backwards"
            )
        old = predecessors[0]
        if len(set(self.by_old.get((old, m.valid_from), []))) != 1:
            return Mapping({}, f"{m.code} {m.name} is a part of {old}: not comparable backwards")
        prev = self._at(old, m.valid_from - datetime.timedelta(days=1))
        if prev is None:
            return Mapping({}, f"{old} is not in the register")
        return self._map(prev, depth + 1)


def _register_maps(
    municipalities: Iterable[Municipality], changes: Iterable[MunicipalityChange]
) -> dict[str, Any]:
    """Spans of each code (oldest first) and the change table by old and by new code."""
    spans: dict[str, list[Municipality]] = defaultdict(list)
    for m in sorted(municipalities, key=lambda m: (m.code, m.valid_from)):
        spans[m.code].append(m)
    by_old: dict[tuple[str, datetime.date], list[str]] = defaultdict(list)
    by_new: dict[tuple[str, datetime.date], list[str]] = defaultdict(list)
    for c in changes:
        by_old[(c.old_code, c.occurred)].append(c.new_code)
        by_new[(c.new_code, c.occurred)].append(c.old_code)
    return {"spans": spans, "by_old": by_old, "by_new": by_new}


def _additive(indicator: Indicator) -> bool:
    return indicator.kind in (IndicatorKind.COUNT, IndicatorKind.AMOUNT)


def harmonise_observations(
    observations: Iterable[Observation], *, indicator: Indicator, harmoniser: Harmoniser
) -> list[HarmonisedPoint]:
    """Carry stored figures (municipality level) to the harmoniser's structure."""
    groups: dict[tuple[str, str, str], list[tuple[Observation, Decimal]]] = defaultdict(list)
    starts: dict[str, datetime.date] = {}
    skipped: list[HarmonisedPoint] = []
    for obs in observations:
        starts[obs.period] = obs.period_start
        if len(obs.region) != 4:  # the country and counties are shown as stored
            groups[(obs.region, obs.period, obs.dimension_key)].append((obs, Decimal(1)))
            continue
        span = harmoniser.span_for(obs.region, obs.period_start)
        mapping = harmoniser.mapping(span) if span else Mapping({}, f"unknown {obs.region}")
        if not mapping.targets or (not _additive(indicator) and _is_merge(mapping, obs)):
            skipped.append(_not_comparable(obs, mapping.note or "not additive across a merger"))
            continue
        for target, share in mapping.targets.items():
            groups[(target, obs.period, obs.dimension_key)].append((obs, share))
    points = [
        _complete(_combine(key, members, starts[key[1]], indicator), harmoniser)
        for key, members in groups.items()
    ]
    return sorted(points + skipped, key=lambda p: (p.region, p.period_start, p.dimension_key))


def _complete(point: HarmonisedPoint, harmoniser: Harmoniser) -> HarmonisedPoint:
    """A sum that lacks some of the unit's parts is no figure for the unit: '..', parts named."""
    missing = harmoniser.missing_parts(point)
    if not missing:
        return point
    return HarmonisedPoint(
        point.region,
        point.period,
        point.period_start,
        point.dimension_key,
        None,
        "..",
        point.sources,
        point.note,
        missing,
    )


def _is_merge(mapping: Mapping, obs: Observation) -> bool:
    return any(share != 1 for share in mapping.targets.values())


def _not_comparable(obs: Observation, note: str) -> HarmonisedPoint:
    return HarmonisedPoint(
        obs.region, obs.period, obs.period_start, obs.dimension_key, None, "", (obs.region,), note
    )


def _combine(
    key: tuple[str, str, str],
    members: list[tuple[Observation, Decimal]],
    start: datetime.date,
    indicator: Indicator,
) -> HarmonisedPoint:
    region, period, dims = key
    sources = tuple(sorted(obs.region for obs, _share in members))
    if len(members) > 1 and not _additive(indicator):
        return HarmonisedPoint(
            region,
            period,
            start,
            dims,
            None,
            "",
            sources,
            "several units merged: this indicator cannot be summed",
        )
    missing = [obs for obs, _share in members if obs.value is None]
    if missing:
        # A sum with a missing part is no figure: keep the part's symbol, never 0.
        return HarmonisedPoint(
            region, period, start, dims, None, missing[0].status or "..", sources
        )
    total = sum((obs.value * share for obs, share in members if obs.value is not None), Decimal(0))
    return HarmonisedPoint(region, period, start, dims, total, "", sources)


def harmonised_series(
    *,
    indicator: Indicator,
    structure: datetime.date,
    regions: list[str] | None = None,
    split_keys: SplitKeys | None = None,
) -> list[HarmonisedPoint]:
    """An indicator on the structure valid on `structure`, for some target regions or all."""
    harmoniser = Harmoniser(structure=structure, split_keys=split_keys or {})
    return harmonised_many(indicators=[indicator], harmoniser=harmoniser, regions=regions)[
        indicator.pk
    ]


def harmonised_many(
    *,
    indicators: Sequence[Indicator],
    harmoniser: Harmoniser,
    regions: Iterable[str] | None = None,
    periods: Iterable[str] | None = None,
    dimension_key: str | None = None,
    unmapped: Iterable[str] = (),
) -> dict[int, list[HarmonisedPoint]]:
    """Indicator id → its points on the harmoniser's structure, for target regions (all
    when None), some periods (all when None) and one dimension key (all when None).

    Rates with a numerator and denominator are recomputed from those; stored rates
    without them are carried one-to-one only. `unmapped` names further stored codes
    whose figures come back under their own numbers (marked not comparable). One query
    for the observations of every indicator together.
    """
    parts: dict[int, Indicator] = {}
    for indicator in indicators:
        parts[indicator.pk] = indicator  # a rate may also be stored as published
        if indicator.is_derived_rate and indicator.numerator and indicator.denominator:
            parts[indicator.numerator.pk] = indicator.numerator
            parts[indicator.denominator.pk] = indicator.denominator
    wanted = set(regions) if regions is not None else None
    rows = Observation.objects.filter(indicator_id__in=list(parts)).only(
        "indicator_id", "region", "period", "period_start", "dimension_key", "value", "status"
    )
    if wanted is not None:
        also = set(unmapped)
        rows = rows.filter(region__in=sorted(harmoniser.source_codes(wanted) | also))
        wanted |= also
    if periods is not None:
        rows = rows.filter(period__in=list(periods))
    if dimension_key is not None:
        rows = rows.filter(dimension_key=dimension_key)
    grouped: dict[int, list[Observation]] = defaultdict(list)
    for obs in rows.order_by("period_start"):
        grouped[obs.indicator_id].append(obs)
    base = {
        pk: _filtered(
            harmonise_observations(grouped.get(pk, []), indicator=ind, harmoniser=harmoniser),
            wanted,
        )
        for pk, ind in parts.items()
    }
    return {indicator.pk: _points_for(indicator, base) for indicator in indicators}


def _points_for(
    indicator: Indicator, base: dict[int, list[HarmonisedPoint]]
) -> list[HarmonisedPoint]:
    """A derived rate is recomputed from its parts wherever they have figures; where only
    the published rate is stored (a seed document's "per inhabitant" figure), that is
    shown, carried one-to-one like any non-additive figure."""
    stored = base[indicator.pk]
    if not (indicator.is_derived_rate and indicator.numerator and indicator.denominator):
        return stored
    computed = _rates(indicator, base[indicator.numerator.pk], base[indicator.denominator.pk])
    have = {_key(p) for p in computed}
    merged = computed + [p for p in stored if _key(p) not in have]
    return sorted(merged, key=lambda p: (p.region, p.period_start, p.dimension_key))


def _filtered(points: list[HarmonisedPoint], wanted: set[str] | None) -> list[HarmonisedPoint]:
    return points if wanted is None else [p for p in points if p.region in wanted]


def _rates(
    indicator: Indicator, top: list[HarmonisedPoint], bottom: list[HarmonisedPoint]
) -> list[HarmonisedPoint]:
    """A rate from its harmonised numerator and denominator: never an average of rates."""
    below = {_key(p): p for p in bottom}
    multiplier = indicator.multiplier or Decimal(1)
    points = []
    for num in top:
        den = below.get(_key(num))
        if den is None:
            continue
        sources = tuple(sorted(set(num.sources) | set(den.sources)))
        missing = tuple(sorted(set(num.missing) | set(den.missing)))
        note = num.note or den.note
        if num.value is None or den.value is None or den.value == 0:
            value, status = None, num.status or den.status or ".."
        else:
            value, status = num.value / den.value * multiplier, ""
        points.append(
            HarmonisedPoint(
                num.region,
                num.period,
                num.period_start,
                num.dimension_key,
                value,
                status,
                sources,
                note,
                missing,
            )
        )
    return sorted(points, key=lambda p: (p.region, p.period_start, p.dimension_key))


def _key(point: HarmonisedPoint) -> tuple[str, str, str]:
    return (point.region, point.period, point.dimension_key)
