from __future__ import annotations

from django.db.models import QuerySet

from boso.accounts.models import ApiToken, User


def user_list() -> QuerySet[User]:
    return User.objects.select_related("region", "municipality").order_by("role", "username")


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
