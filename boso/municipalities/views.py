from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from boso.core.formatting import format_date, parse_date
from boso.core.permissions import permission_required
from boso.municipalities import selectors
from boso.municipalities.models import Region


def _day_from(request: HttpRequest) -> tuple[datetime.date, str | None]:
    """The ?dato= parameter (31.03.2010 or 2010-03-31), else today; with an error text."""
    raw = request.GET.get("dato", "").strip()
    if not raw:
        return datetime.date.today(), None
    try:
        return parse_date(raw), None
    except ValueError:
        return datetime.date.today(), _(
            "«%(raw)s» er ikke en dato. Skriv for eksempel 31.03.2010."
        ) % {"raw": raw}


def _outside_message(exc: selectors.DateOutsideRegister) -> str:
    if exc.first is None:
        return _("Kommuneregisteret er tomt. Last inn KLASS 131 først.")
    return _("Registeret har ingen kommuneinndeling for %(day)s. Det begynner %(first)s.") % {
        "day": format_date(exc.day),
        "first": format_date(exc.first),
    }


@permission_required("municipalities.view_register")
def municipality_list(request: HttpRequest) -> HttpResponse:
    day, error = _day_from(request)
    query = request.GET.get("q", "")[:100]
    region = None
    if slug := request.GET.get("region", ""):
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            error = _("Ukjent region «%(slug)s».") % {"slug": slug}
    rows: list[selectors.MunicipalityRow] = []
    version = None
    if error is None:
        try:
            version = selectors.version_on(day)
            rows = selectors.municipality_list(day=day, query=query, region=region)
        except selectors.DateOutsideRegister as exc:
            error = _outside_message(exc)
    context = {
        "rows": rows,
        "day": day,
        "day_input": request.GET.get("dato", "") or format_date(day),
        "query": query,
        "version": version,
        "error": error,
        "regions": selectors.region_list(),
        "region": region,
    }
    template = "municipalities/_municipality_table.html" if request.htmx else None  # type: ignore[attr-defined]
    status = 400 if error else 200
    return render(
        request, template or "municipalities/municipality_list.html", context, status=status
    )


@permission_required("municipalities.view_register")
def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    day, error = _day_from(request)
    if error:
        return render(request, "400.html", {"message": error}, status=400)
    asked = day if request.GET.get("dato") else None
    try:
        municipality = selectors.municipality_get(code, day=asked)
    except selectors.MunicipalityNotFound:
        if asked:
            raise Http404(
                _("Ingen kommune har nummer %(code)s på %(day)s.")
                % {"code": code, "day": format_date(asked)}
            ) from None
        raise Http404(_("Ingen kommune har nummer %(code)s.") % {"code": code}) from None
    on = selectors.reference_day(municipality, asked)
    context = {
        "municipality": municipality,
        "history": selectors.municipality_history(municipality),
        "names": selectors.municipality_names(municipality),
        "uses": selectors.municipality_uses_of_code(code),
        "county": selectors.counties_on(on).get(municipality.county_code),
        "region": selectors.region_of(municipality, day=on),
        "on": on,
    }
    return render(request, "municipalities/municipality_detail.html", context)


@permission_required("municipalities.view_register")
def region_list(request: HttpRequest) -> HttpResponse:
    day = datetime.date.today()
    context = {"regions": selectors.region_coverage(day), "day": day}
    return render(request, "municipalities/region_list.html", context)


@permission_required("municipalities.view_register")
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    day, error = _day_from(request)
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise Http404(_("Ukjent region «%(slug)s».") % {"slug": slug})
    rows: list[selectors.MunicipalityRow] = []
    version = None
    if error is None:
        try:
            version = selectors.version_on(day)
            rows = selectors.municipality_list(day=day, region=region)
        except selectors.DateOutsideRegister as exc:
            error = _outside_message(exc)
    context = {
        "region": region,
        "coverage": selectors.region_coverage_of(region, day),
        "rows": rows,
        "version": version,
        "day": day,
        "day_input": request.GET.get("dato", "") or format_date(day),
        "error": error,
    }
    return render(
        request, "municipalities/region_detail.html", context, status=400 if error else 200
    )
