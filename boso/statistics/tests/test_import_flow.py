"""Importing statistics in the browser: upload or URL, preview, confirm, background import.

On SSB's real files (Kilde: Statistisk sentralbyrå). Tasks run at once in tests (the
immediate backend, see boso/conftest.py), unless a test swaps in the dummy backend to
look at a run while it waits for the worker.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from boso.statistics import import_flow
from boso.statistics.choices import ImportStatus
from boso.statistics.models import ImportProfile, ImportRun, Indicator, Observation

JSONSTAT = settings.SHARED_DIR / "data" / "jsonstat"
POPULATION = JSONSTAT / "ssb" / "ssb_07459_befolkning_region-1130-strand_1986-2026.json"
POPULATION_URL_PATH = "/ssb/" + POPULATION.name
RENTS = JSONSTAT / "ssb" / "ssb_09895_leiemarked_oslo-baerum-og-landet_2012-2025.json"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
START = "/statistikk/import/"
# Marked, not only asked for through fixtures: the statistics tests' conftest empties the
# store before each test that uses the database, and it recognises them by the mark.
pytestmark = pytest.mark.django_db


# --- A small local web server with the real files -------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/videre":  # a redirect to a host imports may not use
            self.send_response(302)
            self.send_header("Location", "http://example.invalid/data.json")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output clean


@pytest.fixture(scope="module")
def statistics_server() -> Iterator[str]:
    """http://127.0.0.1:<port> serving SHARED_DIR/data/jsonstat."""
    handler = functools.partial(_Handler, directory=str(JSONSTAT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- Helpers -----------------------------------------------------------------------------


@pytest.fixture
def advisor(users: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(users["advisor"])
    return client


def upload(client: Client, data: bytes, name: str = POPULATION.name, **extra: Any) -> Any:
    file = SimpleUploadedFile(name, data, content_type="application/json")
    return client.post(START, {"file": file, **extra})


def only_run() -> ImportRun:
    return ImportRun.objects.get()


def html(response: Any) -> str:
    return response.content.decode()


# --- Upload, preview, confirm ------------------------------------------------------------


def test_upload_preview_shows_the_report_and_writes_nothing(advisor: Client) -> None:
    response = upload(advisor, POPULATION.read_bytes())
    run = only_run()
    assert response.status_code == 302
    assert response["Location"] == f"/statistikk/import/{run.pk}/"
    assert run.status == ImportStatus.PREVIEWED
    assert import_flow.run_phase(run) == "preview"
    assert run.source == POPULATION.name
    # Kept outside the web root, under the run's id.
    assert (Path(settings.STATISTICS_IMPORT_DIR) / str(run.pk) / "upload").is_file()

    page = html(advisor.get(response["Location"]))
    assert "JSON-stat 2.0" in page
    assert "07459" in page
    assert run.title in page
    assert 'data-testid="cells-total">41<' in page
    assert 'data-testid="count-created">41<' in page
    assert 'data-testid="count-unchanged">0<' in page
    assert "07459.Personer1" in page  # the indicator the import will create
    assert ">Importer</button>" in page
    assert ">Avbryt</button>" in page
    assert not Observation.objects.exists()
    assert not Indicator.objects.filter(code="07459.Personer1").exists()


def test_confirm_imports_in_the_background_and_shows_the_summary(advisor: Client) -> None:
    upload(advisor, POPULATION.read_bytes())
    run = only_run()
    response = advisor.post(f"/statistikk/import/{run.pk}/importer/")
    assert response.status_code == 302
    assert response["Location"] == f"/statistikk/import/{run.pk}/fremdrift/"
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert (run.created, run.updated, run.unchanged, run.skipped) == (41, 0, 0, 0)
    assert (run.cells_done, run.cells_total) == (41, 41)
    assert Observation.objects.filter(import_run=run).count() == 41
    assert not (Path(settings.STATISTICS_IMPORT_DIR) / str(run.pk)).exists()  # cleaned up

    page = html(advisor.get(response["Location"]))
    assert "Importen er ferdig: 41 nye, 0 endrede, 0 uendrede og 0 hoppet over." in page
    assert 'max="41" value="41"' in page
    assert "hx-trigger" not in page  # nothing left to poll

    # A second click (or a second tab) does not import again.
    again = advisor.post(f"/statistikk/import/{run.pk}/importer/")
    assert again["Location"] == f"/statistikk/import/{run.pk}/fremdrift/"
    assert Observation.objects.count() == 41
    # The preview of an imported run leads to its progress page.
    assert advisor.get(f"/statistikk/import/{run.pk}/")["Location"].endswith("/fremdrift/")


def test_a_profile_skips_codes_and_the_preview_says_why(advisor: Client) -> None:
    profile = ImportProfile.objects.create(
        name="leiemarked",
        table_id="09895",
        geo_dimension="Soner2",
        region_map={"00": "0", "01": ""},
        skip_reason="Oslo og Bærum er en leiemarkedssone",
    )
    upload(advisor, RENTS.read_bytes(), name=RENTS.name, profile=profile.pk)
    run = only_run()
    assert run.profile == profile
    assert (run.created, run.skipped) == (140, 140)
    page = html(advisor.get(f"/statistikk/import/{run.pk}/"))
    assert 'data-testid="count-skipped">140<' in page
    assert "<td>01</td><td>Oslo og Bærum er en leiemarkedssone</td>" in page
    assert "<code>09895.Husleie</code>" in page  # indicators the import will create
    assert ">leiemarked</dd>" in page


def test_reimport_previews_as_unchanged(advisor: Client) -> None:
    upload(advisor, POPULATION.read_bytes())
    advisor.post(f"/statistikk/import/{only_run().pk}/importer/")
    upload(advisor, POPULATION.read_bytes())
    second = ImportRun.objects.order_by("-pk").first()
    assert second is not None
    assert (second.created, second.unchanged) == (0, 41)
    assert "07459.Personer1" not in html(advisor.get(f"/statistikk/import/{second.pk}/"))


def test_a_broken_file_shows_every_problem_and_writes_nothing(advisor: Client) -> None:
    data = json.loads(POPULATION.read_text(encoding="utf-8"))
    data["dimension"]["Region"]["category"]["index"] = {"9876": 0}
    upload(advisor, json.dumps(data).encode(), name="feil.json")
    run = only_run()
    assert run.status == ImportStatus.FAILED
    page = html(advisor.get(f"/statistikk/import/{run.pk}/"))
    assert "ds-error-summary" in page
    assert "Filen kan ikke importeres" in page
    assert "Ingenting er lagret" in page
    assert "unknown region code &#x27;9876&#x27;" in page
    assert ">Importer</button>" not in page
    assert not Observation.objects.exists()
    assert not Indicator.objects.filter(code="07459.Personer1").exists()
    # Confirming a failed preview is refused.
    refused = advisor.post(f"/statistikk/import/{run.pk}/importer/")
    assert refused["Location"] == f"/statistikk/import/{run.pk}/"
    assert not Observation.objects.exists()


def test_a_file_that_is_no_statistics_is_named(advisor: Client) -> None:
    upload(advisor, POPULATION.read_bytes()[:500], name="avkuttet.json")
    run = only_run()
    assert run.status == ImportStatus.FAILED
    assert "invalid JSON at line 1" in html(advisor.get(f"/statistikk/import/{run.pk}/"))


def test_cancel_throws_the_preview_away(advisor: Client) -> None:
    upload(advisor, POPULATION.read_bytes())
    run = only_run()
    response = advisor.post(f"/statistikk/import/{run.pk}/avbryt/", follow=True)
    assert response.redirect_chain[-1][0] == START
    assert "Importen er avbrutt. Ingenting er lagret." in html(response)
    assert not ImportRun.objects.exists()
    assert not (Path(settings.STATISTICS_IMPORT_DIR) / str(run.pk)).exists()


# --- The form ------------------------------------------------------------------------------


def test_form_needs_a_file_or_an_address_not_both(advisor: Client) -> None:
    page = html(advisor.post(START, {}))
    assert "Velg en fil eller skriv inn en adresse." in page
    assert 'href="#id_file"' in page  # the error summary links to the field
    file = SimpleUploadedFile("a.json", b"{}")
    page = html(advisor.post(START, {"file": file, "url": "https://data.ssb.no/api/x"}))
    assert "Velg enten en fil eller en adresse, ikke begge." in page
    assert not ImportRun.objects.exists()


def test_a_file_over_the_limit_is_refused_without_storing_it(
    advisor: Client, settings: Any
) -> None:
    settings.STATISTICS_IMPORT_MAX_BYTES = 1000
    response = upload(advisor, POPULATION.read_bytes())
    assert response.status_code == 413
    assert "Filen er for stor." in html(response)
    assert not ImportRun.objects.exists()


def test_an_address_must_be_on_an_allowed_host(advisor: Client) -> None:
    for url, message in [
        ("http://127.0.0.1:9/x.json", "boso henter ikke statistikk fra denne adressen."),
        ("ftp://data.ssb.no/x.json", "Adressen må begynne med https:// eller http://."),
    ]:
        page = html(advisor.post(START, {"url": url}))
        assert message in page, url
    assert not ImportRun.objects.exists()


# --- From a URL ------------------------------------------------------------------------------


@pytest.fixture
def local_hosts_allowed(settings: Any) -> None:
    settings.STATISTICS_IMPORT_URL_HOSTS = ["127.0.0.1"]


@pytest.mark.usefixtures("local_hosts_allowed")
def test_url_import_downloads_previews_and_imports(advisor: Client, statistics_server: str) -> None:
    url = statistics_server + POPULATION_URL_PATH
    response = advisor.post(START, {"url": url})
    run = only_run()
    assert response["Location"] == f"/statistikk/import/{run.pk}/"
    assert run.status == ImportStatus.PREVIEWED
    assert run.source == url
    assert run.stored_file == f"{run.pk}/download"
    assert 'data-testid="count-created">41<' in html(advisor.get(response["Location"]))
    advisor.post(f"/statistikk/import/{run.pk}/importer/")
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert Observation.objects.filter(region="1130").count() == 41


@pytest.mark.usefixtures("local_hosts_allowed")
def test_url_problems_are_reported(advisor: Client, statistics_server: str) -> None:
    advisor.post(START, {"url": statistics_server + "/ssb/finnes-ikke.json"})
    advisor.post(START, {"url": statistics_server + "/videre"})
    missing, redirected = ImportRun.objects.order_by("pk")
    assert missing.status == redirected.status == ImportStatus.FAILED
    assert "HTTP Error 404" in missing.report["problems"][0]
    assert "example.invalid" in redirected.report["problems"][0]
    assert "a host not allowed" in redirected.report["problems"][0]


def test_command_line_imports_from_a_url(capsys: Any, statistics_server: str) -> None:
    call_command("import_statistics", statistics_server + POPULATION_URL_PATH)
    assert capsys.readouterr().out.strip() == "created 41 / updated 0 / unchanged 0 / skipped 0"
    assert Observation.objects.filter(indicator__code="07459.Personer1").count() == 41


# --- Waiting for the worker ---------------------------------------------------------------


def test_a_large_file_is_previewed_by_the_worker_while_the_page_polls(
    advisor: Client, settings: Any
) -> None:
    settings.TASKS = DUMMY_TASKS  # enqueued, but nobody runs it yet
    settings.STATISTICS_IMPORT_INLINE_MAX_CELLS = 10
    upload(advisor, POPULATION.read_bytes())
    run = only_run()
    assert run.status == ImportStatus.QUEUED
    page = html(advisor.get(f"/statistikk/import/{run.pk}/"))
    assert 'hx-trigger="every 1s"' in page
    assert f'href="/statistikk/import/{run.pk}/">Oppdater</a>' in page  # without JavaScript
    assert "Venter på bakgrunnsjobben" in page

    import_flow.import_run_execute(run_id=run.pk, dry_run=True)  # the worker's turn
    part = advisor.get(f"/statistikk/import/{run.pk}/", headers={"HX-Request": "true"})
    fragment = html(part)
    assert not fragment.lstrip().startswith("<!DOCTYPE")  # only the changing part
    assert 'id="import-state"' in fragment
    assert "hx-trigger" not in fragment  # done: polling stops
    assert 'data-testid="count-created">41<' in fragment


def test_progress_of_a_running_import_comes_from_the_progress_file(advisor: Client) -> None:
    run = ImportRun.objects.create(
        source="stor.json",
        status=ImportStatus.RUNNING,
        cells_total=2_000_000,
        report={"flow": {"phase": "import", "kind": "upload"}},
    )
    progress = import_flow.ProgressFile(run.pk)
    progress(500_000, 2_000_000)
    page = html(advisor.get(f"/statistikk/import/{run.pk}/fremdrift/"))
    assert 'max="2000000" value="500000"' in page
    assert "500\u00a0000 av 2\u00a0000\u00a0000 celler (25 %)" in page
    assert 'hx-trigger="every 1s"' in page
    assert f'href="/statistikk/import/{run.pk}/fremdrift/">Oppdater</a>' in page
    # An htmx poll of a preview-phase URL is sent on with a client-side redirect.
    moved = advisor.get(f"/statistikk/import/{run.pk}/", headers={"HX-Request": "true"})
    assert moved["HX-Redirect"] == f"/statistikk/import/{run.pk}/fremdrift/"


def test_progress_writes_are_throttled_but_the_last_one_always_lands() -> None:
    progress = import_flow.ProgressFile(7)
    progress(10_000, 30_000)
    progress(20_000, 30_000)  # within half a second: skipped
    assert progress.read() == (10_000, 30_000)
    progress(30_000, 30_000)
    assert progress.read() == (30_000, 30_000)
    progress.remove()
    assert progress.read() is None


def test_a_task_runs_a_queued_run_once_only(advisor: Client, settings: Any) -> None:
    settings.TASKS = DUMMY_TASKS
    settings.STATISTICS_IMPORT_INLINE_MAX_CELLS = 10
    upload(advisor, POPULATION.read_bytes())
    run = only_run()
    assert import_flow.import_run_execute(run_id=run.pk, dry_run=True) is not None
    assert import_flow.import_run_execute(run_id=run.pk, dry_run=True) is None  # not queued
    assert import_flow.import_run_execute(run_id=run.pk + 1000, dry_run=True) is None  # gone


def test_a_run_whose_file_is_gone_fails_with_a_reason(advisor: Client) -> None:
    upload(advisor, POPULATION.read_bytes())
    run = only_run()
    (Path(settings.STATISTICS_IMPORT_DIR) / str(run.pk) / "upload").unlink()
    advisor.post(f"/statistikk/import/{run.pk}/importer/")
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED  # refused: nothing to import
    assert not Observation.objects.exists()


def test_an_unexpected_error_fails_the_run_not_the_page(
    advisor: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(import_flow, "statistics_import", broken)
    response = upload(advisor, POPULATION.read_bytes())
    run = only_run()
    assert response["Location"] == f"/statistikk/import/{run.pk}/"
    assert run.status == ImportStatus.FAILED
    assert "unexpected error" in run.report["problems"][0]
    assert "disk on fire" not in html(advisor.get(response["Location"]))  # only in the log
    assert "disk on fire" in caplog.text


def test_recent_runs_list_every_run_with_its_status(advisor: Client) -> None:
    upload(advisor, POPULATION.read_bytes())
    run = only_run()
    advisor.post(f"/statistikk/import/{run.pk}/importer/")
    upload(advisor, b"not statistics", name="tull.csv")
    page = html(advisor.get("/statistikk/import/kjoringer/"))
    assert f'href="/statistikk/import/{run.pk}/fremdrift/"' in page
    assert ">Ferdig</span>" in page
    assert ">Feilet</span>" in page
    assert "tull.csv" in page
    assert "radgiver.sor" in page
