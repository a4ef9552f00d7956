"""Importing statistics in a real browser: upload, preview, confirm, progress to done.

Each page is checked with axe-core like the other journeys (test_journeys.py). Tasks run
at once in tests (boso/conftest.py); the polling tests swap in the dummy backend, so the
import waits in the queue until the test plays the worker.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import FilePayload, Page, Route, expect

from boso.statistics import import_flow
from boso.statistics.models import ImportRun, Observation
from boso.tests.browser.test_journeys import SCREENSHOTS, Journey, heading, log_in, main_nav

POPULATION = (
    settings.SHARED_DIR
    / "data"
    / "jsonstat"
    / "ssb"
    / "ssb_07459_befolkning_region-1130-strand_1986-2026.json"
)
INDICATOR = "07459.Personer1"
CELLS = 41
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
RUN_URL = re.compile(r"/statistikk/import/(\d+)/")


@pytest.fixture
def journey(page: Page) -> Journey:
    return Journey(page)


@pytest.fixture
def queued_tasks(settings: Any) -> None:
    """Enqueued tasks wait (nobody runs them); the test runs them when it wants."""
    settings.TASKS = DUMMY_TASKS
    settings.STATISTICS_IMPORT_INLINE_MAX_CELLS = 10  # preview this file in the background


def state(page: Page) -> Any:
    return page.get_by_test_id("import-state")


def upload_population(page: Page) -> None:
    page.get_by_label("Fil", exact=True).set_input_files(POPULATION)
    page.get_by_role("button", name="Forhåndsvis").click()
    expect(heading(page)).to_have_text("Forhåndsvisning av import")


def run_id(page: Page) -> int:
    match = RUN_URL.search(page.url)
    assert match, page.url
    return int(match.group(1))


def existing_figures() -> int:
    """The demo may hold this table already; then the figures come out unchanged."""
    return Observation.objects.filter(indicator__code=INDICATOR).count()


@pytest.mark.browser
def test_advisor_imports_a_table(page: Page, journey: Journey, password: str) -> None:
    existing = existing_figures()
    log_in(page, "radgiver.sor", password)
    main_nav(page).get_by_role("link", name="Statistikkimport").click()
    expect(heading(page)).to_have_text("Importer statistikk")
    journey.checkpoint("import-form")

    page.get_by_role("button", name="Forhåndsvis").click()  # nothing chosen
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Velg en fil eller skriv inn en adresse.").click()
    expect(page.get_by_label("Fil", exact=True)).to_be_focused()
    journey.checkpoint("import-form-errors")

    broken: FilePayload = {
        "name": "avkuttet.json",
        "mimeType": "application/json",
        "buffer": b'{"class":',
    }
    page.get_by_label("Fil", exact=True).set_input_files(broken)
    page.get_by_role("button", name="Forhåndsvis").click()
    problems = page.get_by_test_id("import-problems")
    expect(problems).to_be_focused()
    expect(problems).to_contain_text("Filen kan ikke importeres: 1 problem. Ingenting er lagret.")
    expect(page.get_by_role("button", name="Importer", exact=True)).to_have_count(0)
    journey.checkpoint("import-preview-failed")
    page.get_by_role("link", name="Last opp en annen fil").click()

    upload_population(page)
    expect(page.get_by_test_id("cells-total")).to_have_text(str(CELLS))
    expect(page.get_by_test_id("count-created")).to_have_text(str(CELLS - existing))
    expect(page.get_by_test_id("count-unchanged")).to_have_text(str(existing))
    expect(page.get_by_test_id("import-facts")).to_contain_text("JSON-stat 2.0")
    journey.checkpoint("import-preview")

    page.get_by_role("button", name="Importer", exact=True).click()
    expect(heading(page)).to_have_text("Import")
    expect(page.get_by_test_id("import-status")).to_contain_text("Importen er ferdig")
    meter = page.get_by_label("Fremdrift")
    expect(meter).to_have_attribute("value", str(CELLS))
    expect(meter).to_have_attribute("max", str(CELLS))
    journey.checkpoint("import-done")

    page.get_by_role("link", name="Alle importer").click()
    expect(heading(page)).to_have_text("Tidligere importer")
    expect(page.get_by_test_id("import-runs").locator("tbody tr").first).to_contain_text("Ferdig")
    journey.checkpoint("import-runs")
    journey.finish()
    assert Observation.objects.filter(indicator__code=INDICATOR).count() == CELLS


@pytest.mark.browser
@pytest.mark.usefixtures("queued_tasks")
def test_waiting_pages_poll_until_the_worker_is_done(
    page: Page, journey: Journey, password: str
) -> None:
    log_in(page, "radgiver.sor", password)
    page.goto("/statistikk/import/")
    upload_population(page)
    expect(page.get_by_label("Fremdrift")).to_be_visible()
    expect(state(page)).to_have_attribute("data-status", "queued")
    journey.checkpoint("import-preview-waiting")
    pk = run_id(page)

    play_worker(page, pk, dry_run=True)
    expect(state(page)).to_have_attribute("data-status", "previewed")  # swapped in by htmx
    expect(page.get_by_test_id("count-created")).to_be_visible()

    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/statistikk/import/{pk}/fremdrift/$"))
    expect(page.get_by_test_id("import-status")).to_contain_text("Importen står i kø")
    journey.checkpoint("import-progress-queued")

    play_worker(page, pk, dry_run=False)
    expect(page.get_by_test_id("import-status")).to_contain_text("Importen er ferdig")
    expect(page.get_by_label("Fremdrift")).to_have_attribute("value", str(CELLS))
    journey.checkpoint("import-progress-done")
    journey.finish()


def play_worker(page: Page, pk: int, *, dry_run: bool) -> None:
    """Run the queued task here, while the page's polls wait at the door.

    The live server shares the test's database connection (in-memory SQLite), so no
    request may run beside the import: the next poll is held in the browser until the
    task is done (htmx sends one poll at a time, so none is at the server then). After
    that, htmx must bring in the new state by itself, without reloading the page.
    """
    held: list[Route] = []
    pattern = re.compile(rf"/statistikk/import/{pk}/")
    page.evaluate("() => { window.samePage = true }")

    def hold(route: Route) -> None:
        held.append(route)

    page.route(pattern, hold)
    try:
        for _ in range(50):  # htmx polls every second
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the page does not poll"
        import_flow.import_run_execute(run_id=pk, dry_run=dry_run)
        assert ImportRun.objects.get(pk=pk).status in {"previewed", "done"}
    finally:
        for route in held:
            route.continue_()
        page.unroute(pattern)  # a poll that comes in between goes on by itself
    expect(state(page)).not_to_have_attribute("data-status", re.compile("queued|running"))
    assert page.evaluate("() => window.samePage") is True, "the page was reloaded"


@pytest.mark.browser
@pytest.mark.usefixtures("queued_tasks")
def test_progress_works_without_javascript(no_js_page: Page, password: str) -> None:
    page = no_js_page
    log_in(page, "radgiver.sor", password)
    page.goto("/statistikk/import/")
    upload_population(page)
    pk = run_id(page)
    import_flow.import_run_execute(run_id=pk, dry_run=True)  # the browser is idle
    page.get_by_role("link", name="Oppdater").click()
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Importen står i kø")
    import_flow.import_run_execute(run_id=pk, dry_run=False)
    page.get_by_role("link", name="Oppdater").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Importen er ferdig")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "import-done-no-js.png", full_page=True)
