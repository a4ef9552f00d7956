"""Rotation between two runs of one index family: who could phase out, who could phase in.

Phase out: chosen in the earlier run (decided, else suggested, above the base tier)
but ranked below N in the later run (or left out of its ranking). Phase in: not chosen
in the earlier run but ranked within N in the later one. Each candidate carries its
rank in every run of the family up to the later one, oldest first (its trend).

Municipalities are matched by code; a code that changed in a reform between the two
runs shows up as one leaving and one arriving. Targets and participations (how far a
municipality has come in the programme) do not exist yet; a later issue adds them,
and with them a better ground for phasing out than the rank alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from boso.selection.coverage import chosen_rows
from boso.selection.models import ScoringRun


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    earlier_rank: int | None
    later_rank: int | None
    trend: list[int | None]  # rank in each run of the family, oldest first


@dataclass(frozen=True)
class Rotation:
    earlier: ScoringRun
    later: ScoringRun
    top_n: int
    runs: list[ScoringRun]  # the family's runs up to the later one, oldest first
    phase_out: list[Candidate]
    phase_in: list[Candidate]


def family_runs(family: str) -> list[ScoringRun]:
    return list(
        ScoringRun.objects.filter(definition__family=family)
        .select_related("definition", "definition__base_tier")
        .order_by("computed_at", "pk")
    )


def rotation(earlier: ScoringRun, later: ScoringRun) -> Rotation:
    if earlier.definition.family != later.definition.family:
        raise ValueError("the two runs must belong to the same index family")
    runs = [r for r in family_runs(later.definition.family) if r.computed_at <= later.computed_at]
    ranks = [{row.municipality_code: row.rank for row in r.rows.all()} for r in runs]
    earlier_ranks = {row.municipality_code: row.rank for row in earlier.rows.all()}
    later_rows = {row.municipality_code: row for row in later.rows.all()}
    names = {code: row.municipality_name for code, row in later_rows.items()}
    chosen = {row.municipality_code: row.municipality_name for row in chosen_rows(earlier)}
    names = {**chosen, **names}
    top_n = later.definition.top_n

    def candidate(code: str) -> Candidate:
        later_row = later_rows.get(code)
        return Candidate(
            code=code,
            name=names.get(code, ""),
            earlier_rank=earlier_ranks.get(code),
            later_rank=later_row.rank if later_row else None,
            trend=[r.get(code) for r in ranks],
        )

    def within(code: str) -> bool:
        row = later_rows.get(code)
        return row is not None and row.rank is not None and row.rank <= top_n

    phase_out = [candidate(c) for c in sorted(chosen) if not within(c)]
    phase_in = [candidate(c) for c in later_rows if within(c) and c not in chosen]
    return Rotation(
        earlier=earlier,
        later=later,
        top_n=top_n,
        runs=runs,
        phase_out=sorted(phase_out, key=lambda c: (c.later_rank or 10**6, c.code)),
        phase_in=sorted(phase_in, key=lambda c: (c.later_rank or 0, c.code)),
    )


def latest_pair(family: str) -> tuple[ScoringRun, ScoringRun] | None:
    """The family's last two runs (earlier, later), or None when it has fewer than two."""
    runs = family_runs(family)
    return (runs[-2], runs[-1]) if len(runs) >= 2 else None
