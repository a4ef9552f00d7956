"""The register, the regions and the indicator catalogue of the national dataset.

The register (KLASS 131 with its history) and Husbanken's regions are loaded exactly as
the demo loads them; only the statistics are generated.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from boso.demo.services import KLASS_SUBDIR, demo_load_regions
from boso.municipalities import services as municipality_services
from boso.municipalities.models import Municipality, Region
from boso.municipalities.selectors import municipality_list, region_membership
from boso.statistics.choices import Direction, IndicatorKind
from boso.statistics.models import Indicator

TODAY_STRUCTURE = datetime.date(2024, 1, 1)
POPULATION = "population"
# Every tenth indicator (from the third on) is a rate of the count before it per 1000
# inhabitants, recomputed from its parts as the catalogue's rates are.
RATE_EVERY = 10


@dataclass(frozen=True)
class Place:
    """A municipality of today's structure and the region it belongs to."""

    code: str
    name: str
    municipality_id: int
    region_id: int


def load_register(shared_dir: Path) -> int:
    """Counties, KLASS 131 (versions, names, changes) and the six regions, as the demo;
    returns how many municipality rows the register holds."""
    municipality_services.county_load_defaults()
    municipality_services.register_load_klass(directory=shared_dir / KLASS_SUBDIR)
    demo_load_regions()
    return Municipality.objects.count()


def places() -> list[Place]:
    """Today's municipalities in code order, each with its region."""
    membership = region_membership(TODAY_STRUCTURE)
    found = []
    for row in municipality_list(day=TODAY_STRUCTURE):
        region_id = membership.region_id_for(row.municipality)
        if region_id is None:
            continue  # no region claims it: it cannot be in a region's programme
        found.append(Place(row.municipality.code, row.name, row.municipality.pk, region_id))
    return found


def regions() -> list[Region]:
    return list(Region.objects.order_by("slug"))


FACT_SHEET_INDICATORS = 10


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    kind: str
    numerator: str | None = None  # for rates: the codes of the parts
    denominator: str | None = None


def indicator_specs(count: int) -> list[IndicatorSpec]:
    """`count` indicators: the population first, then counts and amounts, with a rate
    (count per 1000 inhabitants) at every tenth place."""
    specs = [IndicatorSpec(POPULATION, IndicatorKind.COUNT)]
    for i in range(1, count):
        code = f"nat_{i:03d}"
        if i % RATE_EVERY == 2:
            specs.append(IndicatorSpec(code, IndicatorKind.RATE, specs[i - 1].code, POPULATION))
        else:
            kind = IndicatorKind.AMOUNT if i % 3 == 0 else IndicatorKind.COUNT
            specs.append(IndicatorSpec(code, kind))
    return specs


def create_indicators(specs: list[IndicatorSpec]) -> dict[str, Indicator]:
    """The generated catalogue entries (rates after their parts, as the catalogue)."""
    made: dict[str, Indicator] = {}
    for n, spec in enumerate(specs):
        made[spec.code] = Indicator.objects.create(
            code=spec.code,
            name_nb="Folkemengde" if spec.code == POPULATION else f"Syntetisk indikator {n:03d}",
            unit=_unit(spec),
            kind=spec.kind,
            numerator=made[spec.numerator] if spec.numerator else None,
            denominator=made[spec.denominator] if spec.denominator else None,
            multiplier=Decimal(1000) if spec.kind == IndicatorKind.RATE else None,
            direction=Direction.NEUTRAL if n == 0 else Direction.HIGHER_IS_WORSE,
            decimals=2 if spec.kind == IndicatorKind.RATE else 0,
            # The fact sheet keeps its ten key figures at every scale; the rest of
            # the catalogue is on the indicator pages.
            on_fact_sheet=n < FACT_SHEET_INDICATORS,
            source="boso ytelsesmåling (syntetiske tall)",
            definition="Syntetiske tall for ytelsesmåling, ikke offisiell statistikk.",
        )
    return made


def _unit(spec: IndicatorSpec) -> str:
    if spec.kind == IndicatorKind.RATE:
        return "per 1000 innbyggere"
    if spec.kind == IndicatorKind.AMOUNT:
        return "kr"
    return "personer"
