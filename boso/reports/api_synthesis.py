"""API endpoints for the region's syntheses and dashboard: /api/v1/syntheses and
/api/v1/programmes/{id}/dashboard.

Reads only, asking the pages' permissions: reports.view_synthesis (the list holds only
what the caller may read, filtered in the query) and reports.view_programme_dashboard.
The synthesis's tables are answered as stored when it was drafted (decimal strings);
the dashboard is read as its page reads it (boso/reports/dashboards.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from boso.accounts.predicates import is_admin, is_advisor, is_municipal
from boso.api.schemas import ErrorOut
from boso.municipalities.selectors import municipality_lineage_ids
from boso.programmes.api import PermittedAuth
from boso.programmes.models import Programme
from boso.reports import dashboards, schemas
from boso.reports.choices import SynthesisStatus
from boso.reports.models import Synthesis
from boso.reports.schemas import DashboardOut, SynthesisFilters, SynthesisOut, SynthesisPage

VIEW = "reports.view_synthesis"
DASHBOARD = "reports.view_programme_dashboard"

router = Router(tags=["syntheses"])
Json = dict[str, Any]

_REFUSED = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _syntheses() -> QuerySet[Synthesis]:
    return Synthesis.objects.select_related("programme__region").order_by(
        "programme_id", "-starts_on", "pk"
    )


def _synthesis_in_path(synthesis_id: int, **_kwargs: Any) -> Synthesis:
    found = _syntheses().filter(pk=synthesis_id).first()
    if found is None:
        raise HttpError(404, f"no synthesis {synthesis_id}")
    return found


def _programme_in_path(programme_id: int, **_kwargs: Any) -> Programme:
    found = Programme.objects.select_related("region").filter(pk=programme_id).first()
    if found is None:
        raise HttpError(404, f"no programme {programme_id}")
    return found


def syntheses_visible_to(user: Any) -> QuerySet[Synthesis]:
    """The syntheses `user` may read, as reports.view_synthesis decides one by one:
    administrators all, an advisor the own region's, a municipal user the published
    ones of programmes its municipality (under any of its numbers) takes part in."""
    found = _syntheses()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return found.none()
    if user.is_superuser or is_admin(user):
        return found
    if is_advisor(user):
        return found.filter(programme__region_id=user.region_id)
    if not is_municipal(user) or not user.municipality_id:
        return found.none()
    own = municipality_lineage_ids(user.municipality) | {user.municipality_id}
    taking_part = Programme.objects.filter(participations__municipality_id__in=own)
    return found.filter(status=SynthesisStatus.PUBLISHED, programme__in=taking_part)


@router.get("/syntheses", response={200: SynthesisPage, 401: ErrorOut}, summary="Syntheses")
def list_syntheses(request: HttpRequest, filters: Query[SynthesisFilters]) -> Json:
    """The region syntheses the caller may read, newest period first per programme."""
    found = syntheses_visible_to(request.auth)  # type: ignore[attr-defined]
    if filters.programme is not None:
        found = found.filter(programme_id=filters.programme)
    rows = found[filters.offset : filters.offset + filters.limit]
    return {"items": [schemas.synthesis_summary(s) for s in rows], "count": found.count()}


@router.get(
    "/syntheses/{int:synthesis_id}",
    response={200: SynthesisOut, **_REFUSED},
    auth=PermittedAuth(VIEW, _synthesis_in_path),
    summary="One synthesis, whole",
)
def get_synthesis(request: HttpRequest, synthesis_id: int) -> Json:
    """The introduction, a paragraph per municipality, the closing text and the tables
    (money granted and spent, indicator movements) as they were drafted."""
    synthesis = (
        _syntheses()
        .prefetch_related("paragraphs__participation__municipality")
        .get(pk=synthesis_id)
    )
    return schemas.synthesis_out(synthesis)


@router.get(
    "/programmes/{int:programme_id}/dashboard",
    response={200: DashboardOut, **_REFUSED},
    auth=PermittedAuth(DASHBOARD, _programme_in_path),
    summary="The region's dashboard of a programme",
)
def get_dashboard(request: HttpRequest, programme_id: int) -> Json:
    """Report status per municipality and reporting period, money granted, paid and
    reported spent, and the latest figure of the plans' catalogue indicators."""
    board = dashboards.region_board(_programme_in_path(programme_id))
    return schemas.dashboard_out(board)
