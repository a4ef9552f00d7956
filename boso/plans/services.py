"""Writes for programme plans. A refused write raises ValidationError naming the field,
in Norwegian, and leaves nothing half saved (each service is one transaction).

A plan is written while it is a draft; an approved plan is locked, and changing it
means a new version (`plan_new_version`) that copies everything. Rich text is cleaned
with nh3 on save, so what is stored is safe to show as HTML.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boso.accounts.selectors import acting_user
from boso.core.locking import ConflictError as ConflictError  # raised by the saves here
from boso.core.locking import take_next
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
    IndicatorActual,
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
from boso.statistics.periods import PeriodError, parse_period

RICH_TEXT = ("summary", "purpose", "mandate", "background", "status_and_challenges")
TEXTS = (*RICH_TEXT, "vision", "title")
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "a", "blockquote"}


Versioned = Goal | Activity | PlanIndicator | Risk


def _claim(part: Versioned, expected_version: int | None) -> None:
    """Take the next version of a stored part when it is still the one the editor read;
    a part saved (or deleted) since raises ConflictError and nothing is written. A new
    part, or a caller that read no version (the demo, the services' own copies), takes
    no claim."""
    if part.pk is None or expected_version is None:
        return
    take_next(
        part, expected_version, message=_("Dette er lagret av noen andre siden du åpnet det.")
    )


def sanitise(html: str) -> str:
    """Keep paragraphs, lists, emphasis and links; drop scripts, styles and handlers."""
    return nh3.clean(
        html.strip(),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _editable(plan: Plan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            {"plan": _("Planen er godkjent og låst. Lag en ny versjon for å endre den.")}
        )


def _years_of(participation: Participation) -> tuple[int, int]:
    return participation.starts_on.year, participation.ends_on.year


# Plans ---------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, participation: Participation, title: str, first_year: int, last_year: int
) -> Plan:
    """A new draft plan for years inside the participation."""
    start, end = _years_of(participation)
    if not title.strip():
        raise ValidationError({"title": _("Gi planen en tittel.")})
    if last_year < first_year:
        raise ValidationError({"last_year": _("Siste år kan ikke være før første år.")})
    if first_year < start or last_year > end:
        raise ValidationError(
            {
                "first_year": _("Planen må ligge innenfor deltakelsen %(start)s–%(end)s.")
                % {"start": start, "end": end}
            }
        )
    return Plan.objects.create(
        participation=participation,
        title=title.strip(),
        first_year=first_year,
        last_year=last_year,
    )


@transaction.atomic
def plan_save_texts(*, plan: Plan, expected_version: int, **texts: str) -> Plan:
    """Save the plan's texts; a stale `expected_version` raises ConflictError and saves
    nothing, so the caller can show the user's text beside the stored one."""
    unknown = set(texts) - set(TEXTS)
    if unknown:
        raise TypeError(f"unknown plan texts: {sorted(unknown)}")
    _editable(plan)
    if "title" in texts and not texts["title"].strip():
        raise ValidationError({"title": _("Gi planen en tittel.")})
    take_next(
        plan, expected_version, message=_("Planen er lagret av noen andre siden du åpnet den.")
    )
    for name, value in texts.items():
        setattr(plan, name, sanitise(value) if name in RICH_TEXT else value.strip())
    plan.save()
    return plan


@transaction.atomic
def plan_approve(*, plan: Plan, user: Any = None) -> Plan:
    _editable(plan)
    if not plan.goals.filter(level=GoalLevel.MAIN).exists():
        raise ValidationError({"goals": _("En plan må ha minst ett hovedmål for å godkjennes.")})
    plan.status = PlanStatus.APPROVED
    plan.approved_at = timezone.now()
    plan.approved_by = acting_user(user)
    plan.save()
    return plan


# Goals and activities ---------------------------------------------------------------


@transaction.atomic
def goal_save(
    *,
    plan: Plan,
    title: str,
    parent: Goal | None = None,
    description: str = "",
    order: int = 0,
    goal: Goal | None = None,
    expected_version: int | None = None,
) -> Goal:
    """A main goal (no parent) or a sub-goal under a main goal of the same plan."""
    _editable(plan)
    if not title.strip():
        raise ValidationError({"title": _("Skriv målet.")})
    if parent is not None and (parent.plan_id != plan.pk or parent.level != GoalLevel.MAIN):
        raise ValidationError({"parent": _("Et delmål må høre til et hovedmål i samme plan.")})
    if goal is not None and parent is not None and (parent.pk == goal.pk or goal.children.exists()):
        # Two levels only: a main goal with sub-goals cannot itself become a sub-goal.
        raise ValidationError(
            {"parent": _("Et hovedmål med delmål kan ikke bli delmål under et annet mål.")}
        )
    goal = goal or Goal(plan=plan)
    _claim(goal, expected_version)
    goal.parent = parent
    goal.level = GoalLevel.SUB if parent else GoalLevel.MAIN
    goal.title, goal.description, goal.order = title.strip(), description.strip(), order
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    """Refused while indicators hang on the goal or one of its sub-goals."""
    _editable(goal.plan)
    held = PlanIndicator.objects.filter(goal__in=[goal, *goal.children.all()])
    if held.exists():
        raise ValidationError(
            {
                "goal": _("Målet har indikatorer (%(names)s). Flytt eller slett dem først.")
                % {"names": ", ".join(i.name for i in held)}
            }
        )
    goal.delete()


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@transaction.atomic
def activity_save(
    *,
    goal: Goal,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    responsible_unit: str = "",
    expected_result: str = "",
    status: str = ActivityStatus.PLANNED,
    activity: Activity | None = None,
    expected_version: int | None = None,
) -> Activity:
    """An activity by month, inside the participation's period."""
    plan = goal.plan
    _editable(plan)
    start, end = _month(starts_on), _month(ends_on)
    participation = plan.participation
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Skriv hva tiltaket er.")
    if status not in ActivityStatus.values:
        errors["status"] = _("Ukjent status.")
    if end < start:
        errors["ends_on"] = _("Tiltaket kan ikke slutte før det begynner.")
    elif start < _month(participation.starts_on) or end > _month(participation.ends_on):
        errors["starts_on"] = _("Tiltaket må ligge innenfor programperioden %(start)s–%(end)s.") % {
            "start": participation.starts_on.strftime("%m.%Y"),
            "end": participation.ends_on.strftime("%m.%Y"),
        }
    if errors:
        raise ValidationError(errors)
    activity = activity or Activity(goal=goal)
    _claim(activity, expected_version)
    activity.goal = goal
    activity.title, activity.starts_on, activity.ends_on = title.strip(), start, end
    activity.responsible_unit = responsible_unit.strip()
    activity.expected_result = expected_result.strip()
    activity.status = status
    activity.save()
    return activity


# Target groups, sub-projects, organisation, risks ------------------------------------


@transaction.atomic
def target_group_save(
    *, plan: Plan, name: str, description: str = "", order: int = 0
) -> TargetGroup:
    _editable(plan)
    if not name.strip():
        raise ValidationError({"name": _("Skriv målgruppen.")})
    return TargetGroup.objects.create(
        plan=plan, name=name.strip(), description=description.strip(), order=order
    )


@transaction.atomic
def sub_project_save(*, plan: Plan, name: str, description: str = "", order: int = 0) -> SubProject:
    _editable(plan)
    if not name.strip():
        raise ValidationError({"name": _("Skriv delprosjektets navn.")})
    return SubProject.objects.create(
        plan=plan, name=name.strip(), description=description.strip(), order=order
    )


@transaction.atomic
def member_save(
    *,
    plan: Plan,
    body: str,
    role_title: str,
    unit: str = "",
    user: Any = None,
    leads: bool = False,
    order: int = 0,
) -> OrganisationMember:
    """A seat held by a role title (and an account where the person has one)."""
    _editable(plan)
    if body not in OrganisationBody.values:
        raise ValidationError({"body": _("Ukjent organ.")})
    if not role_title.strip():
        raise ValidationError({"role_title": _("Skriv rollen, for eksempel «Rådmann».")})
    return OrganisationMember.objects.create(
        plan=plan,
        body=body,
        role_title=role_title.strip(),
        unit=unit.strip(),
        user=user,
        leads=leads,
        order=order,
    )


@transaction.atomic
def risk_save(
    *,
    plan: Plan,
    description: str,
    likelihood: int,
    consequence: int,
    mitigation: str = "",
    owner_role: str = "",
    risk: Risk | None = None,
    expected_version: int | None = None,
) -> Risk:
    _editable(plan)
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = _("Beskriv risikoen.")
    for name, value in (("likelihood", likelihood), ("consequence", consequence)):
        if not 1 <= value <= 5:
            errors[name] = _("Bruk en skala fra 1 (lav) til 5 (høy).")
    if errors:
        raise ValidationError(errors)
    risk = risk or Risk(plan=plan)
    _claim(risk, expected_version)
    risk.description, risk.mitigation = description.strip(), mitigation.strip()
    risk.likelihood, risk.consequence, risk.owner_role = likelihood, consequence, owner_role.strip()
    risk.save()
    return risk


# Budget ----------------------------------------------------------------------------------


@transaction.atomic
def budget_line_save(
    *,
    plan: Plan,
    year: int,
    funder: str,
    category: str,
    amount: Decimal,
    note: str = "",
    line: BudgetLine | None = None,
) -> BudgetLine:
    """A budget line in a year of the agreement."""
    _editable(plan)
    start, end = _years_of(plan.participation)
    errors: dict[str, str] = {}
    if not start <= year <= end:
        errors["year"] = _("%(year)s er utenfor avtalens år %(start)s–%(end)s.") % {
            "year": year,
            "start": start,
            "end": end,
        }
    if funder not in Funder.values:
        errors["funder"] = _("Ukjent finansieringskilde.")
    if category not in BudgetCategory.values:
        errors["category"] = _("Ukjent kategori.")
    if amount < 0:
        errors["amount"] = _("Beløpet kan ikke være negativt.")
    if errors:
        raise ValidationError(errors)
    line = line or BudgetLine(plan=plan)
    line.year, line.funder, line.category = year, funder, category
    line.amount, line.note = amount, note.strip()
    line.save()
    return line


# Results framework -----------------------------------------------------------------------


def _period(value: str, field: str) -> str:
    try:
        return parse_period(value).code
    except PeriodError:
        raise ValidationError(
            {
                field: _("«%(text)s» er ikke en periode (skriv 2010, 2010H1 eller 2010-11-20).")
                % {"text": value}
            }
        ) from None


@transaction.atomic
def indicator_save(
    *,
    plan: Plan,
    goal: Goal,
    direction: str,
    name: str = "",
    catalogue: Indicator | None = None,
    unit: str = "",
    cumulative: bool = False,
    baseline_value: Decimal | None = None,
    baseline_period: str = "",
    indicator: PlanIndicator | None = None,
    expected_version: int | None = None,
) -> PlanIndicator:
    """An indicator on a goal of the plan: from the catalogue, or the programme's own."""
    _editable(plan)
    if goal.plan_id != plan.pk:
        raise ValidationError({"goal": _("Målet hører til en annen plan.")})
    if direction not in Direction.values:
        raise ValidationError({"direction": _("Velg om høyere eller lavere er bedre.")})
    name = name.strip() or (catalogue.name_nb if catalogue else "")
    if not name:
        raise ValidationError({"name": _("Gi indikatoren et navn, eller velg en fra katalogen.")})
    if (baseline_value is None) != (not baseline_period.strip()):
        raise ValidationError(
            {"baseline_period": _("Utgangsverdi og utgangsperiode hører sammen: fyll ut begge.")}
        )
    # Checked before the indicator is touched, so a refusal leaves it as it was.
    period = _period(baseline_period, "baseline_period") if baseline_period.strip() else ""
    indicator = indicator or PlanIndicator(plan=plan)
    _claim(indicator, expected_version)
    indicator.goal, indicator.catalogue, indicator.name = goal, catalogue, name
    indicator.unit = unit.strip() or (catalogue.unit if catalogue else "")
    indicator.direction, indicator.cumulative = direction, cumulative
    indicator.baseline_value = baseline_value
    indicator.baseline_period = period
    indicator.save()
    return indicator


@transaction.atomic
def target_set(*, indicator: PlanIndicator, period: str, value: Decimal) -> IndicatorTarget:
    """A target for a period after the baseline ("0 homeless at the next count")."""
    _editable(indicator.plan)
    if indicator.baseline_value is None:
        raise ValidationError(
            {"period": _("Sett utgangsverdi og utgangsperiode før du setter mål.")}
        )
    code = _period(period, "period")
    if parse_period(code).start <= parse_period(indicator.baseline_period).start:
        raise ValidationError({"period": _("Målperioden må komme etter utgangsperioden.")})
    target, _created = IndicatorTarget.objects.update_or_create(
        indicator=indicator, period=code, defaults={"value": value}
    )
    return target


@transaction.atomic
def actual_record(
    *, indicator: PlanIndicator, period: str, value: Decimal, source: str = ""
) -> IndicatorActual:
    """An actual of the programme's own indicator (catalogue indicators read the
    statistics store instead)."""
    if indicator.catalogue_id is not None:
        raise ValidationError(
            {"indicator": _("Tallene for denne indikatoren kommer fra statistikken.")}
        )
    actual, _created = IndicatorActual.objects.update_or_create(
        indicator=indicator,
        period=_period(period, "period"),
        defaults={"value": value, "source": source.strip()},
    )
    return actual


# Removing parts of a draft -------------------------------------------------------------


@transaction.atomic
def part_delete(*, part: Any) -> None:
    """Remove an activity, target group, sub-project, member, risk, budget line, target
    or actual from a draft plan (goals and indicators have their own rules)."""
    plan = part.indicator.plan if hasattr(part, "indicator_id") else _plan_of(part)
    _editable(plan)
    part.delete()


def _plan_of(part: Any) -> Plan:
    return part.goal.plan if hasattr(part, "goal_id") else part.plan


@transaction.atomic
def indicator_delete(*, indicator: PlanIndicator) -> None:
    """An indicator goes with its targets and actuals."""
    _editable(indicator.plan)
    indicator.delete()


# Versions ---------------------------------------------------------------------------------


@transaction.atomic
def plan_new_version(*, plan: Plan, title: str, first_year: int, last_year: int) -> Plan:
    """A new draft copying everything in `plan` (Programplan 2011 → Handlingsplan
    2012–2014); the old version stays as it was, approved or not."""
    new = plan_create(
        participation=plan.participation, title=title, first_year=first_year, last_year=last_year
    )
    for name in (*RICH_TEXT, "vision"):
        setattr(new, name, getattr(plan, name))
    new.save()
    goals = _copy_goals(plan, new)
    parts: list[Any] = [
        *plan.target_groups.all(),
        *plan.sub_projects.all(),
        *plan.members.all(),
        *plan.risks.all(),
        *plan.budget_lines.all(),
    ]
    for part in parts:
        part.pk, part.plan = None, new
        part.save()
    for indicator in plan.indicators.prefetch_related("targets", "actuals"):
        targets, actuals = list(indicator.targets.all()), list(indicator.actuals.all())
        indicator.pk, indicator.plan, indicator.goal = None, new, goals[indicator.goal_id]
        indicator.save()
        values: list[Any] = [*targets, *actuals]
        for value in values:
            value.pk, value.indicator = None, indicator
            value.save()
    return new


def _copy_goals(plan: Plan, new: Plan) -> dict[int, Goal]:
    """Copy goals (main before sub) and their activities; old goal id → new goal."""
    copied: dict[int, Goal] = {}
    for goal in plan.goals.order_by("level", "order", "pk").prefetch_related("activities"):
        activities = list(goal.activities.all())
        old_id, parent_id = goal.pk, goal.parent_id
        goal.pk, goal.plan = None, new
        goal.parent = copied[parent_id] if parent_id else None
        goal.save()
        copied[old_id] = goal
        for activity in activities:
            activity.pk, activity.goal = None, goal
            activity.save()
    return copied
