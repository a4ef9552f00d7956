from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from boso.demo import services
from boso.municipalities.importers.klass import KlassFormatError
from boso.statistics.services import ImportFailed


class Command(BaseCommand):
    help = (
        "Load the demo built from the seeds: the municipality register, Husbanken's "
        "regions, the demo accounts, statistics (the seeds' figures and SSB's sample "
        "tables), kommunepyramiden, the development programmes and their plans. Safe to "
        "re-run. Prints the accounts and, last, the line 'demo password: <password>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--shared-dir",
            type=Path,
            default=None,
            help="the shared folder with data/ and seeds/ "
            "(default: $BOSO_SHARED_DIR, else ../shared beside the repository)",
        )
        parser.add_argument(
            "--password",
            default=None,
            help="password for every demo account (default: $DEMO_PASSWORD, else one "
            "generated once and kept in var/demo-password)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        shared_dir: Path = options["shared_dir"] or settings.SHARED_DIR
        password = services.demo_password(
            var_dir=settings.VAR_DIR, given=options["password"] or os.environ.get("DEMO_PASSWORD")
        )
        try:
            summary = services.demo_load(shared_dir=shared_dir, password=password)
        except (KlassFormatError, ImportFailed, OSError, ValueError, KeyError) as exc:
            raise CommandError(f"cannot load the demo: {exc}") from exc
        self.stdout.write(f"municipality register: {summary.register.line()}")
        self.stdout.write(f"regions: {summary.regions}")
        self.stdout.write(f"indicator catalogue: {summary.indicators}")
        self.stdout.write(f"statistics: {summary.statistics.line()}")
        self.stdout.write(f"selection: {summary.selection.line()}")
        self.stdout.write(f"programmes: {summary.programmes.line()}")
        self.stdout.write(f"plans: {summary.plans.line()}")
        for line in summary.statistics.imported:
            self.stdout.write(f"  {line}")
        self.stdout.write("demo accounts:")
        for account in summary.accounts:
            scope = account.region or account.municipality or "hele landet"
            self.stdout.write(f"  {account.username:<24} {account.role.label} ({scope})")
        self.stdout.write(f"demo password: {password}")
