"""The programme plans of the national dataset, written in bulk: for every
participation one approved plan with 30 goals and activities, target groups,
sub-projects, organisation, risks, a budget and ten indicators with baselines and
targets (some from the catalogue, the rest the programme's own).

Rows are what boso.plans.services would make (version 2 after the texts were saved
once, parts at version 1, approved by the region's advisor); no history is written.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from boso.accounts.models import User
from boso.demo.national.programmes import FIRST_YEAR, GRANT, LAST_YEAR
from boso.plans.choices import (
    ActivityStatus,
    BudgetCategory,
    Direction,
    Funder,
    GoalLevel,
    OrganisationBody,
    PlanStatus,
)
from boso.plans.models import (
    Activity,
    BudgetLine,
    Goal,
    IndicatorTarget,
    OrganisationMember,
    Plan,
    PlanIndicator,
    Risk,
    SubProject,
    TargetGroup,
)
from boso.programmes.models import Participation
from boso.statistics.models import Indicator

D = datetime.date
BATCH = 2000
MAIN_GOALS, SUB_GOALS = 3, 2  # 3 main goals with 2 sub-goals each: 9 goals
ACTIVITIES_MAIN, ACTIVITIES_SUB = 3, 2  # 9 + 12 = 21 activities; 30 with the goals
INDICATORS, FROM_CATALOGUE = 10, 6
OWN_INDICATORS = (
    ("Husstander hjulpet til egen bolig", "husstander", True),
    ("Unge med boveiledning", "personer", True),
    ("Ventetid på kommunal bolig", "uker", False),
    ("Utkastelser", "saker", False),
)
Baselines = dict[tuple[int, str, str], Decimal]  # (indicator id, code, period) → value


@dataclass
class PlanParts:
    """What the reports are laid out from, in the order report_create reads it."""

    plan: Plan
    tree: list[tuple[str, Goal, list[Activity]]] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    indicators: list[PlanIndicator] = field(default_factory=list)


def create_plans(
    *,
    participations: Sequence[Participation],
    catalogue: list[Indicator],
    figures: Baselines,
    approvers: dict[int, User],
    seed: int,
) -> list[PlanParts]:
    rng = random.Random(f"{seed}:plans")  # noqa: S311 (benchmark data, not secrets)
    plans = Plan.objects.bulk_create(
        [_plan(p, approvers[p.programme.region_id]) for p in participations], batch_size=BATCH
    )
    parts = [PlanParts(plan) for plan in plans]
    _goals(parts)
    _activities(parts, rng)
    _others(parts, rng)
    _indicators(parts, catalogue, figures, rng)
    return parts


def _plan(participation: Participation, approver: User) -> Plan:
    name = participation.municipality.name
    return Plan(
        participation=participation,
        title=f"Programplan {FIRST_YEAR}–{LAST_YEAR}",
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
        status=PlanStatus.APPROVED,
        version=2,
        summary=f"<p>{name} kommunes plan for det boligsosiale utviklingsprogrammet.</p>",
        purpose="<p>Forebygge og bekjempe bostedsløshet, og hjelpe flere til å eie.</p>",
        mandate="<p>Vedtatt av formannskapet 16.06.2020.</p>",
        background="<p>Levekårsutfordringer og lange ventelister på kommunal bolig.</p>",
        status_and_challenges="<p>Mange søkere til kommunal bolig, få utleieboliger.</p>",
        vision="Alle skal bo godt og trygt",
        approved_at=timezone.make_aware(datetime.datetime(FIRST_YEAR, 2, 15, 12)),
        approved_by=approver,
    )


def _goals(parts: list[PlanParts]) -> None:
    mains = Goal.objects.bulk_create(
        [
            Goal(plan=p.plan, level=GoalLevel.MAIN, title=f"Hovedmål {m}", order=m)
            for p in parts
            for m in range(1, MAIN_GOALS + 1)
        ],
        batch_size=BATCH,
    )
    subs = Goal.objects.bulk_create(
        [
            Goal(
                plan=main.plan,
                parent=main,
                level=GoalLevel.SUB,
                title=f"Delmål {main.order}.{s}",
                order=s,
            )
            for main in mains
            for s in range(1, SUB_GOALS + 1)
        ],
        batch_size=BATCH,
    )
    by_parent: dict[int, list[Goal]] = {}
    for sub in subs:
        by_parent.setdefault(sub.parent_id or 0, []).append(sub)
    for i, part in enumerate(parts):
        for m, main in enumerate(mains[i * MAIN_GOALS : (i + 1) * MAIN_GOALS], start=1):
            part.tree.append((str(m), main, []))
            for s, sub in enumerate(by_parent[main.pk], start=1):
                part.tree.append((f"{m}.{s}", sub, []))


def _activities(parts: list[PlanParts], rng: random.Random) -> None:
    made: list[Activity] = []
    for part in parts:
        for _number, goal, activities in part.tree:
            count = ACTIVITIES_MAIN if goal.level == GoalLevel.MAIN else ACTIVITIES_SUB
            for n in range(count):
                start = D(FIRST_YEAR + n, rng.randint(1, 12), 1)
                activities.append(
                    Activity(
                        goal=goal,
                        title=f"Tiltak {n + 1} for {goal.title.lower()}",
                        responsible_unit="Boligkontoret",
                        starts_on=start,
                        ends_on=D(min(LAST_YEAR, start.year + 2), 12, 1),
                        expected_result="Flere bor trygt i egen bolig.",
                        status=rng.choice([ActivityStatus.ONGOING, ActivityStatus.DONE]),
                        order=n,
                    )
                )
            activities.sort(key=lambda a: (a.starts_on, a.order))
            made.extend(activities)
    Activity.objects.bulk_create(made, batch_size=BATCH)


def _others(parts: list[PlanParts], rng: random.Random) -> None:
    groups, projects, members, risks, lines = [], [], [], [], []
    for part in parts:
        plan = part.plan
        groups += [
            TargetGroup(plan=plan, name=n, order=i)
            for i, n in enumerate(("Bostedsløse", "Unge 17–23 år"), 1)
        ]
        projects += [
            SubProject(plan=plan, name=n, order=i)
            for i, n in enumerate(("Boligskole", "Leie til eie"), 1)
        ]
        members += [
            OrganisationMember(
                plan=plan, body=OrganisationBody.OWNER, role_title="Rådmann", order=1
            ),
            OrganisationMember(
                plan=plan,
                body=OrganisationBody.STEERING,
                role_title="Kommunalsjef",
                leads=True,
                order=1,
            ),
            OrganisationMember(
                plan=plan,
                body=OrganisationBody.PROJECT,
                role_title="Programkoordinator",
                unit="Boligkontoret",
                leads=True,
                order=1,
            ),
        ]
        part.risks = sorted(
            [
                Risk(
                    plan=plan,
                    description=text,
                    likelihood=rng.randint(1, 5),
                    consequence=rng.randint(1, 5),
                    mitigation="Følges opp i styringsgruppen.",
                    owner_role="Programkoordinator",
                )
                for text in ("For få utleieboliger i markedet", "Utskifting av nøkkelpersoner")
            ],
            key=lambda r: (-r.likelihood, -r.consequence),
        )
        risks += part.risks
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            lines += [
                BudgetLine(
                    plan=plan,
                    year=year,
                    funder=Funder.HUSBANKEN,
                    category=BudgetCategory.WAGES,
                    amount=GRANT * Decimal("0.8"),
                ),
                BudgetLine(
                    plan=plan,
                    year=year,
                    funder=Funder.HUSBANKEN,
                    category=BudgetCategory.OTHER,
                    amount=GRANT * Decimal("0.2"),
                ),
                BudgetLine(
                    plan=plan,
                    year=year,
                    funder=Funder.MUNICIPALITY,
                    category=BudgetCategory.WAGES,
                    amount=Decimal(600_000),
                ),
            ]
    TargetGroup.objects.bulk_create(groups, batch_size=BATCH)
    SubProject.objects.bulk_create(projects, batch_size=BATCH)
    OrganisationMember.objects.bulk_create(members, batch_size=BATCH)
    Risk.objects.bulk_create(risks, batch_size=BATCH)
    BudgetLine.objects.bulk_create(lines, batch_size=BATCH)


def _indicators(
    parts: list[PlanParts], catalogue: list[Indicator], figures: Baselines, rng: random.Random
) -> None:
    from_catalogue = catalogue[:FROM_CATALOGUE]
    made: list[PlanIndicator] = []
    for part in parts:
        code = part.plan.participation.municipality.code
        goals = [goal for _n, goal, _a in part.tree]
        for i in range(INDICATORS):
            goal = goals[i % len(goals)]
            if i < len(from_catalogue):
                made.append(
                    _from_catalogue(
                        part,
                        goal,
                        from_catalogue[i],
                        figures.get((from_catalogue[i].pk, code, str(FIRST_YEAR - 1))),
                    )
                )
            else:
                name, unit, up = OWN_INDICATORS[i % len(OWN_INDICATORS)]
                made.append(
                    PlanIndicator(
                        plan=part.plan,
                        goal=goal,
                        name=f"{name} ({i + 1})",
                        unit=unit,
                        direction=Direction.INCREASE if up else Direction.DECREASE,
                        cumulative=up,
                        baseline_value=Decimal(rng.randint(10, 100)),
                        baseline_period=str(FIRST_YEAR - 1),
                    )
                )
            part.indicators.append(made[-1])
    PlanIndicator.objects.bulk_create(made, batch_size=BATCH)
    targets = []
    for indicator in made:
        base = indicator.baseline_value or Decimal(100)
        better = Decimal("1.2") if indicator.direction == Direction.INCREASE else Decimal("0.8")
        targets += [
            IndicatorTarget(
                indicator=indicator, period=str(year), value=round(base * better ** (k + 1), 2)
            )
            for k, year in enumerate((LAST_YEAR - 2, LAST_YEAR))
        ]
    IndicatorTarget.objects.bulk_create(targets, batch_size=BATCH)


def _from_catalogue(
    part: PlanParts, goal: Goal, indicator: Indicator, baseline: Decimal | None
) -> PlanIndicator:
    return PlanIndicator(
        plan=part.plan,
        goal=goal,
        catalogue=indicator,
        name=indicator.name_nb,
        unit=indicator.unit,
        direction=Direction.DECREASE,
        baseline_value=baseline,
        baseline_period=str(FIRST_YEAR - 1) if baseline is not None else "",
    )
