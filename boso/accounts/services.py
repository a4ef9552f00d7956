"""Writes for user accounts and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from boso.accounts.choices import MUNICIPALITY_ROLES, REGION_ROLES, Role
from boso.accounts.models import ApiToken, User
from boso.municipalities.models import Municipality, Region

TOKEN_PREFIX = "boso_"  # noqa: S105 (a marker, not a secret)


def _check_scope(role: Role, region: Region | None, municipality: Municipality | None) -> None:
    if role in REGION_ROLES and region is None:
        raise ValidationError({"region": "A regional advisor needs a region."})
    if role in MUNICIPALITY_ROLES and municipality is None:
        raise ValidationError({"municipality": "A municipal role needs a municipality."})
    if role not in REGION_ROLES and region is not None:
        raise ValidationError({"region": "Only regional advisors are scoped to a region."})
    if role not in MUNICIPALITY_ROLES and municipality is not None:
        raise ValidationError({"municipality": "Only municipal roles have a municipality."})


@transaction.atomic
def user_create_or_update(
    *,
    username: str,
    password: str,
    role: Role,
    region: Region | None = None,
    municipality: Municipality | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create a user, or reset an existing one to the given role, scope and password."""
    _check_scope(role, region, municipality)
    user = User.objects.filter(username=username).first() or User(username=username)
    user.role = role
    user.region = region
    user.municipality = municipality
    user.first_name, user.last_name, user.email = first_name, last_name, email
    # Only Husbanken administrators may use Django's admin site.
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.is_active = True
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


# The raw token is a password: error reports must not show it among a frame's variables.
@sensitive_variables("raw")
def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; the raw token is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, e.g. what it is used for."})
    if not user.is_active:
        raise ValidationError("Inactive users cannot have API tokens.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[: len(TOKEN_PREFIX) + 6], key_hash=_hash(raw)
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@sensitive_variables("raw")
def api_token_authenticate(*, raw: str) -> User | None:
    """The active user behind a token, or None; records when the token was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Write at most once a minute, so a busy client does not turn reads into writes.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
