"""Request bodies are bounded before anything reads them.

Django reads a body lazily: the first look at request.POST or request.FILES (the CSRF
check is one) parses it, and a multipart upload of any size is streamed to a temporary
file on the way. DATA_UPLOAD_MAX_MEMORY_SIZE bounds the form fields only, never the
files. So UploadSizeMiddleware answers 413 from the Content-Length header alone, before
the CSRF middleware and the view run: a view marked with @upload_limit takes bodies up
to its file limit (plus room for the other fields), every other view and the API up to
DATA_UPLOAD_MAX_MEMORY_SIZE. The header is what the WSGI server reads by (it never
hands Django more than Content-Length bytes), so the header is enough to decide on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _

V = TypeVar("V", bound=Callable[..., Any])

LIMIT_ATTRIBUTE = "upload_limit_setting"
# Room for the form's other fields and the multipart boundaries beside the file.
FORM_OVERHEAD = 1024 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def upload_limit(setting: str) -> Callable[[V], V]:
    """Mark a view as taking files of up to settings.<setting> bytes.

    The setting is named rather than read here, so that it is read per request (tests
    and operators may change it). Apply it outermost, above csrf_exempt and the rest.
    """

    def mark(view: V) -> V:
        setattr(view, LIMIT_ATTRIBUTE, setting)
        return view

    return mark


def content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # as Django: a body it cannot measure is not read at all


def body_limit(view: Callable[..., Any]) -> tuple[int, int] | None:
    """The largest body the view takes and the size to tell the user, in bytes (for an
    upload view its file limit, without the room for the form); None: no limit."""
    setting = getattr(view, LIMIT_ATTRIBUTE, None)
    if setting:
        files = int(getattr(settings, setting))
        return files + FORM_OVERHEAD, files
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return None if limit is None else (int(limit), int(limit))


def too_large_response(request: HttpRequest, told: int) -> HttpResponse:
    mb = max(round(told / (1024 * 1024), 1), 0.1)
    message = _("Forespørselen er for stor. Største tillatte størrelse er %(mb)s MB.") % {
        "mb": formats.number_format(mb, decimal_pos=0 if mb == int(mb) else 1)
    }
    match = request.resolver_match
    if match is not None and "api" in match.namespaces:
        response: HttpResponse = JsonResponse({"detail": message}, status=413)
    else:
        response = render(request, "413.html", {"message": message}, status=413)
    # The body is left unread: the client must not reuse the connection for more.
    response["Connection"] = "close"
    return response


class UploadSizeMiddleware:
    """Refuse a body larger than its view takes, by its Content-Length, unread.

    Must come before CsrfViewMiddleware: its process_view reads request.POST.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.method not in BODY_METHODS:
            return None
        limits = body_limit(view_func)
        if limits is not None and content_length(request) > limits[0]:
            return too_large_response(request, limits[1])
        return None
