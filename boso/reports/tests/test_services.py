"""The report's rules: made from the plan, filled section by section with a revision
check, submitted only when complete, returned with comments per section, approved and
locked, reopened as a new version that keeps the approved one."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from boso.plans import services as plan_services
from boso.plans.choices import PlanStatus
from boso.reports import services, workflow
from boso.reports.choices import ActualSource, ItemKind, ReportStatus, Section
from boso.reports.models import STORY_MAX_CHARS, Report
from boso.statistics.models import Indicator

pytestmark = pytest.mark.django_db


def _complete(report: Report) -> Report:
    """Everything a submission needs, through the services."""
    report = services.report_save_texts(
        report=report,
        expected_revision=report.revision,
        progress="Foranalysen er ferdig og presentert for formannskapet.",
        organisation="Styringsgruppa er konstituert og har hatt tre møter.",
        learning="Programkoordinator har orientert Fylkesmannen om programmet.",
    )
    items = {
        i.pk: {"status": "ongoing", "comment": ""}
        for i in report.items.filter(kind=ItemKind.ACTIVITY)
    }
    report = services.report_save_items(
        report=report, expected_revision=report.revision, items=items
    )
    actuals = {
        a.indicator_id: {"period": "2010H1", "value": Decimal(30)}
        for a in report.actuals.filter(source=ActualSource.REPORT)
    }
    report = services.report_save_actuals(
        report=report, expected_revision=report.revision, actuals=actuals
    )
    return services.report_save_economy(
        report=report,
        expected_revision=report.revision,
        costs={"wages": Decimal(309_000), "travel": Decimal(29_000)},
        funding={"husbanken": Decimal(338_000)},
        stated_total=Decimal(338_000),
    )


# Making it --------------------------------------------------------------------------------


def test_the_report_is_laid_out_from_the_plan(report: Report, plan: Any) -> None:
    assert report.plan == plan
    assert report.status == ReportStatus.DRAFT
    assert report.contract_partner == "Drammen kommune"
    assert report.programme_start == report.period.participation.starts_on
    kinds = [i.kind for i in report.items.all()]
    goals = plan.goals.count()
    activities = sum(g.activities.count() for g in plan.goals.all())
    assert kinds.count(ItemKind.GOAL) == goals
    assert kinds.count(ItemKind.ACTIVITY) == activities
    assert kinds.count(ItemKind.RISK) == plan.risks.count()
    assert report.actuals.count() == plan.indicators.count()
    assert report.meetings.count() == 4  # owner, steering, project, reference
    # Goal lines carry the plan's numbers: 1, 1.1, 2, 2.1, …
    numbers = [i.number for i in report.items.filter(kind=ItemKind.GOAL)]
    assert numbers[:2] == ["1", "1.1"]


def test_a_period_has_one_report(report: Report) -> None:
    with pytest.raises(ValidationError, match="allerede laget"):
        services.report_create(period=report.period)


def test_statistics_actuals_come_from_the_store(plan: Any, period: Any) -> None:
    plan_services.indicator_save(
        plan=plan,
        goal=plan.goals.first(),
        catalogue=Indicator.objects.get(code="homeless"),
        direction="decrease",
        baseline_value=Decimal(40),
        baseline_period="2008",
    )
    report = services.report_create(period=period)
    actual = report.actuals.get(source=ActualSource.STATISTICS)
    # Seed 000: Drammen counted 85 homeless in 2008, the latest count before the period.
    assert (actual.period, actual.value) == ("2008", Decimal(85))
    assert actual.confirmed is False


def test_the_latest_approved_plan_covering_the_period_is_used(
    plan: Any, period: Any, participation: Any
) -> None:
    assert services.plan_for(period) == plan  # only a draft: the draft
    plan_services.plan_approve(plan=plan)
    later = plan_services.plan_new_version(
        plan=plan, title="Handlingsplan 2013–2014", first_year=2013, last_year=2014
    )
    assert later.status == PlanStatus.DRAFT
    assert services.plan_for(period) == plan


# Saving -----------------------------------------------------------------------------------


def test_a_stale_revision_is_a_conflict_and_saves_nothing(report: Report) -> None:
    services.report_save_texts(report=report, expected_revision=1, progress="Først")
    with pytest.raises(services.ConflictError):
        services.report_save_texts(report=report, expected_revision=1, progress="Sist")
    stored = Report.objects.get(pk=report.pk)
    assert (stored.progress, stored.revision) == ("Først", 2)


def test_costs_must_add_up_to_the_stated_total(report: Report) -> None:
    with pytest.raises(ValidationError) as caught:
        services.report_save_economy(
            report=report,
            expected_revision=report.revision,
            costs={"wages": Decimal(309_000), "travel": Decimal(29_000)},
            funding={},
            stated_total=Decimal(622_000),
        )
    message = caught.value.message_dict["stated_total"][0]
    assert "338\u00a0000" in message
    assert "622\u00a0000" in message
    stored = Report.objects.get(pk=report.pk)
    assert not stored.costs.exists()
    assert stored.revision == 1  # the revision taken rolled back with the refusal


def test_a_story_over_one_page_is_refused(report: Report) -> None:
    with pytest.raises(ValidationError) as caught:
        services.story_save(
            report=report,
            expected_revision=report.revision,
            title="Formidling",
            text="x" * (STORY_MAX_CHARS + 1),
        )
    assert "Kort den ned" in caught.value.message_dict["text"][0]
    assert not report.stories.exists()
    story = services.story_save(
        report=report,
        expected_revision=Report.objects.get(pk=report.pk).revision,
        title="Formidling",
        text="x" * STORY_MAX_CHARS,
        told_on=datetime.date(2010, 11, 22),
    )
    assert story.order == 1


def test_an_actual_for_an_indicator_the_plan_does_not_have(report: Report) -> None:
    with pytest.raises(ValidationError, match="har ikke den indikatoren"):
        services.report_save_actuals(
            report=report, expected_revision=report.revision, actuals={999_999: {"value": 1}}
        )


# The workflow ---------------------------------------------------------------------------------


def test_submission_names_every_missing_section_and_keeps_the_draft(report: Report) -> None:
    with pytest.raises(ValidationError) as caught:
        workflow.report_submit(report=report, expected_revision=report.revision)
    missing = caught.value.message_dict
    assert set(missing) == {f"section-{s}" for s in (2, 3, 4, 5, 6)}
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_submit_return_resubmit_approve_reopen(report: Report, users: dict[str, Any]) -> None:
    report = _complete(report)
    report = workflow.report_submit(
        report=report, expected_revision=report.revision, user=users["coordinator"]
    )
    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(ValidationError, match="Rapporten er sendt inn"):
        services.report_save_texts(report=report, expected_revision=report.revision, progress="x")

    with pytest.raises(ValidationError, match="minst én del"):
        workflow.report_return(report=report, comments={Section.ECONOMY: "  "})
    report = workflow.report_return(
        report=report,
        comments={Section.ECONOMY: "Skill konsulentkostnadene ut."},
        user=users["advisor"],
    )
    assert report.status == ReportStatus.RETURNED
    assert report.comments.get().section == Section.ECONOMY

    report = services.report_save_economy(
        report=report,
        expected_revision=report.revision,
        costs={
            "wages": Decimal(309_000),
            "travel": Decimal(29_000),
            "consultants": Decimal(284_000),
        },
        funding={},
        stated_total=Decimal(622_000),
    )
    report = workflow.report_submit(report=report, expected_revision=report.revision)
    report = workflow.report_approve(report=report, user=users["advisor"])
    assert report.status == ReportStatus.APPROVED
    assert report.approved_by == users["advisor"]
    with pytest.raises(ValidationError, match="godkjent og kan ikke endres"):
        services.report_save_texts(report=report, expected_revision=report.revision, progress="x")

    approved_pk = report.pk
    second = workflow.report_reopen(report=report, user=users["advisor"])
    assert (second.number, second.status) == (2, ReportStatus.DRAFT)
    assert second.costs.count() == 3
    assert second.items.count() == Report.objects.get(pk=approved_pk).items.count()
    first = Report.objects.get(pk=approved_pk)
    assert (first.number, first.status) == (1, ReportStatus.APPROVED)
    with pytest.raises(ValidationError, match="nyere versjon"):
        workflow.report_reopen(report=first)


def test_only_a_submitted_report_is_decided(report: Report) -> None:
    with pytest.raises(ValidationError, match="innsendt"):
        workflow.report_approve(report=report)
    with pytest.raises(ValidationError, match="innsendt"):
        workflow.report_return(report=report, comments={Section.GENERAL: "Mangler"})
