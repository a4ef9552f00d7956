"""The demo's kommunepyramiden: region sør 2010 (seed 000) and Midt-Norge 2009 (seed 001),
as the session loaded them (boso/demo/data/SEEDS.md tells how seed 001 was read)."""

import time

import pytest

from boso.demo.services import demo_load_selection
from boso.demo.tests.test_demo_statistics import MIDT_NORGE_17, REGION_SOR
from boso.selection import selectors
from boso.selection.choices import MissingPolicy, Reason, Transform
from boso.selection.models import Decision, IndexDefinition, ScoringRun

pytestmark = pytest.mark.django_db

AGREEMENTS_AUGUST_2010 = {"1601", "1504", "1502", "1702", "1505"}  # seed 001, page 14
ROLE_MODELS = {"1663", "1548"}  # Malvik and Fræna, seed 001 pages 6 and 13


def _run(family: str) -> ScoringRun:
    definition = IndexDefinition.objects.get(family=family, version=1)
    return definition.runs.get()


def test_region_sor_2010_definition_run_and_decisions() -> None:
    definition = IndexDefinition.objects.get(family="sor-2010", version=1)
    assert definition.name == "Region sør 2010"
    assert definition.region.slug == "sor"
    assert (definition.top_n, definition.suggested_tier.code, definition.base_tier.code) == (
        8,
        "samarbeidsavtale",
        "grunntilbud",
    )
    criteria = [
        (c.indicator.code, c.period, c.transform, c.missing) for c in definition.criteria.all()
    ]
    assert criteria == [
        ("living_conditions_index", "2009", Transform.RAW, MissingPolicy.EXCLUDE),
        ("homeless", "2008", Transform.PER_1000, MissingPolicy.EXCLUDE),
        ("population", "2009", Transform.RAW, MissingPolicy.EXCLUDE),
    ]
    run = _run("sor-2010")
    assert run.published
    ranked = {r.municipality_code for r in run.rows.filter(rank__isnull=False)}
    assert ranked == set(REGION_SOR)
    decisions = list(run.decisions.select_related("tier"))
    assert {d.municipality_code for d in decisions} == set(REGION_SOR)
    for d in decisions:
        assert (d.tier.code, d.reason, d.published) == ("samarbeidsavtale", Reason.CHALLENGES, True)
        assert "Invitert til boligsosialt utviklingsprogram, Husbanken sør 2010" in d.comment
        assert d.decided_by is not None
        assert d.decided_by.username == "radgiver.sor"
    top = selectors.pyramid(run)[0]
    assert top.tier.code == "samarbeidsavtale"
    assert {code for code, _ in top.members} == set(REGION_SOR)


def test_midt_norge_2009_the_17_as_the_document_lists_them() -> None:
    definition = IndexDefinition.objects.get(family="midt-norge-2009", version=1)
    assert definition.structure_date.isoformat() == "2009-06-01"
    assert "bare for de 17" in definition.description
    run = _run("midt-norge-2009")
    assert run.rows.count() == 85
    ranked = run.rows.filter(rank__isnull=False).order_by("rank")
    assert {r.municipality_code for r in ranked} == set(MIDT_NORGE_17)
    assert ranked[0].municipality_name == "Trondheim"  # 225 start loans in 2009
    assert all(r.flags for r in run.rows.filter(rank__isnull=True))
    decisions = {d.municipality_code: d for d in run.decisions.select_related("tier")}
    assert set(decisions) == set(MIDT_NORGE_17)
    agreements = {c for c, d in decisions.items() if d.tier.code == "samarbeidsavtale"}
    assert agreements == AGREEMENTS_AUGUST_2010
    others = {d.tier.code for c, d in decisions.items() if c not in agreements}
    assert others == {"satsingskommune"}
    assert {c for c, d in decisions.items() if d.reason == Reason.ROLE_MODEL} == ROLE_MODELS
    assert all(d.reason == Reason.CHALLENGES for c, d in decisions.items() if c not in ROLE_MODELS)
    assert "Innherred samkommune" in decisions["1721"].comment
    assert all(d.published for d in decisions.values())
    assert run.published


def test_a_rerun_creates_nothing_and_is_fast() -> None:
    before = (
        IndexDefinition.objects.count(),
        ScoringRun.objects.count(),
        Decision.objects.count(),
        Decision.history.count(),
    )
    started = time.perf_counter()
    demo_load_selection()
    assert time.perf_counter() - started < 1
    after = (
        IndexDefinition.objects.count(),
        ScoringRun.objects.count(),
        Decision.objects.count(),
        Decision.history.count(),
    )
    assert after == before
