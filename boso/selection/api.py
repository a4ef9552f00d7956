"""API endpoints for kommunepyramiden: index definitions, frozen runs, sensitivity, coverage.

Only Husbanken (admins and advisors, permission selection.view_selection) may read
them. Municipal users get 403 on every route, also for a published run: they read
the published decision about their own municipality on the page "Min kommune", and
the API does not hand out other municipalities' ranks and scores.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from boso.api.permissions import require
from boso.api.schemas import ErrorOut
from boso.selection import selectors
from boso.selection.coverage import Share, coverage
from boso.selection.models import IndexDefinition, ScoringRun
from boso.selection.sensitivity import sensitivity_get_or_compute
from boso.statistics.models import Indicator
from boso.statistics.periods import PeriodError, parse_period

VIEW = "selection.view_selection"
router = Router(tags=["selection"])


class CriterionOut(Schema):
    indicator: str
    period: str
    weight: float
    direction: str
    transform: str
    normalisation: str
    missing: str


class DefinitionOut(Schema):
    id: int
    family: str
    version: int
    name: str
    description: str
    region: str
    structure_date: datetime.date
    top_n: int
    threshold: float | None
    min_population: int | None
    suggested_tier: str
    base_tier: str
    criteria: list[CriterionOut]
    runs: list[int]


class RunRowOut(Schema):
    municipality_code: str
    municipality_name: str
    population: int | None
    rank: int | None
    score: float | None
    values: list[float | None]
    contributions: list[float | None]
    flags: list[str]
    suggested_tier: str
    decided_tier: str | None = Field(None, description="the decided tier's code, if decided")
    decision_reason: str | None = None
    decision_published: bool | None = None


class RunOut(Schema):
    id: int
    definition: int
    computed_at: datetime.datetime
    published: bool
    top_n: int
    criteria: list[dict[str, Any]]
    rows: list[RunRowOut]


class SensitivityRowOut(Schema):
    code: str
    name: str
    rank: int
    probability_top_n: float
    rank_low: float
    rank_median: float
    rank_high: float


class SensitivityOut(Schema):
    run: int
    draws: int
    concentration: float
    top_n: int
    computed_at: datetime.datetime
    results: list[SensitivityRowOut]


class ShareOut(Schema):
    measure: str
    chosen: float
    total: float
    share: float | None = Field(description="chosen / total over municipalities with a figure")
    municipalities: int
    missing: list[str] = Field(description="codes of the municipalities without a figure")


class CoverageOut(Schema):
    run: int
    chosen: list[str]
    municipalities: ShareOut
    population: ShareOut
    indicator: ShareOut | None


class CoverageFilters(Schema):
    indicator: str = Field("", description="indicator code, such as start_loans_count")
    period: str = Field("", description="period of the indicator, such as 2008")


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _definition_out(d: IndexDefinition) -> dict[str, Any]:
    return {
        "id": d.pk,
        "family": d.family,
        "version": d.version,
        "name": d.name,
        "description": d.description,
        "region": d.region.slug,
        "structure_date": d.structure_date,
        "top_n": d.top_n,
        "threshold": _float(d.threshold),
        "min_population": d.min_population,
        "suggested_tier": d.suggested_tier.code,
        "base_tier": d.base_tier.code,
        "criteria": [
            {
                "indicator": c.indicator.code,
                "period": c.period,
                "weight": float(c.weight),
                "direction": c.direction,
                "transform": c.transform,
                "normalisation": c.normalisation,
                "missing": c.missing,
            }
            for c in d.criteria.select_related("indicator")
        ],
        "runs": list(d.runs.order_by("computed_at").values_list("pk", flat=True)),
    }


def _definitions() -> Any:
    return selectors.definitions().select_related("suggested_tier", "base_tier")


def _run(run_id: int) -> ScoringRun:
    run = (
        ScoringRun.objects.select_related("definition", "definition__base_tier")
        .filter(pk=run_id)
        .first()
    )
    if run is None:
        raise HttpError(404, f"no run {run_id}")
    return run


# Every endpoint asks the selection permission: 401 without a user, 403 without the right.
_REFUSED = {401: ErrorOut, 403: ErrorOut}


@router.get(
    "definitions",
    response={200: list[DefinitionOut], **_REFUSED},
    summary="Index definitions",
)
def list_definitions(request: HttpRequest) -> list[dict[str, Any]]:
    """Every version of every challenge index, by family and newest version first."""
    require(request, VIEW)
    return [_definition_out(d) for d in _definitions()]


@router.get(
    "definitions/{int:definition_id}",
    response={200: DefinitionOut, **_REFUSED, 404: ErrorOut},
    summary="One index definition",
)
def get_definition(request: HttpRequest, definition_id: int) -> dict[str, Any]:
    require(request, VIEW)
    definition = _definitions().filter(pk=definition_id).first()
    if definition is None:
        raise HttpError(404, f"no definition {definition_id}")
    return _definition_out(definition)


@router.get(
    "runs/{int:run_id}", response={200: RunOut, **_REFUSED, 404: ErrorOut}, summary="One frozen run"
)
def get_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """The run's rows by rank (left-out municipalities last): inputs, score,
    contributions per criterion, suggested tier and the decision if there is one."""
    require(request, VIEW)
    run = _run(run_id)
    decisions = selectors.run_decisions(run)
    rows = []
    for r in selectors.run_rows(run):
        decision = decisions.get(r.municipality_code)
        rows.append(
            {
                "municipality_code": r.municipality_code,
                "municipality_name": r.municipality_name,
                "population": None if r.population is None else int(r.population),
                "rank": r.rank,
                "score": _float(r.score),
                "values": [_float(v) for v in r.values],
                "contributions": [_float(v) for v in r.contributions],
                "flags": r.flags,
                "suggested_tier": r.suggested_tier.code,
                "decided_tier": decision.tier.code if decision else None,
                "decision_reason": decision.reason if decision else None,
                "decision_published": decision.published if decision else None,
            }
        )
    rows.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0, row["municipality_code"]))
    return {
        "id": run.pk,
        "definition": run.definition_id,
        "computed_at": run.computed_at,
        "published": run.published,
        "top_n": run.definition.top_n,
        "criteria": run.criteria,
        "rows": rows,
    }


@router.get(
    "runs/{int:run_id}/sensitivity",
    response={200: SensitivityOut, **_REFUSED, 404: ErrorOut},
    summary="Sensitivity of a run to its weights",
)
def get_sensitivity(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """Probability of the top N and rank interval per ranked municipality under 10,000
    Dirichlet draws of the weights; computed once per run and then kept."""
    require(request, VIEW)
    run = _run(run_id)
    result = sensitivity_get_or_compute(run)
    return {
        "run": run.pk,
        "draws": result.draws,
        "concentration": result.concentration,
        "top_n": min(run.definition.top_n, len(result.results)),
        "computed_at": result.computed_at,
        "results": result.results,
    }


def _share_out(measure: str, share: Share) -> dict[str, Any]:
    return {
        "measure": measure,
        "chosen": float(share.chosen),
        "total": float(share.total),
        "share": share.share,
        "municipalities": share.municipalities,
        "missing": [code for code, _name in share.missing],
    }


@router.get(
    "runs/{int:run_id}/coverage",
    response={200: CoverageOut, 400: ErrorOut, **_REFUSED, 404: ErrorOut},
    summary="Coverage of the chosen municipalities",
)
def get_coverage(
    request: HttpRequest, run_id: int, filters: Query[CoverageFilters]
) -> dict[str, Any]:
    """The chosen set's (decided, else suggested, above the base tier) share of the
    region's municipalities, population and optionally an indicator for a period."""
    require(request, VIEW)
    run = _run(run_id)
    indicator = None
    period = ""
    if filters.indicator:
        indicator = Indicator.objects.filter(code=filters.indicator).first()
        if indicator is None:
            raise HttpError(400, f"unknown indicator {filters.indicator!r}")
        try:
            period = parse_period(filters.period).code
        except PeriodError as exc:
            raise HttpError(400, str(exc)) from None
    found = coverage(run, indicator=indicator, period=period)
    return {
        "run": run.pk,
        "chosen": [code for code, _name in found.chosen],
        "municipalities": _share_out("municipalities", found.municipalities),
        "population": _share_out("population", found.population),
        "indicator": _share_out(found.indicator.label, found.indicator)
        if found.indicator
        else None,
    }
