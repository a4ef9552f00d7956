"""The region's synthesis in the browser: region sør's advisor drafts it from Drammen's
approved report, edits it (a stale save answers 409 and keeps every typed text),
publishes it, has the PDF made in the background and downloads it; Drammen's
coordinator reads the published synthesis, never the draft."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from boso.reports import services, synthesis, workflow
from boso.reports.choices import SynthesisStatus
from boso.reports.models import Report, Synthesis
from boso.reports.tests.test_services import _complete

pytestmark = pytest.mark.django_db

PROGRESS = (
    "Leie til eie-prosjektet har ført til at 47 husstander har kjøpt den kommunale "
    "boligen de leide. Metoden er nå en del av ordinær drift."
)
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.SYNTHESIS_DOCUMENT_DIR = tmp_path / "syntheses"


@pytest.fixture
def approved(report: Report, users: dict[str, Any]) -> Report:
    report = _complete(report)
    report = services.report_save_texts(
        report=report, expected_revision=report.revision, progress=PROGRESS
    )
    report = workflow.report_submit(report=report, expected_revision=report.revision)
    return workflow.report_approve(report=report, user=users["advisor"])


@pytest.fixture
def advisor(client: Client, users: dict[str, Any]) -> Client:
    client.force_login(users["advisor"])
    return client


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _draft(approved: Report) -> Synthesis:
    period = approved.period
    return synthesis.synthesis_draft(
        programme=period.participation.programme,
        title="2. halvår 2010",
        starts_on=period.starts_on,
        ends_on=period.ends_on,
    )


def _edit_data(drafted: Synthesis, **changes: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "expected_revision": drafted.revision,
        "title": drafted.title,
        "introduction": drafted.introduction,
        "closing": drafted.closing,
    }
    data |= {f"paragraph-{p.pk}": p.text for p in drafted.paragraphs.all()}
    return data | changes


def test_the_advisor_drafts_a_synthesis_from_the_programme(
    advisor: Client, approved: Report
) -> None:
    programme = approved.period.participation.programme
    page = advisor.get(f"/programmer/{programme.pk}/")
    assert f"/programmer/{programme.pk}/sammenstillinger/" in page.content.decode()
    url = f"/programmer/{programme.pk}/sammenstillinger/ny/"
    period = approved.period
    wrong = advisor.post(url, {"title": "2. halvår", "starts_on": "31.12.2010", "ends_on": ""})
    assert wrong.status_code == 400
    assert 'href="#id_ends_on"' in wrong.content.decode()
    made = advisor.post(
        url,
        {
            "title": "2. halvår",
            "starts_on": _date(period.starts_on),
            "ends_on": _date(period.ends_on),
        },
        follow=True,
    )
    text = made.content.decode()
    assert made.status_code == 200
    assert "Drammen kommune</h2>" in text
    assert "47 husstander" in text
    # The money table: Drammen's 338 000 kr spent, in Norwegian figures.
    assert f"338{NBSP}000" in text
    assert 'data-testid="not-reported"' not in text
    assert "−14" in text  # the indicator moved from 35 to 30
    listed = advisor.get(f"/programmer/{programme.pk}/sammenstillinger/")
    assert "2. halvår" in listed.content.decode()


def test_a_municipality_without_an_approved_report_is_marked(
    advisor: Client, report: Report
) -> None:
    drafted = _draft(report)  # Drammen's report is still a draft
    text = advisor.get(f"/sammenstillinger/{drafted.pk}/").content.decode()
    assert 'data-testid="not-reported"' in text
    assert "ingen godkjent rapport" in text.lower()


def test_a_stale_save_answers_409_and_keeps_every_typed_text(
    advisor: Client, approved: Report
) -> None:
    drafted = _draft(approved)
    url = f"/sammenstillinger/{drafted.pk}/rediger/"
    assert advisor.get(url).status_code == 200
    drammen = drafted.paragraphs.get(heading="Drammen kommune")
    saved = advisor.post(url, _edit_data(drafted, introduction="Elleve kommuner deltar."))
    assert saved.status_code == 302
    # A second tab, read at the first revision, saves other texts.
    stale = _edit_data(
        drafted,
        introduction="Min innledning.",
        **{f"paragraph-{drammen.pk}": "Mitt avsnitt om Drammen."},
    )
    answer = advisor.post(url, stale)
    text = answer.content.decode()
    assert answer.status_code == 409
    assert "Min innledning." in text
    assert "Mitt avsnitt om Drammen." in text
    assert 'data-testid="stored-introduction"' in text
    assert "Elleve kommuner deltar." in text
    assert f'data-testid="stored-paragraph-{drammen.pk}"' in text
    assert 'data-testid="stored-title"' not in text  # the same as typed: nothing beside it
    assert f'name="expected_revision" value="{drafted.revision + 1}"' in text
    drafted.refresh_from_db()
    assert drafted.introduction == "Elleve kommuner deltar."
    empty_title = advisor.post(url, _edit_data(drafted, title=" "))
    assert empty_title.status_code == 400
    assert 'href="#id_title"' in empty_title.content.decode()


def test_publishing_opens_the_synthesis_to_the_municipality(
    client: Client, users: dict[str, Any], approved: Report
) -> None:
    drafted = _draft(approved)
    page = f"/sammenstillinger/{drafted.pk}/"
    client.force_login(users["coordinator"])
    assert client.get(page).status_code == 403
    client.force_login(users["advisor"])
    refused = client.post(f"{page}publiser/", {"expected_revision": drafted.revision})
    assert refused.status_code == 400
    assert "Skriv en innledning" in refused.content.decode()
    drafted = synthesis.synthesis_save(
        synthesis=drafted, expected_revision=drafted.revision, introduction="Innledning."
    )
    published = client.post(f"{page}publiser/", {"expected_revision": drafted.revision})
    assert published.status_code == 302
    drafted.refresh_from_db()
    assert drafted.status == SynthesisStatus.PUBLISHED
    assert client.get(f"{page}rediger/").status_code == 403
    client.force_login(users["coordinator"])
    read = client.get(page)
    assert read.status_code == 200
    assert "Drammen kommune" in read.content.decode()
    listed = client.get(f"/programmer/{drafted.programme_id}/sammenstillinger/")
    assert drafted.title in listed.content.decode()
    assert 'id="create-heading"' not in listed.content.decode()


def test_the_pdf_is_made_in_the_background_and_downloaded(
    advisor: Client, approved: Report
) -> None:
    drafted = _draft(approved)
    synthesis.synthesis_save(
        synthesis=drafted,
        expected_revision=drafted.revision,
        introduction="Det har vært elleve deltakende kommuner.",
        closing="Flere kommuner arbeider med leie til eie.",
    )
    before = advisor.get(f"/sammenstillinger/{drafted.pk}/pdf/last-ned/")
    assert before.status_code == 302
    made = advisor.post(f"/sammenstillinger/{drafted.pk}/pdf/", follow=True)
    assert made.redirect_chain[-1][0] == f"/sammenstillinger/{drafted.pk}/pdf/fremdrift/"
    assert 'data-state="done"' in made.content.decode()
    download = advisor.get(f"/sammenstillinger/{drafted.pk}/pdf/last-ned/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    content = download.getvalue()
    assert content.startswith(b"%PDF")
    assert 'pdfaid:part="3"' in _poppler("pdfinfo", "-meta", content)  # PDF/A-3
    # The chart is vector graphics: its axis title is text, and no raster image is in the file.
    assert len(_poppler("pdfimages", "-list", content).strip().splitlines()) == 2  # header only
    text = _poppler("pdftotext", "-layout", content)
    assert "Endring fra utgangsverdi" in text
    assert "Drammen kommune" in text
    assert "Generelt for flere av kommunene" in text
    assert re.search(r"338\s000", text)  # Norwegian thousands, not "338,000"
    assert "−14" in text


def test_the_docx_holds_every_municipality(advisor: Client, approved: Report) -> None:
    from io import BytesIO

    from docx import Document

    drafted = _draft(approved)
    answer = advisor.get(f"/sammenstillinger/{drafted.pk}/docx/")
    assert answer.status_code == 200
    document = Document(BytesIO(answer.content))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert "Drammen kommune" in headings
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert f"338{NBSP}000" in cells


def _poppler(name: str, option: str, content: bytes) -> str:
    """A poppler-utils tool's output for the PDF (they read files, not stdin, everywhere)."""
    tool = shutil.which(name)
    assert tool is not None, f"{name} (poppler-utils) is needed"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        result = subprocess.run(  # noqa: S603 (a fixed tool on our own bytes)
            [tool, option, pdf.name, *(["-"] if name == "pdftotext" else [])],
            capture_output=True,
            check=True,
        )
    return result.stdout.decode("utf-8")
