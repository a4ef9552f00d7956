from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class HealthCheckMiddleware:
    """Answer /healthz first, before sessions, HTTPS redirects or host checks.

    Load balancers probe by IP over plain HTTP; the answer must not depend on
    cookies, the database or ALLOWED_HOSTS.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return HttpResponse("ok", content_type="text/plain")
        return self.get_response(request)
