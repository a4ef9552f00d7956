"""The national-scale dataset for benchmarks: today's 357 municipalities with their
history, Husbanken's six regions, round(100·S) indicators × 25 years of figures for
every municipality, and round(100·S) programme municipalities, each with an approved
application, a signed agreement, money, an approved plan and ten approved reports;
a published ranking per region and a published synthesis per region.

`generate()` is what the management command generate_national_dataset runs; bench
code can call it in-process. The same scale and seed give the same data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction

from boso.demo.national import register, statistics
from boso.demo.national.accounts import ADMIN, Accounts, advisor_name, create_accounts
from boso.demo.national.plans import Baselines, create_plans
from boso.demo.national.programmes import assign, create_programmes
from boso.demo.national.reports import Context, create_reports
from boso.demo.national.selection import create_rankings
from boso.demo.national.syntheses import create_syntheses
from boso.plans.models import Plan
from boso.programmes.models import Programme
from boso.statistics.models import Indicator, Observation

DEFAULT_SEED = 2024
# For a benchmark database only, and printed: every account of the dataset has it.
DEFAULT_PASSWORD = "boso-bench-passord"  # noqa: S105 (benchmark data only, printed)


class Writer(Protocol):
    def write(self, msg: str) -> Any: ...


class NotEmpty(Exception):
    """The database already holds programmes, plans or figures."""


@dataclass(frozen=True)
class NationalTargets:
    """What a benchmark opens: enough to build each page's URL with reverse()."""

    municipality: str  # a programme municipality's code (fact sheet, municipality pages)
    indicator: str  # indicator page
    selection_run: int  # ranking (selection:run)
    programme: int  # programme page and the region's dashboard (reports:programme-dashboard)
    application: int
    plan: int
    report: int
    region: str  # region slug (municipalities:region-detail)
    synthesis: int
    username: dict[str, str] = field(default_factory=dict)  # role → username

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def counts(scale: float) -> tuple[int, int]:
    """(programme municipalities, indicators) at a scale: round(100·S), at least one."""
    if scale <= 0:
        raise ValueError("the scale must be a positive number")
    n = max(1, round(100 * scale))
    return n, n


def check_empty() -> None:
    for model in (Programme, Plan, Observation, Indicator):
        if model._default_manager.exists():
            raise NotEmpty(
                f"the database already holds {model._meta.verbose_name_plural}; "
                "generate into a freshly migrated, empty database"
            )


class _Steps:
    """Runs the steps, printing one line each: what, how many rows, seconds."""

    def __init__(self, stdout: Writer | None) -> None:
        self.stdout = stdout

    def run(self, what: str, step: Callable[[], Any], size: Callable[[Any], int]) -> Any:
        began = time.perf_counter()
        with transaction.atomic():
            result = step()
        seconds = time.perf_counter() - began
        if self.stdout is not None:
            self.stdout.write(f"{what}: {size(result)} rows, {seconds:.1f} s\n")
        return result


def generate(
    *,
    scale: float,
    seed: int = DEFAULT_SEED,
    password: str = DEFAULT_PASSWORD,
    shared_dir: Path,
    stdout: Writer | None = None,
) -> NationalTargets:
    participants, indicator_count = counts(scale)
    check_empty()
    steps = _Steps(stdout)
    steps.run("register and regions", lambda: register.load_register(shared_dir), lambda n: n)
    places = register.places()
    regions = register.regions()
    chosen = assign(places, participants, seed)
    specs = register.indicator_specs(indicator_count)
    indicators = steps.run(
        "indicators", lambda: register.create_indicators(specs), lambda made: len(made)
    )
    steps.run(
        "observations",
        lambda: _observations(seed, specs, indicators, [p.code for p in places]),
        lambda n: n,
    )
    accounts = steps.run(
        "accounts",
        lambda: create_accounts(password=password, regions=regions, chosen=[p for _r, p in chosen]),
        lambda a: 1 + len(a.advisors) + len(a.coordinators),
    )
    runs = steps.run(
        "rankings",
        lambda: create_rankings(
            regions=regions, specs=specs, chosen=[p for _r, p in chosen], accounts=accounts
        ),
        lambda r: len(r),
    )
    made = steps.run(
        "programmes",
        lambda: create_programmes(regions=regions, chosen=chosen, accounts=accounts),
        lambda m: len(m.participations),
    )
    catalogue = [indicators[s.code] for s in specs[1:]] or [indicators[specs[0].code]]
    figures = _figures(catalogue[:6], [p.municipality.code for p in made.participations])
    parts = steps.run(
        "plans",
        lambda: create_plans(
            participations=made.participations,
            catalogue=catalogue,
            figures=figures,
            approvers=accounts.advisors,
            seed=seed,
        ),
        lambda p: len(p),
    )
    ctx = Context(coordinators=accounts.coordinators, advisors=accounts.advisors, figures=figures)
    reports = steps.run(
        "reports", lambda: create_reports(parts=parts, ctx=ctx, seed=seed), lambda r: len(r)
    )
    syntheses = steps.run(
        "syntheses",
        lambda: create_syntheses(programmes=made.programmes, advisors=accounts.advisors),
        lambda s: len(s),
    )
    return _targets(made, parts, reports, syntheses, runs, specs, accounts)


def _observations(
    seed: int,
    specs: list[register.IndicatorSpec],
    indicators: dict[str, Indicator],
    codes: list[str],
) -> int:
    run = statistics.import_run(cells=len(specs) * len(codes) * statistics.YEARS)
    rows = statistics.rows(
        seed=seed, specs=specs, indicators=indicators, codes=codes, run_id=run.pk
    )
    return statistics.write(rows)


def _figures(catalogue: list[Indicator], codes: list[str]) -> Baselines:
    """The stored figures of the plans' catalogue indicators for the programme
    municipalities: baselines and the reports' actuals."""
    found = Observation.objects.filter(
        indicator__in=catalogue, region__in=set(codes), value__isnull=False
    ).values_list("indicator_id", "region", "period", "value")
    return {(i, r, p): v for i, r, p, v in found if v is not None}


def _targets(
    made: Any, parts: Any, reports: Any, syntheses: Any, runs: Any, specs: Any, accounts: Accounts
) -> NationalTargets:
    participation = made.participations[0]
    region = participation.programme.region
    plan = next(p.plan for p in parts if p.plan.participation_id == participation.pk)
    report = next(r for r in reports if r.period.participation_id == participation.pk)
    synthesis = next(s for s in syntheses if s.programme.region_id == region.pk)
    code = participation.municipality.code
    return NationalTargets(
        municipality=code,
        indicator=specs[1].code if len(specs) > 1 else specs[0].code,
        selection_run=runs[region.pk].pk,
        programme=participation.programme_id,
        application=made.applications[participation.pk].pk,
        plan=plan.pk,
        report=report.pk,
        region=region.slug,
        synthesis=synthesis.pk,
        username={
            "admin": ADMIN,
            "advisor": advisor_name(region),
            "coordinator": accounts.coordinators[code].username,
        },
    )
