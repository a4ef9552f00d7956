"""Forms for a programme (with its budget frame per year) and a call (with its
gatherings), and the small forms on the call page for inviting municipalities.

Forms only read what was typed (Norwegian numbers and dates); the services check the
programme's rules. Budget years and gatherings are formsets with blank rows, so the
page works without JavaScript: empty rows are left out.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from boso.core.fields import NorwegianDateField, NorwegianDecimalField
from boso.core.formatting import format_date
from boso.municipalities import selectors as register
from boso.municipalities.models import Municipality, Region
from boso.programmes import selectors, services
from boso.programmes.models import (
    DEFAULT_CRITERIA,
    DEFAULT_GRANT_CAP,
    DEFAULT_MAX_OWN_SHARE,
    DEFAULT_MIN_OWN_SHARE,
    DEFAULT_REPORT_DUE_DAYS,
    Programme,
)
from boso.selection.models import ScoringRun

BLANK_BUDGET_ROWS = 5
BLANK_GATHERING_ROWS = 3
HUNDRED = Decimal(100)
TEXT = forms.Textarea(attrs={"rows": 5})


class ProgrammeForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("name"), empty_label=None
    )
    name = forms.CharField(label=_("Navn"), max_length=200)
    start_year = forms.IntegerField(label=_("Første år"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(label=_("Siste år"), min_value=1990, max_value=2100)
    application_deadline = NorwegianDateField(
        label=_("Søknadsfrist"), help_text=_("For eksempel 31.03.2010.")
    )
    min_own_share = NorwegianDecimalField(
        label=_("Minste egeninnsats (prosent)"),
        min_value=Decimal(0),
        help_text=_("Andel av hele budsjettet i perioden, for eksempel 30."),
    )
    max_own_share = NorwegianDecimalField(
        label=_("Største egeninnsats (prosent)"), min_value=Decimal(0)
    )
    grant_cap_per_year = NorwegianDecimalField(
        label=_("Største kompetansetilskudd per år (kroner)"),
        help_text=_("For eksempel 1 500 000."),
    )
    report_due_days = forms.IntegerField(
        label=_("Rapportfrist (dager etter periodens slutt)"),
        min_value=1,
        max_value=365,
        help_text=_("Gjelder halvårsrapporter, årsrapporter og sluttrapporten."),
    )
    assessment_criteria = forms.CharField(
        label=_("Vurderingskriterier"),
        widget=TEXT,
        help_text=_("Ett kriterium per linje."),
    )

    def __init__(self, *args: Any, regions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if regions is not None:
            region = cast(forms.ModelChoiceField, self.fields["region"])
            region.queryset = regions
        if not self.is_bound:
            self.initial.setdefault("min_own_share", DEFAULT_MIN_OWN_SHARE * HUNDRED)
            self.initial.setdefault("max_own_share", DEFAULT_MAX_OWN_SHARE * HUNDRED)
            self.initial.setdefault("grant_cap_per_year", DEFAULT_GRANT_CAP)
            self.initial.setdefault("report_due_days", DEFAULT_REPORT_DUE_DAYS)
            self.initial.setdefault("assessment_criteria", "\n".join(DEFAULT_CRITERIA))

    def _percent(self, name: str) -> Decimal:
        value: Decimal = self.cleaned_data[name]
        if value > HUNDRED:
            raise ValidationError(_("Skriv en prosent mellom 0 og 100."), code="percent")
        return value

    def clean_min_own_share(self) -> Decimal:
        return self._percent("min_own_share")

    def clean_max_own_share(self) -> Decimal:
        return self._percent("max_own_share")

    def clean_assessment_criteria(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["assessment_criteria"].splitlines()]
        criteria = [line for line in lines if line]
        if not criteria:
            raise ValidationError(_("Skriv minst ett kriterium."), code="empty")
        return criteria

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned input as programme_create takes it (shares as fractions)."""
        c = self.cleaned_data
        return {
            "region": c["region"],
            "name": c["name"],
            "start_year": c["start_year"],
            "end_year": c["end_year"],
            "application_deadline": c["application_deadline"],
            "min_own_share": c["min_own_share"] / HUNDRED,
            "max_own_share": c["max_own_share"] / HUNDRED,
            "grant_cap_per_year": c["grant_cap_per_year"],
            "report_due_days": c["report_due_days"],
            "assessment_criteria": c["assessment_criteria"],
        }


class ServiceErrorsFormSet(forms.BaseFormSet):
    # Set by BaseFormSet.full_clean; declared here for the type checker.
    _non_form_errors: Any

    def add_service_errors(self, errors: list[str]) -> None:
        """Show a service's refusal above the rows, beside the formset's own errors."""
        self._non_form_errors = self.error_class([*self.non_form_errors(), *errors])


class BudgetYearForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=2100)
    amount = NorwegianDecimalField(label=_("Ramme (kroner)"), min_value=Decimal(0))


class BaseBudgetFormSet(ServiceErrorsFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        years = [f.cleaned_data["year"] for f in self.forms if f.has_changed() and f.cleaned_data]
        twice = sorted({y for y in years if years.count(y) > 1})
        if twice:
            raise ValidationError(
                _("Året %(year)s står to ganger i budsjettrammen.") % {"year": twice[0]},
                code="twice",
            )

    def budgets(self) -> dict[int, Decimal]:
        return {
            f.cleaned_data["year"]: f.cleaned_data["amount"]
            for f in self.forms
            if f.has_changed() and f.cleaned_data
        }


def budget_formset(data: Any = None) -> BaseBudgetFormSet:
    factory = forms.formset_factory(
        BudgetYearForm, formset=BaseBudgetFormSet, extra=BLANK_BUDGET_ROWS, max_num=30
    )
    return cast(BaseBudgetFormSet, factory(data, prefix="ramme"))


class CallForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    deadline = NorwegianDateField(
        label=_("Søknadsfrist"),
        required=False,
        help_text=_("Tomt: programmets søknadsfrist."),
    )
    requirements = forms.CharField(label=_("Krav til søknaden"), required=False, widget=TEXT)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].help_text = _("Tomt: programmets søknadsfrist, %(day)s.") % {
            "day": format_date(programme.application_deadline)
        }
        if not self.is_bound:
            self.initial.setdefault("deadline", programme.application_deadline)


class GatheringForm(forms.Form):
    starts_on = NorwegianDateField(label=_("Fra"))
    ends_on = NorwegianDateField(label=_("Til"))
    place = forms.CharField(label=_("Sted"), max_length=200, required=False)
    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            # Said here too, so the message stands at the row it is about.
            self.add_error("ends_on", _("En samling kan ikke slutte før den begynner."))
        return cleaned

    def to_input(self) -> services.GatheringInput:
        c = self.cleaned_data
        return services.GatheringInput(c["starts_on"], c["ends_on"], c["place"], c["title"])


class BaseGatheringFormSet(ServiceErrorsFormSet):
    def inputs(self) -> list[services.GatheringInput]:
        return [f.to_input() for f in self.forms if f.has_changed() and f.cleaned_data]


def gathering_formset(data: Any = None) -> BaseGatheringFormSet:
    factory = forms.formset_factory(
        GatheringForm, formset=BaseGatheringFormSet, extra=BLANK_GATHERING_ROWS, max_num=30
    )
    return cast(BaseGatheringFormSet, factory(data, prefix="samlinger"))


def structure_day(programme: Programme) -> datetime.date:
    """The municipalities are those of the programme's first year."""
    return datetime.date(programme.start_year, 1, 1)


def region_municipalities(programme: Programme) -> list[register.MunicipalityRow]:
    """The region's municipalities on the structure of the programme's first year
    (none when the register does not reach back that far)."""
    try:
        return register.municipality_list(day=structure_day(programme), region=programme.region)
    except register.DateOutsideRegister:
        return []


class InviteForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Kommune"))

    def __init__(
        self, *args: Any, municipalities: list[register.MunicipalityRow], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.by_code: dict[str, Municipality] = {
            row.code: row.municipality for row in municipalities
        }
        field = cast(forms.ChoiceField, self.fields["municipality"])
        field.choices = [("", _("Velg kommune"))] + [
            (row.code, f"{row.code} {row.name}") for row in municipalities
        ]
        field.error_messages["invalid_choice"] = _(
            "Velg en kommune i regionen slik den var inndelt programmets første år."
        )

    def chosen(self) -> Municipality:
        return self.by_code[self.cleaned_data["municipality"]]


class RunChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        run = cast(ScoringRun, obj)
        return _("%(name)s, versjon %(version)s, beregnet %(day)s") % {
            "name": run.definition.name,
            "version": run.definition.version,
            "day": format_date(run.computed_at.date()),
        }


class InviteFromRunForm(forms.Form):
    run = RunChoiceField(
        label=_("Publisert rangering"), queryset=ScoringRun.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(RunChoiceField, self.fields["run"])
        field.queryset = selectors.published_runs_for(programme)
        field.error_messages["invalid_choice"] = _(
            "Velg en publisert rangering for programmets region."
        )
