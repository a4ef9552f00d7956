"""The region's dashboard of a programme and a municipality's dashboard: report status
per municipality and period, money (granted, paid, reported spent), key indicators
from the statistics store, plan progress, the XLSX of the tables, and query counts
that stay flat as municipalities and reports grow."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from boso.core.formatting import format_number
from boso.municipalities.models import Municipality
from boso.plans import services as plan_services
from boso.plans.tests import full_plan as story
from boso.programmes.models import (
    Disbursement,
    GrantDecision,
    Participation,
    ReportingPeriod,
)
from boso.reports import dashboards, services, workflow
from boso.reports.models import Report, ReportCost
from boso.statistics.models import Indicator
from boso.statistics.tests.factories import put_observation

pytestmark = pytest.mark.django_db
D = datetime.date


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _region_page(user: Any, participation: Participation) -> str:
    url = reverse("reports:programme-dashboard", args=[participation.programme_id])
    response = _client(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _municipality_page(user: Any, participation: Participation) -> str:
    url = reverse("reports:participation-dashboard", args=[participation.pk])
    response = _client(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _period(participation: Participation, year: int, kind: str = "half_year") -> ReportingPeriod:
    first = D(year, 1, 1) if kind == "half_year" else D(year, 7, 1)
    return ReportingPeriod.objects.create(
        participation=participation,
        kind=kind,
        starts_on=first,
        ends_on=D(year, 6, 30) if kind == "half_year" else D(year, 12, 31),
        due_on=D(year, 8, 31) if kind == "half_year" else D(year + 1, 2, 28),
    )


def _approved(period: ReportingPeriod, costs: dict[str, str]) -> Report:
    """A report for the period, approved, with its costs (the workflow is tested elsewhere)."""
    report = services.report_create(period=period)
    for category, amount in costs.items():
        ReportCost.objects.create(report=report, category=category, amount=Decimal(amount))
    Report.objects.filter(pk=report.pk).update(status="approved")
    report.refresh_from_db()
    return report


def _kroner(amount: Decimal) -> str:
    return format_number(amount, 0)


def _row(html: str, name: str) -> str:
    """The table row of a municipality (its <tr> … </tr>) in the status matrix."""
    matrix = html.split('data-testid="status-matrix"')[1].split("</table>")[0]
    rows = [r for r in matrix.split("<tr>") if f">{name}</a></th>" in r]
    assert rows, f"no row for {name}"
    return rows[0]


# The region's dashboard ---------------------------------------------------------------------


def test_the_matrix_shows_each_periods_status_and_links_the_report(
    participation: Participation, report: Report, users: dict[str, Any]
) -> None:
    future = _period(participation, 2099)
    html = _region_page(users["advisor"], participation)
    row = _row(html, participation.municipality.name)
    # The first period's draft is linked; the demo's old periods are past due.
    assert f'href="/rapporter/{report.pk}/">Utkast</a>' in row
    assert "Forfalt" in row
    assert "Ikke laget" in row  # the period of 2099 is not due yet
    board = dashboards.region_board(participation.programme)
    dues = [c.due_on for c in board.columns]
    assert dues == sorted(dues)
    assert dues[-1] == future.due_on


def test_the_latest_version_decides_the_status(
    participation: Participation, users: dict[str, Any]
) -> None:
    period = _period(participation, 2098)
    approved = _approved(period, {}).pk
    reopened = workflow.report_reopen(report=Report.objects.get(pk=approved))
    row = _row(_region_page(users["advisor"], participation), participation.municipality.name)
    assert f'href="/rapporter/{reopened.pk}/">Utkast</a>' in row
    assert f'href="/rapporter/{approved}/"' not in row


def test_money_is_granted_paid_and_the_latest_approved_report_of_each_year(
    participation: Participation, users: dict[str, Any]
) -> None:
    before = dashboards.money_by_participation([participation])[participation.pk]
    grant = GrantDecision.objects.create(
        participation=participation, year=2097, amount=Decimal(900000), decided_on=D(2097, 2, 1)
    )
    Disbursement.objects.create(
        grant=grant,
        requested_amount=Decimal(500000),
        requested_on=D(2097, 3, 1),
        paid_amount=Decimal(500000),
        paid_on=D(2097, 3, 15),
        status="paid",
    )
    Disbursement.objects.create(  # asked for, not paid: not counted as paid
        grant=grant, requested_amount=Decimal(100000), requested_on=D(2097, 9, 1)
    )
    # The half-year's costs are part of the year's: only the year's report counts.
    _approved(_period(participation, 2097), {"wages": "100000", "travel": "5000"})
    annual = _approved(_period(participation, 2097, "annual"), {"wages": "300000"})
    newer = workflow.report_reopen(
        report=Report.objects.get(pk=annual.pk)
    )  # a draft of a new version: not yet
    ReportCost.objects.filter(report=newer).update(amount=Decimal(999999))

    after = dashboards.money_by_participation([participation])[participation.pk]
    assert after.granted - before.granted == Decimal(900000)
    assert after.paid - before.paid == Decimal(500000)
    assert after.spent - before.spent == Decimal(300000)

    Report.objects.filter(pk=newer.pk).update(status="approved")
    again = dashboards.money_by_participation([participation])[participation.pk]
    assert again.spent - before.spent == Decimal(999999)

    html = _region_page(users["advisor"], participation)
    money = html.split('data-testid="money"')[1].split("</table>")[0]
    board = dashboards.region_board(participation.programme)
    assert _kroner(board.totals.granted) in money.split("<tfoot>")[1]
    assert _kroner(again.spent) in money


def test_key_indicators_show_each_municipalitys_latest_figure(
    participation: Participation, plan: Any, users: dict[str, Any]
) -> None:
    goal = plan.goals.first()
    plan_services.indicator_save(
        plan=plan,
        goal=goal,
        catalogue=Indicator.objects.get(code="waiting_list"),
        direction="decrease",
        baseline_value=Decimal(40),
        baseline_period="2009",
    )
    put_observation("waiting_list", "0602", "2010", 1234)
    put_observation("waiting_list", "0602", "2011", 987)
    html = _region_page(users["advisor"], participation)
    section = html.split('aria-labelledby="heading-waiting-list"')[1].split("</section>")[0]
    assert Indicator.objects.get(code="waiting_list").name_nb in section
    row = re.search(rf"<th scope=\"row\">{participation.municipality.name}</th>(.*?)</tr>", section)
    assert row is not None
    assert "2011" in row.group(1)
    assert ">987<" in row.group(1)
    # The chart's data is inline and CSP-safe: JSON in a script that is not run.
    spec = section.split('data-vega-spec="chart-waiting-list">')[1].split("</script>")[0]
    assert '"verdi":987.0' in spec
    assert participation.municipality.name in spec


def test_the_tables_download_as_a_workbook(
    participation: Participation, report: Report, users: dict[str, Any]
) -> None:
    url = reverse("reports:programme-dashboard-xlsx", args=[participation.programme_id])
    response = _client(users["advisor"]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Rapporter", "Økonomi", "Indikatorer"]
    status_rows = list(book["Rapporter"].values)
    drammen = next(r for r in status_rows if r[0] == participation.municipality.name)
    assert "Utkast" in drammen
    money_rows = list(book["Økonomi"].values)
    total = next(r for r in money_rows if r[0] == "Sum")
    board = dashboards.region_board(participation.programme)
    assert Decimal(str(total[1])) == board.totals.granted  # a number, not text


def test_the_programme_page_links_the_dashboard_for_advisors_only(
    participation: Participation, users: dict[str, Any]
) -> None:
    url = reverse("programmes:programme", args=[participation.programme_id])
    link = reverse("reports:programme-dashboard", args=[participation.programme_id])
    assert link in _client(users["advisor"]).get(url).content.decode()
    assert link not in _client(users["reader"]).get(url).content.decode()


# A municipality's dashboard -----------------------------------------------------------------


def test_the_municipality_sees_plan_progress_money_and_reports_at_a_glance(
    participation: Participation, plan: Any, period: ReportingPeriod, users: dict[str, Any]
) -> None:
    story.approve(plan)
    draft = services.report_create(period=period)
    page = reverse("programmes:participation", args=[participation.pk])
    link = reverse("reports:participation-dashboard", args=[participation.pk])
    assert link in _client(users["reader"]).get(page).content.decode()

    html = _municipality_page(users["reader"], participation)
    # Two indicators, both on track: 24 of 35 → 12 by 2012, half the time gone in 2011.
    counts = html.split('data-testid="progress-counts"')[1].split("</ul>")[0]
    assert "I rute" in counts
    assert ">2 <" in counts
    activities = html.split('data-testid="activity-counts"')[1].split("</ul>")[0]
    assert "Pågår</span> 2" in activities
    assert "Planlagt</span> 2" in activities
    money = dashboards.money_by_participation([participation])[participation.pk]
    assert _kroner(money.granted) in html.split('data-testid="money"')[1]
    # A reader sees the draft's status, but not a link to it (readers read approved reports).
    reports = html.split('data-testid="report-status"')[1]
    assert "Utkast" in reports
    assert f"/rapporter/{draft.pk}/" not in reports


def test_without_an_approved_plan_the_dashboard_says_so(
    participation: Participation, plan: Any, users: dict[str, Any]
) -> None:
    html = _municipality_page(users["coordinator"], participation)
    assert "ingen godkjent plan" in html


# Queries stay flat --------------------------------------------------------------------------


def _another_municipality(participation: Participation, n: int) -> Participation:
    """One more municipality in the programme with a plan (a catalogue indicator),
    a grant, two periods and an approved report."""
    taken = participation.programme.participations.values("municipality_id")
    municipality = Municipality.objects.exclude(pk__in=taken).order_by("code")[n]
    other = Participation.objects.create(
        municipality=municipality,
        programme=participation.programme,
        tier=participation.tier,
        starts_on=participation.starts_on,
        ends_on=participation.ends_on,
    )
    plan = plan_services.plan_create(
        participation=other, title="Plan", first_year=2011, last_year=2012
    )
    goal = plan_services.goal_save(plan=plan, title="Færre bostedsløse")
    plan_services.indicator_save(
        plan=plan,
        goal=goal,
        catalogue=Indicator.objects.get(code="homeless_per_1000"),
        direction="decrease",
    )
    GrantDecision.objects.create(
        participation=other, year=2011, amount=Decimal(500000), decided_on=D(2011, 2, 1)
    )
    _approved(_period(other, 2011), {"wages": "1000"})
    _period(other, 2012)
    put_observation("waiting_list", municipality.code, "2011", 10 + n)
    return other


def test_the_region_dashboard_costs_the_same_queries_with_more_municipalities(
    participation: Participation,
    report: Report,
    users: dict[str, Any],
    django_assert_max_num_queries: Any,
) -> None:
    client = _client(users["advisor"])
    url = reverse("reports:programme-dashboard", args=[participation.programme_id])
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(3):
        _another_municipality(participation, n)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert (
        response.content.decode().count(
            '<tr><th scope="row"><a class="ds-link" href="/programmer/deltakelser/'
        )
        >= 4
    )


@pytest.mark.parametrize("role", ["advisor", "reader"])
def test_the_municipality_dashboard_costs_the_same_queries_with_more_reports(
    role: str,
    participation: Participation,
    plan: Any,
    users: dict[str, Any],
    django_assert_max_num_queries: Any,
) -> None:
    story.approve(plan)
    client = _client(users[role])
    url = reverse("reports:participation-dashboard", args=[participation.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for year in (2095, 2096):
        _approved(_period(participation, year), {"wages": "1000"})
        services.report_create(period=_period(participation, year, "annual"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "30.06.2096" in response.content.decode()
