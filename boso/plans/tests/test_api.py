"""The plans API: what each role reads, the whole plan in a fixed number of queries,
and the texts written through the service with the version check."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from boso.accounts.services import api_token_create
from boso.plans import services
from boso.plans.models import Plan
from boso.plans.tests import full_plan as story
from boso.statistics.models import Indicator

pytestmark = pytest.mark.django_db

API = "/api/v1/plans"


def _client(user: Any) -> Client:
    """A client sending the user's personal token, as an API caller would."""
    token = api_token_create(user=user, name="test")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def plan(participation: Any, users: dict[str, Any]) -> Plan:
    return story.full_plan(participation, users)


@pytest.fixture
def approved(participation: Any) -> Plan:
    plan = story.make_plan(participation, title="Programplan 2010")
    story.add_goal(plan, 1)
    return story.approve(plan)


def _ids(client: Client, **query: Any) -> set[int]:
    body = client.get(API, {"limit": 1000, **query}).json()
    assert body["count"] == len(body["items"])
    return {item["id"] for item in body["items"]}


# --- The list -----------------------------------------------------------------------------


def test_the_list_holds_what_each_role_may_read(
    plan: Plan, approved: Plan, users: dict[str, Any]
) -> None:
    both = {plan.pk, approved.pk}
    assert both <= _ids(_client(users["admin"]))
    assert both <= _ids(_client(users["advisor"]))
    assert both <= _ids(_client(users["coordinator"]))  # 3301 Drammen owns 0602's plans
    seen = _ids(_client(users["reader"]))
    assert approved.pk in seen
    assert plan.pk not in seen  # readers see approved versions only
    assert not both & _ids(_client(users["advisor_other"]))
    assert not both & _ids(_client(users["coordinator_other"]))
    assert Client().get(API).status_code == 401


def test_the_list_filters_and_summarises(
    plan: Plan, approved: Plan, participation: Any, users: dict[str, Any]
) -> None:
    client = _client(users["advisor"])
    demo = set(Plan.objects.filter(participation=participation).values_list("pk", flat=True))
    assert _ids(client, participation=participation.pk) == demo  # the demo's and ours
    assert {plan.pk, approved.pk} <= demo
    found = _ids(client, participation=participation.pk, status="approved")
    assert approved.pk in found
    assert plan.pk not in found
    assert _ids(client, participation=999999) == set()
    assert client.get(API, {"status": "lost"}).status_code == 422
    body = client.get(API, {"participation": participation.pk, "limit": 1}).json()
    assert (body["count"], len(body["items"])) == (len(demo), 1)
    summary = body["items"][0]
    assert summary["participation"]["municipality"] == {"code": "0602", "name": "Drammen"}
    assert summary["participation"]["programme"]["id"] == participation.programme_id
    assert set(summary) == {
        "id",
        "title",
        "participation",
        "first_year",
        "last_year",
        "status",
        "version",
        "approved_at",
        "updated_at",
    }


def test_the_list_is_filtered_in_the_database(
    participation: Any, users: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    story.make_plan(participation)
    client = _client(users["coordinator"])
    with CaptureQueriesContext(connection) as one:
        before = len(_ids(client, participation=participation.pk))
    for year in range(3):
        story.make_plan(participation, title=f"Plan {year}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(_ids(client, participation=participation.pk)) == before + 3


# --- One plan -----------------------------------------------------------------------------


def test_one_plan_whole(plan: Plan, users: dict[str, Any]) -> None:
    body = _client(users["coordinator"]).get(f"{API}/{plan.pk}").json()
    assert (body["title"], body["status"], body["version"]) == (
        "Handlingsplan 2011–2012",
        "draft",
        2,
    )
    assert (body["first_year"], body["last_year"]) == (2011, 2012)
    assert body["vision"] == story.VISION
    assert body["summary"] == story.SUMMARY  # sanitised HTML, as stored
    assert body["mandate"].startswith("<p>Søknaden ble behandlet")
    # The goal tree: main goals with sub-goals, activities by month, indicator ids.
    first = body["goals"][0]
    assert (first["level"], first["title"]) == ("main", story.MAIN_GOALS[0])
    assert [a["title"] for a in first["activities"]] == ["Vedtak av boligsosial strategi"]
    sub = first["sub_goals"][0]
    assert (sub["level"], sub["title"], sub["sub_goals"]) == ("sub", story.SUB_GOAL, [])
    activity = sub["activities"][0]
    assert activity["starts_on"] == "2011-03-01"
    assert activity["ends_on"] == "2011-06-01"
    assert (activity["responsible_unit"], activity["status"]) == ("NAV Drammen", "ongoing")
    # Indicators with targets, actuals and the reading, the rule spelled out.
    indicator = next(i for i in body["indicators"] if i["id"] in sub["indicators"])
    assert indicator["goal"] == sub["id"]
    assert (indicator["name"], indicator["catalogue"], indicator["direction"]) == (
        story.INDICATOR,
        None,
        "decrease",
    )
    assert (indicator["baseline_value"], indicator["baseline_period"]) == ("35", "2010")
    assert indicator["targets"] == [
        {"period": "2012", "value": "12"},
        {"period": "2014", "value": "0"},
    ]
    assert indicator["actuals"] == [{"period": "2011", "value": "24", "source": "KOSTRA"}]
    assert indicator["reading"] == {
        "actual": "24",
        "actual_period": "2011",
        "target": "12",
        "target_period": "2012",
        "progress": "0.4783",
        "expected": "0.4993",
        "status": "on_track",
        "status_label": "I rute",
    }
    assert body["progress_rule"].startswith("Framdrift = (faktisk − utgangsverdi)")


def test_one_plan_parts_and_budget(plan: Plan, users: dict[str, Any]) -> None:
    body = _client(users["advisor"]).get(f"{API}/{plan.pk}").json()
    assert [t["name"] for t in body["target_groups"]] == [
        "Ungdom 18–25 år",
        "Bostedsløse",
        "Personer med ROP-lidelser",
    ]
    assert [s["name"] for s in body["sub_projects"]] == [
        "Boligsosial strategi",
        "Startlån til unge",
    ]
    seats = {(m["body"], m["role_title"]): m for m in body["organisation"]}
    assert seats[("project", "Programkoordinator")]["username"] == "koordinator.drammen"
    assert seats[("steering", "Kommunalsjef")] == {
        "id": seats[("steering", "Kommunalsjef")]["id"],
        "body": "steering",
        "role_title": "Kommunalsjef",
        "unit": "Helse og sosial",
        "username": None,
        "leads": True,
        "order": 0,
    }
    assert body["risks"][0]["score"] == 10
    assert len(body["budget_lines"]) == 6
    assert body["budget_lines"][0]["amount"] in {"400000.00", "600000.00", "200000.00", "50000.00"}
    assert body["budget"] == {
        "years": [
            {
                "year": 2011,
                "municipality": "400000.00",
                "husbanken": "800000.00",
                "other": "50000.00",
                "total": "1250000.00",
            },
            {
                "year": 2012,
                "municipality": "450000.00",
                "husbanken": "500000.00",
                "other": "0.00",
                "total": "950000.00",
            },
        ],
        "totals": {
            "municipality": "850000.00",
            "husbanken": "1300000.00",
            "other": "50000.00",
            "total": "2200000.00",
        },
        "own_share": "0.3953",
        "within_rule": True,
        "rule": {"min_own_share": "0.3000", "max_own_share": "0.5000"},
    }
    schedule = body["reporting_schedule"]
    assert schedule[0]["kind"] == "half_year"
    assert schedule[-1]["kind"] == "final"


def test_a_catalogue_indicator_reads_the_statistics_store(
    plan: Plan, users: dict[str, Any]
) -> None:
    from boso.statistics.models import Indicator
    from boso.statistics.tests.factories import put_observation

    put_observation("homeless", "0602", "2012", 30)
    goal = plan.goals.filter(parent__isnull=False).first()
    assert goal is not None
    indicator = services.indicator_save(
        plan=plan,
        goal=goal,
        catalogue=Indicator.objects.get(code="homeless"),
        direction="decrease",
        baseline_value=Decimal(60),
        baseline_period="2008",
    )
    services.target_set(indicator=indicator, period="2014", value=Decimal(0))
    body = _client(users["admin"]).get(f"{API}/{plan.pk}").json()
    found = next(i for i in body["indicators"] if i["id"] == indicator.pk)
    assert found["catalogue"] == "homeless"
    assert {"period": "2012", "value": "30", "source": "statistikk"} in found["actuals"]
    assert (found["reading"]["actual"], found["reading"]["progress"]) == ("30", "0.5000")


@pytest.mark.parametrize(
    ("role", "draft", "approved_status"),
    [
        ("admin", 200, 200),
        ("advisor", 200, 200),
        ("advisor_other", 403, 403),
        ("coordinator", 200, 200),
        ("coordinator_other", 403, 403),
        ("reader", 403, 200),
    ],
)
def test_who_reads_one_plan(
    role: str,
    draft: int,
    approved_status: int,
    plan: Plan,
    approved: Plan,
    users: dict[str, Any],
) -> None:
    client = _client(users[role])
    assert client.get(f"{API}/{plan.pk}").status_code == draft
    assert client.get(f"{API}/{approved.pk}").status_code == approved_status


def test_unknown_plan_and_no_token(plan: Plan, users: dict[str, Any]) -> None:
    assert _client(users["admin"]).get(f"{API}/999999").status_code == 404
    assert Client().get(f"{API}/{plan.pk}").status_code == 401


def test_one_plan_costs_the_same_queries_however_many_goals(
    participation: Any, users: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    plan = story.make_plan(participation)
    story.add_goal(plan, 1)
    story.add_the_rest(plan, users)
    client = _client(users["coordinator"])
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"{API}/{plan.pk}").status_code == 200
    for number in range(2, 7):
        story.add_goal(plan, number)
    goal = plan.goals.first()
    for code in ("homeless", "waiting_list", "homeless_per_1000"):  # read from the store
        services.indicator_save(
            plan=plan,
            goal=goal,
            catalogue=Indicator.objects.get(code=code),
            direction="decrease",
            baseline_value=Decimal(1),
            baseline_period="2008",
        )
    # The store is read once for all catalogue indicators: the register and its changes
    # (the harmoniser) and the observations, three queries however many there are.
    with django_assert_max_num_queries(len(one.captured_queries) + 3):
        body = client.get(f"{API}/{plan.pk}").json()
    assert len(body["goals"]) == 6
    assert len(body["indicators"]) == 9


# --- Writing the texts ------------------------------------------------------------------------


def _put(client: Client, plan: Plan, body: dict[str, Any]) -> Any:
    return client.put(f"{API}/{plan.pk}/texts", body, content_type="application/json")


def test_save_texts_sanitised_and_versioned(plan: Plan, users: dict[str, Any]) -> None:
    client = _client(users["coordinator"])
    response = _put(
        client,
        plan,
        {
            "version": 2,
            "purpose": '<p onclick="x()">Nytt <strong>formål</strong></p><script>x()</script>',
            "vision": " Alle skal bo godt ",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 3
    assert body["purpose"] == "<p>Nytt <strong>formål</strong></p>"
    assert body["vision"] == "Alle skal bo godt"
    assert body["summary"] == story.SUMMARY  # left out: kept
    assert len(body["goals"]) == 2
    plan.refresh_from_db()
    assert (plan.version, plan.purpose) == (3, "<p>Nytt <strong>formål</strong></p>")


def test_a_stale_version_is_409_and_nothing_changes(plan: Plan, users: dict[str, Any]) -> None:
    client = _client(users["advisor"])
    assert _put(client, plan, {"version": 2, "purpose": "<p>Først</p>"}).status_code == 200
    response = _put(client, plan, {"version": 2, "purpose": "<p>Sist</p>"})
    assert response.status_code == 409
    assert "lagret av noen andre" in response.json()["detail"]
    plan.refresh_from_db()
    assert (plan.version, plan.purpose) == (3, "<p>Først</p>")


def test_refused_texts_are_422_naming_the_field(plan: Plan, users: dict[str, Any]) -> None:
    client = _client(users["coordinator"])
    response = _put(client, plan, {"version": 2, "title": "  ", "purpose": "<p>Ny</p>"})
    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "title", "message": "Gi planen en tittel."}]}
    wrong_shape = _put(client, plan, {"purpose": "<p>Ny</p>"})  # no version
    assert wrong_shape.status_code == 422
    assert wrong_shape.json()["detail"][0]["loc"][-1] == "version"
    plan.refresh_from_db()
    assert (plan.version, plan.title) == (2, story.TITLE)


@pytest.mark.parametrize("role", ["reader", "advisor_other", "coordinator_other"])
def test_only_those_who_edit_write_whatever_the_body(
    role: str, plan: Plan, users: dict[str, Any]
) -> None:
    client = _client(users[role])
    assert _put(client, plan, {"version": 2, "purpose": "<p>Ny</p>"}).status_code == 403
    assert _put(client, plan, {"nonsense": True}).status_code == 403
    plan.refresh_from_db()
    assert plan.version == 2


def test_an_approved_plan_is_not_written(approved: Plan, users: dict[str, Any]) -> None:
    before = approved.version
    response = _put(_client(users["coordinator"]), approved, {"version": before, "vision": "Ny"})
    assert response.status_code == 403
    assert Client().put(f"{API}/{approved.pk}/texts", {}).status_code == 401
    approved.refresh_from_db()
    assert approved.version == before


def test_session_writes_need_the_csrf_token(plan: Plan, users: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["coordinator"])
    response = _put(client, plan, {"version": 2, "vision": "Ny"})
    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).version == 2


def test_openapi_describes_the_plan_endpoints() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert set(paths[API]) == {"get"}
    assert set(paths[API + "/{plan_id}"]) == {"get"}
    assert set(paths[API + "/{plan_id}/texts"]) == {"put"}


@pytest.mark.parametrize("query", [{"participation": str(2**64)}, {"offset": str(2**64)}])
def test_numbers_beyond_any_row_are_the_callers_422(
    users: dict[str, Any], query: dict[str, str]
) -> None:
    """Found by the fuzz test: these were a 500 (the database driver's overflow)."""
    response = _client(users["advisor"]).get(API, query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", next(iter(query))]
