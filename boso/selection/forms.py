"""Forms for kommunepyramiden: an index definition with its criteria, and a decision.

The criteria are a Django formset with blank rows, so the page works without
JavaScript: fill in as many rows as the index needs and leave the rest empty.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from boso.municipalities.models import Region
from boso.selection.choices import Direction, MissingPolicy, Normalisation, Reason, Transform
from boso.selection.models import IndexDefinition, Tier
from boso.selection.services import CriterionInput
from boso.statistics.models import Indicator
from boso.statistics.periods import PeriodError, parse_period

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
BLANK_ROWS = 3


def indicator_label(indicator: Indicator) -> str:
    name = indicator.name_en if get_language() == "en" and indicator.name_en else indicator.name_nb
    return f"{name} ({indicator.code})"


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return indicator_label(obj)


class DefinitionForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("name"), empty_label=None
    )
    structure_date = forms.DateField(
        label=_("Kommuneinndeling per"),
        input_formats=DATE_FORMATS,
        help_text=_("Kommunene slik de var inndelt denne dagen, for eksempel 01.01.2010."),
    )
    top_n = forms.IntegerField(
        label=_("Antall øverst (N)"),
        min_value=1,
        initial=8,
        help_text=_("Så mange av de øverst rangerte får foreslått nivå."),
    )
    threshold = forms.DecimalField(
        label=_("Terskel for skår"),
        required=False,
        help_text=_("Valgfritt: bare kommuner med minst denne skåren får foreslått nivå."),
    )
    min_population = forms.IntegerField(
        label=_("Minste folketall"),
        min_value=0,
        required=False,
        help_text=_("Valgfritt: mindre kommuner får nivået for de andre."),
    )
    suggested_tier = forms.ModelChoiceField(
        label=_("Foreslått nivå"), queryset=Tier.objects.order_by("-level"), empty_label=None
    )
    base_tier = forms.ModelChoiceField(
        label=_("Nivå for de andre"), queryset=Tier.objects.order_by("level"), empty_label=None
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An advisor builds indexes for the own region only.
        if user is not None and getattr(user, "region_id", None) and not _is_admin(user):
            field = self.fields["region"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Region.objects.filter(pk=user.region_id)
        if not self.is_bound and "suggested_tier" not in self.initial:
            self.initial["suggested_tier"] = Tier.objects.filter(code="samarbeidsavtale").first()
            self.initial["base_tier"] = Tier.objects.order_by("level").first()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        suggested, base = cleaned.get("suggested_tier"), cleaned.get("base_tier")
        if suggested and base and suggested == base:
            self.add_error("base_tier", _("Velg et annet nivå enn det foreslåtte."))
        return cleaned


def _is_admin(user: Any) -> bool:
    from boso.accounts.predicates import is_admin

    return bool(is_admin(user))


class CriterionForm(forms.Form):
    indicator = IndicatorChoiceField(
        label=_("Indikator"),
        queryset=Indicator.objects.order_by("name_nb"),
        to_field_name="code",
        empty_label=_("– velg –"),
    )
    period = forms.CharField(
        label=_("Periode"), max_length=10, help_text=_("For eksempel 2009 eller 2009K4.")
    )
    direction = forms.ChoiceField(
        label=_("Retning"), choices=Direction.choices, initial=Direction.HIGHER_IS_WORSE
    )
    transform = forms.ChoiceField(label=_("Omregning"), choices=Transform.choices)
    normalisation = forms.ChoiceField(label=_("Normalisering"), choices=Normalisation.choices)
    weight = forms.DecimalField(label=_("Vekt"), min_value=0, initial=Decimal(1))
    missing = forms.ChoiceField(
        label=_("Manglende tall"), choices=MissingPolicy.choices, initial=MissingPolicy.EXCLUDE
    )

    def has_changed(self) -> bool:
        # A row counts as filled in once it names an indicator or a period; the other
        # fields have defaults and would otherwise make every blank row "changed".
        return bool(
            self.data.get(self.add_prefix("indicator")) or self.data.get(self.add_prefix("period"))
        )

    def clean_period(self) -> str:
        raw = self.cleaned_data["period"].strip()
        try:
            return parse_period(raw).code
        except PeriodError:
            raise ValidationError(
                _(
                    "«%(raw)s» er ikke en periode. "
                    "Skriv for eksempel 2009, 2009H1, 2009K4 eller 2009M03."
                ),
                params={"raw": raw},
                code="period",
            ) from None

    def to_input(self) -> CriterionInput:
        c = self.cleaned_data
        return CriterionInput(
            indicator=c["indicator"].code,
            period=c["period"],
            weight=c["weight"],
            direction=c["direction"],
            transform=c["transform"],
            normalisation=c["normalisation"],
            missing=c["missing"],
        )


class BaseCriterionFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() and f.cleaned_data]
        if not filled:
            raise ValidationError(_("Indeksen trenger minst ett kriterium."), code="empty")
        if sum((f.cleaned_data["weight"] for f in filled), Decimal(0)) <= 0:
            raise ValidationError(_("Vektene må til sammen være mer enn null."), code="weights")

    def inputs(self) -> list[CriterionInput]:
        return [f.to_input() for f in self.forms if f.has_changed() and f.cleaned_data]


def criterion_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None
) -> BaseCriterionFormSet:
    factory = forms.formset_factory(
        CriterionForm, formset=BaseCriterionFormSet, extra=BLANK_ROWS, max_num=20
    )
    return cast(BaseCriterionFormSet, factory(data, initial=initial, prefix="kriterier"))


def definition_initial(definition: IndexDefinition) -> dict[str, Any]:
    return {
        "name": definition.name,
        "description": definition.description,
        "region": definition.region,
        "structure_date": definition.structure_date,
        "top_n": definition.top_n,
        "threshold": definition.threshold,
        "min_population": definition.min_population,
        "suggested_tier": definition.suggested_tier,
        "base_tier": definition.base_tier,
    }


def criteria_initial(definition: IndexDefinition) -> list[dict[str, Any]]:
    return [
        {
            "indicator": c.indicator.code,
            "period": c.period,
            "direction": c.direction,
            "transform": c.transform,
            "normalisation": c.normalisation,
            "weight": c.weight,
            "missing": c.missing,
        }
        for c in definition.criteria.select_related("indicator")
    ]


def new_family(name: str) -> str:
    """A short name for a new index family, unique among the existing ones."""
    base = slugify(name)[:40] or "indeks"
    family, n = base, 2
    while IndexDefinition.objects.filter(family=family).exists():
        family, n = f"{base}-{n}", n + 1
    return family


class DecisionForm(forms.Form):
    tier = forms.ModelChoiceField(
        label=_("Nivå"),
        queryset=Tier.objects.order_by("-level"),
        empty_label=None,
        to_field_name="code",
    )
    reason = forms.ChoiceField(label=_("Begrunnelse"), choices=Reason.choices)
    comment = forms.CharField(label=_("Kommentar"), required=False, max_length=2000)
    definition_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
