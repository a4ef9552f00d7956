"""Forms for editing a draft plan's parts: goals, activities, indicators with targets
and actuals, budget lines, organisation, risks, target groups and sub-projects.

Forms only read what was typed (months as 03.2011, numbers as 1 500 000); the services
in boso.plans.services check the plan's rules and write.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from boso.accounts.choices import Role
from boso.accounts.models import User
from boso.core.fields import NorwegianDecimalField
from boso.core.templatetags.boso import no_number
from boso.municipalities.selectors import municipality_lineage_ids
from boso.plans.choices import (
    ActivityStatus,
    BudgetCategory,
    Direction,
    Funder,
    GoalLevel,
    OrganisationBody,
)
from boso.plans.models import Goal, Plan
from boso.statistics.models import Indicator

TEXT = forms.Textarea(attrs={"rows": 3})
PERIOD_HELP = _("For eksempel 2010, 2010H1 (halvår) eller 2010-11-20 (en telling på en dato).")
_MONTH_DOTTED = re.compile(r"^(\d{1,2})\.(\d{4})$")  # 03.2011 or 3.2011
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")  # 2011-03, what <input type="month"> sends


def parse_month(text: str) -> datetime.date:
    """03.2011, 3.2011 or 2011-03 → the first day of that month; ValueError else."""
    raw = text.strip()
    dotted, iso = _MONTH_DOTTED.match(raw), _MONTH_ISO.match(raw)
    if dotted:
        month, year = int(dotted[1]), int(dotted[2])
    elif iso:
        year, month = int(iso[1]), int(iso[2])
    else:
        raise ValueError(text)
    if not 1 <= month <= 12:
        raise ValueError(text)
    return datetime.date(year, month, 1)


class MonthField(forms.CharField):
    """A month as Norwegians write it (03.2011); 2011-03 from a month picker too."""

    default_error_messages = {"invalid": _("Skriv måneden som 03.2011.")}

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%m.%Y") if isinstance(value, datetime.date) else value

    def to_python(self, value: Any) -> datetime.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_month(text)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def _goals(plan: Plan) -> QuerySet[Goal]:
    return plan.goals.order_by("level", "order", "pk")


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_level_display()}: {obj.title}"


class VersionedForm(forms.Form):
    """A form for a part that may be edited by two people at once: it carries the version
    it was opened on, and the service refuses to save over a newer one."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def differences(form: forms.Form, stored: dict[str, Any]) -> list[dict[str, str]]:
    """For a conflict page: the fields where what is stored now differs from what the
    user typed, each shown as a person reads it (labels of choices, 03.2011, 1 500)."""
    rows = []
    for name, field in form.fields.items():
        if name == "expected_version" or name not in stored:
            continue
        typed = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        theirs, yours = _shown(field, stored[name]), _shown(field, typed)
        if theirs != yours:
            bound = form[name]
            rows.append(
                {
                    "label": str(field.label),
                    "stored": theirs,
                    "yours": yours,
                    "id": bound.id_for_label,
                }
            )
    return rows


def _shown(field: forms.Field, value: Any) -> str:
    value = getattr(value, "pk", value)  # a model chosen → its key, as in `initial`
    if value is None or value == "":
        return ""
    if isinstance(field, forms.BooleanField):
        return str(_("Ja") if value else _("Nei"))
    if isinstance(field, forms.ChoiceField):  # model choices too
        choices: Any = field.choices  # a list, or the model choices' iterator
        for key, label in choices:
            if str(key) == str(value):
                return str(label)
    if isinstance(value, Decimal):
        return no_number(value)
    return str(field.prepare_value(value)).strip()


# Goals and activities ------------------------------------------------------------------


class GoalForm(VersionedForm):
    title = forms.CharField(label=_("Mål"), max_length=300)
    parent = GoalChoiceField(
        label=_("Hører til hovedmål"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("Ingen – dette er et hovedmål"),
        help_text=_("Velg et hovedmål for å gjøre dette til et delmål under det."),
    )
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=TEXT)
    order = forms.IntegerField(
        label=_("Rekkefølge"),
        required=False,
        min_value=0,
        max_value=999,
        help_text=_("Lavere tall står først."),
    )

    def __init__(self, *args: Any, plan: Plan, goal: Goal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal = goal
        mains = plan.goals.filter(level=GoalLevel.MAIN).order_by("order", "pk")
        if goal is not None:
            mains = mains.exclude(pk=goal.pk)
        self.fields["parent"].queryset = mains  # type: ignore[attr-defined]

    def clean_parent(self) -> Goal | None:
        parent: Goal | None = self.cleaned_data.get("parent")
        # The tree has two levels: a main goal with sub-goals stays a main goal.
        if parent is not None and self.goal is not None and self.goal.children.exists():
            raise ValidationError(
                _("Målet har delmål og kan ikke selv bli et delmål. Flytt delmålene først.")
            )
        return parent

    def clean_order(self) -> int:
        return self.cleaned_data.get("order") or 0


def goal_initial(goal: Goal) -> dict[str, Any]:
    return {
        "title": goal.title,
        "parent": goal.parent_id,
        "description": goal.description,
        "order": goal.order,
        "expected_version": goal.version,
    }


class ActivityForm(VersionedForm):
    goal = GoalChoiceField(label=_("Mål"), queryset=Goal.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Tiltak"), max_length=300)
    responsible_unit = forms.CharField(label=_("Ansvarlig enhet"), required=False, max_length=200)
    starts_on = MonthField(label=_("Fra måned"), help_text=_("For eksempel 03.2011."))
    ends_on = MonthField(label=_("Til måned"), help_text=_("Siste måned tiltaket pågår."))
    expected_result = forms.CharField(
        label=_("Forventet resultat"),
        required=False,
        widget=TEXT,
        help_text=_("Hvordan tiltaket tjener målet."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = _goals(plan)  # type: ignore[attr-defined]


ACTIVITY_FIELDS = ("title", "responsible_unit", "starts_on", "ends_on", "expected_result", "status")


def activity_initial(activity: Any) -> dict[str, Any]:
    fields = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    return {**fields, "goal": activity.goal_id, "expected_version": activity.version}


# Indicators, targets and actuals ----------------------------------------------------------


class CatalogueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_nb} ({obj.unit})" if obj.unit else str(obj.name_nb)


class IndicatorForm(VersionedForm):
    goal = GoalChoiceField(label=_("Mål"), queryset=Goal.objects.none(), empty_label=None)
    catalogue = CatalogueChoiceField(
        label=_("Indikator fra statistikken"),
        queryset=Indicator.objects.order_by("name_nb"),
        required=False,
        empty_label=_("Ingen – programmets egen indikator"),
        help_text=_(
            "Tallene for en indikator fra statistikken hentes derfra; for programmets egne "
            "indikatorer føres tallene fra rapportene."
        ),
    )
    name = forms.CharField(
        label=_("Navn"),
        required=False,
        max_length=300,
        help_text=_("Kan stå tomt når du velger en indikator fra statistikken."),
    )
    unit = forms.CharField(label=_("Enhet"), required=False, max_length=50)
    direction = forms.ChoiceField(
        label=_("Retning"),
        choices=[("", _("Velg retning")), *Direction.choices],
        error_messages={"required": _("Velg om høyere eller lavere er bedre.")},
    )
    cumulative = forms.BooleanField(
        label=_("Kumulativ: tallene for periodene legges sammen (for eksempel antall hjulpet)"),
        required=False,
    )
    baseline_value = NorwegianDecimalField(label=_("Utgangsverdi"), required=False)
    baseline_period = forms.CharField(
        label=_("Utgangsperiode"), required=False, max_length=20, help_text=PERIOD_HELP
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = _goals(plan)  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    period = forms.CharField(label=_("Målperiode"), max_length=20, help_text=PERIOD_HELP)
    value = NorwegianDecimalField(label=_("Målverdi"))


class ActualForm(forms.Form):
    period = forms.CharField(label=_("Periode"), max_length=20, help_text=PERIOD_HELP)
    value = NorwegianDecimalField(label=_("Faktisk verdi"))
    source = forms.CharField(
        label=_("Kilde"),
        required=False,
        max_length=300,
        help_text=_("For eksempel «Halvårsrapport 2011»."),
    )


# Budget, organisation, risks, target groups, sub-projects ------------------------------------


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("År"), widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    funder = forms.ChoiceField(label=_("Finansiering"), choices=Funder.choices)
    category = forms.ChoiceField(label=_("Kategori"), choices=BudgetCategory.choices)
    amount = NorwegianDecimalField(label=_("Beløp (kr)"), help_text=_("For eksempel 1 500 000."))
    note = forms.CharField(label=_("Merknad"), required=False, max_length=300)

    def __init__(self, *args: Any, years: tuple[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].help_text = _("Et av avtalens år, %(first)s–%(last)s.") % {
            "first": years[0],
            "last": years[1],
        }


def member_candidates(plan: Plan) -> QuerySet[User]:
    """Accounts that can hold a seat: the municipality's own (under any of its numbers)
    and Husbanken's advisors in the programme's region."""
    participation = plan.participation
    ids = municipality_lineage_ids(participation.municipality)
    municipal = Q(role__in=[Role.COORDINATOR, Role.READER], municipality_id__in=ids)
    advisors = Q(role=Role.ADVISOR, region_id=participation.programme.region_id)
    return User.objects.filter(municipal | advisors, is_active=True).order_by("role", "username")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.role_label})"


class MemberForm(forms.Form):
    body = forms.ChoiceField(label=_("Organ"), choices=OrganisationBody.choices)
    role_title = forms.CharField(
        label=_("Rolle"),
        max_length=200,
        help_text=_("En rolle, ikke et navn: for eksempel «Kommunalsjef» eller «TO Eiendom»."),
    )
    unit = forms.CharField(label=_("Enhet"), required=False, max_length=200)
    user = UserChoiceField(
        label=_("Brukerkonto"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen – bare rollen"),
        help_text=_("Bare for personer som har konto i boso."),
    )
    leads = forms.BooleanField(label=_("Leder organet"), required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = member_candidates(plan)  # type: ignore[attr-defined]


SCALE = [
    ("", "–"),
    (1, _("1 – svært lav")),
    (2, _("2 – lav")),
    (3, _("3 – middels")),
    (4, _("4 – høy")),
    (5, _("5 – svært høy")),
]


class RiskForm(VersionedForm):
    description = forms.CharField(label=_("Risiko"), widget=TEXT)
    likelihood = forms.TypedChoiceField(label=_("Sannsynlighet"), choices=SCALE, coerce=int)
    consequence = forms.TypedChoiceField(label=_("Konsekvens"), choices=SCALE, coerce=int)
    mitigation = forms.CharField(
        label=_("Tiltak for å redusere risikoen"), required=False, widget=TEXT
    )
    owner_role = forms.CharField(
        label=_("Ansvarlig rolle"),
        required=False,
        max_length=200,
        help_text=_("En rolle, ikke et navn: for eksempel «Programkoordinator»."),
    )


RISK_FIELDS = ("description", "likelihood", "consequence", "mitigation", "owner_role")


def risk_initial(risk: Any) -> dict[str, Any]:
    return {**{name: getattr(risk, name) for name in RISK_FIELDS}, "expected_version": risk.version}


class TargetGroupForm(forms.Form):
    name = forms.CharField(label=_("Målgruppe"), max_length=300)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=TEXT)


class SubProjectForm(forms.Form):
    name = forms.CharField(label=_("Delprosjekt"), max_length=300)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=TEXT)
