"""Root conftest: test-run defaults that must be in place before Django's settings load."""

import os

# Development defaults (secret key, hosts) for the test run; production settings are
# tested separately in a subprocess (boso/core/tests/test_settings.py).
os.environ.setdefault("DEBUG", "true")
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Set here rather than in pytest's ini options so that pytest-django configures Django
# after this file has run (see pytest-django's "configuring Django in conftest.py").
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boso.settings")


def pytest_configure(config: object) -> None:
    import django

    django.setup()
