"""Reminders of reports owed: which periods are due soon or overdue, and who hears of
them (the municipality's coordinators; the region's advisors for overdue ones)."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from boso.municipalities.models import Region
from boso.reports import schedule, workflow
from boso.reports.models import Report
from boso.reports.tests.permissions_api import complete

pytestmark = pytest.mark.django_db
D = datetime.date
# Drammen's and Lillehammer's half-year reports for 2010 are both due 29.08.2010.
BEFORE_DEADLINE = D(2010, 8, 20)
AFTER_DEADLINE = D(2010, 9, 1)


@pytest.fixture
def addresses(users: dict[str, Any]) -> dict[str, str]:
    found = {}
    for role in ("advisor", "advisor_other", "coordinator", "coordinator_other", "reader"):
        users[role].email = f"{users[role].username}@test.invalid"
        users[role].save()
        found[role] = users[role].email
    return found


def _municipalities(periods: Any) -> list[str]:
    return sorted(p.participation.municipality.name for p in periods)


def _run(capture: Any, today: datetime.date, *args: str) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("send_report_reminders", f"--today={today}", *args, stdout=out)
    return out.getvalue().strip()


def test_due_soon_leaves_out_a_report_with_husbanken() -> None:
    # Both annual reports for 2010 are due 01.03.2011; the demo's Lillehammer one is approved.
    soon = schedule.due_soon(D(2011, 2, 20), 14)
    assert [(p.participation.municipality.name, p.kind) for p in soon] == [("Drammen", "annual")]
    assert not schedule.due_soon(D(2011, 2, 20), 5).exists()


def test_overdue_by_region() -> None:
    assert _municipalities(schedule.overdue(AFTER_DEADLINE)) == ["Drammen", "Lillehammer"]
    sor = Region.objects.get(slug="sor")
    assert _municipalities(schedule.overdue(AFTER_DEADLINE, region=sor)) == ["Drammen"]
    assert not schedule.overdue(BEFORE_DEADLINE).exists()


def test_a_draft_or_returned_report_is_still_owed(report: Report, users: dict[str, Any]) -> None:
    assert _municipalities(schedule.overdue(AFTER_DEADLINE)) == ["Drammen", "Lillehammer"]
    complete(report)
    workflow.report_submit(report=report, expected_revision=report.revision)
    assert _municipalities(schedule.overdue(AFTER_DEADLINE)) == ["Lillehammer"]
    workflow.report_return(report=report, comments={2: "Utdyp fremdriften."})
    assert _municipalities(schedule.overdue(AFTER_DEADLINE)) == ["Drammen", "Lillehammer"]


def test_coordinators_are_reminded_of_deadlines(
    addresses: dict[str, str], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    summary = _run(django_capture_on_commit_callbacks, BEFORE_DEADLINE)
    assert summary == "reminders sent: 2 due soon, 0 overdue"
    assert sorted(a for m in mailoutbox for a in m.to) == sorted(
        [addresses["coordinator"], addresses["coordinator_other"]]
    )
    to_drammen = next(m for m in mailoutbox if m.to == [addresses["coordinator"]])
    assert to_drammen.subject == "Påminnelse: rapport til Husbanken innen 29.08.2010"
    assert "Halvårsrapport for 01.01.2010–30.06.2010 fra Drammen" in to_drammen.body
    assert "/programmer/deltakelser/" in to_drammen.body


def test_advisors_hear_of_their_regions_overdue_reports(
    addresses: dict[str, str], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    summary = _run(django_capture_on_commit_callbacks, AFTER_DEADLINE, "--days=14")
    assert summary == "reminders sent: 0 due soon, 2 overdue"
    by_address = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_address) == sorted([addresses["advisor"], addresses["advisor_other"]])
    sor = by_address[addresses["advisor"]]
    assert "- Drammen: Halvårsrapport for 01.01.2010–30.06.2010, frist 29.08.2010" in sor.body
    assert "Lillehammer" not in sor.body
    assert "Lillehammer" in by_address[addresses["advisor_other"]].body


def test_nothing_is_sent_before_the_commit(
    addresses: dict[str, str], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("send_report_reminders", f"--today={BEFORE_DEADLINE}", stdout=StringIO())
    assert len(callbacks) == 2
    assert mailoutbox == []
