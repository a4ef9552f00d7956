"""Plans are written through the services: every refusal names its field and leaves
nothing half saved."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from boso.plans import services
from boso.plans.choices import GoalLevel
from boso.plans.models import Goal, Plan

pytestmark = pytest.mark.django_db
D = datetime.date


def test_plan_years_must_lie_in_the_participation(participation: Any) -> None:
    with pytest.raises(ValidationError, match="innenfor deltakelsen 2010–2014"):
        services.plan_create(
            participation=participation, title="Handlingsplan", first_year=2012, last_year=2015
        )
    assert not Plan.objects.filter(title="Handlingsplan").exists()


def test_rich_text_is_sanitised(plan: Plan) -> None:
    services.plan_save_texts(
        plan=plan,
        expected_version=1,
        summary='<p onclick="steal()">Alle skal bo <strong>trygt</strong></p><script>x()</script>',
        vision="  Alle skal bo trygt og godt i Lillehammer ",
    )
    plan.refresh_from_db()
    assert plan.summary == "<p>Alle skal bo <strong>trygt</strong></p>"
    assert plan.vision == "Alle skal bo trygt og godt i Lillehammer"
    assert plan.version == 2


def test_a_stale_save_is_a_conflict_and_changes_nothing(plan: Plan) -> None:
    services.plan_save_texts(plan=plan, expected_version=1, purpose="Først")
    with pytest.raises(services.ConflictError):
        services.plan_save_texts(
            plan=Plan.objects.get(pk=plan.pk), expected_version=1, purpose="Sist"
        )
    assert Plan.objects.get(pk=plan.pk).purpose == "Først"


def test_goal_tree(plan: Plan, main_goal: Goal) -> None:
    sub = services.goal_save(plan=plan, title="Færre bostedsløse", parent=main_goal)
    assert (main_goal.level, sub.level) == (GoalLevel.MAIN, GoalLevel.SUB)
    with pytest.raises(ValidationError, match="hovedmål i samme plan"):
        services.goal_save(plan=plan, title="Under et delmål", parent=sub)
    other = services.goal_save(plan=plan, title="Et annet hovedmål")
    with pytest.raises(ValidationError, match="kan ikke bli delmål"):
        services.goal_save(plan=plan, title=main_goal.title, parent=other, goal=main_goal)


def test_activity_dates(main_goal: Goal) -> None:
    with pytest.raises(ValidationError, match="slutte før det begynner"):
        services.activity_save(
            goal=main_goal, title="Foranalyse", starts_on=D(2011, 5, 1), ends_on=D(2011, 3, 1)
        )
    with pytest.raises(ValidationError, match="innenfor programperioden"):
        services.activity_save(
            goal=main_goal, title="Foranalyse", starts_on=D(2009, 5, 1), ends_on=D(2011, 3, 1)
        )
    activity = services.activity_save(
        goal=main_goal,
        title="Foranalyse",
        starts_on=D(2010, 3, 15),
        ends_on=D(2010, 6, 18),
        responsible_unit="Prosjektleder",
    )
    assert (activity.starts_on, activity.ends_on) == (D(2010, 3, 1), D(2010, 6, 1))


def test_budget_year_outside_the_agreement(plan: Plan) -> None:
    with pytest.raises(ValidationError, match="utenfor avtalens år 2010–2014"):
        services.budget_line_save(
            plan=plan, year=2015, funder="husbanken", category="wages", amount=Decimal(1)
        )
    assert not plan.budget_lines.exists()


def test_target_needs_a_baseline(plan: Plan, main_goal: Goal) -> None:
    indicator = services.indicator_save(
        plan=plan, goal=main_goal, name="Bostedsløse", direction="decrease"
    )
    with pytest.raises(ValidationError, match="utgangsverdi og utgangsperiode før"):
        services.target_set(indicator=indicator, period="2012", value=Decimal(0))
    services.indicator_save(
        plan=plan,
        goal=main_goal,
        name="Bostedsløse",
        direction="decrease",
        baseline_value=Decimal(20),
        baseline_period="2010",
        indicator=indicator,
    )
    with pytest.raises(ValidationError, match="etter utgangsperioden"):
        services.target_set(indicator=indicator, period="2009", value=Decimal(0))
    target = services.target_set(indicator=indicator, period="2012-11-20", value=Decimal(0))
    assert target.period == "2012-11-20"


def test_a_goal_with_indicators_cannot_be_deleted(plan: Plan, main_goal: Goal) -> None:
    sub = services.goal_save(plan=plan, title="Færre på venteliste", parent=main_goal)
    services.indicator_save(plan=plan, goal=sub, name="Venteliste", direction="decrease")
    with pytest.raises(ValidationError, match="Venteliste"):
        services.goal_delete(goal=main_goal)
    with pytest.raises(ProtectedError):
        sub.delete()  # the database refuses too
    assert Goal.objects.filter(pk=main_goal.pk).exists()


def test_approval_locks_the_plan(plan: Plan, main_goal: Goal) -> None:
    services.plan_approve(plan=plan)
    with pytest.raises(ValidationError, match="godkjent og låst"):
        services.goal_save(plan=plan, title="Nytt mål")
    with pytest.raises(ValidationError, match="godkjent og låst"):
        services.plan_save_texts(plan=plan, expected_version=plan.version, purpose="x")


def test_an_empty_plan_cannot_be_approved(plan: Plan) -> None:
    with pytest.raises(ValidationError, match="minst ett hovedmål"):
        services.plan_approve(plan=plan)


def test_risks_on_a_five_point_scale(plan: Plan) -> None:
    with pytest.raises(ValidationError) as refused:
        services.risk_save(plan=plan, description="Mangel på boliger", likelihood=6, consequence=0)
    assert set(refused.value.message_dict) == {"likelihood", "consequence"}
    risk = services.risk_save(
        plan=plan, description="Mangel på boliger", likelihood=4, consequence=5
    )
    assert risk.score == 20


def test_catalogue_indicators_take_no_typed_actuals(plan: Plan, main_goal: Goal) -> None:
    from boso.statistics.models import Indicator

    indicator = services.indicator_save(
        plan=plan,
        goal=main_goal,
        catalogue=Indicator.objects.get(code="homeless"),
        direction="decrease",
    )
    assert indicator.name == Indicator.objects.get(code="homeless").name_nb
    with pytest.raises(ValidationError, match="kommer fra statistikken"):
        services.actual_record(indicator=indicator, period="2012", value=Decimal(3))


def test_a_new_version_copies_everything_and_leaves_the_old(plan: Plan, main_goal: Goal) -> None:
    sub = services.goal_save(plan=plan, title="Færre bostedsløse", parent=main_goal)
    services.activity_save(
        goal=sub, title="Kartlegging", starts_on=D(2011, 1, 1), ends_on=D(2011, 6, 1)
    )
    indicator = services.indicator_save(
        plan=plan,
        goal=sub,
        name="Bostedsløse",
        direction="decrease",
        baseline_value=Decimal(20),
        baseline_period="2010",
    )
    services.target_set(indicator=indicator, period="2012", value=Decimal(0))
    services.budget_line_save(
        plan=plan, year=2011, funder="husbanken", category="wages", amount=Decimal(750_000)
    )
    services.member_save(plan=plan, body="steering", role_title="Rådmann", leads=True)
    services.plan_approve(plan=plan)
    new = services.plan_new_version(
        plan=plan, title="Handlingsplan 2012–2014", first_year=2012, last_year=2014
    )
    assert new.status == "draft"
    [copied_main] = new.goals.filter(level="main")
    [copied_sub] = copied_main.children.all()
    assert copied_sub.activities.get().title == "Kartlegging"
    copied_indicator = new.indicators.get()
    assert copied_indicator.goal == copied_sub
    assert copied_indicator.targets.get().period == "2012"
    assert new.budget_lines.get().amount == 750_000
    assert new.members.get().role_title == "Rådmann"
    assert plan.goals.count() == 2  # the approved version is untouched
    assert Plan.objects.get(pk=plan.pk).status == "approved"


def test_parts_are_removed_from_drafts_only(plan: Plan, main_goal: Goal) -> None:
    risk = services.risk_save(plan=plan, description="Få boliger", likelihood=3, consequence=4)
    activity = services.activity_save(
        goal=main_goal, title="Boligskole", starts_on=D(2011, 1, 1), ends_on=D(2011, 2, 1)
    )
    services.part_delete(part=activity)
    assert not main_goal.activities.exists()
    services.plan_approve(plan=plan)
    with pytest.raises(ValidationError, match="låst"):
        services.part_delete(part=risk)
    assert plan.risks.exists()
