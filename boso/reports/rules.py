"""Who reads, writes and decides the reports.

The municipality's coordinator fills its reports while they are drafts or returned,
and submits them; Husbanken's advisors in the programme's region (admins everywhere)
read every report, return them with comments, approve and reopen them; the
municipality's readers (leaders, politicians) see approved reports only.
"""

from __future__ import annotations

from typing import Any

import rules

from boso.accounts.predicates import (
    advises_region,
    belongs_to_municipality,
    is_admin,
    is_advisor,
    is_coordinator,
    is_municipal,
)
from boso.plans.rules import advises_plan_region, of_plan_municipality
from boso.reports.choices import ReportStatus, SynthesisStatus


def _period(obj: Any) -> Any:
    """A report → its reporting period (which knows its participation)."""
    return getattr(obj, "period", obj)


@rules.predicate
def advises_report_region(user: Any, report: Any = None) -> bool:
    return report is not None and bool(advises_plan_region(user, _period(report)))


@rules.predicate
def of_report_municipality(user: Any, report: Any = None) -> bool:
    return report is not None and bool(of_plan_municipality(user, _period(report)))


def _status_in(*statuses: str) -> Any:
    @rules.predicate
    def check(user: Any, report: Any = None) -> bool:
        return report is not None and getattr(report, "status", None) in statuses

    return check


is_open = _status_in(ReportStatus.DRAFT, ReportStatus.RETURNED)
is_submitted = _status_in(ReportStatus.SUBMITTED)
is_approved = _status_in(ReportStatus.APPROVED)

manages = is_admin | advises_report_region
writes = is_coordinator & of_report_municipality

rules.add_perm(
    "reports.view_report",
    manages | writes | (is_municipal & of_report_municipality & is_approved),
)
rules.add_perm("reports.edit_report", writes & is_open)
rules.add_perm("reports.decide_report", manages & is_submitted)
rules.add_perm("reports.reopen_report", manages & is_approved)
# Making the report for a reporting period (the object is the period).
rules.add_perm("reports.create_report", manages | writes)
# Who sees the overdue reports (the region filter is in the selector).
rules.add_perm("reports.view_overdue", is_admin | is_advisor)


# The region's synthesis (the object is a Synthesis, or a Programme for making one).


def _programme(obj: Any) -> Any:
    return getattr(obj, "programme", obj)


@rules.predicate
def advises_programme_region(user: Any, obj: Any = None) -> bool:
    return obj is not None and bool(advises_region(user, _programme(obj).region))


@rules.predicate
def takes_part_in_programme(user: Any, obj: Any = None) -> bool:
    """A municipal user whose municipality (under any of its numbers) takes part."""
    if obj is None or not is_municipal(user):
        return False
    participations = _programme(obj).participations.select_related("municipality")
    return any(belongs_to_municipality(user, p.municipality) for p in participations)


@rules.predicate
def synthesis_is_published(user: Any, synthesis: Any = None) -> bool:
    return getattr(synthesis, "status", None) == SynthesisStatus.PUBLISHED


manages_programme = is_admin | advises_programme_region
rules.add_perm(
    "reports.view_synthesis",
    manages_programme | (synthesis_is_published & takes_part_in_programme),
)
rules.add_perm("reports.edit_synthesis", manages_programme & ~synthesis_is_published)
rules.add_perm("reports.create_synthesis", manages_programme)
