from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from boso.accounts.models import ApiToken, User


def user_list() -> QuerySet[User]:
    return User.objects.select_related("region", "municipality").order_by("role", "username")


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def acting_user(user: Any) -> User | None:
    """The user to record as author: a saved account, else None (anonymous, or a
    command run without one)."""
    return user if getattr(user, "pk", None) else None
