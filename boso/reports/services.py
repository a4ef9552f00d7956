"""Writes for reports. A refused write raises ValidationError naming the field (or the
section), in Norwegian, and leaves nothing half saved: each service is one transaction.

A report is made from the participation's plan for a reporting period, filled while it
is a draft or returned, submitted, returned with comments per section, resubmitted and
approved. Every save names the `revision` it was read at; a stale one raises
ConflictError and saves nothing, so the page can show both versions of the text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boso.accounts.selectors import acting_user
from boso.core.formatting import format_number
from boso.core.locking import ConflictError as ConflictError  # raised by the saves here
from boso.core.locking import take_next
from boso.plans import selectors as plan_selectors
from boso.plans.choices import ActivityStatus, BudgetCategory, Funder, OrganisationBody, PlanStatus
from boso.plans.models import Plan
from boso.programmes.choices import ContactRole
from boso.programmes.models import ReportingPeriod
from boso.reports.choices import ActualSource, ItemKind, ReportStatus
from boso.reports.models import (
    STORY_MAX_CHARS,
    Report,
    ReportActual,
    ReportCost,
    ReportFunding,
    ReportItem,
    ReportMeeting,
    ReportStory,
)
from boso.statistics.periods import PeriodError, parse_period

TEXTS = (
    "programme_name",
    "coordinator_role",
    "progress",
    "goals_comment",
    "organisation",
    "learning",
    "economy_comment",
    "results",
    "into_operations",
    "remaining",
)
FINAL_TEXTS = ("results", "into_operations", "remaining")
FINAL_MISSING = {
    "results": _lazy("Beskriv resultatene mot hvert mål og hver indikator over hele perioden."),
    "into_operations": _lazy("Si hva som er overført til ordinær drift."),
    "remaining": _lazy("Si hva som gjenstår til neste boligsosiale handlingsplan."),
}


def _open(report: Report) -> None:
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(
            {
                "report": _("Rapporten er %(status)s og kan ikke endres.")
                % {"status": report.get_status_display().lower()}
            }
        )


def claim_revision(report: Report, expected_revision: int) -> None:
    """Take the next revision when the stored one is still the one the editor read."""
    _open(report)
    message = _("Rapporten er lagret av noen andre siden du åpnet den.")
    take_next(report, expected_revision, message=message, field="revision")


# Making a report --------------------------------------------------------------------------


def plan_for(period: ReportingPeriod) -> Plan | None:
    """The plan a report is made from: the latest approved plan whose years reach the
    period, else the latest approved plan, else the latest draft."""
    plans = list(Plan.objects.filter(participation_id=period.participation_id))
    approved = [p for p in plans if p.status == PlanStatus.APPROVED]
    covering = [p for p in approved if p.first_year <= period.starts_on.year <= p.last_year]
    for candidates in (covering, approved, plans):
        if candidates:
            return max(candidates, key=lambda p: (p.first_year, p.pk))
    return None


def _coordinator_role(period: ReportingPeriod) -> str:
    """ "Programkoordinator, <unit>" from the application's contact roles: a role and a
    unit, never a name."""
    agreement = period.participation.agreement
    if agreement is None:
        return ""
    contact = agreement.application.contacts.filter(role=ContactRole.COORDINATOR).first()
    if contact is None:
        return ""
    return ", ".join(filter(None, [str(ContactRole.COORDINATOR.label), contact.unit]))


@transaction.atomic
def report_create(*, period: ReportingPeriod, user: Any = None) -> Report:
    """The report for a period, section 1 filled from the register and sections 3–5
    laid out from the plan. A period has one report; later versions come by reopening."""
    if Report.objects.filter(period=period).exists():
        raise ValidationError({"period": _("Rapporten for denne perioden er allerede laget.")})
    participation = period.participation
    plan = plan_for(period)
    report = Report.objects.create(
        period=period,
        plan=plan,
        programme_name=participation.programme.name,
        contract_partner=f"{participation.municipality.name} kommune",
        coordinator_role=_coordinator_role(period),
        programme_start=participation.starts_on,
        filled_by=acting_user(user),
    )
    if plan is not None:
        _lay_out_from_plan(report, plan)
    ReportMeeting.objects.bulk_create(
        ReportMeeting(report=report, body=body) for body in OrganisationBody.values
    )
    return report


def _lay_out_from_plan(report: Report, plan: Plan) -> None:
    """Section 3 lines for every goal, activity and risk of the plan, and an actual for
    every indicator (the statistics store's latest figure in the period, to confirm)."""
    items: list[ReportItem] = []
    for number, main in enumerate(plan_selectors.plan_tree(plan), start=1):
        for label, goal in [(str(number), main)] + [
            (f"{number}.{n}", sub)
            for n, sub in enumerate(main.sub_goals, start=1)  # type: ignore[attr-defined]
        ]:
            items.append(ReportItem(kind=ItemKind.GOAL, goal=goal, number=label, title=goal.title))
            items.extend(
                ReportItem(
                    kind=ItemKind.ACTIVITY,
                    activity=activity,
                    number=label,
                    title=activity.title,
                    status=activity.status,
                )
                for activity in goal.activities.all()
            )
    items.extend(
        ReportItem(kind=ItemKind.RISK, risk=risk, title=risk.description[:300])
        for risk in plan.risks.all()
    )
    for order, item in enumerate(items):
        item.report, item.order = report, order
    ReportItem.objects.bulk_create(items)
    ReportActual.objects.bulk_create(_actuals(report, plan))


def _actuals(report: Report, plan: Plan) -> Iterable[ReportActual]:
    indicators = list(
        plan.indicators.select_related(
            "catalogue__numerator",
            "catalogue__denominator",
            "plan__participation__municipality",
        )
    )
    plan_selectors.prime_catalogue_figures(indicators)
    for indicator in indicators:
        if not indicator.catalogue_id:
            yield ReportActual(report=report, indicator=indicator, source=ActualSource.REPORT)
            continue
        period, value = _latest_in(report.period, plan_selectors.actuals_of(indicator))
        yield ReportActual(
            report=report,
            indicator=indicator,
            source=ActualSource.STATISTICS,
            period=period,
            value=value,
        )


def _latest_in(
    period: ReportingPeriod, figures: list[tuple[str, Decimal]]
) -> tuple[str, Decimal | None]:
    """The latest figure whose period starts before the reporting period ends."""
    found = [(p, v) for p, v in figures if parse_period(p).start <= period.ends_on]
    return found[-1] if found else ("", None)


# Saving sections --------------------------------------------------------------------------


@transaction.atomic
def report_save_texts(*, report: Report, expected_revision: int, **texts: str) -> Report:
    """Save any of the report's texts (sections 1, 2, 3, 4, 6 and the final report's)."""
    unknown = set(texts) - set(TEXTS)
    if unknown:
        raise TypeError(f"unknown report texts: {sorted(unknown)}")
    claim_revision(report, expected_revision)
    for name, value in texts.items():
        setattr(report, name, value.strip())
    report.save()
    return report


@transaction.atomic
def report_save_items(
    *, report: Report, expected_revision: int, items: Mapping[int, Mapping[str, str]]
) -> Report:
    """Section 3: status and comment per line (item id → {"status", "comment"})."""
    claim_revision(report, expected_revision)
    lines = {i.pk: i for i in report.items.all()}
    errors: dict[str, str] = {}
    for item_id, values in items.items():
        item = lines.get(item_id)
        if item is None:
            raise ValidationError({"items": _("Linjen hører ikke til denne rapporten.")})
        status = values.get("status", item.status)
        if status and status not in ActivityStatus.values:
            errors[f"item-{item_id}"] = _("Ukjent status.")
        item.status, item.comment = status, values.get("comment", item.comment).strip()
    if errors:
        raise ValidationError(errors)
    ReportItem.objects.bulk_update(lines.values(), ["status", "comment"])
    report.save(update_fields=["revision"])
    return report


@transaction.atomic
def report_save_actuals(
    *, report: Report, expected_revision: int, actuals: Mapping[int, Mapping[str, Any]]
) -> Report:
    """Section 3: an actual per indicator (indicator id → {"period", "value", "comment",
    "confirmed"}). Only the plan's indicators: any other is refused."""
    claim_revision(report, expected_revision)
    rows = {a.indicator_id: a for a in report.actuals.all()}
    errors: dict[str, str] = {}
    for indicator_id, values in actuals.items():
        row = rows.get(indicator_id)
        if row is None:
            raise ValidationError(
                {"actuals": _("Planen for denne rapporten har ikke den indikatoren.")}
            )
        _apply_actual(row, values, errors)
    if errors:
        raise ValidationError(errors)
    fields = ["period", "value", "comment", "confirmed"]
    ReportActual.objects.bulk_update(rows.values(), fields)
    report.save(update_fields=["revision"])
    return report


def _apply_actual(row: ReportActual, values: Mapping[str, Any], errors: dict[str, str]) -> None:
    key = f"actual-{row.indicator_id}"
    if row.source == ActualSource.STATISTICS:
        # The store's figure is shown as it is; the coordinator confirms it or comments.
        row.confirmed = bool(values.get("confirmed", row.confirmed))
    else:
        period = str(values.get("period", row.period)).strip()
        if period:
            try:
                period = parse_period(period).code
            except PeriodError:
                errors[key] = _("Skriv perioden som 2010, 2010H1 eller 2010-11-20.")
        row.period, row.value = period, values.get("value", row.value)
    row.comment = str(values.get("comment", row.comment)).strip()


@transaction.atomic
def report_save_meetings(
    *, report: Report, expected_revision: int, meetings: Mapping[str, Mapping[str, Any]]
) -> Report:
    """Section 4: meetings held and participants (by role) per body."""
    claim_revision(report, expected_revision)
    rows = {m.body: m for m in report.meetings.all()}
    for body, values in meetings.items():
        if body not in OrganisationBody.values:
            raise ValidationError({"meetings": _("Ukjent organ.")})
        row = rows.get(body) or ReportMeeting(report=report, body=body)
        row.held = int(values.get("held") or 0)
        row.participants = str(values.get("participants", "")).strip()
        row.save()
    report.save(update_fields=["revision"])
    return report


@transaction.atomic
def report_save_economy(
    *,
    report: Report,
    expected_revision: int,
    costs: Mapping[str, Decimal | None],
    funding: Mapping[str, Decimal | None],
    costs_as_of: datetime.date | None = None,
    stated_total: Decimal | None = None,
    forecast_low: Decimal | None = None,
    forecast_high: Decimal | None = None,
    economy_comment: str = "",
) -> Report:
    """Section 5: costs by category (they must add up to a stated total), funding by
    source and the forecast for the year (a range, low to high)."""
    claim_revision(report, expected_revision)
    errors = _economy_errors(costs, funding, stated_total, forecast_low, forecast_high)
    if errors:
        raise ValidationError(errors)
    _replace(ReportCost, report, "category", costs)
    _replace(ReportFunding, report, "funder", funding)
    report.costs_as_of, report.stated_total = costs_as_of, stated_total
    report.forecast_low, report.forecast_high = forecast_low, forecast_high
    report.economy_comment = economy_comment.strip()
    report.save()
    return report


def _economy_errors(
    costs: Mapping[str, Decimal | None],
    funding: Mapping[str, Decimal | None],
    stated_total: Decimal | None,
    low: Decimal | None,
    high: Decimal | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if set(costs) - set(BudgetCategory.values) or set(funding) - set(Funder.values):
        raise ValidationError({"costs": _("Ukjent kategori eller finansieringskilde.")})
    amounts = [a for a in (*costs.values(), *funding.values()) if a is not None]
    if any(a < 0 for a in amounts):
        errors["costs"] = _("Beløpene kan ikke være negative.")
    total = sum((a for a in costs.values() if a is not None), Decimal(0))
    if stated_total is not None and total != stated_total:
        errors["stated_total"] = _(
            "Kostnadene er til sammen %(sum)s kr, men summen er oppgitt til %(stated)s kr."
        ) % {"sum": _kroner(total), "stated": _kroner(stated_total)}
    if low is not None and high is not None and high < low:
        errors["forecast_high"] = _("Øvre anslag kan ikke være lavere enn nedre.")
    return errors


def _kroner(amount: Decimal) -> str:
    return format_number(amount, 0)


def _replace(model: Any, report: Report, key: str, amounts: Mapping[str, Decimal | None]) -> None:
    """One row per key with an amount; a key left empty removes its row."""
    for name, amount in amounts.items():
        if amount is None:
            model.objects.filter(report=report, **{key: name}).delete()
        else:
            model.objects.update_or_create(
                report=report, **{key: name}, defaults={"amount": amount}
            )


@transaction.atomic
def story_save(
    *,
    report: Report,
    expected_revision: int,
    title: str,
    text: str,
    told_on: datetime.date | None = None,
    story: ReportStory | None = None,
) -> ReportStory:
    """Section 6: a story of at most one page."""
    claim_revision(report, expected_revision)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Gi historien en tittel.")
    if not text.strip():
        errors["text"] = _("Skriv historien.")
    elif len(text.strip()) > STORY_MAX_CHARS:
        errors["text"] = _(
            "Historien er %(length)s tegn; en side er høyst %(max)s. Kort den ned."
        ) % {"length": len(text.strip()), "max": STORY_MAX_CHARS}
    if errors:
        raise ValidationError(errors)
    if story is None:
        last = report.stories.aggregate(last=Max("order"))["last"]
        story = ReportStory(report=report, order=(last or 0) + 1)
    story.title, story.text, story.told_on = title.strip(), text.strip(), told_on
    story.save()
    report.save(update_fields=["revision"])
    return story


@transaction.atomic
def story_delete(*, story: ReportStory, expected_revision: int) -> None:
    claim_revision(story.report, expected_revision)
    story.report.save(update_fields=["revision"])
    story.delete()
