"""Import a process definition from JSON as a new draft."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.catalog.models import Procedure
from egov.org.models import Agency
from egov.workflow.services import process_import


class Command(BaseCommand):
    help = "Import a process definition from a JSON file as a new draft for a procedure and agency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--procedure", required=True, help="national procedure code, e.g. 1.001193")
        parser.add_argument("--agency", required=True, type=int, help="agency id")

    def handle(self, *args: Any, **options: Any) -> None:
        procedure = Procedure.objects.filter(code=options["procedure"]).first()
        agency = Agency.objects.filter(pk=options["agency"]).first()
        if procedure is None or agency is None:
            raise CommandError("Không tìm thấy thủ tục hoặc cơ quan.")
        try:
            data = json.loads(Path(options["path"]).read_text(encoding="utf-8"))
            definition = process_import(actor=None, data=data, procedure=procedure, agency=agency)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Đã nhập: quy trình số {definition.pk}, phiên bản {definition.version} (bản nháp)."
        )
