"""The reports of the demo: Lillehammer's first report (seed 004, Vedlegg 1), submitted by
the municipality's coordinator and approved by region øst's advisor.

Everything goes through boso.reports.services in one transaction. A report already
there for the period is left exactly as it is, so a re-run writes nothing and keeps
what anyone has done to it since. The texts are in report_texts.py; what is the seed's
and what is a reading: data/SEEDS.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from boso.accounts.models import User
from boso.demo import report_texts as texts
from boso.plans.choices import BudgetCategory, Funder, OrganisationBody
from boso.programmes.choices import ReportKind
from boso.programmes.models import ReportingPeriod
from boso.reports import services, workflow
from boso.reports.choices import ReportStatus
from boso.reports.models import Report

D = datetime.date
LILLEHAMMER = "0501"  # on the 2009 structure, as the programmes demo registers it
FILLED_ON = D(2010, 9, 20)  # "Utfylt av/dato: …, 20.09.10"
SUBMITTED_ON, APPROVED_ON = D(2010, 11, 24), D(2010, 12, 15)
COORDINATOR = "koordinator.lillehammer"
ADVISOR = "radgiver.ost"


@dataclass(frozen=True)
class ReportsSummary:
    reports: int
    approved: int
    created: int  # reports made by this run (0 on a re-run)

    def line(self) -> str:
        return f"{self.reports} reports ({self.approved} approved, {self.created} new)"


def lillehammer_period() -> ReportingPeriod:
    """The year's report for 2010. The schedule has a half-year report (15.02–30.06.2010)
    and the annual one (15.02–31.12.2010); the seed's form is dated 20.09.10, after the
    half-year had ended, and tells of costs to 20 October, meetings to 20 November and
    stories of 22 and 23 November, so it reports on 2010 as a whole: the annual report
    is the one that covers the form's date and its content."""
    return ReportingPeriod.objects.get(
        participation__municipality__code=LILLEHAMMER,
        participation__programme__region__slug="ost",
        kind=ReportKind.ANNUAL,
        starts_on__year=2010,
    )


def demo_load_reports() -> ReportsSummary:
    """Lillehammer's first report, all or nothing; needs the programmes and the plans."""
    with transaction.atomic():
        period = lillehammer_period()
        existing = Report.objects.filter(period=period).order_by("number").first()
        report = existing or _lillehammer_report(period)
    return ReportsSummary(
        reports=1,
        approved=int(report.status == ReportStatus.APPROVED),
        created=0 if existing else 1,
    )


def _lillehammer_report(period: ReportingPeriod) -> Report:
    coordinator = User.objects.get(username=COORDINATOR)
    report = services.report_create(period=period, user=coordinator)
    report = services.report_save_texts(
        report=report,
        expected_revision=report.revision,
        progress=texts.PROGRESS,
        goals_comment=texts.GOALS_COMMENT,
        organisation=texts.ORGANISATION,
        learning=texts.LEARNING,
    )
    # "Konstituerende møte" in March plus three; the project group's six by 20 November.
    report = services.report_save_meetings(
        report=report,
        expected_revision=report.revision,
        meetings={
            OrganisationBody.STEERING: {"held": 4, "participants": texts.STEERING_ROLES},
            OrganisationBody.PROJECT: {"held": 6, "participants": texts.PROJECT_ROLES},
        },
    )
    report = services.report_save_economy(
        report=report,
        expected_revision=report.revision,
        costs={
            BudgetCategory.WAGES: Decimal(309_000),
            BudgetCategory.TRAVEL: Decimal(29_000),
            BudgetCategory.CONSULTANTS: Decimal(284_000),
        },
        # "Inntil kr 1 mill.": the frame, not money paid; the comment says so.
        funding={Funder.HUSBANKEN: Decimal(1_000_000)},
        costs_as_of=D(2010, 10, 20),
        stated_total=Decimal(622_000),
        forecast_low=Decimal(750_000),
        forecast_high=Decimal(800_000),
        economy_comment=texts.ECONOMY_COMMENT,
    )
    for told_on, title, text in (
        (D(2010, 11, 22), texts.STORY_1_TITLE, texts.STORY_1),
        (D(2010, 11, 23), texts.STORY_2_TITLE, texts.STORY_2),
    ):
        services.story_save(
            report=report,
            expected_revision=report.revision,
            title=title,
            text=text,
            told_on=told_on,
        )
    report.refresh_from_db()
    report = workflow.report_submit(
        report=report, expected_revision=report.revision, user=coordinator
    )
    # The service stamps today's date; the seed's form says when it was filled. An update
    # of the one column, because no service may back-date a submission.
    Report.objects.filter(pk=report.pk).update(filled_on=FILLED_ON)
    report.filled_on = FILLED_ON
    report = workflow.report_approve(report=report, user=User.objects.get(username=ADVISOR))
    # Likewise sending and approval: the seed dates neither, but its last story is of 23
    # November 2010, so the demo dates them after it rather than on the day it loads.
    sent, approved = (_noon(day) for day in (SUBMITTED_ON, APPROVED_ON))
    Report.objects.filter(pk=report.pk).update(submitted_at=sent, approved_at=approved)
    report.submitted_at, report.approved_at = sent, approved
    return report


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
