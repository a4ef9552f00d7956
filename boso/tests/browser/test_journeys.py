"""Journeys through boso in a real browser, each page checked with axe-core.

Every journey screenshots the pages it visits to test-artifacts/screenshots/ and
ends by asserting that none of them has a serious or critical WCAG 2.1 A/AA
violation, and that no script error, CSP refusal or failed sub-request occurred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import (
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    Response,
    ViewportSize,
    expect,
)

from boso.core.testing.axe import (
    Violation,
    assert_no_serious_axe_violations,
    format_violations,
    serious_axe_violations,
)
from boso.demo.services import DEMO_ACCOUNTS

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
LOGIN_FAILED = "Feil brukernavn eller passord."
# Adds an inline script, which the pages' CSP must refuse to run.
INLINE_SCRIPT = """() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineScriptRan = true';
    document.head.append(script);
}"""
PHONE: ViewportSize = {"width": 390, "height": 844}
# Drammen (3301) and the units it came from, with the day each one changed.
DRAMMEN_PREDECESSORS = {
    "3005 Drammen": "01.01.2024",
    "0602 Drammen": "01.01.2020",
    "0625 Nedre Eiker": "01.01.2020",
    "0711 Svelvik": "01.01.2020",
}


@dataclass
class Journey:
    """The pages one journey visits: each is screenshotted and scanned at its checkpoint,
    and finish() fails on any serious axe finding or browser error along the way."""

    page: Page
    findings: dict[str, list[Violation]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        self.page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        # Failed loads are reported with their address by _on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console error: {message.text}")

    def _on_response(self, response: Response) -> None:
        # Pages may answer 403 or 404 on purpose; their styles, scripts and htmx calls may not.
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.request.method} {response.url}")

    def checkpoint(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        self.findings[f"{name} ({self.page.url})"] = serious_axe_violations(self.page)

    def finish(self) -> None:
        assert self.findings, "the journey has no checkpoints"
        assert not self.errors, "browser errors:\n" + "\n".join(self.errors)
        failing = {where: found for where, found in self.findings.items() if found}
        report = [format_violations(found, where=where) for where, found in failing.items()]
        assert not failing, "\n\n".join(report)


@pytest.fixture
def journey(page: Page) -> Journey:
    return Journey(page)


# --- Steps shared by the journeys ------------------------------------------------------


def main_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Hovedmeny")


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def results(page: Page) -> Locator:
    return page.locator("#municipality-results")


def result_row(page: Page, code: str) -> Locator:
    return (
        results(page).locator("tbody tr").filter(has=page.locator("td:first-child", has_text=code))
    )


def history_row(section: Locator, unit: str) -> Locator:
    return section.locator("tbody tr").filter(
        has=section.page.locator("td:first-child", has_text=unit)
    )


def search_live(page: Page, text: str) -> None:
    """Type into the search field; htmx must fetch and swap in the results."""
    with page.expect_response(lambda r: f"q={text}" in r.url) as caught:
        page.get_by_label("Søk på navn eller nummer").fill(text)
    assert caught.value.request.headers.get("hx-request") == "true", "not an htmx request"
    assert caught.value.ok
    expect(page).to_have_url(re.compile(rf"[?&]q={text}"))  # hx-push-url keeps the address


def status_of(page: Page, path: str) -> int:
    """Open the page; its HTTP status."""
    response = page.goto(path)
    assert response is not None
    return response.status


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Logg inn").click()
    expect(heading(page)).to_have_text("Logg inn")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Logg inn").click()


def user_tag(page: Page) -> Locator:
    return page.get_by_role("banner").locator(".ds-tag")


def background_of(locator: Locator) -> str:
    return str(locator.evaluate("e => getComputedStyle(e).backgroundColor"))


def current_crumb(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Du er her:").locator("[aria-current=page]")


def field_tops(page: Page, *labels: str) -> set[int]:
    """The top edge of each labelled form field's box, in pixels."""
    tops: set[int] = set()
    for label in labels:
        box = page.get_by_label(label).bounding_box()
        assert box is not None, label
        tops.add(round(box["y"]))
    return tops


# --- Journeys -----------------------------------------------------------------------------


@pytest.mark.browser
def test_visitor_searches_and_opens_drammen(page: Page, journey: Journey) -> None:
    page.goto("/")
    expect(heading(page)).to_have_text("Boligsosialt utviklingsprogram")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon is not None
    icon_response = page.request.get(icon)
    assert icon_response.ok
    assert icon_response.headers["content-type"].startswith("image/svg+xml")
    journey.checkpoint("front-page")

    main_nav(page).get_by_role("link", name="Kommuner").click()
    expect(heading(page)).to_have_text("Kommuner")
    expect(main_nav(page).get_by_role("link", name="Kommuner")).to_have_attribute(
        "aria-current", "page"
    )
    filters = ("Søk på navn eller nummer", "Inndeling per dato", "Husbanken-region")
    assert len(field_tops(page, *filters)) == 1, "the filter boxes are not in line"
    journey.checkpoint("municipality-list")

    search_live(page, "dram")
    expect(page.get_by_test_id("result-count")).to_contain_text("1 kommune i")
    expect(result_row(page, "3301")).to_contain_text("Drammen")
    expect(result_row(page, "0602")).to_have_count(0)  # today's structure only
    journey.checkpoint("municipality-search-dram")

    results(page).get_by_role("link", name="Drammen", exact=True).click()
    expect(heading(page)).to_have_text("3301 Drammen")
    predecessors = page.get_by_role("region", name="Forgjengere")
    for unit, changed_on in DRAMMEN_PREDECESSORS.items():
        expect(history_row(predecessors, unit).locator("td").nth(2)).to_have_text(changed_on)
    # A period ends on its last valid day, the day before the change.
    expect(history_row(predecessors, "3005").locator("td").nth(1)).to_have_text(
        "01.01.2020 – 31.12.2023"
    )
    # 0602 was in use before the oldest loaded structure (2008), as its own page says.
    expect(history_row(predecessors, "0602").locator("td").nth(1)).to_have_text(
        "før 01.01.2008 – 31.12.2019"
    )
    journey.checkpoint("municipality-3301-drammen")

    page.set_viewport_size(PHONE)
    # On a phone a period may break after its dash, never inside a date.
    for part in predecessors.locator("tbody .nowrap").all():
        assert part.evaluate("e => e.getClientRects().length") == 1, part.inner_text()
    journey.checkpoint("municipality-3301-drammen-phone")
    journey.finish()


@pytest.mark.browser
def test_search_works_without_javascript(no_js_page: Page) -> None:
    page = no_js_page
    page.goto("/kommuner/")
    page.get_by_label("Søk på navn eller nummer").fill("dram")
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(r"/kommuner/\?q=dram&"))
    expect(page.get_by_test_id("result-count")).to_contain_text("1 kommune i")
    expect(result_row(page, "3301")).to_contain_text("Drammen")
    # The page itself is scanned with axe in the journeys; axe needs JavaScript.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "municipality-search-no-js.png", full_page=True)


@pytest.mark.browser
def test_a_bad_date_is_explained_as_you_type(page: Page) -> None:
    """The 400 answer to htmx carries the message; it must be swapped in, not dropped."""
    page.goto("/kommuner/")
    with page.expect_response(lambda r: "dato=31.02.2010" in r.url) as caught:
        page.get_by_label("Inndeling per dato").fill("31.02.2010")
        page.get_by_label("Inndeling per dato").press("Tab")  # a change event
    assert caught.value.status == 400
    expect(results(page).get_by_role("alert")).to_contain_text("«31.02.2010» er ikke en dato")
    expect(result_row(page, "0301")).to_have_count(0)  # no stale results left showing


@pytest.mark.browser
def test_register_back_in_time_and_a_split(page: Page, journey: Journey) -> None:
    page.goto("/kommuner/")
    page.get_by_label("Inndeling per dato").fill("01.01.2010")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_test_id("result-count")).to_contain_text("430 kommuner i")
    expect(page.get_by_test_id("result-count")).to_contain_text("(per 01.01.2010)")
    expect(result_row(page, "0602")).to_contain_text("Drammen")
    expect(result_row(page, "0602").locator("td").nth(4)).to_have_text("31.12.2019")
    expect(page).to_have_url(re.compile(r"dato=01.01.2010"))
    journey.checkpoint("municipality-list-2010")

    page.goto("/kommuner/1507/")
    expect(heading(page)).to_have_text("1507 Ålesund")
    successors = page.get_by_role("region", name="Etterfølgere")
    for unit in ("1508 Ålesund", "1580 Haram"):
        expect(history_row(successors, unit).locator("td").nth(2)).to_have_text("01.01.2024")
    expect(successors.locator("tbody tr")).to_have_count(2)
    journey.checkpoint("municipality-1507-alesund")
    journey.finish()


@pytest.mark.browser
def test_coordinator_logs_in_and_uses_an_api_token(
    page: Page, journey: Journey, password: str, playwright: Playwright, live_server: Any
) -> None:
    log_in(page, "koordinator.drammen", password)
    expect(user_tag(page)).to_have_text("Kommunal programkoordinator · Drammen")
    # The tag stands out from the tinted header it sits on.
    assert background_of(user_tag(page)) != background_of(page.get_by_role("banner"))
    expect(main_nav(page).get_by_role("link", name="Brukere")).to_have_count(0)
    journey.checkpoint("coordinator-front-page")

    assert status_of(page, "/brukere/") == 403
    expect(heading(page)).to_contain_text("Du har ikke tilgang")
    expect(current_crumb(page)).to_have_text("Ingen tilgang")
    journey.checkpoint("forbidden-403")

    token = create_api_token(page, "Rapportuttrekk")
    journey.checkpoint("account-new-token")
    page.goto("/konto/")
    expect(page.get_by_test_id("new-token")).to_have_count(0)  # shown once only
    expect(page.get_by_role("cell", name="Rapportuttrekk", exact=True)).to_be_visible()
    assert token not in page.content()
    journey.finish()

    assert api_me(playwright, live_server.url, token) == (200, "koordinator.drammen")
    assert api_me(playwright, live_server.url, token + "x")[0] == 401


def create_api_token(page: Page, name: str) -> str:
    page.get_by_role("banner").get_by_role("link", name="Programkoordinator i Drammen").click()
    expect(heading(page)).to_have_text("Min konto")
    page.get_by_label("Navn på nøkkelen").fill(name)
    page.get_by_role("button", name="Lag ny API-nøkkel").click()
    shown = page.get_by_test_id("new-token")
    expect(shown).to_have_text(re.compile(r"^boso_\S{20,}$"))
    return shown.inner_text()


def api_me(playwright: Playwright, base_url: str, token: str) -> tuple[int, str | None]:
    """GET /api/v1/me with only the bearer token: no browser cookies come along."""
    api = playwright.request.new_context(base_url=base_url)
    try:
        response = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        username = response.json().get("username") if response.ok else None
        return response.status, username
    finally:
        api.dispose()


@pytest.mark.browser
def test_admin_sees_every_demo_account(page: Page, journey: Journey, password: str) -> None:
    log_in(page, "admin", password)
    expect(user_tag(page)).to_have_text("Husbanken-administrator")
    journey.checkpoint("admin-front-page")

    main_nav(page).get_by_role("link", name="Brukere").click()
    expect(heading(page)).to_have_text("Brukere")
    usernames = page.locator("tbody tr td:first-child")
    expect(usernames).to_have_count(len(DEMO_ACCOUNTS))
    assert sorted(usernames.all_inner_texts()) == sorted(a.username for a in DEMO_ACCOUNTS)
    journey.checkpoint("user-list")
    journey.finish()


@pytest.mark.browser
def test_failed_login_gives_one_generic_message(
    page: Page, journey: Journey, password: str
) -> None:
    attempts = {
        "wrong-password": ("koordinator.drammen", "wrong-password"),
        "unknown-user": ("finnes.ikke", password),
    }
    for name, (username, secret) in attempts.items():
        log_in(page, username, secret)
        alert = page.get_by_role("alert")
        expect(alert).to_have_count(1)
        expect(alert).to_have_text(LOGIN_FAILED)
        expect(page.locator(".ds-validation-message")).to_have_count(0)  # no hint per field
        expect(page.get_by_role("banner").get_by_role("link", name="Logg inn")).to_be_visible()
        journey.checkpoint(f"login-failed-{name}")
    journey.finish()


@pytest.mark.browser
def test_language_switch(page: Page, journey: Journey) -> None:
    page.goto("/kommuner/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/kommuner/$"))  # the same page, now in English
    journey.checkpoint("municipality-list-english")

    page.get_by_role("button", name="Norsk bokmål").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("button", name="English")).to_be_visible()
    journey.finish()


@pytest.mark.browser
def test_unknown_municipality_gets_a_friendly_404(page: Page, journey: Journey) -> None:
    assert status_of(page, "/kommuner/0000/") == 404
    expect(heading(page)).to_have_text("Fant ikke siden")
    expect(page.get_by_role("alert")).to_contain_text("0000")
    expect(page.get_by_role("link", name="Søk i kommunelisten")).to_be_visible()
    expect(current_crumb(page)).to_have_text("Fant ikke siden")
    journey.checkpoint("not-found-404")
    page.set_viewport_size(PHONE)
    journey.checkpoint("not-found-404-phone")
    journey.finish()


@pytest.mark.browser
def test_axe_scan_runs_under_the_pages_csp(page: Page) -> None:
    """The scan must see the page as served (CSP on) and must catch a real violation."""
    response = page.goto("/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(INLINE_SCRIPT)
    assert page.evaluate("() => window.inlineScriptRan") is None, "CSP is not enforced"
    assert_no_serious_axe_violations(page)
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_serious_axe_violations(page)
