"""API endpoints for programme plans, under /api/v1/plans.

Reads ask the pages' permission (plans.view_plan): the list holds only what the caller
may read, filtered in the query; one plan comes whole (texts, goal tree, indicators
with their reading, organisation, risks, budget) in the same number of queries however
many goals it has. The texts are written through the same service as the pages: a
stale `version` is a 409, a refused save a 422 naming the field, and the permission
(plans.edit_plan) is checked before the body is read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import HttpError

from boso.api.permissions import require
from boso.api.schemas import ErrorOut
from boso.plans import schemas, services
from boso.plans.models import Plan
from boso.plans.schemas import PlanFilters, PlanOut, PlanPage, PlanTextsIn
from boso.plans.selectors_full import plan_parts, plans, plans_visible_to
from boso.programmes.api import PermittedAuth
from boso.programmes.schemas import ProblemsOut

VIEW_PLAN = "plans.view_plan"
EDIT_PLAN = "plans.edit_plan"

router = Router(tags=["plans"])
Json = dict[str, Any]

_REFUSED = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _plan(plan_id: int) -> Plan:
    plan = plans().filter(pk=plan_id).first()
    if plan is None:
        raise HttpError(404, f"no plan {plan_id}")
    return plan


def _plan_in_path(plan_id: int, **_kwargs: Any) -> Plan:
    return _plan(plan_id)


@router.get("", response={200: PlanPage, 401: ErrorOut}, summary="Programme plans")
def list_plans(request: HttpRequest, filters: Query[PlanFilters]) -> Json:
    """The plans the caller may read (administrators all, an advisor the own region's,
    a coordinator the own municipality's, its readers the approved ones), paginated."""
    user: Any = request.auth  # type: ignore[attr-defined]
    found = plans_visible_to(user)
    if filters.participation is not None:
        found = found.filter(participation_id=filters.participation)
    if filters.status:
        found = found.filter(status=filters.status)
    rows = found[filters.offset : filters.offset + filters.limit]
    return {"items": [schemas.plan_summary(p) for p in rows], "count": found.count()}


@router.get("/{int:plan_id}", response={200: PlanOut, **_REFUSED}, summary="One plan, whole")
def get_plan(request: HttpRequest, plan_id: int) -> Json:
    """Texts, goal tree with activities, indicators with targets, actuals and their
    reading (progress, status and the rule), target groups, sub-projects, organisation
    (role titles, units and usernames only), risks, budget lines and the summary with
    the own share against the programme's rule."""
    plan = _plan(plan_id)
    require(request, VIEW_PLAN, plan)
    return schemas.plan_out(plan_parts(plan))


def _refused(exc: ValidationError) -> Status[Json]:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    problems = [{"field": f, "message": m} for f, messages in errors.items() for m in messages]
    return Status(422, {"detail": problems})


@router.put(
    "/{int:plan_id}/texts",
    response={200: PlanOut, **_REFUSED, 409: ErrorOut, 422: ProblemsOut},
    auth=PermittedAuth(EDIT_PLAN, _plan_in_path),
    summary="Save the plan's texts",
)
def save_texts(request: HttpRequest, plan_id: int, payload: PlanTextsIn) -> Status[Json]:
    """Save the texts the body holds (plans.edit_plan: a draft, by its municipality's
    coordinator or Husbanken). `version` must be the one read: if someone has saved
    since, 409 and nothing changes."""
    plan = _plan(plan_id)
    texts = {
        name: value
        for name, value in payload.model_dump(exclude={"version"}).items()
        if value is not None
    }
    try:
        services.plan_save_texts(plan=plan, expected_version=payload.version, **texts)
    except services.ConflictError as exc:
        return Status(409, {"detail": " ".join(exc.messages)})
    except ValidationError as exc:
        return _refused(exc)
    return Status(200, schemas.plan_out(plan_parts(_plan(plan_id))))
