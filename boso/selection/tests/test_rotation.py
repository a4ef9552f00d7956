"""Rotation between two runs of one family: phase-out and phase-in candidates."""

import pytest
from django.test import Client

from boso.selection import selectors
from boso.selection.rotation import latest_pair, rotation
from boso.selection.tests.analysis_fixtures import FAMILY, sor_run

pytestmark = pytest.mark.django_db


def test_a_smaller_n_phases_out_the_lower_ranks() -> None:
    earlier = sor_run(top_n=8)
    later = sor_run(top_n=4)
    found = rotation(earlier, later)
    ranked = {r.municipality_code: r.rank for r in selectors.run_rows(later)}
    assert [c.later_rank for c in found.phase_out] == [5, 6, 7, 8]
    assert {c.code for c in found.phase_out} == {c for c, r in ranked.items() if r and r > 4}
    assert found.phase_in == []
    assert all(c.trend == [c.earlier_rank, c.later_rank] for c in found.phase_out)


def test_a_larger_n_phases_in() -> None:
    earlier = sor_run(top_n=4)
    later = sor_run(top_n=8)
    assert latest_pair(FAMILY) == (earlier, later)
    found = rotation(earlier, later)
    assert [c.later_rank for c in found.phase_in] == [5, 6, 7, 8]
    assert found.phase_out == []


def test_page_names_the_missing_targets(users) -> None:
    sor_run(top_n=8)
    client = Client()
    client.force_login(users["advisor"])
    single = client.get(f"/utvalg/rotasjon/{FAMILY}/")
    assert "bare én rangering" in single.content.decode()
    sor_run(top_n=4)
    response = client.get(f"/utvalg/rotasjon/{FAMILY}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="phase-out"' in text
    assert "Mål og deltakelse" in text
    assert client.get("/utvalg/rotasjon/ingen-slik/").status_code == 404
