"""The region's synthesis: drafted from the approved reports (a paragraph per
municipality with its largest indicator changes, the money table, the indicator
movements), edited with a revision check and published."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from boso.reports import services, synthesis, workflow
from boso.reports.choices import SynthesisStatus
from boso.reports.models import Report, Synthesis
from boso.reports.tests.test_services import _complete

pytestmark = pytest.mark.django_db

PROGRESS = (
    "Leie til eie-prosjektet har ført til at 47 husstander har kjøpt den kommunale "
    "boligen de leide. Metoden er nå en del av ordinær drift.\n\n"
    "Kommunen har arbeidet med tildelingsrutiner. " + "Mer tekst. " * 200
)


@pytest.fixture
def approved(report: Report, users: dict[str, Any]) -> Report:
    report = _complete(report)
    report = services.report_save_texts(
        report=report, expected_revision=report.revision, progress=PROGRESS
    )
    report = workflow.report_submit(report=report, expected_revision=report.revision)
    return workflow.report_approve(report=report, user=users["advisor"])


def _draft(report: Report) -> Synthesis:
    period = report.period
    return synthesis.synthesis_draft(
        programme=period.participation.programme,
        title="2. halvår 2010",
        starts_on=period.starts_on,
        ends_on=period.ends_on,
    )


def test_summary_keeps_whole_sentences_within_the_limit() -> None:
    text = "Første setning. Andre setning er lengre. Tredje."
    assert synthesis.summary(text, limit=40) == "Første setning. Andre setning er lengre."
    assert synthesis.summary("Kort.\n\nNeste avsnitt.", limit=100) == "Kort.\n\nNeste avsnitt."


def test_a_movement_reads_as_a_sentence() -> None:
    movement = synthesis.Movement(
        name="Husstander på venteliste",
        unit="husstander",
        baseline=Decimal(35),
        baseline_period="2012",
        actual=Decimal(12),
        period="2015M12",
    )
    assert synthesis.movement_sentence(movement) == (
        "Husstander på venteliste: fra 35 husstander (2012) "
        "til 12 husstander (2015M12), −66\u00a0%."
    )


def test_the_draft_is_written_from_the_approved_reports(approved: Report) -> None:
    drafted = _draft(approved)
    paragraphs = {p.heading: p for p in drafted.paragraphs.all()}
    drammen = paragraphs["Drammen kommune"]
    assert drammen.report == approved
    assert drammen.text.startswith("Leie til eie-prosjektet har ført til at 47 husstander")
    assert len(drammen.text) < len(PROGRESS)
    # The plan's indicators: baseline 35 in 2010, actual 30 in 2010H1 (_complete).
    assert "fra 35 husstander (2010) til 30 husstander (2010H1), −14\u00a0%." in drammen.text
    others = [p for name, p in paragraphs.items() if name != "Drammen kommune"]
    assert all("ingen godkjent rapport" in p.text for p in others)

    money = drafted.figures["money"]
    row = next(r for r in money["rows"] if r["municipality"] == "Drammen")
    assert row["spent"] == {"wages": "309000.00", "travel": "29000.00"}
    assert Decimal(row["spent_total"]) == Decimal(338_000)
    assert Decimal(money["totals"]["spent_total"]) == Decimal(338_000)
    table = drafted.figures["indicators"][0]
    assert table["rows"][0]["municipality"] == "Drammen"
    assert Decimal(table["rows"][0]["change"]) == Decimal("-0.1429")


def test_a_report_not_yet_approved_is_left_out(report: Report) -> None:
    drafted = _draft(_complete(report))
    drammen = drafted.paragraphs.get(heading="Drammen kommune")
    assert drammen.report is None
    assert "ingen godkjent rapport" in drammen.text


def test_editing_checks_the_revision_and_publishing_locks(approved: Report) -> None:
    drafted = _draft(approved)
    paragraph = drafted.paragraphs.get(heading="Drammen kommune")
    synthesis.synthesis_save(
        synthesis=drafted,
        expected_revision=1,
        introduction="Det har vært elleve deltakende programkommuner.",
        paragraphs={paragraph.pk: "Drammen har nådd målene."},
    )
    with pytest.raises(services.ConflictError):
        synthesis.synthesis_save(synthesis=drafted, expected_revision=1, introduction="Sist")
    drafted.refresh_from_db()
    assert drafted.introduction == "Det har vært elleve deltakende programkommuner."
    assert drafted.paragraphs.get(pk=paragraph.pk).text == "Drammen har nådd målene."

    published = synthesis.synthesis_publish(synthesis=drafted, expected_revision=drafted.revision)
    assert published.status == SynthesisStatus.PUBLISHED
    with pytest.raises(ValidationError, match="publisert"):
        synthesis.synthesis_save(
            synthesis=published, expected_revision=published.revision, closing="x"
        )


def test_publishing_needs_an_introduction(approved: Report) -> None:
    drafted = _draft(approved)
    with pytest.raises(ValidationError, match="innledning"):
        synthesis.synthesis_publish(synthesis=drafted, expected_revision=drafted.revision)


def test_a_period_without_participants_is_refused(approved: Report) -> None:
    programme = approved.period.participation.programme
    with pytest.raises(ValidationError, match="Ingen kommuner"):
        synthesis.synthesis_draft(
            programme=programme,
            title="1990",
            starts_on=datetime.date(1990, 1, 1),
            ends_on=datetime.date(1990, 12, 31),
        )


def test_who_reads_and_edits_a_synthesis(approved: Report, users: dict[str, Any]) -> None:
    drafted = _draft(approved)
    assert users["advisor"].has_perm("reports.edit_synthesis", drafted)
    assert not users["advisor_other"].has_perm("reports.view_synthesis", drafted)
    assert not users["coordinator"].has_perm("reports.view_synthesis", drafted)
    synthesis.synthesis_save(synthesis=drafted, expected_revision=1, introduction="Innledning.")
    drafted.refresh_from_db()
    synthesis.synthesis_publish(synthesis=drafted, expected_revision=drafted.revision)
    assert users["coordinator"].has_perm("reports.view_synthesis", drafted)
    assert users["reader"].has_perm("reports.view_synthesis", drafted)
    assert not users["coordinator_other"].has_perm("reports.view_synthesis", drafted)
    assert not users["advisor"].has_perm("reports.edit_synthesis", drafted)
