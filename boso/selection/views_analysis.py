"""Pages that read a frozen run further: sensitivity, coverage and rotation."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from boso.core import formatting
from boso.core.permissions import permission_required
from boso.selection import charts, rotation
from boso.selection.coverage import Share, coverage
from boso.selection.models import ScoringRun
from boso.selection.sensitivity import sensitivity_get_or_compute
from boso.statistics.charts import script_json
from boso.statistics.models import Indicator
from boso.statistics.periods import PeriodError, parse_period

VIEW = "selection.view_selection"


def _run(pk: int) -> ScoringRun:
    return get_object_or_404(
        ScoringRun.objects.select_related("definition", "definition__region"), pk=pk
    )


def percent(value: float | None) -> str:
    """0.2 → "20 %" (Norwegian: a space before the sign)."""
    if value is None:
        return "–"
    return f"{formatting.format_number(value * 100, 0)}\u00a0%"


@permission_required(VIEW)
def run_sensitivity(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's sensitivity to its weights; computed once on the first visit and kept."""
    run = _run(pk)
    result = sensitivity_get_or_compute(run)
    top_n = min(run.definition.top_n, len(result.results)) if result.results else 0
    rows = [{**r, "percent": percent(r["probability_top_n"])} for r in result.results]
    spec = charts.rank_interval_spec(
        result.results,
        top_n=top_n,
        description=_("Plassintervall for hver kommune når vektene varierer."),
    )
    return render(
        request,
        "selection/sensitivity.html",
        {
            "run": run,
            "result": result,
            "rows": rows,
            "top_n": top_n,
            "spec_json": script_json(spec) if rows else "",
        },
    )


def _share_out(share: Share) -> dict[str, Any]:
    return {
        "share": share,
        "percent": percent(share.share),
        "missing_names": ", ".join(f"{code} {name}" for code, name in share.missing),
    }


@permission_required(VIEW)
def run_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    code = request.GET.get("indikator", "").strip()
    period = request.GET.get("periode", "").strip()
    error = ""
    indicator = None
    if code:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            error = _("Fant ingen indikator med koden %(code)s.") % {"code": code}
        elif not period:
            error = _("Velg en periode for indikatoren.")
        else:
            try:
                period = parse_period(period).code
            except PeriodError:
                error = _("%(period)s er ikke en periode.") % {"period": period}
    found = coverage(run, indicator=None if error else indicator, period=period)
    shares = [(_("Kommuner"), found.municipalities), (_("Folketall"), found.population)]
    if found.indicator is not None and indicator is not None:
        shares.append((f"{indicator.name_nb} {period}", found.indicator))
    return render(
        request,
        "selection/coverage.html",
        {
            "run": run,
            "coverage": found,
            "shares": [(label, _share_out(s)) for label, s in shares],
            "indicators": Indicator.objects.order_by("code"),
            "indicator_code": code,
            "period": period,
            "error": error,
        },
    )


@permission_required(VIEW)
def family_rotation(request: HttpRequest, family: str) -> HttpResponse:
    runs = rotation.family_runs(family)
    if not runs:
        raise Http404(family)
    by_pk = {r.pk: r for r in runs}
    try:
        earlier = by_pk.get(int(request.GET.get("tidligere", "")))
        later = by_pk.get(int(request.GET.get("senere", "")))
    except ValueError:
        earlier = later = None
    if earlier is None or later is None:
        pair = rotation.latest_pair(family)
        earlier, later = pair if pair else (None, None)
    found = rotation.rotation(earlier, later) if earlier and later else None
    return render(
        request,
        "selection/rotation.html",
        {"family": family, "runs": runs, "rotation": found},
    )
