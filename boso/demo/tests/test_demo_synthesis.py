"""Region sør's synthesis «2. halvår 2015» (seed 003) as the session's demo holds it, and
the eight final reports it is drafted from."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from boso.demo.synthesis import demo_load_synthesis
from boso.programmes.choices import ReportKind
from boso.programmes.models import Participation
from boso.reports.choices import ReportStatus, SynthesisStatus
from boso.reports.models import Report, Synthesis

pytestmark = pytest.mark.django_db

D = datetime.date
EIGHT = {
    "Porsgrunn",
    "Skien",
    "Mandal",
    "Holmestrand",
    "Nedre Eiker",
    "Kristiansand",
    "Ringerike",
    "Tønsberg",
}


def _synthesis() -> Synthesis:
    return Synthesis.objects.get(programme__region__slug="sor", title="2. halvår 2015")


def _paragraph(name: str) -> str:
    return _synthesis().paragraphs.get(heading=f"{name} kommune").text


def test_the_synthesis_is_published_for_the_second_half_of_2015(users: Any) -> None:
    synthesis = _synthesis()
    assert synthesis.status == SynthesisStatus.PUBLISHED
    assert (synthesis.starts_on, synthesis.ends_on) == (D(2015, 7, 1), D(2015, 12, 31))
    assert synthesis.published_at is not None
    assert synthesis.published_at.year == 2016
    assert synthesis.created_by == users["advisor"]
    assert synthesis.introduction.startswith("Det har vært 11 deltakende programkommuner")
    assert "nyttårsskiftet 2015/2016" in synthesis.introduction
    assert "videreutdanningstilbud ved UiA" in synthesis.closing


def test_one_paragraph_per_municipality_of_the_eight_each_from_its_report() -> None:
    """Drammen, the region's only other participant, ended in December 2014, before the
    period: no paragraph says a report is missing."""
    paragraphs = list(_synthesis().paragraphs.select_related("report"))
    assert {p.heading.removesuffix(" kommune") for p in paragraphs} == EIGHT
    assert all(
        p.report is not None and p.report.status == ReportStatus.APPROVED for p in paragraphs
    )
    assert all("ingen godkjent rapport" not in p.text for p in paragraphs)


def test_porsgrunn_waiting_list_down_68_percent() -> None:
    text = _paragraph("Porsgrunn")
    assert "fra 100 (2011) til 32 (2015), −68\u00a0%" in text
    assert "172 personer" in text


def test_mandal_homeless_and_waiting_list_movements() -> None:
    text = _paragraph("Mandal")
    assert "Bostedsløse: fra 18 personer (2012) til 6 personer (2015-12-20), −67\u00a0%" in text
    assert "fra 35 husstander (2012) til 12 husstander (2015M12), −66\u00a0%" in text


def test_skien_47_households_bought_their_municipal_home() -> None:
    assert "i alt 47 husstander har kjøpt den kommunale boligen" in _paragraph("Skien")


def test_the_reports_are_approved_final_reports_from_the_agreed_schedule() -> None:
    reports = Report.objects.filter(period__participation__programme__region__slug="sor").filter(
        period__ends_on=D(2015, 12, 31)
    )
    assert reports.count() == 8
    for report in reports.select_related("period"):
        assert report.period.kind == ReportKind.FINAL
        assert report.status == ReportStatus.APPROVED
        assert report.approved_at is not None
        assert report.approved_at.year == 2016
        assert "Demotall" in report.economy_comment  # invented costs are said to be
    mandal = reports.get(period__participation__municipality__code="1002")
    assert "15 – 20" in mandal.actuals.get(indicator__name="Bostedsløse").comment


def test_the_eight_take_part_on_2015_codes_to_the_turn_of_the_year() -> None:
    taking_part = Participation.objects.filter(
        programme__region__slug="sor", ends_on=D(2015, 12, 31)
    ).select_related("municipality")
    assert {p.municipality.name for p in taking_part} == EIGHT
    assert all(p.municipality.is_valid_on(D(2015, 1, 1)) for p in taking_part)


def test_a_rerun_writes_nothing() -> None:
    before = (Participation.objects.count(), Report.objects.count(), Synthesis.objects.count())
    summary = demo_load_synthesis()
    after = (Participation.objects.count(), Report.objects.count(), Synthesis.objects.count())
    assert after == before
    assert summary.line() == "8 participations, 8 reports, synthesis published"
