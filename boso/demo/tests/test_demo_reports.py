"""Lillehammer's first report as the session's demo loaded it (seed 004, Vedlegg 1):
the year's report for 2010, filled 20.09.2010, submitted and approved."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from boso.demo.reports import demo_load_reports, lillehammer_period
from boso.demo.tests.test_demo_plans import SEED_NAMES
from boso.plans.choices import BudgetCategory, Funder, OrganisationBody
from boso.programmes.choices import ReportKind
from boso.reports.choices import ReportStatus
from boso.reports.models import Report

pytestmark = pytest.mark.django_db
D = datetime.date


def _report() -> Report:
    return Report.objects.select_related("period", "plan").get(period=lillehammer_period())


def test_the_report_covers_2010_and_is_approved(users: dict[str, Any]) -> None:
    report = _report()
    assert report.period.kind == ReportKind.ANNUAL
    assert report.period.starts_on <= D(2010, 9, 20) <= report.period.ends_on
    assert report.plan is not None
    assert report.plan.title == "Programplan 2011"
    assert report.status == ReportStatus.APPROVED
    assert report.approved_by == users["advisor_other"]  # region øst's advisor
    assert report.filled_by == users["coordinator_other"]  # Lillehammer's coordinator
    assert report.filled_on == D(2010, 9, 20)
    assert report.contract_partner == "Lillehammer kommune"
    assert report.programme_start == D(2010, 2, 15)


def test_the_costs_add_up_to_the_stated_total() -> None:
    report = _report()
    costs = {c.category: c.amount for c in report.costs.all()}
    assert costs == {
        BudgetCategory.WAGES: Decimal(309_000),
        BudgetCategory.TRAVEL: Decimal(29_000),
        BudgetCategory.CONSULTANTS: Decimal(284_000),
    }
    assert sum(costs.values()) == report.stated_total == Decimal(622_000)
    assert report.costs_as_of == D(2010, 10, 20)
    assert (report.forecast_low, report.forecast_high) == (Decimal(750_000), Decimal(800_000))
    assert {f.funder: f.amount for f in report.funding.all()} == {
        Funder.HUSBANKEN: Decimal(1_000_000)
    }
    assert "inntil kr 1 mill." in report.economy_comment


def test_organisation_and_the_two_stories() -> None:
    report = _report()
    held = {m.body: m.held for m in report.meetings.all()}
    assert held[OrganisationBody.STEERING] == 4  # constituted in March, then three
    assert held[OrganisationBody.PROJECT] == 6  # from June, six by 20 November
    assert "pr. 20. november i alt seks møter" in report.organisation
    stories = list(report.stories.all())
    assert [(s.told_on, s.title) for s in stories] == [
        (D(2010, 11, 22), "Formidling"),
        (D(2010, 11, 23), "Formidling og læring"),
    ]
    assert "Fylkesmannens avdeling for sosial- og familiesaker" in stories[0].text
    assert "TO Bokollektiv/Boteam ønsker seg inn i prosjektgruppe BoSo" in stories[1].text
    assert "Ny prosedyre" not in report.progress  # shortened into one sentence
    assert "ny prosedyre for å hindre utkastelse av kommunal bolig" in report.progress


def test_no_person_is_named() -> None:
    report = _report()
    written = " ".join(
        [
            report.coordinator_role,
            report.progress,
            report.goals_comment,
            report.organisation,
            report.learning,
            report.economy_comment,
            *(m.participants for m in report.meetings.all()),
            *(f"{s.title} {s.text}" for s in report.stories.all()),
        ]
    )
    for name in SEED_NAMES:
        for part in name.split():
            assert part not in written, name


def test_a_rerun_writes_nothing() -> None:
    before = (Report.objects.count(), Report.history.count())
    summary = demo_load_reports()
    assert (summary.created, summary.approved) == (0, 1)
    assert (Report.objects.count(), Report.history.count()) == before
