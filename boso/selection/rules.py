"""Who may see and steer kommunepyramiden.

Husbanken (admins and advisors) sees every index and run. An advisor builds indexes,
computes runs and decides tiers for the own region only; admins everywhere. Municipal
users see a published decision about their own municipality, nothing else.
"""

from __future__ import annotations

from typing import Any

import rules

from boso.accounts.predicates import (
    advises_region,
    belongs_to_municipality,
    is_admin,
    is_advisor,
    is_husbanken,
    is_municipal,
)


def _region(obj: Any) -> Any:
    """The region an index definition, or the definition behind a run, covers."""
    definition = getattr(obj, "definition", obj)
    return getattr(definition, "region", None)


@rules.predicate
def advises_its_region(user: Any, obj: Any = None) -> bool:
    """An advisor of the region of the definition (or of the run's definition).

    Without an object (the page for a new index) every advisor passes: the form
    offers the own region only.
    """
    if not is_advisor(user):
        return False
    if obj is None:
        return True
    return bool(advises_region(user, _region(obj)))


@rules.predicate
def owns_published_decision(user: Any, decision: Any = None) -> bool:
    """A published decision about the user's own municipality (on the run's structure)."""
    if decision is None or not decision.published or not is_municipal(user):
        return False
    from boso.selection.selectors import decision_municipality

    return bool(belongs_to_municipality(user, decision_municipality(decision)))


can_manage = is_admin | advises_its_region

rules.add_perm("selection.view_selection", is_husbanken)
rules.add_perm("selection.manage_index", can_manage)
rules.add_perm("selection.decide", can_manage)
rules.add_perm("selection.view_published_decision", is_husbanken | owns_published_decision)
# The page "Beslutninger for min kommune": municipal users; it lists their own only.
rules.add_perm("selection.view_own_decisions", is_municipal)
