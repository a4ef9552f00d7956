"""The permission matrix: for each URL and API endpoint, what each role gets.

Every capability adds its rows to ROWS in its own tests/permissions.py module
(collected in boso/tests/test_permission_matrix.py). A completeness test fails
when a URL pattern or API route has no row, so no endpoint goes unchecked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The roles checked, each a demo account (None: not logged in). The "_other" roles
# are outsiders: same role, another region or municipality.
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "admin": "admin",
    "advisor": "radgiver.sor",
    "advisor_other": "radgiver.ost",
    "coordinator": "koordinator.drammen",
    "coordinator_other": "koordinator.lillehammer",
    "reader": "leser.drammen",
}

LOGIN = "login"  # a redirect to the login page

Expect = int | str
UrlSource = str | Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class Row:
    """One endpoint and what each role gets from it."""

    name: str
    url: UrlSource
    expect: Mapping[str, Expect]
    method: str = "GET"
    data: Mapping[str, Any] = field(default_factory=dict)
    api: bool = False

    def __post_init__(self) -> None:
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"matrix row {self.name!r} lacks roles {sorted(missing)}")

    def resolve_url(self, users: Mapping[str, Any]) -> str:
        return self.url(users) if callable(self.url) else self.url


def everyone(status: Expect = 200) -> dict[str, Expect]:
    return dict.fromkeys(ROLES, status)


def logged_in(status: Expect = 200, *, anonymous: Expect = LOGIN) -> dict[str, Expect]:
    return {role: (anonymous if role == "anonymous" else status) for role in ROLES}


def only(
    allowed: Mapping[str, Expect], *, others: Expect = 403, anonymous: Expect = LOGIN
) -> dict[str, Expect]:
    """The listed roles get their status, other logged-in roles `others`."""
    result: dict[str, Expect] = {}
    for role in ROLES:
        if role in allowed:
            result[role] = allowed[role]
        else:
            result[role] = anonymous if role == "anonymous" else others
    return result


def check(client: Any, row: Row, role: str, users: Mapping[str, Any]) -> tuple[Expect, int, str]:
    """Request the row's URL as the role; return (expected, actual status, location)."""
    url = row.resolve_url(users)
    headers = {}
    if row.api and ROLES[role] is not None:
        headers["Authorization"] = f"Bearer {users['tokens'][role]}"
    method = getattr(client, row.method.lower())
    response = method(url, data=dict(row.data), headers=headers)
    if response.streaming:
        # Reading a download to the end closes its file (the test client's wrapper
        # does, without closing the test's database connection as close() would).
        b"".join(response.streaming_content)
    return row.expect[role], response.status_code, response.get("Location", "")
