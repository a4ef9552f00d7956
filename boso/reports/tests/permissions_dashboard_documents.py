"""Permission-matrix rows for the dashboards as PDF and DOCX (see permissions.py): the
same roles as the pages they print (permissions_dashboards.py). Region sør's programme:
its advisor and admins; Drammen's dashboard in it: everyone who may see the
participation page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from boso.core.testing.matrix import Row, only
from boso.reports.tests.permissions_dashboards import _MUNICIPALITY, _REGION, _participation


def _programme_url(suffix: str) -> Any:
    def url(users: Mapping[str, Any]) -> str:
        return f"/programmer/{_participation().programme_id}/oversikt.{suffix}"

    return url


def _participation_url(suffix: str) -> Any:
    def url(users: Mapping[str, Any]) -> str:
        return f"/programmer/deltakelser/{_participation().pk}/oversikt.{suffix}"

    return url


ROWS: list[Row] = [
    Row("programme dashboard pdf", _programme_url("pdf"), only(_REGION)),
    Row("programme dashboard docx", _programme_url("docx"), only(_REGION)),
    Row("participation dashboard pdf", _participation_url("pdf"), only(_MUNICIPALITY)),
    Row("participation dashboard docx", _participation_url("docx"), only(_MUNICIPALITY)),
]
