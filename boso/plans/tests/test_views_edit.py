"""The plan's edit pages: goals, activities, indicators with targets and actuals, budget,
organisation, risks, target groups and sub-projects. Each write goes back to the plan
page at the part that changed; bad input from the issue is named at its field, keeps
what was typed and saves nothing."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from boso.plans import services
from boso.plans.forms_edit import parse_month
from boso.plans.models import (
    Activity,
    BudgetLine,
    Goal,
    IndicatorActual,
    IndicatorTarget,
    OrganisationMember,
    PlanIndicator,
    Risk,
    SubProject,
    TargetGroup,
)
from boso.statistics.models import Indicator

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _plan_url(plan: Any, anchor: str) -> str:
    return reverse("plans:plan", args=[plan.pk]) + f"#{anchor}"


def _error_at(html: str, field_id: str) -> str:
    """The message shown at a field (empty when none)."""
    match = re.search(rf'id="{field_id}-error">(.*?)</p>', html, re.S)
    return match[1] if match else ""


def _summary_links_to(html: str, field_id: str) -> bool:
    summary = html.split('class="ds-error-summary"', 1)[-1].split("</div>", 1)[0]
    return f'href="#{field_id}"' in summary


@pytest.fixture
def coordinator(users: dict[str, Any]) -> Client:
    return _client(users["coordinator"])


@pytest.fixture
def indicator(plan: Any, main_goal: Any) -> Any:
    return services.indicator_save(
        plan=plan,
        goal=main_goal,
        name="Bostedsløse",
        unit="personer",
        direction="decrease",
        baseline_value=Decimal(35),
        baseline_period="2010",
    )


# Months ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["03.2011", "3.2011", "2011-03", " 03.2011 "])
def test_month_forms(text: str) -> None:
    assert parse_month(text) == datetime.date(2011, 3, 1)


@pytest.mark.parametrize("text", ["13.2011", "0.2011", "mars 2011", "2011", "03/2011"])
def test_not_a_month(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(text)):
        parse_month(text)


# Goals -----------------------------------------------------------------------------------


def test_add_main_goal_and_sub_goal(plan: Any, coordinator: Client) -> None:
    url = reverse("plans:goal-create", args=[plan.pk])
    assert coordinator.get(url).status_code == 200
    response = coordinator.post(url, {"title": "Alle skal bo trygt og godt", "order": "1"})
    main = Goal.objects.get(plan=plan, title="Alle skal bo trygt og godt")
    assert response.status_code == 302
    assert response["Location"] == _plan_url(plan, f"goal-{main.pk}")
    assert main.level == "main"
    assert main.order == 1

    page = coordinator.get(url + f"?hovedmal={main.pk}").content.decode()
    assert f'<option value="{main.pk}" selected>' in page
    response = coordinator.post(
        url, {"title": "Færre utkastelser", "parent": main.pk, "description": "Forebygge"}
    )
    sub = Goal.objects.get(plan=plan, title="Færre utkastelser")
    assert response["Location"] == _plan_url(plan, f"goal-{sub.pk}")
    assert (sub.level, sub.parent_id, sub.description) == ("sub", main.pk, "Forebygge")


def test_goal_without_title_is_refused(plan: Any, coordinator: Client) -> None:
    url = reverse("plans:goal-create", args=[plan.pk])
    response = coordinator.post(url, {"title": "", "description": "Tekst som beholdes"})
    assert response.status_code == 400
    html = response.content.decode()
    assert _summary_links_to(html, "id_title")
    assert "Tekst som beholdes" in html
    assert not plan.goals.exists()


def test_edit_goal(plan: Any, main_goal: Any, coordinator: Client) -> None:
    url = reverse("plans:goal-edit", args=[main_goal.pk])
    page = coordinator.get(url).content.decode()
    assert "Alle skal bo trygt og godt" in page
    response = coordinator.post(url, {"title": "Alle skal bo godt", "order": ""})
    assert response["Location"] == _plan_url(plan, f"goal-{main_goal.pk}")
    main_goal.refresh_from_db()
    assert main_goal.title == "Alle skal bo godt"


def test_main_goal_with_sub_goals_stays_main(
    plan: Any, main_goal: Any, coordinator: Client
) -> None:
    services.goal_save(plan=plan, title="Delmål", parent=main_goal)
    other = services.goal_save(plan=plan, title="Et annet hovedmål")
    response = coordinator.post(
        reverse("plans:goal-edit", args=[main_goal.pk]),
        {"title": "Alle skal bo trygt og godt", "parent": other.pk},
    )
    assert response.status_code == 400
    assert "har delmål" in _error_at(response.content.decode(), "id_parent")
    main_goal.refresh_from_db()
    assert main_goal.parent_id is None


def test_goal_with_indicators_is_not_deleted(
    plan: Any, main_goal: Any, indicator: Any, coordinator: Client
) -> None:
    response = coordinator.post(reverse("plans:goal-delete", args=[main_goal.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Målet har indikatorer (Bostedsløse)" in _error_at(html, "slett")
    assert _summary_links_to(html, "slett")
    assert Goal.objects.filter(pk=main_goal.pk).exists()
    assert PlanIndicator.objects.filter(pk=indicator.pk).exists()


def test_delete_goal(plan: Any, main_goal: Any, coordinator: Client) -> None:
    sub = services.goal_save(plan=plan, title="Delmål", parent=main_goal)
    response = coordinator.post(reverse("plans:goal-delete", args=[sub.pk]))
    assert response["Location"] == _plan_url(plan, f"goal-{main_goal.pk}")
    assert not Goal.objects.filter(pk=sub.pk).exists()
    response = coordinator.post(reverse("plans:goal-delete", args=[main_goal.pk]))
    assert response["Location"] == _plan_url(plan, "handlingsplan")
    assert not plan.goals.exists()
    assert coordinator.get(reverse("plans:goal-delete", args=[main_goal.pk])).status_code == 405


# Activities -----------------------------------------------------------------------------


def _activity(goal: Any, **changes: Any) -> dict[str, Any]:
    return {
        "goal": goal.pk,
        "title": "Boligsosialt faktaark",
        "responsible_unit": "Strategi og utvikling",
        "starts_on": "03.2011",
        "ends_on": "2011-06",
        "expected_result": "Et felles kunnskapsgrunnlag",
        "status": "planned",
        **changes,
    }


def test_add_activity(plan: Any, main_goal: Any, coordinator: Client) -> None:
    url = reverse("plans:activity-create", args=[main_goal.pk])
    assert coordinator.get(url).status_code == 200
    response = coordinator.post(url, _activity(main_goal, starts_on="3.2011"))
    assert response.status_code == 302
    assert response["Location"] == _plan_url(plan, f"goal-{main_goal.pk}")
    activity = Activity.objects.get(goal=main_goal)
    assert activity.starts_on == datetime.date(2011, 3, 1)
    assert activity.ends_on == datetime.date(2011, 6, 1)
    assert activity.responsible_unit == "Strategi og utvikling"


def test_activity_ending_before_it_starts(plan: Any, main_goal: Any, coordinator: Client) -> None:
    response = coordinator.post(
        reverse("plans:activity-create", args=[main_goal.pk]),
        _activity(main_goal, starts_on="09.2011", ends_on="03.2011"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _error_at(html, "id_ends_on") == "Tiltaket kan ikke slutte før det begynner."
    assert _summary_links_to(html, "id_ends_on")
    assert 'value="09.2011"' in html
    assert 'value="03.2011"' in html
    assert not Activity.objects.filter(goal=main_goal).exists()


def test_activity_outside_the_programme_period(
    plan: Any, main_goal: Any, coordinator: Client
) -> None:
    response = coordinator.post(
        reverse("plans:activity-create", args=[main_goal.pk]),
        _activity(main_goal, starts_on="11.2009"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "innenfor programperioden 01.2010–12.2014" in _error_at(html, "id_starts_on")
    assert _summary_links_to(html, "id_starts_on")
    assert not Activity.objects.filter(goal=main_goal).exists()


def test_activity_month_must_be_a_month(plan: Any, main_goal: Any, coordinator: Client) -> None:
    response = coordinator.post(
        reverse("plans:activity-create", args=[main_goal.pk]),
        _activity(main_goal, starts_on="mars 2011"),
    )
    assert response.status_code == 400
    assert _error_at(response.content.decode(), "id_starts_on") == "Skriv måneden som 03.2011."
    assert 'value="mars 2011"' in response.content.decode()


def test_edit_move_and_delete_activity(plan: Any, main_goal: Any, coordinator: Client) -> None:
    activity = services.activity_save(
        goal=main_goal,
        title="Kartlegging",
        starts_on=datetime.date(2010, 9, 1),
        ends_on=datetime.date(2010, 12, 1),
    )
    sub = services.goal_save(plan=plan, title="Delmål", parent=main_goal)
    url = reverse("plans:activity-edit", args=[activity.pk])
    page = coordinator.get(url).content.decode()
    assert 'value="09.2010"' in page
    assert 'value="12.2010"' in page
    response = coordinator.post(
        url,
        _activity(
            sub,
            title="Utvidet kartlegging",
            status="ongoing",
            starts_on="09.2010",
            ends_on="02.2011",
        ),
    )
    assert response["Location"] == _plan_url(plan, f"goal-{sub.pk}")
    activity.refresh_from_db()
    assert (activity.goal_id, activity.title, activity.status) == (
        sub.pk,
        "Utvidet kartlegging",
        "ongoing",
    )
    assert activity.ends_on == datetime.date(2011, 2, 1)
    response = coordinator.post(reverse("plans:activity-delete", args=[activity.pk]))
    assert response["Location"] == _plan_url(plan, f"goal-{sub.pk}")
    assert not Activity.objects.filter(pk=activity.pk).exists()


# Indicators -----------------------------------------------------------------------------


def _indicator_form(goal: Any, **changes: Any) -> dict[str, Any]:
    return {
        "action": "indicator",
        "goal": goal.pk,
        "catalogue": "",
        "name": "Bostedsløse",
        "unit": "personer",
        "direction": "decrease",
        "baseline_value": "35",
        "baseline_period": "2010",
        **changes,
    }


def test_add_own_indicator(plan: Any, main_goal: Any, coordinator: Client) -> None:
    url = reverse("plans:indicator-create", args=[main_goal.pk])
    assert coordinator.get(url).status_code == 200
    response = coordinator.post(url, _indicator_form(main_goal, cumulative="on"))
    indicator = PlanIndicator.objects.get(goal=main_goal)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:indicator-edit", args=[indicator.pk]) + (
        "#malverdier"
    )
    assert (indicator.name, indicator.unit, indicator.direction) == (
        "Bostedsløse",
        "personer",
        "decrease",
    )
    assert indicator.cumulative
    assert indicator.catalogue is None
    assert (indicator.baseline_value, indicator.baseline_period) == (Decimal(35), "2010")


def test_add_catalogue_indicator(plan: Any, main_goal: Any, coordinator: Client) -> None:
    catalogue = Indicator.objects.order_by("code").first()
    assert catalogue is not None
    response = coordinator.post(
        reverse("plans:indicator-create", args=[main_goal.pk]),
        _indicator_form(main_goal, catalogue=catalogue.pk, name="", unit=""),
    )
    assert response.status_code == 302
    indicator = PlanIndicator.objects.get(goal=main_goal)
    assert indicator.catalogue_id == catalogue.pk
    assert indicator.name == catalogue.name_nb
    page = coordinator.get(reverse("plans:indicator-edit", args=[indicator.pk])).content.decode()
    assert "Tallene hentes fra statistikken" in page
    assert 'name="action" value="actual"' not in page


def test_catalogue_indicator_takes_no_reported_actuals(
    plan: Any, main_goal: Any, coordinator: Client
) -> None:
    catalogue = Indicator.objects.order_by("code").first()
    assert catalogue is not None
    indicator = services.indicator_save(
        plan=plan, goal=main_goal, catalogue=catalogue, direction="decrease"
    )
    url = reverse("plans:indicator-edit", args=[indicator.pk])
    response = coordinator.post(
        url, {"action": "actual", "actual-period": "2011", "actual-value": "12"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tallene for denne indikatoren kommer fra statistikken." in html
    assert _summary_links_to(html, "actual-skjema")
    assert not indicator.actuals.exists()
    assert coordinator.post(url, {"action": "unknown"}).status_code == 404
    assert coordinator.post(url, {"action": "remove-target", "part": "x"}).status_code == 404


def test_baseline_needs_value_and_period(plan: Any, main_goal: Any, coordinator: Client) -> None:
    response = coordinator.post(
        reverse("plans:indicator-create", args=[main_goal.pk]),
        _indicator_form(main_goal, baseline_period=""),
    )
    assert response.status_code == 400
    assert "fyll ut begge" in _error_at(response.content.decode(), "id_baseline_period")
    assert not PlanIndicator.objects.filter(goal=main_goal).exists()


def test_target_needs_a_baseline(plan: Any, main_goal: Any, coordinator: Client) -> None:
    indicator = services.indicator_save(
        plan=plan, goal=main_goal, name="Utkastelser", direction="decrease"
    )
    response = coordinator.post(
        reverse("plans:indicator-edit", args=[indicator.pk]),
        {"action": "target", "target-period": "2013", "target-value": "0"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _error_at(html, "id_target-period") == (
        "Sett utgangsverdi og utgangsperiode før du setter mål."
    )
    assert _summary_links_to(html, "id_target-period")
    assert 'name="target-period" id="id_target-period" value="2013"' in html
    assert not IndicatorTarget.objects.filter(indicator=indicator).exists()


def test_targets_actuals_and_progress(indicator: Any, coordinator: Client) -> None:
    url = reverse("plans:indicator-edit", args=[indicator.pk])
    response = coordinator.post(
        url, {"action": "target", "target-period": "2013", "target-value": "5"}
    )
    assert response["Location"] == url + "#malverdier"
    response = coordinator.post(
        url, {"action": "target", "target-period": "2013", "target-value": "0"}
    )
    assert [(t.period, t.value) for t in indicator.targets.all()] == [("2013", Decimal(0))]

    response = coordinator.post(
        url,
        {
            "action": "actual",
            "actual-period": "2011",
            "actual-value": "12",
            "actual-source": "Halvårsrapport",
        },
    )
    assert response["Location"] == url + "#faktiske"
    actual = IndicatorActual.objects.get(indicator=indicator)
    assert (actual.period, actual.value, actual.source) == ("2011", Decimal(12), "Halvårsrapport")

    page = coordinator.get(url).content.decode()
    assert "I rute" in page  # (12 − 35) / (0 − 35) = 66 % of the way at a third of the time
    assert "12 i 2011 mot målet 0 i 2013" in page
    assert "66\u00a0%" in page
    assert "Framdrift = (faktisk − utgangsverdi) / (mål − utgangsverdi)" in page

    target = indicator.targets.get()
    response = coordinator.post(url, {"action": "remove-target", "part": target.pk})
    assert response["Location"] == url + "#malverdier"
    assert not indicator.targets.exists()
    response = coordinator.post(url, {"action": "remove-actual", "part": actual.pk})
    assert not indicator.actuals.exists()


def test_target_period_must_be_a_period(indicator: Any, coordinator: Client) -> None:
    response = coordinator.post(
        reverse("plans:indicator-edit", args=[indicator.pk]),
        {"action": "target", "target-period": "neste år", "target-value": "0"},
    )
    assert response.status_code == 400
    assert "er ikke en periode" in _error_at(response.content.decode(), "id_target-period")


def test_edit_and_delete_indicator(plan: Any, indicator: Any, coordinator: Client) -> None:
    url = reverse("plans:indicator-edit", args=[indicator.pk])
    page = coordinator.get(url).content.decode()
    assert 'name="baseline_value" id="id_baseline_value" value="35"' in page
    response = coordinator.post(
        url, _indicator_form(indicator.goal, name="Bostedsløse (kartlegging)", baseline_value="40")
    )
    assert response["Location"] == _plan_url(plan, f"goal-{indicator.goal_id}")
    indicator.refresh_from_db()
    assert (indicator.name, indicator.baseline_value) == ("Bostedsløse (kartlegging)", 40)

    response = coordinator.post(reverse("plans:indicator-delete", args=[indicator.pk]))
    assert response["Location"] == _plan_url(plan, f"goal-{indicator.goal_id}")
    assert not PlanIndicator.objects.filter(pk=indicator.pk).exists()


# Budget ---------------------------------------------------------------------------------


def _line(**changes: Any) -> dict[str, Any]:
    data = {"year": "2011", "funder": "husbanken", "category": "wages", "amount": "1 500 000"}
    return {**data, "note": "", **changes}


def test_budget_lines_and_own_share(plan: Any, coordinator: Client) -> None:
    url = reverse("plans:budget", args=[plan.pk])
    response = coordinator.post(url, _line(note="Programkoordinator"))
    assert response.status_code == 302
    assert response["Location"] == _plan_url(plan, "budsjett")
    coordinator.post(url, _line(funder="municipality", amount="500 000"))
    line = BudgetLine.objects.get(plan=plan, funder="husbanken")
    assert (line.year, line.amount, line.note) == (2011, Decimal(1_500_000), "Programkoordinator")

    page = coordinator.get(url).content.decode()
    assert "1\u00a0500\u00a0000" in page
    assert "25,0\u00a0%" in page  # 500 000 of 2 000 000
    assert "Sum 2011" in page

    response = coordinator.post(reverse("plans:budget-line-delete", args=[line.pk]))
    assert response["Location"] == _plan_url(plan, "budsjett")
    assert not BudgetLine.objects.filter(pk=line.pk).exists()


def test_budget_line_outside_the_agreement(plan: Any, coordinator: Client) -> None:
    response = coordinator.post(reverse("plans:budget", args=[plan.pk]), _line(year="2016"))
    assert response.status_code == 400
    html = response.content.decode()
    assert _error_at(html, "id_year") == "2016 er utenfor avtalens år 2010–2014."
    assert _summary_links_to(html, "id_year")
    assert 'value="1 500 000"' in html
    assert not plan.budget_lines.exists()


def test_budget_amount_must_be_a_number(plan: Any, coordinator: Client) -> None:
    response = coordinator.post(reverse("plans:budget", args=[plan.pk]), _line(amount="mye"))
    assert response.status_code == 400
    assert "Skriv et tall" in _error_at(response.content.decode(), "id_amount")
    assert not plan.budget_lines.exists()


# Organisation ---------------------------------------------------------------------------


def test_organisation(plan: Any, users: dict[str, Any], coordinator: Client) -> None:
    url = reverse("plans:organisation", args=[plan.pk])
    page = coordinator.get(url).content.decode()
    assert f'<option value="{users["coordinator"].pk}"' in page
    assert f'<option value="{users["advisor"].pk}"' in page
    assert f'<option value="{users["coordinator_other"].pk}"' not in page
    assert f'<option value="{users["advisor_other"].pk}"' not in page

    response = coordinator.post(
        url,
        {
            "body": "steering",
            "role_title": "Kommunalsjef",
            "unit": "Helse og omsorg",
            "leads": "on",
        },
    )
    assert response["Location"] == _plan_url(plan, "organisering")
    response = coordinator.post(
        url,
        {"body": "project", "role_title": "Programkoordinator", "user": users["coordinator"].pk},
    )
    assert response.status_code == 302
    members = {m.role_title: m for m in plan.members.all()}
    assert members["Kommunalsjef"].leads
    assert members["Kommunalsjef"].user is None
    assert members["Programkoordinator"].user == users["coordinator"]
    assert not members["Programkoordinator"].leads

    page = coordinator.get(url).content.decode()
    assert "Kommunalsjef (leder)" in page
    response = coordinator.post(reverse("plans:member-delete", args=[members["Kommunalsjef"].pk]))
    assert response["Location"] == _plan_url(plan, "organisering")
    assert not OrganisationMember.objects.filter(role_title="Kommunalsjef", plan=plan).exists()


def test_member_from_another_municipality_is_refused(
    plan: Any, users: dict[str, Any], coordinator: Client
) -> None:
    response = coordinator.post(
        reverse("plans:organisation", args=[plan.pk]),
        {"body": "project", "role_title": "Koordinator", "user": users["coordinator_other"].pk},
    )
    assert response.status_code == 400
    assert _error_at(response.content.decode(), "id_user")
    assert not plan.members.exists()


def test_member_needs_a_role(plan: Any, coordinator: Client) -> None:
    response = coordinator.post(
        reverse("plans:organisation", args=[plan.pk]),
        {"body": "project", "role_title": "", "unit": "NAV"},
    )
    assert response.status_code == 400
    assert _summary_links_to(response.content.decode(), "id_role_title")
    assert 'value="NAV"' in response.content.decode()


# Risks ----------------------------------------------------------------------------------


def _risk(**changes: Any) -> dict[str, Any]:
    return {
        "description": "Svak forankring i ledelsen",
        "likelihood": "3",
        "consequence": "4",
        "mitigation": "Jevnlige møter i styringsgruppen",
        "owner_role": "Rådmann",
        **changes,
    }


def test_risks(plan: Any, coordinator: Client) -> None:
    url = reverse("plans:risks", args=[plan.pk])
    response = coordinator.post(url, _risk())
    assert response["Location"] == _plan_url(plan, "risiko-heading")
    risk = Risk.objects.get(plan=plan)
    assert (risk.likelihood, risk.consequence, risk.score) == (3, 4, 12)
    page = coordinator.get(url).content.decode()
    assert "Svak forankring i ledelsen" in page
    assert ">12<" in page

    edit = reverse("plans:risk-edit", args=[risk.pk])
    assert 'value="3" selected' in coordinator.get(edit).content.decode()
    response = coordinator.post(edit, _risk(likelihood="5"))
    assert response["Location"] == _plan_url(plan, "risiko-heading")
    risk.refresh_from_db()
    assert risk.likelihood == 5

    response = coordinator.post(reverse("plans:risk-delete", args=[risk.pk]))
    assert response["Location"] == _plan_url(plan, "risiko-heading")
    assert not plan.risks.exists()


def test_risk_scale_and_description(plan: Any, coordinator: Client) -> None:
    response = coordinator.post(
        reverse("plans:risks", args=[plan.pk]), _risk(description="", likelihood="7")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _summary_links_to(html, "id_description")
    assert _summary_links_to(html, "id_likelihood")
    assert "Jevnlige møter i styringsgruppen" in html
    assert not plan.risks.exists()


# Target groups and sub-projects -----------------------------------------------------------


def test_target_groups_and_sub_projects(plan: Any, coordinator: Client) -> None:
    url = reverse("plans:groups", args=[plan.pk])
    assert coordinator.get(url).status_code == 200
    response = coordinator.post(
        url, {"kind": "group", "group-name": "Bostedsløse", "group-description": "Uten bolig"}
    )
    assert response["Location"] == _plan_url(plan, "malgrupper-heading")
    response = coordinator.post(url, {"kind": "sub", "sub-name": "Boligskole for 17–23 år"})
    assert response["Location"] == _plan_url(plan, "malgrupper-heading")
    group, sub = TargetGroup.objects.get(plan=plan), SubProject.objects.get(plan=plan)
    assert (group.name, group.description, sub.name) == (
        "Bostedsløse",
        "Uten bolig",
        "Boligskole for 17–23 år",
    )

    response = coordinator.post(reverse("plans:target-group-delete", args=[group.pk]))
    assert response["Location"] == _plan_url(plan, "malgrupper-heading")
    response = coordinator.post(reverse("plans:sub-project-delete", args=[sub.pk]))
    assert response["Location"] == _plan_url(plan, "malgrupper-heading")
    assert not plan.target_groups.exists()
    assert not plan.sub_projects.exists()


def test_sub_project_needs_a_name(plan: Any, coordinator: Client) -> None:
    response = coordinator.post(
        reverse("plans:groups", args=[plan.pk]),
        {"kind": "sub", "sub-name": "", "sub-description": "Beholdes"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _summary_links_to(html, "id_sub-name")
    assert "Beholdes" in html
    assert not plan.sub_projects.exists()


# Permissions -----------------------------------------------------------------------------


def _edit_pages(plan: Any, goal: Any, indicator: Any) -> list[str]:
    activity = services.activity_save(
        goal=goal,
        title="Kartlegging",
        starts_on=datetime.date(2011, 1, 1),
        ends_on=datetime.date(2011, 3, 1),
    )
    risk = services.risk_save(plan=plan, description="Risiko", likelihood=2, consequence=2)
    return [
        reverse("plans:goal-create", args=[plan.pk]),
        reverse("plans:goal-edit", args=[goal.pk]),
        reverse("plans:activity-create", args=[goal.pk]),
        reverse("plans:activity-edit", args=[activity.pk]),
        reverse("plans:indicator-create", args=[goal.pk]),
        reverse("plans:indicator-edit", args=[indicator.pk]),
        reverse("plans:budget", args=[plan.pk]),
        reverse("plans:organisation", args=[plan.pk]),
        reverse("plans:risks", args=[plan.pk]),
        reverse("plans:risk-edit", args=[risk.pk]),
        reverse("plans:groups", args=[plan.pk]),
    ]


@pytest.mark.parametrize("role", ["reader", "coordinator_other", "advisor_other"])
def test_outsiders_and_readers_cannot_edit(
    role: str, plan: Any, main_goal: Any, indicator: Any, users: dict[str, Any]
) -> None:
    client = _client(users[role])
    for url in _edit_pages(plan, main_goal, indicator):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("plans:budget", args=[plan.pk]), _line())
    assert response.status_code == 403
    response = client.post(reverse("plans:goal-delete", args=[main_goal.pk]))
    assert response.status_code == 403
    assert not plan.budget_lines.exists()
    assert Goal.objects.filter(pk=main_goal.pk).exists()


def test_an_approved_plan_is_locked(
    plan: Any, main_goal: Any, indicator: Any, users: dict[str, Any]
) -> None:
    pages = _edit_pages(plan, main_goal, indicator)
    services.plan_approve(plan=plan, user=users["advisor"])
    for role in ("coordinator", "advisor"):
        client = _client(users[role])
        for url in pages:
            assert client.get(url).status_code == 403, (role, url)
    admin = _client(users["admin"])
    for url in pages:
        assert admin.get(url).status_code == 200, url
    # Admins pass every permission; the service still refuses and says why.
    response = admin.post(reverse("plans:budget", args=[plan.pk]), _line())
    assert response.status_code == 400
    assert "Planen er godkjent og låst" in response.content.decode()
    assert not plan.budget_lines.exists()
    response = admin.post(reverse("plans:indicator-delete", args=[indicator.pk]))
    assert response.status_code == 400
    assert "Planen er godkjent og låst" in response.content.decode()
    assert PlanIndicator.objects.filter(pk=indicator.pk).exists()


def test_advisor_of_the_region_edits_drafts(
    plan: Any, main_goal: Any, users: dict[str, Any]
) -> None:
    client = _client(users["advisor"])
    response = client.post(reverse("plans:risks", args=[plan.pk]), _risk())
    assert response.status_code == 302
    assert plan.risks.count() == 1
