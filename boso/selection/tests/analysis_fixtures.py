"""A frozen run of region sør 2010 (seed 000), for the analysis tests and matrix rows."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from boso.municipalities.models import Region
from boso.selection import services
from boso.selection.choices import MissingPolicy, Transform
from boso.selection.models import IndexDefinition, ScoringRun, Tier

FAMILY = "sor-2010-analyse"


def sor_2010(**overrides: Any) -> IndexDefinition:
    params: dict[str, Any] = {
        "family": FAMILY,
        "name": "Region sør 2010",
        "region": Region.objects.get(slug="sor"),
        "structure_date": datetime.date(2010, 1, 1),
        "criteria": [
            services.CriterionInput(
                "living_conditions_index", "2009", Decimal(1), missing=MissingPolicy.EXCLUDE
            ),
            services.CriterionInput(
                "homeless",
                "2008",
                Decimal(1),
                transform=Transform.PER_1000,
                missing=MissingPolicy.EXCLUDE,
            ),
            services.CriterionInput(
                "population", "2009", Decimal(1), missing=MissingPolicy.EXCLUDE
            ),
        ],
        "top_n": 8,
        "suggested_tier": Tier.objects.get(code="samarbeidsavtale"),
        "base_tier": Tier.objects.get(code="grunntilbud"),
    }
    return services.definition_save(**{**params, **overrides})


def sor_run(**overrides: Any) -> ScoringRun:
    return services.scoring_run_compute(definition=sor_2010(**overrides))
