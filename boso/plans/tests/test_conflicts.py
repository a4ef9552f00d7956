"""Two people editing the same part of a plan (a goal, an activity, an indicator, a
risk) never overwrite each other silently: the second save is refused as a conflict
(409), the page keeps what the second person typed and shows what the first saved, and
saving again from that page is a deliberate overwrite."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from boso.plans import services
from boso.plans.models import Activity, Goal, PlanIndicator, Risk

pytestmark = pytest.mark.django_db

CONFLICT = "Dette er lagret av noen andre mens du skrev"


@pytest.fixture
def coordinator(users: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(users["coordinator"])
    return client


def _version_on_page(page: str) -> int:
    """The version the edit form was opened on (its hidden field)."""
    match = re.search(r'name="expected_version" value="(\d+)"', page)
    assert match, "the form carries no version"
    return int(match[1])


def _conflict_table(page: str) -> str:
    return page.split('id="konflikt"', 1)[1].split("</table>", 1)[0]


# The services -----------------------------------------------------------------------------


def test_a_stale_version_is_refused_and_nothing_is_written(plan: Any, main_goal: Goal) -> None:
    services.goal_save(plan=plan, goal=main_goal, title="Først", expected_version=1)
    assert Goal.objects.get(pk=main_goal.pk).version == 2
    stale = Goal.objects.get(pk=main_goal.pk)
    with pytest.raises(services.ConflictError) as caught:
        services.goal_save(plan=plan, goal=stale, title="Sist", expected_version=1)
    assert caught.value.current.title == "Først"
    assert caught.value.current.version == 2
    stored = Goal.objects.get(pk=main_goal.pk)
    assert (stored.title, stored.version) == ("Først", 2)


def test_a_part_deleted_meanwhile_is_a_conflict_with_nothing_current(
    plan: Any, main_goal: Goal
) -> None:
    risk = services.risk_save(plan=plan, description="Få boliger", likelihood=4, consequence=4)
    Risk.objects.filter(pk=risk.pk).delete()
    with pytest.raises(services.ConflictError) as caught:
        services.risk_save(
            plan=plan,
            risk=risk,
            description="Få boliger",
            likelihood=5,
            consequence=4,
            expected_version=1,
        )
    assert caught.value.current is None
    assert not Risk.objects.filter(pk=risk.pk).exists()


def test_without_a_version_the_services_save_as_before(plan: Any, main_goal: Goal) -> None:
    """The demo and the services' own copies read no version; they are not refused."""
    services.goal_save(plan=plan, goal=main_goal, title="Ny tittel")
    assert Goal.objects.get(pk=main_goal.pk).title == "Ny tittel"


# The pages ---------------------------------------------------------------------------------


def _activity(goal: Goal) -> Activity:
    return services.activity_save(
        goal=goal,
        title="Kartlegging",
        starts_on=datetime.date(2010, 9, 1),
        ends_on=datetime.date(2010, 12, 1),
    )


def _indicator(plan: Any, goal: Goal) -> PlanIndicator:
    return services.indicator_save(
        plan=plan,
        goal=goal,
        name="Bostedsløse",
        direction="decrease",
        baseline_value=Decimal(35),
        baseline_period="2010",
    )


def _risk(plan: Any) -> Risk:
    return services.risk_save(plan=plan, description="Få boliger", likelihood=4, consequence=4)


# Each case: the edit page, the other person's save, and the form as this person posts it.
CASES: dict[str, dict[str, Any]] = {
    "goal": {
        "url": "plans:goal-edit",
        "make": lambda plan, goal: goal,
        "theirs": lambda plan, part: services.goal_save(
            plan=plan, goal=part, title="Deres mål", expected_version=part.version
        ),
        "mine": {"title": "Mitt mål", "parent": "", "description": "", "order": "0"},
        "field": "title",
        "stored_shown": "Deres mål",
        "typed_shown": "Mitt mål",
    },
    "activity": {
        "url": "plans:activity-edit",
        "make": lambda plan, goal: _activity(goal),
        "theirs": lambda plan, part: services.activity_save(
            goal=part.goal,
            activity=part,
            title="Kartlegging",
            starts_on=datetime.date(2010, 10, 1),
            ends_on=datetime.date(2010, 12, 1),
            expected_version=part.version,
        ),
        "mine": {
            "title": "Kartlegging av bostedsløse",
            "responsible_unit": "NAV",
            "starts_on": "09.2010",
            "ends_on": "12.2010",
            "expected_result": "",
            "status": "planned",
        },
        "field": "starts_on",
        "stored_shown": "10.2010",
        "typed_shown": "09.2010",
    },
    "indicator": {
        "url": "plans:indicator-edit",
        "make": _indicator,
        "theirs": lambda plan, part: services.indicator_save(
            plan=plan,
            goal=part.goal,
            indicator=part,
            name="Bostedsløse",
            direction="decrease",
            baseline_value=Decimal(40),
            baseline_period="2010",
            expected_version=part.version,
        ),
        "mine": {
            "action": "indicator",
            "catalogue": "",
            "name": "Bostedsløse personer",
            "unit": "personer",
            "direction": "decrease",
            "baseline_value": "35",
            "baseline_period": "2010",
        },
        "field": "baseline_value",
        "stored_shown": "40",
        "typed_shown": "35",
    },
    "risk": {
        "url": "plans:risk-edit",
        "make": lambda plan, goal: _risk(plan),
        "theirs": lambda plan, part: services.risk_save(
            plan=plan,
            risk=part,
            description="Få boliger",
            likelihood=5,
            consequence=4,
            expected_version=part.version,
        ),
        "mine": {
            "description": "Få boliger",
            "likelihood": "4",
            "consequence": "5",
            "mitigation": "Kjøp av boliger",
            "owner_role": "",
        },
        "field": "likelihood",
        "stored_shown": "5 – svært høy",
        "typed_shown": "4 – høy",
    },
}


def _form(case: dict[str, Any], part: Any, version: int) -> dict[str, str]:
    data = {**case["mine"], "expected_version": str(version)}
    if hasattr(part, "goal_id"):  # activities and indicators hang on a goal
        data["goal"] = str(part.goal_id)
    return data


@pytest.mark.parametrize("kind", list(CASES))
def test_the_second_save_is_a_conflict_that_keeps_what_was_typed(
    kind: str, plan: Any, main_goal: Goal, coordinator: Client
) -> None:
    case = CASES[kind]
    part = case["make"](plan, main_goal)
    url = reverse(case["url"], args=[part.pk])
    opened = _version_on_page(coordinator.get(url).content.decode())
    case["theirs"](plan, type(part).objects.get(pk=part.pk))  # someone else saves first

    response = coordinator.post(url, _form(case, part, opened))
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert CONFLICT in page
    table = _conflict_table(page)
    assert case["stored_shown"] in table
    assert case["typed_shown"] in table
    # Their save stands; my text is still in the form, now on the stored version.
    stored = type(part).objects.get(pk=part.pk)
    assert stored.version == opened + 1
    assert _version_on_page(page) == stored.version
    for name, typed in case["mine"].items():
        if name != "action" and len(typed) > 3:
            assert typed in page, name

    # Saving again from the conflict page overwrites, on purpose.
    again = coordinator.post(url, _form(case, part, _version_on_page(page)))
    assert again.status_code == 302
    assert type(part).objects.get(pk=part.pk).version == opened + 2


def test_a_goal_saved_twice_from_one_page_is_a_conflict_the_second_time(
    plan: Any, main_goal: Goal, coordinator: Client
) -> None:
    """The same person in two tabs: the older tab is refused too."""
    url = reverse("plans:goal-edit", args=[main_goal.pk])
    opened = _version_on_page(coordinator.get(url).content.decode())
    data = {**CASES["goal"]["mine"], "expected_version": str(opened)}
    assert coordinator.post(url, data).status_code == 302
    second = coordinator.post(url, {**data, "title": "Fra den andre fanen"})
    assert second.status_code == 409
    assert Goal.objects.get(pk=main_goal.pk).title == "Mitt mål"


def test_the_same_values_saved_meanwhile_say_so(
    plan: Any, main_goal: Goal, coordinator: Client
) -> None:
    url = reverse("plans:goal-edit", args=[main_goal.pk])
    opened = _version_on_page(coordinator.get(url).content.decode())
    services.goal_save(plan=plan, goal=main_goal, title="Mitt mål", expected_version=opened)
    data = {**CASES["goal"]["mine"], "expected_version": str(opened)}
    response = coordinator.post(url, data)
    assert response.status_code == 409
    assert "Det som er lagret, er likt det du skrev." in response.content.decode()


def test_a_risk_deleted_while_it_was_edited_keeps_the_text_on_the_page(
    plan: Any, main_goal: Goal, coordinator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    risk = _risk(plan)
    url = reverse("plans:risk-edit", args=[risk.pk])
    opened = _version_on_page(coordinator.get(url).content.decode())
    real_save = services.risk_save

    def deleted_first(**kwargs: Any) -> Risk:
        Risk.objects.filter(pk=risk.pk).delete()  # between the page's load and the save
        return real_save(**kwargs)

    monkeypatch.setattr(services, "risk_save", deleted_first)
    data = {**CASES["risk"]["mine"], "expected_version": str(opened)}
    response = coordinator.post(url, data)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Dette er slettet av noen andre mens du skrev." in page
    assert "Kjøp av boliger" in page
