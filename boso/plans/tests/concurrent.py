"""Saving truly at once in tests: posts from several threads released by one barrier,
each thread with its own client and database connection (also used by the reports'
tests)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connections
from django.test import Client

ANSWER_WITHIN = 120  # seconds: a guard against a hung thread, not a timed assertion


def post_at_once(posts: list[tuple[Any, str, dict[str, Any]]]) -> list[Any]:
    """Each (user, url, data) posted from its own thread, all released together; the
    answers in the same order. An exception in a thread is raised here."""
    barrier = threading.Barrier(len(posts))
    answers: list[Any] = [None] * len(posts)

    def post(i: int, user: Any, url: str, data: dict[str, Any]) -> None:
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=ANSWER_WITHIN)
            answers[i] = client.post(url, data)
        except BaseException as exc:  # reported by the test, not lost in the thread
            answers[i] = exc
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=post, args=(i, *p)) for i, p in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=ANSWER_WITHIN)
    assert not any(t.is_alive() for t in threads), "a save never answered"
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return answers


@contextlib.contextmanager
def race_database(folder: Path) -> Iterator[None]:
    """The database the threads race on.

    On PostgreSQL that is the test database itself. On SQLite the test database lives in
    memory with a shared cache, where a second writer is refused at once ("database
    table is locked") instead of waiting for the lock as on the file database boso runs
    on (WAL, IMMEDIATE transactions, a busy timeout). So on SQLite the test database is
    copied to a file, and every connection, the test's own included, uses that file
    until the block ends.
    """
    original: Any = connections["default"]
    if original.vendor != "sqlite" or not original.is_in_memory_db():
        yield
        return
    path = folder / "race.sqlite3"
    original.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as target:
        original.connection.backup(target)
    settings_dict = connections.settings["default"]
    name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original
        settings_dict["NAME"] = name
