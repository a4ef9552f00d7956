"""The demo: the seeds' story with real figures, loaded by `make run`.

This part holds the register (KLASS 131), Husbanken's regions and the demo
accounts; later capabilities add their parts of the seeds here.
"""

from __future__ import annotations

import datetime
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from boso.accounts.choices import Role
from boso.accounts.services import user_create_or_update
from boso.municipalities import selectors as municipality_selectors
from boso.municipalities import services as municipality_services
from boso.municipalities.models import Region
from boso.statistics.services import catalogue_load

REGIONS_JSON = Path(__file__).parent / "data" / "regions.json"
KLASS_SUBDIR = Path("data") / "kommuner" / "klass131_api_json"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    title: str
    region: str | None = None  # region slug
    municipality: str | None = None  # code on today's structure


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
        )
    return list(DEMO_ACCOUNTS)


@dataclass(frozen=True)
class DemoSummary:
    register: municipality_services.KlassLoadSummary
    regions: int
    accounts: list[DemoAccount]
    indicators: int


def demo_load(*, shared_dir: Path, password: str) -> DemoSummary:
    """Load every part of the demo, each part in its own transaction; safe to re-run."""
    municipality_services.county_load_defaults()
    register = municipality_services.register_load_klass(directory=shared_dir / KLASS_SUBDIR)
    regions = demo_load_regions()
    accounts = demo_load_accounts(password=password)
    indicators = catalogue_load()
    return DemoSummary(register=register, regions=regions, accounts=accounts, indicators=indicators)
