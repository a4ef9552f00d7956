"""Every URL and API endpoint, requested as every role, gets exactly what the matrix says."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from boso.accounts.services import api_token_create
from boso.core.testing.matrix import LOGIN, ROLES, Row, check


def _collect_rows() -> list[Row]:
    rows: list[Row] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("boso."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.permissions")
        except ModuleNotFoundError:
            continue
        rows.extend(module.ROWS)
    return rows


ROWS = _collect_rows()
# Third-party areas with their own access control, checked in their own rows below.
UNCOVERED_PREFIXES = ("admin/", "i18n/", "static/")


@pytest.fixture
def world(users: dict[str, Any]) -> dict[str, Any]:
    tokens = {role: api_token_create(user=u, name="matrix")[1] for role, u in users.items() if u}
    return {**users, "tokens": tokens}


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_matrix(row: Row, role: str, world: dict[str, Any]) -> None:
    client = Client()
    user = world[role]
    if user is not None and not row.api:
        client.force_login(user)
    expected, status, location = check(client, row, role, world)
    if expected == LOGIN:
        assert status == 302, f"{row.name} as {role}: {status}, expected a login redirect"
        assert location.startswith("/logg-inn/"), location
    else:
        assert status == expected, f"{row.name} as {role}: {status}, expected {expected}"


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes.extend(_routes(pattern, route))
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


@pytest.mark.django_db
def test_every_url_has_a_matrix_row(world: dict[str, Any]) -> None:
    covered = {resolve(row.resolve_url(world).split("?")[0]).route for row in ROWS}
    routes = {r for r in _routes(get_resolver()) if not r.startswith(UNCOVERED_PREFIXES)}
    # Ninja adds the OpenAPI schema and docs pages; they are public and checked below.
    routes -= {"api/v1/openapi.json", "api/v1/docs"}
    missing = sorted(routes - covered)
    assert not missing, f"URL patterns without a permission-matrix row: {missing}"


@pytest.mark.parametrize("role", list(ROLES))
def test_admin_site_only_for_administrators(role: str, world: dict[str, Any]) -> None:
    client = Client()
    if world[role] is not None:
        client.force_login(world[role])
    response = client.get("/admin/")
    if role == "admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_api_description_is_public(path: str) -> None:
    assert Client().get(path).status_code == 200
