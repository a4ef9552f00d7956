"""Permission-matrix rows for the region's synthesis (see permissions.py).

A draft and a published synthesis of region sør's programme for Drammen's first
reporting period. Husbanken's admins (superusers: they pass every permission) and
region sør's advisor manage both; Drammen's coordinator and reader (a municipality
taking part) read the published one only, and the programme's list of syntheses;
region øst's advisor and Lillehammer's coordinator see nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from boso.core.testing.matrix import Row, only

Users = Mapping[str, Any]
MANAGERS = {"admin": 200, "advisor": 200}
READERS = {**MANAGERS, "coordinator": 200, "reader": 200}
DRAFT, PUBLISHED = "Matrise: utkast", "Matrise: publisert"


def _programme() -> Any:
    from boso.programmes.models import Participation

    found = Participation.objects.filter(municipality__code="0602", programme__region__slug="sor")
    participation = found.select_related("programme").order_by("pk").first()
    assert participation is not None
    return participation


def _synthesis(title: str) -> Any:
    """Made once per test (the completeness test builds every URL in one test)."""
    from boso.reports import synthesis
    from boso.reports.models import Synthesis

    participation = _programme()
    found = Synthesis.objects.filter(programme=participation.programme, title=title).first()
    if found is not None:
        return found
    period = participation.reporting_periods.order_by("ends_on", "starts_on").first()
    made = synthesis.synthesis_draft(
        programme=participation.programme,
        title=title,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
    )
    if title == PUBLISHED:
        made = synthesis.synthesis_save(
            synthesis=made, expected_revision=made.revision, introduction="Innledning."
        )
        made = synthesis.synthesis_publish(synthesis=made, expected_revision=made.revision)
    return made


def at(template: str, title: str = DRAFT) -> Callable[[Users], str]:
    def url(users: Users) -> str:
        return template.format(pk=_synthesis(title).pk)

    return url


def programme_url(template: str) -> Callable[[Users], str]:
    def url(users: Users) -> str:
        return template.format(pk=_programme().programme_id)

    return url


ROWS: list[Row] = [
    Row(
        "synthesis list",
        programme_url("/programmer/{pk}/sammenstillinger/"),
        only(READERS),
    ),
    Row(
        "synthesis create, empty form",
        programme_url("/programmer/{pk}/sammenstillinger/ny/"),
        only({"admin": 400, "advisor": 400}),
        method="POST",
    ),
    Row("synthesis page, draft", at("/sammenstillinger/{pk}/"), only(MANAGERS)),
    Row("synthesis page, published", at("/sammenstillinger/{pk}/", PUBLISHED), only(READERS)),
    Row(
        "synthesis page, unknown",
        "/sammenstillinger/999999/",
        only(
            dict.fromkeys(
                ["admin", "advisor", "advisor_other", "coordinator", "coordinator_other", "reader"],
                404,
            )
        ),
    ),
    Row("synthesis edit, draft", at("/sammenstillinger/{pk}/rediger/"), only(MANAGERS)),
    # Admins pass every permission; the service still refuses to change a published one.
    Row(
        "synthesis edit, published",
        at("/sammenstillinger/{pk}/rediger/", PUBLISHED),
        only({"admin": 200}),
    ),
    Row(
        "synthesis publish, no revision",
        at("/sammenstillinger/{pk}/publiser/"),
        only({"admin": 400, "advisor": 400}),
        method="POST",
    ),
    Row(
        "synthesis pdf, make",
        at("/sammenstillinger/{pk}/pdf/"),
        only({"admin": 302, "advisor": 302}),
        method="POST",
    ),
    Row(
        "synthesis pdf, progress",
        at("/sammenstillinger/{pk}/pdf/fremdrift/", PUBLISHED),
        only(READERS),
    ),
    # Not made yet: back to the progress page, which offers to make it.
    Row(
        "synthesis pdf, download",
        at("/sammenstillinger/{pk}/pdf/last-ned/", PUBLISHED),
        only(dict.fromkeys(READERS, 302)),
    ),
    Row("synthesis docx, draft", at("/sammenstillinger/{pk}/docx/"), only(MANAGERS)),
    Row("synthesis docx, published", at("/sammenstillinger/{pk}/docx/", PUBLISHED), only(READERS)),
]
