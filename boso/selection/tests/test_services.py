"""Region sør 2010 ranked on the seed 000 table: levekår, homeless per 1000, population."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from boso.selection import selectors, services
from boso.selection.choices import Reason
from boso.selection.models import Decision, Tier
from boso.selection.tests.analysis_fixtures import sor_2010

pytestmark = pytest.mark.django_db
INVITED = {"0805", "0704", "0906", "0709", "0706", "0806", "0602", "1001"}  # seed 000


def _sor_2010(**overrides):
    # The demo's own family, so version numbers follow the demo's version 1.
    return sor_2010(**{"family": "sor-2010", **overrides})


def test_region_sor_ranks_the_eight_invited() -> None:
    run = services.scoring_run_compute(definition=_sor_2010())
    ranked = [r for r in selectors.run_rows(run) if r.rank is not None]
    assert {r.municipality_code for r in ranked} == INVITED
    assert [r.rank for r in ranked] == list(range(1, 9))
    assert all(r.suggested_tier.code == "samarbeidsavtale" for r in ranked)
    first = ranked[0]
    assert sum(Decimal(c) for c in first.contributions) == pytest.approx(
        first.score, abs=Decimal("0.00001")
    )
    # The frozen snapshot keeps the inputs: Drammen's levekår 7.0 and homeless 85/60 145.
    drammen = next(r for r in ranked if r.municipality_code == "0602")
    assert Decimal(drammen.values[0]) == Decimal("7.0")
    assert float(drammen.values[1]) == 85
    assert run.rows.filter(rank__isnull=True).count() == 83 - 8


def test_versions_are_never_edited() -> None:
    first = _sor_2010()
    second = _sor_2010(top_n=4)
    assert second.version == first.version + 1  # the demo holds version 1 already
    assert first.criteria.count() == second.criteria.count() == 3


def test_bad_definitions_are_refused_before_computing() -> None:
    with pytest.raises(ValidationError, match="større enn null"):
        _sor_2010(criteria=[services.CriterionInput("population", "2009", Decimal(0))])
    with pytest.raises(ValidationError, match="er ikke en periode"):
        _sor_2010(criteria=[services.CriterionInput("population", "twenty", Decimal(1))])
    no_data = _sor_2010(criteria=[services.CriterionInput("waiting_list", "2009", Decimal(1))])
    with pytest.raises(ValidationError, match="waiting_list har ingen tall for 2009"):
        services.scoring_run_compute(definition=no_data)
    too_many = _sor_2010(top_n=500)
    with pytest.raises(ValidationError, match="færre enn N = 500"):
        services.scoring_run_compute(definition=too_many)


def test_decisions_keep_history_and_refuse_another_version(users) -> None:
    run = services.scoring_run_compute(definition=_sor_2010())
    agreement = Tier.objects.get(code="samarbeidsavtale")
    decision = services.decision_record(
        run=run,
        municipality_code="0602",
        tier=agreement,
        reason=Reason.CHALLENGES,
        comment="Vedtak i formannskapet",
        user=users["advisor"],
    )
    services.decision_record(
        run=run,
        municipality_code="0602",
        tier=Tier.objects.get(code="satsingskommune"),
        reason=Reason.ABILITY,
        user=users["advisor"],
    )
    assert Decision.objects.get(pk=decision.pk).history.count() == 2
    version = run.definition.version  # the demo holds version 1 of the family
    with pytest.raises(ValidationError, match=f"beregnet fra versjon {version}"):
        services.decision_record(
            run=run,
            municipality_code="0602",
            tier=agreement,
            reason=Reason.CHALLENGES,
            definition_version=version + 1,
        )
    levels = selectors.pyramid(run)
    assert levels[0].tier.code == "samarbeidsavtale"
    assert "0602" not in {code for code, _ in levels[0].members}
