"""Permission-matrix rows: the plans API (see permissions.py).

Plans as in permissions_documents.py: a draft is read by Husbanken's managers of region
sør and Drammen's coordinator, an approved plan by Drammen's reader too. The texts are
written while the plan is a draft, by the same three (plans.edit_plan); nobody writes
an approved plan. The list answers every logged-in user, holding only what each may
read.
"""

from __future__ import annotations

from boso.core.testing.matrix import Row, logged_in, only
from boso.plans.tests.permissions_documents import READ_APPROVED, READ_DRAFT, at

API = "/api/v1/plans"
# The body is checked after the permission: the matrix's `{}` lacks `version` (422).
WRITE = {"admin": 422, "advisor": 422, "coordinator": 422}

ROWS: list[Row] = [
    Row("api plans", API, logged_in(anonymous=401), api=True),
    Row("api plan, draft", at(API + "/{plan}"), only(READ_DRAFT, anonymous=401), api=True),
    Row(
        "api plan, approved",
        at(API + "/{plan}", approved=True),
        only(READ_APPROVED, anonymous=401),
        api=True,
    ),
    Row("api plan, unknown", API + "/999999", logged_in(404, anonymous=401), api=True),
    Row(
        "api plan texts, draft",
        at(API + "/{plan}/texts"),
        only(WRITE, anonymous=401),
        method="PUT",
        api=True,
    ),
    Row(
        "api plan texts, approved",
        at(API + "/{plan}/texts", approved=True),
        # Admins are superusers and pass the permission; the service then refuses.
        only({"admin": 422}, anonymous=401),
        method="PUT",
        api=True,
    ),
    Row(
        "api plan texts, unknown",
        API + "/999999/texts",
        logged_in(404, anonymous=401),
        method="PUT",
        api=True,
    ),
]
