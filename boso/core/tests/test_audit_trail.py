"""The audit trail records who changed what, also for changes made with an API token.

simple-history takes the user from the request (HistoryRequestMiddleware) when a
history row is written. A token is checked after the middleware has run, by the API's
authentication (boso.api.auth), which sets request.user to the token's owner; these
tests fail if that stops, since the rows would then name nobody.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from boso.accounts.services import api_token_create
from boso.programmes.models import Application, Invitation
from boso.programmes.tests import conftest as programme_fixtures
from boso.reports.tests import conftest as report_fixtures
from boso.statistics.models import ImportRun

pytestmark = pytest.mark.django_db

# The apps' own fixtures: a draft application (programmes), a plan and a report (reports).
sor, drammen, programme = (
    programme_fixtures.sor,
    programme_fixtures.drammen,
    programme_fixtures.programme,
)
sor_run, open_call, draft = (
    programme_fixtures.sor_run,
    programme_fixtures.open_call,
    programme_fixtures.draft,
)
participation, period = report_fixtures.participation, report_fixtures.period
plan, report = report_fixtures.plan, report_fixtures.report


@pytest.fixture
def call(open_call: Any) -> Any:
    """The draft's call: one whose deadline is ahead, so the draft can be submitted."""
    return open_call


def _token_client(user: Any) -> Client:
    _token, raw = api_token_create(user=user, name="revisjonsspor")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, body, content_type="application/json")


def test_an_application_saved_with_a_token_names_its_owner(
    draft: Any, users: dict[str, Any]
) -> None:
    coordinator = users["coordinator"]
    client = _token_client(coordinator)
    url = f"/api/v1/programmes/applications/{draft.pk}"
    response = _put(client, url, {"version": draft.version, "target_groups": "Unge bostedsløse"})
    assert response.status_code == 200, response.content
    latest = draft.history.latest()
    assert latest.target_groups == "Unge bostedsløse"
    assert latest.history_user == coordinator


def test_a_plan_saved_with_a_token_names_its_owner(plan: Any, users: dict[str, Any]) -> None:
    coordinator = users["coordinator"]
    plan.refresh_from_db()
    body = {"version": plan.version, "vision": "Alle skal bo trygt"}
    response = _put(_token_client(coordinator), f"/api/v1/plans/{plan.pk}/texts", body)
    assert response.status_code == 200, response.content
    latest = plan.history.latest()
    assert latest.vision == "Alle skal bo trygt"
    assert latest.history_user == coordinator


def test_a_report_saved_with_a_token_names_its_owner(report: Any, users: dict[str, Any]) -> None:
    coordinator = users["coordinator"]
    report.refresh_from_db()
    body = {"revision": report.revision, "learning": "Vi lærte å samarbeide"}
    response = _put(_token_client(coordinator), f"/api/v1/reports/{report.pk}/texts", body)
    assert response.status_code == 200, response.content
    latest = report.history.latest()
    assert latest.learning == "Vi lærte å samarbeide"
    assert latest.history_user == coordinator


def test_a_submission_by_token_is_named_on_the_page(draft: Any, users: dict[str, Any]) -> None:
    coordinator = users["coordinator"]
    client = _token_client(coordinator)
    response = client.post(f"/api/v1/programmes/applications/{draft.pk}/submit")
    assert response.status_code == 200, response.content
    assert draft.history.latest().history_user == coordinator
    advisor = Client()
    advisor.force_login(users["advisor"])
    page = advisor.get(reverse("programmes:application", args=[draft.pk])).content.decode()
    history = page[page.index('id="history-heading"') :]
    name = coordinator.get_full_name() or coordinator.username
    assert name in history


def test_a_change_through_a_page_names_the_user(open_call: Any, users: dict[str, Any]) -> None:
    coordinator = users["coordinator"]
    client = Client()
    client.force_login(coordinator)
    invitation = Invitation.objects.get(call=open_call)
    response = client.post(reverse("programmes:application-start", args=[invitation.pk]))
    assert response.status_code == 302
    application = Application.objects.get(call=open_call)
    assert application.history.earliest().history_user == coordinator


def test_an_import_run_names_who_started_it(users: dict[str, Any]) -> None:
    advisor = Client()
    advisor.force_login(users["advisor"])
    upload = SimpleUploadedFile("tall.csv", b"indikator;kommune;periode;verdi\nx;3301;2020;1\n")
    response = advisor.post(reverse("statistics:import"), {"file": upload})
    assert response.status_code == 302
    assert ImportRun.objects.latest("pk").user == users["advisor"]
