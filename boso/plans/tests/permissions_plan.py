"""Permission-matrix rows: the main plan pages (see permissions.py).

Each URL is built on a fresh plan for Drammen's demo participation in region sør. Region
sør's advisor manages and approves it; Drammen's coordinator writes drafts; Drammen's
reader sees approved versions only; region øst's advisor and Lillehammer's coordinator
see nothing of it. Admins are superusers and pass every permission.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from boso.core.testing.matrix import Row, only

Users = Mapping[str, Any]
_WRITERS = {"admin": 200, "advisor": 200, "coordinator": 200}
_READERS = _WRITERS | {"reader": 200}


def _participation() -> Any:
    from boso.programmes.models import Participation

    # The demo's (the first): other rows may add programmes with Drammen in them.
    found = Participation.objects.filter(municipality__code="0602", programme__region__slug="sor")
    return found.order_by("pk").first()


def _plan(*, goal: bool = False, approved: bool = False) -> Any:
    from boso.plans import services

    plan = services.plan_create(
        participation=_participation(), title="Matrise", first_year=2011, last_year=2011
    )
    if goal or approved:
        services.goal_save(plan=plan, title="Alle skal bo trygt og godt")
    if approved:
        services.plan_approve(plan=plan)
    return plan


def _url(template: str, **state: bool) -> Callable[[Users], str]:
    def url(users: Users) -> str:
        return template.format(pk=_plan(**state).pk)

    return url


def _create_url(users: Users) -> str:
    return f"/planer/deltakelser/{_participation().pk}/ny/"


_VERSION = {"title": "Handlingsplan 2012–2014", "first_year": "2012", "last_year": "2014"}

ROWS: list[Row] = [
    Row("plan create form", _create_url, only(_WRITERS)),
    Row(
        "plan create, empty form",
        _create_url,
        only({"admin": 400, "advisor": 400, "coordinator": 400}),
        method="POST",
    ),
    Row("plan draft", _url("/planer/{pk}/"), only(_WRITERS)),
    Row("plan approved", _url("/planer/{pk}/", approved=True), only(_READERS)),
    Row("plan texts, draft", _url("/planer/{pk}/tekst/"), only(_WRITERS)),
    Row(
        "plan texts, approved",
        _url("/planer/{pk}/tekst/", approved=True),
        only({"admin": 200}),  # superusers pass every permission; the service still refuses
    ),
    Row(
        "plan texts, empty form",
        _url("/planer/{pk}/tekst/"),
        only({"admin": 400, "advisor": 400, "coordinator": 400}),
        method="POST",
    ),
    Row(
        "plan approve",
        _url("/planer/{pk}/godkjenn/", goal=True),
        only({"admin": 302, "advisor": 302}),
        method="POST",
    ),
    Row(
        "plan approve, no main goal",
        _url("/planer/{pk}/godkjenn/"),
        only({"admin": 400, "advisor": 400}),
        method="POST",
    ),
    Row(
        "plan new version",
        _url("/planer/{pk}/ny-versjon/", approved=True),
        only({"admin": 302, "advisor": 302, "coordinator": 302}),
        method="POST",
        data=_VERSION,
    ),
    Row(
        "plan new version, empty form",
        _url("/planer/{pk}/ny-versjon/", approved=True),
        only({"admin": 400, "advisor": 400, "coordinator": 400}),
        method="POST",
    ),
    Row("plan timeline, draft", _url("/planer/{pk}/tidslinje/"), only(_WRITERS)),
    Row("plan timeline, approved", _url("/planer/{pk}/tidslinje/", approved=True), only(_READERS)),
]
