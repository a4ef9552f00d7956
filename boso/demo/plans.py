"""The programme plans of the demo: Lillehammer's Programplan 2011 (seed 004), approved,
and Drammen's project sketch for 2010–2014 (seeds 002 and 000), left as a draft.

Everything is written through boso.plans.services in one transaction. A plan that is
already there (same participation and title) is left as it is, so a re-run writes
nothing and never overwrites what someone has done to the demo plans since. The seeds'
facts are in plan_story.py and plan_texts.py; which value comes from which seed, and
what is a reading rather than the seed's words: data/SEEDS.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from boso.accounts.models import User
from boso.demo.plan_story import DEMO_PLANS, DemoGoal, DemoIndicator, DemoPlan
from boso.plans import services
from boso.plans.choices import PlanStatus
from boso.plans.models import (
    Activity,
    BudgetLine,
    Goal,
    IndicatorTarget,
    OrganisationMember,
    Plan,
    PlanIndicator,
    SubProject,
    TargetGroup,
)
from boso.programmes.models import Participation
from boso.statistics.models import Indicator


@dataclass(frozen=True)
class PlansSummary:
    plans: int
    approved: int
    goals: int
    activities: int
    indicators: int
    created: int  # rows written by this run (0 on a re-run)

    def line(self) -> str:
        return (
            f"{self.plans} plans ({self.approved} approved), {self.goals} goals, "
            f"{self.activities} activities, {self.indicators} indicators "
            f"({self.created} new rows)"
        )


PLAN_TABLES = (
    Plan,
    Goal,
    Activity,
    TargetGroup,
    SubProject,
    OrganisationMember,
    BudgetLine,
    PlanIndicator,
    IndicatorTarget,
)


def _rows() -> int:
    return sum(model._default_manager.count() for model in PLAN_TABLES)


def demo_load_plans() -> PlansSummary:
    """Both demo plans, all or nothing; a plan already there is left alone. Needs the
    programmes demo (the participations), the accounts and the indicator catalogue."""
    before = _rows()
    with transaction.atomic():
        plans = [_plan(spec) for spec in DEMO_PLANS]
    return PlansSummary(
        plans=len(plans),
        approved=sum(plan.status == PlanStatus.APPROVED for plan in plans),
        goals=Goal.objects.filter(plan__in=plans).count(),
        activities=Activity.objects.filter(goal__plan__in=plans).count(),
        indicators=PlanIndicator.objects.filter(plan__in=plans).count(),
        created=_rows() - before,
    )


def _plan(spec: DemoPlan) -> Plan:
    participation = Participation.objects.get(
        municipality__code=spec.code, programme__region__slug=spec.region
    )
    existing = (
        Plan.objects.filter(participation=participation, title=spec.title).order_by("pk").first()
    )
    if existing is not None:
        return existing
    plan = services.plan_create(
        participation=participation,
        title=spec.title,
        first_year=spec.years[0],
        last_year=spec.years[1],
    )
    services.plan_save_texts(
        plan=plan, expected_version=plan.version, vision=spec.vision, **spec.texts
    )
    goals = _goals(plan, spec.goals)
    _parts(plan, spec)
    for wanted in spec.indicators:
        _indicator(plan, goals[wanted.goal], wanted)
    if spec.approved_by:
        services.plan_approve(plan=plan, user=User.objects.get(username=spec.approved_by))
    return plan


def _goals(plan: Plan, specs: tuple[DemoGoal, ...], parent: Goal | None = None) -> dict[str, Goal]:
    """Goals, sub-goals and their activities; goal title → goal."""
    made: dict[str, Goal] = {}
    for order, spec in enumerate(specs, start=1):
        goal = services.goal_save(
            plan=plan, title=spec.title, parent=parent, description=spec.description, order=order
        )
        made[spec.title] = goal
        for activity in spec.activities:
            services.activity_save(
                goal=goal,
                title=activity.title,
                starts_on=activity.starts_on,
                ends_on=activity.ends_on,
                responsible_unit=activity.responsible_unit,
                expected_result=activity.expected_result,
                status=activity.status,
            )
        made.update(_goals(plan, spec.sub_goals, goal))
    return made


def _parts(plan: Plan, spec: DemoPlan) -> None:
    """Target groups, sub-projects, the organisation and the budget."""
    for order, (name, description) in enumerate(spec.target_groups, start=1):
        services.target_group_save(plan=plan, name=name, description=description, order=order)
    for order, (name, description) in enumerate(spec.sub_projects, start=1):
        services.sub_project_save(plan=plan, name=name, description=description, order=order)
    for order, member in enumerate(spec.members, start=1):
        services.member_save(
            plan=plan,
            body=member.body,
            role_title=member.role_title,
            unit=member.unit,
            user=User.objects.get(username=member.username) if member.username else None,
            leads=member.leads,
            order=order,
        )
    for line in spec.budget:
        services.budget_line_save(
            plan=plan,
            year=line.year,
            funder=line.funder,
            category=line.category,
            amount=line.amount,
            note=line.note,
        )


def _indicator(plan: Plan, goal: Goal, spec: DemoIndicator) -> None:
    value, period = spec.baseline or (None, "")
    indicator = services.indicator_save(
        plan=plan,
        goal=goal,
        direction=spec.direction,
        name=spec.name,
        catalogue=Indicator.objects.get(code=spec.catalogue),
        baseline_value=value,
        baseline_period=period,
    )
    if spec.target:
        services.target_set(indicator=indicator, period=spec.target[0], value=spec.target[1])
