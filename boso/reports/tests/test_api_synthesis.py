"""The syntheses and dashboard API: region sør's published synthesis «2. halvår 2015»
(seed 003, in the demo) as each role may read it, with Porsgrunn's paragraph and its
−68 % waiting-list movement as stored, and the region's dashboard as JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from boso.accounts.services import api_token_create
from boso.demo.synthesis import TITLE
from boso.reports import synthesis as services
from boso.reports.models import Synthesis

pytestmark = pytest.mark.django_db
API = "/api/v1/syntheses"


def _api(user: Any) -> Client:
    """A client sending the user's personal token, as an API caller would."""
    token = api_token_create(user=user, name="test")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def published() -> Synthesis:
    return Synthesis.objects.select_related("programme").get(
        title=TITLE, programme__region__slug="sor"
    )


@pytest.fixture
def draft(published: Synthesis, users: dict[str, Any]) -> Synthesis:
    """A new draft over the same half-year, written by region sør's advisor."""
    return services.synthesis_draft(
        programme=published.programme,
        title="Utkast til neste sammenstilling",
        starts_on=published.starts_on,
        ends_on=published.ends_on,
        user=users["advisor"],
    )


def _titles(user: Any, **filters: Any) -> list[str]:
    body = _api(user).get(API, filters).json()
    assert body["count"] == len(body["items"])
    return [item["title"] for item in body["items"]]


def test_the_list_holds_what_each_role_may_read(
    published: Synthesis, draft: Synthesis, users: dict[str, Any]
) -> None:
    # The region's advisor sees the draft beside the published one; Drammen, taking part
    # in the programme, the published one only; region øst and Lillehammer nothing of it.
    assert set(_titles(users["advisor"])) >= {TITLE, draft.title}
    assert _titles(users["coordinator"]) == [TITLE]
    assert _titles(users["reader"]) == [TITLE]
    assert TITLE not in _titles(users["advisor_other"])
    assert _titles(users["coordinator_other"]) == []
    assert _titles(users["admin"], programme=published.programme_id)[:2] == [TITLE, draft.title]
    assert _titles(users["admin"], programme=999999) == []
    paged = _api(users["advisor"]).get(API, {"limit": 1, "offset": 1}).json()
    assert paged["count"] >= 2
    assert len(paged["items"]) == 1
    assert Client().get(API).status_code == 401


def test_one_synthesis_whole_with_the_figures_as_stored(
    published: Synthesis, users: dict[str, Any]
) -> None:
    response = _api(users["reader"]).get(f"{API}/{published.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == TITLE
    assert (body["starts_on"], body["ends_on"]) == ("2015-07-01", "2015-12-31")
    assert body["status"] == "published"
    assert body["programme"] == {
        "id": published.programme_id,
        "name": published.programme.name,
    }
    assert body["introduction"] == published.introduction
    paragraphs = {p["municipality"]["code"]: p for p in body["paragraphs"]}
    assert len(paragraphs) == 8  # seed 003's eight municipalities
    porsgrunn = paragraphs["0805"]
    assert porsgrunn["heading"] == "Porsgrunn kommune"
    assert porsgrunn["municipality"]["name"] == "Porsgrunn"
    assert porsgrunn["report"] is not None
    assert "68" in porsgrunn["text"]
    waiting = next(t for t in body["figures"]["indicators"] if t["name"].startswith("Venteliste"))
    row = next(r for r in waiting["rows"] if r["municipality"] == "Porsgrunn")
    assert (row["baseline"], row["actual"]) == ("100", "32")
    assert Decimal(row["change"]) == Decimal("-0.68")  # a decimal string, as stored
    money = {r["municipality"]: r for r in body["figures"]["money"]["rows"]}
    assert Decimal(money["Porsgrunn"]["spent_total"]) == 500_000
    assert money["Porsgrunn"]["reported"] is True


def test_a_draft_is_for_husbanken_only(draft: Synthesis, users: dict[str, Any]) -> None:
    assert _api(users["advisor"]).get(f"{API}/{draft.pk}").json()["status"] == "draft"
    assert _api(users["coordinator"]).get(f"{API}/{draft.pk}").status_code == 403
    assert _api(users["advisor"]).get(f"{API}/999999").status_code == 404


def test_the_region_dashboard(published: Synthesis, users: dict[str, Any]) -> None:
    url = f"/api/v1/programmes/{published.programme_id}/dashboard"
    response = _api(users["advisor"]).get(url)
    assert response.status_code == 200, response.content
    board = response.json()
    assert board["programme"]["id"] == published.programme_id
    rows = {row["municipality"]["code"]: row for row in board["rows"]}
    assert {"0602", "0805"} <= set(rows)
    assert all(len(row["cells"]) == len(board["columns"]) for row in board["rows"])
    # Porsgrunn's approved final report of 2015 in the final report's column.
    finals = [n for n, c in enumerate(board["columns"]) if c["kind"] == "final"]
    statuses = {rows["0805"]["cells"][n]["status"] for n in finals}
    assert "approved" in statuses
    # Amounts are decimal strings; the region's totals add up the rows'.
    spent = sum(Decimal(row["money"]["spent"]) for row in board["rows"])
    assert Decimal(board["totals"]["spent"]) == spent >= 500_000
    assert board["overdue_count"] == sum(c["overdue"] for r in board["rows"] for c in r["cells"])
    assert _api(users["coordinator"]).get(url).status_code == 403
    assert _api(users["advisor_other"]).get(url).status_code == 403


@pytest.mark.parametrize("query", [{"programme": str(2**64)}, {"offset": str(2**64)}])
def test_numbers_beyond_any_row_are_the_callers_422(
    users: dict[str, Any], query: dict[str, str]
) -> None:
    """Found by the fuzz test: these were a 500 (the database driver's overflow)."""
    response = _api(users["advisor"]).get(API, query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", next(iter(query))]
