"""Write a process definition as JSON (to stdout or a file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.workflow.models import ProcessDefinition
from egov.workflow.services import process_export


class Command(BaseCommand):
    help = "Export a process definition (by id) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("definition_id", type=int)
        parser.add_argument("--output", "-o", default=None, help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        definition = ProcessDefinition.objects.filter(pk=options["definition_id"]).first()
        if definition is None:
            raise CommandError(f"Không có quy trình số {options['definition_id']}.")
        text = json.dumps(process_export(definition), ensure_ascii=False, indent=2)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
