"""Permission-matrix rows for the selection pages (kommunepyramiden)."""

from collections.abc import Callable, Mapping
from typing import Any

from boso.core.testing.matrix import Row, only

# Husbanken sees every index and run; an advisor manages and decides for the own
# region only (radgiver.sor, not radgiver.ost); municipal users see their own
# published decisions on a page of their own.
_VIEW = dict.fromkeys(("admin", "advisor", "advisor_other"), 200)
# Admins are superusers and pass every permission: they see an empty page.
_MUNICIPAL = dict.fromkeys(("admin", "coordinator", "coordinator_other", "reader"), 200)


def _sor(template: str, *, decided: bool = False) -> Callable[[Mapping[str, Any]], str]:
    """A URL of a fresh run of region sør 2010 ({run}, {definition}); with a decision
    for Skien (0806) when `decided`."""

    def url(users: Mapping[str, Any]) -> str:
        from boso.selection import services
        from boso.selection.models import Tier
        from boso.selection.tests.analysis_fixtures import sor_run

        run = sor_run()
        if decided:
            services.decision_record(
                run=run,
                municipality_code="0806",
                tier=Tier.objects.get(code="samarbeidsavtale"),
                reason="challenges",
                user=users["advisor"],
            )
        return template.format(run=run.pk, definition=run.definition_id)

    return url


ROWS: list[Row] = [
    Row("selection list", "/utvalg/", only(_VIEW)),
    Row(
        "selection new index",
        "/utvalg/ny/",
        only({"admin": 200, "advisor": 200, "advisor_other": 200}),
    ),
    Row(
        "selection new index, empty form",
        "/utvalg/ny/",
        only({"admin": 400, "advisor": 400, "advisor_other": 400}),
        method="POST",
    ),
    Row(
        "selection new version",
        _sor("/utvalg/indekser/{definition}/ny-versjon/"),
        only({"admin": 200, "advisor": 200}),
    ),
    Row(
        "selection compute",
        _sor("/utvalg/indekser/{definition}/beregn/"),
        only({"admin": 302, "advisor": 302}),
        method="POST",
    ),
    Row("selection run", _sor("/utvalg/kjoringer/{run}/?hvorfor=0806"), only(_VIEW)),
    Row("selection run, unknown", "/utvalg/kjoringer/999999/", only(dict.fromkeys(_VIEW, 404))),
    Row("selection pyramid", _sor("/utvalg/kjoringer/{run}/pyramide/"), only(_VIEW)),
    Row(
        "selection publish",
        _sor("/utvalg/kjoringer/{run}/publiser/"),
        only({"admin": 302, "advisor": 302}),
        method="POST",
    ),
    Row(
        "selection decide",
        _sor("/utvalg/kjoringer/{run}/beslutninger/0806/"),
        only({"admin": 302, "advisor": 302}),
        method="POST",
        data={"tier": "samarbeidsavtale", "reason": "challenges", "comment": "matrise"},
    ),
    Row(
        "selection decision history",
        _sor("/utvalg/kjoringer/{run}/beslutninger/0806/historikk/", decided=True),
        only(_VIEW),
    ),
    Row("selection my decisions", "/utvalg/min-kommune/", only(_MUNICIPAL)),
]

# Sensitivity, coverage, rotation and the selection API: Husbanken only
# (selection.view_selection); municipal users get 403, also in the API.
from collections.abc import Callable as _Callable  # noqa: E402
from collections.abc import Mapping as _Mapping  # noqa: E402
from typing import Any as _Any  # noqa: E402

from boso.core.testing.matrix import only as _only  # noqa: E402

_HUSBANKEN = dict.fromkeys(("admin", "advisor", "advisor_other"), 200)


def _with_run(template: str) -> _Callable[[_Mapping[str, _Any]], str]:
    """A URL of a fresh run of region sør 2010 ({run}, {definition} and {family})."""

    def url(users: _Mapping[str, _Any]) -> str:
        from boso.selection.tests.analysis_fixtures import FAMILY, sor_run

        run = sor_run()
        return template.format(run=run.pk, definition=run.definition_id, family=FAMILY)

    return url


ROWS += [
    Row(
        "run sensitivity",
        _with_run("/utvalg/kjoringer/{run}/sensitivitet/"),
        _only(_HUSBANKEN),
    ),
    Row(
        "run sensitivity, unknown run",
        "/utvalg/kjoringer/999999/sensitivitet/",
        _only(dict.fromkeys(_HUSBANKEN, 404)),
    ),
    Row(
        "run coverage",
        _with_run("/utvalg/kjoringer/{run}/dekning/?indikator=homeless&periode=2008"),
        _only(_HUSBANKEN),
    ),
    Row("family rotation", _with_run("/utvalg/rotasjon/{family}/"), _only(_HUSBANKEN)),
    Row(
        "api selection definitions",
        "/api/v1/selection/definitions",
        _only(_HUSBANKEN, anonymous=401),
        api=True,
    ),
    Row(
        "api selection definition",
        _with_run("/api/v1/selection/definitions/{definition}"),
        _only(_HUSBANKEN, anonymous=401),
        api=True,
    ),
    Row(
        "api selection run",
        _with_run("/api/v1/selection/runs/{run}"),
        _only(_HUSBANKEN, anonymous=401),
        api=True,
    ),
    Row(
        "api selection run sensitivity",
        _with_run("/api/v1/selection/runs/{run}/sensitivity"),
        _only(_HUSBANKEN, anonymous=401),
        api=True,
    ),
    Row(
        "api selection run coverage",
        _with_run("/api/v1/selection/runs/{run}/coverage?indicator=homeless&period=2008"),
        _only(_HUSBANKEN, anonymous=401),
        api=True,
    ),
]

# Downloads of a run (ranking and beslutningsnotat, PDF and XLSX): Husbanken only
# (selection.view_selection), read on the demo's published run of region sør 2010.


def _demo_run(template: str) -> _Callable[[_Mapping[str, _Any]], str]:
    def url(users: _Mapping[str, _Any]) -> str:
        from boso.selection.models import ScoringRun

        run = ScoringRun.objects.get(definition__family="sor-2010", definition__version=1)
        return template.format(run=run.pk)

    return url


ROWS += [
    Row(f"run {name}", _demo_run(f"/utvalg/kjoringer/{{run}}/{name}"), _only(_HUSBANKEN))
    for name in (
        "rangering.pdf",
        "rangering.xlsx",
        "beslutningsnotat.pdf",
        "beslutningsnotat.xlsx",
    )
]
ROWS.append(
    Row(
        "run ranking xlsx, unknown run",
        "/utvalg/kjoringer/999999/rangering.xlsx",
        _only(dict.fromkeys(_HUSBANKEN, 404)),
    )
)
