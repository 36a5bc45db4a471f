"""Load the demo data (demo mode only). Idempotent: run it as often as you like."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from egov.core.demo_steps import DEMO_STEPS
from egov.org.demo import DemoError, demo_logins_text, demo_seed


class Command(BaseCommand):
    help = "Load demo data: units, one province's agencies, one user per role, procedures and processes."

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
        for path in DEMO_STEPS:
            created = import_string(path)()
            self.stdout.write(f"  {path.rsplit('.', 1)[-1]}: {created} mục mới")
        self.stdout.write(demo_logins_text())
