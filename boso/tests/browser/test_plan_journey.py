"""A programme plan in a real browser, as Lillehammer's programme coordinator works on it:
open the approved demo plan *Programplan 2011* from the participation page, make a new
version, add a sub-goal with an activity (one refused on the way: it ends before it
starts), edit the activity while someone else saves it (a conflict that keeps the typed
text; saved again on purpose), add an indicator with a baseline, a target and an
actual; see the timeline and the progress follow, and find the new parts in the PDF
and the DOCX. Every page is screenshotted and scanned with axe.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from docx import Document
from docx.table import Table
from playwright.sync_api import Page, expect

from boso.tests.browser.test_journeys import Journey, heading, log_in, main_nav
from boso.tests.browser.test_programme_journey import _download, _pdf_text

VISION = "Alle skal bo trygt og godt i Lillehammer"
NEW_VERSION = "Handlingsplan 2012–2013"
MAIN_GOAL = "Kapasitet, kompetanse og rutiner innen boveiledning"  # main goal 2 of seed 004
SUB_GOAL = "Boveiledning for unge voksne"
ACTIVITY = "Kurs i boveiledning"
UNIT = "NAV Lillehammer"
INDICATOR = "Unge voksne i midlertidig bolig"
ENDS_BEFORE_START = "Tiltaket kan ikke slutte før det begynner."
EXPECTED_RESULT = "Unge voksne klarer å bo selv, med veiledning fra NAV."


def _docx_texts(content: bytes) -> Iterator[str]:
    """Every paragraph of the document, in the body and in table cells (nested too)."""
    document = Document(io.BytesIO(content))
    yield from (p.text for p in document.paragraphs)
    tables: list[Table] = list(document.tables)
    while tables:
        table = tables.pop()
        for row in table.rows:
            for cell in row.cells:
                yield from (p.text for p in cell.paragraphs)
                tables.extend(cell.tables)


def _open_demo_plan(page: Page, journey: Journey) -> None:
    """From the programme list to Lillehammer's participation and its plan, by links."""
    main_nav(page).get_by_role("link", name="Programmer").click()
    page.get_by_role("link", name="Boligsosialt utviklingsprogram region øst").click()
    page.get_by_role("link", name=re.compile(r"^\d{4} Lillehammer$")).click()
    plans = page.get_by_role("region", name="Programplaner")
    expect(plans).to_contain_text("Programplan 2011 (2011, godkjent)")
    plans.get_by_role("link", name="Programplan 2011").click()
    expect(heading(page)).to_have_text("Programplan 2011")
    expect(page.locator(".plan-vision")).to_have_text(VISION)
    expect(page.locator(".facts")).to_contain_text("Godkjent")
    # Approved: locked, no edit links; changes go into a new version.
    expect(page.get_by_role("link", name="Skriv tekstene")).to_have_count(0)
    journey.checkpoint("plan-approved")


def _make_new_version(page: Page) -> None:
    page.get_by_text("Lag en ny versjon av planen").click()
    expect(page.get_by_label("Tittel")).to_have_value(NEW_VERSION)
    expect(page.get_by_label("Første år")).to_have_value("2012")
    old = page.url
    with page.expect_navigation():  # the POST, then the redirect to the new version
        page.get_by_role("button", name="Lag ny versjon").click()
    assert page.url != old, "the new version did not open"
    assert "ny-versjon" not in page.url, "the new version was refused"
    expect(heading(page)).to_have_text(NEW_VERSION)
    expect(page.get_by_role("status").first).to_contain_text("er laget som et utkast")
    expect(page.locator(".facts")).to_contain_text("Utkast")
    expect(page.locator(".plan-vision")).to_have_text(VISION)  # copied from 2011


def _add_sub_goal(page: Page) -> None:
    page.get_by_role("link", name="Endre målet 2", exact=True).click()
    expect(heading(page)).to_contain_text(MAIN_GOAL)
    page.get_by_role("link", name="Legg til et delmål under dette hovedmålet").click()
    expect(heading(page)).to_have_text("Nytt mål")
    expect(page.get_by_label("Hører til hovedmål")).to_have_value(re.compile(r"^\d+$"))
    page.locator("#id_title").fill(SUB_GOAL)
    page.get_by_role("button", name="Legg til målet").click()
    expect(page.get_by_role("status").first).to_contain_text("Målet er lagt til.")
    expect(page.get_by_role("heading", name=f"Delmål 2.1: {SUB_GOAL}")).to_be_visible()


def _add_activity(page: Page, journey: Journey) -> None:
    from boso.plans.models import Activity

    page.get_by_role("link", name="Legg til tiltak under mål 2.1").click()
    expect(heading(page)).to_have_text("Nytt tiltak")
    page.locator("#id_title").fill(ACTIVITY)
    page.get_by_label("Ansvarlig enhet").fill(UNIT)
    page.get_by_label("Fra måned").fill("06.2012")
    page.get_by_label("Til måned").fill("03.2012")
    page.get_by_label("Forventet resultat").fill("Flere unge voksne klarer å bo selv.")
    # Ending before it starts: refused at the field, the input kept, nothing saved.
    page.get_by_role("button", name="Legg til tiltaket").click()
    expect(page.locator(".ds-error-summary")).to_contain_text(f"Til måned: {ENDS_BEFORE_START}")
    expect(page.get_by_label("Til måned")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_ends_on-error")).to_have_text(ENDS_BEFORE_START)
    expect(page.locator("#id_title")).to_have_value(ACTIVITY)
    expect(page.get_by_label("Ansvarlig enhet")).to_have_value(UNIT)
    assert not Activity.objects.filter(title=ACTIVITY).exists()
    journey.checkpoint("plan-activity-refused")

    page.get_by_label("Fra måned").fill("03.2012")
    page.get_by_label("Til måned").fill("06.2012")
    page.get_by_role("button", name="Legg til tiltaket").click()
    expect(page.get_by_role("status").first).to_contain_text("Tiltaket er lagt til.")
    activities = page.get_by_role("table", name="Tiltak under mål 2.1")
    expect(activities).to_contain_text(ACTIVITY)
    expect(activities).to_contain_text(UNIT)


def _edit_activity_in_conflict(page: Page, journey: Journey) -> None:
    """Someone else moves the activity while the coordinator edits it: the save is
    refused, the typed text stays, the other's value stands beside it; saving again
    overwrites on purpose."""
    from boso.plans import services
    from boso.plans.models import Activity

    page.get_by_role("link", name=f"Endre {ACTIVITY}").click()
    expect(heading(page)).to_have_text(f"Tiltak: {ACTIVITY}")
    activity = Activity.objects.select_related("goal__plan").get(title=ACTIVITY)
    services.activity_save(  # the other person's save, between loading and saving
        goal=activity.goal,
        activity=activity,
        title=ACTIVITY,
        responsible_unit=UNIT,
        starts_on=activity.starts_on.replace(month=4),
        ends_on=activity.ends_on,
        expected_version=activity.version,
    )
    page.get_by_label("Forventet resultat").fill(EXPECTED_RESULT)
    page.get_by_role("button", name="Lagre tiltaket").click()
    conflict = page.get_by_role("alert").filter(has_text="lagret av noen andre")
    expect(conflict).to_contain_text("Dette er lagret av noen andre mens du skrev")
    row = conflict.get_by_role("row", name=re.compile("^Fra måned"))
    expect(row).to_contain_text("04.2012")
    expect(row).to_contain_text("03.2012")
    expect(page.get_by_label("Forventet resultat")).to_have_value(EXPECTED_RESULT)
    journey.checkpoint("plan-activity-conflict")
    page.get_by_role("button", name="Lagre tiltaket").click()
    expect(page.get_by_role("status").first).to_contain_text("Tiltaket er lagret.")
    assert Activity.objects.get(pk=activity.pk).expected_result == EXPECTED_RESULT


def _add_indicator(page: Page, journey: Journey) -> None:
    page.get_by_role("link", name="Legg til indikator under mål 2.1").click()
    expect(heading(page)).to_have_text("Ny indikator")
    page.locator("#id_name").fill(INDICATOR)  # optional: "Navn (valgfritt)"
    page.locator("#id_unit").fill("personer")
    page.get_by_label("Retning").select_option(label="Lavere er bedre")
    page.get_by_label("Utgangsverdi").fill("40")
    page.get_by_label("Utgangsperiode").fill("2011")
    page.get_by_role("button", name="Legg til indikatoren").click()
    expect(heading(page)).to_have_text(f"Indikator: {INDICATOR}")
    expect(page.locator(".facts")).to_contain_text("40 personer (2011)")
    status = page.locator("#status")
    expect(status).to_contain_text("Mangler tall")

    page.get_by_label("Målperiode").fill("2013")
    page.get_by_label("Målverdi", exact=True).fill("10")
    page.get_by_role("button", name="Lagre målverdien").click()
    expect(page.get_by_role("status").first).to_contain_text("Målverdien for 2013 er lagret.")
    expect(page.locator("#malverdier tbody tr")).to_contain_text("10 personer")

    # Halfway in time and halfway from 40 to 10: on track.
    page.locator("#id_actual-period").fill("2012")
    page.get_by_label("Faktisk verdi").fill("25")
    page.get_by_label("Kilde").fill("Halvårsrapport 2012")
    page.get_by_role("button", name="Lagre tallet").click()
    expect(page.get_by_role("status").first).to_contain_text("Tallet for 2012 er lagret.")
    expect(status.locator(".ds-tag")).to_have_text("I rute")
    expect(status).to_contain_text("25 i 2012 mot målet 10 i 2013: 50\u00a0% av veien")
    journey.checkpoint("plan-indicator")


def _check_timeline(page: Page, journey: Journey) -> None:
    page.get_by_role("link", name="Tidsplan måned for måned").click()
    expect(heading(page)).to_have_text(f"Tidsplan for {NEW_VERSION}, Lillehammer")
    activity = page.get_by_role("rowheader", name=ACTIVITY, exact=True)
    row = page.locator("table.timeline tbody tr").filter(has=activity)
    expect(row).to_have_count(1)
    expect(row.locator("td.timeline-on")).to_have_count(4)
    expect(row.locator("td.timeline-unit")).to_have_text(UNIT)
    # Under its sub-goal, and the marked months are March to June 2012.
    group = page.locator("table.timeline tbody").filter(has=activity)
    expect(group.locator("tr.timeline-goal")).to_have_text(f"Delmål 2.1: {SUB_GOAL}")
    months = page.locator("table.timeline thead tr").nth(1).locator("th").all_text_contents()
    on = row.locator("td.timeline-cell").evaluate_all(
        "cells => cells.map(cell => cell.classList.contains('timeline-on'))"
    )
    assert len(on) == len(months)
    assert [m for m, marked in zip(months, on, strict=True) if marked] == [
        "mar 2012",
        "apr 2012",
        "mai 2012",
        "jun 2012",
    ]
    journey.checkpoint("plan-timeline")
    page.get_by_role("link", name="Tilbake til planen").click()


@pytest.mark.browser
def test_coordinator_versions_the_plan_and_follows_the_indicator(page: Page, password: str) -> None:
    journey = Journey(page)
    log_in(page, "koordinator.lillehammer", password)
    _open_demo_plan(page, journey)
    _make_new_version(page)
    _add_sub_goal(page)
    _add_activity(page, journey)
    _edit_activity_in_conflict(page, journey)
    _add_indicator(page, journey)
    page.get_by_role("link", name=f"Tilbake til {NEW_VERSION}").click()
    _check_timeline(page, journey)

    # The plan shows the indicator's progress and status under the sub-goal.
    expect(heading(page)).to_have_text(NEW_VERSION)
    indicators = page.get_by_role("table", name="Indikatorer for mål 2.1")
    line = indicators.locator("tbody tr").filter(has_text=INDICATOR)
    expect(line.locator("td").nth(0)).to_contain_text("40 (2011)")
    expect(line.locator("td").nth(1)).to_contain_text("10 (2013)")
    expect(line.locator("td").nth(2)).to_contain_text("25 (2012)")
    expect(line.locator("td").nth(3)).to_contain_text("50\u00a0%")
    expect(line.locator(".ds-tag")).to_have_text("I rute")
    journey.checkpoint("plan-draft")

    text = " ".join(_pdf_text(_download(page, "Planen som PDF")).split())
    assert SUB_GOAL in text
    assert ACTIVITY in text
    assert INDICATOR in text
    paragraphs = list(_docx_texts(_download(page, "Planen som Word-dokument")))
    assert any(SUB_GOAL in p for p in paragraphs), paragraphs
    assert any(ACTIVITY in p for p in paragraphs), paragraphs
    journey.finish()
