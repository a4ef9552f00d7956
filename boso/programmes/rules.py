"""Who may steer and see the development programmes.

An advisor manages the programmes of the own region (programmes, calls, assessments,
agreements, grants); admins everywhere. A coordinator edits and submits the own
municipality's application while it is a draft or returned for more information.
Municipal readers see their municipality's applications once submitted.
"""

from __future__ import annotations

from typing import Any

import rules

from boso.accounts.predicates import (
    advises_region,
    belongs_to_municipality,
    is_admin,
    is_advisor,
    is_coordinator,
    is_husbanken,
    is_logged_in,
    is_municipal,
)
from boso.programmes.choices import ApplicationStatus


def _programme(obj: Any) -> Any:
    """The programme behind a programme, call, application, agreement, participation,
    grant or disbursement."""
    for step in ("grant", "participation", "application", "call"):
        if hasattr(obj, f"{step}_id"):
            obj = getattr(obj, step)
    return getattr(obj, "programme", obj)


@rules.predicate
def advises_programme_region(user: Any, obj: Any = None) -> bool:
    """An advisor of the programme's region; without an object, every advisor (a new
    programme can only be made for the own region)."""
    if not is_advisor(user):
        return False
    if obj is None:
        return True
    return bool(advises_region(user, _programme(obj).region))


@rules.predicate
def coordinates_application(user: Any, application: Any = None) -> bool:
    return (
        application is not None
        and is_coordinator(user)
        and bool(belongs_to_municipality(user, application.municipality))
    )


@rules.predicate
def application_editable(user: Any, application: Any = None) -> bool:
    return application is not None and application.status in (
        ApplicationStatus.DRAFT,
        ApplicationStatus.INFO_REQUESTED,
    )


@rules.predicate
def sees_own_submitted(user: Any, application: Any = None) -> bool:
    return (
        application is not None
        and is_municipal(user)
        and application.status != ApplicationStatus.DRAFT
        and bool(belongs_to_municipality(user, application.municipality))
    )


def _municipality(obj: Any) -> Any:
    """The municipality an invitation, application, agreement, participation, grant,
    disbursement or instrument record is about."""
    for step in ("grant", "participation", "agreement", "application"):
        if hasattr(obj, f"{step}_id") and not hasattr(obj, "municipality_id"):
            obj = getattr(obj, step)
    return getattr(obj, "municipality", None)


@rules.predicate
def of_own_municipality(user: Any, obj: Any = None) -> bool:
    """A municipal user (coordinator or reader) of the municipality the object is about,
    also under its earlier or later numbers."""
    return obj is not None and bool(belongs_to_municipality(user, _municipality(obj)))


@rules.predicate
def coordinates_municipality_of(user: Any, obj: Any = None) -> bool:
    return is_coordinator(user) and bool(of_own_municipality(user, obj))


@rules.predicate
def advises_municipality_region(user: Any, obj: Any = None) -> bool:
    """An advisor of the region the object's municipality belongs to (on the record's
    year when it has one, else today)."""
    if not is_advisor(user) or obj is None:
        return False
    import datetime

    from boso.municipalities.selectors import region_of

    year = getattr(obj, "year", None)
    day = datetime.date(year, 7, 1) if year else None
    return bool(advises_region(user, region_of(_municipality(obj), day=day)))


can_manage = is_admin | advises_programme_region

rules.add_perm("programmes.manage_programme", can_manage)
rules.add_perm("programmes.manage_call", can_manage)
rules.add_perm("programmes.assess_application", can_manage)
rules.add_perm("programmes.reopen_application", can_manage)
rules.add_perm("programmes.manage_agreement", can_manage)
rules.add_perm("programmes.manage_grants", can_manage)
rules.add_perm("programmes.edit_application", coordinates_application & application_editable)
rules.add_perm(
    "programmes.view_application", can_manage | coordinates_application | sees_own_submitted
)

# Programmes and calls are not secret (seed 000 names the invited municipalities):
# every logged-in user reads them. What a municipality wrote or was granted is read by
# Husbanken and by that municipality only.
rules.add_perm("programmes.view_programme", is_logged_in)
rules.add_perm("programmes.view_invitation", can_manage | of_own_municipality)
rules.add_perm("programmes.start_application", coordinates_municipality_of)
rules.add_perm("programmes.view_agreement", can_manage | of_own_municipality)
rules.add_perm("programmes.view_money", is_husbanken | of_own_municipality)
rules.add_perm("programmes.request_disbursement", can_manage | coordinates_municipality_of)
# The register of other instruments: Husbanken's advisor of the municipality's region.
rules.add_perm("programmes.manage_instruments", is_admin | advises_municipality_region)
