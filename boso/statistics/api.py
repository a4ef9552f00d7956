"""API endpoints for the indicator catalogue and the observations: public, like the pages.

GET /api/v1/observations answers JSON (paginated), CSV or JSON-stat 2.0 (`format`);
the two exports hold the whole result and are streamed.
"""

import re
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from boso.api.auth import PublicAuth
from boso.api.permissions import require
from boso.api.schemas import ErrorOut
from boso.statistics import exports, selectors, suppression
from boso.statistics.models import Indicator

VIEW = "statistics.view_statistics"
router = Router(tags=["statistics"], auth=PublicAuth())

Number = int | float


class IndicatorOut(Schema):
    code: str
    name_nb: str
    name_en: str
    unit: str
    kind: str
    numerator: str | None = Field(None, description="code of the numerator, for a rate")
    denominator: str | None = Field(None, description="code of the denominator, for a rate")
    multiplier: Number | None
    direction: str
    decimals: int
    source: str
    source_table: str
    definition: str


class IndicatorFilters(Schema):
    q: str = Field("", description="part of the code or the Norwegian name")


class ObservationOut(Schema):
    indicator: str
    region: str
    period: str
    value: Number | None
    status: str = Field(description="SSB status symbol ('..', ':', '.', …) or ''")
    dimensions: dict[str, str]
    sources: list[str] | None = Field(
        None, description="with `structure`: the stored region codes summed into this figure"
    )
    note: str | None = Field(
        None, description="with `structure`: why the figure is not comparable, or ''"
    )


class ObservationPage(Schema):
    items: list[ObservationOut]
    count: int


class ObservationFilters(LimitOffsetPagination.Input):
    indicator: str = Field("", description="indicator code, or several separated by commas")
    region: str = Field(
        "",
        description="region codes separated by commas: as stored, or with `structure` "
        "the codes on that structure",
    )
    period: str = Field(
        "", description="periods or ranges separated by commas: 2024, 2024K1, 2015-2024"
    )
    dimension: list[str] = Field(
        [],
        description="ID=CODE or ID=CODE,CODE (such as KOKfunksjon0000=265); repeat for "
        "more dimensions",
    )
    structure: str = Field(
        "",
        description="YYYY or YYYY-MM-DD: carry the figures to the municipality structure "
        "valid on that date",
    )
    format: Literal["json", "csv", "jsonstat"] = Field(
        "json", description="json (paginated), csv or jsonstat (JSON-stat 2.0; whole result)"
    )


def _number(value: Decimal | None) -> Number | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _indicator_out(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name_nb": indicator.name_nb,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "numerator": indicator.numerator.code if indicator.numerator else None,
        "denominator": indicator.denominator.code if indicator.denominator else None,
        "multiplier": _number(indicator.multiplier),
        "direction": indicator.direction,
        "decimals": indicator.decimals,
        "source": indicator.source,
        "source_table": indicator.source_table,
        "definition": indicator.definition,
    }


@router.get("indicators", response=list[IndicatorOut], summary="Indicator catalogue")
@paginate(LimitOffsetPagination)
def list_indicators(request: HttpRequest, filters: Query[IndicatorFilters]) -> list[dict[str, Any]]:
    """The catalogue in code order, paginated; rates name their numerator and denominator."""
    require(request, VIEW)
    return [_indicator_out(i) for i in selectors.indicator_list(query=filters.q)]


@router.get(
    "indicators/{code}", response={200: IndicatorOut, 404: ErrorOut}, summary="One indicator"
)
def get_indicator(request: HttpRequest, code: str) -> dict[str, Any]:
    require(request, VIEW)
    try:
        return _indicator_out(selectors.indicator_get(code))
    except selectors.IndicatorNotFound as exc:
        raise HttpError(404, str(exc)) from None


def _item(row: exports.Row) -> dict[str, Any]:
    item: dict[str, Any] = {
        "indicator": row.indicator,
        "region": row.region,
        "period": row.period,
        "value": _number(row.value),
        "status": row.status,
        "dimensions": exports.dimensions_of(row.dimension_key),
    }
    if row.sources is not None:
        item["sources"] = list(row.sources)
        item["note"] = row.note
    return item


def _filename(f: selectors.ObservationFilter, suffix: str) -> str:
    stem = "_".join(i.code for i in f.indicators)
    if f.structure:
        stem += f"_structure-{f.structure.isoformat()}"
    return re.sub(r"[^A-Za-z0-9._-]", "_", stem)[:120] + suffix


def _csv(f: selectors.ObservationFilter, *, suppress: bool) -> StreamingHttpResponse:
    if f.structure is not None:
        rows = selectors.harmonised_rows(f, suppress=suppress)
        codes, dimensions = sorted({r.region for r in rows}), exports.dimension_ids(rows)
        lines = exports.csv_lines(
            rows,
            dimensions=dimensions,
            region_labels=selectors.region_labels(codes, day=f.structure),
            harmonised=True,
        )
    else:
        codes, dimensions = selectors.observation_outline(f)
        lines = exports.csv_lines(
            selectors.observation_rows(f, suppress=suppress),
            dimensions=dimensions,
            region_labels=selectors.region_labels(codes),
        )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(f, ".csv")}"'
    return response


def _jsonstat(f: selectors.ObservationFilter, *, suppress: bool) -> StreamingHttpResponse:
    rows = list(selectors.observation_rows(f, suppress=suppress))
    try:
        chunks = exports.jsonstat_chunks(
            rows,
            metrics=[selectors.metric_of(i) for i in f.indicators],
            region_labels=selectors.region_labels(
                sorted({r.region for r in rows}), day=f.structure
            ),
            structure=f.structure,
            updated=selectors.last_updated(f),
        )
    except exports.ExportError as exc:
        raise HttpError(400, str(exc)) from None
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{_filename(f, ".json")}"'
    return response


# The 200 answer is JSON (the page, or a JSON-stat dataset) or CSV; ninja merges this in.
_FORMATS = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


@router.get(
    "observations",
    response={200: ObservationPage, 400: ErrorOut},
    summary="Observations: JSON, CSV or JSON-stat",
    exclude_unset=True,
    openapi_extra={"responses": _FORMATS},
)
def list_observations(
    request: HttpRequest, filters: Query[ObservationFilters]
) -> dict[str, Any] | StreamingHttpResponse:
    """Figures of one or more indicators, filtered by region, period and further dimensions.

    `format=json` is paginated (`limit`, `offset`); `format=csv` and `format=jsonstat`
    hold the whole result. With `structure`, figures are carried to that municipality
    structure and each item names its `sources` and a `note`. Anonymous callers get
    counts under 5, and rates computed from them, as status ':' with no value.
    """
    require(request, VIEW)
    try:
        f = selectors.observation_filter(
            indicator=filters.indicator,
            region=filters.region,
            period=filters.period,
            dimension=filters.dimension,
            structure=filters.structure,
        )
    except selectors.FilterError as exc:
        raise HttpError(400, str(exc)) from None
    suppress = suppression.applies_to(request.user)
    if filters.format == "csv":
        return _csv(f, suppress=suppress)
    if filters.format == "jsonstat":
        return _jsonstat(f, suppress=suppress)
    page = selectors.observation_page(
        f, limit=filters.limit, offset=filters.offset, suppress=suppress
    )
    return {"items": [_item(r) for r in page.rows], "count": page.count}
