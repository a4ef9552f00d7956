"""How much of a region the chosen municipalities cover.

For a run, the chosen set is every municipality whose decided tier (else the suggested
one) is above the definition's base tier. Coverage is the chosen set's share of the
region's municipalities (the run's universe), of its population (the latest population
on the structure, as the run froze it) and, on request, of an indicator's figures for a
period (such as start_loans_count 2008) on the run's structure. Every share says which
municipalities lack a figure and is computed over those that have one, rather than
treating a missing figure as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from boso.selection import selectors
from boso.selection.models import RunRow, ScoringRun, Tier
from boso.statistics.harmonise import Harmoniser
from boso.statistics.models import Indicator


@dataclass(frozen=True)
class Share:
    label: str
    chosen: Decimal  # sum over the chosen municipalities that have a figure
    total: Decimal  # sum over every municipality that has a figure
    municipalities: int  # in the universe
    missing: list[tuple[str, str]] = field(default_factory=list)  # (code, name) without a figure

    @property
    def share(self) -> float | None:
        return float(self.chosen / self.total) if self.total else None

    @property
    def missing_count(self) -> int:
        return len(self.missing)


@dataclass(frozen=True)
class Coverage:
    run: ScoringRun
    chosen: list[tuple[str, str]]  # (code, name)
    municipalities: Share
    population: Share
    indicator: Share | None


def chosen_rows(run: ScoringRun) -> list[RunRow]:
    """The run's rows decided (else suggested) into a tier above the base tier."""
    base_level = run.definition.base_tier.level
    levels = {t.pk: t.level for t in Tier.objects.all()}
    decided = selectors.run_decisions(run)
    chosen = []
    for row in selectors.run_rows(run):
        decision = decided.get(row.municipality_code)
        tier_id = decision.tier_id if decision else row.suggested_tier_id
        if levels[tier_id] > base_level:
            chosen.append(row)
    return chosen


def _share(
    label: str, rows: list[RunRow], chosen: set[str], values: dict[str, Decimal | None]
) -> Share:
    total = Decimal(0)
    inside = Decimal(0)
    missing = []
    for row in rows:
        value = values.get(row.municipality_code)
        if value is None:
            missing.append((row.municipality_code, row.municipality_name))
            continue
        total += value
        if row.municipality_code in chosen:
            inside += value
    return Share(label, inside, total, len(rows), missing)


def coverage(run: ScoringRun, *, indicator: Indicator | None = None, period: str = "") -> Coverage:
    rows = list(selectors.run_rows(run))
    chosen = chosen_rows(run)
    codes = {r.municipality_code for r in chosen}
    count = _share("municipalities", rows, codes, {r.municipality_code: Decimal(1) for r in rows})
    population = _share(
        "population", rows, codes, {r.municipality_code: r.population for r in rows}
    )
    figure = None
    if indicator is not None and period:
        values = selectors.figures(
            harmoniser=Harmoniser(structure=run.definition.structure_date),
            indicator=indicator,
            period=period,
            codes=[r.municipality_code for r in rows],
        )
        figure = _share(f"{indicator.code} {period}", rows, codes, values)
    return Coverage(
        run=run,
        chosen=[(r.municipality_code, r.municipality_name) for r in chosen],
        municipalities=count,
        population=population,
        indicator=figure,
    )
