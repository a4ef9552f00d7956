import datetime
from decimal import Decimal

import pytest
from django import forms

from boso.core.fields import NorwegianDateField, NorwegianDecimalField, parse_norwegian_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 500 000", Decimal(1500000)),
        ("1\u00a0500\u00a0000", Decimal(1500000)),
        ("1.500.000", Decimal(1500000)),
        ("1 500 000,50", Decimal("1500000.50")),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("\u221220", Decimal(-20)),
        ("750 000 kr", Decimal(750000)),
    ],
)
def test_norwegian_numbers(text: str, expected: Decimal) -> None:
    assert parse_norwegian_number(text) == expected


@pytest.mark.parametrize("text", ["tolv", "1,2,3", "NaN", "Infinity", "1e999999999"])
def test_not_numbers(text: str) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        parse_norwegian_number(text)


class _Form(forms.Form):
    amount = NorwegianDecimalField(min_value=Decimal(0))
    day = NorwegianDateField(required=False)


def test_form_reads_and_shows_norwegian() -> None:
    form = _Form({"amount": "1 500 000", "day": "31.03.2010"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "amount": Decimal(1500000),
        "day": datetime.date(2010, 3, 31),
    }
    shown = _Form(initial={"amount": Decimal(750000), "day": datetime.date(2010, 3, 23)})
    assert "750\u00a0000" in str(shown["amount"])
    assert "23.03.2010" in str(shown["day"])


def test_form_errors_in_norwegian() -> None:
    form = _Form({"amount": "-5", "day": "31/3"})
    assert not form.is_valid()
    assert "mindre enn 0" in form.errors["amount"][0]
    assert "31.03.2010" in form.errors["day"][0]
