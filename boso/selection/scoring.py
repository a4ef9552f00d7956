"""The arithmetic of the challenge index, vectorised with NumPy: matrices in, matrices out.

Rows are municipalities, columns criteria. Missing figures are NaN until the
missing-value policy has dealt with them. After normalisation every column is
oriented so that a higher value means a larger housing-social challenge; a
municipality's score is the weighted sum of its columns, and each term of that
sum is its criterion's contribution ("why is Skien fourth").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from boso.selection.choices import Direction, MissingPolicy, Normalisation, Transform

Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class CriterionSpec:
    transform: str
    normalisation: str
    direction: str
    weight: float
    missing: str


@dataclass(frozen=True)
class Scores:
    normalised: Matrix  # n × k, oriented (higher = worse), missing handled
    contributions: Matrix  # n × k: weight × normalised
    score: NDArray[np.float64]  # n, NaN for excluded municipalities
    rank: NDArray[np.float64]  # n, 1 = largest challenge, NaN for excluded
    flags: list[list[str]]  # per municipality: which criteria were filled in or zeroed


def transform(values: Matrix, population: NDArray[np.float64], kind: str) -> Matrix:
    if kind == Transform.PER_1000:
        with np.errstate(divide="ignore", invalid="ignore"):
            out = values / population * 1000.0
        out[~np.isfinite(out)] = np.nan
        return out
    if kind == Transform.LOG:
        # log(1 + x): counts of 0 (no homeless) stay defined; negatives have no log.
        out = np.where(values >= 0, np.log1p(np.where(values >= 0, values, 0)), np.nan)
        return out.astype(np.float64)
    return values.astype(np.float64)


def normalise(column: NDArray[np.float64], kind: str) -> NDArray[np.float64]:
    """Normalise one column over the municipalities that have a figure (NaN stays NaN)."""
    present = ~np.isnan(column)
    out = np.full_like(column, np.nan)
    x = column[present]
    if x.size == 0:
        return out
    if kind == Normalisation.DECILE:
        # Deciles 1–10 by rank, as SSB's levekårsindeks: the highest tenth gets 10.
        order = x.argsort(kind="stable").argsort(kind="stable")
        out[present] = np.floor(order * 10 / x.size) + 1
    elif kind == Normalisation.MINMAX:
        spread = x.max() - x.min()
        out[present] = (x - x.min()) / spread if spread else 0.0
    else:
        std = x.std()
        out[present] = (x - x.mean()) / std if std else 0.0
    return out


def score(values: Matrix, population: NDArray[np.float64], specs: list[CriterionSpec]) -> Scores:
    n, k = values.shape
    weights = np.array([s.weight for s in specs], dtype=np.float64)
    total = weights.sum()
    if not np.isfinite(total) or total <= 0:
        raise ValueError("the weights must add up to more than zero")
    weights = weights / total
    normalised = np.zeros((n, k))
    excluded = np.zeros(n, dtype=bool)
    flags: list[list[str]] = [[] for _ in range(n)]
    for j, spec in enumerate(specs):
        column = normalise(transform(values[:, j], population, spec.transform), spec.normalisation)
        if spec.direction == Direction.LOWER_IS_WORSE:
            column = -column if spec.normalisation == Normalisation.ZSCORE else _flip(column, spec)
        missing = np.isnan(column)
        if spec.missing == MissingPolicy.EXCLUDE:
            excluded |= missing
        elif spec.missing == MissingPolicy.MEDIAN and (~missing).any():
            column = np.where(missing, np.nanmedian(column), column)
        column = np.where(np.isnan(column), 0.0, column)
        for i in np.flatnonzero(missing):
            flags[i].append(f"{j}:{spec.missing}")
        normalised[:, j] = column
    contributions = normalised * weights
    total_score = contributions.sum(axis=1)
    total_score[excluded] = np.nan
    return Scores(normalised, contributions, total_score, ranks(total_score), flags)


def _flip(column: NDArray[np.float64], spec: CriterionSpec) -> NDArray[np.float64]:
    if spec.normalisation == Normalisation.DECILE:
        return 11 - column
    return 1 - column  # min–max


def ranks(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """1 for the highest score; excluded (NaN) get NaN; ties keep their input order."""
    out = np.full(scores.shape, np.nan)
    present = np.flatnonzero(~np.isnan(scores))
    order = present[np.argsort(-scores[present], kind="stable")]
    out[order] = np.arange(1, order.size + 1)
    return out


@dataclass(frozen=True)
class Sensitivity:
    draws: int
    top_n: int
    probability_top_n: NDArray[np.float64]  # per municipality
    rank_low: NDArray[np.float64]  # 5th percentile of rank (best case)
    rank_median: NDArray[np.float64]
    rank_high: NDArray[np.float64]  # 95th percentile (worst case)


def sensitivity(
    normalised: Matrix,
    weights: NDArray[np.float64],
    *,
    top_n: int,
    draws: int = 10_000,
    concentration: float = 50.0,
    seed: int = 131,
    include: NDArray[np.bool_] | None = None,
) -> Sensitivity:
    """Perturb the weights with Dirichlet draws around the chosen ones and re-rank.

    `concentration` is the Dirichlet's total: larger keeps the draws closer to the
    chosen weights. One matrix product gives every draw's scores at once.
    """
    rng = np.random.default_rng(seed)
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    alpha = np.maximum(w * concentration, 1e-3)
    sample = rng.dirichlet(alpha, size=draws)  # draws × k
    mask = np.ones(normalised.shape[0], dtype=bool) if include is None else include
    z = normalised[mask]
    scores = z @ sample.T  # m × draws
    order = np.argsort(-scores, axis=0, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(1, z.shape[0] + 1)[:, None], axis=0)
    rank_f = rank.astype(np.float64)
    result = Sensitivity(
        draws=draws,
        top_n=top_n,
        probability_top_n=_spread((rank_f <= top_n).mean(axis=1), mask),
        rank_low=_spread(np.percentile(rank_f, 5, axis=1), mask),
        rank_median=_spread(np.median(rank_f, axis=1), mask),
        rank_high=_spread(np.percentile(rank_f, 95, axis=1), mask),
    )
    return result


def _spread(values: NDArray[np.float64], mask: NDArray[np.bool_]) -> NDArray[np.float64]:
    out = np.full(mask.shape, np.nan)
    out[mask] = values
    return out
