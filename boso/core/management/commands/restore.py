from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import Error as DatabaseError
from django.db import connection

from boso.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'backup' into the configured database, then check every "
        "table against the backup's manifest (row count and checksum). Refuses a database "
        "that holds data unless --yes is given. Exits non-zero naming the tables that "
        "differ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file (.sqlite3 or .dump)")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace the data of a database that is not empty",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = backup.prepare_restore(options["path"], connection, replace=options["yes"])
            if plan.contents:
                self.stdout.write(plan.replaces_line())
            result = backup.restore_database(plan, connection)
        except (backup.BackupError, DatabaseError, OSError) as exc:
            raise CommandError(f"restore failed: {exc}") from exc
        if result.extra_tables:
            self.stderr.write(
                "tables the backup does not have were left as they were: "
                + ", ".join(result.extra_tables)
            )
        self.stdout.write(result.line())
