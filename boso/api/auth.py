"""API authentication: personal bearer tokens, or the browser's session.

PublicAuth lets anonymous callers through as AnonymousUser (public resources),
but a bearer token that is wrong is always a 401, never silently anonymous.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables
from ninja.errors import AuthenticationError, HttpError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from boso.accounts.services import api_token_authenticate


# The token is a password: error reports must not show it among a frame's variables.
@sensitive_variables("header", "token")
def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError(message="Authorization header must be 'Bearer <token>'")
    return token.strip()


@sensitive_variables("token")
def _resolve(request: HttpRequest) -> Any:
    token = _bearer(request)
    if token is not None:
        user = api_token_authenticate(raw=token)
        if user is None:
            raise AuthenticationError(message="Invalid or revoked API token")
        request.user = user
        return user
    if not request.user.is_authenticated:
        return AnonymousUser()
    # A session is a cookie: writes through it need the same CSRF proof as a form.
    if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request) is not None:
        raise HttpError(403, "CSRF check failed; send the X-CSRFToken header or use a token")
    return request.user


class PublicAuth(AuthBase):
    """Anyone may call; request.auth is the user or AnonymousUser."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        return _resolve(request)


class RequiredAuth(AuthBase):
    """A logged-in session or a valid bearer token is required."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        user = _resolve(request)
        return user if user.is_authenticated else None
