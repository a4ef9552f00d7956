"""Object-level permission predicates (the rules library) shared by every app.

Each app's rules.py combines these into named permissions; views, API endpoints
and templates ask for the permission, never for a role directly.
"""

from __future__ import annotations

from typing import Any

import rules

from boso.accounts.choices import Role


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return str(user.role)


@rules.predicate
def is_admin(user: Any) -> bool:
    return _role(user) == Role.ADMIN


@rules.predicate
def is_advisor(user: Any) -> bool:
    return _role(user) == Role.ADVISOR


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return _role(user) == Role.COORDINATOR


@rules.predicate
def is_reader(user: Any) -> bool:
    return _role(user) == Role.READER


is_husbanken = is_admin | is_advisor
is_municipal = is_coordinator | is_reader
is_logged_in = rules.is_authenticated & rules.is_active


@rules.predicate
def advises_region(user: Any, region: Any) -> bool:
    """The user is a regional advisor for this region (admins pass through is_admin)."""
    return is_advisor(user) and region is not None and user.region_id == region.pk


@rules.predicate
def belongs_to_municipality(user: Any, municipality: Any) -> bool:
    """The user's municipality is this one, or this one under an earlier or later number.

    A coordinator of 3301 Drammen also owns what was filed under 0602 and 3005
    Drammen, but not what 0625 Nedre Eiker filed before it merged into Drammen.
    """
    if not is_municipal(user) or municipality is None or user.municipality_id is None:
        return False
    if user.municipality_id == municipality.pk:
        return True
    return municipality.pk in _lineage_of(user)


def _lineage_of(user: Any) -> set[int]:
    # Cached on the user object (one request), so checking many rows costs one walk.
    cached: tuple[int, set[int]] | None = getattr(user, "_boso_lineage", None)
    if cached is None or cached[0] != user.municipality_id:
        from boso.municipalities.selectors import municipality_lineage_ids

        cached = (user.municipality_id, municipality_lineage_ids(user.municipality))
        user._boso_lineage = cached
    return cached[1]
