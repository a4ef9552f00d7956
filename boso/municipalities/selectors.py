"""Reads from the municipality register, each with its queries spelled out."""

from __future__ import annotations

import datetime
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_delete, post_save

from boso.municipalities.models import (
    County,
    Municipality,
    MunicipalityChange,
    MunicipalityName,
    MunicipalityVersion,
    Region,
    RegionCounty,
    RegionMunicipality,
)


class MunicipalityNotFound(LookupError):
    def __init__(self, code: str, day: datetime.date | None = None) -> None:
        self.code, self.day = code, day
        when = f" on {day.isoformat()}" if day else ""
        super().__init__(f"no municipality with code {code!r}{when}")


class DateOutsideRegister(LookupError):
    """The register holds no municipality list for the date asked for."""

    def __init__(self, day: datetime.date, first: datetime.date | None) -> None:
        self.day, self.first = day, first
        super().__init__(
            f"the register has no municipality structure for {day.isoformat()}"
            + (f" (it starts on {first.isoformat()})" if first else " (it is empty)")
        )


def _valid_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def _valid_or_open_on(day: datetime.date, prefix: str = "") -> Q:
    """Like _valid_on, but a missing start date means 'since before our records'."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def version_on(day: datetime.date) -> MunicipalityVersion:
    """The loaded KLASS version valid on a day (one query)."""
    version = (
        MunicipalityVersion.objects.filter(_valid_on(day), items_loaded=True)
        .order_by("-valid_from")
        .first()
    )
    if version is None:
        first = (
            MunicipalityVersion.objects.filter(items_loaded=True)
            .order_by("valid_from")
            .values_list("valid_from", flat=True)
            .first()
        )
        raise DateOutsideRegister(day, first)
    return version


def loaded_versions() -> QuerySet[MunicipalityVersion]:
    return MunicipalityVersion.objects.filter(items_loaded=True).order_by("valid_from")


def counties_on(day: datetime.date) -> dict[str, County]:
    """County code → county valid on a day (one query)."""
    return {c.code: c for c in County.objects.filter(_valid_or_open_on(day))}


@dataclass(frozen=True)
class MunicipalityRow:
    municipality: Municipality
    name: str
    county: County | None

    @property
    def code(self) -> str:
        return self.municipality.code


def municipality_list(
    *, day: datetime.date, query: str = "", region: Region | None = None
) -> list[MunicipalityRow]:
    """Municipalities on the structure valid on a day, with the names and counties of that day.

    Three queries whatever the size: the version, the names with their
    municipalities, and the counties (plus two for a region filter).
    """
    version = version_on(day)
    names = MunicipalityName.objects.filter(version=version).select_related("municipality")
    query = query.strip()
    if query:
        names = names.filter(
            Q(search_key__contains=query.casefold()) | Q(municipality__code__startswith=query)
        )
    counties = counties_on(day)
    membership = region_membership(day) if region else None
    rows = [
        MunicipalityRow(
            municipality=entry.municipality,
            name=entry.name,
            county=counties.get(entry.municipality.county_code),
        )
        for entry in names.order_by("municipality__code")
    ]
    if region is not None and membership is not None:
        rows = [row for row in rows if membership.region_id_for(row.municipality) == region.pk]
    return rows


def municipality_get(code: str, *, day: datetime.date | None = None) -> Municipality:
    """The municipality with a code on a day, or its latest use when no day is given."""
    rows = Municipality.objects.filter(code=code)
    if day is not None:
        found = rows.filter(_valid_on(day)).first()
    else:
        found = rows.order_by("-valid_from").first()
    if found is None:
        raise MunicipalityNotFound(code, day)
    return found


def municipality_uses_of_code(code: str) -> QuerySet[Municipality]:
    return Municipality.objects.filter(code=code).order_by("valid_from")


def municipality_names(municipality: Municipality) -> QuerySet[MunicipalityName]:
    return municipality.names.select_related("version").order_by("version__valid_from")


def reference_day(municipality: Municipality, day: datetime.date | None = None) -> datetime.date:
    """A day inside the municipality's period: the one asked for, else today or its last day."""
    day = day or datetime.date.today()
    if municipality.is_valid_on(day):
        return day
    if municipality.valid_to is not None and day >= municipality.valid_to:
        return municipality.valid_to - datetime.timedelta(days=1)
    return municipality.valid_from


@dataclass(frozen=True)
class RegionMembership:
    """Which region each county, and each directly placed municipality, was in on a day."""

    by_county: dict[str, int]
    by_municipality: dict[str, int]

    def region_id_for(self, municipality: Municipality) -> int | None:
        direct = self.by_municipality.get(municipality.code)
        return direct if direct is not None else self.by_county.get(municipality.county_code)


def region_membership(day: datetime.date) -> RegionMembership:
    """Two queries, whatever the number of regions and municipalities."""
    by_county = dict(
        RegionCounty.objects.filter(_valid_or_open_on(day)).values_list("county_code", "region_id")
    )
    by_municipality = dict(
        RegionMunicipality.objects.filter(_valid_or_open_on(day)).values_list(
            "municipality_code", "region_id"
        )
    )
    return RegionMembership(by_county=by_county, by_municipality=by_municipality)


def region_of(municipality: Municipality, *, day: datetime.date | None = None) -> Region | None:
    """The Husbanken region the municipality belonged to on a day."""
    region_id = region_membership(reference_day(municipality, day)).region_id_for(municipality)
    return Region.objects.filter(pk=region_id).first() if region_id else None


def region_list() -> QuerySet[Region]:
    return Region.objects.order_by("name")


def region_get(slug: str) -> Region:
    return Region.objects.get(slug=slug)


# --- History: predecessors and successors across reforms -------------------------------


@dataclass(frozen=True)
class Node:
    """One code over one period; municipality is None before the loaded versions."""

    code: str
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    municipality: Municipality | None = None


@dataclass(frozen=True)
class HistoryLink:
    node: Node
    changed_on: datetime.date
    via: Node  # the unit it became (predecessors) or came from (successors)
    depth: int


@dataclass
class MunicipalityHistory:
    municipality: Municipality
    predecessors: list[HistoryLink] = field(default_factory=list)
    successors: list[HistoryLink] = field(default_factory=list)


class _ChangeGraph:
    """All changes and municipalities in memory: two queries, whatever the depth.

    Shared between threads through change_graph(), so it is never changed once built.
    """

    def __init__(self) -> None:
        self.changes = list(MunicipalityChange.objects.all())
        self.municipalities = list(Municipality.objects.all())
        self.by_end = {(m.code, m.valid_to): m for m in self.municipalities}
        self.by_start = {(m.code, m.valid_from): m for m in self.municipalities}
        # What callers compute from this graph alone (the harmoniser's mappings onto a
        # structure), kept as long as the graph: values are added, never changed.
        self.derived: dict[Any, Any] = {}

    def node(self, m: Municipality) -> Node:
        return Node(m.code, m.name, m.valid_from, m.valid_to, m)

    def ending(self, code: str, name: str, day: datetime.date) -> Node:
        found = self.by_end.get((code, day))
        if found:
            return self.node(found)
        starts = [c.occurred for c in self.changes if c.new_code == code and c.occurred < day]
        return Node(code, name, max(starts) if starts else None, day)

    def starting(self, code: str, name: str, day: datetime.date) -> Node:
        found = self.by_start.get((code, day))
        if found:
            return self.node(found)
        ends = [c.occurred for c in self.changes if c.old_code == code and c.occurred > day]
        return Node(code, name, day, min(ends) if ends else None)

    def before(self, node: Node) -> list[tuple[Node, datetime.date]]:
        if node.valid_from is None:
            return []
        return [
            (self.ending(c.old_code, c.old_name, c.occurred), c.occurred)
            for c in self.changes
            if c.new_code == node.code and c.occurred == node.valid_from
        ]

    def after(self, node: Node) -> list[tuple[Node, datetime.date]]:
        if node.valid_to is None:
            return []
        return [
            (self.starting(c.new_code, c.new_name, c.occurred), c.occurred)
            for c in self.changes
            if c.old_code == node.code and c.occurred == node.valid_to
        ]


# The graph of the register as last built in this process, with the stamp it was built at.
_graph_cache: tuple[tuple[Any, ...], _ChangeGraph] | None = None


def _register_stamp() -> tuple[Any, ...]:
    """A cheap fingerprint of the register (one query, whatever its size).

    Every write to municipalities and changes through the ORM or the load service leaves
    a history row (simple_history, also on bulk writes and updates), and the counts and
    highest ids catch rows written around it; so another process loading the register
    changes the stamp this process sees.
    """
    parts = [
        f"(SELECT {fn} FROM {connection.ops.quote_name(table)})"  # noqa: S608 (model names)
        for model in (Municipality, MunicipalityChange)
        for fn, table in (
            ("COUNT(*)", model._meta.db_table),
            (f"MAX({model._meta.pk.column})", model._meta.db_table),
            ("MAX(history_id)", model.history.model._meta.db_table),
        )
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def change_graph() -> _ChangeGraph:
    """The register's change graph, built again only when the register has changed.

    One query when it has not (the stamp), three when it has. Building it takes tens
    of milliseconds, and permissions and programme services ask for lineages often.
    """
    global _graph_cache
    stamp = _register_stamp()
    cached = _graph_cache
    if cached is not None and cached[0] == stamp:
        return cached[1]
    graph = _ChangeGraph()
    _graph_cache = (stamp, graph)
    return graph


def forget_change_graph() -> None:
    """Drop this process's graph: the register was written here (a load, a save)."""
    global _graph_cache
    _graph_cache = None


def _register_written(sender: type[Model], **kwargs: Any) -> None:
    # A rolled-back test or load may reuse ids on SQLite, so the stamp alone could come
    # back to an earlier value with other rows; writes seen in this process clear it.
    forget_change_graph()


for _model in (Municipality, MunicipalityChange):
    post_save.connect(_register_written, sender=_model, dispatch_uid=f"graph-save-{_model}")
    post_delete.connect(_register_written, sender=_model, dispatch_uid=f"graph-del-{_model}")


def municipality_history(municipality: Municipality) -> MunicipalityHistory:
    """All predecessors and successors, transitively, with the dates of each change."""
    graph = change_graph()
    start = graph.node(municipality)
    history = MunicipalityHistory(municipality=municipality)
    history.predecessors = _walk(start, graph.before)
    history.successors = _walk(start, graph.after)
    return history


Step = Callable[[Node], list[tuple[Node, datetime.date]]]


def _walk(start: Node, step: Step) -> list[HistoryLink]:
    links: list[HistoryLink] = []
    seen = {(start.code, start.valid_from, start.valid_to)}
    queue: deque[tuple[Node, int]] = deque([(start, 0)])
    while queue:
        node, depth = queue.popleft()
        for neighbour, day in step(node):
            key = (neighbour.code, neighbour.valid_from, neighbour.valid_to)
            if key in seen:
                continue
            seen.add(key)
            links.append(HistoryLink(node=neighbour, changed_on=day, via=node, depth=depth + 1))
            queue.append((neighbour, depth + 1))
    return links


def _name_parts(name: str) -> set[str]:
    # "Trondheim - Tråante" and "Trondheim" are the same municipality's names.
    return {part.strip().casefold() for part in name.split(" - ")}


def municipality_lineage_ids(municipality: Municipality) -> set[int]:
    """Ids of the same municipality under its earlier and later numbers.

    Only links that keep the name count (0602 → 3005 → 3301 Drammen), so a
    merged neighbour (0625 Nedre Eiker) or a split-off part (1580 Haram) stays
    its own municipality.
    """
    graph = change_graph()
    start = graph.node(municipality)
    names = _name_parts(municipality.name)

    def same_name(step: Step) -> Step:
        def follow(node: Node) -> list[tuple[Node, datetime.date]]:
            return [(n, day) for n, day in step(node) if _name_parts(n.name) & names]

        return follow

    links = _walk(start, same_name(graph.before)) + _walk(start, same_name(graph.after))
    ids = {link.node.municipality.pk for link in links if link.node.municipality is not None}
    return ids | {municipality.pk}


@dataclass(frozen=True)
class RegionCoverage:
    """What a region covers on a day: whole counties, and municipalities placed directly."""

    region: Region
    counties: list[County]
    municipality_codes: list[str]


def region_coverage(day: datetime.date) -> list[RegionCoverage]:
    """Every region with what it covers on a day (four queries in all)."""
    counties = counties_on(day)
    membership = region_membership(day)
    county_codes: dict[int, list[str]] = {}
    for code, region_id in membership.by_county.items():
        county_codes.setdefault(region_id, []).append(code)
    direct: dict[int, list[str]] = {}
    for code, region_id in membership.by_municipality.items():
        direct.setdefault(region_id, []).append(code)
    return [
        RegionCoverage(
            region=region,
            counties=[
                counties[c] for c in sorted(county_codes.get(region.pk, [])) if c in counties
            ],
            municipality_codes=sorted(direct.get(region.pk, [])),
        )
        for region in region_list()
    ]


def region_coverage_of(region: Region, day: datetime.date) -> RegionCoverage:
    return next(c for c in region_coverage(day) if c.region.pk == region.pk)
