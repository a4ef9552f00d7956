"""Permission-matrix rows: the plan's edit pages (see permissions.py).

Each URL is built on a new draft plan of the demo's Drammen participation in region
sør (2010–2014), with the part the row needs. Drafts are edited by Drammen's
coordinator, region sør's advisor and admins; readers, outsiders and everyone but
admins (superusers) on an approved plan get 403.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from boso.core.testing.matrix import Row, only

Users = Mapping[str, Any]


def _plan(users: Users, *, approved: bool = False) -> Any:
    from boso.plans import services
    from boso.programmes.models import Participation

    # The demo's participation is the first; other rows (agreements) may add more
    # when every row's URL is built in one test.
    participation = (
        Participation.objects.filter(municipality__code="0602", programme__region__slug="sor")
        .order_by("pk")
        .first()
    )
    assert participation is not None
    plan = services.plan_create(
        participation=participation, title="Matrise", first_year=2011, last_year=2011
    )
    if approved:
        services.goal_save(plan=plan, title="Alle skal bo trygt og godt")
        services.plan_approve(plan=plan, user=users["advisor"])
    return plan


def _approved(users: Users) -> Any:
    return _plan(users, approved=True)


def _goal(users: Users) -> Any:
    from boso.plans import services

    return services.goal_save(plan=_plan(users), title="Alle skal bo trygt og godt")


def _approved_goal(users: Users) -> Any:
    return _approved(users).goals.get()


def _activity(users: Users) -> Any:
    from boso.plans import services

    return services.activity_save(
        goal=_goal(users),
        title="Boligsosialt faktaark",
        starts_on=datetime.date(2011, 3, 1),
        ends_on=datetime.date(2011, 6, 1),
    )


def _indicator(users: Users) -> Any:
    from boso.plans import services

    goal = _goal(users)
    return services.indicator_save(
        plan=goal.plan,
        goal=goal,
        name="Bostedsløse",
        direction="decrease",
        baseline_value=Decimal(35),
        baseline_period="2010",
    )


def _held_goal(users: Users) -> Any:
    """A goal an indicator hangs on (deleting it is refused)."""
    return _indicator(users).goal


def _line(users: Users) -> Any:
    from boso.plans import services

    return services.budget_line_save(
        plan=_plan(users),
        year=2011,
        funder="husbanken",
        category="wages",
        amount=Decimal(1_500_000),
    )


def _approved_line(users: Users) -> Any:
    from boso.plans import services

    line = _line(users)
    services.goal_save(plan=line.plan, title="Alle skal bo trygt og godt")
    services.plan_approve(plan=line.plan, user=users["advisor"])
    return line


def _member(users: Users) -> Any:
    from boso.plans import services

    return services.member_save(plan=_plan(users), body="steering", role_title="Rådmann")


def _risk(users: Users) -> Any:
    from boso.plans import services

    return services.risk_save(
        plan=_plan(users), description="Svak forankring", likelihood=3, consequence=4
    )


def _group(users: Users) -> Any:
    from boso.plans import services

    return services.target_group_save(plan=_plan(users), name="Bostedsløse")


def _sub_project(users: Users) -> Any:
    from boso.plans import services

    return services.sub_project_save(plan=_plan(users), name="Boligskole")


def _url(template: str, build: Callable[[Users], Any]) -> Callable[[Users], str]:
    return lambda users: template.format(pk=build(users).pk)


def _editors(status: int) -> dict[str, Any]:
    return only({"admin": status, "advisor": status, "coordinator": status})


ROWS: list[Row] = [
    # Goals
    Row("plan goal create", _url("/planer/{pk}/mal/ny/", _plan), _editors(200)),
    Row(
        "plan goal create, approved plan",
        _url("/planer/{pk}/mal/ny/", _approved),
        only({"admin": 200}),
    ),
    Row(
        "plan goal create, no title",
        _url("/planer/{pk}/mal/ny/", _plan),
        _editors(400),
        method="POST",
    ),
    Row("plan goal edit", _url("/planer/mal/{pk}/", _goal), _editors(200)),
    Row(
        "plan goal edit, approved plan",
        _url("/planer/mal/{pk}/", _approved_goal),
        only({"admin": 200}),
    ),
    Row("plan goal delete", _url("/planer/mal/{pk}/slett/", _goal), _editors(302), method="POST"),
    Row(
        "plan goal delete, indicators hang on it",
        _url("/planer/mal/{pk}/slett/", _held_goal),
        _editors(400),
        method="POST",
    ),
    Row(
        "plan goal delete, approved plan",
        _url("/planer/mal/{pk}/slett/", _approved_goal),
        only({"admin": 400}),
        method="POST",
    ),
    # Activities
    Row("plan activity create", _url("/planer/mal/{pk}/tiltak/ny/", _goal), _editors(200)),
    Row("plan activity edit", _url("/planer/tiltak/{pk}/", _activity), _editors(200)),
    Row(
        "plan activity edit, no months",
        _url("/planer/tiltak/{pk}/", _activity),
        _editors(400),
        method="POST",
    ),
    Row(
        "plan activity delete",
        _url("/planer/tiltak/{pk}/slett/", _activity),
        _editors(302),
        method="POST",
    ),
    # Indicators
    Row("plan indicator create", _url("/planer/mal/{pk}/indikatorer/ny/", _goal), _editors(200)),
    Row("plan indicator edit", _url("/planer/indikatorer/{pk}/", _indicator), _editors(200)),
    Row(
        "plan indicator target, no period",
        _url("/planer/indikatorer/{pk}/", _indicator),
        _editors(400),
        method="POST",
        data={"action": "target", "target-value": "0"},
    ),
    Row(
        "plan indicator target",
        _url("/planer/indikatorer/{pk}/", _indicator),
        _editors(302),
        method="POST",
        data={"action": "target", "target-period": "2013", "target-value": "0"},
    ),
    Row(
        "plan indicator delete",
        _url("/planer/indikatorer/{pk}/slett/", _indicator),
        _editors(302),
        method="POST",
    ),
    # Budget
    Row("plan budget", _url("/planer/{pk}/budsjett/", _plan), _editors(200)),
    Row(
        "plan budget, approved plan",
        _url("/planer/{pk}/budsjett/", _approved),
        only({"admin": 200}),
    ),
    Row(
        "plan budget line add, empty",
        _url("/planer/{pk}/budsjett/", _plan),
        _editors(400),
        method="POST",
    ),
    Row(
        "plan budget line add",
        _url("/planer/{pk}/budsjett/", _plan),
        _editors(302),
        method="POST",
        data={"year": "2011", "funder": "municipality", "category": "wages", "amount": "500 000"},
    ),
    Row(
        "plan budget line delete",
        _url("/planer/budsjett/{pk}/slett/", _line),
        _editors(302),
        method="POST",
    ),
    Row(
        "plan budget line delete, approved plan",
        _url("/planer/budsjett/{pk}/slett/", _approved_line),
        only({"admin": 400}),
        method="POST",
    ),
    # Organisation
    Row("plan organisation", _url("/planer/{pk}/organisering/", _plan), _editors(200)),
    Row(
        "plan organisation add, empty",
        _url("/planer/{pk}/organisering/", _plan),
        _editors(400),
        method="POST",
    ),
    Row(
        "plan member delete",
        _url("/planer/organisering/{pk}/slett/", _member),
        _editors(302),
        method="POST",
    ),
    # Risks
    Row("plan risks", _url("/planer/{pk}/risiko/", _plan), _editors(200)),
    Row(
        "plan risk add, empty",
        _url("/planer/{pk}/risiko/", _plan),
        _editors(400),
        method="POST",
    ),
    Row("plan risk edit", _url("/planer/risiko/{pk}/", _risk), _editors(200)),
    Row(
        "plan risk delete",
        _url("/planer/risiko/{pk}/slett/", _risk),
        _editors(302),
        method="POST",
    ),
    # Target groups and sub-projects
    Row("plan groups", _url("/planer/{pk}/malgrupper/", _plan), _editors(200)),
    Row(
        "plan groups add, no name",
        _url("/planer/{pk}/malgrupper/", _plan),
        _editors(400),
        method="POST",
        data={"kind": "group"},
    ),
    Row(
        "plan target group delete",
        _url("/planer/malgrupper/{pk}/slett/", _group),
        _editors(302),
        method="POST",
    ),
    Row(
        "plan sub-project delete",
        _url("/planer/delprosjekter/{pk}/slett/", _sub_project),
        _editors(302),
        method="POST",
    ),
]
