from collections.abc import Callable, Mapping
from typing import Any

from boso.core.testing.matrix import Row, everyone, only
from boso.statistics.choices import ImportStatus
from boso.statistics.models import ImportRun

# Importing statistics: Husbanken's administrators and regional advisors, any region.
HUSBANKEN = ("admin", "advisor", "advisor_other")


def husbanken(status: int) -> dict[str, Any]:
    return only(dict.fromkeys(HUSBANKEN, status))


def _run_url(suffix: str, *, phase: str, status: str) -> Callable[[Mapping[str, Any]], str]:
    """A URL of a fresh run (made per request, so one role's POST cannot spoil the next)."""

    def url(users: Mapping[str, Any]) -> str:
        run = ImportRun.objects.create(
            source="matrise.json",
            status=status,
            user=users["advisor"],
            report={"flow": {"phase": phase, "kind": "upload"}},
        )
        return f"/statistikk/import/{run.pk}/{suffix}"

    return url


ROWS = [
    Row("import form", "/statistikk/import/", husbanken(200)),
    Row("import form, nothing chosen", "/statistikk/import/", husbanken(200), method="POST"),
    Row("import runs", "/statistikk/import/kjoringer/", husbanken(200)),
    Row(
        "import preview",
        _run_url("", phase="preview", status=ImportStatus.PREVIEWED),
        husbanken(200),
    ),
    Row("import preview, unknown run", "/statistikk/import/999999/", husbanken(404)),
    Row(
        "import progress",
        _run_url("fremdrift/", phase="import", status=ImportStatus.RUNNING),
        husbanken(200),
    ),
    # No stored file: the confirm is refused with a message on the preview (a redirect).
    Row(
        "import confirm",
        _run_url("importer/", phase="preview", status=ImportStatus.PREVIEWED),
        husbanken(302),
        method="POST",
    ),
    Row(
        "import cancel",
        _run_url("avbryt/", phase="preview", status=ImportStatus.PREVIEWED),
        husbanken(302),
        method="POST",
    ),
]

# The statistics API: public reads (statistics.view_statistics).
ROWS += [
    Row("api indicators", "/api/v1/indicators", everyone(200), api=True),
    Row("api indicator", "/api/v1/indicators/population", everyone(200), api=True),
    Row("api unknown indicator", "/api/v1/indicators/nope", everyone(404), api=True),
    Row("api observations", "/api/v1/observations?indicator=population", everyone(200), api=True),
    Row(
        "api observations as csv",
        "/api/v1/observations?indicator=population&format=csv",
        everyone(200),
        api=True,
    ),
    Row(
        "api observations as json-stat",
        "/api/v1/observations?indicator=population&format=jsonstat&structure=2024",
        everyone(200),
        api=True,
    ),
    Row("api observations, no indicator", "/api/v1/observations", everyone(400), api=True),
]

# --- Fact sheets and indicator pages: public reads (statistics.view_statistics) ---------
ROWS += [
    Row("fact sheet", "/kommuner/1130/faktaark/", everyone(200)),
    Row("fact sheet, older structure", "/kommuner/0602/faktaark/?struktur=2019", everyone(200)),
    Row("fact sheet, number of then", "/kommuner/3301/faktaark/?struktur=2019", everyone(302)),
    Row("fact sheet, bad structure", "/kommuner/3301/faktaark/?struktur=igår", everyone(400)),
    Row("fact sheet, unknown municipality", "/kommuner/9999/faktaark/", everyone(404)),
    Row("fact sheet as xlsx", "/kommuner/3301/faktaark.xlsx", everyone(200)),
    Row("fact sheet as csv", "/kommuner/3301/faktaark.csv?sammenlign=3303", everyone(200)),
    Row("indicator list", "/statistikk/indikatorer/", everyone(200)),
    Row("indicator page", "/statistikk/indikatorer/population/?struktur=2019", everyone(200)),
    Row("unknown indicator page", "/statistikk/indikatorer/nope/", everyone(404)),
]
