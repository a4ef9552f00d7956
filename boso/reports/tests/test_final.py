"""The final report (sluttrapport): results against every goal and indicator over the
whole participation, from all the approved reports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from boso.plans.choices import Progress
from boso.programmes.choices import ReportKind
from boso.reports import final, services, workflow
from boso.reports.choices import ActualSource, ItemKind
from boso.reports.models import Report
from boso.reports.tests.test_services import _complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def final_report(report: Report, participation: Any, users: dict[str, Any]) -> Report:
    """The half-year report approved (30 households in 2010H1), then the final report
    with the indicator at 0 in 2014 and one activity carried out."""
    approved = _complete(report)
    approved = workflow.report_submit(report=approved, expected_revision=approved.revision)
    workflow.report_approve(report=approved, user=users["advisor"])
    period = participation.reporting_periods.get(kind=ReportKind.FINAL)
    last = services.report_create(period=period)
    own = last.actuals.filter(source=ActualSource.REPORT).order_by("pk").first()
    assert own is not None
    last = services.report_save_actuals(
        report=last,
        expected_revision=last.revision,
        actuals={own.indicator_id: {"period": "2014", "value": Decimal(0)}},
    )
    activity = last.items.filter(kind=ItemKind.ACTIVITY).order_by("order").first()
    assert activity is not None
    return services.report_save_items(
        report=last,
        expected_revision=last.revision,
        items={activity.pk: {"status": "done", "comment": ""}},
    )


def test_indicators_are_read_over_the_whole_period(final_report: Report) -> None:
    results = {r.indicator.name: r for r in final.indicator_results(final_report)}
    waiting = results["Husstander på venteliste"]  # baseline 35 (2010), target 0 (2014)
    assert waiting.series == [("2010H1", Decimal(30)), ("2014", Decimal(0))]
    assert waiting.reading.progress == 1
    assert waiting.reading.status == Progress.ON_TRACK


def test_goals_count_their_activities(final_report: Report) -> None:
    goals = final.goal_results(final_report)
    assert [g.number for g in goals][:2] == ["1", "1.1"]
    assert (
        sum(g.activities for g in goals)
        == final_report.items.filter(kind=ItemKind.ACTIVITY).count()
    )
    assert sum(g.done for g in goals) == 1


def test_the_final_report_page_shows_the_results(
    final_report: Report, users: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(users["coordinator"])
    page = client.get(f"/rapporter/{final_report.pk}/").content.decode()
    assert "Resultater over hele programperioden" in page
    assert "30 (2010H1), 0 (2014)" in page
    assert "100\u00a0%" in page


def test_the_final_report_documents_hold_the_results(final_report: Report) -> None:
    from boso.reports import documents
    from boso.reports.tests.test_documents import _docx_text, _text

    for text in (
        _text(documents.report_pdf(final_report)),
        _docx_text(documents.report_docx(final_report)),
    ):
        assert "Resultater over hele programperioden" in text
        assert "Husstander på venteliste" in text
        assert "100 %" in text
