"""What the seeds tell of the two programmes the demo holds, as data: region sør 2010
with Drammen (seeds 000 and 002) and region øst's first group of 2009 with Lillehammer
(seed 004). boso/demo/programmes.py loads it; data/SEEDS.md says which value comes from
which seed and which are assumptions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from boso.programmes import choices
from boso.programmes.services import GatheringInput

D = datetime.date
TIER = "samarbeidsavtale"
HOUR_RATE = Decimal(500)  # assumption: kroner per hour of municipal work time, both cases

# Seed 000 (Husbanken sør, 2 February 2010): "Rammer og forutsetninger" and "Forutsetninger".
SOR_REQUIREMENTS = """Søknaden må
- tydeliggjøre behov og mål
- tydeliggjøre egeninnsats og vilje til ressursbruk: kommunal egeninnsats 30–50 %, penger og \
arbeidstid m.v. kan medregnes
- vise at eksisterende prosjekter på området ses i sammenheng med programarbeidet
- vise at deltakelsen er forankret i politisk vedtak

Kompetansetilskudd kan søkes med inntil 1,5 mill. kr per år (inkludert pågående prosjekter). \
Kommunene forplikter seg til å delta på felles samlinger og dele erfaringer og kunnskap, med \
bred deltakelse. Søknadsfrist 31. mars."""
SOR_HUSBANKEN_DUTIES = (
    "Husbanken har hovedansvaret for programsatsingen: kompetansetilskudd etter årlige tilsagn "
    "(inntil 1,5 mill. kr per år), rådgivning, felles programsamlinger og nettverk for læring "
    "mellom kommunene, og prioritering ved tildeling av andre virkemidler. Husbanken har en "
    "representant i kommunens styringsgruppe."
)
SOR_MUNICIPALITY_DUTIES = (
    "Kommunen har ansvaret for den lokale gjennomføringen, med politisk og administrativ "
    "forankring og en egeninnsats på 30–50 % av budsjettet (penger og arbeidstid). Kommunen "
    "deltar på felles samlinger, deler erfaringer og kunnskap med de andre programkommunene, "
    "ser eksisterende prosjekter i sammenheng med programarbeidet og rapporterer hvert halvår."
)
# Seed 004 (Lillehammer's programme plan 2011): section 2, 2.1 and the report form (Vedlegg 1).
OST_REQUIREMENTS = """Søknaden må vise kommunens boligsosiale utfordringer og målgrupper, hva \
kommunen vil gripe fatt i, egeninnsatsen og den politiske behandlingen.

Deltakerkommunene utarbeider en programplan som sier hva som skal gjøres, og hvordan og hvorfor \
det skal gjøres, og rapporterer hvert halvår og hvert år på Husbankens skjema."""
OST_HUSBANKEN_DUTIES = (
    "Husbanken bidrar med midler i en periode på tre til fem år og med rådgivning i et "
    "langvarig partnerskap, for kunnskapsutvikling både i kommunen og i Husbanken; læringen "
    "dokumenteres og formidles."
)
OST_MUNICIPALITY_DUTIES = (
    "Kommunen utarbeider en programplan (hva, hvordan og hvorfor), forankrer arbeidet politisk "
    "og administrativt, bidrar med arbeidskraft og egne midler, deltar på samlinger og deler "
    "erfaringer, og rapporterer hvert halvår og hvert år på Husbankens skjema (framdrift; mål, "
    "strategier, tiltak og risiko; organisering; økonomi; læring og formidling)."
)

# Seed 002 (Drammen, orientation to the city council committee, 12 October 2010).
DRAMMEN_TEXTS = {
    "needs_and_goals": """Behov: 85 bostedsløse ved tellingen i 2008 og levekårsindeks 7 \
(Husbanken sør, februar 2010).

Formålet med et boligsosialt handlingsprogram i Drammen kommune er å
- forebygge og bekjempe bostedsløshet
- opparbeide økt boligsosial kompetanse i kommunen
- oppnå en mer hensiktsmessig disponering av den kommunale boligmassen
- utvikle metoder knyttet til botrening for relevante målgrupper
- bedre utnyttelse av Husbankens økonomiske virkemidler, slik at flest mulig får anledning \
til å anskaffe seg egen bolig""",
    "target_groups": """- Bostedsløse med behov for bolig
- Personer som i dag disponerer kommunal bolig
- Ungdom som mangler støtteapparat og trenger botrening""",
    "sub_projects": """Prosjektarbeidet organiseres i første fase som to delprosjekter:
- Utarbeidelse av en ny boligsosial handlingsplan for Drammen kommune
- Boligskole for aldersgruppen 17–23 år""",
    "existing_projects": """- Fjell 2020: prosjektlederen for Fjell 2020 er med i \
programmets prosjektgruppe.
- Samarbeidsavtalen med Husbanken fra 2009, med ett fokusområde: langsiktig boligsosialt \
arbeid.""",
}
DRAMMEN_CASE = "ikke oppgitt i kilden"  # seed 002 names the meeting, not the case number
# Seed 002, "Økonomi": Husbanken's grant and Drammen's money per year; the hours are an
# assumption (about 40 project participants), see data/SEEDS.md.
DRAMMEN_BUDGET = {  # year: (grant, own money, own hours)
    2010: (Decimal(750_000), Decimal(0), Decimal(400)),
    2011: (Decimal(1_500_000), Decimal(0), Decimal(600)),
    2012: (Decimal(1_500_000), Decimal(0), Decimal(600)),
    2013: (Decimal(700_000), Decimal(685_000), Decimal(600)),
    2014: (Decimal(500_000), Decimal(800_000), Decimal(600)),
}
DRAMMEN_PAYMENTS_2010 = (  # assumption: (requested on, amount, paid on)
    (D(2010, 10, 15), Decimal(375_000), D(2010, 10, 29)),
    (D(2010, 12, 1), Decimal(375_000), D(2010, 12, 15)),
)
# Seed 000, "Virkemidler 2009" for Drammen. "Prosjekteringstilskudd: 1 17 000" is garbled
# and left out (data/SEEDS.md).
DRAMMEN_INSTRUMENTS_2009 = {
    choices.InstrumentKind.ONWARD_GRANT: Decimal(4_950_000),
    choices.InstrumentKind.RENTAL_HOUSING_GRANT: Decimal(15_179_000),
    choices.InstrumentKind.COMPETENCE_GRANT: Decimal(1_432_000),
    choices.InstrumentKind.START_LOAN: Decimal(100_000_000),
    choices.InstrumentKind.KINDERGARTEN_LOAN: Decimal(32_000_000),
    choices.InstrumentKind.BASIC_LOAN: Decimal(206_000_000),
}
INSTRUMENT_SOURCE = (
    "Presentasjonen «Utviklingsprogram boligsosialt arbeid», Drammen kommune, "
    "2. februar 2010 (Virkemidler 2009)"
)

# Seed 004 (Lillehammer's programme plan 2011, dated 2 December 2010).
LILLEHAMMER_TEXTS = {
    "needs_and_goals": """Visjon: Alle skal bo trygt og godt i Lillehammer.

Problemstillinger kommunen vil gripe fatt i (søknaden s. 6):
1. Kartlegging av individene og individuelle behov.
2. Kartlegging av vellykkede boligsosiale tiltak fra andre kommuner.
3. Egnede boliger i bomiljøer som ikke virker stigmatiserende eller sementerende.
4. Boliger og oppfølging som bidrar til selvstendiggjøring og økt boevne.
5. Behov for ombygginger og/eller nybygging.
6. Konkrete avtaler med hvert individ i målgruppen, familie og nettverk og brukerorganisasjoner.
7. Lav terskel i tilgang på spesialisert kompetanse, kommunal eller statlig.
8. En samordnet innsats fra alle aktuelle tjenesteytere, interne og eksterne.
9. Utvikling av nye samhandlingsformer og nye fullmakter.

Foreløpig hovedmål (vedlegg til søknaden, november 2009): ved prosjektslutt skal kommunen ha \
tilrettelagte og differensierte boligtilbud, kapasitet, kompetanse og rutiner innen \
boveiledning som ivaretar individuelle behov i målgruppene, og robuste rutiner og metoder som \
bidrar til selvstendiggjøring og økt boevne.""",
    "target_groups": """- Unge voksne med ulike typer atferdsavvik
- Mennesker som sliter med en kombinasjon av rusmiddelmisbruk og psykiske problemer \
(dobbeltdiagnose)
- Flyktninger generelt (tatt inn i målgruppen etter søknaden, jf. programplan 2011)""",
    "sub_projects": """Først foranalyse, kartlegging av målgruppene og en overordnet boligsosial \
strategi. Delprosjekter og kjappe gevinster underveis:
- Startlån: kortere behandlingstid og gode prosedyrer
- Ungdom: utvidet kartlegging av boligsosiale behov blant ungdom 18–25 år og en samling med \
samarbeidspartnere om tiltak
- Ungdomsboliger: utrede om noen ungdomsboliger kan forbeholdes ungdom i målgruppen
- Samarbeidsstrukturer og -rutiner: blant annet prosedyrer for å forhindre utkastelser fra \
kommunale boliger""",
    "existing_projects": """Boligsosial handlingsplan (2004), tiltaksprogram for \
rusmiddelmisbrukere (2002), rusmiddelpolitisk handlingsplan og psykiatriplan (2004–2008), plan \
for psykisk helsearbeid (2007–2010); programmet forankres i kommunedelplan for \
omsorgstjenester (2009–2021).""",
}
# Seed 004 gives Husbanken's "inntil kr 1 mill." for 2010; every other figure is an
# assumption (data/SEEDS.md).
LILLEHAMMER_BUDGET = {
    2010: (Decimal(1_000_000), Decimal(0), Decimal(1000)),
    2011: (Decimal(1_000_000), Decimal(100_000), Decimal(1000)),
    2012: (Decimal(800_000), Decimal(100_000), Decimal(1000)),
    2013: (Decimal(600_000), Decimal(100_000), Decimal(1000)),
}


@dataclass(frozen=True)
class DemoApplication:
    code: str  # on the call's structure
    coordinator: str
    unit: str
    texts: dict[str, str]
    decision: tuple[str, datetime.date, str]  # body, date, case number
    decision_text: str  # what the seed says of the decision, for the demo document
    decision_source: str
    budget: dict[int, tuple[Decimal, Decimal, Decimal]]
    submitted_on: datetime.date
    decided_on: datetime.date  # an assumption: the seeds do not date the decisions
    scores: tuple[int, ...]  # in the programme's criteria order
    recommendation: str
    period: tuple[datetime.date, datetime.date]
    signed: tuple[datetime.date, datetime.date]  # municipality, Husbanken


@dataclass(frozen=True)
class DemoProgramme:
    region: str  # slug
    name: str
    years: tuple[int, int]
    deadline: datetime.date
    advisor: str
    call_title: str
    requirements: str
    duties: tuple[str, str]  # Husbanken's, the municipality's
    structure_day: datetime.date
    applications: tuple[DemoApplication, ...]
    budgets: dict[int, Decimal] = field(default_factory=dict)
    gatherings: tuple[GatheringInput, ...] = ()
    invite_family: str = ""  # a published kommunepyramide run …
    invite_codes: tuple[str, ...] = ()  # … or municipalities chosen by hand


DRAMMEN = DemoApplication(
    code="0602",
    coordinator="koordinator.drammen",
    unit="Helse og sosial",
    texts=DRAMMEN_TEXTS,
    decision=(choices.PoliticalBody.FORMANNSKAP, D(2010, 3, 23), DRAMMEN_CASE),
    decision_text=(
        "Formannskapet besluttet i møte 23. mars 2010 å søke Husbanken om deltakelse i "
        "prosjektet BASIS – Boligsosialt utviklingsprogram."
    ),
    decision_source=(
        "Drammen kommune, «Boligsosial handlingsplan», orientering til bystyrekomiteen "
        "12.10.2010 (seed 002)"
    ),
    budget=DRAMMEN_BUDGET,
    submitted_on=D(2010, 3, 24),
    decided_on=D(2010, 4, 20),
    scores=(5, 4, 5, 5, 5),
    recommendation=(
        "Innvilge. Drammen har nest flest bostedsløse av de åtte inviterte (85 i 2008), "
        "deltakelsen er vedtatt i formannskapet 23. mars 2010, prosjektet er bredt forankret "
        "med om lag 40 deltakere fra mange virksomheter, og Fjell 2020 ses i sammenheng med "
        "programmet. Egeninnsatsen når kravet først med arbeidstiden medregnet."
    ),
    period=(D(2010, 1, 1), D(2014, 12, 31)),
    signed=(D(2010, 5, 3), D(2010, 5, 5)),
)
LILLEHAMMER = DemoApplication(
    code="0501",
    coordinator="koordinator.lillehammer",
    unit="Fagenhet for strategisk planlegging og utvikling",
    texts=LILLEHAMMER_TEXTS,
    decision=(choices.PoliticalBody.FORMANNSKAP, D(2009, 6, 16), "sak 46/09"),
    decision_text=(
        "Søknad om opptak i Boligsosialt utviklingsprogram ble behandlet 16. juni 2009 "
        "(sak 46/09) i formannskapet."
    ),
    decision_source="Lillehammer kommune, Programplan 2011, avsnitt 2.2 (seed 004)",
    budget=LILLEHAMMER_BUDGET,
    submitted_on=D(2009, 6, 19),
    decided_on=D(2009, 9, 1),
    scores=(5, 4, 4, 5, 5),
    recommendation=(
        "Innvilge. Lillehammer har uløste, komplekse utfordringer i botilbudet til unge voksne "
        "og personer med dobbeltdiagnose, søknaden er behandlet i formannskapet 16. juni 2009 "
        "(sak 46/09), og kommunen vil arbeide på tvers av tjenesteområdene."
    ),
    period=(D(2010, 2, 15), D(2013, 12, 31)),
    signed=(D(2010, 2, 8), D(2010, 2, 10)),
)
SOR = DemoProgramme(
    region="sor",
    name="Boligsosialt utviklingsprogram region sør",
    years=(2010, 2014),  # seed 002: start 2010, expected end at the close of 2014
    deadline=D(2010, 3, 31),  # seed 000: "Søknadsfrist 31. mars."
    budgets=dict.fromkeys(range(2010, 2015), Decimal(12_000_000)),  # assumption: 8 × 1.5 M
    advisor="radgiver.sor",
    call_title="Utlysning 2010",
    requirements=SOR_REQUIREMENTS,
    gatherings=(  # seed 000: "Neste programsamling i Drammen 26.-27.5."
        GatheringInput(D(2010, 5, 26), D(2010, 5, 27), "Drammen", "Programsamling"),
    ),
    duties=(SOR_HUSBANKEN_DUTIES, SOR_MUNICIPALITY_DUTIES),
    structure_day=D(2010, 1, 1),
    invite_family="sor-2010",
    applications=(DRAMMEN,),
)
OST = DemoProgramme(
    region="ost",
    name="Boligsosialt utviklingsprogram region øst",
    years=(2009, 2013),  # seed 004: first group taken in autumn 2009, plan 2010–2013
    deadline=D(2009, 6, 30),  # assumption: the seed says only "sommeren 2009"
    advisor="radgiver.ost",
    call_title="Første pulje 2009",
    requirements=OST_REQUIREMENTS,
    duties=(OST_HUSBANKEN_DUTIES, OST_MUNICIPALITY_DUTIES),
    structure_day=D(2009, 6, 1),
    invite_codes=("0501", "0219", "0403", "0230"),  # Lillehammer, Bærum, Hamar, Lørenskog
    applications=(LILLEHAMMER,),
)
