"""The ranking and the beslutningsnotat of the demo's runs, as PDF and XLSX.

The PDFs are read back with pdftotext (poppler-utils); page 1 is kept as a PNG in
test-artifacts/ for a look at the layout.
"""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from boso.demo.tests.test_demo_statistics import MIDT_NORGE_17
from boso.documents.renderers import ExternalFetchRefused, static_url_fetcher
from boso.selection import documents
from boso.selection.models import ScoringRun

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
SOR_NAMES = ("Kristiansand", "Skien", "Arendal", "Sandefjord", "Drammen", "Tønsberg", "Larvik")
NBSP = "\u00a0"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def _run(family: str) -> ScoringRun:
    return ScoringRun.objects.get(definition__family=family, definition__version=1)


def _text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 (poppler-utils on the PATH)
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8").replace(NBSP, " ")


def _page_one_png(pdf: bytes, name: str) -> Path:
    """Keep the PDF and its first page as a PNG in test-artifacts/; return the PDF's path."""
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 (fixed arguments)
        [  # noqa: S607 (poppler-utils on the PATH)
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            source,
            source.with_suffix(""),
        ],
        check=True,
    )
    return source


def _metadata(path: Path) -> str:
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        ["pdfinfo", "-meta", path],  # noqa: S607 (poppler-utils on the PATH)
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


@needs_poppler
def test_memo_pdf_region_sor() -> None:
    pdf = documents.memo_pdf(_run("sor-2010"))
    assert pdf.startswith(b"%PDF-")
    path = _page_one_png(pdf, "beslutningsnotat-sor-2010")
    meta = _metadata(path)
    assert 'pdfaid:part="3"' in meta  # PDF/A-3b
    assert 'pdfaid:conformance="B"' in meta
    text = _text(pdf)
    assert "Beslutningsnotat: Region sør 2010" in text
    for name in (*SOR_NAMES, "Porsgrunn"):
        assert name in text
    assert "Invitert til" in text
    assert "utfordringer" in text
    assert "Kilde: Statistisk sentralbyrå" in text
    assert "Samarbeidsavtale (8)" in text


@needs_poppler
def test_ranking_pdf_has_norwegian_numbers() -> None:
    pdf = documents.ranking_pdf(_run("sor-2010"))
    _page_one_png(pdf, "rangering-sor-2010")
    text = _text(pdf)
    for name in SOR_NAMES:
        assert name in text
    assert "60 145" in text  # Drammen's population 2009, seed 000
    assert "6,8" in text  # Kristiansand's levekår
    assert "−" in text  # negative contributions with a real minus sign
    assert "8 av 83 kommuner er rangert" in text


@needs_poppler
def test_memo_pdf_midt_norge_lists_the_17() -> None:
    text = _text(documents.memo_pdf(_run("midt-norge-2009")))
    for name in MIDT_NORGE_17.values():
        assert name in text
    assert "Forbildekommune" in text


def test_ranking_xlsx_keeps_numbers_as_numbers() -> None:
    workbook = load_workbook(io.BytesIO(documents.ranking_xlsx(_run("sor-2010"))))
    assert workbook.sheetnames == ["Rangering", "Kriterier"]
    sheet = workbook["Rangering"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Rang"))
    data = [r for r in rows[header + 1 :] if r and isinstance(r[0], int)]
    assert [r[0] for r in data] == list(range(1, 9))
    drammen = next(r for r in data if r[1] == "0602")
    assert drammen[2] == "Drammen"
    assert drammen[3] == 60145
    assert isinstance(drammen[4], float)
    assert drammen[-2] == "Samarbeidsavtale"
    assert any(r and r[0] == "Kilde: Statistisk sentralbyrå" for r in rows)
    assert sum(1 for r in rows[header + 1 :] if r and r[1] and len(str(r[1])) == 4) == 83


def test_memo_xlsx_has_the_decisions() -> None:
    workbook = load_workbook(io.BytesIO(documents.memo_xlsx(_run("midt-norge-2009"))))
    rows = list(workbook["Beslutninger"].iter_rows(values_only=True))
    decided = {r[1]: r for r in rows if r and r[1] in MIDT_NORGE_17}
    assert set(decided) == set(MIDT_NORGE_17)
    assert decided["1601"][4] == "Samarbeidsavtale"
    assert decided["1663"][5] == "Forbildekommune"
    pyramid = list(workbook["Pyramiden"].iter_rows(values_only=True))[1:]
    assert len(pyramid) == 17


def test_the_fetcher_serves_our_static_files_only() -> None:
    served = static_url_fetcher("https://boso.invalid/static/documents/print.css")
    assert b"@page" in served["string"]
    for url in (
        "https://example.org/font.woff",
        "file:///etc/passwd",
        "https://boso.invalid/static/../settings.py",
    ):
        with pytest.raises(ExternalFetchRefused):
            static_url_fetcher(url)


def test_downloads(client, users) -> None:
    run = _run("sor-2010")
    client.force_login(users["advisor"])
    response = client.get(f"/utvalg/kjoringer/{run.pk}/beslutningsnotat.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "beslutningsnotat-sor-2010-v1" in response["Content-Disposition"]
    response = client.get(f"/utvalg/kjoringer/{run.pk}/rangering.xlsx")
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
