"""The API asks the same named permissions (rules) as the pages do."""

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError


def require(request: HttpRequest, perm: str, obj: Any = None) -> Any:
    """Return the caller, or stop with 401 (not logged in) or 403 (not allowed)."""
    user: Any = request.auth  # type: ignore[attr-defined]
    if user.has_perm(perm, obj):
        return user
    if not user.is_authenticated:
        raise HttpError(401, "Authentication required")
    raise HttpError(403, "You do not have permission to do this")
