"""Seed figures: region sør's 2010 deadline and Drammen's budget 2010–2014 (seed 002)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from boso.programmes import services

DEADLINE = datetime.date(2010, 3, 31)  # seed 000: "Søknadsfrist 31. mars."
BEFORE = datetime.date(2010, 3, 24)
AFTER = datetime.date(2010, 4, 6)
# Seed 002, "Økonomi": Husbanken and Drammen kommune per year.
HUSBANKEN = {
    2010: Decimal(750_000),
    2011: Decimal(1_500_000),
    2012: Decimal(1_500_000),
    2013: Decimal(700_000),
    2014: Decimal(500_000),
}
DRAMMEN_MONEY = {2013: Decimal(685_000), 2014: Decimal(800_000)}
# Money alone is 1 485 000 of 6 435 000 (23,1 %); valued work time lifts it into range.
HOURS_2010 = Decimal(1500)
RATE = Decimal(500)


# A (tiny) PDF standing in for the executive board's decision document.
DECISION_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach_decision(application: Any) -> Any:
    """Attach the political decision, which a submission needs."""
    import io

    services.attachment_add(
        application=application,
        upload=io.BytesIO(DECISION_PDF),
        name="vedtak.pdf",
        kind="political_decision",
    )
    return application


def drammen_years(**changes: Any) -> list[services.YearInput]:
    years = []
    for year, grant in HUSBANKEN.items():
        values: dict[str, Any] = {
            "year": year,
            "grant_requested": grant,
            "own_money": DRAMMEN_MONEY.get(year, Decimal(0)),
            "own_hours": HOURS_2010 if year == 2010 else Decimal(0),
            "hour_rate": RATE if year == 2010 else Decimal(0),
        }
        values.update(changes.get(str(year), {}))
        years.append(services.YearInput(**values))
    return years
