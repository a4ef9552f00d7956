"""Permission-matrix rows for the dashboards (see permissions.py).

The region's dashboard of region sør's programme: its advisor and admins. Drammen's
dashboard in that programme: everyone who may see the participation page
(programmes.view_money): Husbanken's advisors (any region) and admins, and Drammen's
coordinator and reader; Lillehammer's coordinator is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from boso.core.testing.matrix import Row, only

_REGION = {"admin": 200, "advisor": 200}
_MUNICIPALITY = {
    "admin": 200,
    "advisor": 200,
    "advisor_other": 200,
    "coordinator": 200,
    "reader": 200,
}


def _participation() -> Any:
    from boso.programmes.models import Participation

    found = Participation.objects.filter(municipality__code="0602", programme__region__slug="sor")
    participation = found.order_by("pk").first()  # other rows may add participations
    assert participation is not None
    return participation


def _programme_url(suffix: str) -> Any:
    def url(users: Mapping[str, Any]) -> str:
        return f"/programmer/{_participation().programme_id}/{suffix}"

    return url


def _participation_url(users: Mapping[str, Any]) -> str:
    return f"/programmer/deltakelser/{_participation().pk}/oversikt/"


ROWS: list[Row] = [
    Row("programme dashboard", _programme_url("oversikt/"), only(_REGION)),
    Row("programme dashboard xlsx", _programme_url("oversikt.xlsx"), only(_REGION)),
    Row("participation dashboard", _participation_url, only(_MUNICIPALITY)),
]
