"""Pages for the money of the development programmes: a participation with its yearly
grants (tilsagn), the disbursements asked for and paid and the balance per year, and
the register of Husbanken's other instruments per municipality and year.

Thin views: the forms read the input, the services decide and write, the selectors
read. A refused write shows the service's message at the field, keeps what was typed
and answers 400; nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from boso.core.formatting import format_date, format_number
from boso.core.permissions import permission_required
from boso.municipalities.models import Municipality
from boso.municipalities.selectors import MunicipalityNotFound, municipality_get
from boso.programmes import selectors, services
from boso.programmes.choices import DisbursementStatus, ParticipationStatus
from boso.programmes.forms_money import (
    DisbursementPayForm,
    DisbursementRequestForm,
    GrantForm,
    InstrumentRecordForm,
    attach_errors,
)
from boso.programmes.models import Disbursement, GrantDecision, InstrumentRecord, Participation
from boso.reports import selectors as report_selectors

GRANT_PREFIX = "tilsagn"


def _request_prefix(grant: GrantDecision) -> str:
    return f"anmodning-{grant.pk}"


def _pay_prefix(disbursement: Disbursement) -> str:
    return f"utbetaling-{disbursement.pk}"


def _kroner(amount: Decimal) -> str:
    return f"{format_number(amount, 0)} kr"


def _today() -> str:
    return format_date(timezone.localdate())


def _participation(request: HttpRequest, pk: int, **_kwargs: Any) -> Participation:
    return get_object_or_404(selectors.money_participations(), pk=pk)


def _grant(request: HttpRequest, pk: int, **_kwargs: Any) -> GrantDecision:
    return get_object_or_404(
        GrantDecision.objects.select_related(
            "participation__municipality", "participation__programme__region"
        ),
        pk=pk,
    )


def _disbursement(request: HttpRequest, pk: int, **_kwargs: Any) -> Disbursement:
    return get_object_or_404(
        Disbursement.objects.select_related(
            "grant__participation__municipality", "grant__participation__programme__region"
        ),
        pk=pk,
    )


# --- The participation page ---------------------------------------------------------


@dataclass
class GrantBlock:
    """One grant on the page with its disbursements and the forms the user may use."""

    grant: GrantDecision
    request_form: forms.Form | None
    left_to_request: Decimal
    payments: list[tuple[Disbursement, forms.Form | None]] = field(default_factory=list)


def _pick(bound: forms.Form | None, prefix: str, make: Callable[[str], forms.Form]) -> forms.Form:
    """The form the user just sent (with its errors) if it is this one, else a new one."""
    if bound is not None and bound.prefix == prefix:
        return bound
    return make(prefix)


def _grant_block(
    grant: GrantDecision, *, can_request: bool, can_pay: bool, bound: forms.Form | None
) -> GrantBlock:
    disbursements = list(grant.disbursements.all())
    left = grant.amount - sum((d.requested_amount for d in disbursements), Decimal(0))
    request_form = None
    if can_request and left > 0:
        request_form = _pick(
            bound,
            _request_prefix(grant),
            lambda p: DisbursementRequestForm(prefix=p, initial={"requested_on": _today()}),
        )
    block = GrantBlock(grant, request_form, left)
    for disbursement in disbursements:
        pay_form = None
        if can_pay and disbursement.status == DisbursementStatus.REQUESTED:
            pay_form = _pick(
                bound,
                _pay_prefix(disbursement),
                lambda p: DisbursementPayForm(prefix=p, initial={"paid_on": _today()}),
            )
        block.payments.append((disbursement, pay_form))
    return block


def _grant_form(participation: Participation, bound: forms.Form | None) -> forms.Form | None:
    if participation.status != ParticipationStatus.ACTIVE:
        return None
    return _pick(
        bound,
        GRANT_PREFIX,
        lambda p: GrantForm(prefix=p, initial={"decided_on": _today()}),
    )


def _page(
    request: HttpRequest,
    participation: Participation,
    *,
    bound: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    """The participation page; `bound` is a refused form shown again with its errors."""
    user = request.user
    can_grant = user.has_perm("programmes.manage_grants", participation)
    can_request = user.has_perm("programmes.request_disbursement", participation)
    blocks = [
        _grant_block(grant, can_request=can_request, can_pay=can_grant, bound=bound)
        for grant in selectors.participation_grants(participation)
    ]
    context = {
        "participation": participation,
        "sheet": selectors.participation_balance_sheet(participation),
        "blocks": blocks,
        "grant_form": _grant_form(participation, bound) if can_grant else None,
        "can_grant": can_grant,
        "bound": bound,
        "schedule": report_selectors.schedule(participation),
    }
    return render(request, "programmes/money/participation.html", context, status=status)


def _back_to(participation: Participation) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("programmes:participation", args=[participation.pk]))


def _submit(
    request: HttpRequest,
    participation: Participation,
    form: forms.Form,
    write: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Write with the form's data and go back with the message `write` returns; when the
    input or the service refuses, show the page again with the errors (400)."""
    if form.is_valid():
        try:
            message = write(form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, message)
            return _back_to(participation)
    return _page(request, participation, bound=form, status=400)


@permission_required("programmes.view_money", _participation)
def participation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _participation(request, pk))


@require_POST
@permission_required("programmes.manage_grants", _participation)
def grant_create(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk)

    def write(data: dict[str, Any]) -> str:
        grant = services.grant_decide(
            participation=participation,
            year=data["year"],
            amount=data["amount"],
            decided_on=data["decided_on"],
            reference=data["reference"],
            user=request.user,
        )
        return _("Tilsagnet for %(year)s på %(amount)s er registrert.") % {
            "year": grant.year,
            "amount": _kroner(grant.amount),
        }

    return _submit(request, participation, GrantForm(request.POST, prefix=GRANT_PREFIX), write)


@require_POST
@permission_required("programmes.request_disbursement", _grant)
def disbursement_request(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(request, pk)

    def write(data: dict[str, Any]) -> str:
        disbursement = services.disbursement_request(
            grant=grant, amount=data["amount"], requested_on=data["requested_on"], user=request.user
        )
        return _("Anmodningen om %(amount)s av tilsagnet for %(year)s er registrert.") % {
            "amount": _kroner(disbursement.requested_amount),
            "year": grant.year,
        }

    form = DisbursementRequestForm(request.POST, prefix=_request_prefix(grant))
    return _submit(request, grant.participation, form, write)


@require_POST
@permission_required("programmes.manage_grants", _disbursement)
def disbursement_pay(request: HttpRequest, pk: int) -> HttpResponse:
    disbursement = _disbursement(request, pk)

    def write(data: dict[str, Any]) -> str:
        paid = services.disbursement_pay(
            disbursement=disbursement,
            paid_on=data["paid_on"],
            amount=data["amount"],
            user=request.user,
        )
        return _("Utbetalingen av %(amount)s den %(day)s er registrert.") % {
            "amount": _kroner(paid.paid_amount or Decimal(0)),
            "day": format_date(paid.paid_on),
        }

    form = DisbursementPayForm(request.POST, prefix=_pay_prefix(disbursement))
    return _submit(request, disbursement.grant.participation, form, write)


# --- Husbanken's other instruments ----------------------------------------------------


def _municipality(request: HttpRequest, code: str, **_kwargs: Any) -> Municipality:
    try:
        return municipality_get(code)
    except MunicipalityNotFound:
        raise Http404 from None


def _instrument_scope(request: HttpRequest, code: str, **_kwargs: Any) -> InstrumentRecord:
    """What view_money reads of an instrument record: its municipality."""
    return InstrumentRecord(municipality=_municipality(request, code))


def _can_record_instruments(user: Any, municipality: Municipality) -> bool:
    """Admins, and advisors of the region the municipality belongs to today."""
    return bool(
        user.has_perm("programmes.manage_instruments", InstrumentRecord(municipality=municipality))
    )


def _year_asked(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "").strip()
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


def _correction(request: HttpRequest, records: list[InstrumentRecord]) -> dict[str, Any]:
    """The figures of the record chosen for correction (?rett=<kind>), as the form's start."""
    kind = request.GET.get("rett", "")
    year = _year_asked(request)
    for record in records:
        if record.kind == kind and record.year == year:
            return {
                "year": record.year,
                "kind": record.kind,
                "amount": format_number(record.amount.normalize()),
                "count": record.count,
                "source": record.source,
            }
    return {"year": year} if year else {}


def _record(request: HttpRequest, municipality: Municipality) -> HttpResponse | forms.Form:
    """Save the posted figure; a redirect when saved, else the form with its errors."""
    form = InstrumentRecordForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = services.instrument_record_save(municipality=municipality, **data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(kind)s %(year)s for %(municipality)s er lagret.")
                % {
                    "kind": record.get_kind_display(),
                    "year": record.year,
                    "municipality": municipality,
                },
            )
            url = reverse("programmes:instruments", args=[municipality.code])
            return HttpResponseRedirect(f"{url}?year={record.year}")
    return form


@require_http_methods(["GET", "POST"])
@permission_required("programmes.view_money", _instrument_scope)
def instruments(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality(request, code)
    can_record = _can_record_instruments(request.user, municipality)
    year = _year_asked(request)
    records = selectors.instrument_register(municipality, year=year)
    form: forms.Form | None = None
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("programmes.manage_instruments")
        saved = _record(request, municipality)
        if isinstance(saved, HttpResponse):
            return saved
        form = saved
    elif can_record:
        form = InstrumentRecordForm(initial=_correction(request, records))
    context = {
        "municipality": municipality,
        "records": records,
        "years": selectors.instrument_years(municipality),
        "year": year,
        "form": form,
        "can_record": can_record,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/money/instruments.html", context, status=status)
