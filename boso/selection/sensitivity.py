"""How stable is a run's ranking when the weights wobble?

The run's matrix is rebuilt from what the run froze, never from today's figures: each
row's contribution is normalised × normalised weight, so normalised = contribution /
weight_j for every criterion with a weight above zero (a criterion weighted zero adds
nothing to a score and is kept at zero). scoring.sensitivity then draws weights from a
Dirichlet around the chosen ones and re-ranks the ranked municipalities (those left
out for missing figures stay out) in every draw.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from boso.selection import scoring
from boso.selection.models import RunRow, ScoringRun, SensitivityResult

DRAWS = 10_000
CONCENTRATION = 50.0


def run_weights(run: ScoringRun) -> np.ndarray:
    """The run's criteria weights, normalised to add up to one."""
    weights = np.array([float(c["weight"]) for c in run.criteria], dtype=np.float64)
    total = weights.sum()
    if not np.isfinite(total) or total <= 0:
        raise ValueError("the run's weights must add up to more than zero")
    return weights / total


def run_matrix(run: ScoringRun, rows: list[RunRow]) -> np.ndarray:
    """The frozen normalised matrix (rows × criteria) of the given rows."""
    weights = run_weights(run)
    contributions = np.array(
        [[float(c) if c is not None else 0.0 for c in row.contributions] for row in rows],
        dtype=np.float64,
    ).reshape(len(rows), weights.size)
    divisor = np.where(weights > 0, weights, 1.0)
    return np.where(weights > 0, contributions / divisor, 0.0)


def sensitivity_compute(
    *, run: ScoringRun, draws: int = DRAWS, concentration: float = CONCENTRATION
) -> SensitivityResult:
    """Compute and store the run's sensitivity to its weights (top N = the definition's)."""
    rows = list(run.rows.filter(rank__isnull=False).order_by("rank", "municipality_code"))
    results: list[dict[str, Any]] = []
    if rows:
        top_n = min(run.definition.top_n, len(rows))
        found = scoring.sensitivity(
            run_matrix(run, rows),
            run_weights(run),
            top_n=top_n,
            draws=draws,
            concentration=concentration,
        )
        for i, row in enumerate(rows):
            results.append(
                {
                    "code": row.municipality_code,
                    "name": row.municipality_name,
                    "rank": row.rank,
                    "probability_top_n": round(float(found.probability_top_n[i]), 4),
                    "rank_low": float(found.rank_low[i]),
                    "rank_median": float(found.rank_median[i]),
                    "rank_high": float(found.rank_high[i]),
                }
            )
    return SensitivityResult.objects.create(
        run=run, draws=draws, concentration=concentration, results=results
    )


def sensitivity_latest(run: ScoringRun) -> SensitivityResult | None:
    return run.sensitivities.order_by("-computed_at", "-pk").first()


def sensitivity_get_or_compute(run: ScoringRun) -> SensitivityResult:
    """The stored result for the run, computed once when there is none (a run is frozen,
    so a stored result never goes stale)."""
    return sensitivity_latest(run) or sensitivity_compute(run=run)
