"""What the seeds tell of the demo's two programme plans, as data: Lillehammer's
Programplan 2011 (seed 004) and Drammen's project sketch for 2010–2014 (seeds 002 and
000). boso/demo/plans.py loads it; the texts are in boso/demo/plan_texts.py, and
data/SEEDS.md says which value comes from which seed and which are readings. No person
is named: the organisation holds role titles and units only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from boso.demo.plan_texts import DRAMMEN_TEXTS, LILLEHAMMER_TEXTS
from boso.plans.choices import ActivityStatus, BudgetCategory, Direction, Funder, OrganisationBody

D = datetime.date


@dataclass(frozen=True)
class DemoActivity:
    title: str  # the label in the seed's timeline table
    starts_on: datetime.date
    ends_on: datetime.date
    expected_result: str
    status: str = ActivityStatus.PLANNED
    responsible_unit: str = ""


@dataclass(frozen=True)
class DemoGoal:
    title: str
    description: str = ""
    sub_goals: tuple[DemoGoal, ...] = ()
    activities: tuple[DemoActivity, ...] = ()


@dataclass(frozen=True)
class DemoIndicator:
    goal: str  # the title of the goal it hangs on
    catalogue: str  # catalogue code
    name: str
    direction: str
    baseline: tuple[Decimal, str] | None = None  # value, period
    target: tuple[str, Decimal] | None = None  # period, value


@dataclass(frozen=True)
class DemoMember:
    body: str
    role_title: str
    unit: str = ""
    username: str = ""  # the demo account of the person holding the seat, if any
    leads: bool = False


@dataclass(frozen=True)
class DemoBudgetLine:
    year: int
    funder: str
    amount: Decimal
    note: str
    category: str = BudgetCategory.OTHER


@dataclass(frozen=True)
class DemoPlan:
    code: str  # the participation's municipality code
    region: str  # the programme's region slug
    title: str
    years: tuple[int, int]
    texts: dict[str, str]
    goals: tuple[DemoGoal, ...]
    target_groups: tuple[tuple[str, str], ...]  # name, description
    sub_projects: tuple[tuple[str, str], ...]
    members: tuple[DemoMember, ...]
    budget: tuple[DemoBudgetLine, ...]
    indicators: tuple[DemoIndicator, ...] = ()
    approved_by: str = ""  # an advisor's username; empty leaves the plan a draft
    vision: str = ""


# Lillehammer: seed 004 ----------------------------------------------------------------

# Section 4.2: "Foreløpig hovedmål … Ved prosjektslutt skal kommunen ha …".
PROVISIONAL = (
    "Foreløpig hovedmål fra vedlegget til søknaden (november 2009): dette skal kommunen ha "
    "ved prosjektslutt. Hovedmålene kan bli endret når den boligpolitiske strategien "
    "behandles våren 2011; endelige hovedmål kommer i Handlingsplan 2012–2015."
)
GOAL_HOUSING = (
    "Tilrettelagte og differensierte boligtilbud i et omfang som ivaretar individuelle "
    "behov i målgruppene"
)
GOAL_GUIDANCE = (
    "Kapasitet, kompetanse og rutiner innen boveiledning som ivaretar individuelle behov "
    "i målgruppene"
)
GOAL_ROUTINES = (
    "Utviklet robuste rutiner og metoder som bidrar til selvstendiggjøring og økt boevne "
    "for individene i målgruppene"
)
MAPPING = "Behovskartlegging: målgruppene, deres behov og boligmassen er kartlagt"
STRATEGY = "Overordnet boligsosial strategi vedtatt og innarbeidet i planverket"
QUICK_WINS = "Delprosjekter og kjappe gevinster underveis"

# Section 5.2, "Foreløpig tidsplan for arbeidet i 2010 og 2011": the eleven rows of the
# table in its order. The transcript keeps the rows and the months (September 2010 to
# September 2011) but not the bars; the months are read from the plan's text, each
# reading in data/SEEDS.md. Statuses are as the plan tells them on 2 December 2010.
MAPPING_ACTIVITIES = (
    DemoActivity(
        "Fakta-ark/kartlegging",
        D(2010, 9, 1),
        D(2010, 12, 1),
        "Et boligsosialt faktaark med en grundigere presentasjon av lokale fakta enn "
        "statistikken (KOSTRA/SSB) alene gir: målgruppene og deres behov, og boligmassen "
        "(oppgave fra styringsgruppa).",
        ActivityStatus.DONE,
    ),
    DemoActivity(
        "Utvidet kartl. målgrupper",
        D(2010, 12, 1),
        D(2011, 9, 1),
        "Et dypdykk i NAVs registreringer for en mer detaljert oversikt over boligsosiale "
        "behov blant ungdom 18–25 år, for å finne fram til og utvikle tiltak som gir god "
        "effekt.",
    ),
)
STRATEGY_ACTIVITIES = (
    DemoActivity(
        "H-plan HB 2011",
        D(2010, 9, 1),
        D(2010, 12, 1),
        "Handlingsplan 2011 til Husbanken, med søknad om midler for 2011.",
        ActivityStatus.DONE,
    ),
    DemoActivity(
        "Utkast BoSo-strategi",
        D(2010, 9, 1),
        D(2010, 12, 1),
        "Forslag til overordnet, boligsosial strategi (mandat fra styringsgruppa), med "
        "utgangspunkt i statistikken, foranalysen, virkemidlene og kartleggingen.",
        ActivityStatus.ONGOING,
        "Prosjektgruppa",
    ),
    DemoActivity(
        "Kom-planrevisjon",
        D(2010, 9, 1),
        D(2011, 9, 1),
        "Aktuelle mål og strategier innarbeidet i revidert kommuneplan (samfunns- og "
        "arealdel), parallelt med strategiarbeidet.",
        ActivityStatus.ONGOING,
    ),
    DemoActivity(
        "Pol. drøftinger BoSo",
        D(2011, 1, 1),
        D(2011, 5, 1),
        "En prosess med administrasjon og politikere om utkastet til boligsosial strategi.",
    ),
    DemoActivity(
        "Vedtak BoSo-strategi",
        D(2011, 6, 1),
        D(2011, 6, 1),
        "Strategien vedtatt før sommerferien 2011.",
    ),
    DemoActivity(
        "Strat-/øk-plan 2012-15",
        D(2011, 7, 1),
        D(2011, 9, 1),
        "Aktuelle tiltak som følger av strategien innarbeidet i strategi- og økonomiplan "
        "2012–2015.",
    ),
    DemoActivity(
        "H-plan HB 2012-14",
        D(2011, 7, 1),
        D(2011, 9, 1),
        "Handlingsplan 2012–2014 og søknad til Husbanken for 2012.",
    ),
)
QUICK_WIN_ACTIVITIES = (
    DemoActivity(
        "Rutiner/retningslinjer",
        D(2010, 9, 1),
        D(2011, 9, 1),
        "Nye og bedre rutiner og prosedyrer for samarbeid, internt og med eksterne "
        "samarbeidspartnere. Foreløpig resultat: ny prosedyre for å hindre utkastelse fra "
        "kommunal bolig.",
        ActivityStatus.ONGOING,
    ),
    DemoActivity(
        "Utviklingsarbeid",
        D(2010, 9, 1),
        D(2011, 9, 1),
        "Kontinuerlig være på utkikk etter forbedringsområder der man med enkle grep kan få "
        "kjappe gevinster (quick wins), blant annet i delprosjektene.",
        ActivityStatus.ONGOING,
    ),
)
LILLEHAMMER_GOALS = (
    DemoGoal(
        GOAL_HOUSING,
        PROVISIONAL,
        sub_goals=(
            DemoGoal(
                MAPPING,
                "Kartlegge målgruppene og deres behov og boligmassen (størrelse, standard "
                "m.v.), utarbeide et faktaark og vurdere i hvilken grad det er sammenheng "
                "mellom tilbud og etterspørsel/behov.",
                activities=MAPPING_ACTIVITIES,
            ),
            DemoGoal(
                STRATEGY,
                "Utkast til overordnet, boligsosial strategi og en prosess med "
                "administrasjon og politikere; vedtak før sommerferien 2011; mål, "
                "strategier og tiltak inn i kommuneplanen, strategi- og økonomiplanen og "
                "Handlingsplan 2012–2014.",
                activities=STRATEGY_ACTIVITIES,
            ),
        ),
    ),
    DemoGoal(GOAL_GUIDANCE, PROVISIONAL),
    DemoGoal(
        GOAL_ROUTINES,
        PROVISIONAL,
        sub_goals=(
            DemoGoal(
                QUICK_WINS,
                "Mindre, åpenbare utfordringer som ikke krever mye tid eller penger å løse, "
                "mens strategien lages: startlån, ungdom, ungdomsboliger og "
                "samarbeidsstrukturer og -rutiner.",
                activities=QUICK_WIN_ACTIVITIES,
            ),
        ),
    ),
)
LILLEHAMMER_PLAN = DemoPlan(
    code="0501",
    region="ost",
    title="Programplan 2011",
    years=(2011, 2011),
    texts=LILLEHAMMER_TEXTS,
    vision="Alle skal bo trygt og godt i Lillehammer",
    goals=LILLEHAMMER_GOALS,
    target_groups=(
        (
            "Unge voksne med atferdsvansker",
            "En gruppe unge voksne med ulike typer atferdsavvik (søknaden, 2009).",
        ),
        (
            "Mennesker med dobbeltdiagnose rus/psykiatri",
            "Mennesker som sliter med en kombinasjon av rusmiddelmisbruk og psykiske "
            "problemer (søknaden, 2009).",
        ),
        (
            "Flyktninger generelt",
            "Tatt inn i målgruppen etter søknaden, ut fra en erkjennelse av at mange av "
            "disse heller ikke har et tilfredsstillende botilbud.",
        ),
    ),
    sub_projects=(
        (
            "Startlån",
            "Kortere behandlingstid (i dag mer enn ni uker) og gode prosedyrer, med utvidet "
            "stillingsstørrelse for saksbehandler over en periode; søknadsmengden ble "
            "fordoblet i 2010.",
        ),
        (
            "Ungdom",
            "Utvidet kartlegging av boligsosiale behov blant ungdom 18–25 år, og en samling "
            "med kommunale og fylkeskommunale samarbeidspartnere, frivillige og "
            "brukerrepresentanter om tiltak for ungdom som trenger hjelp til å bo.",
        ),
        (
            "Ungdomsboliger",
            "Utrede om noen av ungdomsboligene som kan bygges til Ungdoms-OL 2016 kan "
            "forbeholdes ungdom som omfattes av den boligsosiale satsingen.",
        ),
        (
            "Samarbeidsstrukturer og -rutiner",
            "Nye og bedre rutiner for samarbeid og arbeids- og ansvarsdeling, for eksempel "
            "prosedyrer for å forhindre utkastelser fra kommunale boliger og samarbeid "
            "mellom Boligtildelingsgruppa og TO Eiendom om innkjøp av egnede boliger.",
        ),
    ),
    # Section 5.1: the municipal council owns the programme; only the steering group and
    # the project group are in place (a reference group "kan være aktuelt" later).
    members=(
        DemoMember(OrganisationBody.OWNER, "Kommunestyret", "Lillehammer kommune"),
        DemoMember(OrganisationBody.STEERING, "Kommunalsjef", "Rådmannsledelsen", leads=True),
        DemoMember(OrganisationBody.STEERING, "Rådmann", "Rådmannsledelsen"),
        DemoMember(OrganisationBody.STEERING, "Strategi- og utviklingssjef", "Rådmannens stab"),
        DemoMember(OrganisationBody.STEERING, "Økonomisjef", "Rådmannens stab"),
        DemoMember(
            OrganisationBody.PROJECT,
            "Programkoordinator (programleder)",
            "Fagenhet for strategisk planlegging og utvikling",
            username="koordinator.lillehammer",
            leads=True,
        ),
        *(
            DemoMember(OrganisationBody.PROJECT, "Representant", unit)
            for unit in (
                "TO Tildeling",
                "TO Flyktninger",
                "TO Eiendom",
                "Fagenhet Info & Service",
                "NAV",
                "TO Byggservice",
            )
        ),
    ),
    # Vedlegg 1, section 5: the only budget figure the seed gives.
    budget=(
        DemoBudgetLine(
            2010,
            Funder.HUSBANKEN,
            Decimal(1_000_000),
            "Inntil kr 1 mill. til programarbeidet i sin helhet. Regnskap pr. 20.10.2010 "
            "(eks. mva): lønn 309 000, reise 29 000, konsulenttjenester (foranalysen) "
            "284 000, i alt 622 000; forventet forbruk 750 000–800 000.",
        ),
    ),
    indicators=(
        # Section 3.1 gives the waiting list as a range (40–50), so no baseline value.
        DemoIndicator(
            GOAL_HOUSING,
            "waiting_list",
            "Husstander på venteliste til kommunal bolig",
            Direction.DECREASE,
        ),
        DemoIndicator(
            QUICK_WINS,
            "rent_arrears",
            "Husleierestanser: personer på restanselisten som bor i kommunal bolig",
            Direction.DECREASE,
            baseline=(Decimal(42), "2010M09"),
        ),
    ),
    approved_by="radgiver.ost",
)

# Drammen: seed 002 (and seed 000's target) -----------------------------------------------

# Seed 002, "Formål": each purpose read as a main goal.
DRAMMEN_PURPOSES = (
    "Forebygge og bekjempe bostedsløshet",
    "Opparbeide økt boligsosial kompetanse i kommunen",
    "Oppnå en mer hensiktsmessig disponering av den kommunale boligmassen",
    "Utvikle metoder knyttet til botrening for relevante målgrupper",
    "Bedre utnyttelse av Husbankens økonomiske virkemidler, slik at flest mulig får "
    "anledning til å anskaffe seg egen bolig",
)
DRAMMEN_SOURCE = "Prosjektskissen, «Økonomi» (bystyrekomiteen 12.10.2010); kategori ikke oppgitt."
DRAMMEN_PLAN = DemoPlan(
    code="0602",
    region="sor",
    title="Boligsosialt utviklingsprogram 2010–2014 (prosjektskisse)",
    years=(2010, 2014),
    texts=DRAMMEN_TEXTS,
    goals=tuple(
        DemoGoal(purpose, "Formål i prosjektskissen (orientering til bystyrekomiteen 12.10.2010).")
        for purpose in DRAMMEN_PURPOSES
    ),
    target_groups=(
        ("Bostedsløse med behov for bolig", ""),
        ("Personer som i dag disponerer kommunal bolig", ""),
        ("Ungdom som mangler støtteapparat og trenger botrening", ""),
    ),
    sub_projects=(
        ("Utarbeidelse av en ny boligsosial handlingsplan for Drammen kommune", ""),
        ("Boligskole for aldersgruppen 17–23 år", ""),
    ),
    # "Prosjektdeltakere": owner, steering group by role, project group by unit.
    members=(
        DemoMember(OrganisationBody.OWNER, "Helse- og sosialdirektør", "Drammen kommune"),
        DemoMember(
            OrganisationBody.STEERING, "Helse- og sosialdirektør", "Drammen kommune", leads=True
        ),
        DemoMember(OrganisationBody.STEERING, "Styrerepresentant", "Husbanken"),
        DemoMember(OrganisationBody.STEERING, "Leder", "NAV Drammen"),
        DemoMember(OrganisationBody.STEERING, "Leder", "Drammen Eiendom KF"),
        DemoMember(OrganisationBody.STEERING, "Representant (ikke avklart)", "Vestre Viken HF"),
        DemoMember(
            OrganisationBody.PROJECT,
            "Prosjektleder",
            "Drammen kommune",
            username="koordinator.drammen",
            leads=True,
        ),
        DemoMember(OrganisationBody.PROJECT, "Kommuneadvokat", "Kommuneadvokaten"),
        *(
            DemoMember(OrganisationBody.PROJECT, "Representant", unit)
            for unit in (
                "Kontor for tjenestetildeling",
                "NAV",
                "Senter for oppvekst",
                "Senter for rusforebygging",
                "Omsorgstiltakene",
                "Pleie- og omsorg",
                "Introduksjonssenteret",
            )
        ),
        DemoMember(OrganisationBody.PROJECT, "Prosjektleder", "Fjell 2020"),
        DemoMember(OrganisationBody.PROJECT, "Tillitsvalgt"),
    ),
    budget=(
        *(
            DemoBudgetLine(year, Funder.HUSBANKEN, Decimal(amount), DRAMMEN_SOURCE)
            for year, amount in (
                (2010, 750_000),
                (2011, 1_500_000),
                (2012, 1_500_000),
                (2013, 700_000),
                (2014, 500_000),
            )
        ),
        DemoBudgetLine(2013, Funder.MUNICIPALITY, Decimal(685_000), DRAMMEN_SOURCE),
        DemoBudgetLine(2014, Funder.MUNICIPALITY, Decimal(800_000), DRAMMEN_SOURCE),
    ),
    # Seed 000: "Mål: 0 bostedsløse ved neste telling!" (Drammen's row: 85, then 0).
    indicators=(
        DemoIndicator(
            DRAMMEN_PURPOSES[0],
            "homeless",
            "Bostedsløse",
            Direction.DECREASE,
            baseline=(Decimal(85), "2008"),
            target=("2012", Decimal(0)),
        ),
    ),
)
DEMO_PLANS = (LILLEHAMMER_PLAN, DRAMMEN_PLAN)
