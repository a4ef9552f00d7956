"""The REST API: tokens, pagination, history, errors and the OpenAPI description."""

import pytest
from django.core.management import call_command
from django.test import Client

from boso.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> Client:
    return Client()


def test_list_is_paginated_with_items_and_count(api: Client) -> None:
    body = api.get("/api/v1/municipalities", {"valid_on": "2010-03-31", "limit": "5"}).json()
    assert body["count"] == 430
    assert len(body["items"]) == 5
    first = body["items"][0]
    assert first == {
        "code": "0101",
        "name": "Halden",
        "county": {"code": "01", "name": "Østfold"},
        "valid_from": "2008-01-01",
        "valid_to": "2020-01-01",
        "valid_from_exact": False,
    }
    page_two = api.get(
        "/api/v1/municipalities", {"valid_on": "2010-03-31", "offset": "5", "limit": "5"}
    ).json()
    assert page_two["count"] == 430
    assert page_two["items"][0]["code"] > body["items"][-1]["code"]


def test_list_defaults_to_today_and_filters(api: Client) -> None:
    body = api.get("/api/v1/municipalities", {"q": "drammen"}).json()
    assert [i["code"] for i in body["items"]] == ["3301"]
    sor = api.get("/api/v1/municipalities", {"valid_on": "2010-01-01", "region": "sor"}).json()
    # Buskerud 21 + Vestfold 14 + Telemark 18 + Aust-Agder 15 + Vest-Agder 15 in 2010
    assert sor["count"] == 83


def test_date_outside_the_register_is_a_400_with_reason(api: Client) -> None:
    response = api.get("/api/v1/municipalities", {"valid_on": "1990-01-01"})
    assert response.status_code == 400
    assert "2008-01-01" in response.json()["detail"]
    assert api.get("/api/v1/municipalities", {"valid_on": "31.03.2010"}).status_code == 422


def test_unknown_code_is_a_404_with_reason(api: Client) -> None:
    response = api.get("/api/v1/municipalities/0000")
    assert response.status_code == 404
    assert "0000" in response.json()["detail"]
    assert api.get("/api/v1/municipalities/3301?valid_on=2010-01-01").status_code == 404


def test_detail_and_history(api: Client) -> None:
    drammen = api.get("/api/v1/municipalities/0602").json()
    assert drammen["county"] == {"code": "06", "name": "Buskerud"}
    history = api.get("/api/v1/municipalities/3301/history").json()
    assert {(p["code"], p["changed_on"]) for p in history["predecessors"]} == {
        ("3005", "2024-01-01"),
        ("0602", "2020-01-01"),
        ("0625", "2020-01-01"),
        ("0711", "2020-01-01"),
    }
    split = api.get("/api/v1/municipalities/1507/history").json()
    assert {s["code"] for s in split["successors"]} == {"1508", "1580"}


def test_token_authenticates_and_revocation_stops_it(api: Client, users) -> None:
    token, raw = api_token_create(user=users["advisor"], name="test")
    response = api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.json() == {
        "username": "radgiver.sor",
        "role": "advisor",
        "role_label": "Regional rådgiver",
        "region": "sor",
        "municipality_code": None,
    }
    api_token_revoke(token=token)
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


@pytest.mark.parametrize("header", ["Bearer boso_wrong", "Bearer nope", "Token abc", "Bearer "])
def test_a_bad_token_is_never_silently_anonymous(api: Client, header: str) -> None:
    response = api.get("/api/v1/municipalities", headers={"Authorization": header})
    assert response.status_code == 401


def test_create_api_token_prints_the_token_last(users, capsys) -> None:
    call_command("create_api_token", "koordinator.drammen", "--name", "cli")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.json()["username"] == "koordinator.drammen"


def test_openapi_describes_every_endpoint(api: Client) -> None:
    schema = api.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/municipalities",
        "/api/v1/municipalities/{code}",
        "/api/v1/municipalities/{code}/history",
        "/api/v1/regions",
        "/api/v1/me",
    } <= set(schema["paths"])


def test_regions_list_counties_and_direct_placements(api: Client) -> None:
    regions = {r["slug"]: r for r in api.get("/api/v1/regions?valid_on=2021-06-01").json()}
    assert [c["code"] for c in regions["sor"]["counties"]] == ["38", "42"]
    assert len(regions["sor"]["municipalities"]) == 18
    assert "3005" in regions["sor"]["municipalities"]
    assert regions["ost"]["municipalities"] == []
    now = {r["slug"]: r for r in api.get("/api/v1/regions?valid_on=2024-06-01").json()}
    assert [c["name"] for c in now["sor"]["counties"]] == [
        "Buskerud",
        "Vestfold",
        "Telemark",
        "Agder",
    ]


def test_every_schema_has_its_own_name() -> None:
    """Found by the fuzz test: the OpenAPI document has one namespace, so two schemas of
    the same name (plans' and statistics' IndicatorOut) made /indicators documented
    with the plan indicator's fields."""
    from ninja import Schema

    def subclasses(cls: type) -> set[type]:
        return {s for c in cls.__subclasses__() for s in {c} | subclasses(c)}

    ours = [c for c in subclasses(Schema) if c.__module__.startswith("boso.")]
    names = [c.__name__ for c in ours]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
    document = Client().get("/api/v1/openapi.json").json()
    indicator = document["components"]["schemas"]["IndicatorOut"]
    assert "goal" not in indicator["properties"]


def test_what_no_route_takes_is_a_json_404(api: Client) -> None:
    """Found by the fuzz test: /api/v1/plans/abc (the route wants a number) was the
    site's HTML page, not the JSON the document promises."""
    for path in ["/api/v1/plans/abc", "/api/v1/plans/1%0A2", "/api/v1/nothing"]:
        response = api.get(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()
    assert api.delete("/api/v1/me").status_code == 405


def test_document_names_the_answers_any_operation_can_give(api: Client) -> None:
    """401 everywhere, 422 where there are parameters or a body, 400 for a body that is
    no JSON; a refusal's own 422 stays documented next to the validation's."""
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for path, item in paths.items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert "401" in codes, (method, path)
            if operation.get("parameters") or "requestBody" in operation:
                assert "422" in codes, (method, path)
            if "requestBody" in operation:
                assert "400" in codes, (method, path)
    put = paths["/api/v1/reports/{report_id}/texts"]["put"]["responses"]["422"]
    refs = [s["$ref"] for s in put["content"]["application/json"]["schema"]["anyOf"]]
    assert refs == ["#/components/schemas/ProblemsOut", "#/components/schemas/ValidationErrorOut"]
    bad = api.get("/api/v1/municipalities", {"limit": "x"}).json()
    assert {"type", "loc", "msg"} <= set(bad["detail"][0])
