"""Region sør's 2010 programme, its call and Drammen's draft (figures in seed.py).

Models are imported inside the fixtures: this file loads before Django is set up.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest


@pytest.fixture
def sor(db: Any) -> Any:
    from boso.municipalities.models import Region

    return Region.objects.get(slug="sor")


@pytest.fixture
def drammen(db: Any) -> Any:
    from boso.municipalities.selectors import municipality_get

    return municipality_get("0602", day=datetime.date(2010, 1, 1))


@pytest.fixture
def programme(sor: Any, users: dict[str, Any]) -> Any:
    from boso.programmes import services
    from boso.programmes.tests.seed import DEADLINE

    return services.programme_create(
        region=sor,
        name="Boligsosialt utviklingsprogram region sør",
        start_year=2010,
        end_year=2014,
        application_deadline=DEADLINE,
        budgets={2010: Decimal(6_000_000), 2011: Decimal(12_000_000)},
        user=users["advisor"],
    )


@pytest.fixture
def sor_run(sor: Any) -> Any:
    from boso.selection.models import ScoringRun

    return ScoringRun.objects.get(definition__region=sor, published=True)


@pytest.fixture
def call(programme: Any, sor_run: Any, users: dict[str, Any]) -> Any:
    from boso.programmes import services

    call = services.call_create(
        programme=programme,
        title="Utlysning 2010",
        requirements="Søknaden må tydeliggjøre behov og mål, egeninnsats og vilje.",
        gatherings=[
            services.GatheringInput(
                datetime.date(2010, 5, 26), datetime.date(2010, 5, 27), "Drammen"
            )
        ],
        user=users["advisor"],
    )
    services.call_invite_from_decisions(call=call, run=sor_run, user=users["advisor"])
    return services.call_open(call=call, user=users["advisor"])


@pytest.fixture
def draft(call: Any, drammen: Any, users: dict[str, Any]) -> Any:
    from boso.programmes import services
    from boso.programmes.choices import ContactRole, PoliticalBody
    from boso.programmes.tests.seed import attach_decision, drammen_years

    coordinator = users["coordinator"]
    application = services.application_create(call=call, municipality=drammen, user=coordinator)
    attach_decision(application)
    return services.application_save_draft(
        application=application,
        expected_version=application.version,
        user=coordinator,
        needs_and_goals="Forebygge og bekjempe bostedsløshet; økt boligsosial kompetanse.",
        target_groups="Bostedsløse med behov for bolig. Ungdom som trenger botrening.",
        sub_projects="Ny boligsosial handlingsplan. Boligskole for 17–23 år.",
        existing_projects="Fjell 2020",
        political_body=PoliticalBody.FORMANNSKAP,
        political_decision_date=datetime.date(2010, 3, 23),
        political_case_number="sak 46/10",
        years=drammen_years(),
        contacts=[services.ContactInput(ContactRole.COORDINATOR, coordinator, "Helse og sosial")],
    )


@pytest.fixture
def open_call(programme: Any, users: dict[str, Any]) -> Any:
    """A call of the 2010 programme whose deadline is still ahead, inviting Drammen."""
    from django.utils import timezone

    from boso.municipalities.selectors import municipality_get
    from boso.programmes import services

    call = services.call_create(
        programme=programme,
        title="Utlysning med åpen frist",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        user=users["advisor"],
    )
    drammen = municipality_get("0602", day=datetime.date(2010, 1, 1))
    services.call_invite(call=call, municipality=drammen, user=users["advisor"])
    return services.call_open(call=call, user=users["advisor"])
