"""Drammen's participation in region sør 2010–2014 (the demo) and a draft plan for it.

Models are imported inside the fixtures: this file loads before Django is set up.
"""

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
    from boso.plans import services

    return services.plan_create(
        participation=participation, title="Programplan 2011", first_year=2011, last_year=2011
    )


@pytest.fixture
def main_goal(plan: Any) -> Any:
    from boso.plans import services

    return services.goal_save(plan=plan, title="Alle skal bo trygt og godt")
