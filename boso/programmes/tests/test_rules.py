"""Who may manage programmes and edit or see applications."""

from __future__ import annotations

from typing import Any

import pytest
import rules

from boso.programmes import services
from boso.programmes.models import Application
from boso.programmes.tests.seed import BEFORE

pytestmark = pytest.mark.django_db
MANAGE = (
    "programmes.manage_programme",
    "programmes.manage_call",
    "programmes.assess_application",
    "programmes.reopen_application",
    "programmes.manage_agreement",
    "programmes.manage_grants",
)


def _can(users: dict[str, Any], perm: str, obj: Any) -> set[str]:
    """Asks the rules themselves: a superuser's has_perm passes everything."""
    return {r for r, u in users.items() if u is not None and rules.has_perm(perm, u, obj)}


def test_advisor_of_the_region_manages(draft: Application, users: Any) -> None:
    for perm in MANAGE:
        for obj in (draft.call.programme, draft.call, draft):
            assert _can(users, perm, obj) == {"admin", "advisor"}, (perm, obj)
    assert rules.has_perm("programmes.manage_programme", users["advisor_other"])  # new: any


def test_coordinator_edits_own_draft(draft: Application, users: Any) -> None:
    assert _can(users, "programmes.edit_application", draft) == {"coordinator"}
    services.application_submit(application=draft, today=BEFORE)
    assert _can(users, "programmes.edit_application", draft) == set()


def test_readers_see_submitted_applications_only(draft: Application, users: Any) -> None:
    assert _can(users, "programmes.view_application", draft) == {"admin", "advisor", "coordinator"}
    services.application_submit(application=draft, today=BEFORE)
    assert _can(users, "programmes.view_application", draft) == {
        "admin",
        "advisor",
        "coordinator",
        "reader",
    }


def test_grants_follow_the_programme(draft: Application, users: Any) -> None:
    from boso.programmes.tests.test_workflow import approved_participation

    participation = approved_participation(draft, users)
    assert _can(users, "programmes.manage_grants", participation) == {"admin", "advisor"}
