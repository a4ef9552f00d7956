"""A report in a real browser, with Lillehammer's coordinator and region øst's advisor
side by side: the coordinator makes the half-year report for 2011 from the reporting
schedule, is refused when sending it empty (every missing section named), fills the six
sections and sends it; the advisor sends it back with a comment on the economy; the
coordinator sees the comment, corrects and sends again; the advisor approves, finds it
right in the PDF and the DOCX, and writes the region's synthesis for the half-year from
it: a draft with Lillehammer's paragraph, an introduction, publishing, and the PDF made
in the background with its progress page. Every page is screenshotted and scanned with
axe.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect

from boso.tests.browser.conftest import _open_page
from boso.tests.browser.test_journeys import Journey, heading, log_in, main_nav
from boso.tests.browser.test_programme_journey import _download, _pdf_text

PERIOD = "Halvårsrapport 01.01.2011–30.06.2011"
PROGRESS = "Handlingsplan 2011 er vedtatt, og prosjektgruppa møtes hver fjortende dag."
COMMENT = "Skill lønn og konsulenttjenester i kostnadene."


@pytest.fixture
def advisor_page(browser: Browser, live_server: Any, demo_data: None) -> Iterator[Page]:
    opened = _open_page(browser, live_server.url)
    yield opened
    opened.context.close()


def _status(page: Page) -> Any:
    return page.locator("#status")


def _make_report(page: Page, journey: Journey) -> None:
    main_nav(page).get_by_role("link", name="Programmer").click()
    page.get_by_role("link", name="Boligsosialt utviklingsprogram region øst").click()
    page.get_by_role("link", name=re.compile(r"^\d{4} Lillehammer$")).click()
    schedule = page.get_by_role(
        "table", name="Rapportene kommunen skal levere, med periode og frist"
    )
    expect(schedule).to_contain_text("Godkjent")  # the 2010 report of seed 004
    journey.checkpoint("report-schedule")
    page.get_by_role("button", name=f"Lag rapporten {PERIOD}").click()
    expect(heading(page)).to_have_text("Halvårsrapport fra Lillehammer")
    expect(_status(page)).to_have_text("Utkast")


def _send_empty(page: Page, journey: Journey) -> None:
    page.get_by_role("button", name="Send inn").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_contain_text("Rapporten ble ikke sendt inn")
    expect(summary).to_contain_text("Beskriv utviklingen og fremdriften.")
    expect(summary).to_contain_text("Før kostnadene for perioden.")
    expect(_status(page)).to_have_text("Utkast")
    journey.checkpoint("report-refused")


def _report_id(page: Page) -> str:
    """The report's id from the address (a refused POST stays on its own address)."""
    found = re.search(r"/rapporter/(\d+)/", page.url)
    assert found, page.url
    return found[1]


def _save(page: Page) -> None:
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(heading(page)).to_have_text("Halvårsrapport fra Lillehammer")


def _edit(page: Page, href_end: str) -> None:
    page.locator(f'main a[href$="{href_end}"]').first.click()


def _fill(page: Page, journey: Journey) -> None:
    report = _report_id(page)
    _edit(page, f"/rapporter/{report}/del/2/")
    page.locator("#id_progress").fill(PROGRESS)
    journey.checkpoint("report-texts")
    _save(page)
    expect(page.locator("#del-2")).to_contain_text(PROGRESS)

    _edit(page, f"/rapporter/{report}/mal/")
    for status in page.locator('select[name$="-status"]').all():
        status.select_option("ongoing")
    for comment in page.locator('[name^="actual-"][name$="-comment"]').all():
        comment.fill("Tallet kommer i årsrapporten.")
    _save(page)

    _edit(page, f"/rapporter/{report}/del/4/")
    page.locator("#id_organisation").fill("Styringsgruppa har hatt to møter i halvåret.")
    _save(page)

    _edit(page, f"/rapporter/{report}/okonomi/")
    page.locator("#id_cost-wages").fill("150 000")
    page.locator("#id_stated_total").fill("150 000")
    _save(page)
    expect(page.locator("#del-5")).to_contain_text("150\u00a0000")

    _edit(page, f"/rapporter/{report}/del/6/")
    page.locator("#id_learning").fill("Programkoordinator har orientert NAV om programmet.")
    _save(page)


def _decide(advisor: Page, url: str, journey: Journey, *, approve: bool) -> None:
    advisor.goto(url)
    expect(_status(advisor)).to_have_text("Sendt inn")
    if approve:
        advisor.get_by_role("button", name="Godkjenn").click()
        expect(_status(advisor)).to_have_text("Godkjent")
        return
    advisor.get_by_role("textbox", name="5 Økonomi").fill(COMMENT)
    journey.checkpoint("report-return")
    advisor.get_by_role("button", name="Send tilbake").click()
    expect(_status(advisor)).to_have_text("Sendt tilbake")


@pytest.mark.browser
def test_coordinator_reports_and_advisor_returns_and_approves(
    page: Page, advisor_page: Page, password: str
) -> None:
    journey, advisors = Journey(page), Journey(advisor_page)
    log_in(page, "koordinator.lillehammer", password)
    log_in(advisor_page, "radgiver.ost", password)
    _make_report(page, journey)
    _send_empty(page, journey)
    _fill(page, journey)
    page.get_by_role("button", name="Send inn").click()
    expect(_status(page)).to_have_text("Sendt inn")
    report = _report_id(page)
    url = f"/rapporter/{report}/"

    _decide(advisor_page, url, advisors, approve=False)
    page.goto(url)
    expect(_status(page)).to_have_text("Sendt tilbake")
    expect(page.locator("#del-5")).to_contain_text(COMMENT)
    journey.checkpoint("report-returned")
    _edit(page, f"/rapporter/{report}/okonomi/")
    page.locator("#id_cost-wages").fill("90 000")
    page.locator("#id_cost-consultants").fill("60 000")
    _save(page)
    page.get_by_role("button", name="Send inn").click()
    expect(_status(page)).to_have_text("Sendt inn")

    _decide(advisor_page, url, advisors, approve=True)
    advisors.checkpoint("report-approved")
    pdf = " ".join(_pdf_text(_download(advisor_page, "PDF")).split())
    assert "Halvårsrapport" in pdf
    assert PROGRESS in pdf
    assert "90 000" in pdf
    docx = Document(io.BytesIO(_download(advisor_page, "Word (DOCX)")))
    assert any(PROGRESS in p.text for p in docx.paragraphs)
    _synthesise(advisor_page, advisors)
    journey.finish()
    advisors.finish()


def _synthesise(advisor: Page, journey: Journey) -> None:
    main_nav(advisor).get_by_role("link", name="Programmer").click()
    advisor.get_by_role("link", name="Boligsosialt utviklingsprogram region øst").click()
    advisor.get_by_role("link", name="Regionens sammenstillinger av rapportene").click()
    advisor.get_by_role("textbox", name="Tittel").fill("1. halvår 2011")
    advisor.get_by_role("textbox", name="Fra", exact=True).fill("01.01.2011")
    advisor.get_by_role("textbox", name="Til", exact=True).fill("30.06.2011")
    advisor.get_by_role("button", name="Skriv utkast").click()
    expect(heading(advisor)).to_have_text("1. halvår 2011")
    lillehammer = advisor.get_by_role("region", name="Lillehammer kommune")
    expect(lillehammer).to_contain_text(PROGRESS)
    journey.checkpoint("synthesis-draft")
    advisor.get_by_role("link", name="Rediger", exact=True).click()
    advisor.get_by_label("Innledning").fill("Seks kommuner rapporterte for første halvår 2011.")
    advisor.get_by_role("button", name="Lagre", exact=True).click()
    advisor.get_by_role("button", name="Publiser").click()
    expect(advisor.locator("main")).to_contain_text("Publisert")
    advisor.get_by_role("button", name="Lag PDF").click()
    download = advisor.get_by_role("link", name="Last ned PDF")
    expect(download).to_be_visible()  # the task ran; the progress page offers the file
    journey.checkpoint("synthesis-pdf")
    pdf = " ".join(_pdf_text(_download(advisor, "Last ned PDF")).split())
    assert "1. halvår 2011" in pdf
    assert "Lillehammer kommune" in pdf
