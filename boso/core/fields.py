"""Form fields that read what Norwegian users type: 1 500 000, 1 500 000,50, 31.03.2010.

A form shows the stored value back in the same form (format_number / format_date), so a
page re-rendered after an error keeps what the user sees and typed.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from boso.core.formatting import format_date, format_number, parse_date

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_PLAIN = re.compile(r"-?\d+(\.\d+)?")


def parse_norwegian_number(text: str) -> Decimal:
    """1 500 000 · 1 500 000,5 · 1.500.000 · 1500000.5 · −20 → Decimal; ValueError else."""
    cleaned = _SPACES.sub("", text).replace("\u2212", "-").removesuffix("kr")
    if cleaned.count(".") > 1 or ("." in cleaned and "," in cleaned):
        cleaned = cleaned.replace(".", "")  # dots as thousands separators
    cleaned = cleaned.replace(",", ".")
    if not _PLAIN.fullmatch(cleaned):  # no exponents, NaN or Infinity
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


class NorwegianDecimalField(forms.CharField):
    """A number as Norwegians write it; `decimals` for how it is shown back."""

    default_error_messages = {"invalid": _("Skriv et tall, for eksempel 1 500 000 eller 12,5.")}

    def __init__(
        self, *, decimals: int = 0, min_value: Decimal | None = None, **kwargs: Any
    ) -> None:
        self.decimals, self.min_value = decimals, min_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (Decimal, int)):
            # Whole numbers without decimals (1 500, not 1 500,0); others as they are.
            return format_number(value, 0 if value % 1 == 0 else None)
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            number = parse_norwegian_number(text)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(
                _("Tallet kan ikke være mindre enn %(min)s.")
                % {"min": format_number(self.min_value)},
                code="min_value",
            )
        return number


class NorwegianDateField(forms.CharField):
    """31.03.2010 or 2010-03-31."""

    default_error_messages = {"invalid": _("Skriv datoen som 31.03.2010.")}

    def prepare_value(self, value: Any) -> Any:
        return format_date(value) if isinstance(value, datetime.date) else value

    def to_python(self, value: Any) -> datetime.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
