"""`manage.py documents_reindex [--kind incoming|outgoing] [--no-extract] [--pending N]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from egov.documents.models import DocumentKind
from egov.documents.search import documents_reindex, documents_text_pending


class Command(BaseCommand):
    help = "Rebuild the document search index (text extracted from the files and the metadata)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=DocumentKind.values, default=None)
        parser.add_argument(
            "--no-extract", action="store_true", help="Refresh the metadata only; keep the extracted text."
        )
        parser.add_argument(
            "--pending", type=int, default=0, help="Only index up to N documents that have no index row."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["pending"]:
            count = documents_text_pending(limit=options["pending"])
        else:
            count = documents_reindex(kind=options["kind"], extract=not options["no_extract"])
        self.stdout.write(f"{count} documents indexed")
