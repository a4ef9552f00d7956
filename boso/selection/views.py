"""Pages for kommunepyramiden: index definitions, runs with their "why", decisions,
the pyramid, and the municipal users' page with their own published decisions.

Thin views: forms check the input, services write, selectors read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boso.core.formatting import format_number
from boso.core.permissions import permission_required
from boso.selection import forms, selectors, services
from boso.selection.choices import Reason
from boso.selection.models import Decision, IndexDefinition, RunRow, ScoringRun


def _definition(request: HttpRequest, pk: int, **_kwargs: Any) -> IndexDefinition:
    return get_object_or_404(IndexDefinition.objects.select_related("region"), pk=pk)


def _run(request: HttpRequest, pk: int, **_kwargs: Any) -> ScoringRun:
    return get_object_or_404(ScoringRun.objects.select_related("definition__region"), pk=pk)


def _messages_of(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


# --- Index definitions ------------------------------------------------------------


@permission_required("selection.view_selection")
def definition_list(request: HttpRequest) -> HttpResponse:
    families: dict[str, dict[str, Any]] = {}
    for definition in selectors.definitions().prefetch_related("runs"):
        family = families.setdefault(
            definition.family, {"latest": definition, "versions": [], "runs": []}
        )
        family["versions"].append(definition)
        family["runs"].extend(definition.runs.all())
    entries = []
    for family in families.values():
        latest = family["latest"]
        family["runs"].sort(key=lambda r: r.computed_at, reverse=True)
        family["can_manage"] = request.user.has_perm("selection.manage_index", latest)
        family["criteria"] = list(latest.criteria.select_related("indicator"))
        entries.append(family)
    return render(
        request,
        "selection/definition_list.html",
        {
            "families": entries,
            "can_create": request.user.has_perm("selection.manage_index"),
        },
    )


def _save_definition(
    request: HttpRequest,
    *,
    family: str | None,
    initial: dict[str, Any] | None = None,
    criteria: list[dict[str, Any]] | None = None,
    previous: IndexDefinition | None = None,
) -> HttpResponse:
    if request.method == "POST":
        form = forms.DefinitionForm(request.POST, user=request.user)
        formset = forms.criterion_formset(request.POST)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            region = data["region"]
            if not request.user.has_perm("selection.manage_index", IndexDefinition(region=region)):
                form.add_error("region", _("Du kan bare lage indekser for din egen region."))
            else:
                try:
                    definition = services.definition_save(
                        family=family or forms.new_family(data["name"]),
                        name=data["name"],
                        description=data["description"],
                        region=region,
                        structure_date=data["structure_date"],
                        criteria=formset.inputs(),
                        top_n=data["top_n"],
                        threshold=data["threshold"],
                        min_population=data["min_population"],
                        suggested_tier=data["suggested_tier"],
                        base_tier=data["base_tier"],
                        user=request.user,
                    )
                except ValidationError as exc:
                    _attach(exc, form, formset)
                else:
                    messages.success(
                        request,
                        _("«%(name)s» versjon %(version)s er lagret. Nå kan du rangere.")
                        % {"name": definition.name, "version": definition.version},
                    )
                    return HttpResponseRedirect(
                        reverse("selection:definition-list") + f"#indeks-{definition.family}"
                    )
    else:
        form = forms.DefinitionForm(initial=initial, user=request.user)
        formset = forms.criterion_formset(initial=criteria)
    return render(
        request,
        "selection/definition_form.html",
        {"form": form, "formset": formset, "previous": previous},
        status=400 if request.method == "POST" else 200,
    )


def _attach(exc: ValidationError, form: forms.DefinitionForm, formset: Any) -> None:
    """Show a service's ValidationError at its field, or at the form or criteria."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            if field == "criteria":
                formset._non_form_errors = formset.error_class(errors)
            elif field in form.fields:
                form.add_error(field, errors)
            else:
                form.add_error(None, errors)
    else:
        form.add_error(None, _messages_of(exc))


@permission_required("selection.manage_index")
def definition_create(request: HttpRequest) -> HttpResponse:
    return _save_definition(request, family=None)


@permission_required("selection.manage_index", _definition)
def definition_version(request: HttpRequest, pk: int) -> HttpResponse:
    definition = selectors.latest_version(_definition(request, pk))
    return _save_definition(
        request,
        family=definition.family,
        initial=forms.definition_initial(definition),
        criteria=forms.criteria_initial(definition),
        previous=definition,
    )


# --- Runs -------------------------------------------------------------------------


@require_POST
@permission_required("selection.manage_index", _definition)
def run_compute(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition(request, pk)
    try:
        run = services.scoring_run_compute(definition=definition, user=request.user)
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, _("Rangeringen ble ikke beregnet: %(why)s") % {"why": message})
        return HttpResponseRedirect(
            reverse("selection:definition-list") + f"#indeks-{definition.family}"
        )
    messages.success(request, _("Rangeringen er beregnet."))
    return HttpResponseRedirect(reverse("selection:run", args=[run.pk]))


def _short(value: Any, decimals: int = 2) -> str:
    """A frozen input for reading: at most `decimals` decimals, no trailing zeros."""
    if value is None:
        return "–"
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format_number(number)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def _signed(value: Any) -> str:
    if value is None:
        return "–"
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return ("+" if number >= 0 else "") + format_number(number)


def _criterion_label(criterion: dict[str, Any]) -> str:
    return f"{criterion.get('name') or criterion['indicator']} {criterion['period']}"


@dataclass(frozen=True)
class Part:
    label: str
    value: str
    contribution: str
    size: float  # |contribution| relative to the largest, 0–100
    positive: bool


def _breakdown(run: ScoringRun, row: RunRow) -> list[Part]:
    numbers = [None if c is None else float(c) for c in row.contributions]
    largest = max((abs(n) for n in numbers if n is not None), default=0.0) or 1.0
    return [
        Part(
            label=_criterion_label(criterion),
            value=_short(value),
            contribution=_signed(contribution),
            size=round(abs(n) / largest * 100, 1) if n is not None else 0.0,
            positive=n is None or n >= 0,
        )
        for criterion, value, contribution, n in zip(
            run.criteria, row.values, row.contributions, numbers, strict=False
        )
    ]


@permission_required("selection.view_selection")
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    decisions = selectors.run_decisions(run)
    rows = list(selectors.run_rows(run))
    tiers = list(forms.DecisionForm().fields["tier"].queryset)  # type: ignore[attr-defined]
    table: list[dict[str, Any]] = [
        {
            "row": row,
            "cells": [
                {"contribution": _signed(c), "value": _short(v)}
                for v, c in zip(row.values, row.contributions, strict=False)
            ],
            "decision": decisions.get(row.municipality_code),
        }
        for row in rows
    ]
    why_code = request.GET.get("hvorfor", "")[:4]
    why = next((r for r in rows if r.municipality_code == why_code), None)
    can_decide = request.user.has_perm("selection.decide", run)
    context = {
        "run": run,
        "definition": run.definition,
        "criteria": [_criterion_label(c) for c in run.criteria],
        "ranked": [t for t in table if t["row"].rank is not None],
        "unranked": [t for t in table if t["row"].rank is None],
        "why": why,
        "why_parts": _breakdown(run, why) if why else [],
        "why_decision": decisions.get(why.municipality_code) if why else None,
        "why_missing": why_code and why is None,
        "can_decide": can_decide,
        "tiers": tiers,
        "reasons": Reason.choices,
        "unpublished": sum(1 for d in decisions.values() if not d.published),
        "decision_count": len(decisions),
    }
    return render(request, "selection/run_detail.html", context)


@permission_required("selection.view_selection")
def run_pyramid(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    levels = selectors.pyramid(run)
    return render(
        request,
        "selection/run_pyramid.html",
        {"run": run, "definition": run.definition, "levels": levels, "count": len(levels)},
    )


@require_POST
@permission_required("selection.decide", _run)
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = services.run_publish(run=_run(request, pk))
    messages.success(
        request, _("Rangeringen og beslutningene er publisert. Kommunene ser nå sine egne.")
    )
    return HttpResponseRedirect(reverse("selection:run", args=[run.pk]))


# --- Decisions --------------------------------------------------------------------


@require_POST
@permission_required("selection.decide", _run)
def decision_record(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    run = _run(request, pk)
    get_object_or_404(RunRow, run=run, municipality_code=code)
    form = forms.DecisionForm(request.POST)
    back = reverse("selection:run", args=[run.pk]) + f"?hvorfor={code}#hvorfor"
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    try:
        services.decision_record(
            run=run,
            municipality_code=code,
            tier=data["tier"],
            reason=data["reason"],
            comment=data["comment"],
            user=request.user,
            definition_version=data["definition_version"],
        )
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, _("Beslutningen ble ikke lagret: %(why)s") % {"why": message})
        return HttpResponseRedirect(back)
    row = run.rows.get(municipality_code=code)
    messages.success(
        request,
        _("Beslutningen for %(name)s er lagret: %(tier)s.")
        % {"name": row.municipality_name, "tier": data["tier"]},
    )
    return HttpResponseRedirect(back)


@permission_required("selection.view_selection")
def decision_history(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    run = _run(request, pk)
    decision = get_object_or_404(Decision, run=run, municipality_code=code)
    row = run.rows.filter(municipality_code=code).first()
    records = decision.history.select_related("tier", "decided_by").order_by("-history_date")
    return render(
        request,
        "selection/decision_history.html",
        {
            "run": run,
            "definition": run.definition,
            "decision": decision,
            "row": row,
            "records": records,
            "reason_labels": dict(Reason.choices),
        },
    )


@permission_required("selection.view_own_decisions")
def my_decisions(request: HttpRequest) -> HttpResponse:
    decisions = selectors.published_decisions_for(request.user)
    rows = {
        (r.run_id, r.municipality_code): r
        for r in RunRow.objects.filter(
            run__in={d.run_id for d in decisions},
            municipality_code__in={d.municipality_code for d in decisions},
        )
    }
    entries = [{"decision": d, "row": rows.get((d.run_id, d.municipality_code))} for d in decisions]
    return render(
        request,
        "selection/my_decisions.html",
        {"entries": entries, "english": get_language() == "en"},
    )
