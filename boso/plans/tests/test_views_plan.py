"""The main plan pages: a new plan, the plan read as seed 004 reads, its texts (with the
conflict page), approval, a new version and the month timeline."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boso.plans import services
from boso.plans.models import Goal, Plan
from boso.plans.views_plan import optional_url
from boso.statistics.models import Indicator
from boso.statistics.tests.factories import put_observation

pytestmark = pytest.mark.django_db
D = datetime.date
NBSP = "\u00a0"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(user: Any, plan: Plan, name: str = "plans:plan") -> Any:
    return _client(user).get(reverse(name, args=[plan.pk]))


def _full_plan(plan: Plan, main_goal: Goal) -> Plan:
    """Drammen's plan with one of everything a plan holds."""
    sub = services.goal_save(plan=plan, title="Færre bostedsløse", parent=main_goal)
    services.activity_save(
        goal=sub,
        title="Boligskole for unge",
        starts_on=D(2011, 3, 1),
        ends_on=D(2011, 6, 1),
        responsible_unit="NAV Drammen",
        expected_result="Unge lærer å bo",
        status="ongoing",
    )
    indicator = services.indicator_save(
        plan=plan,
        goal=sub,
        name="Husstander på venteliste",
        unit="husstander",
        direction="decrease",
        baseline_value=Decimal(35),
        baseline_period="2010",
    )
    services.target_set(indicator=indicator, period="2012", value=Decimal(0))
    services.actual_record(indicator=indicator, period="2011", value=Decimal(12))
    services.target_group_save(plan=plan, name="Bostedsløse", description="Uten egen bolig")
    services.sub_project_save(plan=plan, name="Boligskolen")
    services.member_save(plan=plan, body="owner", role_title="Bystyret")
    services.member_save(plan=plan, body="steering", role_title="Rådmann", leads=True)
    services.risk_save(plan=plan, description="For få boliger", likelihood=4, consequence=5)
    services.risk_save(plan=plan, description="Sykefravær", likelihood=2, consequence=2)
    for funder, amount in (("municipality", 300_000), ("husbanken", 700_000)):
        services.budget_line_save(
            plan=plan, year=2011, funder=funder, category="wages", amount=Decimal(amount)
        )
    return Plan.objects.get(pk=plan.pk)


# A new plan -------------------------------------------------------------------------------


def test_coordinator_creates_a_plan(participation: Any, users: dict[str, Any]) -> None:
    client = _client(users["coordinator"])
    url = reverse("plans:create", args=[participation.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Ny programplan for Drammen" in page.content.decode()
    response = client.post(
        url, {"title": "Handlingsplan", "first_year": "2012", "last_year": "2014"}
    )
    plan = Plan.objects.get(participation=participation, title="Handlingsplan")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan", args=[plan.pk])
    assert (plan.first_year, plan.last_year, plan.status) == (2012, 2014, "draft")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Plan", "first_year": "2013", "last_year": "2012"}, "Siste år kan ikke være"),
        ({"title": "Plan", "first_year": "2012", "last_year": "2016"}, "innenfor deltakelsen"),
        ({"title": "Plan", "first_year": "tjuetolv", "last_year": "2012"}, "Skriv et årstall"),
        ({"title": " ", "first_year": "2012", "last_year": "2012"}, "Gi planen en tittel"),
    ],
)
def test_a_refused_plan_keeps_the_input(
    participation: Any, users: dict[str, Any], data: dict[str, str], message: str
) -> None:
    before = Plan.objects.count()
    response = _client(users["coordinator"]).post(
        reverse("plans:create", args=[participation.pk]), data
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert message in content
    assert f'value="{data["first_year"]}"' in content
    assert Plan.objects.count() == before


def test_an_empty_plan_form_says_what_is_missing(participation: Any, users: dict[str, Any]) -> None:
    response = _client(users["coordinator"]).post(reverse("plans:create", args=[participation.pk]))
    content = response.content.decode()
    assert response.status_code == 400
    assert "Gi planen en tittel" in content
    assert "Skriv årstallet" in content


# The plan page ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "advisor", "coordinator"])
def test_the_plan_page_reads_as_the_plan(
    plan: Plan, main_goal: Goal, users: dict[str, Any], role: str
) -> None:
    services.plan_save_texts(
        plan=plan,
        expected_version=1,
        summary="<p>Alle skal bo <strong>trygt</strong></p>",
        vision="Alle skal bo trygt og godt",
        mandate="<p>Vedtatt i formannskapet</p>",
    )
    plan = _full_plan(plan, main_goal)
    response = _page(users[role], plan)
    content = response.content.decode()
    assert response.status_code == 200
    for expected in (
        "Programplan 2011",
        "Utkast",
        "<p>Alle skal bo <strong>trygt</strong></p>",
        "Alle skal bo trygt og godt",
        "Vedtatt i formannskapet",
        "Hovedmål 1: Alle skal bo trygt og godt",
        "Delmål 1.1: Færre bostedsløse",
        "Boligskole for unge",
        "NAV Drammen",
        "Unge lærer å bo",
        "Pågår",
        "Husstander på venteliste",
        f"66{NBSP}%",  # (12 − 35) / (0 − 35) of the way to the 2012 target
        "Framdrift = (faktisk − utgangsverdi)",
        "Bostedsløse",
        "Boligskolen",
        "Prosjekteier",
        "Bystyret",
        "Styringsgruppe",
        "For få boliger",
        "Risikomatrise",
        f"1{NBSP}000{NBSP}000",
        f"30,0{NBSP}%",
    ):
        assert expected in content, expected
    assert content.count("Framdrift = (faktisk − utgangsverdi)") == 1
    assert ("Godkjenn planen" in content) == (role != "coordinator")


def test_progress_status_follows_the_rule(
    plan: Plan, main_goal: Goal, users: dict[str, Any]
) -> None:
    plan = _full_plan(plan, main_goal)
    line = re.search(
        r"Husstander på venteliste.*?</tr>", _page(users["advisor"], plan).content.decode(), re.S
    )
    assert line is not None
    # 66 % of the way, with half the time from 2010 to 2012 gone at 2011: on track.
    assert "I rute" in line.group(0)
    assert f"forventet 50{NBSP}%" in line.group(0)


def test_the_risk_matrix_places_each_risk(
    plan: Plan, main_goal: Goal, users: dict[str, Any]
) -> None:
    plan = _full_plan(plan, main_goal)
    content = _page(users["advisor"], plan).content.decode()
    matrix = content[content.index('class="ds-table risk-matrix"') :]
    matrix = matrix[: matrix.index("</table>")]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">Sannsynlighet (\d)</th>(.*?)</tr>", matrix, re.S)
    assert [r[0] for r in rows] == ["5", "4", "3", "2", "1"]
    cells = {int(r[0]): re.findall(r"<td[^>]*>(.*?)</td>", r[1], re.S) for r in rows}
    assert "R1" in cells[4][4]
    assert "høy risiko" in cells[4][4]
    assert "R2" in cells[2][1]
    assert "lav risiko" in cells[2][1]
    assert sum("R" in cell for row in cells.values() for cell in row) == 2


def test_readers_see_approved_plans_only(
    plan: Plan, main_goal: Goal, users: dict[str, Any]
) -> None:
    reader = users["reader"]
    assert _page(reader, plan).status_code == 403
    assert _page(reader, plan, "plans:timeline").status_code == 403
    services.plan_approve(plan=plan)
    page = _page(reader, plan)
    assert page.status_code == 200
    assert "Godkjent" in page.content.decode()
    assert "Skriv tekstene" not in page.content.decode()
    assert "Lag en ny versjon" not in page.content.decode()


@pytest.mark.parametrize("role", ["coordinator_other", "advisor_other"])
@pytest.mark.parametrize("name", ["plans:plan", "plans:timeline", "plans:edit-texts"])
def test_outsiders_are_refused(plan: Plan, users: dict[str, Any], role: str, name: str) -> None:
    assert _page(users[role], plan, name).status_code == 403


def test_other_versions_readers_see_approved_ones(
    plan: Plan, main_goal: Goal, participation: Any, users: dict[str, Any]
) -> None:
    services.plan_approve(plan=plan)
    draft = services.plan_new_version(
        plan=plan, title="Handlingsplan 2012–2014", first_year=2012, last_year=2014
    )
    assert "Handlingsplan 2012–2014" in _page(users["coordinator"], plan).content.decode()
    assert "Handlingsplan 2012–2014" not in _page(users["reader"], plan).content.decode()
    assert "Programplan 2011" in _page(users["coordinator"], draft).content.decode()


def test_edit_links_wait_for_their_pages() -> None:
    assert optional_url("plan", 7) == "/planer/7/"
    assert optional_url("no-such-page", 7) is None


def _catalogue_indicator(plan: Plan, goal: Goal, code: str) -> None:
    services.indicator_save(
        plan=plan,
        goal=goal,
        catalogue=Indicator.objects.get(code=code),
        direction="decrease",
        baseline_value=Decimal(1),
        baseline_period="2008",
    )


def test_the_plan_page_costs_the_same_queries_with_more_goals(
    plan: Plan, main_goal: Goal, users: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    plan = _full_plan(plan, main_goal)
    _catalogue_indicator(plan, main_goal, "homeless_per_1000")  # a rate: numerator too
    client = _client(users["advisor"])
    url = reverse("plans:plan", args=[plan.pk])
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for code in ("homeless", "waiting_list", "start_loans_count", "homeless_per_1000"):
        _catalogue_indicator(plan, main_goal, code)  # each read from the statistics store
    for n in range(4):
        goal = services.goal_save(plan=plan, title=f"Mål {n}")
        sub = services.goal_save(plan=plan, title=f"Delmål {n}", parent=goal)
        for m in range(3):
            services.activity_save(
                goal=sub, title=f"Tiltak {n}.{m}", starts_on=D(2011, 1, 1), ends_on=D(2011, 2, 1)
            )
        indicator = services.indicator_save(
            plan=plan,
            goal=sub,
            name=f"Indikator {n}",
            direction="increase",
            baseline_value=Decimal(1),
            baseline_period="2010",
        )
        services.actual_record(indicator=indicator, period="2011", value=Decimal(2))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "Tiltak 3.2" in response.content.decode()


# Live figures -----------------------------------------------------------------------------


def test_live_figures_come_from_the_statistics_store(plan: Plan, users: dict[str, Any]) -> None:
    put_observation("waiting_list", "0602", "2010", 1234)
    put_observation("waiting_list", "0602", "2011", 987)
    services.plan_save_texts(
        plan=plan,
        expected_version=1,
        status_and_challenges=(
            "<p>Ventelisten var {{tall:waiting_list:2010}} og er nå {{tall:waiting_list}}. "
            "Ukjent: {{tall:finnes_ikke:2010}}. Uten tall: {{tall:waiting_list:2005}}.</p>"
        ),
    )
    content = _page(users["coordinator"], plan).content.decode()
    source = Indicator.objects.get(code="waiting_list").source
    assert f"1{NBSP}234 husstander" in content
    assert f"(2010, kilde: {source})" in content
    assert "987 husstander" in content
    assert f"(2011, kilde: {source})" in content
    assert "[ukjent tall: finnes_ikke]" in content
    assert "[ingen tall for waiting_list 2005]" in content
    assert "{{tall:" not in content


# The texts --------------------------------------------------------------------------------


def _texts(plan: Plan, **changes: Any) -> dict[str, Any]:
    data = {
        "version": plan.version,
        "title": plan.title,
        "vision": "Alle skal bo trygt og godt",
        "summary": "",
        "purpose": "",
        "mandate": "",
        "background": "",
        "status_and_challenges": "",
    }
    return data | changes


def test_texts_are_saved_and_sanitised(plan: Plan, users: dict[str, Any]) -> None:
    client = _client(users["coordinator"])
    url = reverse("plans:edit-texts", args=[plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _texts(
            plan,
            summary='<p onclick="steal()">Alle skal bo</p><script>alert("x")</script>',
            purpose="Første avsnitt\nmed to linjer.\n\nAndre avsnitt < tredje & fjerde",
            vision='<script>alert("v")</script>Trygt',
        ),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.summary == "<p>Alle skal bo</p>"
    assert plan.purpose == (
        "<p>Første avsnitt<br>med to linjer.</p><p>Andre avsnitt &lt; tredje &amp; fjerde</p>"
    )
    assert plan.version == 2
    content = _page(users["coordinator"], plan).content.decode()
    assert "<script>" not in content.split('<main id="main"')[1]
    assert "&lt;script&gt;alert(&quot;v&quot;)&lt;/script&gt;Trygt" in content


def test_plain_text_comes_back_as_plain_text(plan: Plan, users: dict[str, Any]) -> None:
    client = _client(users["coordinator"])
    url = reverse("plans:edit-texts", args=[plan.pk])
    client.post(url, _texts(plan, background="Først dette.\n\nSå «dette» & mer."))
    content = client.get(url).content.decode()
    assert "Først dette.\n\nSå «dette» &amp; mer.</textarea>" in content
    assert "&lt;p&gt;Først" not in content


def test_a_missing_title_is_refused_at_the_field(plan: Plan, users: dict[str, Any]) -> None:
    response = _client(users["coordinator"]).post(
        reverse("plans:edit-texts", args=[plan.pk]), _texts(plan, title="", purpose="Mitt formål")
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Gi planen en tittel" in content
    assert "Mitt formål" in content
    assert Plan.objects.get(pk=plan.pk).version == 1


def test_a_stale_save_is_a_conflict_that_keeps_both_texts(
    plan: Plan, users: dict[str, Any]
) -> None:
    url = reverse("plans:edit-texts", args=[plan.pk])
    services.plan_save_texts(plan=plan, expected_version=1, purpose="Rådgiverens formål")
    client = _client(users["coordinator"])
    response = client.post(url, _texts(plan, version=1, purpose="Koordinatorens formål"))
    content = response.content.decode()
    assert response.status_code == 409
    assert "lagret av noen andre" in content
    assert "Koordinatorens formål" in content  # the typed text, still in the form
    assert "Rådgiverens formål" in content  # the stored text beside it
    assert 'name="version" value="2"' in content
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.purpose, stored.version) == ("Rådgiverens formål", 2)
    # Saving again is a deliberate overwrite.
    again = client.post(url, _texts(plan, version=2, purpose="Koordinatorens formål"))
    assert again.status_code == 302
    assert Plan.objects.get(pk=plan.pk).purpose == "<p>Koordinatorens formål</p>"


# Approval and versions --------------------------------------------------------------------


def test_approval_locks_the_plan(plan: Plan, main_goal: Goal, users: dict[str, Any]) -> None:
    response = _client(users["advisor"]).post(reverse("plans:approve", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert plan.approved_by == users["advisor"]
    coordinator = _client(users["coordinator"])
    assert coordinator.get(reverse("plans:edit-texts", args=[plan.pk])).status_code == 403
    assert (
        coordinator.post(
            reverse("plans:edit-texts", args=[plan.pk]), _texts(plan, purpose="Endret")
        ).status_code
        == 403
    )
    assert Plan.objects.get(pk=plan.pk).purpose == ""
    assert "Skriv tekstene" not in _page(users["coordinator"], plan).content.decode()


def test_approval_without_a_main_goal_is_refused(plan: Plan, users: dict[str, Any]) -> None:
    response = _client(users["advisor"]).post(reverse("plans:approve", args=[plan.pk]))
    assert response.status_code == 400
    assert "minst ett hovedmål" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).status == "draft"


def test_the_coordinator_cannot_approve(plan: Plan, main_goal: Goal, users: dict[str, Any]) -> None:
    response = _client(users["coordinator"]).post(reverse("plans:approve", args=[plan.pk]))
    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).status == "draft"


def test_a_new_version_copies_the_goals(plan: Plan, main_goal: Goal, users: dict[str, Any]) -> None:
    plan = _full_plan(plan, main_goal)
    services.plan_approve(plan=plan)
    response = _client(users["coordinator"]).post(
        reverse("plans:new-version", args=[plan.pk]),
        {"title": "Handlingsplan 2012–2014", "first_year": "2012", "last_year": "2014"},
    )
    new = Plan.objects.get(title="Handlingsplan 2012–2014")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan", args=[new.pk])
    assert new.status == "draft"
    assert sorted(new.goals.values_list("title", flat=True)) == [
        "Alle skal bo trygt og godt",
        "Færre bostedsløse",
    ]
    content = _page(users["coordinator"], new).content.decode()
    assert "Boligskole for unge" in content
    assert "Programplan 2011" in content


def test_a_refused_new_version_keeps_the_input(
    plan: Plan, main_goal: Goal, users: dict[str, Any]
) -> None:
    before = Plan.objects.count()
    response = _client(users["coordinator"]).post(
        reverse("plans:new-version", args=[plan.pk]),
        {"title": "Handlingsplan 2015", "first_year": "2015", "last_year": "2015"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "innenfor deltakelsen 2010–2014" in content
    assert 'value="Handlingsplan 2015"' in content
    assert Plan.objects.count() == before


def test_readers_cannot_make_versions(plan: Plan, main_goal: Goal, users: dict[str, Any]) -> None:
    services.plan_approve(plan=plan)
    response = _client(users["reader"]).post(
        reverse("plans:new-version", args=[plan.pk]),
        {"title": "Ny", "first_year": "2012", "last_year": "2012"},
    )
    assert response.status_code == 403


# The timeline -----------------------------------------------------------------------------


def test_the_timeline_marks_the_months_of_each_activity(
    plan: Plan, main_goal: Goal, users: dict[str, Any]
) -> None:
    plan = _full_plan(plan, main_goal)  # Boligskole for unge: March–June 2011
    response = _page(users["coordinator"], plan, "plans:timeline")
    content = response.content.decode()
    assert response.status_code == 200
    row = re.search(
        r"<tr>\s*<th scope=\"row\" class=\"timeline-activity\">Boligskole for unge</th>(.*?)</tr>",
        content,
        re.S,
    )
    assert row is not None
    cells = re.findall(r"<td class=\"timeline-cell([^\"]*)\">", row.group(1))
    assert len(cells) == 12  # the plan's year, January to December
    marked = [i for i, cls in enumerate(cells) if "timeline-on" in cls]
    assert marked == [2, 3, 4, 5]  # March, April, May, June
    assert content.count("timeline-on") == 4
    assert row.group(1).count("pågår") == 4
    assert "NAV Drammen" in row.group(1)
    assert "Delmål 1.1: Færre bostedsløse" in content
    for month in ("jan", "mar", "jun", "des"):
        assert f'>{month}<span class="ds-sr-only"> 2011</span>' in content
    assert reverse("plans:plan", args=[plan.pk]) in content


# The participation page -------------------------------------------------------------------


def test_the_participation_page_lists_the_plans(
    plan: Plan, participation: Any, users: dict[str, Any]
) -> None:
    url = reverse("programmes:participation", args=[participation.pk])
    coordinator = _client(users["coordinator"]).get(url).content.decode()
    assert reverse("plans:plan", args=[plan.pk]) in coordinator
    assert reverse("plans:create", args=[participation.pk]) in coordinator
    reader = _client(users["reader"]).get(url).content.decode()
    assert reverse("plans:plan", args=[plan.pk]) not in reader
    assert reverse("plans:create", args=[participation.pk]) not in reader
