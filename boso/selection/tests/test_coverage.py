"""Coverage of the chosen municipalities of region sør 2010 (seed 000)."""

from decimal import Decimal

import pytest
from django.test import Client

from boso.selection import selectors, services
from boso.selection.choices import Reason
from boso.selection.coverage import coverage
from boso.selection.models import Tier
from boso.selection.tests.analysis_fixtures import sor_run
from boso.statistics.harmonise import Harmoniser
from boso.statistics.models import Indicator

pytestmark = pytest.mark.django_db


def test_shares_of_municipalities_population_and_an_indicator() -> None:
    run = sor_run()
    rows = list(selectors.run_rows(run))
    chosen = {r.municipality_code for r in rows if r.rank is not None}
    homeless = Indicator.objects.get(code="homeless")
    found = coverage(run, indicator=homeless, period="2008")
    assert {code for code, _ in found.chosen} == chosen
    assert (found.municipalities.chosen, found.municipalities.total) == (8, 83)
    assert found.municipalities.share == pytest.approx(8 / 83)
    assert not found.municipalities.missing
    with_population = [r for r in rows if r.population is not None]
    assert found.population.total == sum(
        (r.population for r in with_population if r.population is not None), Decimal(0)
    )
    assert found.population.missing_count == len(rows) - len(with_population)
    figures = selectors.figures(
        harmoniser=Harmoniser(structure=run.definition.structure_date),
        indicator=homeless,
        period="2008",
        codes=[r.municipality_code for r in rows],
    )
    present = {c: v for c, v in figures.items() if v is not None}
    assert found.indicator is not None
    assert found.indicator.total == sum(present.values(), Decimal(0))
    assert found.indicator.chosen == sum(v for c, v in present.items() if c in chosen)
    # Say which lack a figure rather than count them as zero.
    assert found.indicator.missing_count == 83 - len(present)


def test_a_decision_moves_a_municipality_out_of_the_set() -> None:
    run = sor_run()
    services.decision_record(
        run=run,
        municipality_code="0602",
        tier=Tier.objects.get(code="grunntilbud"),
        reason=Reason.OTHER,
    )
    found = coverage(run)
    assert "0602" not in {code for code, _ in found.chosen}
    assert found.municipalities.chosen == 7
    assert found.indicator is None


def test_page_says_what_is_missing(users) -> None:
    run = sor_run()
    client = Client()
    client.force_login(users["advisor"])
    url = f"/utvalg/kjoringer/{run.pk}/dekning/"
    response = client.get(url, {"indikator": "homeless", "periode": "2008"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "mangler tall for" in text
    assert "av 83 kommuner" in text
    bad = client.get(url, {"indikator": "homeless", "periode": "tjue"})
    assert bad.status_code == 200
    assert 'data-testid="coverage-error"' in bad.content.decode()
