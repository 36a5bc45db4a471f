from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.catalog.exchange import CatalogImportError, ImportResult, catalog_import, catalog_import_json
from egov.catalog.xlsx import workbook_document


class Command(BaseCommand):
    help = "Import a catalogue file (.json or .xlsx): all or nothing, idempotent by code and version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: file not found")
        try:
            result: ImportResult
            if path.suffix.lower() == ".xlsx":
                result = catalog_import(document=workbook_document(path.read_bytes()))
            else:
                result = catalog_import_json(text=path.read_text(encoding="utf-8"))
        except CatalogImportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"catalog_import: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged (published)."
            )
        )
