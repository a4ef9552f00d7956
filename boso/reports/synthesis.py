"""The region's synthesis (seed 003): for a programme and a period, a draft written from
the approved reports — a paragraph per municipality from its progress text and its
largest indicator changes, the money granted and spent by category, and the indicator
movements across the region — that the advisor edits and publishes.

The tables are kept with the synthesis as drafted (`Synthesis.figures`, amounts and
values as decimal strings), so a published synthesis reads the same after a report is
reopened. Writes are one transaction each; edits name the revision they were read at.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from boso.accounts.selectors import acting_user
from boso.core.formatting import format_number
from boso.core.locking import take_next
from boso.plans.choices import BudgetCategory
from boso.programmes.choices import ReportKind
from boso.programmes.models import GrantDecision, Participation, Programme
from boso.reports.choices import ReportStatus, SynthesisStatus
from boso.reports.models import Report, ReportActual, Synthesis, SynthesisParagraph

SUMMARY_CHARS = 900  # a paragraph of the synthesis: some five to eight sentences
MOVEMENTS_PER_MUNICIPALITY = 2
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+")
# Of two approved reports ending on the same day, the one that says most.
_KIND_WEIGHT: dict[str, int] = {ReportKind.FINAL: 3, ReportKind.ANNUAL: 2, ReportKind.HALF_YEAR: 1}


# Reading the reports ---------------------------------------------------------------------


def reports_for(
    programme: Programme, starts_on: datetime.date, ends_on: datetime.date
) -> dict[int, Report]:
    """Participation id → the approved report that ends latest inside the period (a
    final or annual report before a half-year one ending the same day)."""
    found = (
        Report.objects.filter(
            period__participation__programme=programme,
            status=ReportStatus.APPROVED,
            period__ends_on__gte=starts_on,
            period__ends_on__lte=ends_on,
        )
        .select_related("period__participation__municipality")
        .prefetch_related("actuals__indicator__catalogue", "costs")
    )
    best: dict[int, Report] = {}
    for report in found:
        key = report.period.participation_id
        if key not in best or _rank(report) > _rank(best[key]):
            best[key] = report
    return best


def _rank(report: Report) -> tuple[datetime.date, int, int]:
    return report.period.ends_on, _KIND_WEIGHT.get(report.period.kind, 0), report.number


def participants(
    programme: Programme, starts_on: datetime.date, ends_on: datetime.date
) -> list[Participation]:
    """The programme's municipalities taking part at some time in the period, by name."""
    return list(
        programme.participations.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        .select_related("municipality")
        .order_by("municipality__name")
    )


@dataclass(frozen=True)
class Movement:
    """An indicator from its baseline to the report's actual."""

    name: str
    unit: str
    baseline: Decimal
    baseline_period: str
    actual: Decimal
    period: str

    @property
    def change(self) -> Decimal | None:
        """Relative change, −0.68 for "down 68 %"; None from a baseline of zero."""
        return None if not self.baseline else (self.actual - self.baseline) / self.baseline


def movements(report: Report) -> list[Movement]:
    """The report's indicators with a baseline and an actual, largest change first."""
    found = [m for m in (_movement(a) for a in report.actuals.all()) if m is not None]
    return sorted(found, key=lambda m: abs(m.change or Decimal(0)), reverse=True)


def _movement(actual: ReportActual) -> Movement | None:
    indicator = actual.indicator
    if actual.value is None or indicator.baseline_value is None:
        return None
    return Movement(
        name=indicator.name,
        unit=indicator.unit,
        baseline=indicator.baseline_value,
        baseline_period=indicator.baseline_period,
        actual=actual.value,
        period=actual.period,
    )


# The draft -------------------------------------------------------------------------------


def summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first paragraphs of a progress text, whole sentences, about `limit` long."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    kept: list[str] = []
    length = 0
    for paragraph in paragraphs:
        if length + len(paragraph) <= limit:
            kept.append(paragraph)
            length += len(paragraph)
            continue
        sentences, taken = _SENTENCE_END.split(paragraph), []
        for sentence in sentences:
            if length + len(sentence) > limit:
                break
            taken.append(sentence)
            length += len(sentence) + 1
        if taken:
            kept.append(" ".join(taken))
        break
    return "\n\n".join(kept)


def movement_sentence(movement: Movement) -> str:
    """ "Husstander på venteliste: fra 35 (2012) til 12 (2015M12), −66 %."""
    change = movement.change
    text = _("%(name)s: fra %(before)s (%(then)s) til %(after)s (%(now)s)") % {
        "name": movement.name,
        "before": _figure(movement.baseline, movement.unit),
        "then": movement.baseline_period,
        "after": _figure(movement.actual, movement.unit),
        "now": movement.period,
    }
    if change is not None:
        text += f", {_signed_percent(change)}"
    return text + "."


def _figure(value: Decimal, unit: str) -> str:
    shown = format_number(value.normalize())
    return f"{shown} {unit}".strip()


def _signed_percent(change: Decimal) -> str:
    rounded = format_number(abs(change) * 100, 0)
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    return f"{sign}{rounded}\u00a0%"


def paragraph_for(participation: Participation, report: Report | None) -> str:
    if report is None:
        return _("Det er ingen godkjent rapport fra kommunen for perioden.")
    text = summary(report.progress)
    largest = movements(report)[:MOVEMENTS_PER_MUNICIPALITY]
    if largest:
        text += "\n\n" + " ".join(movement_sentence(m) for m in largest)
    return text


@transaction.atomic
def synthesis_draft(
    *,
    programme: Programme,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    user: Any = None,
) -> Synthesis:
    """A draft for the period from the approved reports: a paragraph per municipality
    taking part (saying so where its report is missing) and the region's tables."""
    if not title.strip():
        raise ValidationError({"title": _("Gi sammenstillingen en tittel.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Perioden kan ikke slutte før den begynner.")})
    taking_part = participants(programme, starts_on, ends_on)
    if not taking_part:
        raise ValidationError({"starts_on": _("Ingen kommuner deltok i programmet i perioden.")})
    reports = reports_for(programme, starts_on, ends_on)
    synthesis = Synthesis.objects.create(
        programme=programme,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        figures=figures(taking_part, reports, starts_on, ends_on),
        created_by=acting_user(user),
    )
    SynthesisParagraph.objects.bulk_create(
        SynthesisParagraph(
            synthesis=synthesis,
            participation=p,
            report=reports.get(p.pk),
            heading=f"{p.municipality.name} kommune",
            text=paragraph_for(p, reports.get(p.pk)),
            order=n,
        )
        for n, p in enumerate(taking_part)
    )
    return synthesis


# The tables ------------------------------------------------------------------------------


def figures(
    taking_part: list[Participation],
    reports: Mapping[int, Report],
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> dict[str, Any]:
    return {
        "money": _money(taking_part, reports, starts_on, ends_on),
        "indicators": _indicator_tables(taking_part, reports),
    }


def _money(
    taking_part: list[Participation],
    reports: Mapping[int, Report],
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> dict[str, Any]:
    """Granted in the period's years and spent by category (the reports' costs), per
    municipality and for the region."""
    granted = _granted(taking_part, starts_on.year, ends_on.year)
    rows: list[dict[str, Any]] = []
    totals: defaultdict[str, Decimal] = defaultdict(Decimal)
    for participation in taking_part:
        report = reports.get(participation.pk)
        spent = {c.category: c.amount for c in report.costs.all()} if report else {}
        row = {
            "municipality": participation.municipality.name,
            "granted": str(granted.get(participation.pk, Decimal(0))),
            "spent": {c: str(spent[c]) for c in BudgetCategory.values if c in spent},
            "spent_total": str(sum(spent.values(), Decimal(0))),
            "reported": report is not None,
        }
        rows.append(row)
        totals["granted"] += granted.get(participation.pk, Decimal(0))
        for category, amount in spent.items():
            totals[category] += amount
        totals["spent_total"] += sum(spent.values(), Decimal(0))
    return {"rows": rows, "totals": {k: str(v) for k, v in totals.items()}}


def _granted(taking_part: Iterable[Participation], first: int, last: int) -> dict[int, Decimal]:
    rows = (
        GrantDecision.objects.filter(
            participation__in=list(taking_part), year__gte=first, year__lte=last
        )
        .values("participation_id")
        .annotate(total=Sum("amount"))
    )
    return {row["participation_id"]: row["total"] for row in rows}


def _indicator_tables(
    taking_part: list[Participation], reports: Mapping[int, Report]
) -> list[dict[str, Any]]:
    """Indicator movements across the region: an indicator of the catalogue by its code
    (the same figure everywhere), a programme's own by its name."""
    tables: dict[str, dict[str, Any]] = {}
    for participation in taking_part:
        report = reports.get(participation.pk)
        if report is None:
            continue
        for actual in report.actuals.all():
            movement = _movement(actual)
            if movement is None:
                continue
            catalogue = actual.indicator.catalogue
            key = f"catalogue:{catalogue.code}" if catalogue else f"own:{movement.name.lower()}"
            table = tables.setdefault(
                key, {"name": movement.name, "unit": movement.unit, "rows": []}
            )
            table["rows"].append(
                {
                    "municipality": participation.municipality.name,
                    "baseline": f"{movement.baseline.normalize():f}",  # 100, never 1E+2
                    "baseline_period": movement.baseline_period,
                    "actual": f"{movement.actual.normalize():f}",
                    "period": movement.period,
                    "change": None if movement.change is None else str(round(movement.change, 4)),
                }
            )
    return sorted(tables.values(), key=lambda t: (-len(t["rows"]), t["name"]))


# Editing and publishing ------------------------------------------------------------------


def _claim(synthesis: Synthesis, expected_revision: int) -> None:
    if synthesis.status != SynthesisStatus.DRAFT:
        raise ValidationError({"synthesis": _("Sammenstillingen er publisert og kan ikke endres.")})
    message = _("Sammenstillingen er lagret av noen andre siden du åpnet den.")
    take_next(synthesis, expected_revision, message=message, field="revision")


@transaction.atomic
def synthesis_save(
    *,
    synthesis: Synthesis,
    expected_revision: int,
    title: str | None = None,
    introduction: str | None = None,
    closing: str | None = None,
    paragraphs: Mapping[int, str] | None = None,
) -> Synthesis:
    """The advisor's edits: title, introduction, closing text and paragraphs (id → text)."""
    _claim(synthesis, expected_revision)
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": _("Gi sammenstillingen en tittel.")})
        synthesis.title = title.strip()
    if introduction is not None:
        synthesis.introduction = introduction.strip()
    if closing is not None:
        synthesis.closing = closing.strip()
    synthesis.save()
    if paragraphs:
        stored = {p.pk: p for p in synthesis.paragraphs.all()}
        if set(paragraphs) - set(stored):
            raise ValidationError(
                {"paragraphs": _("Avsnittet hører ikke til denne sammenstillingen.")}
            )
        for pk, text in paragraphs.items():
            stored[pk].text = text.strip()
        SynthesisParagraph.objects.bulk_update([stored[pk] for pk in paragraphs], ["text"])
    return synthesis


@transaction.atomic
def synthesis_publish(*, synthesis: Synthesis, expected_revision: int) -> Synthesis:
    """Publish: the municipalities' readers and coordinators can read it, and it is locked."""
    _claim(synthesis, expected_revision)
    if not synthesis.introduction.strip():
        raise ValidationError({"introduction": _("Skriv en innledning før du publiserer.")})
    synthesis.status = SynthesisStatus.PUBLISHED
    synthesis.published_at = timezone.now()
    synthesis.save()
    return synthesis
