from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    role_label: str
    region: str | None
    municipality_code: str | None


@router.get("me", response=MeOut, summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    """The account behind the token or session, with its role and scope."""
    user: Any = request.auth  # type: ignore[attr-defined]
    return {
        "username": user.username,
        "role": user.role,
        "role_label": user.role_label,
        "region": user.region.slug if user.region_id else None,
        "municipality_code": user.municipality.code if user.municipality_id else None,
    }
