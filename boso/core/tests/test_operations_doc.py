"""docs/operations.md stays true: its commands, options and variables exist, and /healthz
answers as its example shows (in the manner of datasette's documentation tests)."""

from __future__ import annotations

import re
from argparse import ArgumentParser
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class
from django.test import Client, override_settings
from pytest_django import DjangoAssertNumQueries

ROOT = Path(settings.BASE_DIR)
DOC = ROOT / "docs" / "operations.md"
SETTINGS_SOURCE = (ROOT / "boso" / "settings.py").read_text(encoding="utf-8")

# Variables the page names that boso does not read: PostgreSQL's client (read by pg_dump
# and pg_restore, which `backup` and `restore` run) and the shell's PATH.
NOT_BOSO_VARIABLES = frozenset(
    {"PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE", "PATH"}
)
# Upper-case words in backticks that are values, not variables.
NOT_VARIABLES = frozenset({"INFO", "WARNING", "ERROR", "SIGTERM"})

NAME = r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*"
INLINE_NAME = re.compile(rf"`\$?({NAME})(?:=[^`]*)?`")
ASSIGNED_IN_BLOCK = re.compile(rf"^\s*({NAME})=", re.MULTILINE)
EXPANDED = re.compile(rf"\$\{{?({NAME})\b")
COMMAND = re.compile(r"manage\.py\s+([a-z_]+)([^`\n|;&#\\]*)")
OPTION = re.compile(r"(?<!\S)(--[a-z][a-z-]*)")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _code_blocks(text: str) -> list[str]:
    return FENCE.findall(text)


def _environment_names(text: str) -> set[str]:
    """Names given as variables: in backticks, assigned or expanded in code blocks."""
    names = set(INLINE_NAME.findall(text))
    for block in _code_blocks(text):
        names |= set(ASSIGNED_IN_BLOCK.findall(block)) | set(EXPANDED.findall(block))
    return names - NOT_VARIABLES


def _read_by_settings(name: str) -> bool:
    """Read from the environment by boso/settings.py, or one of its settings."""
    read = re.search(rf"""env_[a-z]+\(\s*["']{name}["']""", SETTINGS_SOURCE)
    assigned = re.search(rf"^\s*{name}\s*[:=]", SETTINGS_SOURCE, re.MULTILINE)
    return bool(read or assigned)


def _commands(text: str) -> list[tuple[str, list[str]]]:
    """Each `manage.py <command> --options…` the page names, with its options."""
    return [(name, OPTION.findall(rest)) for name, rest in COMMAND.findall(text)]


@cache
def _parser(name: str) -> ArgumentParser:
    app = get_commands()[name]
    command = app if not isinstance(app, str) else load_command_class(app, name)
    return command.create_parser("manage.py", name)


def test_every_command_named_exists_with_its_options() -> None:
    commands = _commands(_doc())
    names = {name for name, _ in commands}
    # The page must keep naming the commands an operator runs (guards the regex, too).
    assert {"db_worker", "send_report_reminders", "migrate", "backup", "axes_reset"} <= names
    known = get_commands()
    assert sorted(names - set(known)) == [], "commands named in docs/operations.md"
    unknown_options = sorted(
        f"{name} {option}"
        for name, options in commands
        for option in options
        if option not in _parser(name)._option_string_actions
    )
    assert unknown_options == [], "options named in docs/operations.md"


def test_every_variable_named_is_read_by_boso() -> None:
    names = _environment_names(_doc())
    assert {"DATABASE_URL", "BOSO_VAR_DIR", "TRUSTED_PROXY_COUNT", "SECRET_KEY"} <= names
    unread = sorted(name for name in names - NOT_BOSO_VARIABLES if not _read_by_settings(name))
    assert unread == [], "variables in docs/operations.md that boso/settings.py does not read"
    # The exceptions stay justified: each is still named on the page.
    assert names >= NOT_BOSO_VARIABLES


def test_the_checks_catch_what_does_not_exist() -> None:
    text = "Run `manage.py frobnicate --now` with `BOSO_NO_SUCH_THING=1`.\n"
    assert _commands(text) == [("frobnicate", ["--now"])]
    assert "frobnicate" not in get_commands()
    assert _environment_names(text) == {"BOSO_NO_SUCH_THING"}
    assert not _read_by_settings("BOSO_NO_SUCH_THING")
    assert "--no-such-option" not in _parser("db_worker")._option_string_actions


def test_local_links_point_at_existing_pages() -> None:
    targets = re.findall(r"\]\(([a-z0-9-]+\.md)(?:#[^)]*)?\)", _doc())
    assert targets
    assert sorted(t for t in set(targets) if not (DOC.parent / t).is_file()) == []


def _healthz_example() -> tuple[str, str, str, int, str, bytes]:
    """Method, path, host, status, content type and body of the page's example."""
    block = next(b for b in _code_blocks(_doc()) if b.startswith("GET /healthz"))
    request, response = block.split("\n\nHTTP/1.1 ", 1)
    method, path, _version = request.splitlines()[0].split()
    host = re.search(r"^Host: (\S+)$", request, re.MULTILINE)
    head, body = response.split("\n\n", 1)
    content_type = re.search(r"^Content-Type: (.+)$", head, re.MULTILINE)
    assert host
    assert content_type
    status = int(head.split()[0])
    return method, path, host[1], status, content_type[1], body.rstrip("\n").encode()


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["boso.example.no"], SECURE_SSL_REDIRECT=True)
def test_healthz_answers_as_the_page_shows(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    method, path, host, status, content_type, body = _healthz_example()
    client = Client()
    # Any other page over plain HTTP is redirected to HTTPS under these settings ...
    assert client.get("/", HTTP_HOST="boso.example.no").status_code == 301
    # ... /healthz is answered anyway, for a host not allowed, without the database.
    with django_assert_num_queries(0):
        response = client.generic(method, path, HTTP_HOST=host)
    assert response.status_code == status
    assert response["Content-Type"] == content_type
    assert response.content == body
    assert not response.cookies
