"""Import edXML packages (files) addressed to an agency: edxml_import AGENCY_CODE FILE [FILE …].

Each package becomes an unregistered electronic incoming document with status 01 for its sender;
a refused package is kept with status 02 and reported. `--statuses` then emits the pending status
messages (03/04/06) of every imported document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.documents.services import exchange_import, exchange_statuses_pending
from egov.org.models import Agency


class Command(BaseCommand):
    help = "Import edXML packages for an agency: edxml_import AGENCY_CODE FILE [FILE ...] [--statuses]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agency_code")
        parser.add_argument("files", nargs="*")
        parser.add_argument("--statuses", action="store_true", help="Also emit pending status messages.")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(agency_code=options["agency_code"], valid_to__isnull=True).first()
        if agency is None:
            raise CommandError(f"No current agency with code {options['agency_code']}.")
        failed = 0
        for name in options["files"]:
            try:
                document = exchange_import(agency=agency, package=Path(name).read_bytes())
            except (ValidationError, OSError) as exc:
                failed += 1
                message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.stderr.write(f"{name}: {message}")
            else:
                self.stdout.write(f"{name}: {document.number_symbol} – {document.abstract[:80]}")
        if options["statuses"]:
            self.stdout.write(f"Status messages: {exchange_statuses_pending()}")
        if failed:
            raise CommandError(f"{failed} package(s) refused.")
