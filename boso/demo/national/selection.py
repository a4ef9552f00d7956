"""Kommunepyramiden of the national dataset: an index per region over today's
structure (together the six rank all municipalities), on up to ten of the generated
indicators, computed, with a decision for every programme municipality, published.

An index definition belongs to one region, so "a ranking of all 357" is six runs.
"""

from __future__ import annotations

from decimal import Decimal

from boso.demo.national.accounts import Accounts
from boso.demo.national.register import TODAY_STRUCTURE, IndicatorSpec, Place
from boso.municipalities.models import Region
from boso.selection import services as selection_services
from boso.selection.choices import MissingPolicy, Reason, Transform
from boso.selection.models import ScoringRun
from boso.statistics.choices import IndicatorKind

CRITERIA = 10
CRITERIA_PERIOD = "2024"
COMMENT = "Valgt til boligsosialt utviklingsprogram (generert datasett for ytelsesmåling)."


def _criteria(specs: list[IndicatorSpec]) -> list[selection_services.CriterionInput]:
    """Up to ten indicators, counts per 1000 inhabitants and the rest as they are."""
    chosen = specs[1 : CRITERIA + 1] or specs[:1]
    return [
        selection_services.CriterionInput(
            spec.code,
            CRITERIA_PERIOD,
            Decimal(1),
            transform=Transform.PER_1000 if spec.kind == IndicatorKind.COUNT else Transform.RAW,
            missing=MissingPolicy.FLAG,
        )
        for spec in chosen
    ]


def create_rankings(
    *,
    regions: list[Region],
    specs: list[IndicatorSpec],
    chosen: list[Place],
    accounts: Accounts,
) -> dict[int, ScoringRun]:
    """Region id → its published run, with decisions for the chosen municipalities."""
    tiers = selection_services.tiers_ensure_defaults()
    runs: dict[int, ScoringRun] = {}
    codes_by_region: dict[int, list[str]] = {}
    for place in chosen:
        codes_by_region.setdefault(place.region_id, [])
        if place.code not in codes_by_region[place.region_id]:
            codes_by_region[place.region_id].append(place.code)
    for region in regions:
        advisor = accounts.advisors[region.pk]
        definition = selection_services.definition_save(
            family=f"nasjonal-{region.slug}",
            name=f"{region.name} {TODAY_STRUCTURE.year}",
            description="Generert indeks over regionens kommuner (ytelsesmåling).",
            region=region,
            structure_date=TODAY_STRUCTURE,
            criteria=_criteria(specs),
            top_n=min(8, max(1, len(codes_by_region.get(region.pk, [])))),
            suggested_tier=tiers["samarbeidsavtale"],
            base_tier=tiers["grunntilbud"],
            user=advisor,
        )
        run = selection_services.scoring_run_compute(definition=definition, user=advisor)
        for code in codes_by_region.get(region.pk, []):
            selection_services.decision_record(
                run=run,
                municipality_code=code,
                tier=tiers["samarbeidsavtale"],
                reason=Reason.CHALLENGES,
                comment=COMMENT,
                user=advisor,
            )
        runs[region.pk] = selection_services.run_publish(run=run)
    return runs
