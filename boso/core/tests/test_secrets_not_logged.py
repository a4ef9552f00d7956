"""Passwords, API tokens and database passwords never reach a log record or an error mail.

Each flow runs with every logger at DEBUG (SQL statements included, through a debug
cursor) and with ADMINS set, so Django's AdminEmailHandler mails the 500s; then every
record (message, arguments, traceback, extra attributes), Django's full error report
for it (the text the mail carries) and every mail are searched
for the secret.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.views.debug import ExceptionReporter

from boso.accounts import services as account_services
from boso.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db

PASSWORD = "Hemmelig-passord-7413"
WRONG = "Feil-passord-9927"


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture, settings: Any) -> Iterator[pytest.LogCaptureFixture]:
    settings.ADMINS = [("Drift", "drift@example.no")]
    for name in ("", "django", "django.request", "django.db.backends", "axes", "boso"):
        caplog.set_level(logging.DEBUG, logger=name)
    caplog.set_level(logging.WARNING, logger="fontTools")  # PDF fonts: much, and no secrets
    forced = connection.force_debug_cursor
    connection.force_debug_cursor = True  # SQL statements and their parameters logged
    yield caplog
    connection.force_debug_cursor = forced


def _everything(caplog: pytest.LogCaptureFixture) -> str:
    """All the text the records and mails of the test carry."""
    parts: list[str] = []
    formatter = logging.Formatter()
    for record in caplog.records:
        parts += [record.getMessage(), repr(record.args), repr(vars(record))]
        if record.exc_info:
            parts.append(formatter.formatException(record.exc_info))
            request = getattr(record, "request", None)
            reporter = ExceptionReporter(request, *record.exc_info)
            parts.append(reporter.get_traceback_text())
            # The frames' local variables, as an HTML report (include_html) shows them.
            parts += [repr(frame["vars"]) for frame in reporter.get_traceback_frames()]
    for message in mail.outbox:
        parts += [str(message.subject), str(message.body)]
        parts.append(repr(getattr(message, "alternatives", [])))
    return "\n".join(parts)


@pytest.fixture
def account() -> User:
    user = User.objects.get(username="koordinator.drammen")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def token(account: User) -> str:
    _token, raw = account_services.api_token_create(user=account, name="rapportering")
    return raw


def test_login_with_wrong_and_right_password(logs: Any, account: User) -> None:
    client = Client()
    wrong = client.post("/logg-inn/", {"username": account.username, "password": WRONG})
    assert wrong.status_code == 200  # the form again, with its message
    right = client.post("/logg-inn/", {"username": account.username, "password": PASSWORD})
    assert right.status_code == 302
    assert logs.records, "the flow logged nothing: the test would prove nothing"
    text = _everything(logs)
    assert PASSWORD not in text
    assert WRONG not in text
    # Axes keeps failed attempts in the database, with the form's data: masked.
    stored = [repr(list(model.objects.values())) for model in (AccessAttempt, AccessLog)]
    stored.append(repr(list(AccessFailureLog.objects.values())))
    assert any(account.username in row for row in stored), "axes recorded the attempt"
    assert all(WRONG not in row and PASSWORD not in row for row in stored)


def test_api_calls_with_a_token(logs: Any, token: str) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/me").status_code == 200
    bad = Client(HTTP_AUTHORIZATION=f"Bearer {token}x").get("/api/v1/me")
    assert bad.status_code == 401
    assert logs.records
    text = _everything(logs)
    assert token not in text
    assert token[-20:] not in text  # nor its secret part on its own


def test_a_server_error_in_an_api_call_mails_no_token(
    logs: Any, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("boso.accounts.api.require", broken)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", raise_request_exception=False)
    client.cookies["sessionid"] = "hemmelig-okt-12345"
    assert client.get("/api/v1/me").status_code == 500
    assert len(mail.outbox) == 1, "the error was mailed to ADMINS"
    assert "the database went away" in mail.outbox[0].body
    text = _everything(logs)
    assert token not in text
    assert "hemmelig-okt-12345" not in text


def test_a_server_error_while_checking_the_token_mails_no_token(
    logs: Any, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The token is a local variable of the functions on the stack: the report must
    not show it (sensitive_variables)."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("hashing failed")

    # The token lookup fails, deep inside api_token_authenticate (raw) and _resolve (token).
    monkeypatch.setattr(ApiToken.objects, "select_related", broken)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", raise_request_exception=False)
    assert client.get("/api/v1/me").status_code == 500
    assert len(mail.outbox) == 1
    assert "hashing failed" in mail.outbox[0].body
    assert token not in _everything(logs)


def test_a_server_error_after_a_login_form_mails_no_password(
    logs: Any, account: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("login broke")

    monkeypatch.setattr("django.contrib.auth.views.auth_login", broken)
    client = Client(raise_request_exception=False)
    response = client.post("/logg-inn/", {"username": account.username, "password": PASSWORD})
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    assert PASSWORD not in _everything(logs)


def test_the_create_api_token_command_prints_the_token_only_to_stdout(
    logs: Any, account: User
) -> None:
    from io import StringIO

    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    call_command("create_api_token", account.username, "--name", "eksport", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith(account_services.TOKEN_PREFIX)
    assert raw not in err.getvalue()
    assert raw not in _everything(logs)


DB_PASSWORD = "Db-hemmelig-5521"


@pytest.mark.parametrize(
    "url",
    [
        f"postgres://boso:{DB_PASSWORD}@127.0.0.1:1/boso",  # nobody listens: cannot connect
        f"postgres://boso:{DB_PASSWORD}@db.example.no:port/boso",  # not a valid URL
        f"postgresx://boso:{DB_PASSWORD}@db.example.no/boso",  # an unknown scheme
        f"mysql://boso:{DB_PASSWORD}@db.example.no/boso",  # not a database we support
    ],
)
def test_a_database_url_with_a_password_is_not_printed_at_start_up(url: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        DEBUG="false",
        SECRET_KEY="x" * 20 + "-production-secret-key-for-the-secrets-test-0123456789",
        ALLOWED_HOSTS="boso.example.no",
        DATABASE_URL=url,
        LOG_LEVEL="DEBUG",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip(), "start-up failed with a message"
    assert DB_PASSWORD not in result.stdout + result.stderr
