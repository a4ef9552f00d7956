"""The reporting schedule a signed agreement gives a participating municipality.

Seed 004 shows the rhythm: a half-year report for January–June (Lillehammer's first
came at the end of August), the year's report together with the second half-year
("års- og halvårsrapportering", due early the next year), and a final report
(sluttrapport) over the whole period. Each is due the programme's `report_due_days`
after the period ends. A report that would end on the participation's last day is
left out: the final report covers it.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from boso.programmes.choices import ReportKind
from boso.programmes.models import Participation, ReportingPeriod


def schedule_for(
    *, starts_on: datetime.date, ends_on: datetime.date, due_days: int
) -> list[tuple[str, datetime.date, datetime.date, datetime.date]]:
    """(kind, from, to, due) for every report between the two days, in due order."""
    due = datetime.timedelta(days=due_days)
    periods = []
    for year in range(starts_on.year, ends_on.year + 1):
        begins = max(starts_on, datetime.date(year, 1, 1))
        for kind, last in (
            (ReportKind.HALF_YEAR, datetime.date(year, 6, 30)),
            (ReportKind.ANNUAL, datetime.date(year, 12, 31)),
        ):
            # Periods ending 30.06 or 31.12 before the last day (the final covers that).
            if begins <= last < ends_on:
                periods.append((kind, begins, last, last + due))
    periods.append((ReportKind.FINAL, starts_on, ends_on, ends_on + due))
    return sorted(periods, key=lambda p: (p[3], p[2]))


@transaction.atomic
def reporting_schedule_create(*, participation: Participation) -> list[ReportingPeriod]:
    """The participation's schedule, made once (a second call returns what exists)."""
    existing = list(participation.reporting_periods.all())
    if existing:
        return existing
    rows = schedule_for(
        starts_on=participation.starts_on,
        ends_on=participation.ends_on,
        due_days=participation.programme.report_due_days,
    )
    return ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            participation=participation, kind=kind, starts_on=start, ends_on=end, due_on=due
        )
        for kind, start, end, due in rows
    )
