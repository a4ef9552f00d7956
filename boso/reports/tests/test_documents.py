"""The report as PDF/A and DOCX in the six sections of seed 004's report form, read
back from Lillehammer's first report as the demo loads it (boso/demo/reports.py): the
PDF with pdftotext (poppler-utils), the DOCX with python-docx."""

from __future__ import annotations

import io
import subprocess
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from boso.demo.reports import lillehammer_period
from boso.reports import documents
from boso.reports.choices import Section
from boso.reports.models import Report

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
SECTIONS = [str(label) for _value, label in Section.choices]
FIGURES = ("309 000 kr", "29 000 kr", "284 000 kr", "622 000 kr", "750 000–800 000 kr")


def _text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode("utf-8").replace(NBSP, " ").split())


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for grid in document.tables:
        parts.extend(" | ".join(c.text for c in row.cells) for row in grid.rows)
    return " ".join(" ".join(parts).replace(NBSP, " ").split())


@pytest.fixture
def report() -> Report:
    return Report.objects.get(period=lillehammer_period())


def test_pdf_has_the_six_sections_figures_and_stories(report: Report) -> None:
    text = _text(documents.report_pdf(report))
    assert [text.index(s) for s in SECTIONS] == sorted(text.index(s) for s in SECTIONS)
    assert "Årsrapport 15.02.2010–31.12.2010" in text
    assert "Utfylt av/dato Programkoordinator, Fagenhet for strategisk planlegging" in text
    assert "20.09.2010" in text
    # Section 3: the plan's goals with the activities' statuses.
    assert "Fakta-ark/kartlegging Gjennomført" in text
    assert "Husleierestanser" in text
    # Section 4: meetings by body.
    assert "Styringsgruppe 4" in text
    assert "Prosjektgruppe 6" in text
    # Section 5: costs against the plan's 2010 budget, funding, forecast.
    assert "Kostnader per 20.10.2010 mot planens budsjett for 2010" in text
    assert "Lønn inkl. sosiale kostnader 309 000 kr –" in text
    assert "Andre kostnader – 1 000 000 kr" in text
    assert "Til sammen 622 000 kr 1 000 000 kr" in text
    assert "Husbanken 1 000 000 kr" in text
    assert "Forventet forbruk ut 2010: 750 000–800 000 kr" in text
    # Section 6: the two stories with their dates.
    assert "Historie 1: Formidling 22.11.2010" in text
    assert "Historie 2: Formidling og læring 23.11.2010" in text
    assert "UTKAST" not in text
    assert "Sendt inn" not in text


def test_pdf_is_pdfa(report: Report, tmp_path: Any) -> None:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(documents.report_pdf(report))
    meta = subprocess.run(  # noqa: S603
        ["pdfinfo", "-meta", str(path)],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert 'pdfaid:part="3"' in meta


def test_docx_finds_the_same(report: Report) -> None:
    content = documents.report_docx(report)
    document = Document(io.BytesIO(content))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings == SECTIONS
    text = _docx_text(content)
    for figure in FIGURES:
        assert figure in text
    assert "Lønn inkl. sosiale kostnader | 309 000 kr | –" in text
    assert "Til sammen | 622 000 kr | 1 000 000 kr" in text
    assert "Historie 1: Formidling" in text
    assert "Historie 2: Formidling og læring" in text
    assert "Fakta-ark/kartlegging | Gjennomført" in text
    assert document.core_properties.language == "nb-NO"


def test_a_draft_is_marked(report: Report) -> None:
    Report.objects.filter(pk=report.pk).update(status="draft")
    text = _text(documents.report_pdf(report))
    assert "Utkast. Rapporten er ikke godkjent av Husbanken" in text


@pytest.mark.urls("boso.reports.views_documents")
def test_downloads_for_the_advisor(report: Report, client: Client, users: dict[str, Any]) -> None:
    client.force_login(users["advisor_other"])  # region øst's advisor
    pdf = client.get(reverse("report-pdf", args=[report.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert f"arsrapport-2010-lillehammer-{report.pk}-v1.pdf" in pdf["Content-Disposition"]
    docx = client.get(reverse("report-docx", args=[report.pk]))
    assert docx.status_code == 200
    assert "622 000 kr" in _docx_text(docx.content)
