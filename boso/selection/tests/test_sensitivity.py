"""Sensitivity of region sør 2010 (seed 000) to its weights, on the frozen run."""

import numpy as np
import pytest
from django.test import Client

from boso.selection import selectors
from boso.selection.models import SensitivityResult
from boso.selection.sensitivity import run_matrix, run_weights, sensitivity_compute
from boso.selection.tests.analysis_fixtures import sor_run

pytestmark = pytest.mark.django_db


def test_the_frozen_matrix_gives_back_the_scores() -> None:
    run = sor_run()
    rows = [r for r in selectors.run_rows(run) if r.rank is not None]
    scores = run_matrix(run, rows) @ run_weights(run)
    assert scores == pytest.approx([float(r.score or 0) for r in rows], abs=1e-5)


def test_probabilities_and_intervals_over_the_ranked_only() -> None:
    run = sor_run(top_n=3)
    result = sensitivity_compute(run=run, draws=2000)
    assert result.draws == 2000
    assert len(result.results) == 8  # the 75 left out for missing figures stay out
    probabilities = [r["probability_top_n"] for r in result.results]
    # Every draw puts exactly three in the top 3.
    assert sum(probabilities) == pytest.approx(3, abs=0.01)
    for r in result.results:
        assert 1 <= r["rank_low"] <= r["rank_median"] <= r["rank_high"] <= 8
    assert result.results[0]["rank"] == 1
    assert probabilities[0] >= probabilities[-1]


def test_draws_close_to_the_weights_keep_the_ranking() -> None:
    run = sor_run(top_n=3)
    result = sensitivity_compute(run=run, draws=500, concentration=1e7)
    assert [r["rank_median"] for r in result.results] == [float(r["rank"]) for r in result.results]
    assert [r["probability_top_n"] for r in result.results] == [1, 1, 1, 0, 0, 0, 0, 0]


def test_zero_weight_criteria_are_kept_at_zero() -> None:
    run = sor_run()
    run.criteria[2]["weight"] = "0"
    rows = [r for r in selectors.run_rows(run) if r.rank is not None]
    matrix = run_matrix(run, rows)
    assert np.all(matrix[:, 2] == 0)


def test_page_computes_once_and_shows_table_and_chart(users) -> None:
    run = sor_run(top_n=3)
    client = Client()
    client.force_login(users["advisor"])
    url = f"/utvalg/kjoringer/{run.pk}/sensitivitet/"
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "data-vega-spec" in text
    assert "Sannsynlighet for topp 3" in text
    assert "\u00a0%" in text
    assert client.get(url).status_code == 200
    assert SensitivityResult.objects.filter(run=run).count() == 1
