"""Who reads and writes programme plans.

Husbanken's advisors read every plan in their region and approve them (admins
everywhere); the municipality's coordinator writes its drafts; the municipality's
readers (leaders, politicians) see approved versions only.
"""

from __future__ import annotations

from typing import Any

import rules

from boso.accounts.predicates import (
    advises_region,
    belongs_to_municipality,
    is_admin,
    is_advisor,
    is_coordinator,
    is_municipal,
)
from boso.plans.choices import PlanStatus


def _participation(obj: Any) -> Any:
    return getattr(obj, "participation", obj)


@rules.predicate
def advises_plan_region(user: Any, plan: Any = None) -> bool:
    if plan is None or not is_advisor(user):
        return False
    return bool(advises_region(user, _participation(plan).programme.region))


@rules.predicate
def of_plan_municipality(user: Any, plan: Any = None) -> bool:
    return plan is not None and bool(
        belongs_to_municipality(user, _participation(plan).municipality)
    )


@rules.predicate
def plan_is_draft(user: Any, plan: Any = None) -> bool:
    return plan is not None and getattr(plan, "status", PlanStatus.DRAFT) == PlanStatus.DRAFT


@rules.predicate
def plan_is_approved(user: Any, plan: Any = None) -> bool:
    return plan is not None and getattr(plan, "status", None) == PlanStatus.APPROVED


manages = is_admin | advises_plan_region
writes = is_coordinator & of_plan_municipality

rules.add_perm(
    "plans.view_plan", manages | writes | (is_municipal & of_plan_municipality & plan_is_approved)
)
rules.add_perm("plans.edit_plan", (writes | manages) & plan_is_draft)
rules.add_perm("plans.approve_plan", manages & plan_is_draft)
# Making a plan (or a new version) for a participation: its coordinator and Husbanken.
rules.add_perm("plans.create_plan", manages | writes)
