"""Region sør's synthesis «2. halvår 2015» (seed 003) and what it is drafted from: the eight
municipalities that ended their programme work at the turn of 2015/2016, a small plan for
the three the seed gives figures for, an approved final report for each (the seed's
paragraph as its progress text) and the synthesis itself, drafted, edited and published.

Everything goes through the services in one transaction, except where no service can
do what the story needs; each such write says why. What is there already is left as it
is, so a re-run writes nothing. The texts: synthesis_texts.py; which value is the seed's
and which is the demo's: data/SEEDS.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from boso.accounts.models import User
from boso.demo import synthesis_texts as texts
from boso.demo.programme_story import SOR, TIER
from boso.municipalities.selectors import municipality_get
from boso.plans import services as plan_services
from boso.plans.choices import BudgetCategory, Direction
from boso.plans.models import Plan, PlanIndicator
from boso.programmes import services as programme_services
from boso.programmes.choices import ReportKind
from boso.programmes.models import Participation, Programme, ReportingPeriod
from boso.reports import services as report_services
from boso.reports import synthesis as synthesis_services
from boso.reports import workflow
from boso.reports.models import Report, Synthesis
from boso.selection.models import Tier

D = datetime.date
TITLE = "2. halvår 2015"
STARTS_ON, ENDS_ON = D(2015, 7, 1), D(2015, 12, 31)
STRUCTURE_DAY = D(2015, 1, 1)  # the register on 2015 codes
# The seed dates neither the reports nor the synthesis: the demo puts them after the
# period, in the order the workflow takes (assumptions, data/SEEDS.md).
SUBMITTED_ON, APPROVED_ON, PUBLISHED_ON = D(2016, 1, 29), D(2016, 2, 12), D(2016, 2, 26)
ADVISOR = SOR.advisor
# Invented, round and said so in each report: a report needs costs to be sent, and the
# seed has no money figures.
COSTS: dict[str, Decimal] = {
    BudgetCategory.WAGES: Decimal(400_000),
    BudgetCategory.OTHER: Decimal(100_000),
}


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    direction: str
    actual: tuple[str, Decimal]  # period, value
    baseline: tuple[str, Decimal] | None = None
    cumulative: bool = False
    comment: str = ""  # on the report's actual


@dataclass(frozen=True)
class DemoParticipant:
    code: str  # on the 2015 structure
    starts_on: datetime.date  # the seed gives Porsgrunn's and Mandal's; the rest assumed
    report: texts.FinalReportText
    goal: str = ""  # a plan with this main goal and the indicators, when the seed has figures
    indicators: tuple[DemoIndicator, ...] = field(default_factory=tuple)


PARTICIPANTS = (
    DemoParticipant("0702", D(2012, 1, 1), texts.HOLMESTRAND),  # "4-årige", ended 11.2015
    DemoParticipant("0625", D(2011, 1, 1), texts.NEDRE_EIKER),
    DemoParticipant("0704", D(2011, 1, 1), texts.TONSBERG),
    DemoParticipant("0605", D(2012, 1, 1), texts.RINGERIKE),
    DemoParticipant(
        "0806",
        D(2011, 1, 1),
        texts.SKIEN,
        goal="Leietakere i kommunal bolig kan kjøpe boligen de leier",
        indicators=(
            DemoIndicator(
                "Husstander som har kjøpt den kommunale boligen de leide",
                "husstander",
                Direction.INCREASE,
                actual=("2015", Decimal(47)),
                cumulative=True,
                comment="I alt, gjennom «Leie til eie–prosjektet».",
            ),
        ),
    ),
    DemoParticipant(
        "0805",
        D(2011, 1, 1),  # "fra oppstart i 2011"
        texts.PORSGRUNN,
        goal="Kortere venteliste på kommunal bolig, og flere kjøper egen bolig",
        indicators=(
            # The seed gives the fall (68 %), not the list's length: an index does.
            DemoIndicator(
                "Venteliste på kommunal bolig (indeks, 2011 = 100)",
                "",  # the name says it is an index: "fra 100 (2011) til 32 (2015)"
                Direction.DECREASE,
                baseline=("2011", Decimal(100)),
                actual=("2015", Decimal(32)),
                comment="Redusert med 68 % fra oppstart i 2011.",
            ),
            DemoIndicator(
                "Personer som har fått bistand til kjøp av bolig",
                "personer",
                Direction.INCREASE,
                actual=("2015", Decimal(172)),
                cumulative=True,
                comment="I 2014 og 2015 til sammen, bl.a. med startlån og boligtilskudd.",
            ),
        ),
    ),
    DemoParticipant(
        "1002",
        D(2012, 1, 1),  # "Ved oppstart av det boligsosiale utviklingsprogrammet i 2012"
        texts.MANDAL,
        goal="Færre bostedsløse og kortere venteliste på kommunal bolig",
        indicators=(
            # The seed: "stabilt fra 15 – 20 personer" since 2010; 18 is the demo's reading
            # of that range as one baseline, and the actual's comment says so.
            DemoIndicator(
                "Bostedsløse",
                "personer",
                Direction.DECREASE,
                baseline=("2012", Decimal(18)),
                actual=("2015-12-20", Decimal(6)),
                comment="Utgangsverdien 18 er demoens tall for «stabilt fra 15 – 20 personer» "
                "siden 2010 (KOSTRA).",
            ),
            DemoIndicator(
                "Husstander på venteliste for kommunal bolig",
                "husstander",
                Direction.DECREASE,
                baseline=("2012", Decimal(35)),
                actual=("2015M12", Decimal(12)),
            ),
        ),
    ),
    DemoParticipant("1001", D(2011, 1, 1), texts.KRISTIANSAND),
)


@dataclass(frozen=True)
class SynthesisSummary:
    participations: int
    reports: int
    published: bool

    def line(self) -> str:
        state = "published" if self.published else "draft"
        return f"{self.participations} participations, {self.reports} reports, synthesis {state}"


def demo_load_synthesis() -> SynthesisSummary:
    """All of it or nothing; needs the programmes demo (region sør's programme)."""
    with transaction.atomic():
        programme = Programme.objects.get(region__slug=SOR.region, name=SOR.name)
        advisor = User.objects.get(username=ADVISOR)
        reports = []
        for wanted in PARTICIPANTS:
            participation = _participation(programme, wanted, advisor)
            plan = _plan(participation, wanted, advisor) if wanted.goal else None
            reports.append(_report(participation, wanted, plan, advisor))
        synthesis = _synthesis(programme, advisor)
    return SynthesisSummary(
        participations=len(PARTICIPANTS),
        reports=len(reports),
        published=synthesis.published_at is not None,
    )


def _participation(programme: Programme, wanted: DemoParticipant, advisor: User) -> Participation:
    municipality = municipality_get(wanted.code, day=STRUCTURE_DAY)
    existing = Participation.objects.filter(programme=programme, municipality=municipality).first()
    if existing is not None:
        return existing
    # Made here, not through application and agreement: the demo's programme keeps the
    # years 2010–2014 and the one call of 2010 (seed 002 and the eight invited, which
    # other tests pin), and agreement_create refuses an agreement outside the programme's
    # years. No service makes a participation without an agreement; the schedule is the
    # service's, from the participation's dates, as agreement_sign makes it.
    participation = Participation.objects.create(
        municipality=municipality,
        programme=programme,
        tier=Tier.objects.get(code=TIER),
        starts_on=wanted.starts_on,
        ends_on=ENDS_ON,
    )
    programme_services.status_log(
        obj=participation, from_status="", to_status=participation.status, user=advisor
    )
    programme_services.reporting_schedule_create(participation=participation)
    return participation


def _plan(participation: Participation, wanted: DemoParticipant, advisor: User) -> Plan:
    title = f"Boligsosialt utviklingsprogram {participation.starts_on.year}–{ENDS_ON.year}"
    existing = Plan.objects.filter(participation=participation, title=title).first()
    if existing is not None:
        return existing
    plan = plan_services.plan_create(
        participation=participation,
        title=title,
        first_year=participation.starts_on.year,
        last_year=ENDS_ON.year,
    )
    goal = plan_services.goal_save(plan=plan, title=wanted.goal)
    for spec in wanted.indicators:
        period, value = spec.baseline or ("", None)
        plan_services.indicator_save(
            plan=plan,
            goal=goal,
            direction=spec.direction,
            name=spec.name,
            unit=spec.unit,
            cumulative=spec.cumulative,
            baseline_value=value,
            baseline_period=period,
        )
    return plan_services.plan_approve(plan=plan, user=advisor)


def _report(
    participation: Participation, wanted: DemoParticipant, plan: Plan | None, advisor: User
) -> Report:
    period = participation.reporting_periods.get(kind=ReportKind.FINAL, ends_on=ENDS_ON)
    existing = Report.objects.filter(period=period).order_by("number").first()
    return existing or _final_report(period, wanted, plan, advisor)


def _final_report(
    period: ReportingPeriod, wanted: DemoParticipant, plan: Plan | None, advisor: User
) -> Report:
    told = wanted.report
    report = report_services.report_create(period=period)
    report = report_services.report_save_texts(
        report=report,
        expected_revision=report.revision,
        progress=told.progress,
        goals_comment=texts.GOALS_COMMENT,
        organisation=texts.ORGANISATION,
        learning=told.learning,
        results=told.results,
        into_operations=told.into_operations,
        remaining=told.remaining,
    )
    if plan is not None:
        by_name = {i.name: i.pk for i in PlanIndicator.objects.filter(plan=plan)}
        report = report_services.report_save_actuals(
            report=report,
            expected_revision=report.revision,
            actuals={
                by_name[spec.name]: {
                    "period": spec.actual[0],
                    "value": spec.actual[1],
                    "comment": spec.comment,
                }
                for spec in wanted.indicators
            },
        )
    report = report_services.report_save_economy(
        report=report,
        expected_revision=report.revision,
        costs=COSTS,
        funding={},
        costs_as_of=ENDS_ON,
        stated_total=sum(COSTS.values(), Decimal(0)),
        economy_comment=texts.ECONOMY_COMMENT,
    )
    # No municipal account exists for the eight: the report is sent without a named user.
    report = workflow.report_submit(report=report, expected_revision=report.revision)
    report = workflow.report_approve(report=report, user=advisor)
    # The services stamp today; the story happens early in 2016. One update of the
    # columns, because no service may back-date a submission or an approval.
    sent, approved = _noon(SUBMITTED_ON), _noon(APPROVED_ON)
    Report.objects.filter(pk=report.pk).update(
        filled_on=SUBMITTED_ON, submitted_at=sent, approved_at=approved
    )
    report.filled_on, report.submitted_at, report.approved_at = SUBMITTED_ON, sent, approved
    return report


def _synthesis(programme: Programme, advisor: User) -> Synthesis:
    existing = (
        Synthesis.objects.filter(
            programme=programme, title=TITLE, starts_on=STARTS_ON, ends_on=ENDS_ON
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    synthesis = synthesis_services.synthesis_draft(
        programme=programme, title=TITLE, starts_on=STARTS_ON, ends_on=ENDS_ON, user=advisor
    )
    synthesis = synthesis_services.synthesis_save(
        synthesis=synthesis,
        expected_revision=synthesis.revision,
        introduction=texts.INTRODUCTION,
        closing=texts.CLOSING,
        paragraphs={
            p.pk: _edited(p.report)
            for p in synthesis.paragraphs.select_related("report")
            if p.report is not None  # a missing report's paragraph keeps the draft's words
        },
    )
    synthesis = synthesis_services.synthesis_publish(
        synthesis=synthesis, expected_revision=synthesis.revision
    )
    # Published in the story's time, not the day the demo loads: no service back-dates.
    Synthesis.objects.filter(pk=synthesis.pk).update(published_at=_noon(PUBLISHED_ON))
    synthesis.published_at = _noon(PUBLISHED_ON)
    return synthesis


def _edited(report: Report) -> str:
    """The advisor's edit, as seed 003 reads: the municipality's whole paragraph (the draft
    keeps only its first sentences) and the draft's indicator movements after it."""
    largest = synthesis_services.movements(report)[: synthesis_services.MOVEMENTS_PER_MUNICIPALITY]
    moved = " ".join(synthesis_services.movement_sentence(m) for m in largest)
    return f"{report.progress}\n\n{moved}" if moved else report.progress


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
