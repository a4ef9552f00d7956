from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from boso.api.permissions import require
from boso.api.schemas import ErrorOut

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    role_label: str
    region: str | None
    municipality_code: str | None


@router.get("me", response={200: MeOut, 401: ErrorOut}, summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    """The account behind the token or session, with its role and scope."""
    user = require(request, "accounts.view_own_account")
    return {
        "username": user.username,
        "role": user.role,
        "role_label": user.role_label,
        "region": user.region.slug if user.region_id else None,
        "municipality_code": user.municipality.code if user.municipality_id else None,
    }
