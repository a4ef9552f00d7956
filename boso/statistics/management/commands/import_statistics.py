from __future__ import annotations

import datetime
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boso.statistics.importers import parse_source, read_source
from boso.statistics.importers.base import ImportFormatError
from boso.statistics.models import ImportProfile
from boso.statistics.services import (
    STALE_AFTER,
    ImportFailed,
    import_runs_abandon_stale,
    statistics_import,
)


class Command(BaseCommand):
    help = (
        "Import statistics from a file or a PxWebApi v2 URL: JSON-stat 2.0, PxWeb CSV or the "
        "spreadsheet template, detected from the content. All or nothing: on any problem "
        "nothing is written and the command exits non-zero naming the cell, row or code. "
        "Ends with one line: created / updated / unchanged / skipped. "
        "With --abandon-stale, imports nothing: marks failed the runs left running by a "
        "killed worker or command."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", help="a file path or an http(s) URL")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but write nothing"
        )
        parser.add_argument(
            "--profile",
            default=None,
            help="an import profile's name: maps the table's variables to catalogue "
            "indicators and names its dimensions (default: each variable becomes "
            "indicator <tableid>.<ContentsCode>)",
        )
        parser.add_argument(
            "--abandon-stale",
            action="store_true",
            help="import nothing; mark failed the runs still running with no sign of life "
            "for --older-than minutes (their process was killed, nothing was written)",
        )
        parser.add_argument(
            "--older-than",
            type=int,
            default=int(STALE_AFTER.total_seconds() // 60),
            metavar="MINUTES",
            help="with --abandon-stale: minutes without a sign of life (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["abandon_stale"]:
            self._abandon_stale(options["older_than"])
            return
        if not options["source"]:
            raise CommandError("give a file path or a URL to import (or --abandon-stale)")
        profile = None
        if options["profile"]:
            profile = ImportProfile.objects.filter(name=options["profile"]).first()
            if profile is None:
                raise CommandError(f"no import profile named {options['profile']!r}")
        try:
            table = parse_source(
                read_source(options["source"]),
                geo_dimension=profile.geo_dimension if profile else "",
                name=options["source"],
                table_id=profile.table_id if profile else "",
            )
            result = statistics_import(
                table=table,
                source=options["source"],
                profile=profile,
                dry_run=options["dry_run"],
                progress=self._progress if sys.stderr.isatty() else None,
            )
        except ImportFailed as exc:
            raise CommandError(
                "import refused, nothing written:\n  " + "\n  ".join(exc.problems)
            ) from exc
        except ImportFormatError as exc:
            raise CommandError(f"import refused, nothing written: {exc}") from exc
        self.stdout.write(result.line())

    def _abandon_stale(self, minutes: int) -> None:
        if minutes < 1:
            raise CommandError("--older-than must be at least 1 minute")
        ids = import_runs_abandon_stale(older_than=datetime.timedelta(minutes=minutes))
        self.stdout.write(
            f"marked {len(ids)} stale run(s) failed"
            + (f": {', '.join(map(str, ids))}" if ids else "")
        )

    def _progress(self, done: int, total: int) -> None:
        width = 40
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} cells")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
