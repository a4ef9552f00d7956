"""The national dataset's accounts: the administrator, an advisor per region and a
coordinator for every programme municipality, all with the one given password."""

from __future__ import annotations

from dataclasses import dataclass

from boso.accounts.choices import Role
from boso.accounts.models import User
from boso.accounts.services import user_create_or_update
from boso.demo.national.register import Place
from boso.municipalities.models import Municipality, Region

ADMIN = "admin"


def advisor_name(region: Region) -> str:
    return f"radgiver.{region.slug}"


def coordinator_name(code: str) -> str:
    return f"koordinator.{code}"


@dataclass(frozen=True)
class Accounts:
    admin: User
    advisors: dict[int, User]  # region id → advisor
    coordinators: dict[str, User]  # municipality code → coordinator


def create_accounts(*, password: str, regions: list[Region], chosen: list[Place]) -> Accounts:
    """Through the accounts service for the administrator, the advisors and the first
    coordinator; the other coordinators are copies of that one (same password hash),
    because hashing a password a thousand times would take minutes and prove nothing."""
    admin = user_create_or_update(
        username=ADMIN, password=password, role=Role.ADMIN, first_name="Husbanken-administrator"
    )
    advisors = {
        r.pk: user_create_or_update(
            username=advisor_name(r),
            password=password,
            role=Role.ADVISOR,
            region=r,
            first_name=f"Seniorrådgiver i Husbanken {r.name}",
        )
        for r in regions
    }
    unique = list({p.code: p for p in chosen}.values())
    coordinators: dict[str, User] = {}
    if unique:
        first = unique[0]
        coordinators[first.code] = user_create_or_update(
            username=coordinator_name(first.code),
            password=password,
            role=Role.COORDINATOR,
            municipality=Municipality.objects.get(pk=first.municipality_id),
            first_name=f"Programkoordinator i {first.name} kommune",
            email=f"{coordinator_name(first.code)}@boso.invalid",
        )
        coordinators.update(_copies(coordinators[first.code], unique[1:]))
    return Accounts(admin=admin, advisors=advisors, coordinators=coordinators)


def _copies(model: User, places: list[Place]) -> dict[str, User]:
    users = [
        User(
            username=coordinator_name(p.code),
            password=model.password,
            role=Role.COORDINATOR,
            municipality_id=p.municipality_id,
            first_name=f"Programkoordinator i {p.name} kommune",
            email=f"{coordinator_name(p.code)}@boso.invalid",
            is_active=True,
        )
        for p in places
    ]
    User.objects.bulk_create(users, batch_size=500)
    code_of = {coordinator_name(p.code): p.code for p in places}
    return {code_of[u.username]: u for u in User.objects.filter(username__in=code_of)}
