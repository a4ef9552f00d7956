"""Reports still owed: reporting periods due soon or overdue whose report is not yet
with Husbanken (send_report_reminders reads these).

A period counts as done when its latest version is submitted or approved; a draft,
a returned report or no report at all is still owed. Withdrawn participations owe
nothing.
"""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery

from boso.municipalities.models import Region
from boso.programmes.choices import ParticipationStatus
from boso.programmes.models import ReportingPeriod
from boso.reports.choices import ReportStatus
from boso.reports.models import Report

OPEN = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _owed() -> QuerySet[ReportingPeriod]:
    latest = Report.objects.filter(period=OuterRef("pk")).order_by("-number").values("status")[:1]
    return (
        ReportingPeriod.objects.exclude(participation__status=ParticipationStatus.WITHDRAWN)
        .annotate(latest_status=Subquery(latest))
        # Said positively: no report yet (NULL) or an open one. An exclude() of the done
        # statuses would be at the mercy of how SQL compares NULL.
        .filter(Q(latest_status__isnull=True) | Q(latest_status__in=OPEN))
        .select_related("participation__municipality", "participation__programme__region")
        .order_by("due_on", "participation__municipality__name", "kind")
    )


def due_soon(today: datetime.date, days: int = 14) -> QuerySet[ReportingPeriod]:
    """Periods due from today up to and including `days` days from today."""
    return _owed().filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days))


def overdue(today: datetime.date, region: Region | None = None) -> QuerySet[ReportingPeriod]:
    """Periods whose deadline has passed, in one region if given."""
    found = _owed().filter(due_on__lt=today)
    if region is not None:
        found = found.filter(participation__programme__region=region)
    return found
