"""Kommunepyramiden in a real browser, as an advisor of region sør would use it: build
an index on the seed 000 criteria, rank, read why Skien is where it is, record a tier
with a reason and look at the pyramid. Every page is screenshotted and scanned with axe.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from boso.tests.browser.test_journeys import Journey, heading, log_in, main_nav

NAME = "Region sør 2010 (nettleser)"
CRITERIA = [
    ("living_conditions_index", "2009", "raw"),
    ("homeless", "2008", "per_1000"),
    ("population", "2009", "raw"),
]


@pytest.mark.browser
def test_advisor_builds_an_index_ranks_and_decides(page: Page, password: str) -> None:
    journey = Journey(page)
    log_in(page, "radgiver.sor", password)
    main_nav(page).get_by_role("link", name="Utvalg").click()
    expect(heading(page)).to_have_text("Utvalg og kommunepyramiden")
    journey.checkpoint("selection-list")

    # Build the index: the form works as plain HTML, one criterion per row.
    page.get_by_role("link", name="Ny indeks").click()
    expect(heading(page)).to_have_text("Ny indeks")
    page.get_by_label("Navn", exact=True).fill(NAME)
    page.get_by_label("Kommuneinndeling per").fill("01.01.2010")
    for n, (indicator, period, transform) in enumerate(CRITERIA):
        page.locator(f"#id_kriterier-{n}-indicator").select_option(indicator)
        page.locator(f"#id_kriterier-{n}-period").fill(period)
        page.locator(f"#id_kriterier-{n}-transform").select_option(transform)
        page.locator(f"#id_kriterier-{n}-missing").select_option("exclude")
    # A bad period is named at its field and in the summary, and nothing is saved.
    page.locator("#id_kriterier-1-period").fill("tjue")
    page.get_by_role("button", name="Lagre indeksen").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_contain_text("Kriterium 2, periode: «tjue» er ikke en periode.")
    expect(page.locator("#id_kriterier-1-period")).to_have_attribute("aria-invalid", "true")
    journey.checkpoint("selection-form-error")
    page.locator("#id_kriterier-1-period").fill("2008")
    page.get_by_role("button", name="Lagre indeksen").click()
    expect(page.get_by_role("status").first).to_contain_text("versjon 1 er lagret")

    # Rank.
    family = page.locator("section.selection-family").filter(
        has=page.get_by_role("heading", name=NAME)
    )
    family.get_by_role("button", name="Ranger").click()
    expect(heading(page)).to_contain_text(f"Rangering: {NAME}")
    expect(page.get_by_role("heading", name="8 rangerte kommuner")).to_be_visible()
    ranked = page.locator("section").filter(has=page.locator("#ranked-heading"))
    expect(ranked.locator("tbody tr")).to_have_count(8)
    journey.checkpoint("selection-run")

    # Why is Skien where it is?
    ranked.get_by_role("link", name="0806 Skien").click()
    why = page.locator("#hvorfor")
    expect(why.get_by_role("heading")).to_have_text("Hvorfor: 0806 Skien")
    expect(why.locator("li")).to_have_count(3)
    expect(why.locator("li").first).to_contain_text("2009: ")
    expect(why.locator("li").first).to_contain_text("→ bidrag")
    journey.checkpoint("selection-why-skien")

    # Record a tier with a reason.
    row = page.locator("#rad-0806")
    row.locator("summary").click()
    row.get_by_label("Nivå").select_option("samarbeidsavtale")
    row.get_by_label("Begrunnelse").select_option("ability")
    row.get_by_label("Kommentar").fill("God kapasitet i tjenestene")
    row.get_by_role("button", name="Lagre beslutningen").click()
    expect(page.get_by_role("status").first).to_contain_text("Beslutningen for Skien er lagret")
    expect(page.locator("#rad-0806")).to_contain_text("Evne og vilje")
    journey.checkpoint("selection-decided")

    # The pyramid: the tiers from the top, Skien in the top one.
    page.get_by_role("link", name="Se pyramiden").click()
    expect(heading(page)).to_contain_text("Kommunepyramiden")
    top = page.locator(".pyramid > li").first
    expect(top.get_by_role("heading")).to_contain_text("8 kommuner")
    expect(top).to_contain_text("0806 Skien")
    journey.checkpoint("selection-pyramid")
    journey.finish()
