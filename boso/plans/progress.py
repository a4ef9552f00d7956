"""Progress of an indicator from its baseline towards its target, and the status that
follows, with the rule spelled out so the page can show it.

    progress = (actual − baseline) / (target − baseline)

for either direction: a waiting list going from 35 to 12 against a target of 0 is
(12 − 35) / (0 − 35) = 66 % of the way. The expected share is how much of the time
from the baseline to the target's period has passed at the actual's period:

    on track     progress ≥ expected − 10 percentage points
    at risk      progress ≥ expected − 25 percentage points
    off track    below that, or moving the wrong way (progress < 0)

A target equal to the baseline ("keep it at 0") is met while the actual is not worse.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from boso.plans.choices import Direction, Progress
from boso.statistics.periods import parse_period

ON_TRACK_SLACK = Decimal("0.10")
AT_RISK_SLACK = Decimal("0.25")


@dataclass(frozen=True)
class Reading:
    """An indicator's position at one actual, against one target."""

    actual: Decimal | None
    actual_period: str
    target: Decimal | None
    target_period: str
    progress: Decimal | None  # share of the way from baseline to target (may be < 0 or > 1)
    expected: Decimal | None  # share of the time that has passed
    status: str

    @property
    def status_label(self) -> str:
        return str(Progress(self.status).label)


def rule_text() -> str:
    return _(
        "Framdrift = (faktisk − utgangsverdi) / (mål − utgangsverdi). I rute når framdriften "
        "er høyst 10 prosentpoeng under andelen av tiden som har gått fram til målperioden; "
        "risiko for avvik inntil 25 prosentpoeng under; ellers ikke i rute, også når tallet "
        "går feil vei."
    )


def _end(period: str) -> datetime.date:
    """The last day a period covers (a count on a date covers that day)."""
    parsed = parse_period(period)
    start = parsed.start
    months = {"year": 12, "half": 6, "quarter": 3, "month": 1}.get(parsed.kind)
    if months is None:
        return start
    month = start.month - 1 + months
    following = datetime.date(start.year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def expected_share(baseline_period: str, target_period: str, actual_period: str) -> Decimal:
    """How much of the time from the baseline to the target has passed (0–1)."""
    start, goal, now = _end(baseline_period), _end(target_period), _end(actual_period)
    if goal <= start:
        return Decimal(1)
    share = Decimal((now - start).days) / Decimal((goal - start).days)
    return min(max(share, Decimal(0)), Decimal(1))


def progress_of(*, baseline: Decimal, target: Decimal, actual: Decimal, direction: str) -> Decimal:
    if target == baseline:
        better_or_same = actual <= target if direction == Direction.DECREASE else actual >= target
        return Decimal(1) if better_or_same else Decimal(-1)
    return (actual - baseline) / (target - baseline)


def status_of(progress: Decimal, expected: Decimal) -> str:
    if progress < 0:
        return Progress.OFF_TRACK
    if progress >= expected - ON_TRACK_SLACK:
        return Progress.ON_TRACK
    if progress >= expected - AT_RISK_SLACK:
        return Progress.AT_RISK
    return Progress.OFF_TRACK


def reading(
    *,
    baseline: Decimal | None,
    baseline_period: str,
    direction: str,
    target: tuple[str, Decimal] | None,
    actual: tuple[str, Decimal] | None,
) -> Reading:
    """The position of the latest actual against the target that follows it (or the
    last target); NO_DATA when a baseline, a target or an actual is missing."""
    if baseline is None or not baseline_period or target is None or actual is None:
        return Reading(
            actual[1] if actual else None,
            actual[0] if actual else "",
            target[1] if target else None,
            target[0] if target else "",
            None,
            None,
            Progress.NO_DATA,
        )
    (target_period, goal), (actual_period, value) = target, actual
    progress = progress_of(baseline=baseline, target=goal, actual=value, direction=direction)
    expected = expected_share(baseline_period, target_period, actual_period)
    return Reading(
        value, actual_period, goal, target_period, progress, expected, status_of(progress, expected)
    )
