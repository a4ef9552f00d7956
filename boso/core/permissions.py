"""The one way views check permissions.

Anonymous visitors are sent to the login page (also for objects that do not exist);
logged-in users without the permission get a 403. Object permissions pass the object
through `get_object`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]


def permission_required(
    perm: str, get_object: Callable[..., Any] | None = None
) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                obj = get_object(request, *args, **kwargs) if get_object else None
            except Http404:
                # Anonymous visitors are sent to log in whether or not the object
                # exists, so they cannot probe which ids do.
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise
            if request.user.has_perm(perm, obj):
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(perm)

        return wrapped

    return decorator
