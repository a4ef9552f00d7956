from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def home(request: HttpRequest) -> HttpResponse:
    """The front page: what boso is, and where each role starts."""
    return render(request, "core/home.html")


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", {"message": ""}, status=400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Http404's message is written for the user (it names the code or date not found).
    message = str(exception) if exception and exception.args else ""
    if message.startswith("{") or "Resolver404" in message or message.startswith("No "):
        message = ""  # Django's own internal messages are not for users
    return render(request, "404.html", {"message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the error may come from a context processor or the
    # database, so 500.html stands alone and needs nothing but the language.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
