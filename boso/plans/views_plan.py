"""The main plan pages: a new plan, the plan read as seed 004 reads, its texts (with a
conflict page instead of a silent overwrite), approval, a new version and the month
timeline. Thin views: the forms read the input, boso.plans.services checks and writes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boso.core.permissions import permission_required
from boso.plans import forms_plan as forms
from boso.plans import live_figures, progress, selectors_plan, services
from boso.plans.models import Plan
from boso.plans.selectors_plan import Link
from boso.programmes.models import Participation
from boso.statistics.models import Indicator

# The plan's own edit pages and documents (other modules): shown once they exist.
PLAN_LINKS = ("goal-create", "budget", "organisation", "risks", "groups", "pdf", "docx")


def _plan(request: HttpRequest, pk: int, **_kwargs: Any) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related(
            "participation__programme__region", "participation__municipality", "approved_by"
        ),
        pk=pk,
    )


def _plan_participation(request: HttpRequest, pk: int, **_kwargs: Any) -> Participation:
    return _plan(request, pk).participation


def _participation(request: HttpRequest, pk: int, **_kwargs: Any) -> Participation:
    return get_object_or_404(
        Participation.objects.select_related("programme__region", "municipality"), pk=pk
    )


def _to_plan(plan: Plan) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("plans:plan", args=[plan.pk]))


def optional_url(name: str, pk: int) -> str | None:
    """The URL of `plans:<name>` for the object, or None while that page is not built."""
    try:
        return reverse(f"plans:{name}", args=[pk])
    except NoReverseMatch:
        return None


def _no_link(name: str, pk: int) -> str | None:
    return None


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in ValidationError(v).messages] for k, v in exc.error_dict.items()}
    return {"plan": [str(m) for m in exc.messages]}


def _add_errors(form: Any, exc: ValidationError) -> list[str]:
    """Put the service's messages at the form's fields; return those without a field."""
    general = []
    for key, found in _errors(exc).items():
        for message in found:
            if key in form.fields:
                form.add_error(key, message)
            else:
                general.append(message)
    return general


# A new plan -------------------------------------------------------------------------------


@permission_required("plans.create_plan", _participation)
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk)
    start, end = participation.starts_on.year, participation.ends_on.year
    initial = {"title": _("Programplan %(year)s") % {"year": start}, "first_year": start}
    data = request.POST if request.method == "POST" else None
    form = forms.PlanYearsForm(data, initial=initial | {"last_year": start})
    general: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(participation=participation, **form.cleaned_data)
        except ValidationError as exc:
            general = _add_errors(form, exc)
        else:
            messages.success(request, _("Planen «%(title)s» er opprettet.") % {"title": plan})
            return _to_plan(plan)
    context = {
        "participation": participation,
        "form": form,
        "general": general,
        "years": (start, end),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/plan/create.html", context, status=status)


# The plan page ----------------------------------------------------------------------------


def _version_initial(plan: Plan) -> dict[str, Any]:
    end = plan.participation.ends_on.year
    first = min(plan.last_year + 1, end)
    title = _("Handlingsplan %(first)s–%(last)s") % {"first": first, "last": end}
    return {"title": title, "first_year": first, "last_year": end}


def _plan_context(
    request: HttpRequest,
    plan: Plan,
    *,
    version_form: forms.PlanYearsForm | None = None,
    errors: list[str] | None = None,
) -> dict[str, Any]:
    user = request.user
    can_edit = user.has_perm("plans.edit_plan", plan)
    link: Link = optional_url if can_edit else _no_link
    risks = list(plan.risks.all())
    return {
        "plan": plan,
        "participation": plan.participation,
        "texts": live_figures.plan_texts(plan),
        "goals": selectors_plan.goal_blocks(plan, link),
        "rule_text": progress.rule_text(),
        "target_groups": list(plan.target_groups.all()),
        "sub_projects": list(plan.sub_projects.all()),
        "organisation": selectors_plan.organisation(plan),
        "risks": risks,
        "risk_matrix": selectors_plan.risk_matrix(risks),
        "budget": selectors_plan.budget_table(plan),
        "versions": selectors_plan.other_versions(user, plan),
        "links": {name.replace("-", "_"): optional_url(name, plan.pk) for name in PLAN_LINKS},
        "can_edit": can_edit,
        "can_approve": user.has_perm("plans.approve_plan", plan),
        "can_create": user.has_perm("plans.create_plan", plan.participation),
        "version_form": version_form or forms.PlanYearsForm(initial=_version_initial(plan)),
        "errors": errors or [],
    }


@permission_required("plans.view_plan", _plan)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return render(request, "plans/plan/detail.html", _plan_context(request, plan))


@require_POST
@permission_required("plans.approve_plan", _plan)
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        services.plan_approve(plan=plan, user=request.user)
    except ValidationError as exc:
        plan.refresh_from_db()
        context = _plan_context(request, plan, errors=[m for v in _errors(exc).values() for m in v])
        return render(request, "plans/plan/detail.html", context, status=400)
    messages.success(request, _("Planen er godkjent og låst for endringer."))
    return _to_plan(plan)


@require_POST
@permission_required("plans.create_plan", _plan_participation)
def plan_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = forms.PlanYearsForm(request.POST)
    general: list[str] = []
    if form.is_valid():
        try:
            new = services.plan_new_version(plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            general = _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("«%(new)s» er laget som et utkast med alt fra «%(old)s».")
                % {"new": new, "old": plan},
            )
            return _to_plan(new)
    context = _plan_context(request, plan, version_form=form, errors=general)
    return render(request, "plans/plan/detail.html", context, status=400)


# The texts --------------------------------------------------------------------------------


def _render_texts(
    request: HttpRequest,
    plan: Plan,
    form: forms.PlanTextsForm,
    *,
    status: int = 200,
    general: list[str] | None = None,
    conflict: bool = False,
) -> HttpResponse:
    fields = []
    for name in forms.PlanTextsForm.TEXTS:
        stored = getattr(plan, name)
        shown = forms.for_editing(stored) if name in forms.PlanTextsForm.RICH else stored
        typed = (form.data.get(name) or "").replace("\r\n", "\n").strip()
        fields.append({"field": form[name], "stored": shown, "differs": typed != shown.strip()})
    context = {
        "plan": plan,
        "form": form,
        "fields": fields,
        "general": general or [],
        "conflict": conflict,
        "figures_help": forms.FIGURES_HELP,
        "catalogue": Indicator.objects.order_by("name_nb").only("code", "name_nb", "unit"),
    }
    return render(request, "plans/plan/texts.html", context, status=status)


@permission_required("plans.edit_plan", _plan)
def plan_edit_texts(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if request.method != "POST":
        form = forms.PlanTextsForm(initial=forms.texts_initial(plan))
        return _render_texts(request, plan, form)
    form = forms.PlanTextsForm(request.POST)
    if not form.is_valid():
        return _render_texts(request, plan, form, status=400)
    try:
        services.plan_save_texts(
            plan=plan, expected_version=form.cleaned_data["version"], **form.texts()
        )
    except services.ConflictError:
        return _conflict(request, plan)
    except ValidationError as exc:
        plan.refresh_from_db()
        return _render_texts(request, plan, form, status=400, general=_add_errors(form, exc))
    messages.success(request, _("Tekstene er lagret."))
    return _to_plan(plan)


def _conflict(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Someone saved since this form was opened: keep the typed text in the form, show
    the stored text beside it, and take the stored version so that saving again is a
    deliberate overwrite."""
    plan.refresh_from_db()
    data = request.POST.copy()
    data["version"] = str(plan.version)
    form = forms.PlanTextsForm(data)
    form.is_valid()
    return _render_texts(request, plan, form, status=409, conflict=True)


# The timeline -----------------------------------------------------------------------------


@permission_required("plans.view_plan", _plan)
def plan_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    context = {"plan": plan, "timeline": selectors_plan.timeline(plan)}
    return render(request, "plans/plan/timeline.html", context)


urlpatterns: list[URLPattern] = [
    path("planer/deltakelser/<int:pk>/ny/", plan_create, name="create"),
    path("planer/<int:pk>/", plan_detail, name="plan"),
    path("planer/<int:pk>/tekst/", plan_edit_texts, name="edit-texts"),
    path("planer/<int:pk>/godkjenn/", plan_approve, name="approve"),
    path("planer/<int:pk>/ny-versjon/", plan_new_version, name="new-version"),
    path("planer/<int:pk>/tidslinje/", plan_timeline, name="timeline"),
]
