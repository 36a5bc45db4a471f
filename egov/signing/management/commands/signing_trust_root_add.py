"""Add a trusted root certificate (PEM file) used by signature validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from egov.signing.services import trust_root_add


class Command(BaseCommand):
    help = "Trust a root certificate for PDF signature validation: signing_trust_root_add NAME FILE.pem"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("pem_file")

    def handle(self, *args: Any, **options: Any) -> None:
        pem = Path(options["pem_file"]).read_text(encoding="ascii")
        root = trust_root_add(actor=None, name=options["name"], certificate_pem=pem)
        self.stdout.write(f"Trusted: {root.name} ({root.fingerprint_sha256})")
