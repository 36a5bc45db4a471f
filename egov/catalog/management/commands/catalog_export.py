from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from egov.catalog.exchange import catalog_export_json
from egov.catalog.xlsx import catalog_export_xlsx


class Command(BaseCommand):
    help = "Export the procedure catalogue as JSON or Excel (.xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        if options["format"] == "xlsx":
            path.write_bytes(catalog_export_xlsx())
        else:
            path.write_text(catalog_export_json(), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"catalog_export: wrote {path}"))
