"""The demo: the seeds' story with real figures, loaded by `make run`.

This part holds the register (KLASS 131), Husbanken's regions, the demo
accounts, and the statistics: the seeds' figures (data/seed_*.csv, read as
data/SEEDS.md explains) and SSB's sample tables; later capabilities add their
parts of the seeds here.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from boso.accounts.choices import Role
from boso.accounts.services import user_create_or_update
from boso.demo.plans import PlansSummary, demo_load_plans
from boso.demo.programmes import ProgrammesSummary, demo_load_programmes
from boso.demo.reports import demo_load_reports
from boso.demo.synthesis import demo_load_synthesis
from boso.municipalities import selectors as municipality_selectors
from boso.municipalities import services as municipality_services
from boso.municipalities.models import Region
from boso.statistics.choices import ImportStatus
from boso.statistics.importers import parse_source
from boso.statistics.models import ImportProfile, ImportRun
from boso.statistics.services import catalogue_load, statistics_import

DATA_DIR = Path(__file__).parent / "data"
REGIONS_JSON = DATA_DIR / "regions.json"
KLASS_SUBDIR = Path("data") / "kommuner" / "klass131_api_json"
SSB_SUBDIR = Path("data") / "jsonstat" / "ssb"
# The seeds' figures in the spreadsheet template; how each table was read: data/SEEDS.md.
SEED_FILES = (
    "seed_000_region_sor.csv",
    "seed_001_midt_norge_startlan.csv",
    "seed_004_lillehammer.csv",
)
# Real SSB responses (Kilde: Statistisk sentralbyrå) and the import profile each needs.
SSB_FILES = (
    ("ssb_07459_befolkning_region-1130-strand_1986-2026.json", "ssb-07459-befolkning"),
    ("ssb_12362_kostra-utgifter-funksjon_region-1130-strand_2015-2024.json", None),
    ("ssb_09895_leiemarked_oslo-baerum-og-landet_2012-2025.json", "ssb-09895-leiemarked"),
)
DEMO_PROFILES: tuple[dict[str, Any], ...] = (
    {
        "name": "ssb-07459-befolkning",
        "table_id": "07459",
        "description": "SSB 07459 Befolkning: folkemengden 1. januar til katalogens folkemengde.",
        "indicators": {"Personer1": "population"},
        "geo_dimension": "Region",
    },
    {
        "name": "ssb-09895-leiemarked",
        "table_id": "09895",
        "description": "SSB 09895 Leiemarkedsundersøkelsen: husleie etter sone og antall rom.",
        "geo_dimension": "Soner2",
        "region_map": {"00": "0", "01": ""},
        "skip_reason": "Oslo og Bærum er en leiemarkedssone, ikke en kommune eller et fylke",
    },
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    title: str
    region: str | None = None  # region slug
    municipality: str | None = None  # code on today's structure

    @property
    def email(self) -> str:
        """An address that can never be delivered (RFC 2606), so the programme's e-mails
        have someone to go to in the demo and reach nobody."""
        return f"{self.username}@boso.invalid"


DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMIN, "Husbanken-administrator"),
    DemoAccount("radgiver.sor", Role.ADVISOR, "Seniorrådgiver i Husbanken region sør", "sor"),
    DemoAccount(
        "radgiver.midt", Role.ADVISOR, "Seniorrådgiver i Husbanken region Midt-Norge", "midt-norge"
    ),
    DemoAccount("radgiver.ost", Role.ADVISOR, "Seniorrådgiver i Husbanken region øst", "ost"),
    DemoAccount(
        "koordinator.drammen",
        Role.COORDINATOR,
        "Programkoordinator i Drammen kommune",
        municipality="3301",
    ),
    DemoAccount(
        "koordinator.lillehammer",
        Role.COORDINATOR,
        "Programkoordinator i Lillehammer kommune",
        municipality="3405",
    ),
    DemoAccount(
        "leser.drammen", Role.READER, "Kommunalsjef i Drammen kommune", municipality="3301"
    ),
)


def demo_password(*, var_dir: Path, given: str | None = None) -> str:
    """The one demo password: given, else kept in var/ so it stays the same between runs."""
    if given:
        return given
    path = var_dir / "demo-password"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    password = "boso-" + secrets.token_urlsafe(9)
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def demo_load_regions(*, path: Path = REGIONS_JSON) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    for region in data["regions"]:
        for period in region["periods"]:
            municipality_services.region_set_counties(
                slug=region["slug"],
                name=region["name"],
                office=region["office"],
                county_codes=period["counties"],
                valid_from=_date(period["from"]),
                valid_to=_date(period["to"]),
                municipality_codes=period.get("municipalities", []),
            )
    return len(data["regions"])


@transaction.atomic
def demo_load_accounts(*, password: str) -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        user_create_or_update(
            username=account.username,
            password=password,
            role=account.role,
            region=Region.objects.get(slug=account.region) if account.region else None,
            municipality=(
                municipality_selectors.municipality_get(account.municipality)
                if account.municipality
                else None
            ),
            first_name=account.title,
            email=account.email,
        )
    return list(DEMO_ACCOUNTS)


@transaction.atomic
def demo_load_profiles() -> list[ImportProfile]:
    """The demo's import profiles; saved only when they differ, so history stays quiet."""
    profiles = []
    for spec in DEMO_PROFILES:
        fields = {
            "table_id": "",
            "description": "",
            "indicators": {},
            "dimensions": {},
            "geo_dimension": "",
            "region_map": {},
            "skip_reason": "",
            **{k: v for k, v in spec.items() if k != "name"},
        }
        profile, created = ImportProfile.objects.get_or_create(name=spec["name"], defaults=fields)
        if not created and any(getattr(profile, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(profile, key, value)
            profile.save()
        profiles.append(profile)
    return profiles


@dataclass
class StatisticsSummary:
    imported: list[str] = field(default_factory=list)  # "<file>: <result line>"
    unchanged: list[str] = field(default_factory=list)  # files imported before, as they are

    def line(self) -> str:
        return f"{len(self.imported)} files imported, {len(self.unchanged)} already there"


def _demo_import(
    *, raw: bytes, name: str, profile: ImportProfile | None, summary: StatisticsSummary
) -> None:
    """Import one file unless this very file (by its hash) was imported before: a re-run
    then writes nothing at all, not even an import run."""
    source = f"demo: {name} (sha256 {hashlib.sha256(raw).hexdigest()[:16]})"
    if ImportRun.objects.filter(source=source, status=ImportStatus.DONE).exists():
        summary.unchanged.append(name)
        return
    table = parse_source(
        raw,
        geo_dimension=profile.geo_dimension if profile else "",
        name=name,
        table_id=profile.table_id if profile else "",
    )
    result = statistics_import(table=table, source=source, profile=profile)
    summary.imported.append(f"{name}: {result.line()}")


def demo_load_statistics(*, shared_dir: Path) -> StatisticsSummary:
    """The seeds' figures (spreadsheet template) and SSB's sample tables (JSON-stat); each
    file is one all-or-nothing import. Needs the register and the catalogue."""
    profiles = {p.name: p for p in demo_load_profiles()}
    summary = StatisticsSummary()
    for name in SEED_FILES:
        _demo_import(raw=(DATA_DIR / name).read_bytes(), name=name, profile=None, summary=summary)
    for name, profile_name in SSB_FILES:
        raw = (shared_dir / SSB_SUBDIR / name).read_bytes()
        profile = profiles[profile_name] if profile_name else None
        _demo_import(raw=raw, name=name, profile=profile, summary=summary)
    return summary


# Kommunepyramiden: the two selections the seeds tell, read as data/SEEDS.md explains.
SOR_2010_FAMILY = "sor-2010"
SOR_2010_INVITED = ("0805", "0704", "0906", "0709", "0706", "0806", "0602", "1001")
SOR_2010_COMMENT = (
    "Invitert til boligsosialt utviklingsprogram, Husbanken sør 2010. Kilde: presentasjonen "
    "«Utviklingsprogram boligsosialt arbeid», Drammen kommune, 2. februar 2010."
)
MIDT_2009_FAMILY = "midt-norge-2009"
MIDT_2009_SOURCE = (
    "«Boligsosialt utviklingsprogram 2009–2012», Husbanken region Midt-Norge, januar 2010"
)
# Seed 001, page 13: the 17 satsingskommuner in the document's order; page 14: agreements
# signed by August 2010; pages 6 and 13: Malvik and Fræna chosen partly as role models.
MIDT_2009_CHOSEN = (
    ("1504", "Ålesund"),
    ("1505", "Kristiansund"),
    ("1502", "Molde"),
    ("1548", "Fræna"),
    ("1534", "Haram"),
    ("1520", "Ørsta"),
    ("1519", "Volda"),
    ("1601", "Trondheim"),
    ("1653", "Melhus"),
    ("1663", "Malvik"),
    ("1638", "Orkdal"),
    ("1640", "Røros"),
    ("1714", "Stjørdal"),
    ("1702", "Steinkjer"),
    ("1703", "Namsos"),
    ("1719", "Levanger"),
    ("1721", "Verdal"),
)
MIDT_2009_AGREEMENTS = {"1601", "1504", "1502", "1702", "1505"}
MIDT_2009_ROLE_MODELS = {"1663", "1548"}
# Page 14: "I løpet av høsten 2011 har Husbanken ambisjon om å inngå avtaler med både Namdal
# samkommune og Stjørdal kommune og Innherred samkommune."
MIDT_2009_PLANNED = {
    "1703": "Namdal samkommune",
    "1714": "Stjørdal kommune",
    "1719": "Innherred samkommune",
    "1721": "Innherred samkommune",
}


@dataclass(frozen=True)
class DemoDecision:
    code: str
    tier: str  # tier code
    reason: str
    comment: str


def _demo_definition(*, family: str, **params: Any) -> Any:
    """The family's first version, created once; a re-run reuses it as it is."""
    from boso.selection import services as selection_services
    from boso.selection.models import IndexDefinition

    existing = IndexDefinition.objects.filter(family=family, version=1).first()
    return existing or selection_services.definition_save(family=family, **params)


def _demo_run(*, definition: Any, decisions: list[DemoDecision], username: str) -> Any:
    """The definition's first run (computed once), its decisions and publication."""
    from boso.accounts.models import User
    from boso.selection import services as selection_services

    user = User.objects.filter(username=username).first()
    run = definition.runs.order_by("computed_at", "pk").first()
    if run is None:
        run = selection_services.scoring_run_compute(definition=definition, user=user)
    tiers = selection_services.tiers_ensure_defaults()
    existing = {d.municipality_code: d for d in run.decisions.all()}
    for wanted in decisions:
        have = existing.get(wanted.code)
        same = have is not None and (have.tier_id, have.reason, have.comment) == (
            tiers[wanted.tier].pk,
            wanted.reason,
            wanted.comment,
        )
        if not same:
            selection_services.decision_record(
                run=run,
                municipality_code=wanted.code,
                tier=tiers[wanted.tier],
                reason=wanted.reason,
                comment=wanted.comment,
                user=user,
            )
    if not run.published or run.decisions.filter(published=False).exists():
        selection_services.run_publish(run=run)
    return run


def _midt_2009_decision(code: str, name: str) -> DemoDecision:
    from boso.selection.choices import Reason

    if code in MIDT_2009_AGREEMENTS:
        tier, text = "samarbeidsavtale", "Samarbeidsavtale inngått per august 2010."
    else:
        tier, text = "satsingskommune", "Satsingskommune fra oppstarten i 2009."
        if code in MIDT_2009_PLANNED:
            text += f" Avtale med {MIDT_2009_PLANNED[code]} planlagt høsten 2011."
    if code in MIDT_2009_ROLE_MODELS:
        reason = Reason.ROLE_MODEL
        text += (
            f" {name} er valgt fordi kommunen har utfordringer, men også fordi den gjør et"
            " godt boligsosialt arbeid på enkelte områder (forbildekommune)."
        )
    else:
        reason = Reason.CHALLENGES
    return DemoDecision(code, tier, reason, f"{text} Kilde: {MIDT_2009_SOURCE}.")


@dataclass(frozen=True)
class SelectionSummary:
    runs: int
    decisions: int

    def line(self) -> str:
        return f"{self.runs} published rankings, {self.decisions} decisions"


@transaction.atomic
def demo_load_selection() -> SelectionSummary:
    """Region sør's eight invited municipalities (seed 000) and Midt-Norge's 17
    satsingskommuner (seed 001) as index definitions, one frozen run each, decisions,
    published. Needs the statistics; a re-run creates nothing new."""
    from boso.selection.choices import MissingPolicy, Reason, Transform
    from boso.selection.services import CriterionInput, tiers_ensure_defaults

    tiers = tiers_ensure_defaults()
    sor = _demo_definition(
        family=SOR_2010_FAMILY,
        name="Region sør 2010",
        description=(
            "Levekårsindeks 2009, bostedsløse 2008 per 1000 innbyggere og folketall 2009, "
            "slik tabellen i presentasjonen «Utviklingsprogram boligsosialt arbeid» "
            "(Drammen kommune, 2. februar 2010) viser dem. Kommuner uten alle tallene "
            "er utelatt fra rangeringen."
        ),
        region=Region.objects.get(slug="sor"),
        structure_date=datetime.date(2010, 1, 1),
        criteria=[
            CriterionInput(
                "living_conditions_index", "2009", Decimal(1), missing=MissingPolicy.EXCLUDE
            ),
            CriterionInput(
                "homeless",
                "2008",
                Decimal(1),
                transform=Transform.PER_1000,
                missing=MissingPolicy.EXCLUDE,
            ),
            CriterionInput("population", "2009", Decimal(1), missing=MissingPolicy.EXCLUDE),
        ],
        top_n=8,
        suggested_tier=tiers["samarbeidsavtale"],
        base_tier=tiers["grunntilbud"],
    )
    sor_decisions = [
        DemoDecision(code, "samarbeidsavtale", Reason.CHALLENGES, SOR_2010_COMMENT)
        for code in SOR_2010_INVITED
    ]
    _demo_run(definition=sor, decisions=sor_decisions, username="radgiver.sor")

    midt = _demo_definition(
        family=MIDT_2009_FAMILY,
        name="Region Midt-Norge 2009",
        description=(
            "Regionens 85 kommuner slik de var inndelt 1. juni 2009. Husbanken valgte de 17 "
            "satsingskommunene i 2009 på en samlet vurdering (folketall, befolkningsutvikling, "
            "boligmarked, virkemiddelbruk, kommunale boliger, bostedsløse, flyktninger). Det "
            "eneste tallet per kommune i dokumentet er antall startlån 2009, og det finnes "
            "bare for de 17: de andre 68 kommunene mangler tallet, er merket og utelatt fra "
            "rangeringen (med null i bidrag ville de stått over 12 av de 17). Rangeringen "
            "viser derfor bare bruken av startlån blant de 17, ikke hvorfor de ble valgt."
        ),
        region=Region.objects.get(slug="midt-norge"),
        structure_date=datetime.date(2009, 6, 1),
        criteria=[
            CriterionInput("start_loans_count", "2009", Decimal(1), missing=MissingPolicy.EXCLUDE)
        ],
        top_n=17,
        suggested_tier=tiers["satsingskommune"],
        base_tier=tiers["grunntilbud"],
    )
    midt_decisions = [_midt_2009_decision(code, name) for code, name in MIDT_2009_CHOSEN]
    _demo_run(definition=midt, decisions=midt_decisions, username="radgiver.midt")
    return SelectionSummary(runs=2, decisions=len(sor_decisions) + len(midt_decisions))


@dataclass(frozen=True)
class DemoSummary:
    register: municipality_services.KlassLoadSummary
    regions: int
    accounts: list[DemoAccount]
    indicators: int
    statistics: StatisticsSummary
    selection: SelectionSummary
    programmes: ProgrammesSummary
    plans: PlansSummary


def demo_load(*, shared_dir: Path, password: str) -> DemoSummary:
    """Load every part of the demo, each part in its own transaction; safe to re-run."""
    municipality_services.county_load_defaults()
    register = municipality_services.register_load_klass(directory=shared_dir / KLASS_SUBDIR)
    regions = demo_load_regions()
    accounts = demo_load_accounts(password=password)
    indicators = catalogue_load()
    statistics = demo_load_statistics(shared_dir=shared_dir)
    selection = demo_load_selection()
    programmes = demo_load_programmes()
    plans = demo_load_plans()
    demo_load_reports()
    demo_load_synthesis()  # region sør's 2. halvår 2015 (seed 003), after the reports
    return DemoSummary(
        register=register,
        regions=regions,
        accounts=accounts,
        indicators=indicators,
        statistics=statistics,
        selection=selection,
        programmes=programmes,
        plans=plans,
    )
