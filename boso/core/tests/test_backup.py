"""backup and restore: a round trip into an empty database matches the source table by
table, a database with data is kept unless --yes, and a manifest that does not match
the restored data fails naming the tables.

The suite runs on SQLite (in memory) and, in CI, again on PostgreSQL; each engine's
round trip runs on its own engine. On SQLite the restore target is a temporary file; on
PostgreSQL a freshly created database (boso_backup_test_…) dropped at the end.
"""

from __future__ import annotations

import io
import json
import sqlite3
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper
from django.db.utils import ConnectionHandler

from boso.core import backup
from boso.core.management.commands import backup as backup_command
from boso.core.management.commands import restore as restore_command

pytestmark = pytest.mark.django_db

ON_SQLITE = connection.vendor == "sqlite"
ON_POSTGRESQL = connection.vendor == "postgresql"
SUFFIX = backup.SUFFIXES[connection.vendor]


@pytest.fixture
def source(tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """The database to back up, holding the demo. On PostgreSQL the test database itself
    (the backup reads it through a connection of its own). On SQLite the in-memory test
    database written to a file in WAL mode, as a server's is: the test's transaction
    holds the write lock, through which the backup API cannot read."""
    if ON_POSTGRESQL:
        yield connection
        return
    path = tmp_path / "source.sqlite3"
    connection.ensure_connection()
    path.write_bytes(connection.connection.serialize())
    with backup.sqlite_connection(path) as copy:
        with copy.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            assert cursor.fetchone() == ("wal",)
        yield copy


@pytest.fixture
def made(source: BaseDatabaseWrapper, tmp_path: Path) -> backup.BackupResult:
    """A backup of the demo with its manifest."""
    return backup.backup_database(source, output=tmp_path / "out" / f"boso{SUFFIX}")


@pytest.fixture
def empty_sqlite(tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    with backup.sqlite_connection(tmp_path / "target.sqlite3") as target:
        yield target


def _manifest(result: backup.BackupResult) -> dict:
    return json.loads(result.manifest_path.read_text(encoding="utf-8"))


def _write_manifest(result: backup.BackupResult, manifest: dict) -> None:
    result.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


def _restore(path: Path, target: BaseDatabaseWrapper, *, replace: bool = False):
    plan = backup.prepare_restore(path, target, replace=replace)
    return plan, backup.restore_database(plan, target)


def _usernames(target: BaseDatabaseWrapper) -> set[str]:
    with target.cursor() as cursor:
        cursor.execute("SELECT username FROM accounts_user")
        return {row[0] for row in cursor.fetchall()}


def test_backup_describes_the_database_it_copied(
    made: backup.BackupResult, source: BaseDatabaseWrapper
) -> None:
    manifest = _manifest(made)
    states = backup.table_states(source)
    assert states == backup.table_states(connection)  # the source is the demo
    assert manifest["engine"] == connection.vendor
    assert manifest["format"] == backup.MANIFEST_FORMAT
    assert manifest["file"]["bytes"] == made.size == made.path.stat().st_size > 0
    assert manifest["file"]["sha256"] == backup.file_sha256(made.path)
    assert manifest["migrations"]["programmes"].startswith("0")
    assert manifest["migrations"] == backup.applied_migrations(connection)
    assert manifest["tables"] == {
        table: {"rows": state.rows, "sha256": state.sha256} for table, state in states.items()
    }
    assert manifest["tables"]["accounts_user"]["rows"] == 7  # the demo accounts
    # Password hashes and personal data: readable by the owner only.
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert not [p.name for p in made.path.parent.iterdir() if p.name.startswith(".")]


def test_backup_command_prints_one_line(
    source: BaseDatabaseWrapper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_command, "connection", source)
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / f"nightly{SUFFIX}"), stdout=out)
    line = out.getvalue().strip()
    tables = len(json.loads((tmp_path / "nightly.json").read_text())["tables"])
    assert "\n" not in line
    assert line.startswith(f"backup written: {tmp_path / f'nightly{SUFFIX}'} (")
    assert f"B, {tables} tables, " in line


def test_default_output_is_in_var_backups_with_engine_and_utc_time(
    source: BaseDatabaseWrapper, tmp_path: Path
) -> None:
    result = backup.backup_database(source, var_dir=tmp_path)
    assert result.path.parent == tmp_path / "backups"
    assert result.path.name.startswith(f"boso-{connection.vendor}-20")
    assert result.path.name.endswith(f"Z{SUFFIX}")
    assert result.manifest_path == result.path.with_suffix(".json")


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite's backup API; this run is on PostgreSQL")
def test_sqlite_backup_is_consistent_while_another_connection_writes(
    source: BaseDatabaseWrapper, tmp_path: Path
) -> None:
    before = backup.table_states(source)["django_session"].rows
    writer = sqlite3.connect(source.settings_dict["NAME"], isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES ('k', 'd', '2030-01-01 00:00:00')"
        )
        made = backup.backup_database(source, output=tmp_path / "during.sqlite3")
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert _manifest(made)["tables"]["django_session"]["rows"] == before
    assert backup.table_states(source)["django_session"].rows == before + 1


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite's backup API; this run is on PostgreSQL")
def test_sqlite_backup_refuses_a_connection_inside_a_transaction(tmp_path: Path) -> None:
    # The test's own connection is inside the test's transaction: the backup API would
    # wait for its write lock forever.
    with pytest.raises(backup.BackupError, match="inside a transaction"):
        backup.backup_database(connection, output=tmp_path / "boso.sqlite3")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite round trip; this run is on PostgreSQL")
def test_sqlite_round_trip_into_an_empty_database(
    made: backup.BackupResult, empty_sqlite: BaseDatabaseWrapper
) -> None:
    assert backup.contents(empty_sqlite) == {}
    plan, result = _restore(made.path, empty_sqlite)
    assert plan.contents == {}
    source = backup.table_states(connection)
    assert backup.table_states(empty_sqlite) == source
    assert result.tables == len(source) > 50
    assert result.rows == sum(state.rows for state in source.values())
    assert "koordinator.drammen" in _usernames(empty_sqlite)
    assert result.line().startswith(f"restored {made.path.name} into the SQLite database ")


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite round trip; this run is on PostgreSQL")
def test_sqlite_restore_replaces_a_database_with_data_only_with_yes(
    made: backup.BackupResult, empty_sqlite: BaseDatabaseWrapper
) -> None:
    _restore(made.path, empty_sqlite)
    with empty_sqlite.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET username = 'changed' WHERE username = 'admin'")
    with pytest.raises(backup.BackupError, match=r"is not empty \(\d+ rows in \d+ of boso"):
        backup.prepare_restore(made.path, empty_sqlite, replace=False)
    assert "changed" in _usernames(empty_sqlite)
    plan, _ = _restore(made.path, empty_sqlite, replace=True)
    assert plan.contents["accounts_user"] == 7
    assert plan.replaces_line().startswith("replacing the SQLite database ")
    assert "changed" not in _usernames(empty_sqlite)
    assert backup.table_states(empty_sqlite) == backup.table_states(connection)


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite round trip; this run is on PostgreSQL")
def test_a_manifest_that_does_not_match_fails_naming_the_tables(
    made: backup.BackupResult, empty_sqlite: BaseDatabaseWrapper
) -> None:
    manifest = _manifest(made)
    manifest["tables"]["accounts_user"]["sha256"] = "0" * 64
    manifest["tables"]["municipalities_region"]["rows"] += 1
    _write_manifest(made, manifest)
    with pytest.raises(backup.ManifestMismatch) as failure:
        _restore(made.path, empty_sqlite)
    assert failure.value.tables == ["accounts_user", "municipalities_region"]
    message = str(failure.value)
    assert "accounts_user (checksum differs)" in message
    assert "municipalities_region (6 rows, the manifest says 7)" in message


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite round trip; this run is on PostgreSQL")
def test_restore_command_says_what_it_replaces_and_names_mismatching_tables(
    made: backup.BackupResult,
    empty_sqlite: BaseDatabaseWrapper,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(restore_command, "connection", empty_sqlite)
    out = io.StringIO()
    call_command("restore", str(made.path), stdout=out)
    assert out.getvalue().startswith(f"restored {made.path.name} into the SQLite database ")
    assert out.getvalue().count("\n") == 1
    with pytest.raises(CommandError, match=r"restore failed: .* give --yes to go ahead"):
        call_command("restore", str(made.path))
    out = io.StringIO()
    call_command("restore", str(made.path), "--yes", stdout=out)
    replacing, restored = out.getvalue().splitlines()
    assert replacing.startswith("replacing the SQLite database ")
    assert "rows in " in replacing
    assert restored.startswith("restored ")

    manifest = _manifest(made)
    manifest["tables"]["programmes_participation"]["sha256"] = "0" * 64
    _write_manifest(made, manifest)
    with pytest.raises(CommandError, match=r"in 1 table\(s\): programmes_participation \("):
        call_command("restore", str(made.path), "--yes", stdout=io.StringIO())


def test_empty_means_no_rows_in_boso_or_auth_tables(tmp_path: Path) -> None:
    tables = backup.boso_tables()
    assert {"accounts_user", "auth_group", "programmes_participation"} <= tables
    # What `migrate` writes by itself does not count; neither do sessions or login attempts.
    assert not {"auth_permission", "selection_tier", "django_session"} & tables
    assert "django_migrations" not in tables
    found = backup.contents(connection)
    assert found["accounts_user"] == 7
    assert set(found) <= tables


def test_restore_command_keeps_a_database_with_data(made: backup.BackupResult) -> None:
    before = backup.table_states(connection)
    with pytest.raises(CommandError, match=r"is not empty .* give --yes to go ahead"):
        call_command("restore", str(made.path))
    assert backup.table_states(connection) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("no file", "no such backup file: "),
        ("no manifest", "the manifest boso.json is missing beside boso"),
        ("manifest not JSON", "cannot read the manifest boso.json: "),
        ("manifest of something else", "boso.json is not a boso backup manifest"),
        ("file changed", "is not the file its manifest describes"),
        ("not a backup", "is neither an SQLite database nor a pg_dump custom-format archive"),
    ],
)
def test_restore_fails_loudly_before_changing_anything(
    made: backup.BackupResult, change: str, message: str
) -> None:
    if change == "no file":
        made.path.unlink()
    elif change == "no manifest":
        made.manifest_path.unlink()
    elif change == "manifest not JSON":
        made.manifest_path.write_text("{", encoding="utf-8")
    elif change == "manifest of something else":
        made.manifest_path.write_text('{"tables": []}', encoding="utf-8")
    elif change == "file changed":
        with made.path.open("ab") as handle:
            handle.write(b"\0")
    else:
        made.path.write_bytes(b"PK\x03\x04 a zip file")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(made.path), "--yes")
    assert backup.contents(connection)["accounts_user"] == 7


def test_restore_refuses_a_backup_of_the_other_engine(tmp_path: Path) -> None:
    other = "sqlite" if ON_POSTGRESQL else "postgresql"
    path = tmp_path / f"boso{backup.SUFFIXES[other]}"
    path.write_bytes(next(magic for magic, e in backup.MAGIC.items() if e == other) + b"rest")
    expected = (
        "is an SQLite backup, but the configured database is a PostgreSQL database; "
        "restore it into an SQLite one"
        if other == "sqlite"
        else "is a PostgreSQL backup, but the configured database is an SQLite database; "
        "restore it into a PostgreSQL one"
    )
    with pytest.raises(CommandError, match=expected):
        call_command("restore", str(path), "--yes")


def _postgres(name: str) -> PostgresWrapper:
    """A PostgreSQL connection that is configured but never opened."""
    db = ConnectionHandler({"default": {"ENGINE": "django.db.backends.postgresql"}})
    settings_dict = {**db.settings["default"], "NAME": name, "PASSWORD": "secret"}
    return PostgresWrapper(settings_dict, alias="boso_backup_unused")


def test_missing_postgresql_client_programs_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    target = _postgres("boso")
    with pytest.raises(backup.BackupError, match="pg_dump is not on the PATH: install the"):
        backup.backup_database(target, output=tmp_path / "boso.dump")
    dump = tmp_path / "boso.dump"
    dump.write_bytes(b"PGDMP archive")
    manifest = {"format": backup.MANIFEST_FORMAT, "engine": "postgresql", "tables": {}}
    manifest["file"] = {"bytes": dump.stat().st_size, "sha256": backup.file_sha256(dump)}
    (tmp_path / "boso.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(backup.BackupError, match="pg_restore is not on the PATH"):
        backup.prepare_restore(dump, target, replace=False)


def test_the_password_goes_to_pg_tools_in_the_environment() -> None:
    env = backup.pg_environment(
        {"NAME": "boso", "USER": "boso", "PASSWORD": "secret", "HOST": "db", "PORT": 5433}
    )
    assert (env["PGDATABASE"], env["PGUSER"], env["PGHOST"], env["PGPORT"]) == (
        "boso",
        "boso",
        "db",
        "5433",
    )
    assert env["PGPASSWORD"] == "secret"
    assert "secret" not in backup.describe(_postgres("boso"))


@pytest.fixture
def fresh_postgres() -> Iterator[BaseDatabaseWrapper]:
    """A new, empty database on the test server, dropped afterwards."""
    name = f"boso_backup_test_{uuid.uuid4().hex[:12]}"
    admin = backup.new_connection(connection, alias="boso_backup_admin")
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    target = backup.new_connection(connection, alias="boso_backup_target", NAME=name)
    try:
        yield target
    finally:
        target.close()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the pg_dump round trip; this run is on SQLite")
def test_postgresql_round_trip_into_a_fresh_database(
    fresh_postgres: BaseDatabaseWrapper, tmp_path: Path
) -> None:
    # No skip for a missing pg_dump: CI installs postgresql-client, and without it the
    # backup fails naming the program.
    made = backup.backup_database(connection, output=tmp_path / "boso.dump")
    assert made.path.read_bytes().startswith(b"PGDMP")
    plan, result = _restore(made.path, fresh_postgres)
    assert plan.contents == {}
    source = backup.table_states(connection)
    assert backup.table_states(fresh_postgres) == source
    assert result.tables == len(source) > 50
    assert "koordinator.drammen" in _usernames(fresh_postgres)

    # Data in the target: kept without --yes, replaced (pg_restore --clean) with it.
    with fresh_postgres.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET username = 'changed' WHERE username = 'admin'")
    with pytest.raises(backup.BackupError, match="is not empty"):
        backup.prepare_restore(made.path, fresh_postgres, replace=False)
    plan, _ = _restore(made.path, fresh_postgres, replace=True)
    assert plan.contents["accounts_user"] == 7
    assert "changed" not in _usernames(fresh_postgres)

    manifest = _manifest(made)
    manifest["tables"]["accounts_user"]["sha256"] = "0" * 64
    _write_manifest(made, manifest)
    with pytest.raises(backup.ManifestMismatch, match=r"accounts_user \(checksum differs\)"):
        _restore(made.path, fresh_postgres, replace=True)
