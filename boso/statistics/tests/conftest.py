"""The statistics tests start from an empty store.

The session's demo (boso/conftest.py) imports the seeds' figures and SSB's sample
tables. These tests count what they write themselves, so each one first removes
what the demo's statistics added: observations, their revisions, import runs and
profiles, and the indicators that imports created beside the catalogue. The test's
transaction is rolled back afterwards, so the demo's data is back for the next test.
A test that wants the demo's figures asks for the fixture `demo_statistics`.
"""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def demo_statistics() -> None:
    """Keep the demo's statistics for this test."""


@pytest.fixture(autouse=True)
def _empty_statistics_store(request: pytest.FixtureRequest) -> None:
    if "demo_statistics" in request.fixturenames:
        return
    if not _uses_database(request):
        return
    from django.db import connection

    from boso.statistics.models import (
        ImportProfile,
        ImportRun,
        Indicator,
        Observation,
        ObservationRevision,
    )
    from boso.statistics.services import CATALOGUE_JSON

    catalogue = [e["code"] for e in json.loads(CATALOGUE_JSON.read_text("utf-8"))["indicators"]]
    ObservationRevision.objects.all().delete()
    with connection.cursor() as cursor:  # thousands of rows: one statement, not the ORM's
        cursor.execute(f"DELETE FROM {Observation._meta.db_table}")  # noqa: S608
    ImportRun.objects.all().delete()
    ImportProfile.objects.all().delete()
    Indicator.objects.exclude(code__in=catalogue).delete()


def _uses_database(request: pytest.FixtureRequest) -> bool:
    """pytest-django's own autouse fixture has opened the database for such a test."""
    if request.node.get_closest_marker("django_db") is not None:
        return True
    return any(name in request.fixturenames for name in ("db", "transactional_db"))
