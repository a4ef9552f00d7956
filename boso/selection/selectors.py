"""Reads for kommunepyramiden: the universe, the criteria's figures, runs and decisions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from boso.municipalities import selectors as register
from boso.municipalities.models import Municipality, Region
from boso.selection.models import Decision, IndexDefinition, RunRow, ScoringRun, Tier
from boso.statistics.harmonise import Harmoniser, harmonised_many
from boso.statistics.models import Indicator

POPULATION = "population"


@dataclass(frozen=True)
class Member:
    code: str
    name: str


def universe(region: Region, day: datetime.date) -> list[Member]:
    """The region's municipalities on the structure valid on the day."""
    return [Member(r.code, r.name) for r in register.municipality_list(day=day, region=region)]


def figures(
    *, harmoniser: Harmoniser, indicator: Indicator, period: str, codes: list[str]
) -> dict[str, Decimal | None]:
    """Municipality code → the indicator's figure for the period on the structure."""
    points = harmonised_many(
        indicators=[indicator],
        harmoniser=harmoniser,
        regions=codes,
        periods=[period],
        dimension_key="",
    )[indicator.pk]
    return {p.region: p.value for p in points if p.period == period}


def latest_population(
    *, harmoniser: Harmoniser, codes: list[str], day: datetime.date
) -> dict[str, Decimal | None]:
    """Each municipality's latest population on or before the day, on the structure."""
    indicator = Indicator.objects.filter(code=POPULATION).first()
    if indicator is None:
        return {}
    points = harmonised_many(
        indicators=[indicator], harmoniser=harmoniser, regions=codes, dimension_key=""
    )[indicator.pk]
    latest: dict[str, tuple[datetime.date, Decimal]] = {}
    for p in points:
        newer = p.region not in latest or p.period_start > latest[p.region][0]
        if p.value is not None and p.period_start <= day and newer:
            latest[p.region] = (p.period_start, p.value)
    return {code: value for code, (_start, value) in latest.items()}


def definitions() -> QuerySet[IndexDefinition]:
    return IndexDefinition.objects.select_related("region").order_by("family", "-version")


def latest_version(definition: IndexDefinition) -> IndexDefinition:
    return (
        IndexDefinition.objects.filter(family=definition.family).order_by("-version").first()
        or definition
    )


def run_rows(run: ScoringRun) -> QuerySet[RunRow]:
    return run.rows.select_related("suggested_tier").order_by("rank", "municipality_code")


def run_decisions(run: ScoringRun) -> dict[str, Decision]:
    return {d.municipality_code: d for d in run.decisions.select_related("tier", "decided_by")}


@dataclass(frozen=True)
class PyramidLevel:
    tier: Tier
    members: list[tuple[str, str]]  # (code, name)


def pyramid(run: ScoringRun) -> list[PyramidLevel]:
    """The tiers from the top, with the municipalities decided (else suggested) in each."""
    decided = run_decisions(run)
    levels: dict[int, list[tuple[str, str]]] = {t.pk: [] for t in Tier.objects.all()}
    for row in run_rows(run):
        decision = decided.get(row.municipality_code)
        tier_id = decision.tier_id if decision else row.suggested_tier_id
        levels.setdefault(tier_id, []).append((row.municipality_code, row.municipality_name))
    tiers = {t.pk: t for t in Tier.objects.all()}
    return [
        PyramidLevel(tiers[pk], members)
        for pk, members in sorted(levels.items(), key=lambda item: -tiers[item[0]].level)
    ]


def decision_municipality(decision: Decision) -> Municipality | None:
    """The municipality a decision is about, as it was on the run's structure date."""
    try:
        return register.municipality_get(
            decision.municipality_code, day=decision.run.definition.structure_date
        )
    except register.MunicipalityNotFound:
        return None


def published_decisions_for(user: Any) -> list[Decision]:
    """Published decisions about the user's own municipality, newest run first."""
    from boso.selection.rules import owns_published_decision

    found = (
        Decision.objects.filter(published=True)
        .select_related("tier", "run__definition__region")
        .order_by("-run__computed_at", "municipality_code")
    )
    return [d for d in found if owns_published_decision(user, d)]
