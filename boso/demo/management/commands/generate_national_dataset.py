from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from boso.demo import national


def _scale(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Generate a national deployment for benchmarks into the configured, freshly "
        "migrated and empty database (refused when it already holds programmes, plans or "
        "figures): today's 357 municipalities with their history and Husbanken's six "
        "regions from the shared files; round(100·S) indicators × 25 years of figures for "
        "every municipality; round(100·S) programme municipalities, each with an approved "
        "application, a signed agreement, grants and payments, an approved plan and ten "
        "approved reports; a published ranking and synthesis per region. Deterministic: "
        "the same scale and seed give the same data. Prints one line per step (rows, "
        "seconds), the password, and last 'bench targets: ' with JSON naming the objects "
        "a benchmark opens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=_scale,
            required=True,
            help="a positive number multiplying programme municipalities and indicators "
            "(1: 100 of each, 892,500 figures; 0.03: 3 of each)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=national.DEFAULT_SEED,
            help=f"seed of the random figures and choices (default {national.DEFAULT_SEED})",
        )
        parser.add_argument(
            "--password",
            default=national.DEFAULT_PASSWORD,
            help="password of every generated account (default: a fixed benchmark password, "
            "printed; use this dataset for benchmarks only)",
        )
        parser.add_argument(
            "--shared-dir",
            type=Path,
            default=None,
            help="the shared folder with the KLASS files (default: $BOSO_SHARED_DIR, else "
            "../shared beside the repository)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            targets = national.generate(
                scale=options["scale"],
                seed=options["seed"],
                password=options["password"],
                shared_dir=options["shared_dir"] or settings.SHARED_DIR,
                stdout=self.stdout,
            )
        except national.NotEmpty as exc:
            raise CommandError(f"refused: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot generate the dataset: {exc}") from exc
        self.stdout.write(f"password: {options['password']}")
        self.stdout.write("bench targets: " + json.dumps(targets.as_json(), ensure_ascii=False))
