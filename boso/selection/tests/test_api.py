"""The selection API: Husbanken reads definitions, runs, sensitivity and coverage."""

import pytest
from django.test import Client

from boso.accounts.services import api_token_create
from boso.selection.tests.analysis_fixtures import sor_run

pytestmark = pytest.mark.django_db


def _client(user) -> tuple[Client, dict[str, str]]:
    token = api_token_create(user=user, name="test")[1]
    return Client(), {"Authorization": f"Bearer {token}"}


def test_definitions_and_run_rows(users) -> None:
    run = sor_run()
    client, headers = _client(users["advisor"])
    definitions = client.get("/api/v1/selection/definitions", headers=headers).json()
    assert run.definition_id in {d["id"] for d in definitions}
    one = client.get(f"/api/v1/selection/definitions/{run.definition_id}", headers=headers).json()
    assert [c["indicator"] for c in one["criteria"]] == [
        "living_conditions_index",
        "homeless",
        "population",
    ]
    assert one["runs"] == [run.pk]
    body = client.get(f"/api/v1/selection/runs/{run.pk}", headers=headers).json()
    assert body["top_n"] == 8
    assert [r["rank"] for r in body["rows"][:8]] == list(range(1, 9))
    first = body["rows"][0]
    assert sum(first["contributions"]) == pytest.approx(first["score"], abs=1e-5)
    assert first["suggested_tier"] == "samarbeidsavtale"
    assert first["decided_tier"] is None
    assert body["rows"][-1]["rank"] is None


def test_sensitivity_and_coverage(users) -> None:
    run = sor_run(top_n=3)
    client, headers = _client(users["admin"])
    found = client.get(f"/api/v1/selection/runs/{run.pk}/sensitivity", headers=headers).json()
    assert found["draws"] == 10_000
    assert len(found["results"]) == 8
    assert sum(r["probability_top_n"] for r in found["results"]) == pytest.approx(3, abs=0.01)
    covered = client.get(
        f"/api/v1/selection/runs/{run.pk}/coverage",
        {"indicator": "homeless", "period": "2008"},
        headers=headers,
    ).json()
    assert covered["municipalities"]["share"] == pytest.approx(3 / 83)
    assert covered["indicator"]["measure"] == "homeless 2008"
    assert len(covered["indicator"]["missing"]) > 0
    bad = client.get(
        f"/api/v1/selection/runs/{run.pk}/coverage", {"indicator": "nope"}, headers=headers
    )
    assert bad.status_code == 400
    assert client.get("/api/v1/selection/runs/999999", headers=headers).status_code == 404


def test_municipal_users_are_refused_also_for_a_published_run(users) -> None:
    run = sor_run()
    run.published = True
    run.save()
    client, headers = _client(users["coordinator"])
    assert client.get(f"/api/v1/selection/runs/{run.pk}", headers=headers).status_code == 403
    assert client.get("/api/v1/selection/definitions", headers=headers).status_code == 403


def test_a_run_id_that_is_no_number_is_a_json_404_and_refusals_are_documented(users) -> None:
    """Found by the fuzz test: /runs/abc was a 422 to members but a 401 to others, and
    the coordinator's 403 was missing from the document."""
    client, headers = _client(users["coordinator"])
    response = client.get("/api/v1/selection/runs/abc", headers=headers)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert client.get("/api/v1/selection/definitions", headers=headers).status_code == 403
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [p for p in paths if p.startswith("/api/v1/selection/")]:
        assert {"401", "403"} <= set(paths[path]["get"]["responses"]), path
