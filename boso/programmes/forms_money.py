"""Forms for the money pages: grant decisions, disbursements and other instruments.

The forms only read the input (Norwegian amounts and dates); the services decide
what is allowed (the cap, the frame, the grant) and their errors are shown at the
field they name.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from boso.programmes.choices import InstrumentKind

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATE_HELP = _("For eksempel 31.03.2010.")
# Spaces of every width a number copied from a document or a spreadsheet may carry.
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class AmountField(forms.DecimalField):
    """An amount in kroner as Norwegians write it: 1 500 000 or 1500000,50."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    # django-stubs type DecimalField as an IntegerField returning int; Django returns Decimal.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        text = _SPACES.sub("", str(value)).replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                _("«%(value)s» er ikke et beløp. Skriv for eksempel 750 000 eller 1500000,50."),
                params={"value": value},
                code="invalid",
            ) from None


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("År"), min_value=1900, max_value=2100)


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_FORMATS, help_text=DATE_HELP)


class GrantForm(forms.Form):
    """Nytt tilskuddsvedtak: the year's competence grant."""

    year = _year_field()
    amount = AmountField(label=_("Tilsagn (kr)"))
    decided_on = _date_field(_("Vedtaksdato"))
    reference = forms.CharField(
        label=_("Referanse"),
        max_length=100,
        required=False,
        help_text=_("Saksnummer eller annen referanse til vedtaket."),
    )


class DisbursementRequestForm(forms.Form):
    """Anmodning om utbetaling against one grant."""

    amount = AmountField(label=_("Beløp (kr)"))
    requested_on = _date_field(_("Anmodet dato"))


class DisbursementPayForm(forms.Form):
    """The payment of one request; the requested amount unless another is typed."""

    amount = AmountField(
        label=_("Utbetalt beløp (kr)"),
        required=False,
        help_text=_("Tomt: det anmodede beløpet."),
    )
    paid_on = _date_field(_("Utbetalt dato"))


class InstrumentRecordForm(forms.Form):
    """One instrument's use in the municipality in a year; the same year and instrument
    again corrects the figure (the earlier one is kept in the history)."""

    year = _year_field()
    kind = forms.ChoiceField(label=_("Virkemiddel"), choices=InstrumentKind.choices)
    amount = AmountField(label=_("Beløp (kr)"))
    count = forms.IntegerField(label=_("Antall saker"), min_value=0, required=False)
    source = forms.CharField(
        label=_("Kilde"),
        max_length=300,
        required=False,
        help_text=_("For eksempel «Husbankens årsstatistikk 2009»."),
    )


def attach_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError at the field it names, else above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
