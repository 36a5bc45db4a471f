from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.core.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Audit chain tools. `audit verify` checks every link of the hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if not report.ok:
            raise CommandError(
                f"BROKEN at event #{report.broken_event_id}: {report.problem} "
                f"({report.count} events before it verified)"
            )
        self.stdout.write(f"OK {report.count} events")
