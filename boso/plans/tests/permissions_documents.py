"""Permission-matrix rows: the plan documents (see permissions.py).

Each row makes a plan with one main goal for Drammen's demo participation (region
sør): a draft is read by Husbanken's managers of the region and Drammen's coordinator;
an approved plan by Drammen's reader too. Region øst's advisor and Lillehammer's
coordinator get nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from boso.core.testing.matrix import Row, logged_in, only

READ_DRAFT = {"admin": 200, "advisor": 200, "coordinator": 200}
READ_APPROVED = {**READ_DRAFT, "reader": 200}


def drammen_plan(users: Mapping[str, Any], *, approved: bool = False) -> Any:
    """A small plan (texts and one main goal), approved if asked."""
    from boso.plans import services
    from boso.plans.tests.full_plan import make_plan
    from boso.programmes.models import Participation

    # The demo's participation: the first (other rows make programmes of their own).
    participation = (
        Participation.objects.filter(municipality__code="0602", programme__region__slug="sor")
        .order_by("pk")
        .first()
    )
    plan = make_plan(participation, title="Matriseplan")
    services.goal_save(plan=plan, title="Alle skal bo trygt og godt")
    return services.plan_approve(plan=plan) if approved else plan


def at(template: str, *, approved: bool = False) -> Callable[[Mapping[str, Any]], str]:
    """A URL on a fresh plan ({plan} in the template)."""

    def url(users: Mapping[str, Any]) -> str:
        return template.format(plan=drammen_plan(users, approved=approved).pk)

    return url


ROWS: list[Row] = [
    Row("plan pdf, draft", at("/planer/{plan}/plan.pdf"), only(READ_DRAFT)),
    Row("plan pdf, approved", at("/planer/{plan}/plan.pdf", approved=True), only(READ_APPROVED)),
    Row("plan pdf, unknown", "/planer/999999/plan.pdf", logged_in(404)),
    Row("plan docx, draft", at("/planer/{plan}/plan.docx"), only(READ_DRAFT)),
    Row("plan docx, approved", at("/planer/{plan}/plan.docx", approved=True), only(READ_APPROVED)),
    Row("plan docx, unknown", "/planer/999999/plan.docx", logged_in(404)),
]
