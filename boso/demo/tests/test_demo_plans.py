"""The programme plans as the session's demo loaded them: Lillehammer's Programplan 2011
(seed 004), approved, and Drammen's project sketch (seeds 002 and 000), a draft;
data/SEEDS.md tells which values are the seeds' and which are readings."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from boso.demo.plans import PLAN_TABLES, demo_load_plans
from boso.plans import selectors, services
from boso.plans.choices import ActivityStatus, GoalLevel, OrganisationBody, PlanStatus
from boso.plans.models import Activity, Plan
from boso.statistics.models import Indicator, Observation

pytestmark = pytest.mark.django_db

D = datetime.date
LILLEHAMMER_TITLE = "Programplan 2011"
DRAMMEN_TITLE = "Boligsosialt utviklingsprogram 2010–2014 (prosjektskisse)"
# People the seeds name (seed 004's organisation chart and report form, seed 000's
# speaker): none of them may appear anywhere in the demo plans.
SEED_NAMES = (
    "Siri Moen",
    "Annar Skrefsrud",
    "Nanna Egidius",
    "Sidsel Brath",
    "Mariann Dannevig",
    "Kari Skoglund",
    "Jon Erik Rønning",
    "Øystein Holm",
    "Turid Ånsløkken",
    "Marianne Kval",
    "Robert Pettersen",
    "Tone Danielsen",
)
PLACEHOLDER = re.compile(r"\{\{tall:([a-z0-9_]+):([0-9A-Z-]+)\}\}")


def _lillehammer() -> Plan:
    return Plan.objects.select_related("participation__municipality").get(
        participation__municipality__code="0501", title=LILLEHAMMER_TITLE
    )


def _drammen() -> Plan:
    return Plan.objects.select_related("participation__municipality").get(
        participation__municipality__code="0602", title=DRAMMEN_TITLE
    )


def _state() -> list[int]:
    counts = [model._default_manager.count() for model in PLAN_TABLES]
    return counts + [m.history.count() for m in PLAN_TABLES if hasattr(m, "history")]


def test_lillehammer_plan_as_seed_004_tells_it(users: Any) -> None:
    plan = _lillehammer()
    assert plan.participation.programme.region.slug == "ost"
    assert (plan.first_year, plan.last_year) == (2011, 2011)
    assert plan.vision == "Alle skal bo trygt og godt i Lillehammer"
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == users["advisor_other"]
    # Section 2.2: the nine problem statements of the application, as a list.
    assert "sak 46/09" in plan.mandate
    assert plan.mandate.count("<li>") == 9
    assert "Hele tiden å fokusere på mulighetene" in plan.mandate
    assert "Kommunedelplan for omsorgstjenester (2009–2021)" in plan.background
    assert "Programplanen skal uttrykke hva som skal gjøres" in plan.purpose
    assert "Gjennomføre behovskartlegging" in plan.summary
    # Section 3.1's figures as printed (the waiting list is a range).
    for printed in ("333 hus/leiligheter", "mellom 40 og 50 husstander", "det 42 som fortsatt"):
        assert printed in plan.status_and_challenges
    assert "<script" not in plan.status_and_challenges


def test_lillehammer_three_provisional_main_goals() -> None:
    plan = _lillehammer()
    tree = selectors.plan_tree(plan)
    assert [goal.title for goal in tree] == [
        "Tilrettelagte og differensierte boligtilbud i et omfang som ivaretar individuelle "
        "behov i målgruppene",
        "Kapasitet, kompetanse og rutiner innen boveiledning som ivaretar individuelle behov "
        "i målgruppene",
        "Utviklet robuste rutiner og metoder som bidrar til selvstendiggjøring og økt boevne "
        "for individene i målgruppene",
    ]
    assert all("Foreløpig hovedmål" in goal.description for goal in tree)
    assert [len(goal.sub_goals) for goal in tree] == [2, 0, 1]  # type: ignore[attr-defined]
    assert plan.goals.filter(level=GoalLevel.SUB).count() == 3


def test_lillehammer_timeline_of_2010_and_2011() -> None:
    months, rows = selectors.timeline(_lillehammer())
    assert (months[0], months[-1]) == (D(2010, 9, 1), D(2011, 12, 1))
    by_title = {row.activity.title: row.activity for row in rows}
    assert set(by_title) == {
        "H-plan HB 2011",
        "Fakta-ark/kartlegging",
        "Utvidet kartl. målgrupper",
        "Rutiner/retningslinjer",
        "Utviklingsarbeid",
        "Utkast BoSo-strategi",
        "Kom-planrevisjon",
        "Pol. drøftinger BoSo",
        "Vedtak BoSo-strategi",
        "Strat-/øk-plan 2012-15",
        "H-plan HB 2012-14",
    }
    decision, facts = by_title["Vedtak BoSo-strategi"], by_title["Fakta-ark/kartlegging"]
    assert (decision.starts_on, decision.ends_on) == (D(2011, 6, 1), D(2011, 6, 1))
    assert (facts.starts_on, facts.ends_on) == (D(2010, 9, 1), D(2010, 12, 1))
    assert facts.status == ActivityStatus.DONE
    assert by_title["Utkast BoSo-strategi"].responsible_unit == "Prosjektgruppa"
    # Every bar lies in the seed table's columns, September 2010 to September 2011.
    assert all(
        D(2010, 9, 1) <= a.starts_on <= a.ends_on <= D(2011, 9, 1) for a in by_title.values()
    )


def test_lillehammer_target_groups_sub_projects_and_no_risks() -> None:
    plan = _lillehammer()
    assert [g.name for g in plan.target_groups.all()] == [
        "Unge voksne med atferdsvansker",
        "Mennesker med dobbeltdiagnose rus/psykiatri",
        "Flyktninger generelt",
    ]
    assert [p.name for p in plan.sub_projects.all()] == [
        "Startlån",
        "Ungdom",
        "Ungdomsboliger",
        "Samarbeidsstrukturer og -rutiner",
    ]
    assert not plan.risks.exists()  # the seed names no risks yet


def test_lillehammer_organisation_by_role(users: Any) -> None:
    plan = _lillehammer()
    by_body: dict[str, list[Any]] = {}
    for member in plan.members.all():
        by_body.setdefault(member.body, []).append(member)
    assert set(by_body) == {
        OrganisationBody.OWNER,
        OrganisationBody.STEERING,
        OrganisationBody.PROJECT,
    }
    assert [m.role_title for m in by_body[OrganisationBody.OWNER]] == ["Kommunestyret"]
    assert [m.role_title for m in by_body[OrganisationBody.STEERING]] == [
        "Kommunalsjef",
        "Rådmann",
        "Strategi- og utviklingssjef",
        "Økonomisjef",
    ]
    assert [m.leads for m in by_body[OrganisationBody.STEERING]] == [True, False, False, False]
    leader, *others = by_body[OrganisationBody.PROJECT]
    assert (leader.user, leader.leads) == (users["coordinator_other"], True)
    assert [m.unit for m in others] == [
        "TO Tildeling",
        "TO Flyktninger",
        "TO Eiendom",
        "Fagenhet Info & Service",
        "NAV",
        "TO Byggservice",
    ]
    assert all(m.user is None for m in others)


def _all_text(plan: Plan) -> str:
    parts: list[str] = [getattr(plan, name) for name in (*services.RICH_TEXT, "vision", "title")]
    parts += [f"{g.title} {g.description}" for g in plan.goals.all()]
    activities = Activity.objects.filter(goal__plan=plan)
    parts += [f"{a.title} {a.responsible_unit} {a.expected_result}" for a in activities]
    parts += [f"{t.name} {t.description}" for t in plan.target_groups.all()]
    parts += [f"{s.name} {s.description}" for s in plan.sub_projects.all()]
    parts += [f"{m.role_title} {m.unit}" for m in plan.members.all()]
    parts += [line.note for line in plan.budget_lines.all()]
    parts += [i.name for i in plan.indicators.all()]
    return "\n".join(parts)


def test_no_person_the_seeds_name_appears_in_the_plans() -> None:
    for plan in (_lillehammer(), _drammen()):
        text = _all_text(plan)
        assert "Programkoordinator" in text or "Prosjektleder" in text  # roles, not people
        for name in SEED_NAMES:
            assert name not in text
            assert name.split()[-1] not in text, name


def test_lillehammer_budget_and_indicators() -> None:
    plan = _lillehammer()
    budget = selectors.budget_summary(plan)
    assert budget.years == [2010]
    assert budget.totals == {
        "municipality": Decimal(0),
        "husbanken": Decimal(1_000_000),
        "other": Decimal(0),
    }
    assert "622 000" in plan.budget_lines.get().note
    indicators = {
        i.catalogue.code if i.catalogue else "": i
        for i in plan.indicators.select_related("catalogue")
    }
    assert set(indicators) == {"waiting_list", "rent_arrears"}
    arrears = indicators["rent_arrears"]
    assert (arrears.baseline_value, arrears.baseline_period) == (Decimal(42), "2010M09")
    assert not arrears.targets.exists()  # the seed states no target
    waiting = indicators["waiting_list"]
    assert (waiting.baseline_value, waiting.baseline_period) == (None, "")


def test_drammen_plan_as_seed_002_tells_it(users: Any) -> None:
    plan = _drammen()
    assert plan.participation.programme.region.slug == "sor"
    assert (plan.first_year, plan.last_year) == (2010, 2014)
    assert plan.status == PlanStatus.DRAFT
    assert plan.purpose.count("<li>") == 5
    assert [g.title for g in selectors.plan_tree(plan)] == [
        "Forebygge og bekjempe bostedsløshet",
        "Opparbeide økt boligsosial kompetanse i kommunen",
        "Oppnå en mer hensiktsmessig disponering av den kommunale boligmassen",
        "Utvikle metoder knyttet til botrening for relevante målgrupper",
        "Bedre utnyttelse av Husbankens økonomiske virkemidler, slik at flest mulig får "
        "anledning til å anskaffe seg egen bolig",
    ]
    assert [p.name for p in plan.sub_projects.all()] == [
        "Utarbeidelse av en ny boligsosial handlingsplan for Drammen kommune",
        "Boligskole for aldersgruppen 17–23 år",
    ]
    assert plan.target_groups.count() == 3
    owner = plan.members.get(body=OrganisationBody.OWNER)
    assert owner.role_title == "Helse- og sosialdirektør"
    steering = plan.members.filter(body=OrganisationBody.STEERING)
    assert steering.get(leads=True).role_title == "Helse- og sosialdirektør"
    assert {m.unit for m in steering} >= {"Husbanken", "NAV Drammen", "Drammen Eiendom KF"}
    project = plan.members.filter(body=OrganisationBody.PROJECT)
    assert project.get(leads=True).user == users["coordinator"]
    assert {"Kontor for tjenestetildeling", "Introduksjonssenteret", "Fjell 2020"} <= {
        m.unit for m in project
    }
    assert not Activity.objects.filter(goal__plan=plan).exists()  # the sketch has no timeline


def test_drammen_budget_per_funder() -> None:
    budget = selectors.budget_summary(_drammen())
    assert budget.years == [2010, 2011, 2012, 2013, 2014]
    assert budget.totals["husbanken"] == Decimal(4_950_000)
    assert budget.totals["municipality"] == Decimal(1_485_000)
    assert budget.by_year[2013] == {
        "municipality": Decimal(685_000),
        "husbanken": Decimal(700_000),
        "other": Decimal(0),
    }
    # Money alone: 1 485 000 of 6 435 000, under the 30 % rule (the work time that lifts
    # the application over it is an assumption, not a budget line of the seed).
    assert budget.own_share is not None
    assert round(budget.own_share, 3) == Decimal("0.231")
    assert budget.within_rule is False


def test_drammen_zero_homeless_at_the_next_count() -> None:
    indicator = _drammen().indicators.select_related("catalogue", "goal").get()
    assert indicator.catalogue is not None
    assert indicator.catalogue.code == "homeless"
    assert indicator.goal.title == "Forebygge og bekjempe bostedsløshet"
    assert indicator.direction == "decrease"
    assert (indicator.baseline_value, indicator.baseline_period) == (Decimal(85), "2008")
    assert [(t.period, t.value) for t in indicator.targets.all()] == [("2012", Decimal(0))]
    # The baseline is the demo statistics' 2008 count for Drammen.
    assert selectors.actuals_of(indicator) == [("2008", Decimal(85))]


def test_who_sees_the_demo_plans(users: Any) -> None:
    lillehammer, drammen = _lillehammer(), _drammen()
    assert users["advisor_other"].has_perm("plans.view_plan", lillehammer)
    assert users["coordinator_other"].has_perm("plans.view_plan", lillehammer)
    assert not users["coordinator_other"].has_perm("plans.view_plan", drammen)
    assert users["coordinator"].has_perm("plans.edit_plan", drammen)
    # The sketch is a draft: Drammen's reader does not see it.
    assert not users["reader"].has_perm("plans.view_plan", drammen)


def test_live_figures_name_catalogue_indicators_with_a_figure() -> None:
    found = []
    for plan in (_lillehammer(), _drammen()):
        region = plan.participation.municipality.code
        for name in services.RICH_TEXT:
            for code, period in PLACEHOLDER.findall(getattr(plan, name)):
                found.append((region, code, period))
                assert Indicator.objects.filter(code=code).exists(), code
                held = Observation.objects.filter(
                    indicator__code=code, region=region, period=period, value__isnull=False
                )
                assert held.exists(), (region, code, period)
    assert sorted(found) == [
        ("0501", "municipal_dwellings", "2010"),
        ("0501", "rent_arrears", "2010M09"),
        ("0501", "start_loans_count", "2009"),
        ("0602", "homeless", "2008"),
        ("0602", "living_conditions_index", "2009"),
    ]


def test_a_rerun_creates_nothing() -> None:
    before = _state()
    summary = demo_load_plans()
    assert _state() == before
    assert summary.created == 0
    assert summary.line() == (
        "2 plans (1 approved), 11 goals, 11 activities, 3 indicators (0 new rows)"
    )


def test_a_rerun_keeps_what_someone_changed_in_the_draft() -> None:
    plan = _drammen()
    services.plan_save_texts(plan=plan, expected_version=plan.version, vision="Egen visjon")
    demo_load_plans()
    assert Plan.objects.filter(title=DRAMMEN_TITLE).count() == 1
    assert _drammen().vision == "Egen visjon"


def test_loading_from_scratch_builds_both_plans() -> None:
    counts = [model._default_manager.count() for model in PLAN_TABLES]
    from boso.reports.models import Report

    for plan in Plan.objects.filter(title__in=[LILLEHAMMER_TITLE, DRAMMEN_TITLE]):
        Report.objects.filter(plan=plan).delete()  # its actuals hold the plan's indicators
        plan.indicators.all().delete()
        plan.delete()
    summary = demo_load_plans()
    assert summary.created > 0
    assert [model._default_manager.count() for model in PLAN_TABLES] == counts


def test_command_prints_the_plans(capsys: Any) -> None:
    call_command("load_demo", password="test-demo-password-1")
    out = capsys.readouterr().out
    assert "plans: 2 plans (1 approved)" in out
