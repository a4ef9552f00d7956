"""The template filters for Norwegian dates and numbers."""

import datetime

from django.template import Context, Template

from boso.core.templatetags.boso import last_day


def test_last_day_is_the_day_before_the_stored_end() -> None:
    assert last_day(datetime.date(2020, 1, 1)) == datetime.date(2019, 12, 31)
    assert last_day(datetime.date(2024, 3, 1)) == datetime.date(2024, 2, 29)


def test_last_day_keeps_an_open_end_open() -> None:
    assert last_day(None) is None
    assert last_day("") == ""


def test_last_day_in_a_template() -> None:
    template = Template('{% load boso %}{{ end|last_day|no_date|default:"i dag" }}')
    assert template.render(Context({"end": datetime.date(2020, 1, 1)})) == "31.12.2019"
    assert template.render(Context({"end": None})) == "i dag"


def test_percent_filter() -> None:
    from decimal import Decimal

    from boso.core.templatetags.boso import percent

    assert percent(Decimal("0.3111")) == "31,1\u00a0%"
    assert percent(Decimal("0.5"), 0) == "50\u00a0%"
    assert percent(None) == ""
