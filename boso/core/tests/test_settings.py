"""Settings read from the environment fail loudly, and production settings pass check --deploy."""

import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings

PROD_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "boso.example.no",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    unsafe = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unsafe}
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50 characters"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"ALLOWED_HOSTS": "a,,b"}, "ALLOWED_HOSTS has an empty entry"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL must point at PostgreSQL or SQLite"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL is not a valid database URL"),
        ({"AXES_FAILURE_LIMIT": "five"}, "AXES_FAILURE_LIMIT must be a whole number"),
        ({"SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS must be at least 0"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR"),
        ({"DATABASE_URL": ""}, "DATABASE_URL must be set"),
        ({"TRUSTED_PROXY_COUNT": "x"}, "TRUSTED_PROXY_COUNT must be a whole number"),
    ],
)
def test_bad_settings_stop_start_up_naming_the_variable(env: dict[str, str], message: str) -> None:
    result = _manage("check", env={**PROD_ENV, **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_cookies_are_secure() -> None:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT]))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**clean, **PROD_ENV, "DJANGO_SETTINGS_MODULE": "boso.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "[true, true, true]", result.stderr


def test_database_engine_settings() -> None:
    database: dict[str, Any] = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers continue while one writer commits; IMMEDIATE avoids lock upgrades.
        assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
        assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    else:
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert database["CONN_HEALTH_CHECKS"] is True
