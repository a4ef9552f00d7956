"""The index arithmetic, checked against hand calculations and invariants."""

import numpy as np
import pytest

from boso.selection import scoring
from boso.selection.choices import Direction, MissingPolicy, Normalisation, Transform


def spec(**kw) -> scoring.CriterionSpec:
    base = {
        "transform": Transform.RAW,
        "normalisation": Normalisation.ZSCORE,
        "direction": Direction.HIGHER_IS_WORSE,
        "weight": 1.0,
        "missing": MissingPolicy.FLAG,
    }
    return scoring.CriterionSpec(**{**base, **kw})


def test_zscore_and_contributions_add_up() -> None:
    values = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 60.0]])
    result = scoring.score(values, np.ones(3), [spec(weight=1), spec(weight=3)])
    assert np.allclose(result.contributions.sum(axis=1), result.score)
    z0 = (values[:, 0] - values[:, 0].mean()) / values[:, 0].std()
    assert np.allclose(result.contributions[:, 0], z0 * 0.25)  # weights are normalised
    assert list(result.rank) == [3, 2, 1]


def test_lower_is_worse_turns_the_column() -> None:
    values = np.array([[1.0], [2.0], [3.0]])
    result = scoring.score(values, np.ones(3), [spec(direction=Direction.LOWER_IS_WORSE)])
    assert list(result.rank) == [1, 2, 3]


def test_deciles_as_the_old_levekarsindeks() -> None:
    column = scoring.normalise(np.arange(20, dtype=float), Normalisation.DECILE)
    assert column.min() == 1
    assert column.max() == 10
    assert list(column[:2]) == [1, 1]


def test_per_1000_uses_population() -> None:
    out = scoring.transform(np.array([85.0, 170.0]), np.array([60145.0, 78919.0]), "per_1000")
    assert np.allclose(out, [85 / 60.145, 170 / 78.919])


@pytest.mark.parametrize(
    ("policy", "excluded", "flagged"),
    [
        (MissingPolicy.EXCLUDE, True, True),
        (MissingPolicy.MEDIAN, False, True),
        (MissingPolicy.FLAG, False, True),
    ],
)
def test_missing_policies(policy: str, excluded: bool, flagged: bool) -> None:
    values = np.array([[1.0], [np.nan], [3.0], [5.0]])
    result = scoring.score(values, np.ones(4), [spec(missing=policy)])
    assert np.isnan(result.rank[1]) == excluded
    assert bool(result.flags[1]) == flagged
    if policy == MissingPolicy.MEDIAN:
        others = result.normalised[[0, 2, 3], 0]
        assert result.normalised[1, 0] == pytest.approx(np.nanmedian(others))


def test_weights_summing_to_zero_are_refused() -> None:
    with pytest.raises(ValueError, match="more than zero"):
        scoring.score(np.ones((3, 1)), np.ones(3), [spec(weight=0)])


def test_sensitivity_is_certain_for_a_clear_leader() -> None:
    normalised = np.array([[3.0, 3.0], [0.0, 0.1], [0.1, 0.0], [-1.0, -1.0]])
    result = scoring.sensitivity(normalised, np.array([1.0, 1.0]), top_n=1, draws=2000)
    assert result.probability_top_n[0] == 1.0
    assert result.probability_top_n[3] == 0.0
    assert result.rank_low[0] == result.rank_high[0] == 1
    assert 0 < result.probability_top_n[1] < 1 or result.probability_top_n[2] < 1
    assert result.probability_top_n.sum() == pytest.approx(1.0)
