from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from boso.accounts import services
from boso.accounts.models import User


class Command(BaseCommand):
    help = (
        "Create a personal API token for a user and print it on the last line. "
        "The token is shown only once; only its hash is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the user the token acts for")
        parser.add_argument(
            "--name", default="Kommandolinje", help="what the token is for (default: %(default)s)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        try:
            token, raw = services.api_token_create(user=user, name=options["name"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(f"token {token.prefix}… created for {user.username} ({user.role_label})")
        self.stdout.write(raw)
