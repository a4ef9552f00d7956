"""The reporting schedule a signed agreement creates (seed 004's rhythm)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from boso.programmes import services
from boso.programmes.choices import ReportKind
from boso.programmes.tests.seed import BEFORE

pytestmark = pytest.mark.django_db
D = datetime.date


def test_whole_years_end_with_the_final_report() -> None:
    rows = services.schedule_for(starts_on=D(2010, 1, 1), ends_on=D(2011, 12, 31), due_days=60)
    assert [(kind, start, end, due) for kind, start, end, due in rows] == [
        (ReportKind.HALF_YEAR, D(2010, 1, 1), D(2010, 6, 30), D(2010, 8, 29)),
        (ReportKind.ANNUAL, D(2010, 1, 1), D(2010, 12, 31), D(2011, 3, 1)),
        (ReportKind.HALF_YEAR, D(2011, 1, 1), D(2011, 6, 30), D(2011, 8, 29)),
        # The last year's report is the final report over the whole period.
        (ReportKind.FINAL, D(2010, 1, 1), D(2011, 12, 31), D(2012, 2, 29)),
    ]


def test_a_start_in_february_and_an_end_in_june() -> None:
    """Lillehammer's agreement began 15.02.2010; a half-year cut short still reports."""
    rows = services.schedule_for(starts_on=D(2010, 2, 15), ends_on=D(2011, 6, 30), due_days=30)
    assert [(k, s, e) for k, s, e, _due in rows] == [
        (ReportKind.HALF_YEAR, D(2010, 2, 15), D(2010, 6, 30)),
        (ReportKind.ANNUAL, D(2010, 2, 15), D(2010, 12, 31)),
        (ReportKind.FINAL, D(2010, 2, 15), D(2011, 6, 30)),
    ]


def test_signing_creates_the_schedule_once(draft: Any, users: dict[str, Any]) -> None:
    from boso.selection.models import Tier

    services.application_submit(application=draft, user=users["coordinator"], today=BEFORE)
    criteria = draft.call.programme.assessment_criteria
    services.application_decide(
        application=draft, outcome="approve", scores=dict.fromkeys(criteria, 5), recommendation="Ja"
    )
    agreement = services.agreement_create(
        application=draft,
        starts_on=D(2010, 1, 1),
        ends_on=D(2014, 12, 31),
        husbanken_obligations="Tilskudd",
        municipality_obligations="Rapportering",
        tier=Tier.objects.get(code="samarbeidsavtale"),
    )
    participation = services.agreement_sign(
        agreement=agreement,
        municipality_signed_on=D(2010, 6, 14),
        husbanken_signed_on=D(2010, 6, 16),
    )
    periods = list(participation.reporting_periods.all())
    kinds = [p.kind for p in periods]
    assert kinds.count(ReportKind.HALF_YEAR) == 5
    assert kinds.count(ReportKind.ANNUAL) == 4
    assert kinds[-1] == ReportKind.FINAL
    assert periods[-1].due_on == D(2015, 3, 1)  # 60 days after 31.12.2014
    again = services.reporting_schedule_create(participation=participation)
    assert [p.pk for p in again] == [p.pk for p in periods]


def test_report_deadline_is_a_programme_rule(sor: Any) -> None:
    with pytest.raises(ValidationError, match="mellom 1 og 365"):
        services.programme_create(
            region=sor,
            name="Uten frist",
            start_year=2010,
            end_year=2014,
            application_deadline=D(2010, 3, 31),
            report_due_days=0,
        )
