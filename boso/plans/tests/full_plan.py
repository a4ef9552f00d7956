"""A complete plan for Drammen's demo participation (region sør 2010–2014), shaped like
seed 004's Programplan 2011: texts with rich text, two main goals with sub-goals and
activities on a 2011–2012 timeline, indicators with baselines, targets and actuals,
target groups, sub-projects, organisation by role, risks and a budget.

Used by the document and API tests and by the permission-matrix rows. Models and
services are imported inside the functions: the matrix modules load before Django is
set up.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

D = datetime.date
TITLE = "Handlingsplan 2011–2012"
VISION = "Alle skal bo trygt og godt i Drammen"
SUMMARY = (
    "<p>Handlingsplanen viser hvordan Drammen kommune vil arbeide i "
    "<strong>Boligsosialt utviklingsprogram</strong>.</p>"
    "<ul><li>Kartlegge målgruppene</li><li>Utarbeide en boligsosial strategi</li></ul>"
)
PURPOSE = (
    "<p>Planen skal uttrykke <em>hva</em> som skal gjøres, og hvordan og hvorfor.</p>"
    "<h3>Forankring</h3><p>Planen behandles i formannskapet.</p>"
)
MANDATE = (
    "<p>Søknaden ble behandlet i formannskapet (sak 46/10).</p>"
    "<ol><li>Forebygge bostedsløshet</li><li>Bedre booppfølging</li></ol>"
)
BACKGROUND = (
    '<p>Se <a href="https://www.husbanken.no/">Husbanken</a> om programmet.</p>'
    "<blockquote>Bolig er en arena for sosiale endringer.</blockquote>"
)
STATUS = "<p>Ventelisten til kommunal bolig var 35 husstander ved utgangen av 2010.</p>"
MAIN_GOALS = (
    "Tilrettelagte og differensierte boligtilbud",
    "Kapasitet og kompetanse innen boveiledning",
)
SUB_GOAL = "Færre husstander på venteliste til kommunal bolig"
ACTIVITY = "Utvidet kartlegging av målgruppene"
INDICATOR = "Husstander på venteliste"


def make_plan(participation: Any, *, title: str = TITLE) -> Any:
    """A draft plan with its texts (no goals yet)."""
    from boso.plans import services

    plan = services.plan_create(
        participation=participation, title=title, first_year=2011, last_year=2012
    )
    return services.plan_save_texts(
        plan=plan,
        expected_version=plan.version,
        summary=SUMMARY,
        purpose=PURPOSE,
        mandate=MANDATE,
        background=BACKGROUND,
        status_and_challenges=STATUS,
        vision=VISION,
    )


def add_goal(plan: Any, number: int) -> Any:
    """A main goal with a sub-goal, two activities and an indicator with a target and
    actuals; `number` makes the titles unique when more goals are added."""
    from boso.plans import services

    main = services.goal_save(
        plan=plan,
        title=MAIN_GOALS[number - 1] if number <= len(MAIN_GOALS) else f"Hovedmål {number}",
        description="Ved prosjektslutt skal kommunen ha et bedre tilbud.",
        order=number,
    )
    sub = services.goal_save(
        plan=plan,
        title=SUB_GOAL if number == 1 else f"Delmål {number}.1",
        parent=main,
        order=1,
    )
    services.activity_save(
        goal=sub,
        title=ACTIVITY if number == 1 else f"Tiltak {number}.1",
        starts_on=D(2011, 3, 1),
        ends_on=D(2011, 6, 1),
        responsible_unit="NAV Drammen",
        expected_result="Bedre kunnskap om behovene.",
        status="ongoing",
    )
    services.activity_save(
        goal=main,
        title="Vedtak av boligsosial strategi" if number == 1 else f"Tiltak {number}.2",
        starts_on=D(2011, 9, 1),
        ends_on=D(2012, 2, 1),
        responsible_unit="Rådmannens stab",
    )
    indicator = services.indicator_save(
        plan=plan,
        goal=sub,
        name=INDICATOR if number == 1 else f"Indikator {number}",
        unit="husstander",
        direction="decrease",
        baseline_value=Decimal(35),
        baseline_period="2010",
    )
    services.target_set(indicator=indicator, period="2012", value=Decimal(12))
    services.target_set(indicator=indicator, period="2014", value=Decimal(0))
    services.actual_record(indicator=indicator, period="2011", value=Decimal(24), source="KOSTRA")
    return main


def add_the_rest(plan: Any, users: Any = None) -> None:
    """Target groups, sub-projects, organisation, risks and the 2011–2012 budget."""
    from boso.plans import services

    for order, name in enumerate(("Ungdom 18–25 år", "Bostedsløse", "Personer med ROP-lidelser")):
        services.target_group_save(plan=plan, name=name, order=order)
    services.sub_project_save(plan=plan, name="Boligsosial strategi", order=1)
    services.sub_project_save(plan=plan, name="Startlån til unge", order=2)
    coordinator = users["coordinator"] if users else None
    for body, role, unit, user, leads in (
        ("owner", "Bystyret", "", None, False),
        ("steering", "Kommunalsjef", "Helse og sosial", None, True),
        ("steering", "Økonomisjef", "Rådmannens stab", None, False),
        ("project", "Programkoordinator", "Helse og sosial", coordinator, True),
        ("project", "Saksbehandler startlån", "NAV Drammen", None, False),
    ):
        services.member_save(
            plan=plan, body=body, role_title=role, unit=unit, user=user, leads=leads
        )
    services.risk_save(
        plan=plan,
        description="Forankringen i ledelsen svikter",
        likelihood=2,
        consequence=5,
        mitigation="Faste møter i styringsgruppa",
        owner_role="Kommunalsjef",
    )
    for year, funder, category, amount in (
        (2011, "municipality", "wages", "400000"),
        (2011, "husbanken", "wages", "600000"),
        (2011, "husbanken", "consultants", "200000"),
        (2011, "other", "travel", "50000"),
        (2012, "municipality", "wages", "450000"),
        (2012, "husbanken", "wages", "500000"),
    ):
        services.budget_line_save(
            plan=plan, year=year, funder=funder, category=category, amount=Decimal(amount)
        )


def full_plan(participation: Any, users: Any = None, *, goals: int = 2) -> Any:
    """The whole plan, still a draft."""
    plan = make_plan(participation)
    for number in range(1, goals + 1):
        add_goal(plan, number)
    add_the_rest(plan, users)
    plan.refresh_from_db()
    return plan


def approve(plan: Any) -> Any:
    from boso.plans import services

    return services.plan_approve(plan=plan)
