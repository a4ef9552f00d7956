"""Permission-matrix rows for the report pages (see permissions.py).

Each URL is built on a fresh report for the first reporting period without one of Drammen's demo
participation in region sør. Region sør's advisor manages and decides it; Drammen's
coordinator fills drafts and returned reports; Drammen's reader sees approved reports
only; region øst's advisor and Lillehammer's coordinator see nothing of it. Admins are
superusers and pass every permission (the services still refuse what the state forbids).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from boso.core.testing.matrix import Row, only

Users = Mapping[str, Any]
_WRITERS = {"admin": 200, "advisor": 200, "coordinator": 200}
_EDITORS = {"admin": 200, "coordinator": 200}


def _period() -> Any:
    """A new period of its own: the completeness test builds every URL in one test, and
    a period has one report."""
    import datetime

    from boso.programmes.models import Participation, ReportingPeriod

    found = Participation.objects.filter(municipality__code="0602", programme__region__slug="sor")
    participation = found.order_by("pk").first()
    assert participation is not None
    year = 2100 + ReportingPeriod.objects.filter(participation=participation).count()
    return ReportingPeriod.objects.create(
        participation=participation,
        kind="half_year",
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 6, 30),
        due_on=datetime.date(year, 8, 15),
    )


def _report(status: str = "draft", *, story: bool = False, reopened: bool = False) -> Any:
    from boso.reports import services, workflow
    from boso.reports.models import Report, ReportStory

    report = services.report_create(period=_period())
    if story:
        ReportStory.objects.create(report=report, title="Matrise", text="Tekst")
    # The matrix checks permissions by state; the workflow itself is tested elsewhere.
    Report.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    if reopened:
        return workflow.report_reopen(report=report), report
    return report


def _url(template: str, status: str = "draft", *, story: bool = False) -> Callable[[Users], str]:
    def url(users: Users) -> str:
        report = _report(status, story=story)
        found = report.stories.first()
        return template.format(pk=report.pk, story=found.pk if found else 0)

    return url


def _compare_url(users: Users) -> str:
    new, old = _report("approved", reopened=True)
    return f"/rapporter/{new.pk}/sammenlign/{old.pk}/"


def _create_url(users: Users) -> str:
    return f"/rapporteringsperioder/{_period().pk}/rapport/ny/"


def _edit_rows(name: str, template: str, *, story: bool = False) -> list[Row]:
    return [
        Row(f"report {name}, draft", _url(template, story=story), only(_EDITORS)),
        Row(
            f"report {name}, approved",
            _url(template, "approved", story=story),
            only({"admin": 200}),  # superusers pass every permission; the service still refuses
        ),
    ]


_FOUND = {"admin": 302, "advisor": 302}

ROWS: list[Row] = [
    Row("report create", _create_url, only(_FOUND | {"coordinator": 302}), method="POST"),
    Row("report draft", _url("/rapporter/{pk}/"), only(_WRITERS)),
    Row("report approved", _url("/rapporter/{pk}/", "approved"), only(_WRITERS | {"reader": 200})),
    *_edit_rows("texts", "/rapporter/{pk}/del/2/"),
    # An empty autosave is answered with "not saved" in the status line (200).
    Row(
        "report autosave, draft",
        _url("/rapporter/{pk}/del/2/autolagre/"),
        only(_EDITORS),
        method="POST",
    ),
    Row(
        "report autosave, approved",
        _url("/rapporter/{pk}/del/2/autolagre/", "approved"),
        only({"admin": 200}),
        method="POST",
    ),
    *_edit_rows("goals", "/rapporter/{pk}/mal/"),
    *_edit_rows("meetings", "/rapporter/{pk}/moter/"),
    *_edit_rows("economy", "/rapporter/{pk}/okonomi/"),
    *_edit_rows("story create", "/rapporter/{pk}/historier/ny/"),
    *_edit_rows("story edit", "/rapporter/{pk}/historier/{story}/", story=True),
    Row(
        "report story delete, no revision",
        _url("/rapporter/{pk}/historier/{story}/slett/", story=True),
        only({"admin": 400, "coordinator": 400}),
        method="POST",
    ),
    Row(
        "report submit, no revision",
        _url("/rapporter/{pk}/send-inn/"),
        only({"admin": 400, "coordinator": 400}),
        method="POST",
    ),
    Row(
        "report return, no comment",
        _url("/rapporter/{pk}/send-tilbake/", "submitted"),
        only({"admin": 400, "advisor": 400}),
        method="POST",
    ),
    Row(
        "report approve",
        _url("/rapporter/{pk}/godkjenn/", "submitted"),
        only(_FOUND),
        method="POST",
    ),
    Row(
        "report reopen",
        _url("/rapporter/{pk}/apne-igjen/", "approved"),
        only(_FOUND),
        method="POST",
    ),
    Row("report compare", _compare_url, only(_WRITERS)),
    Row(
        "reports overdue",
        "/rapporter/forfalte/",
        only({"admin": 200, "advisor": 200, "advisor_other": 200}),
    ),
]
