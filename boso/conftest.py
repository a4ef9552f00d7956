"""Fixtures shared by every app's tests.

The demo (register, regions, accounts) is loaded once into the test database;
each test runs inside a transaction that is rolled back, so tests stay isolated.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from boso.core.testing.matrix import ROLES

# Models are imported inside the fixtures: this file loads before Django is set up.

DEMO_PASSWORD = "test-demo-password-1"
# Background tasks run inside the call that enqueues them, also under live_server.
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def load_demo_data() -> None:
    from boso.demo.services import demo_load

    demo_load(shared_dir=settings.SHARED_DIR, password=DEMO_PASSWORD)


@pytest.fixture(scope="session")
def attachment_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Where attachments go in tests (the demo's too), never var/ of the checkout."""
    folder = tmp_path_factory.mktemp("attachments")
    settings.PROGRAMME_ATTACHMENT_DIR = folder
    return folder


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any, attachment_dir: Any) -> None:
    with django_db_blocker.unblock():
        load_demo_data()


@pytest.fixture
def demo_data(transactional_db: Any) -> None:
    """For transactional (browser) tests: the flush after each such test empties the
    database, so load the demo again when it is gone."""
    from boso.accounts.models import User
    from boso.municipalities.models import Municipality

    if not Municipality.objects.exists() or not User.objects.exists():
        load_demo_data()


@pytest.fixture
def users(db: Any) -> dict[str, Any]:
    """Role name (as in the permission matrix) → demo user, None for anonymous."""
    from boso.accounts.models import User

    by_name = {
        u.username: u for u in User.objects.filter(username__in=[n for n in ROLES.values() if n])
    }
    return {role: (by_name[name] if name else None) for role, name in ROLES.items()}


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


@pytest.fixture(autouse=True)
def _tasks_run_at_once(
    settings: Any, tmp_path_factory: pytest.TempPathFactory, attachment_dir: Any
) -> None:
    """No worker runs in tests: tasks run at once. Imports and attachments keep their
    files in temporary folders, never in var/."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.STATISTICS_IMPORT_DIR = tmp_path_factory.mktemp("imports")
    settings.PROGRAMME_ATTACHMENT_DIR = attachment_dir
    settings.SYNTHESIS_DOCUMENT_DIR = tmp_path_factory.mktemp("syntheses")
