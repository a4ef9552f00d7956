"""The API fuzzed from its own OpenAPI document: no generated request may end in a
server error, and every answer has a status and a body the document promises.

Each operation gets generated requests (the schema's examples, the coverage phase's
boundary and wrong-type values, then random ones) from a Husbanken advisor and a
municipal coordinator, each with a personal token, and from an anonymous caller. The
calls go straight to the WSGI application inside the test's transaction, so whatever
a write creates is rolled back. Deterministic: the same cases on every run.

Run it alone with `pytest boso/api/tests/test_schemathesis.py`; a failure prints the
request as a curl command to reproduce it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import CheckFunction
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.schemas import OpenApiSchema

from boso.accounts.services import api_token_create

MAX_EXAMPLES = 15
# Without a token an operation that needs one stops at its 401, whatever the input.
ANONYMOUS_EXAMPLES = 3
# The caller's token and the test's transaction stay the same for all its cases.
SETTINGS: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


def _closing(app: WSGIHandler) -> Any:
    """The application as a WSGI server runs it: the answer read, then closed (which
    closes a served file; the test client schemathesis uses leaves that undone)."""

    def run(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        answer = app(environ, start_response)
        try:
            return [b"".join(answer)]
        finally:
            answer.close()

    return run


def _load_schema(*, phases: list[str], max_examples: int) -> OpenApiSchema:
    """The published document, read from the application itself (no database needed)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _closing(WSGIHandler()))
    schema.config.generation.update(
        max_examples=max_examples,
        deterministic=True,
        database="none",
        # The caller's own token goes on every request; a generated one is only a 401.
        with_security_parameters=False,
    )
    schema.config.phases.update(phases=phases)
    return schema


def _is_public(operation: APIOperation) -> bool:
    return {"PublicAuth": []} in operation.definition.raw.get("security", [])


schema = _load_schema(phases=["examples", "coverage", "fuzzing"], max_examples=MAX_EXAMPLES)
public = schema.include(lambda ctx: _is_public(ctx.operation))
protected = schema.include(lambda ctx: not _is_public(ctx.operation))
on_objects = schema.include(lambda ctx: not _is_public(ctx.operation) and "{" in ctx.operation.path)
# No boundary values for anonymous callers there: the token check comes before the input's.
protected_from_anonymous = _load_schema(
    phases=["examples", "fuzzing"], max_examples=ANONYMOUS_EXAMPLES
).include(lambda ctx: not _is_public(ctx.operation))


@pytest.fixture
def wsgi_app() -> Iterator[None]:
    """Keep the database connection after each request: it holds the test's
    transaction (Django's test client disconnects the same handler)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _headers(users: dict[str, Any], role: str) -> dict[str, str]:
    """What one caller sends: nothing when anonymous, else a personal token."""
    user = users[role]
    if user is None:
        return {}
    token = api_token_create(user=user, name="schemathesis")[1]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(params=["advisor", "coordinator"])
def member(request: pytest.FixtureRequest, users: dict[str, Any]) -> dict[str, str]:
    return _headers(users, request.param)


@pytest.fixture(params=["anonymous", "advisor", "coordinator"])
def anyone(request: pytest.FixtureRequest, users: dict[str, Any]) -> dict[str, str]:
    return _headers(users, request.param)


def _checks() -> list[CheckFunction]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]


@public.parametrize()
@settings(max_examples=MAX_EXAMPLES, **SETTINGS)
def test_public_operations(case: Case, anyone: dict[str, str], wsgi_app: None) -> None:
    case.call_and_validate(headers=anyone, checks=_checks())


@protected.parametrize()
@settings(max_examples=MAX_EXAMPLES, **SETTINGS)
def test_operations_of_logged_in_users(case: Case, member: dict[str, str], wsgi_app: None) -> None:
    case.call_and_validate(headers=member, checks=_checks())


def _draft_report(participation: Any, coordinator: Any) -> Any:
    """The demo has no report for the participation yet: one on an approved plan."""
    from boso.plans.tests.full_plan import full_plan
    from boso.reports import services

    full_plan(participation)
    period = participation.reporting_periods.order_by("ends_on", "starts_on").first()
    return services.report_create(period=period, user=coordinator)


def _demo_ids(coordinator: Any) -> dict[str, int]:
    """Ids of demo objects around Drammen's participation in region sør, which both
    callers may see (and the coordinator fill in), for the path parameters they name."""
    from boso.programmes.models import Agreement, Application, Attachment, Participation
    from boso.reports.models import Report, Synthesis
    from boso.reports.tests.permissions_api import drammen_period
    from boso.selection.models import IndexDefinition, ScoringRun

    participation = Participation.objects.get(
        municipality__code="0602", programme__region__slug="sor"
    )
    application = Application.objects.filter(
        municipality__code="0602", call__programme=participation.programme
    ).first()
    report = Report.objects.filter(period__participation=participation).first()
    report = report or _draft_report(participation, coordinator)
    found = {
        "participation_id": participation,
        "programme_id": participation.programme,
        "call_id": application.call if application else None,
        "application_id": application,
        "attachment_id": Attachment.objects.filter(application=application).first(),
        "agreement_id": Agreement.objects.filter(application=application).first(),
        "plan_id": participation.plans.order_by("pk").first(),
        "report_id": report,
        "period_id": drammen_period(),
        "synthesis_id": Synthesis.objects.filter(programme=participation.programme).first(),
        "definition_id": IndexDefinition.objects.order_by("pk").first(),
        "run_id": ScoringRun.objects.order_by("pk").first(),
    }
    return {name: obj.pk for name, obj in found.items() if obj is not None}


@pytest.fixture
def demo_ids(users: dict[str, Any]) -> dict[str, int]:
    ids = _demo_ids(users["coordinator"])
    # Without these the writes would only ever meet a 404.
    assert {"application_id", "plan_id", "report_id", "period_id"} <= set(ids)
    return ids


@on_objects.parametrize()
@settings(max_examples=MAX_EXAMPLES, **SETTINGS)
def test_operations_on_demo_objects(
    case: Case, member: dict[str, str], demo_ids: dict[str, int], wsgi_app: None
) -> None:
    """The same with ids of objects that exist, so the bodies reach the services."""
    for name in case.path_parameters or {}:
        if name in demo_ids:
            case.path_parameters[name] = demo_ids[name]
    case.call_and_validate(headers=member, checks=_checks())


@protected_from_anonymous.parametrize()
@settings(max_examples=ANONYMOUS_EXAMPLES, **SETTINGS)
def test_operations_of_logged_in_users_refuse_anonymous(case: Case, wsgi_app: None) -> None:
    response = case.call_and_validate(checks=_checks())
    # A path no route takes (an id that is not a number) is a 404 before any token check.
    routed = all(str(value).isdigit() for value in (case.path_parameters or {}).values())
    assert response.status_code == (401 if routed else 404)
