from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from boso.municipalities import services
from boso.municipalities.importers.klass import KlassFormatError

DEFAULT_DIR = Path("data") / "kommuner" / "klass131_api_json"


class Command(BaseCommand):
    help = (
        "Load the municipality register: the county list and SSB KLASS 131 "
        "(all versions, municipality lists and the change table). Safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            help="folder with klass131_classification.json, kommuneinndeling_*.json and "
            "klass131_changes_*.json (default: data/kommuner/klass131_api_json in the shared "
            "folder: $BOSO_SHARED_DIR, else ../shared beside the repository)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"] or settings.SHARED_DIR / DEFAULT_DIR
        try:
            counties = services.county_load_defaults()
            summary = services.register_load_klass(directory=directory)
        except (KlassFormatError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"counties: {counties}")
        self.stdout.write(summary.line())
