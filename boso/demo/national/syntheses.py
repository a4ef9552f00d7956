"""One published synthesis per programme of the first round (a region each), for the
second half of 2024, drafted from the approved reports and published through
boso.reports.synthesis."""

from __future__ import annotations

import datetime

from boso.programmes.models import Programme
from boso.reports import synthesis as synthesis_services
from boso.reports.models import Synthesis

TITLE = "2. halvår 2024"
STARTS_ON, ENDS_ON = datetime.date(2024, 7, 1), datetime.date(2024, 12, 31)


def create_syntheses(
    *, programmes: list[Programme], advisors: dict[int, object]
) -> list[Synthesis]:
    made = []
    seen: set[int] = set()
    for programme in programmes:
        if programme.region_id in seen or not programme.participations.exists():
            continue  # a region without programme municipalities has nothing to sum up
        seen.add(programme.region_id)
        synthesis = synthesis_services.synthesis_draft(
            programme=programme,
            title=TITLE,
            starts_on=STARTS_ON,
            ends_on=ENDS_ON,
            user=advisors[programme.region_id],
        )
        synthesis = synthesis_services.synthesis_save(
            synthesis=synthesis,
            expected_revision=synthesis.revision,
            introduction=f"Sammenstilling av rapportene fra {programme.region.name}, {TITLE}.",
        )
        made.append(
            synthesis_services.synthesis_publish(
                synthesis=synthesis, expected_revision=synthesis.revision
            )
        )
    return made
