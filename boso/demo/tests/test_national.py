"""The national-scale dataset generator at a tiny scale (0.03: three programme
municipalities, three indicators) on the test database, emptied first of the session's
demo (inside the test's transaction, so the demo is back afterwards)."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test import Client, override_settings
from django.urls import reverse

from boso.accounts.models import User
from boso.demo import national
from boso.demo.national import register, statistics
from boso.demo.national.programmes import assign
from boso.demo.national.register import places
from boso.plans.models import Activity, Goal, Plan, PlanIndicator
from boso.programmes.models import Application, Participation, Programme
from boso.reports.choices import ReportStatus, SynthesisStatus
from boso.reports.models import Report, ReportCost, ReportItem, Synthesis
from boso.selection.models import RunRow, ScoringRun
from boso.statistics.models import Indicator, Observation

pytestmark = pytest.mark.django_db

SCALE = 0.03
KEEP = {"contenttypes", "auth", "sessions", "admin"}


def _wipe() -> None:
    """Every row of boso's own tables, without cascades: the foreign keys are checked at
    commit, and the test's transaction is rolled back instead."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in KEEP and model.__module__.startswith("boso."):
            model._base_manager.all()._raw_delete(connection.alias)
    User.objects.all()._raw_delete(connection.alias)


def _generate(seed: int = national.DEFAULT_SEED) -> tuple[national.NationalTargets, str]:
    out = io.StringIO()
    targets = national.generate(
        scale=SCALE, seed=seed, password="x", shared_dir=settings.SHARED_DIR, stdout=out
    )
    return targets, out.getvalue()


def _observation_indexes() -> dict[str, tuple[list[str], bool]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Observation._meta.db_table)
    return {
        name: (info["columns"], info["unique"])
        for name, info in found.items()
        if info["index"] or info["unique"]
    }


def _digest(*tables: type[models.Model]) -> str:
    """A hash of the tables' contents, leaving out ids, links and time stamps."""
    sha = hashlib.sha256()
    for model in tables:
        names = [
            f.name
            for f in model._meta.concrete_fields
            if not (f.primary_key or f.is_relation or isinstance(f, models.DateTimeField))
        ]
        for row in sorted(model._base_manager.values_list(*names), key=repr):
            sha.update(repr(row).encode())
    return sha.hexdigest()


DIGESTED = (
    Indicator,
    Observation,
    RunRow,
    Application,
    Plan,
    Goal,
    Activity,
    PlanIndicator,
    Report,
    ReportItem,
    ReportCost,
    Synthesis,
)


def test_counts_follow_the_scale() -> None:
    assert national.counts(0.03) == (3, 3)
    assert national.counts(1) == (100, 100)
    assert national.counts(10) == (1000, 1000)
    assert national.counts(0.001) == (1, 1)
    with pytest.raises(ValueError, match="positive"):
        national.counts(0)


def test_refuses_a_database_that_is_not_empty() -> None:
    # The session's demo holds programmes and figures.
    with pytest.raises(CommandError, match="refused"):
        call_command("generate_national_dataset", "--scale", "0.01", stdout=io.StringIO())


def _pages(targets: national.NationalTargets) -> dict[str, str]:
    return {
        "municipality list": reverse("municipalities:list"),
        "fact sheet": reverse("facts:sheet", args=[targets.municipality]),
        "indicator": reverse("facts:indicator", args=[targets.indicator]),
        "ranking": reverse("selection:run", args=[targets.selection_run]),
        "programme": reverse("programmes:programme", args=[targets.programme]),
        "application": reverse("programmes:application", args=[targets.application]),
        "plan": reverse("plans:plan", args=[targets.plan]),
        "report": reverse("reports:report", args=[targets.report]),
        "region dashboard": reverse("reports:programme-dashboard", args=[targets.programme]),
        "synthesis": reverse("reports:synthesis", args=[targets.synthesis]),
    }


def _status(username: str, url: str) -> int:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.get(url).status_code


def _check_counts(targets: national.NationalTargets, out: str) -> None:
    municipalities = len(places())
    assert municipalities == 357
    assert Indicator.objects.count() == 3
    assert Observation.objects.count() == 3 * municipalities * 25
    assert Observation.objects.filter(value__isnull=True).exclude(status="..").count() == 0
    assert Participation.objects.count() == 3
    assert Application.objects.filter(status="approved").count() == 3
    assert Plan.objects.filter(status="approved").count() == 3
    assert Goal.objects.count() + Activity.objects.count() == 3 * 30
    assert PlanIndicator.objects.count() == 3 * 10
    assert Report.objects.filter(status=ReportStatus.APPROVED).count() == 3 * 10
    assert ScoringRun.objects.filter(published=True).count() == 6
    assert RunRow.objects.count() == municipalities
    assert Synthesis.objects.filter(status=SynthesisStatus.PUBLISHED).exists()
    assert Programme.objects.get(pk=targets.programme).region.slug == targets.region
    for step in ("observations", "programmes", "plans", "reports", "syntheses"):
        assert f"\n{step}: " in "\n" + out


# Password hashing is not what this test is about; Argon2 would be most of its time.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_generates_a_tiny_national_dataset(attachment_dir: Any) -> None:
    indexes = _observation_indexes()
    _wipe()
    targets, out = _generate()
    _check_counts(targets, out)
    assert _observation_indexes() == indexes  # dropped for the load, built again after
    pages = _pages(targets)
    for name, url in pages.items():
        assert _status(targets.username["advisor"], url) == 200, name
    for name in ("fact sheet", "application", "plan", "report"):
        assert _status(targets.username["coordinator"], pages[name]) == 200, name
    first = _digest(*DIGESTED)
    _wipe()
    again, _out = _generate()
    assert _digest(*DIGESTED) == first
    assert again.municipality == targets.municipality


def test_the_seed_drives_the_figures_and_the_choices() -> None:
    # Without generating again: the figures and the programme municipalities are drawn
    # from the seed alone, so a second seed must give others.
    specs = register.indicator_specs(3)
    indicators = {s.code: Indicator(pk=n + 1, code=s.code) for n, s in enumerate(specs)}
    codes = ["3301", "4601", "5001"]

    def figures(seed: int) -> list[Any]:
        rows = statistics.rows(seed=seed, specs=specs, indicators=indicators, codes=codes, run_id=1)
        return [row[:-1] for row in rows]  # all but the time stamp

    assert figures(national.DEFAULT_SEED) == figures(national.DEFAULT_SEED)
    assert figures(7) != figures(national.DEFAULT_SEED)
    chosen = places()
    assert assign(chosen, 5, 7) != assign(chosen, 5, national.DEFAULT_SEED)
