"""boso's URLs plus `/_bench/floor/`, the floor every page figure is a ratio against.

The floor view passes through the same middleware as every page (sessions, CSRF,
authentication, CSP, history) and checks the login like them, but reads nothing else and
returns a fixed page: what any page costs before it does its own work.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from boso.urls import handler400, handler403, handler404, handler500
from boso.urls import urlpatterns as boso_urls

# A page of about the size of boso's smaller pages, so the floor also pays for sending it.
FLOOR_PAGE = (
    "<!doctype html><html lang='nb'><head><meta charset='utf-8'><title>Gulv</title></head>"
    "<body><main><h1>Gulv</h1>" + "<p>Fast innhold for målingen av gulvet.</p>" * 100 + "</main>"
    "</body></html>"
)


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FLOOR_PAGE)


urlpatterns: list[URLPattern | URLResolver] = [
    path("_bench/floor/", floor, name="bench-floor"),
    *boso_urls,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
