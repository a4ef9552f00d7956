"""Writes for kommunepyramiden: definitions (versioned), frozen scoring runs and decisions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boso.accounts.selectors import acting_user
from boso.core.formatting import format_date
from boso.municipalities.models import Region
from boso.selection import scoring, selectors
from boso.selection.choices import Direction, MissingPolicy, Normalisation, Reason, Transform
from boso.selection.models import Criterion, Decision, IndexDefinition, RunRow, ScoringRun, Tier
from boso.statistics.harmonise import Harmoniser
from boso.statistics.models import Indicator
from boso.statistics.periods import PeriodError, parse_period

# The pyramid of seeds 000 and 001. The first migration adds these too; this copy lets a
# database emptied by a flush (tests) or restored without data get them back.
DEFAULT_TIERS = (
    ("grunntilbud", "Grunntilbud", 0, "Tilbudet alle kommunene i regionen får."),
    (
        "satsingskommune",
        "Satsingskommune",
        1,
        "Prioritert ved fordeling av virkemidler, kompetansehevende tiltak og mer rådgivning.",
    ),
    (
        "samarbeidsavtale",
        "Samarbeidsavtale",
        2,
        "Forpliktende, langsiktig samarbeid i et boligsosialt utviklingsprogram.",
    ),
)


def tiers_ensure_defaults() -> dict[str, Tier]:
    """Create the default tiers that are missing (never changes existing ones)."""
    for code, name, level, description in DEFAULT_TIERS:
        Tier.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "description": description}
        )
    return {t.code: t for t in Tier.objects.all()}


@dataclass(frozen=True)
class CriterionInput:
    indicator: str  # catalogue code
    period: str
    weight: Decimal
    direction: str = Direction.HIGHER_IS_WORSE
    transform: str = Transform.RAW
    normalisation: str = Normalisation.ZSCORE
    missing: str = MissingPolicy.FLAG


def _check_criteria(criteria: list[CriterionInput]) -> None:
    """Refuse a definition before anything is computed; messages are for the advisor."""
    if not criteria:
        raise ValidationError({"criteria": _("En indeks trenger minst ett kriterium.")})
    if sum((c.weight for c in criteria), Decimal(0)) <= 0:
        raise ValidationError({"criteria": _("Vektene må til sammen være større enn null.")})
    for i, c in enumerate(criteria, start=1):
        if c.weight < 0:
            raise ValidationError(
                {"criteria": _("Kriterium %(i)s: en vekt kan ikke være negativ.") % {"i": i}}
            )
        try:
            parse_period(c.period)
        except PeriodError:
            message = _(
                "Kriterium %(i)s: «%(period)s» er ikke en periode "
                "(skriv 2024, 2024H1, 2024K1, 2024M03 eller 2024-11-20)."
            )
            raise ValidationError({"criteria": message % {"i": i, "period": c.period}}) from None
        if not Indicator.objects.filter(code=c.indicator).exists():
            message = _("Kriterium %(i)s: indikatoren «%(code)s» finnes ikke i katalogen.")
            raise ValidationError({"criteria": message % {"i": i, "code": c.indicator}})


@transaction.atomic
def definition_save(
    *,
    family: str,
    name: str,
    region: Region,
    structure_date: datetime.date,
    criteria: list[CriterionInput],
    top_n: int,
    suggested_tier: Tier,
    base_tier: Tier,
    threshold: Decimal | None = None,
    min_population: int | None = None,
    description: str = "",
    user: Any = None,
) -> IndexDefinition:
    """Save the next version of an index family (the first when the family is new).

    Versions are never edited: a run must always be readable against the definition
    it was computed from.
    """
    _check_criteria(criteria)
    if top_n < 1:
        raise ValidationError({"top_n": _("N må være minst 1.")})
    previous = IndexDefinition.objects.filter(family=family).order_by("-version").first()
    definition = IndexDefinition.objects.create(
        family=family,
        version=(previous.version + 1) if previous else 1,
        name=name,
        description=description,
        region=region,
        structure_date=structure_date,
        top_n=top_n,
        threshold=threshold,
        min_population=min_population,
        suggested_tier=suggested_tier,
        base_tier=base_tier,
        created_by=acting_user(user),
    )
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=[c.indicator for c in criteria])
    }
    Criterion.objects.bulk_create(
        Criterion(
            definition=definition,
            indicator=indicators[c.indicator],
            period=parse_period(c.period).code,
            direction=c.direction,
            transform=c.transform,
            normalisation=c.normalisation,
            weight=c.weight,
            missing=c.missing,
            position=i,
        )
        for i, c in enumerate(criteria)
    )
    return definition


def _inputs(
    definition: IndexDefinition,
) -> tuple[list[selectors.Member], list[Criterion], np.ndarray, np.ndarray]:
    members = selectors.universe(definition.region, definition.structure_date)
    criteria = list(
        definition.criteria.select_related("indicator__numerator", "indicator__denominator")
    )
    if len(members) < definition.top_n:
        raise ValidationError(
            _("Regionen har %(count)s kommuner på denne kommuneinndelingen, færre enn N = %(n)s.")
            % {"count": len(members), "n": definition.top_n}
        )
    codes = [m.code for m in members]
    harmoniser = Harmoniser(structure=definition.structure_date)
    values = np.full((len(codes), len(criteria)), np.nan)
    for j, criterion in enumerate(criteria):
        found = selectors.figures(
            harmoniser=harmoniser,
            indicator=criterion.indicator,
            period=criterion.period,
            codes=codes,
        )
        if not any(v is not None for v in found.values()):
            raise ValidationError(
                _("%(code)s har ingen tall for %(period)s på kommuneinndelingen per %(day)s.")
                % {
                    "code": criterion.indicator.code,
                    "period": criterion.period,
                    "day": format_date(definition.structure_date),
                }
            )
        for i, code in enumerate(codes):
            value = found.get(code)
            values[i, j] = float(value) if value is not None else np.nan
    population = selectors.latest_population(
        harmoniser=harmoniser, codes=codes, day=definition.structure_date
    )
    pop = np.array([_float(population.get(c)) for c in codes])
    return members, criteria, values, pop


def _float(value: Decimal | None) -> float:
    return float(value) if value is not None else np.nan


def _specs(criteria: list[Criterion]) -> list[scoring.CriterionSpec]:
    return [
        scoring.CriterionSpec(c.transform, c.normalisation, c.direction, float(c.weight), c.missing)
        for c in criteria
    ]


@transaction.atomic
def scoring_run_compute(*, definition: IndexDefinition, user: Any = None) -> ScoringRun:
    """Rank the universe and freeze inputs, scores, contributions and suggested tiers."""
    members, criteria, values, population = _inputs(definition)
    result = scoring.score(values, population, _specs(criteria))
    run = ScoringRun.objects.create(
        definition=definition,
        computed_by=acting_user(user),
        criteria=[_criterion_snapshot(c) for c in criteria],
    )
    RunRow.objects.bulk_create(
        _row(run, definition, member, i, values, population, result, criteria)
        for i, member in enumerate(members)
    )
    return run


def _criterion_snapshot(c: Criterion) -> dict[str, Any]:
    return {
        "indicator": c.indicator.code,
        "name": c.indicator.name_nb,
        "unit": c.indicator.unit,
        "period": c.period,
        "weight": str(c.weight),
        "direction": c.direction,
        "transform": c.transform,
        "normalisation": c.normalisation,
        "missing": c.missing,
    }


def _number(x: float) -> str | None:
    return None if np.isnan(x) else repr(float(x))


def _row(
    run: ScoringRun,
    definition: IndexDefinition,
    member: selectors.Member,
    i: int,
    values: np.ndarray,
    population: np.ndarray,
    result: scoring.Scores,
    criteria: list[Criterion],
) -> RunRow:
    rank = result.rank[i]
    score = result.score[i]
    pop = population[i]
    return RunRow(
        run=run,
        municipality_code=member.code,
        municipality_name=member.name,
        population=None if np.isnan(pop) else Decimal(int(pop)),
        rank=None if np.isnan(rank) else int(rank),
        score=None
        if np.isnan(score)
        else Decimal(repr(float(score))).quantize(Decimal("0.000001")),
        values=[_number(v) for v in values[i]],
        contributions=[_number(v) for v in result.contributions[i]],
        flags=[_flag_text(f, criteria) for f in result.flags[i]],
        suggested_tier=_suggest(definition, rank, score, pop),
    )


def _flag_text(flag: str, criteria: list[Criterion]) -> str:
    index, policy = flag.split(":")
    c = criteria[int(index)]
    return f"{c.indicator.code} {c.period}: {MissingPolicy(policy).label}"


def _suggest(definition: IndexDefinition, rank: float, score: float, population: float) -> Tier:
    """Top N, above the threshold if one is set, at least the minimum population if set."""
    chosen = not np.isnan(rank) and rank <= definition.top_n
    if chosen and definition.threshold is not None:
        chosen = score >= float(definition.threshold)
    if chosen and definition.min_population is not None:
        chosen = not np.isnan(population) and population >= definition.min_population
    return definition.suggested_tier if chosen else definition.base_tier


@transaction.atomic
def decision_record(
    *,
    run: ScoringRun,
    municipality_code: str,
    tier: Tier,
    reason: str,
    comment: str = "",
    user: Any = None,
    definition_version: int | None = None,
) -> Decision:
    """Record (or change, with history) the tier decided for one municipality on a run."""
    if definition_version is not None and definition_version != run.definition.version:
        raise ValidationError(
            _(
                "Rangeringen er beregnet fra versjon %(run)s av indeksen, ikke versjon "
                "%(given)s: en beslutning må leses mot sin egen rangering."
            )
            % {"run": run.definition.version, "given": definition_version}
        )
    if not run.rows.filter(municipality_code=municipality_code).exists():
        raise ValidationError(
            _("%(code)s er ikke med i denne rangeringen.") % {"code": municipality_code}
        )
    Reason(reason)  # raises ValueError for an unknown reason
    decision, _created = Decision.objects.update_or_create(
        run=run,
        municipality_code=municipality_code,
        defaults={
            "tier": tier,
            "reason": reason,
            "comment": comment.strip(),
            "decided_by": acting_user(user),
        },
    )
    return decision


@transaction.atomic
def run_publish(*, run: ScoringRun) -> ScoringRun:
    """Publish the run and its decisions: municipal users then see their own."""
    run.published = True
    run.save(update_fields=["published"])
    run.decisions.update(published=True)
    return run
