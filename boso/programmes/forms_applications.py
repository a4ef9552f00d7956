"""Forms for the application (søknad), its attachments, the assessment and the agreement.

Forms only read what was typed; the services check the programme's rules.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from boso.accounts.choices import Role
from boso.accounts.models import User
from boso.core.fields import NorwegianDateField, NorwegianDecimalField
from boso.municipalities.selectors import municipality_lineage_ids
from boso.programmes import services
from boso.programmes.choices import AttachmentKind, ContactRole, Outcome, PoliticalBody
from boso.programmes.models import Application, Programme
from boso.selection.models import Tier

TEXT = forms.Textarea(attrs={"rows": 5})


class ApplicationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    needs_and_goals = forms.CharField(label=_("Behov og mål"), required=False, widget=TEXT)
    target_groups = forms.CharField(label=_("Målgrupper"), required=False, widget=TEXT)
    sub_projects = forms.CharField(label=_("Planlagte delprosjekter"), required=False, widget=TEXT)
    existing_projects = forms.CharField(
        label=_("Eksisterende prosjekter som ses i sammenheng med programmet"),
        required=False,
        widget=TEXT,
    )
    political_body = forms.ChoiceField(
        label=_("Vedtaksorgan"),
        required=False,
        choices=[("", _("Velg organ")), *PoliticalBody.choices],
    )
    political_decision_date = NorwegianDateField(
        label=_("Vedtaksdato"), required=False, help_text=_("For eksempel 23.03.2010.")
    )
    political_case_number = forms.CharField(
        label=_("Saksnummer"),
        required=False,
        max_length=50,
        help_text=_("For eksempel «sak 46/09»."),
    )

    def fields_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


def application_initial(application: Application) -> dict[str, Any]:
    names = [*services.TEXT_FIELDS, *services.DECISION_FIELDS]
    return {"version": application.version, **{n: getattr(application, n) for n in names}}


class YearForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)
    grant_requested = NorwegianDecimalField(
        label=_("Kompetansetilskudd søkt (kr)"), required=False, min_value=Decimal(0)
    )
    own_money = NorwegianDecimalField(
        label=_("Egeninnsats i penger (kr)"), required=False, min_value=Decimal(0)
    )
    own_hours = NorwegianDecimalField(
        label=_("Egeninnsats i arbeidstimer"), required=False, decimals=1, min_value=Decimal(0)
    )
    hour_rate = NorwegianDecimalField(
        label=_("Timesats (kr)"), required=False, min_value=Decimal(0)
    )

    def to_input(self) -> services.YearInput | None:
        """None for a year left empty (or all zero): it is not part of the budget."""
        data = self.cleaned_data
        values = {k: data.get(k) or Decimal(0) for k in self.fields if k != "year"}
        if not any(values.values()):
            return None
        return services.YearInput(year=data["year"], **values)


YearFormSet = forms.formset_factory(YearForm, extra=0)


def year_formset(
    programme: Programme, application: Application, data: Any = None
) -> forms.BaseFormSet:
    """One row per programme year, filled from the application's budget."""
    have = {y.year: y for y in application.years.all()}
    initial = []
    for year in range(programme.start_year, programme.end_year + 1):
        row: dict[str, Any] = {"year": year}
        if year in have:
            y = have[year]
            row |= {
                "grant_requested": y.grant_requested,
                "own_money": y.own_money,
                "own_hours": y.own_hours,
                "hour_rate": y.hour_rate,
            }
        initial.append(row)
    return YearFormSet(data, initial=initial, prefix="years")


def municipal_users(application: Application) -> Any:
    """Who can hold a contact role: the municipality's own accounts (any number of it)."""
    ids = municipality_lineage_ids(application.municipality) | {application.municipality_id}
    return User.objects.filter(
        municipality_id__in=ids, role__in=[Role.COORDINATOR, Role.READER], is_active=True
    ).order_by("username")


class ContactForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rolle"), choices=[("", "–"), *ContactRole.choices], required=False
    )
    user = forms.ModelChoiceField(label=_("Bruker"), queryset=User.objects.none(), required=False)
    unit = forms.CharField(label=_("Enhet"), required=False, max_length=200)

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if users is not None:
            self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.get_full_name() or u.username} ({u.username})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("role")) != bool(data.get("user")):
            raise forms.ValidationError(_("Velg både rolle og bruker, eller ingen av dem."))
        return data

    def to_input(self) -> services.ContactInput | None:
        data = self.cleaned_data
        if not data.get("role"):
            return None
        return services.ContactInput(data["role"], data["user"], data.get("unit", ""))


ContactFormSet = forms.formset_factory(ContactForm, extra=0)


def contact_formset(application: Application, data: Any = None) -> forms.BaseFormSet:
    initial: list[dict[str, Any]] = [
        {"role": c.role, "user": c.user_id, "unit": c.unit} for c in application.contacts.all()
    ]
    if not initial:
        initial = [{"role": ContactRole.COORDINATOR}]
    initial += [{}] * 2  # room for two more roles
    return ContactFormSet(
        data,
        initial=initial,
        prefix="contacts",
        form_kwargs={"users": municipal_users(application)},
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type vedlegg"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF eller kontordokument (Word, Excel, PowerPoint, OpenDocument)."),
    )


class ReopenForm(forms.Form):
    until = NorwegianDateField(label=_("Åpen for innsending til og med"))
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def assessment_form(programme: Programme, data: Any = None) -> forms.Form:
    """Outcome, recommendation and comment, and one score field per criterion."""
    form = AssessmentForm(data)
    for i, criterion in enumerate(programme.assessment_criteria):
        form.fields[f"score_{i}"] = forms.TypedChoiceField(
            label=criterion,
            coerce=int,
            choices=[("", "–")]
            + [(s, str(s)) for s in range(services.MIN_SCORE, services.MAX_SCORE + 1)],
        )
    return form


class AssessmentForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Beslutning"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    recommendation = forms.CharField(label=_("Innstilling"), widget=TEXT, required=False)
    comment = forms.CharField(
        label=_("Kommentar til kommunen"),
        required=False,
        widget=TEXT,
        help_text=_("Står i vedtaksbrevet. Påkrevd når kommunen må utdype søknaden."),
    )

    def scores(self, programme: Programme) -> dict[str, int]:
        return {
            c: self.cleaned_data[f"score_{i}"] for i, c in enumerate(programme.assessment_criteria)
        }


HUSBANKEN_OBLIGATIONS = _(
    "Husbanken gir kompetansetilskudd etter årlige vedtak, følger kommunen opp med en fast "
    "rådgiver, arrangerer programsamlinger og nettverk for erfaringsdeling, og stiller sine "
    "økonomiske virkemidler til rådighet for programmets mål."
)
MUNICIPALITY_OBLIGATIONS = _(
    "Kommunen stiller med egeninnsats som i søknaden, har en programkoordinator, forankrer "
    "arbeidet politisk og administrativt, deltar på programsamlingene, deler erfaringer med "
    "de andre programkommunene og rapporterer halvårlig i boso."
)


class AgreementForm(forms.Form):
    starts_on = NorwegianDateField(label=_("Fra"))
    ends_on = NorwegianDateField(label=_("Til"))
    tier = forms.ModelChoiceField(label=_("Nivå i kommunepyramiden"), queryset=Tier.objects.all())
    husbanken_obligations = forms.CharField(label=_("Husbankens forpliktelser"), widget=TEXT)
    municipality_obligations = forms.CharField(label=_("Kommunens forpliktelser"), widget=TEXT)


def agreement_initial(application: Application) -> dict[str, Any]:
    programme = application.call.programme
    invitation = application.call.invitations.filter(municipality=application.municipality).first()
    decision = invitation.decision if invitation else None
    tier = decision.tier if decision else None
    tier = tier or Tier.objects.filter(code="samarbeidsavtale").first()
    return {
        "starts_on": datetime.date(programme.start_year, 1, 1),
        "ends_on": datetime.date(programme.end_year, 12, 31),
        "tier": tier.pk if tier else None,
        "husbanken_obligations": HUSBANKEN_OBLIGATIONS,
        "municipality_obligations": MUNICIPALITY_OBLIGATIONS,
    }


class SignForm(forms.Form):
    municipality_signed_on = NorwegianDateField(label=_("Signert av kommunen"))
    husbanken_signed_on = NorwegianDateField(label=_("Signert av Husbanken"))
