"""Request bodies are refused by their Content-Length before anything reads them.

Each test sends a tiny body under a huge Content-Length header. Django's test client
feeds the body through a FakePayload, which fails the test if anything tries to read
past what was sent; and the multipart parser is replaced by one that records being
started: a 413 must come without either.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import reverse

from boso.core import uploads
from boso.programmes.models import Application

pytestmark = pytest.mark.django_db

HUGE = str(10**12)  # a terabyte claimed
BOUNDARY = "grense"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
TINY_BODY = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.xlsx"\r\n'
    f"Content-Type: application/octet-stream\r\n\r\nPK\r\n--{BOUNDARY}--\r\n"
).encode()


@pytest.fixture
def parser_starts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every start of Django's multipart parser (the upload handlers run inside it)."""
    started: list[str] = []

    class Recording(MultiPartParser):
        def __init__(self, META: Any, *args: Any, **kwargs: Any) -> None:
            started.append(str(META.get("PATH_INFO")))
            super().__init__(META, *args, **kwargs)

    # Where HttpRequest looks it up when it parses a multipart body.
    monkeypatch.setattr("django.http.request.MultiPartParser", Recording)
    return started


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _huge_post(client: Client, url: str, content_type: str = MULTIPART) -> Any:
    return client.generic("POST", url, TINY_BODY, content_type, CONTENT_LENGTH=HUGE)


def _upload_urls() -> list[str]:
    application = Application.objects.order_by("pk").first()
    assert application is not None, "the demo has applications"
    return [
        reverse("statistics:import"),
        reverse("programmes:attachment-upload", args=[application.pk]),
    ]


def test_an_upload_over_the_limit_is_refused_unread(
    users: dict[str, Any], parser_starts: list[str]
) -> None:
    client = _client(users["advisor"])
    for url in _upload_urls():
        response = _huge_post(client, url)
        assert response.status_code == 413, url
        text = response.content.decode()
        assert "Forespørselen er for stor" in text
        assert "Filen er for stor" in text  # the page's heading, in Norwegian
        assert response["Connection"] == "close"
    assert parser_starts == []


def test_the_limit_is_the_views_own(
    users: dict[str, Any], parser_starts: list[str], settings: Any
) -> None:
    settings.STATISTICS_IMPORT_MAX_BYTES = 1024 * 1024
    limit = settings.STATISTICS_IMPORT_MAX_BYTES + uploads.FORM_OVERHEAD
    client = _client(users["advisor"])
    url = reverse("statistics:import")
    response = client.generic("POST", url, TINY_BODY, MULTIPART, CONTENT_LENGTH=str(limit + 1))
    assert response.status_code == 413
    assert "1 MB" in response.content.decode()
    assert parser_starts == []


def test_anonymous_and_form_posts_are_bounded_too(parser_starts: list[str]) -> None:
    """Any view: the login form parses its body for anybody, before any permission."""
    response = _huge_post(Client(), reverse("login"))
    assert response.status_code == 413
    urlencoded = "application/x-www-form-urlencoded"
    assert _huge_post(Client(), reverse("login"), urlencoded).status_code == 413
    assert parser_starts == []


def test_api_bodies_are_bounded_with_a_json_answer(parser_starts: list[str]) -> None:
    application = Application.objects.order_by("pk").first()
    assert application is not None
    url = f"/api/v1/programmes/applications/{application.pk}"
    response = Client().generic("PUT", url, b"{}", "application/json", CONTENT_LENGTH=HUGE)
    assert response.status_code == 413
    assert "for stor" in response.json()["detail"]
    assert parser_starts == []


def test_an_upload_view_takes_more_than_a_plain_form(
    users: dict[str, Any], parser_starts: list[str], settings: Any
) -> None:
    """The mark lifts the limit for the upload views only; the file itself is then
    checked by the view as before."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    content = b"indikator;region;periode;verdi\n" + b"x" * 5000
    client = _client(users["advisor"])
    response = client.post(
        reverse("statistics:import"), {"file": SimpleUploadedFile("tall.csv", content)}
    )
    assert response.status_code != 413
    assert parser_starts == [reverse("statistics:import")]
    body = "username=" + "x" * 2000
    plain = Client().post(reverse("login"), body, "application/x-www-form-urlencoded")
    assert plain.status_code == 413


def test_reads_stay_unbounded_and_bad_lengths_unread(parser_starts: list[str]) -> None:
    assert Client().get(reverse("login"), CONTENT_LENGTH=HUGE).status_code == 200
    response = Client().generic(
        "POST", reverse("login"), b"", "application/x-www-form-urlencoded", CONTENT_LENGTH="-5"
    )
    assert response.status_code != 413


def test_the_check_comes_before_the_csrf_check() -> None:
    """CsrfViewMiddleware reads request.POST in its process_view: ours must run first."""
    order = settings.MIDDLEWARE
    ours = order.index("boso.core.uploads.UploadSizeMiddleware")
    assert ours < order.index("django.middleware.csrf.CsrfViewMiddleware")
