"""Edit pages of a report, one per section. Every form carries the report's revision:
a save from a stale page answers 409, keeps what was typed and shows what is stored;
a refused save answers 400 naming the field. Nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boso.core.permissions import permission_required
from boso.plans.choices import BudgetCategory, Funder, OrganisationBody
from boso.reports import forms, selectors, services
from boso.reports.choices import Section
from boso.reports.models import Report, ReportStory

EDIT = "reports.edit_report"


def report_of(request: HttpRequest, pk: int, **_kwargs: Any) -> Report:
    return get_object_or_404(
        Report.objects.select_related(
            "period__participation__programme__region", "period__participation__municipality"
        ),
        pk=pk,
    )


def to_report(report: Report, section: int | None = None) -> HttpResponseRedirect:
    anchor = f"#del-{section}" if section else ""
    return HttpResponseRedirect(reverse("reports:report", args=[report.pk]) + anchor)


@dataclass
class Group:
    """Fields shown together under a heading (a line of section 3, a body, ...)."""

    heading: str
    fields: list[Any]
    note: str = ""


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in ValidationError(v).messages] for k, v in exc.error_dict.items()}
    return {"report": [str(m) for m in exc.messages]}


def _add_errors(form: Any, exc: ValidationError) -> list[str]:
    """The service's messages at the form's fields (a line's key goes to its first
    field); those without a field are returned for the summary."""
    general = []
    for key, found in _errors(exc).items():
        target = next(
            (
                f
                for f in (key, f"{key}-status", f"{key}-period", f"{key}-value")
                if f in form.fields
            ),
            None,
        )
        for message in found:
            if target:
                form.add_error(target, message)
            else:
                general.append(message)
    return general


def _with_revision(request: HttpRequest, report: Report) -> Any:
    """What was typed, with the stored revision: saving again overwrites on purpose."""
    data = request.POST.copy()
    data["expected_revision"] = str(report.revision)
    return data


def _edit(
    request: HttpRequest,
    report: Report,
    section: int,
    make_form: Callable[..., Any],
    initial: Callable[[Report], dict[str, Any]],
    save: Callable[[Any], Any],
    groups: Callable[[Any], list[Group]],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The shared flow of a section's edit page."""
    status, general, conflict = 200, [], False
    if request.method != "POST":
        form = make_form(initial=initial(report))
    else:
        form = make_form(request.POST)
        if form.is_valid():
            try:
                save(form)
            except services.ConflictError:
                report.refresh_from_db()
                form, status, conflict = make_form(_with_revision(request, report)), 409, True
                form.is_valid()
            except ValidationError as exc:
                general, status = _add_errors(form, exc), 400
            else:
                messages.success(request, _("Endringene er lagret."))
                return to_report(report, section)
        else:
            status = 400
    context = {
        "report": report,
        "section": Section(section),
        "form": form,
        "groups": groups(form),
        "general": general,
        "conflict": conflict,
        **(extra or {}),
    }
    return render(request, "reports/edit.html", context, status=status)


# Texts ------------------------------------------------------------------------------------


@permission_required(EDIT, report_of)
def edit_texts(request: HttpRequest, pk: int, section: int) -> HttpResponse:
    report = report_of(request, pk)
    names = forms.text_names(report, section)
    if not names:
        raise Http404

    def make(*args: Any, **kwargs: Any) -> forms.TextsForm:
        return forms.TextsForm(*args, names=names, **kwargs)

    def save(form: forms.TextsForm) -> None:
        services.report_save_texts(
            report=report, expected_revision=form.cleaned_data["expected_revision"], **form.texts()
        )

    def groups(form: forms.TextsForm) -> list[Group]:
        return [Group("", [form[name] for name in names])]

    def stored(_report: Report) -> dict[str, Any]:
        return forms.texts_initial(report, names)

    extra = {
        # Read when the page renders: after a conflict `_edit` has read the report again,
        # and a save that won the race while this request ran must be the text shown.
        "stored": SimpleLazyObject(lambda: {name: getattr(report, name) for name in names}),
        "autosave_url": reverse("reports:autosave-texts", args=[report.pk, section]),
    }
    return _edit(request, report, section, make, stored, save, groups, extra)


@require_POST
@permission_required(EDIT, report_of)
def autosave_texts(request: HttpRequest, pk: int, section: int) -> HttpResponse:
    """Save a section's texts while the coordinator writes (htmx, a few seconds after the
    last keystroke). The answer is the status line and the new revision for the form;
    a conflict saves nothing and says so, and the form's own save then shows both texts."""
    report = report_of(request, pk)
    names = forms.text_names(report, section)
    if not names:
        raise Http404
    form = forms.TextsForm(request.POST, names=names)
    context: dict[str, Any] = {"revision": None, "saved_at": None, "problem": ""}
    if not form.is_valid():
        context["problem"] = _("Ikke lagret automatisk: rett opp feilene og lagre.")
    else:
        try:
            saved = services.report_save_texts(
                report=report,
                expected_revision=form.cleaned_data["expected_revision"],
                **form.texts(),
            )
        except services.ConflictError:
            context["problem"] = _(
                "Ikke lagret automatisk: noen andre har lagret rapporten. Lagre for å se "
                "begge tekstene."
            )
        except ValidationError as exc:
            context["problem"] = " ".join(exc.messages)
        else:
            context.update(revision=saved.revision, saved_at=timezone.localtime())
    return render(request, "reports/_autosave.html", context)


# Section 3 --------------------------------------------------------------------------------


@permission_required(EDIT, report_of)
def edit_goals(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_of(request, pk)

    def make(*args: Any, **kwargs: Any) -> forms.GoalsForm:
        return forms.GoalsForm(*args, report=report, **kwargs)

    def save(form: forms.GoalsForm) -> None:
        revision = form.cleaned_data["expected_revision"]
        # Two services, one revision each (the second names the first one's result),
        # in one transaction so a refused actual leaves the lines unsaved too.
        with transaction.atomic():
            services.report_save_items(
                report=report, expected_revision=revision, items=form.item_values()
            )
            services.report_save_actuals(
                report=report, expected_revision=report.revision, actuals=form.actual_values()
            )

    return _edit(request, report, Section.GOALS, make, forms.goals_initial, save, _goal_groups)


def _goal_groups(form: forms.GoalsForm) -> list[Group]:
    found = []
    for item in form.items:
        heading = f"{item.get_kind_display()} {item}"
        fields = [form[f"item-{item.pk}-status"], form[f"item-{item.pk}-comment"]]
        found.append(Group(heading, fields))
    for actual in form.actuals:
        key = f"actual-{actual.indicator_id}"
        names = ("confirmed", "period", "value", "comment")
        fields = [form[f"{key}-{n}"] for n in names if f"{key}-{n}" in form.fields]
        note = ""
        if actual.source == "statistics":
            note = _("Fra statistikken: %(value)s (%(period)s)") % {
                "value": "–" if actual.value is None else f"{actual.value.normalize():f}",
                "period": actual.period or _("ingen periode"),
            }
        found.append(
            Group(_("Indikator: %(name)s") % {"name": actual.indicator.name}, fields, note)
        )
    return found


# Section 4 --------------------------------------------------------------------------------


@permission_required(EDIT, report_of)
def edit_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_of(request, pk)

    def save(form: forms.MeetingsForm) -> None:
        services.report_save_meetings(
            report=report,
            expected_revision=form.cleaned_data["expected_revision"],
            meetings=form.meetings(),
        )

    def groups(form: forms.MeetingsForm) -> list[Group]:
        return [
            Group(str(label), [form[f"{body}-held"], form[f"{body}-participants"]])
            for body, label in OrganisationBody.choices
        ]

    return _edit(
        request,
        report,
        Section.ORGANISATION,
        forms.MeetingsForm,
        forms.meetings_initial,
        save,
        groups,
    )


# Section 5 --------------------------------------------------------------------------------


@permission_required(EDIT, report_of)
def edit_economy(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_of(request, pk)
    budget = selectors.plan_costs(report)

    def save(form: forms.EconomyForm) -> None:
        services.report_save_economy(
            report=report,
            expected_revision=form.cleaned_data["expected_revision"],
            **form.values(),
        )

    def groups(form: forms.EconomyForm) -> list[Group]:
        costs = [form[f"cost-{c}"] for c in BudgetCategory.values]
        plan_note = ", ".join(
            f"{BudgetCategory(c).label}: {amount.normalize():f}" for c, amount in budget.items()
        )
        note = _("Planens budsjett for året: %(budget)s") % {"budget": plan_note} if budget else ""
        funding = [form[f"funding-{f}"] for f in Funder.values]
        rest = ("costs_as_of", "stated_total", "forecast_low", "forecast_high", "economy_comment")
        return [
            Group(_("Kostnader per kategori"), costs, note),
            Group(_("Finansiering"), funding),
            Group(_("Sum og prognose"), [form[name] for name in rest]),
        ]

    return _edit(
        request, report, Section.ECONOMY, forms.EconomyForm, forms.economy_initial, save, groups
    )


# Section 6: stories ----------------------------------------------------------------------


def _story(report: Report, story_pk: int | None) -> ReportStory | None:
    return None if story_pk is None else get_object_or_404(report.stories, pk=story_pk)


@permission_required(EDIT, report_of)
def edit_story(request: HttpRequest, pk: int, story_pk: int | None = None) -> HttpResponse:
    report = report_of(request, pk)
    story = _story(report, story_pk)

    def initial(report: Report) -> dict[str, Any]:
        found: dict[str, Any] = {"expected_revision": report.revision}
        if story is not None:
            found |= {"title": story.title, "told_on": story.told_on, "text": story.text}
        return found

    def save(form: forms.StoryForm) -> None:
        data = form.cleaned_data
        services.story_save(
            report=report,
            expected_revision=data["expected_revision"],
            title=data["title"],
            text=data["text"],
            told_on=data["told_on"],
            story=story,
        )

    def groups(form: forms.StoryForm) -> list[Group]:
        return [Group("", [form["title"], form["told_on"], form["text"]])]

    extra = {"story": story, "stored": {"text": story.text if story else ""}}
    return _edit(request, report, Section.LEARNING, forms.StoryForm, initial, save, groups, extra)


@require_POST
@permission_required(EDIT, report_of)
def delete_story(request: HttpRequest, pk: int, story_pk: int) -> HttpResponse:
    report = report_of(request, pk)
    story = _story(report, story_pk)
    form = forms.RevisionForm(request.POST)
    if not form.is_valid() or story is None:
        return HttpResponse(_("Skjemaet mangler revisjonen."), status=400)
    try:
        services.story_delete(story=story, expected_revision=form.cleaned_data["expected_revision"])
    except services.ConflictError:
        messages.error(request, _("Rapporten er endret siden du åpnet den. Se over og prøv igjen."))
        return to_report(report, Section.LEARNING)
    except ValidationError as exc:
        return HttpResponse(" ".join(m for v in _errors(exc).values() for m in v), status=400)
    messages.success(request, _("Historien er slettet."))
    return to_report(report, Section.LEARNING)


urlpatterns: list[URLPattern] = [
    path("rapporter/<int:pk>/del/<int:section>/", edit_texts, name="edit-texts"),
    path("rapporter/<int:pk>/del/<int:section>/autolagre/", autosave_texts, name="autosave-texts"),
    path("rapporter/<int:pk>/mal/", edit_goals, name="edit-goals"),
    path("rapporter/<int:pk>/moter/", edit_meetings, name="edit-meetings"),
    path("rapporter/<int:pk>/okonomi/", edit_economy, name="edit-economy"),
    path("rapporter/<int:pk>/historier/ny/", edit_story, name="story-create"),
    path("rapporter/<int:pk>/historier/<int:story_pk>/", edit_story, name="story-edit"),
    path("rapporter/<int:pk>/historier/<int:story_pk>/slett/", delete_story, name="story-delete"),
]
