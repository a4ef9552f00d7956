"""Backups of boso's database and their restore, checked against a manifest.

SQLite is copied with SQLite's online backup API (consistent while the server writes);
PostgreSQL is dumped with pg_dump's custom format from an exported snapshot, so the
manifest's row counts and checksums describe exactly what the dump holds. A restore
is verified against the manifest table by table. Connection parameters reach pg_dump
and pg_restore through PG* environment variables, never the command line, where any
user could read the password with `ps`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.db.utils import ConnectionHandler, load_backend

MANIFEST_FORMAT = "boso-backup/1"
SQLITE_ENGINE = "django.db.backends.sqlite3"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}
ENGINE_NAMES = {"sqlite": "an SQLite", "postgresql": "a PostgreSQL"}
MAGIC = {b"SQLite format 3\x00": "sqlite", b"PGDMP": "postgresql"}
# Rows that `migrate` writes by itself (permissions, selection 0002's default tiers):
# a freshly migrated database has them and still counts as empty.
FILLED_BY_MIGRATE = ("auth.Permission", "selection.Tier")
# libpq's environment variables for the keys of DATABASES and of its OPTIONS.
PG_ENV = {
    "NAME": "PGDATABASE",
    "HOST": "PGHOST",
    "PORT": "PGPORT",
    "USER": "PGUSER",
    "PASSWORD": "PGPASSWORD",
}
PG_OPTION_ENV = {
    key: f"PG{key.upper()}"
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "passfile", "service")
}
PG_TEXT_TYPES = ("text", "character varying", "character")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


class ManifestMismatch(BackupError):
    def __init__(self, target: str, problems: dict[str, str]) -> None:
        self.tables = sorted(problems)
        details = ", ".join(f"{table} ({problems[table]})" for table in self.tables)
        super().__init__(
            f"the restored database {target} does not match the backup's manifest in "
            f"{len(problems)} table(s): {details}"
        )


@dataclass(frozen=True)
class TableState:
    rows: int
    sha256: str


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest_path: Path
    size: int
    tables: int
    rows: int
    seconds: float

    def line(self) -> str:
        return (
            f"backup written: {self.path} ({file_size(self.size)}, {self.tables} tables, "
            f"{self.rows} rows, {self.seconds:.1f} s); manifest {self.manifest_path.name}"
        )


@dataclass(frozen=True)
class RestorePlan:
    """A checked backup and the target's current contents, before anything is changed."""

    path: Path
    engine: str
    manifest: dict[str, Any]
    target: str
    contents: dict[str, int]

    def replaces_line(self) -> str:
        """What a restore with --yes throws away."""
        biggest = sorted(self.contents.items(), key=lambda item: (-item[1], item[0]))[:3]
        named = ", ".join(f"{table}: {rows}" for table, rows in biggest)
        return (
            f"replacing {self.target}: {sum(self.contents.values())} rows in "
            f"{len(self.contents)} of boso's tables ({named}, …)"
        )


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    target: str
    tables: int
    rows: int
    seconds: float
    extra_tables: list[str]

    def line(self) -> str:
        return (
            f"restored {self.path.name} into {self.target}: {self.tables} tables, "
            f"{self.rows} rows, row counts and checksums match the manifest "
            f"({self.seconds:.1f} s)"
        )


def file_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in SUFFIXES:
        raise BackupError(f"cannot back up a {connection.vendor} database")
    return connection.vendor


def describe(connection: BaseDatabaseWrapper) -> str:
    """The target as an operator knows it; never the password."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"the SQLite database {db['NAME']}"
    where = f" on {db['HOST']}:{db.get('PORT') or 5432}" if db.get("HOST") else ""
    return f"the PostgreSQL database {db['NAME']!r}{where}"


def default_output(var_dir: Path, engine: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return var_dir / "backups" / f"boso-{engine}-{stamp}{SUFFIXES[engine]}"


def manifest_path(path: Path) -> Path:
    return path.with_suffix(".json")


# --- reading a database ------------------------------------------------------------


def table_states(connection: BaseDatabaseWrapper) -> dict[str, TableState]:
    """Row count and a checksum per table: sha256 over the rows in primary-key order,
    each row as one line of JSON. Equal for equal data read through the same engine."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        orders = {table: _order_by(connection, cursor, table) for table in tables}
    return {table: _table_state(connection, table, orders[table]) for table in tables}


def _order_by(connection: BaseDatabaseWrapper, cursor: Any, table: str) -> str:
    columns = connection.introspection.get_primary_key_columns(cursor, table) or []
    if not columns:  # no primary key: every column, by position
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
    text: set[str] = set()
    if connection.vendor == "postgresql":
        # Text sorts by the server's collation; "C" keeps the order the same on every server.
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s AND data_type = ANY(%s)",
            [table, list(PG_TEXT_TYPES)],
        )
        text = {row[0] for row in cursor.fetchall()}
    quote = connection.ops.quote_name
    return ", ".join(quote(c) + (' COLLATE "C"' if c in text else "") for c in columns)


def _table_state(connection: BaseDatabaseWrapper, table: str, order: str) -> TableState:
    digest = hashlib.sha256()
    rows = 0
    sql = f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {order}"  # noqa: S608
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while batch := cursor.fetchmany(2000):
            for row in batch:
                digest.update(_row_text(row))
            rows += len(batch)
    return TableState(rows=rows, sha256=digest.hexdigest())


def _row_text(row: tuple[Any, ...]) -> bytes:
    line = json.dumps(
        list(row), default=_value_text, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return line.encode() + b"\n"


def _value_text(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)  # Decimal, UUID, timedelta


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration of each app (the last one recorded)."""
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return dict(sorted(dict(cursor.fetchall()).items()))


def boso_tables() -> set[str]:
    """The tables whose rows make a database non-empty: boso's own apps (accounts
    included) and Django's auth, except the rows `migrate` writes itself."""
    skip = {apps.get_model(label)._meta.db_table for label in FILLED_BY_MIGRATE}
    return {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if (model._meta.app_config.name.startswith("boso.") or model._meta.app_label == "auth")
        and model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table not in skip
    }


def contents(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Row count of each of boso's tables that has rows; empty means an empty database."""
    found: dict[str, int] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(boso_tables() & set(connection.introspection.table_names(cursor))):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            if count := cursor.fetchone()[0]:
                found[table] = count
    return found


# --- backup --------------------------------------------------------------------------


def backup_database(
    connection: BaseDatabaseWrapper, *, output: Path | None = None, var_dir: Path | None = None
) -> BackupResult:
    """Write a consistent copy of the database and its manifest beside it. Both are
    written to temporary files and renamed into place, the manifest last."""
    started = time.monotonic()
    engine = engine_of(connection)
    if connection.vendor == "postgresql":
        pg_binary("pg_dump")  # before anything is written
    now = datetime.now(UTC)
    path = output or default_output(var_dir or Path(settings.VAR_DIR), engine, now)
    if path.suffix == ".json":
        raise BackupError(f"{path}: .json is the manifest's name; choose another file name")
    # The copy holds password hashes and personal data: only the owner may read it.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        if engine == "sqlite":
            states, migrations = _sqlite_backup(connection, Path(temporary))
        else:
            states, migrations = _pg_backup(connection, Path(temporary))
        manifest = {
            "format": MANIFEST_FORMAT,
            "engine": engine,
            "created": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "boso": boso_version(),
            "server": _server(connection),
            "file": _file_entry(Path(temporary), path.name),
            "migrations": migrations,
            "tables": {t: {"rows": s.rows, "sha256": s.sha256} for t, s in states.items()},
        }
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    _write_json(manifest_path(path), manifest)
    return BackupResult(
        path=path,
        manifest_path=manifest_path(path),
        size=path.stat().st_size,
        tables=len(states),
        rows=sum(state.rows for state in states.values()),
        seconds=time.monotonic() - started,
    )


def _sqlite_backup(
    connection: BaseDatabaseWrapper, target: Path
) -> tuple[dict[str, TableState], dict[str, str]]:
    connection.ensure_connection()
    _outside_transaction(connection, "back up")
    destination = sqlite3.connect(target)
    try:
        # One step (pages=-1) copies every page under one read lock: a consistent
        # snapshot even while the server writes (WAL lets it go on meanwhile).
        connection.connection.backup(destination)
        # A self-contained file: no -wal/-shm beside the copy.
        destination.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise BackupError(f"cannot copy the database: {exc}") from exc
    finally:
        destination.close()
    # Count and checksum the copy itself, so the manifest describes what was written.
    with sqlite_connection(target) as copy:
        return table_states(copy), applied_migrations(copy)


def _pg_backup(
    connection: BaseDatabaseWrapper, target: Path
) -> tuple[dict[str, TableState], dict[str, str]]:
    # A connection of our own: the snapshot transaction must not mix with the caller's.
    snapshot = new_connection(connection, alias="boso_backup")
    try:
        snapshot.set_autocommit(False)
        with snapshot.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
        # pg_dump reads the very snapshot the manifest is computed from.
        _run(
            "pg_dump",
            ["--format=custom", "--no-password", f"--snapshot={snapshot_id}", f"--file={target}"],
            snapshot.settings_dict,
        )
        return table_states(snapshot), applied_migrations(snapshot)
    finally:
        with contextlib.suppress(Exception):
            snapshot.rollback()
        snapshot.close()


def _file_entry(data: Path, name: str) -> dict[str, Any]:
    return {"name": name, "bytes": data.stat().st_size, "sha256": file_sha256(data)}


def _server(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    version = getattr(connection, "pg_version", 0)
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def boso_version() -> dict[str, str]:
    """The version in pyproject.toml and the git commit, where there is a checkout."""
    base = Path(settings.BASE_DIR)
    found = {"version": "", "commit": ""}
    with contextlib.suppress(OSError, tomllib.TOMLDecodeError, KeyError):
        project = tomllib.loads((base / "pyproject.toml").read_text())["project"]
        found["version"] = str(project["version"])
    git = shutil.which("git")
    if git and (base / ".git").exists():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(  # noqa: S603 (fixed arguments)
                [git, "rev-parse", "HEAD"], cwd=base, capture_output=True, text=True, timeout=5
            )
            found["commit"] = done.stdout.strip() if done.returncode == 0 else ""
    return found


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _write_json(path: Path, data: dict[str, Any]) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
    os.replace(temporary, path)


# --- restore -------------------------------------------------------------------------


def prepare_restore(path: Path, connection: BaseDatabaseWrapper, *, replace: bool) -> RestorePlan:
    """Check the backup, its manifest and the target before anything is changed."""
    if not path.is_file():
        raise BackupError(f"no such backup file: {path}")
    target_engine = engine_of(connection)
    engine = backup_engine(path)
    if engine != target_engine:
        raise BackupError(
            f"{path.name} is {ENGINE_NAMES[engine]} backup, but the configured database is "
            f"{ENGINE_NAMES[target_engine]} database; restore it into {ENGINE_NAMES[engine]} one"
        )
    manifest = read_manifest(path, engine)
    if engine == "postgresql":
        pg_binary("pg_restore")
    file = manifest["file"]
    if path.stat().st_size != file["bytes"] or file_sha256(path) != file["sha256"]:
        raise BackupError(
            f"{path.name} is not the file its manifest describes (size or sha256 differ): "
            "it was changed or cut short after the backup"
        )
    found = contents(connection)
    if found and not replace:
        raise BackupError(
            f"{describe(connection)} is not empty ({sum(found.values())} rows in {len(found)} "
            "of boso's tables); a restore replaces everything in it: give --yes to go ahead"
        )
    return RestorePlan(path, engine, manifest, describe(connection), found)


def backup_engine(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(16)
    for magic, engine in MAGIC.items():
        if head.startswith(magic):
            return engine
    raise BackupError(
        f"{path.name} is neither an SQLite database nor a pg_dump custom-format archive"
    )


def read_manifest(path: Path, engine: str) -> dict[str, Any]:
    source = manifest_path(path)
    try:
        manifest = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"the manifest {source.name} is missing beside {path.name}") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"cannot read the manifest {source.name}: {exc}") from exc
    if not _well_formed(manifest):
        raise BackupError(f"{source.name} is not a boso backup manifest")
    if manifest["engine"] != engine:
        raise BackupError(f"{source.name} describes a {manifest['engine']} backup, not {engine}")
    return dict(manifest)


def _well_formed(manifest: Any) -> bool:
    try:
        return bool(
            manifest["format"] == MANIFEST_FORMAT
            and {"bytes", "sha256"} <= set(manifest["file"])
            and all({"rows", "sha256"} <= set(t) for t in manifest["tables"].values())
        )
    except (KeyError, TypeError, AttributeError):
        return False


def restore_database(plan: RestorePlan, connection: BaseDatabaseWrapper) -> RestoreResult:
    """Replace the target's contents with the backup, then compare every table with
    the manifest; a difference raises ManifestMismatch naming the tables."""
    started = time.monotonic()
    if plan.engine == "sqlite":
        _sqlite_restore(plan.path, connection)
    else:
        connection.close()  # hold no lock that pg_restore's DROPs would wait for
        _run(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",  # all or nothing
                "--no-password",
                f"--dbname={connection.settings_dict['NAME']}",
                str(plan.path),
            ],
            connection.settings_dict,
            failed="; nothing was changed",
        )
    states = table_states(connection)
    expected: dict[str, dict[str, Any]] = plan.manifest["tables"]
    problems = compare(expected, states)
    if problems:
        raise ManifestMismatch(plan.target, problems)
    return RestoreResult(
        path=plan.path,
        target=plan.target,
        tables=len(expected),
        rows=sum(int(t["rows"]) for t in expected.values()),
        seconds=time.monotonic() - started,
        extra_tables=sorted(set(states) - set(expected)),
    )


def compare(
    expected: Mapping[str, Mapping[str, Any]], states: Mapping[str, TableState]
) -> dict[str, str]:
    """Table → what differs between the manifest and the database."""
    problems: dict[str, str] = {}
    for table, want in sorted(expected.items()):
        state = states.get(table)
        if state is None:
            problems[table] = "missing"
        elif state.rows != want["rows"]:
            problems[table] = f"{state.rows} rows, the manifest says {want['rows']}"
        elif state.sha256 != want["sha256"]:
            problems[table] = "checksum differs"
    return problems


def _sqlite_restore(path: Path, connection: BaseDatabaseWrapper) -> None:
    connection.ensure_connection()
    _outside_transaction(connection, "restore")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        # Page by page over the whole file: the target ends up exactly the backup.
        source.backup(connection.connection)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot restore {path.name}: {exc}") from exc
    finally:
        source.close()


# --- helpers -------------------------------------------------------------------------


def new_connection(
    connection: BaseDatabaseWrapper, *, alias: str, **changes: Any
) -> BaseDatabaseWrapper:
    """A connection of its own to the same database (or, with NAME=…, another one on the
    same server), outside the caller's transactions. `connection` may be Django's proxy."""
    backend = load_backend(connection.settings_dict["ENGINE"])
    wrapper: BaseDatabaseWrapper = backend.DatabaseWrapper(
        {**connection.settings_dict, **changes}, alias=alias
    )
    return wrapper


@contextlib.contextmanager
def sqlite_connection(path: Path) -> Iterator[BaseDatabaseWrapper]:
    """A Django connection to an SQLite file, read through the same converters as the
    server's, so the checksums of a copy and of its restore agree."""
    # The handler fills in the settings Django's defaults would (it insists on "default").
    handler = ConnectionHandler({"default": {"ENGINE": SQLITE_ENGINE, "NAME": str(path)}})
    connection = SQLiteWrapper(handler.settings["default"], alias="boso_backup")
    try:
        yield connection
    finally:
        connection.close()


def _outside_transaction(connection: BaseDatabaseWrapper, action: str) -> None:
    # The backup API cannot read or write through a connection that holds a write
    # transaction, and Python's sqlite3 would wait for it forever.
    if connection.in_atomic_block or not connection.get_autocommit():
        raise BackupError(f"cannot {action} through a connection inside a transaction")


def pg_binary(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not on the PATH: install the PostgreSQL client programs "
            "(Debian: apt-get install postgresql-client), of the server's major version or newer"
        )
    return found


def pg_environment(db: Mapping[str, Any]) -> dict[str, str]:
    """The connection for libpq's programs, in environment variables that `ps` does not
    show (unlike arguments)."""
    env = dict(os.environ)
    env |= {variable: str(db[key]) for key, variable in PG_ENV.items() if db.get(key)}
    options = db.get("OPTIONS") or {}
    env |= {var: str(options[key]) for key, var in PG_OPTION_ENV.items() if options.get(key)}
    return env


def _run(program: str, arguments: list[str], db: Mapping[str, Any], failed: str = "") -> None:
    done = subprocess.run(  # noqa: S603 (the program from the PATH, our own arguments)
        [pg_binary(program), *arguments],
        env=pg_environment(db),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-5:]
        raise BackupError(
            f"{program} failed (exit status {done.returncode}){failed}: " + " / ".join(detail)
        )
