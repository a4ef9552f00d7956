"""Public pages on the statistics: the fact sheet per municipality (with downloads), the
indicator catalogue and the indicator page (every municipality for one period)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boso.core.formatting import format_date
from boso.core.permissions import permission_required
from boso.municipalities import selectors as register
from boso.statistics import factsheet, factsheet_downloads, figures, indicator_pages, suppression
from boso.statistics.models import Indicator

_CODE = re.compile(r"^\d{4}$")


def _structure(request: HttpRequest) -> datetime.date:
    """?struktur= as a day; a bad value answers 400 with a message naming it."""
    raw = request.GET.get("struktur", "")[:20]
    try:
        return figures.structure_day(raw)
    except figures.StructureError:
        raise _BadRequest(
            _(
                "«%(raw)s» er ikke en dato eller et årstall. "
                "Skriv for eksempel 2019 eller 01.01.2019."
            )
            % {"raw": raw}
        ) from None


class _BadRequest(Exception):
    pass


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=400)


def _outside(exc: register.DateOutsideRegister) -> str:
    if exc.first is None:
        return _("Kommuneregisteret er tomt. Last inn KLASS 131 først.")
    return _("Registeret har ingen kommuneinndeling for %(day)s. Det begynner %(first)s.") % {
        "day": format_date(exc.day),
        "first": format_date(exc.first),
    }


def _chosen(request: HttpRequest) -> list[str]:
    """?sammenlign=3005,3301 (commas or spaces) as a list of codes; other text is kept
    so that the page can say it found no such municipality."""
    raw = request.GET.get("sammenlign", "")[:200]
    return [token for token in re.split(r"[\s,;]+", raw) if token]


SheetOrResponse = factsheet.FactSheet | HttpResponse


def _load_sheet(request: HttpRequest, code: str) -> SheetOrResponse:
    try:
        day = _structure(request)
        return factsheet.fact_sheet(
            code=code,
            day=day,
            chosen=_chosen(request),
            suppress=suppression.applies_to(request.user),
        )
    except _BadRequest as exc:
        return _bad_request(request, str(exc))
    except register.DateOutsideRegister as exc:
        return _bad_request(request, _outside(exc))
    except figures.NotOnStructure as exc:
        if exc.alternative and exc.alternative != code:
            # The same municipality under the number it had then (3301 → 0602 in 2019).
            assert request.resolver_match is not None
            name = f"facts:{request.resolver_match.url_name}"
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return HttpResponseRedirect(reverse(name, args=[exc.alternative]) + query)
        raise Http404(
            _("Ingen kommune har nummer %(code)s i kommuneinndelingen per %(day)s.")
            % {"code": code, "day": format_date(exc.day)}
        ) from None


@permission_required("statistics.view_statistics")
def fact_sheet(request: HttpRequest, code: str) -> HttpResponse:
    sheet = _load_sheet(request, code)
    if isinstance(sheet, HttpResponse):
        return sheet
    today = sheet.today_version
    context = {
        "sheet": sheet,
        "structures": figures.structure_options(sheet.version, today),
        "chosen": " ".join(_chosen(request)),
        "query": _query(
            sheet.struktur,
            " ".join(m.code for m in sheet.peers.members) if sheet.peers.chosen else "",
        ),
    }
    return render(request, "statistics/facts_sheet.html", context)


def _query(struktur: str, sammenlign: str) -> str:
    params = {k: v for k, v in (("struktur", struktur), ("sammenlign", sammenlign)) if v}
    return f"?{urlencode(params)}" if params else ""


def _download(
    render_bytes: Callable[[factsheet.FactSheet], bytes], content_type: str, suffix: str
) -> Callable[..., HttpResponseBase]:
    @permission_required("statistics.view_statistics")
    def view(request: HttpRequest, code: str) -> HttpResponse:
        sheet = _load_sheet(request, code)
        if isinstance(sheet, HttpResponse):
            return sheet
        response = HttpResponse(render_bytes(sheet), content_type=content_type)
        name = f"faktaark-{sheet.place.code}-{slugify(sheet.place.name)}-{sheet.day.isoformat()}"
        response["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
        return response

    return view


fact_sheet_csv = _download(factsheet_downloads.factsheet_csv, "text/csv; charset=utf-8", "csv")
fact_sheet_xlsx = _download(
    factsheet_downloads.factsheet_xlsx,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
)


@permission_required("statistics.view_statistics")
def indicator_list(request: HttpRequest) -> HttpResponse:
    entries = indicator_pages.indicator_catalogue()
    context = {
        "catalogue": [e for e in entries if e.catalogue],
        "tables": [e for e in entries if not e.catalogue],
    }
    return render(request, "statistics/facts_indicator_list.html", context)


@permission_required("statistics.view_statistics")
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        indicator = indicator_pages.indicator_get(code)
    except Indicator.DoesNotExist:
        raise Http404(_("Ingen indikator har koden «%(code)s».") % {"code": code}) from None
    try:
        day = _structure(request)
        page = indicator_pages.indicator_page(
            indicator=indicator,
            day=day,
            period=request.GET.get("periode", "")[:20] or None,
            dimension_key=request.GET.get("utvalg") if "utvalg" in request.GET else None,
            sort=request.GET.get("sorter", "-verdi"),
            highlight=request.GET.get("kommune", "")[:4],
            suppress=suppression.applies_to(request.user),
        )
    except _BadRequest as exc:
        return _bad_request(request, str(exc))
    except register.DateOutsideRegister as exc:
        return _bad_request(request, _outside(exc))
    highlight = request.GET.get("kommune", "")[:4]
    base = {
        "struktur": page.struktur,
        "periode": page.period or "",
        "utvalg": page.dimension_key,
        "kommune": highlight if _CODE.match(highlight) else "",
    }
    context = {
        "page": page,
        "structures": figures.structure_options(page.version, page.today_version),
        "sort_links": _sort_links(base, page.sort),
        "highlight": base["kommune"],
    }
    return render(request, "statistics/facts_indicator_detail.html", context)


def _sort_links(base: dict[str, str], current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the link that sorts by it (toggling the direction when
    it is the current one) and its aria-sort value."""
    columns = {"nr": "nr", "navn": "navn", "verdi": "-verdi"}
    links = {}
    for column, first in columns.items():
        active = current.lstrip("-") == column
        if active:
            target = current[1:] if current.startswith("-") else f"-{current}"
            state = "descending" if current.startswith("-") else "ascending"
        else:
            target, state = first, "none"
        params = {k: v for k, v in {**base, "sorter": target}.items() if v}
        links[column] = {"href": f"?{urlencode(params)}", "aria_sort": state}
    return links
