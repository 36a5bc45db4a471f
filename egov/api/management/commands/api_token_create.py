"""`manage.py api_token_create USERNAME [--rotate]`: print a staff member's API token (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.api.auth import api_token_create


class Command(BaseCommand):
    help = "Create (or show, or rotate) the API token of an active staff user and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Replace the existing token.")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        user = user_model._default_manager.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        try:
            token = api_token_create(user=user, rotate=options["rotate"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(token.key)
