"""The tables as workbooks: Lillehammer's approved report of 2010 (seed 004, in the demo)
and region sør's published synthesis «2. halvår 2015» (seed 003), opened with openpyxl
as a spreadsheet program would: the sheets, their header rows, numbers as numbers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from boso.demo.reports import lillehammer_period
from boso.demo.synthesis import TITLE
from boso.reports.models import Report, Synthesis

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 4  # two lines of title, a blank line, then the header


@pytest.fixture
def lillehammer() -> Report:
    return Report.objects.filter(period=lillehammer_period()).order_by("number")[0]


@pytest.fixture
def published() -> Synthesis:
    return Synthesis.objects.get(title=TITLE, programme__region__slug="sor")


def _download(client: Client, user: Any, url: str) -> Any:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def _header(sheet: Worksheet) -> list[Any]:
    return [cell.value for cell in sheet[HEADER_ROW]]


def _row(sheet: Worksheet, first: str) -> list[Any]:
    """The row whose first cell is `first`."""
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if row[0] == first:
            return list(row)
    raise AssertionError(f"no row {first!r} in {sheet.title}")


def test_the_report_tables(client: Client, users: dict[str, Any], lillehammer: Report) -> None:
    book = _download(client, users["coordinator_other"], f"/rapporter/{lillehammer.pk}/xlsx/")
    assert book.sheetnames == ["Mål og tiltak", "Indikatorer", "Møter", "Kostnader", "Finansiering"]
    assert _header(book["Mål og tiltak"]) == ["Type", "Nr.", "Tittel", "Status", "Kommentar"]
    assert book["Mål og tiltak"].max_row > HEADER_ROW  # the plan's goals and activities
    assert "Lillehammer kommune" in book["Kostnader"]["A1"].value
    # Section 4: the project group's six meetings, a number.
    assert _row(book["Møter"], "Prosjektgruppe")[1] == 6
    # Section 5: the costs to 20 October 2010, each a number, and their sum.
    costs = book["Kostnader"]
    assert _header(costs) == ["Kategori", "Beløp (kr)"]
    assert "20.10.2010" in costs["A2"].value
    assert _row(costs, "Konsulenter")[1] == 284_000
    assert _row(costs, "Sum")[1] == 622_000
    assert costs.cell(row=HEADER_ROW + 1, column=2).number_format == "#,##0"
    assert _row(book["Finansiering"], "Husbanken")[1] == 1_000_000


def test_the_synthesis_tables(client: Client, users: dict[str, Any], published: Synthesis) -> None:
    book = _download(client, users["reader"], f"/sammenstillinger/{published.pk}/xlsx/")
    assert book.sheetnames == ["Økonomi", "Indikatorer"]
    money = book["Økonomi"]
    assert _header(money)[:2] == ["Kommune", "Tilsagn (kr)"]
    assert _header(money)[-2:] == ["Brukt i alt (kr)", "Godkjent rapport"]
    porsgrunn = _row(money, "Porsgrunn")
    assert porsgrunn[-2] == 500_000
    assert porsgrunn[-1] == "Ja"
    figures = book["Indikatorer"]
    assert _header(figures) == [
        "Indikator",
        "Enhet",
        "Kommune",
        "Utgangsverdi",
        "Utgangsperiode",
        "Faktisk",
        "Periode",
        "Endring",
    ]
    waiting = next(
        row
        for row in figures.iter_rows(min_row=HEADER_ROW + 1)
        if row[2].value == "Porsgrunn" and str(row[0].value).startswith("Venteliste")
    )
    assert [waiting[3].value, waiting[5].value] == [100, 32]
    # Porsgrunn's waiting list down 68 %: a number shown as a percentage.
    assert waiting[7].value == pytest.approx(-0.68)
    assert waiting[7].number_format == "0%"


def test_the_pages_link_to_the_workbooks(
    client: Client, users: dict[str, Any], lillehammer: Report, published: Synthesis
) -> None:
    client.force_login(users["coordinator_other"])
    page = client.get(f"/rapporter/{lillehammer.pk}/").content.decode()
    assert f'href="/rapporter/{lillehammer.pk}/xlsx/"' in page
    client.force_login(users["advisor"])
    page = client.get(f"/sammenstillinger/{published.pk}/").content.decode()
    assert f'href="/sammenstillinger/{published.pk}/xlsx/"' in page
