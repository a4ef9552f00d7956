"""API endpoints for the municipality register: public, like the pages."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from boso.api.auth import PublicAuth
from boso.api.permissions import require
from boso.api.schemas import ErrorOut
from boso.municipalities import selectors
from boso.municipalities.models import Municipality

VIEW = "municipalities.view_register"
router = Router(tags=["municipalities"], auth=PublicAuth())
regions_router = Router(tags=["regions"], auth=PublicAuth())


class CountyOut(Schema):
    code: str
    name: str


class MunicipalityOut(Schema):
    code: str
    name: str
    county: CountyOut | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    valid_from_exact: bool


class HistoryNodeOut(Schema):
    code: str
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    changed_on: datetime.date
    via_code: str
    depth: int
    in_register: bool


class HistoryOut(Schema):
    municipality: MunicipalityOut
    predecessors: list[HistoryNodeOut]
    successors: list[HistoryNodeOut]


class ListFilters(Schema):
    valid_on: datetime.date | None = None
    q: str = ""
    region: str = ""


class RegionOut(Schema):
    slug: str
    name: str
    office: str
    counties: list[CountyOut]
    municipalities: list[str]  # codes placed in the region directly, over their county


def _municipality_out(m: Municipality, name: str, county: Any) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": name,
        "county": {"code": county.code, "name": county.name} if county else None,
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
        "valid_from_exact": m.valid_from_exact,
    }


def _outside(exc: selectors.DateOutsideRegister) -> HttpError:
    return HttpError(400, str(exc))


@router.get("", response={200: list[MunicipalityOut], 400: ErrorOut}, summary="List municipalities")
@paginate(LimitOffsetPagination)
def list_municipalities(request: HttpRequest, filters: Query[ListFilters]) -> list[dict[str, Any]]:
    """Municipalities on the structure valid on `valid_on` (default today), paginated."""
    require(request, VIEW)
    day = filters.valid_on or datetime.date.today()
    region = None
    if filters.region:
        region = selectors.region_list().filter(slug=filters.region).first()
        if region is None:
            raise HttpError(400, f"unknown region {filters.region!r}")
    try:
        rows = selectors.municipality_list(day=day, query=filters.q, region=region)
    except selectors.DateOutsideRegister as exc:
        raise _outside(exc) from None
    return [_municipality_out(r.municipality, r.name, r.county) for r in rows]


def _get(code: str, valid_on: datetime.date | None) -> Municipality:
    try:
        return selectors.municipality_get(code, day=valid_on)
    except selectors.MunicipalityNotFound as exc:
        raise HttpError(404, str(exc)) from None


@router.get("/{code}", response={200: MunicipalityOut, 404: ErrorOut}, summary="One municipality")
def get_municipality(
    request: HttpRequest, code: str, valid_on: datetime.date | None = None
) -> dict[str, Any]:
    """The municipality with this code on `valid_on`, or the latest use of the code."""
    require(request, VIEW)
    municipality = _get(code, valid_on)
    day = selectors.reference_day(municipality, valid_on)
    county = selectors.counties_on(day).get(municipality.county_code)
    return _municipality_out(municipality, municipality.name, county)


@router.get(
    "/{code}/history", response={200: HistoryOut, 404: ErrorOut}, summary="Predecessors, successors"
)
def get_history(
    request: HttpRequest, code: str, valid_on: datetime.date | None = None
) -> dict[str, Any]:
    """All predecessors and successors across reforms, transitively, with the change dates."""
    require(request, VIEW)
    municipality = _get(code, valid_on)
    history = selectors.municipality_history(municipality)
    day = selectors.reference_day(municipality, valid_on)
    county = selectors.counties_on(day).get(municipality.county_code)

    def links(items: list[selectors.HistoryLink]) -> list[dict[str, Any]]:
        return [
            {
                "code": link.node.code,
                "name": link.node.name,
                "valid_from": link.node.valid_from,
                "valid_to": link.node.valid_to,
                "changed_on": link.changed_on,
                "via_code": link.via.code,
                "depth": link.depth,
                "in_register": link.node.municipality is not None,
            }
            for link in items
        ]

    return {
        "municipality": _municipality_out(municipality, municipality.name, county),
        "predecessors": links(history.predecessors),
        "successors": links(history.successors),
    }


@regions_router.get("", response=list[RegionOut], summary="Husbanken regions")
def list_regions(
    request: HttpRequest, valid_on: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Husbanken's regions with the counties each covers on `valid_on` (default today)."""
    require(request, VIEW)
    day = valid_on or datetime.date.today()
    return [
        {
            "slug": c.region.slug,
            "name": c.region.name,
            "office": c.region.office,
            "counties": [{"code": county.code, "name": county.name} for county in c.counties],
            "municipalities": c.municipality_codes,
        }
        for c in selectors.region_coverage(day)
    ]
