"""The two dashboards as documents: PDF/A with the key indicators' charts as vector
graphics, and DOCX with the same tables (the charts left out, a note line says so).

The PDF is read back with poppler-utils (pdftotext for the text, pdfimages for raster
images, pdfinfo for the page size); the DOCX with python-docx.
"""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT

from boso.plans import services as plan_services
from boso.plans.tests import full_plan as story
from boso.programmes.models import Participation
from boso.reports import dashboards, documents_dashboards
from boso.reports.models import Report
from boso.statistics.models import Indicator
from boso.statistics.tests.factories import put_observation

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _run(*args: str, data: bytes) -> str:
    result = subprocess.run(args, input=data, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode("utf-8")


def _text(pdf: bytes) -> str:
    """The text with every run of white space as one space (lines wrap anywhere)."""
    return " ".join(_run("pdftotext", "-layout", "-", "-", data=pdf).replace(NBSP, " ").split())


def _get(user: Any, name: str, pk: int) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(reverse(f"reports:{name}", args=[pk]))


def _waiting_list(participation: Participation, plan: Any) -> Indicator:
    """A key indicator in Drammen's plan with two figures in the statistics store."""
    indicator = Indicator.objects.get(code="waiting_list")
    plan_services.indicator_save(
        plan=plan,
        goal=plan.goals.first(),
        catalogue=indicator,
        direction="decrease",
        baseline_value=Decimal(40),
        baseline_period="2009",
    )
    put_observation("waiting_list", "0602", "2010", 1234)
    put_observation("waiting_list", "0602", "2011", 987)
    return indicator


def _docx(content: bytes) -> Any:
    return Document(io.BytesIO(content))


def _table_texts(document: Any) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


# The region's dashboard -----------------------------------------------------------------------


def test_the_region_dashboard_prints_as_pdf_a_with_vector_charts(
    participation: Participation, plan: Any, report: Report, users: dict[str, Any]
) -> None:
    indicator = _waiting_list(participation, plan)
    response = _get(users["advisor"], "programme-dashboard-pdf", participation.programme_id)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    pdf = response.content
    text = _text(pdf)
    programme = participation.programme
    assert f"Oversikt over {programme.name}" in text
    assert participation.municipality.name in text
    assert "4 950 000" in text  # Husbanken's grants to the region's municipalities, Norwegian
    assert "Utkast" in text  # the draft report's status in the matrix
    assert dashboards.spent_note()[:40] in text
    assert f"{indicator.name_nb}" in text
    assert "987" in text
    # The chart is drawn, not pasted: its axis title is text and there is no raster image.
    assert text.count(indicator.unit or "Verdi") >= 2
    images = _run("pdfimages", "-list", "-", data=pdf).splitlines()
    assert len(images) == 2, images  # the two header lines, no image
    assert 'pdfaid:part="3"' in _run("pdfinfo", "-meta", "-", data=pdf)  # PDF/A-3b
    info = _run("pdfinfo", "-", data=pdf)
    size = next(x for x in info.splitlines() if x.startswith("Page size:"))
    width, _x, height = size.split(":")[1].split()[:3]
    assert float(width) > float(height)  # A4 landscape for the wide status matrix


def test_the_region_dashboard_downloads_as_docx_with_its_tables(
    participation: Participation, plan: Any, report: Report, users: dict[str, Any]
) -> None:
    indicator = _waiting_list(participation, plan)
    response = _get(users["advisor"], "programme-dashboard-docx", participation.programme_id)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = _docx(response.content)
    paragraphs = [p.text for p in document.paragraphs]
    assert f"Oversikt over {participation.programme.name}" in paragraphs
    assert documents_dashboards.charts_note() in paragraphs
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    # Each table has its caption above it: the status matrix in parts, money, indicators.
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    tables = dict(zip(captions, _table_texts(document), strict=False))
    assert len(captions) == len(document.tables)
    parts = [t for c, t in zip(captions, _table_texts(document), strict=True) if "frist" in c]
    assert len(parts) >= 2  # a programme's twenty periods do not fit across one page
    assert all(len(part[0]) <= 1 + documents_dashboards.MATRIX_COLUMNS for part in parts)
    drammen = next(r for r in parts[0] if r[0] == participation.municipality.name)
    assert "Utkast (forfalt)" in drammen  # a draft past its deadline says both
    money = tables["Tilsagn, utbetalt og rapportert brukt per kommune"]
    board = dashboards.region_board(participation.programme)
    assert money[-1][0] == "Sum"
    assert money[-1][1] == documents_dashboards.kroner(board.totals.granted)
    assert "4 950 000" in [cell.replace(NBSP, " ") for row in money for cell in row]
    figures = next(t for c, t in tables.items() if c.startswith(indicator.name_nb))
    row = next(r for r in figures if r[0] == participation.municipality.name)
    assert row[1:] == ["2011", "987"]


@pytest.mark.parametrize("name", ["programme-dashboard-pdf", "programme-dashboard-docx"])
def test_a_coordinator_may_not_print_the_region_dashboard(
    name: str, participation: Participation, users: dict[str, Any]
) -> None:
    assert _get(users["coordinator"], name, participation.programme_id).status_code == 403


def test_the_region_page_links_the_documents(
    participation: Participation, users: dict[str, Any]
) -> None:
    html = _get(users["advisor"], "programme-dashboard", participation.programme_id)
    page = html.content.decode()
    for name in ("programme-dashboard-pdf", "programme-dashboard-docx"):
        assert reverse(f"reports:{name}", args=[participation.programme_id]) in page
    assert ">Word (DOCX)</a>" in page


# A municipality's dashboard -------------------------------------------------------------------


def test_the_municipality_dashboard_prints_its_progress_money_and_reports(
    participation: Participation, plan: Any, report: Report, users: dict[str, Any]
) -> None:
    story.approve(plan)
    page = _get(users["reader"], "participation-dashboard", participation.pk).content.decode()
    assert reverse("reports:participation-dashboard-pdf", args=[participation.pk]) in page
    response = _get(users["reader"], "participation-dashboard-pdf", participation.pk)
    assert response.status_code == 200
    text = _text(response.content)
    money = dashboards.money_by_participation([participation])[participation.pk]
    assert f"{participation.municipality.name} i utviklingsprogrammet: oversikt" in text
    assert documents_dashboards.kroner(money.granted).replace(NBSP, " ") in text
    assert "I rute 2" in text  # both of the plan's indicators are on track
    assert "Utkast" in text  # the first period's report
    assert plan.title in text


def test_the_municipality_dashboard_downloads_as_docx(
    participation: Participation, plan: Any, report: Report, users: dict[str, Any]
) -> None:
    story.approve(plan)
    response = _get(users["coordinator"], "participation-dashboard-docx", participation.pk)
    assert response.status_code == 200
    document = _docx(response.content)
    tables = _table_texts(document)
    money = dashboards.money_by_participation([participation])[participation.pk]
    assert tables[0][1][0] == documents_dashboards.kroner(money.granted)
    progress = next(t for t in tables if t[0] == ["Status", "Antall"])
    assert ["I rute", "2"] in progress
    reports = next(t for t in tables if t[0][0] == "Rapport")
    assert any(row[3] == "Utkast (forfalt)" for row in reports)
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
