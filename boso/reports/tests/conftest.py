"""Drammen's participation in region sør (the demo) with a full plan, and its first
reporting period. Models are imported inside the fixtures: this file loads before
Django is set up."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def participation(db: Any) -> Any:
    from boso.programmes.models import Participation

    return Participation.objects.select_related("programme", "municipality").get(
        municipality__code="0602", programme__region__slug="sor"
    )


@pytest.fixture
def plan(participation: Any) -> Any:
    from boso.plans.tests import full_plan as story

    return story.full_plan(participation)


@pytest.fixture
def period(participation: Any) -> Any:
    """The first half-year the participation reports on."""
    return participation.reporting_periods.order_by("ends_on", "starts_on").first()


@pytest.fixture
def report(plan: Any, period: Any, users: dict[str, Any]) -> Any:
    from boso.reports import services

    return services.report_create(period=period, user=users["coordinator"])
