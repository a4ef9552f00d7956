from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import Error as DatabaseError
from django.db import connection

from boso.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database while boso runs: SQLite with its online backup API, "
        "PostgreSQL with pg_dump (custom format). Writes a manifest (.json) beside the copy "
        "with the migration state and a row count and checksum per table, and ends with "
        "one line: the file, its size and the number of tables."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            metavar="PATH",
            help="where to write the backup; the manifest gets the same name ending in .json "
            "(default: var/backups/boso-<engine>-<UTC time>.sqlite3 or .dump, inside "
            "$BOSO_VAR_DIR)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup.backup_database(
                connection, output=options["output"], var_dir=settings.VAR_DIR
            )
        except (backup.BackupError, DatabaseError, OSError) as exc:
            raise CommandError(f"backup failed: {exc}") from exc
        self.stdout.write(result.line())
