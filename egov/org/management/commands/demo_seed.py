"""Load the demo data (demo mode only). Idempotent: run it as often as you like."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.org.demo import DemoError, demo_logins_text, demo_seed


class Command(BaseCommand):
    help = "Load demo data: administrative units, one province's agencies, one demo user per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            type=int,
            default=None,
            help="2025 province code (default: settings.EGOV_DEFAULT_PROVINCE_CODE; Tây Ninh is 80)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_seed(province_code=options["province"])
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        state = f"{len(result.created)} mục mới" if result.changed else "không có gì thay đổi"
        self.stdout.write(f"Dữ liệu mẫu: {result.province.name} (mã {result.province.code}); {state}.")
        self.stdout.write(demo_logins_text())
