"""From invitation to agreement in a real browser, with two demo accounts side by side:
region sør's advisor sets up a programme and a call and invites Drammen; Drammen's
programme coordinator writes and submits the application with the political decision
attached; the advisor assesses, decides, drafts and signs the agreement; the
coordinator then reads the decision letter and the agreement as PDFs, and the API tells
the same story. Every page is screenshotted and scanned with axe.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from boso.tests.browser.conftest import _open_page
from boso.tests.browser.test_journeys import Journey, heading, log_in, main_nav

PROGRAMME = "Boligsosialt utviklingsprogram (nettleser)"
CALL_TITLE = "Utlysning (nettleser)"
# The decision document the coordinator attaches: a real (tiny) PDF.
DECISION_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
BUDGET = {  # seed 002: Husbanken per year, Drammen's money in 2013 and 2014
    2010: ("750 000", ""),
    2011: ("1 500 000", ""),
    2012: ("1 500 000", ""),
    2013: ("700 000", "685 000"),
    2014: ("500 000", "800 000"),
}


@pytest.fixture
def advisor_page(browser: Browser, live_server: Any, demo_data: None) -> Iterator[Page]:
    opened = _open_page(browser, live_server.url)
    yield opened
    opened.context.close()


def _pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.fail("poppler-utils (pdftotext) is not installed")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 (poppler-utils on the PATH)
        input=pdf,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8").replace("\u00a0", " ")


def _download(page: Page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = info.value.path()
    with open(path, "rb") as stored:
        return stored.read()


def _write_application(page: Page, journey: Journey) -> None:
    page.get_by_label("Behov og mål").fill(
        "Forebygge og bekjempe bostedsløshet; økt boligsosial kompetanse i kommunen."
    )
    page.get_by_label("Målgrupper").fill(
        "Bostedsløse med behov for bolig. Ungdom som mangler støtteapparat."
    )
    page.get_by_label("Planlagte delprosjekter").fill(
        "Ny boligsosial handlingsplan. Boligskole for 17–23 år."
    )
    page.get_by_label("Vedtaksorgan").select_option("formannskap")
    page.get_by_label("Vedtaksdato").fill("23.03.2010")
    for year, (grant, money) in BUDGET.items():
        page.get_by_label(f"Kompetansetilskudd søkt (kr) {year}").fill(grant)
        page.get_by_label(f"Egeninnsats i penger (kr) {year}").fill(money)
    page.get_by_label("Egeninnsats i arbeidstimer 2010").fill("1 500")
    page.get_by_label("Timesats (kr) 2010").fill("500")
    page.locator("#id_contacts-0-user").select_option(
        label="Programkoordinator i Drammen kommune (koordinator.drammen)"
    )
    # Sending without the case number: refused, named at the field, the draft kept.
    page.get_by_role("button", name="Lagre og send søknaden").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_contain_text("saksnummeret mangler")
    expect(page.get_by_label("Saksnummer")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Behov og mål")).to_have_value(
        "Forebygge og bekjempe bostedsløshet; økt boligsosial kompetanse i kommunen."
    )
    journey.checkpoint("application-refused")
    page.get_by_label("Saksnummer").fill("sak 20/10")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_role("status").first).to_contain_text("Utkastet er lagret")


def _attach_decision(page: Page) -> None:
    page.get_by_label("Type vedlegg").select_option("political_decision")
    page.get_by_label("Fil", exact=True).set_input_files(
        files={"name": "vedtak.pdf", "mimeType": "application/pdf", "buffer": DECISION_PDF}
    )
    page.get_by_role("button", name="Last opp vedlegget").click()
    expect(page.get_by_role("link", name="vedtak.pdf")).to_be_visible()


def _advisor_opens_a_call(page: Page, journey: Journey, password: str) -> None:
    log_in(page, "radgiver.sor", password)
    main_nav(page).get_by_role("link", name="Programmer").click()
    page.get_by_role("link", name="Nytt program").click()
    page.get_by_label("Navn", exact=True).fill(PROGRAMME)
    page.get_by_label("Første år").fill("2010")
    page.get_by_label("Siste år").fill("2014")
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    page.get_by_label("Søknadsfrist").fill(deadline.strftime("%d.%m.%Y"))
    for row, year in enumerate(range(2010, 2015)):
        page.locator(f"#id_ramme-{row}-year").fill(str(year))
        page.locator(f"#id_ramme-{row}-amount").fill("6 000 000")
    journey.checkpoint("programme-form")
    page.get_by_role("button", name="Opprett programmet").click()
    expect(heading(page)).to_contain_text(PROGRAMME)
    page.get_by_role("button", name="Aktiver programmet").click()
    page.get_by_role("link", name="Ny utlysning").click()
    page.get_by_label("Tittel", exact=True).first.fill(CALL_TITLE)
    page.get_by_label("Krav til søknaden").fill("Behov og mål, egeninnsats, politisk vedtak.")
    page.get_by_role("button", name="Lagre utlysningen").click()
    page.locator("#id_municipality").select_option(label="0602 Drammen")
    page.get_by_role("button", name="Inviter for hånd").click()
    expect(page.get_by_role("status").first).to_contain_text("Drammen er invitert")
    page.get_by_role("button", name="Lys ut").click()
    journey.checkpoint("call-open")


def _coordinator_applies(page: Page, journey: Journey, password: str) -> None:
    log_in(page, "koordinator.drammen", password)
    main_nav(page).get_by_role("link", name="Søknader").click()
    expect(heading(page)).to_have_text("Søknader")
    expect(page.get_by_role("link", name=CALL_TITLE)).to_be_visible()
    journey.checkpoint("coordinator-invitations")
    page.get_by_role("button", name="Start søknad").click()
    expect(heading(page)).to_have_text("Søknad fra Drammen")
    _write_application(page, journey)
    _attach_decision(page)
    journey.checkpoint("application-edit")
    page.get_by_role("button", name="Lagre og send søknaden").click()
    expect(page.get_by_role("status").first).to_contain_text("sendt til Husbanken")
    expect(page.locator(".facts")).to_contain_text("Sendt")
    journey.checkpoint("application-submitted")


def _advisor_decides(page: Page, journey: Journey) -> None:
    """In the advisor's window, still logged in from opening the call."""
    main_nav(page).get_by_role("link", name="Søknader").click()
    page.get_by_role("link", name="Drammen").first.click()
    expect(page.get_by_text("31,1 % av samlet budsjett")).to_be_visible()
    page.get_by_role("link", name="Vurder og beslutt").click()
    for criterion in page.locator("select[name^=score_]").all():
        criterion.select_option("5")
    page.get_by_label("Innstilling").fill("Godt forankret politisk; tydelige delprosjekter.")
    page.get_by_label("Innvilge").check()
    page.get_by_label("Kommentar til kommunen").fill("Velkommen i programmet.")
    journey.checkpoint("application-assess")
    page.get_by_role("button", name="Lagre beslutningen").click()
    expect(page.get_by_role("status").first).to_contain_text("Innvilget")
    page.get_by_role("link", name="Lag samarbeidsavtale").click()
    page.get_by_role("button", name="Lag avtaleutkastet").click()
    expect(heading(page)).to_have_text("Samarbeidsavtale med Drammen")
    page.get_by_label("Signert av kommunen").fill("14.06.2010")
    page.get_by_label("Signert av Husbanken").fill("16.06.2010")
    page.get_by_role("button", name="Avtalen er signert").click()
    expect(page.get_by_role("status").first).to_contain_text("deltar nå i programmet")
    expect(page.locator(".facts")).to_contain_text("16.06.2010")
    journey.checkpoint("agreement-signed")


@pytest.mark.browser
def test_coordinator_applies_and_advisor_decides_and_signs(
    page: Page, advisor_page: Page, password: str
) -> None:
    from boso.programmes.models import Application

    coordinator, advisor = Journey(page), Journey(advisor_page)
    _advisor_opens_a_call(advisor_page, advisor, password)
    _coordinator_applies(page, coordinator, password)
    _advisor_decides(advisor_page, advisor)

    # The coordinator, in the other window, sees the decision and reads the documents.
    page.reload()
    expect(page.get_by_role("heading", name=re.compile("Beslutning .*: Innvilge"))).to_be_visible()
    letter = _pdf_text(_download(page, "Vedtaksbrev (PDF)"))
    assert "Drammen" in letter
    assert "Velkommen i programmet." in letter
    page.get_by_role("link", name="Samarbeidsavtalen (Signert)").click()
    coordinator.checkpoint("agreement-coordinator")
    agreement = _pdf_text(_download(page, "Avtalen som PDF"))
    assert "14.06.2010" in agreement
    assert "16.06.2010" in agreement

    # The same data from the API, with the coordinator's session.
    application_id = Application.objects.get(call__title=CALL_TITLE).pk
    answer = page.request.get(f"/api/v1/programmes/applications/{application_id}")
    assert answer.ok, answer.text()
    data = answer.json()
    assert data["status"] == "approved"
    assert [a["name"] for a in data["attachments"]] == ["vedtak.pdf"]
    coordinator.finish()
    advisor.finish()
