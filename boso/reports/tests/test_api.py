"""The reports API: the list and one report, as each role may read them, and the
writes of the report's life (fill, submit, return, approve, reopen) with their 409s
and 422s."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from boso.accounts.services import api_token_create
from boso.reports.choices import ActualSource
from boso.reports.models import Report
from boso.reports.tests.permissions_api import complete

pytestmark = pytest.mark.django_db
API = "/api/v1/reports"


def _api(user: Any) -> Client:
    """A client sending the user's personal token, as an API caller would."""
    token = api_token_create(user=user, name="test")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def _put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, data=json.dumps(body), content_type="application/json")


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def _fields(response: Any) -> set[str]:
    return {problem["field"] for problem in response.json()["detail"]}


def _submitted(report: Report, users: dict[str, Any]) -> Report:
    complete(report)
    response = _post(
        _api(users["coordinator"]), f"{API}/{report.pk}/submit", {"revision": report.revision}
    )
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    return report


def test_the_list_holds_what_each_role_may_read(report: Report, users: dict[str, Any]) -> None:
    mine = _api(users["coordinator"]).get(API).json()
    assert [r["id"] for r in mine["items"]] == [report.pk]
    assert mine["count"] == 1
    assert mine["items"][0]["period"]["participation"]["municipality"]["code"] == "0602"
    # Drammen's reader sees approved reports only; Lillehammer's coordinator only
    # Lillehammer's (the demo's approved report).
    assert _api(users["reader"]).get(API).json()["count"] == 0
    theirs = _api(users["coordinator_other"]).get(API).json()["items"]
    assert theirs
    assert {r["period"]["participation"]["municipality"]["code"] for r in theirs} == {"0501"}
    advisor = _api(users["advisor"])
    assert advisor.get(API, {"status": "draft", "kind": "half_year"}).json()["count"] == 1
    # Seed 003's eight final reports of 2015, approved in the demo.
    assert advisor.get(API, {"status": "approved"}).json()["count"] == 8
    assert advisor.get(API, {"kind": "final"}).json()["count"] == 8
    assert advisor.get(API, {"status": "lost"}).status_code == 422


def test_one_report_whole(report: Report, users: dict[str, Any]) -> None:
    body = _api(users["coordinator"]).get(f"{API}/{report.pk}").json()
    assert body["status"] == "draft"
    assert body["number"] == 1
    assert body["revision"] == report.revision
    assert body["contract_partner"] == "Drammen kommune"
    assert body["programme_name"] == report.programme_name
    assert len(body["items"]) == report.items.count() > 0
    assert {a["indicator"] for a in body["actuals"]} == set(
        report.actuals.values_list("indicator_id", flat=True)
    )
    assert {m["body"] for m in body["meetings"]} == {"owner", "steering", "project", "reference"}
    assert body["costs"] == body["funding"] == body["stories"] == body["comments"] == []
    assert _api(users["reader"]).get(f"{API}/{report.pk}").status_code == 403


def test_making_the_periods_report_once(plan: Any, period: Any, users: dict[str, Any]) -> None:
    client = _api(users["coordinator"])
    url = f"/api/v1/reporting-periods/{period.pk}/report"
    made = _post(client, url)
    assert made.status_code == 201, made.content
    assert made.json()["period"]["id"] == period.pk
    assert made.json()["status"] == "draft"
    again = _post(client, url)
    assert again.status_code == 422
    assert _fields(again) == {"period"}


def test_texts_saved_and_a_stale_revision_refused(report: Report, users: dict[str, Any]) -> None:
    client, url = _api(users["coordinator"]), f"{API}/{report.pk}/texts"
    saved = _put(client, url, {"revision": report.revision, "progress": "Godt i gang."})
    assert saved.status_code == 200
    assert saved.json()["progress"] == "Godt i gang."
    assert saved.json()["revision"] == report.revision + 1
    stale = _put(client, url, {"revision": report.revision, "progress": "Overskrevet"})
    assert stale.status_code == 409
    assert "lagret av noen andre" in stale.json()["detail"]
    report.refresh_from_db()
    assert report.progress == "Godt i gang."
    assert _put(client, url, {"progress": "Uten revisjon"}).status_code == 422


def test_actuals_only_for_the_plans_indicators(report: Report, users: dict[str, Any]) -> None:
    client, url = _api(users["coordinator"]), f"{API}/{report.pk}/actuals"
    entered = report.actuals.filter(source=ActualSource.REPORT).first()
    assert entered is not None
    body = {
        "revision": report.revision,
        "actuals": {entered.indicator_id: {"period": "2010H1", "value": "24"}},
    }
    saved = _put(client, url, body)
    assert saved.status_code == 200, saved.content
    row = next(a for a in saved.json()["actuals"] if a["indicator"] == entered.indicator_id)
    assert (row["period"], row["value"]) == ("2010H1", "24")
    unknown = _put(
        client, url, {"revision": report.revision + 1, "actuals": {999999: {"value": "1"}}}
    )
    assert unknown.status_code == 422
    assert _fields(unknown) == {"actuals"}


def test_economy_must_add_up(report: Report, users: dict[str, Any]) -> None:
    client, url = _api(users["coordinator"]), f"{API}/{report.pk}/economy"
    body = {
        "revision": report.revision,
        "costs": {"wages": "300000", "travel": "20000"},
        "funding": {"husbanken": "200000", "municipality": "120000"},
        "stated_total": "310000",
    }
    refused = _put(client, url, body)
    assert refused.status_code == 422
    assert _fields(refused) == {"stated_total"}
    assert "320 000" in refused.json()["detail"][0]["message"].replace("\xa0", " ")
    saved = _put(client, url, {**body, "stated_total": "320000", "costs_as_of": "2010-06-30"})
    assert saved.status_code == 200
    assert {c["category"]: c["amount"] for c in saved.json()["costs"]} == {
        "travel": "20000.00",
        "wages": "300000.00",
    }
    assert saved.json()["costs_as_of"] == "2010-06-30"


def test_submitting_names_the_missing_sections(report: Report, users: dict[str, Any]) -> None:
    client = _api(users["coordinator"])
    refused = _post(client, f"{API}/{report.pk}/submit", {"revision": report.revision})
    assert refused.status_code == 422
    assert {"section-2", "section-5", "section-6"} <= _fields(refused)
    report.refresh_from_db()
    assert report.status == "draft"


def test_return_resubmit_approve_and_reopen(report: Report, users: dict[str, Any]) -> None:
    report = _submitted(report, users)
    advisor, coordinator = _api(users["advisor"]), _api(users["coordinator"])
    assert _post(coordinator, f"{API}/{report.pk}/approve").status_code == 403
    returned = _post(
        advisor, f"{API}/{report.pk}/return", {"comments": {"5": "Legg ved regnskapet."}}
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert [(c["section"], c["author"]) for c in returned.json()["comments"]] == [
        (5, users["advisor"].username)
    ]
    again = _post(
        coordinator, f"{API}/{report.pk}/submit", {"revision": returned.json()["revision"]}
    )
    assert again.json()["status"] == "submitted"
    approved = _post(advisor, f"{API}/{report.pk}/approve")
    assert approved.json()["status"] == "approved"
    assert approved.json()["approved_by"] == users["advisor"].username
    assert _api(users["reader"]).get(API).json()["count"] == 1
    reopened = _post(advisor, f"{API}/{report.pk}/reopen")
    assert reopened.status_code == 200
    assert (reopened.json()["number"], reopened.json()["status"]) == (2, "draft")
    assert reopened.json()["id"] != report.pk
    assert Report.objects.get(pk=report.pk).status == "approved"


def test_returning_needs_a_comment(report: Report, users: dict[str, Any]) -> None:
    report = _submitted(report, users)
    refused = _post(_api(users["advisor"]), f"{API}/{report.pk}/return", {"comments": {"2": " "}})
    assert refused.status_code == 422
    assert _fields(refused) == {"comments"}


@pytest.mark.parametrize("query", [{"participation": str(2**64)}, {"offset": str(2**64)}])
def test_numbers_beyond_any_row_are_the_callers_422(
    users: dict[str, Any], query: dict[str, str]
) -> None:
    """Found by the fuzz test: these were a 500 (the database driver's overflow)."""
    response = _api(users["advisor"]).get("/api/v1/reports", query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", next(iter(query))]
