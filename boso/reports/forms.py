"""Forms for the report pages. They only read what was typed and carry the report's
`revision` (expected_revision); boso.reports.services checks the rules and writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from boso.core.fields import NorwegianDateField, NorwegianDecimalField
from boso.plans.choices import ActivityStatus, BudgetCategory, Funder, OrganisationBody
from boso.reports.choices import ActualSource, Section
from boso.reports.models import STORY_MAX_CHARS, Report

TEXTAREA = forms.Textarea(attrs={"rows": 6})


class RevisionForm(forms.Form):
    """Every save names the revision the page was read at."""

    expected_revision = forms.IntegerField(widget=forms.HiddenInput)


# Texts by section (the final report's three texts go with section 2).
SECTION_TEXTS: dict[int, tuple[str, ...]] = {
    Section.GENERAL: ("programme_name", "coordinator_role"),
    Section.PROGRESS: ("progress",),
    Section.GOALS: ("goals_comment",),
    Section.ORGANISATION: ("organisation",),
    Section.LEARNING: ("learning",),
}
FINAL_TEXTS = ("results", "into_operations", "remaining")
SHORT_TEXTS = ("programme_name", "coordinator_role")


def text_names(report: Report, section: int) -> tuple[str, ...]:
    names = SECTION_TEXTS.get(section, ())
    if section == Section.PROGRESS and report.period.kind == "final":
        names += FINAL_TEXTS
    return names


class TextsForm(RevisionForm):
    def __init__(self, *args: Any, names: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        for name in names:
            model_field: Any = Report._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=str(model_field.verbose_name).capitalize(),
                required=False,
                widget=forms.TextInput if name in SHORT_TEXTS else TEXTAREA,
            )

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.names}


def texts_initial(report: Report, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(report, name) for name in names} | {"expected_revision": report.revision}


class GoalsForm(RevisionForm):
    """Section 3: status and comment per line, and each indicator's actual."""

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(report.items.all())
        self.actuals = list(report.actuals.select_related("indicator"))
        statuses = [("", _("Ikke satt")), *ActivityStatus.choices]
        for item in self.items:
            self.fields[f"item-{item.pk}-status"] = forms.ChoiceField(
                label=_("Status"), choices=statuses, required=False
            )
            self.fields[f"item-{item.pk}-comment"] = forms.CharField(
                label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        for actual in self.actuals:
            key = f"actual-{actual.indicator_id}"
            if actual.source == ActualSource.STATISTICS:
                self.fields[f"{key}-confirmed"] = forms.BooleanField(
                    label=_("Bekreft tallet"), required=False
                )
            else:
                self.fields[f"{key}-period"] = forms.CharField(label=_("Periode"), required=False)
                self.fields[f"{key}-value"] = NorwegianDecimalField(
                    label=_("Verdi"), required=False
                )
            self.fields[f"{key}-comment"] = forms.CharField(
                label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def item_values(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            i.pk: {"status": data[f"item-{i.pk}-status"], "comment": data[f"item-{i.pk}-comment"]}
            for i in self.items
        }

    def actual_values(self) -> dict[int, dict[str, Any]]:
        data, found = self.cleaned_data, {}
        for actual in self.actuals:
            key = f"actual-{actual.indicator_id}"
            found[actual.indicator_id] = {
                name: data[f"{key}-{name}"]
                for name in ("confirmed", "period", "value", "comment")
                if f"{key}-{name}" in data
            }
        return found


def goals_initial(report: Report) -> dict[str, Any]:
    initial: dict[str, Any] = {"expected_revision": report.revision}
    for item in report.items.all():
        initial[f"item-{item.pk}-status"] = item.status
        initial[f"item-{item.pk}-comment"] = item.comment
    for actual in report.actuals.all():
        key = f"actual-{actual.indicator_id}"
        initial |= {f"{key}-confirmed": actual.confirmed, f"{key}-period": actual.period}
        initial |= {f"{key}-value": actual.value, f"{key}-comment": actual.comment}
    return initial


class MeetingsForm(RevisionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for body, label in OrganisationBody.choices:
            self.fields[f"{body}-held"] = forms.IntegerField(
                label=_("%(body)s: møter holdt") % {"body": label},
                min_value=0,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"{body}-participants"] = forms.CharField(
                label=_("%(body)s: deltakere (roller)") % {"body": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def meetings(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            body: {"held": data[f"{body}-held"], "participants": data[f"{body}-participants"]}
            for body in OrganisationBody.values
        }


def meetings_initial(report: Report) -> dict[str, Any]:
    initial: dict[str, Any] = {"expected_revision": report.revision}
    for meeting in report.meetings.all():
        initial[f"{meeting.body}-held"] = meeting.held
        initial[f"{meeting.body}-participants"] = meeting.participants
    return initial


class EconomyForm(RevisionForm):
    costs_as_of = NorwegianDateField(label=_("Regnskap per"), required=False)
    stated_total = NorwegianDecimalField(label=_("Sum kostnader (kr)"), required=False)
    forecast_low = NorwegianDecimalField(
        label=_("Forventet forbruk i år, fra (kr)"), required=False
    )
    forecast_high = NorwegianDecimalField(
        label=_("Forventet forbruk i år, til (kr)"), required=False
    )
    economy_comment = forms.CharField(label=_("Om økonomien"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category, label in BudgetCategory.choices:
            self.fields[f"cost-{category}"] = NorwegianDecimalField(
                label=_("%(category)s (kr)") % {"category": label}, required=False
            )
        for funder, label in Funder.choices:
            self.fields[f"funding-{funder}"] = NorwegianDecimalField(
                label=_("%(funder)s (kr)") % {"funder": label}, required=False
            )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("costs_as_of", "stated_total", "forecast_low", "forecast_high", "economy_comment")
        return {
            "costs": {c: data[f"cost-{c}"] for c in BudgetCategory.values},
            "funding": {f: data[f"funding-{f}"] for f in Funder.values},
        } | {name: data[name] for name in names}


def economy_initial(report: Report) -> dict[str, Any]:
    initial: dict[str, Any] = {"expected_revision": report.revision}
    for name in ("costs_as_of", "stated_total", "forecast_low", "forecast_high"):
        initial[name] = getattr(report, name)
    initial["economy_comment"] = report.economy_comment
    initial |= {f"cost-{c.category}": c.amount for c in report.costs.all()}
    initial |= {f"funding-{f.funder}": f.amount for f in report.funding.all()}
    return initial


class StoryForm(RevisionForm):
    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    told_on = NorwegianDateField(label=_("Dato"), required=False)
    text = forms.CharField(
        label=_("Historien"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Høyst én side: %(max)s tegn.")
        % {"max": f"{STORY_MAX_CHARS:,}".replace(",", " ")},
    )


class ReturnForm(forms.Form):
    """Husbanken's comments, one textarea per section; at least one (the service checks)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section, label in Section.choices:
            self.fields[f"section-{section}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def comments(self) -> dict[int, str]:
        return {s: self.cleaned_data[f"section-{s}"] for s in Section.values}
